"""The record of truth: nbgrader's gradebook (SQLite file by default).

Each check is a grade cell of the practice's notebook, so nbgrader's formgrader can show
and override the scores; the autograder writes ``auto_score`` only and leaves
``manual_score`` to people.  Only the coordinating process writes here.

formgrader flags a submission "needs manual grade" when one of its grades has
``needs_manual_grade`` set, which nbgrader's rows default to: it is set here exactly
where nbgrader's formgrader would set it, on a grade with neither an automatic nor a
manual score, i.e. an answer graded by hand (:mod:`grader.manual`) nobody has scored yet.
"""
from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from nbgrader import api as nbgrader_api
from nbgrader.api import Comment, Grade, Gradebook
from sqlalchemy.exc import SAWarning

# nbgrader's add_submission walks relationships before adding the new row, which newer
# SQLAlchemy reports as a warning on every submission; the rows are written correctly.
warnings.filterwarnings("ignore", category=SAWarning, module="nbgrader")

from grader.checks import Check
from grader.course import Course, Practice
from grader.manual import manual_items, solution_cell_ids


def _alembic_head() -> str:
    """The schema version nbgrader stamps on a new gradebook, read with alembic's Python API.
    nbgrader itself runs the ``alembic`` executable found on PATH, which is missing when
    the grader is called as ``.venv/bin/grader`` without activating the environment."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


nbgrader_api.get_alembic_version = _alembic_head


def open_gradebook(course: Course) -> Gradebook:
    if course.gradebook_url.startswith("sqlite:///"):
        Path(course.gradebook_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return Gradebook(course.gradebook_url, course_id=course.config.course.id)


def notebook_id(name: str) -> str:
    """nbgrader names notebooks by file stem."""
    return Path(name).stem


def register_assignment(gb: Gradebook, practice: Practice) -> None:
    """The practice as nbgrader's assignment, with its due date (formgrader shows it)."""
    due = practice.due.astimezone(dt.timezone.utc).replace(tzinfo=None)
    gb.update_or_create_assignment(practice.id, duedate=due)


def register_practice(gb: Gradebook, practice: Practice, checks_by_notebook: dict[str, list[Check]]) -> None:
    """Create or update the assignment, its notebooks, one grade cell per check and per
    answer graded by hand, and a solution cell per cell students write in (formgrader
    keeps a comment for each).  The course directory nbgrader reads this gradebook
    through is brought up to date with it."""
    from grader import coursedir

    coursedir.keep(practice.course, practices=[practice])
    register_assignment(gb, practice)
    by_hand = manual_items(practice)
    solutions = solution_cell_ids(practice)
    for name, checks in checks_by_notebook.items():
        gb.update_or_create_notebook(notebook_id(name), practice.id)
        for check in checks:
            gb.update_or_create_grade_cell(
                check.id, notebook_id(name), practice.id, max_score=check.points, cell_type="code")
        for item in (i for i in by_hand if i.notebook == name):
            gb.update_or_create_grade_cell(
                item.id, notebook_id(name), practice.id, max_score=item.points, cell_type=item.cell_type)
        for cell_id in solutions.get(name, []):
            gb.update_or_create_solution_cell(cell_id, notebook_id(name), practice.id)


def record_submission(gb: Gradebook, practice: Practice, student: str, timestamp: dt.datetime | None,
                      scores: dict[str, dict[str, float]]) -> None:
    """Store ``scores[notebook][check_id]`` as auto scores of ``student``'s submission."""
    gb.update_or_create_student(student)
    stamp = timestamp.astimezone(dt.timezone.utc).replace(tzinfo=None) if timestamp else None
    submission = gb.update_or_create_submission(practice.id, student, timestamp=stamp)
    for name, by_check in scores.items():
        submitted_nb = gb.find_submission_notebook(notebook_id(name), practice.id, student)
        grades = {grade.name: grade for grade in submitted_nb.grades}  # one query, not one a check
        for check_id, value in by_check.items():
            grade = grades.get(check_id)
            if grade is None:  # a check added after this submission was first recorded
                cell = gb.find_grade_cell(check_id, notebook_id(name), practice.id)
                grade = Grade(cell_id=cell.id, notebook=submitted_nb)
                gb.db.add(grade)
            grade.auto_score = value
        _complete(gb, submitted_nb)
        for grade in submitted_nb.grades:  # formgrader's own rule, see the module's docstring
            grade.needs_manual_grade = grade.auto_score is None and grade.manual_score is None
    gb.db.commit()
    del submission


def _complete(gb: Gradebook, submitted_nb) -> None:
    """Rows nbgrader creates with a submission, added for cells registered after it:
    a grade per grade cell (answers graded by hand stay unscored) and a comment per
    solution cell."""
    graded = {g.cell_id for g in submitted_nb.grades}
    for cell in submitted_nb.notebook.grade_cells:
        if cell.id not in graded:
            gb.db.add(Grade(cell_id=cell.id, notebook=submitted_nb))
    commented = {c.cell_id for c in submitted_nb.comments}
    for cell in submitted_nb.notebook.solution_cells:
        if cell.id not in commented:
            gb.db.add(Comment(cell_id=cell.id, notebook=submitted_nb))


def gradebook_scores(gb: Gradebook, practice_id: str) -> dict[str, dict[str, float]]:
    """Final score per student and check: a manual score, when set, wins."""
    table: dict[str, dict[str, float]] = {}
    for submission in gb.find_assignment(practice_id).submissions:
        row = table.setdefault(submission.student.id, {})
        for nb in submission.notebooks:
            for grade in nb.grades:
                row[grade.name] = grade.score
    return table
