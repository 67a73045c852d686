"""The gradebook on a real PostgreSQL server (a throw-away cluster started for the test
session, see tests/throwaway_postgres.py) as well as on SQLite: autograde, an interrupted
run resumed, a manual score set through nbgrader's API and the report give the same
grades on both; a course moved from SQLite to PostgreSQL with ``grader migrate`` keeps
every grade."""
from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner

from grader.autograde import autograde
from grader.cli import main
from grader.collect import collect
from grader.course import load_course
from grader.gradebook import gradebook_scores, open_gradebook
from grader.report import build_report

from conftest import FIXTURES
from hostile import reachable_folder
from test_manual_grading import set_manual_score
from test_scale import CLASS, interrupted_then_resumed
from throwaway_postgres import Postgres

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres(ordinary_user):
    folder = reachable_folder(ordinary_user)
    server = Postgres(folder, ordinary_user).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _course(root, gradebook: str | None = None):
    shutil.copytree(FIXTURES / "minicourse", root)
    yml = root / "course.yml"
    if gradebook:
        yml.write_text(yml.read_text(encoding="utf-8").replace("workspace: work\n",
                                                               f"workspace: work\ngradebook: {gradebook}\n"))
    course = load_course(yml)
    from helpers import write_notebook

    for student, cells in CLASS.items():
        write_notebook(root.parent / f"inbox-{root.name}" / student / "mini.ipynb", *cells)
    collect(course, course.practice("mini"), root.parent / f"inbox-{root.name}")
    for student in CLASS:  # handed in at the same time in every copy of the course
        course.folder("submitted", student, "mini", "timestamp.txt").write_text(
            "2026-10-02 10:00:00.000000 UTC", encoding="utf-8")
    return course


def _grades_csv(course) -> list[list[str]]:
    report = build_report(course, course.practice("mini"))
    with open(report.csv, encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _graded_with_a_manual_score(course):
    """Autograde interrupted after two results and resumed, then a person's score."""
    assert interrupted_then_resumed(course).reused == 2
    set_manual_score(course, "beto", "h1_doble", 2.5)
    return course


def test_postgresql_and_sqlite_give_the_same_grades(postgres, tmp_path):
    on_sqlite = _graded_with_a_manual_score(_course(tmp_path / "sqlite"))
    on_postgres = _graded_with_a_manual_score(_course(tmp_path / "postgres", postgres.new_database()))
    assert on_postgres.gradebook_url.startswith("postgresql+psycopg://")
    with open_gradebook(on_sqlite) as a, open_gradebook(on_postgres) as b:
        assert gradebook_scores(a, "mini") == gradebook_scores(b, "mini")
        assert gradebook_scores(b, "mini")["beto"]["h1_doble"] == 2.5
    assert _grades_csv(on_postgres) == _grades_csv(on_sqlite)
    again = autograde(on_postgres, on_postgres.practice("mini"), force=True)  # a regrade keeps the manual score
    assert {r["student"] for r in again.results} == set(CLASS)
    assert _grades_csv(on_postgres) == _grades_csv(on_sqlite)


def test_a_course_moved_to_postgresql_keeps_every_grade(postgres, tmp_path):
    course = _graded_with_a_manual_score(_course(tmp_path / "moved"))
    before = _grades_csv(course)
    target = postgres.new_database()
    result = CliRunner().invoke(main, ["--course", str(course.path), "migrate", "--to", target],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"gradebook: {target}" in result.output
    yml = course.path.read_text(encoding="utf-8").replace("workspace: work\n", f"workspace: work\ngradebook: {target}\n")
    course.path.write_text(yml, encoding="utf-8")
    moved = load_course(course.path)
    assert moved.gradebook_url == target
    assert _grades_csv(moved) == before
    with open_gradebook(moved) as gb:
        assert gradebook_scores(gb, "mini")["beto"]["h1_doble"] == 2.5
    refused = CliRunner().invoke(main, ["--course", str(course.path), "migrate", "--to", target])
    assert refused.exit_code == 2 and "el destino es el gradebook actual" in refused.output
    elsewhere = _course(tmp_path / "other")
    autograde(elsewhere, elsewhere.practice("mini"))
    again = CliRunner().invoke(main, ["--course", str(elsewhere.path), "migrate", "--to", target])
    assert again.exit_code == 2 and "ya tiene un gradebook" in again.output
