"""Autograder for a Spanish-language introductory machine-learning course.

Inside a released notebook, ``grader.check("q1")`` runs the public checks of question
``q1`` and shows the result table inline.
"""
__version__ = "0.1.0"


def check(question: str, lang: str = "es"):
    """Run the public checks of one question against this notebook's kernel.

    While the grader itself runs the notebook, it asks its questions afterwards through
    the witness, so here there is nothing to do."""
    import os

    if os.environ.get("GRADER_AUTOGRADING"):
        return None
    from grader.student_check import check_question

    return check_question(question, lang=lang)
