"""The student client of the course's grader.

In a released notebook (``import grader_client as grader``), ``grader.check("q1")`` runs
the public checks of question ``q1`` against the cells run so far and shows the result
table inline; in a terminal, ``grader check NOTEBOOK`` runs the whole notebook in a fresh
kernel first, as the grader will.  Public checks are data (:mod:`grader_client.checkdata`);
hidden checks are graded after submission and are not here.
"""
__version__ = "0.1.0"


def check(question: str, lang: str | None = None):
    """Run the public checks of one question against this notebook's kernel.

    While the grader itself runs the notebook, it asks its questions afterwards through
    the witness, so here there is nothing to do."""
    import os

    if os.environ.get("GRADER_AUTOGRADING"):
        return None
    from grader_client.report import check_question

    return check_question(question, lang=lang)
