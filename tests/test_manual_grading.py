"""Manual grading: a score set through nbgrader's gradebook API (what formgrader writes)
wins over the autograder's, survives a regrade, and reaches the report, the CSV files
and the student's feedback page."""
from __future__ import annotations

import csv

import pytest
from bs4 import BeautifulSoup
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from grader.autograde import autograde
from grader.feedback import build_feedback
from grader.gradebook import notebook_id, open_gradebook
from grader.report import build_report

from test_report import graded_minicourse

STUDENT = "beto"  # wrong doble: 0 of 4 points on the hidden h1_doble, raw 1, 30 % late


def set_manual_score(course, student: str, check_id: str, score: float) -> None:
    """What formgrader does when an instructor types a score: nbgrader's own API."""
    with open_gradebook(course) as gb:
        grade = gb.find_grade(check_id, notebook_id("mini.ipynb"), "mini", student)
        grade.manual_score = score
        gb.db.commit()


def formgrader_api(course) -> NbGraderAPI:
    """nbgrader's API as formgrader builds it, on this course's workspace and gradebook."""
    config = Config()
    config.CourseDirectory.root = str(course.workspace)
    config.CourseDirectory.db_url = course.gradebook_url
    config.CourseDirectory.course_id = course.config.course.id
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


@pytest.fixture(scope="module")
def regraded(tmp_path_factory):
    course = graded_minicourse(tmp_path_factory.mktemp("manual") / "minicourse")
    set_manual_score(course, STUDENT, "h1_doble", 2.5)
    autograde(course, course.practice("mini"), force=True, workers=1)  # a regrade keeps it
    return course


def test_formgrader_sees_the_same_gradebook_and_notebooks(regraded):
    api = formgrader_api(regraded)
    submissions = {s["student"]: s for s in api.get_notebook_submissions("mini", "mini")}
    assert submissions[STUDENT]["score"] == pytest.approx(3.5)  # 1 automatic + 2.5 by hand
    folder = api.coursedir.format_path(api.coursedir.autograded_directory, STUDENT, "mini")
    assert (regraded.folder("autograded", STUDENT, "mini", "mini.ipynb")).samefile(f"{folder}/mini.ipynb")


def test_a_manual_score_wins_in_the_report_and_the_csv_files(regraded):
    report = build_report(regraded, regraded.practice("mini"))
    row = next(r for r in report.rows if r.student == STUDENT)
    assert (row.checks["h1_doble"], row.raw, row.penalty, row.final) == (2.5, 3.5, 1.05, 2.45)
    assert row.manual == ["h1_doble"]

    grades = {r["student"]: r for r in csv.DictReader(open(report.csv, encoding="utf-8"))}
    assert (grades[STUDENT]["h1_doble"], grades[STUDENT]["raw"], grades[STUDENT]["final"]) == ("2.5", "3.5", "2.45")
    assert grades[STUDENT]["manual_checks"] == "h1_doble" and grades["ana"]["manual_checks"] == ""
    moodle = {r["ID number"]: r for r in csv.DictReader(open(report.moodle, encoding="utf-8"))}
    assert moodle[STUDENT]["Práctica mínima"] == "2.45"
    canvas = {r["SIS User ID"]: r for r in csv.DictReader(open(report.canvas, encoding="utf-8"))}
    assert canvas[STUDENT]["Práctica mínima"] == "2.45"

    soup = BeautifulSoup(report.html.read_text(encoding="utf-8"), "html.parser")
    cells = soup.select_one(f'#students tr[data-student="{STUDENT}"]').find_all("td")
    assert cells[6].get_text(" ", strip=True) == "3.5 a mano" and cells[8].get_text(strip=True) == "2.45"
    assert cells[6].find(class_="manual")["title"] == "h1_doble"


def test_the_student_sees_the_reviewed_score(regraded):
    build_feedback(regraded, regraded.practice("mini"))
    page = BeautifulSoup(regraded.folder("feedback", "mini", f"{STUDENT}.html").read_text(encoding="utf-8"),
                         "html.parser")
    line = [" ".join(td.get_text(" ").split()) for td in page.select_one('tr[data-check="h1_doble"]').find_all("td")]
    assert line[2] == "2.5 / 4"
    assert "Nota revisada a mano por el profesorado." in line[4]
    assert " ".join(page.find(id="final").get_text().split()) == "2.45 / 6"


# --- free-text answers graded by hand -----------------------------------------------------------

def _with_a_free_text_answer(course):
    """The mini practice plus a 2-point answer in words, marked for grading by hand."""
    import nbformat

    from grader.course import load_course

    source = course.root / "assignments" / "mini" / "mini.ipynb"
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(
        "### BEGIN SOLUTION\nDoblar es multiplicar por dos.\n### END SOLUTION", metadata={"nbgrader": {
            "grade": True, "solution": True, "locked": False, "points": 2, "task": False,
            "grade_id": "r1_explica", "schema_version": 3}}))
    nbformat.write(nb, source)
    course.path.write_text(course.path.read_text(encoding="utf-8").replace("points: 6", "points: 8", 1),
                           encoding="utf-8")
    return load_course(course.path)


def test_free_text_answers_wait_for_a_person_and_count_once_graded(mini_course, tmp_path):
    import nbformat
    from nbgrader.preprocessors import GetGrades

    from grader.collect import collect
    from grader.release import release
    from grader.variants import reference_notebook

    course = _with_a_free_text_answer(mini_course)
    practice = course.practice("mini")
    release(practice, course.folder("release", "mini"))
    released = course.folder("release", "mini", "mini.ipynb").read_text(encoding="utf-8")
    assert "ESCRIBE AQUÍ TU RESPUESTA" in released and "multiplicar por dos" not in released
    (tmp_path / "in" / "ana").mkdir(parents=True)
    nbformat.write(reference_notebook(practice.source_notebook()), tmp_path / "in" / "ana" / "mini.ipynb")
    collect(course, practice, tmp_path / "in")
    autograde(course, practice)

    # formgrader's own preprocessor opens the autograded notebook against our gradebook
    notebook = nbformat.read(course.folder("autograded", "ana", "mini", "mini.ipynb"), as_version=4)
    resources = {"nbgrader": {"notebook": "mini", "assignment": "mini", "student": "ana",
                              "db_url": course.gradebook_url}}
    notebook, resources = GetGrades().preprocess(notebook, resources)
    answer = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "r1_explica")
    assert (answer.metadata.nbgrader["score"], answer.metadata.nbgrader["points"]) == (0, 2)
    assert resources["nbgrader"]["max_score"] == 8
    with open_gradebook(course) as gb:
        assert gb.find_grade("r1_explica", "mini", "mini", "ana").needs_manual_grade

    pending = next(r for r in build_report(course, practice).rows if r.student == "ana")
    assert (pending.checks["r1_explica"], pending.raw, pending.max_score) == (0.0, 6.0, 8.0)
    build_feedback(course, practice)
    page = course.folder("feedback", "mini", "ana.html").read_text(encoding="utf-8")
    assert "pendiente de corrección a mano" in page

    set_manual_score(course, "ana", "r1_explica", 1.5)
    graded = next(r for r in build_report(course, practice).rows if r.student == "ana")
    assert (graded.checks["r1_explica"], graded.raw) == (1.5, 7.5)
    build_feedback(course, practice)
    assert "Corregida a mano" in course.folder("feedback", "mini", "ana.html").read_text(encoding="utf-8")
