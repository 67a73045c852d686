"""What users see from the command line: grader check, course.yml errors, collect,
autograde twice."""
from __future__ import annotations

import shutil

import nbformat
import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.variants import reference_notebook

from conftest import FIXTURES
from helpers import GOOD_DOBLE, GOOD_SALUDO, write_notebook


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_check_passes_on_the_reference(mini_course):
    folder = mini_course.folder("release", "mini")
    nbformat.write(reference_notebook(mini_course.practice("mini").source_notebook()), folder / "mine.ipynb")
    result = run("check", folder / "mine.ipynb")
    assert result.exit_code == 0, result.output
    assert "2/2 comprobaciones públicas superadas" in result.output
    assert "Queda 1 comprobación oculta (4 puntos)" in result.output


def test_check_fails_on_the_blank_release_with_a_table(mini_course):
    result = run("check", mini_course.folder("release", "mini", "mini.ipynb"))
    assert result.exit_code == 1
    assert "Comprobación" in result.output and "No" in result.output
    assert "todavía no está hecha" in result.output
    assert "Traceback" not in result.output


def test_check_reports_a_first_cell_that_raises(mini_course):
    path = write_notebook(mini_course.folder("release", "mini", "err.ipynb"), "1 / 0", GOOD_DOBLE, GOOD_SALUDO)
    result = run("check", path)
    assert "La celda 1: ZeroDivisionError" in result.output
    assert "Traceback" not in result.output
    assert result.exit_code == 0  # the rest of the notebook still answers every public check


def test_check_outside_a_release_folder_says_so(tmp_path):
    path = write_notebook(tmp_path / "x.ipynb", "x = 1")
    result = run("check", path)
    assert result.exit_code == 2
    assert "no encuentro las comprobaciones de x.ipynb" in result.output


@pytest.mark.parametrize("edit, field", [
    (lambda t: t.replace("seed: 7", "seed: 7\n  colour: red"), "course.colour: campo desconocido"),
    (lambda t: t.replace("assignments/mini", "assignments/nope"), "practices.mini.folder"),
    (lambda t: t.replace("2026-10-01T23:59:00+02:00", "2026-13-45"), "practices.mini.due"),
    (lambda t: t.replace("2026-10-01T23:59:00+02:00", "2026-10-01T23:59:00"), "zona horaria"),
    (lambda t: t.replace("[mini.ipynb]", "[missing.ipynb]"), "practices.mini.notebooks"),
    (lambda t: t.replace("points: 6", "points: -1"), "practices.mini.points"),
    (lambda t: t + "\n  : [", "YAML no válido"),
])
def test_a_bad_course_yml_is_one_clear_line(tmp_path, edit, field):
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "minicourse", root)
    yml = root / "course.yml"
    yml.write_text(edit(yml.read_text()))
    result = run("--course", yml, "release", "mini")
    assert result.exit_code == 2
    assert field in result.output
    assert "course.yml" in result.output
    assert "Traceback" not in result.output


def test_points_in_course_yml_must_match_the_checks(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "minicourse", root)
    yml = root / "course.yml"
    yml.write_text(yml.read_text().replace("points: 6", "points: 7"))
    result = run("--course", yml, "release", "mini")
    assert result.exit_code == 2 and "suman 6" in result.output


def test_collect_names_every_file_and_drops_nothing_silently(mini_course, tmp_path):
    inbox = tmp_path / "inbox"
    write_notebook(inbox / "ana_mini.ipynb", GOOD_DOBLE)
    write_notebook(inbox / "luis" / "cualquier-nombre.ipynb", GOOD_DOBLE)
    write_notebook(inbox / "otro.ipynb", GOOD_DOBLE, metadata={"grader": {"student_id": "marta"}})
    write_notebook(inbox / "mini.ipynb", GOOD_DOBLE)
    (inbox / "notas.txt").write_text("hola")
    result = run("--course", mini_course.path, "collect", "mini", inbox)
    assert result.exit_code == 0, result.output
    assert "notas.txt" in result.output and "ignorado" in result.output
    for student in ("ana", "luis", "marta"):
        assert (mini_course.folder("submitted", student, "mini", "mini.ipynb")).exists()
    from grader.collect import collect

    lines = {ln.file: ln for ln in collect(mini_course, mini_course.practice("mini"), inbox).lines}
    assert set(lines) == {"ana_mini.ipynb", "luis/cualquier-nombre.ipynb", "otro.ipynb", "mini.ipynb", "notas.txt"}
    assert lines["notas.txt"].reason == "no es un cuaderno .ipynb"
    assert lines["mini.ipynb"].action == "ignored" and "qué estudiante" in lines["mini.ipynb"].reason
    assert lines["otro.ipynb"].student == "marta"


def test_collect_keeps_the_latest_of_two_submissions(mini_course, tmp_path):
    import os

    old = write_notebook(tmp_path / "in" / "ana_mini.ipynb", "def doble(x):\n    return 0")
    new = write_notebook(tmp_path / "in" / "ana" / "mini.ipynb", GOOD_DOBLE)
    os.utime(old, (1_000_000, 1_000_000))
    result = run("--course", mini_course.path, "collect", "mini", tmp_path / "in")
    assert "sustituido" in result.output
    collected = mini_course.folder("submitted", "ana", "mini", "mini.ipynb").read_text()
    assert "2 * x" in collected and new.exists()


def _gradebook_rows(course):
    from grader.gradebook import gradebook_scores, open_gradebook

    with open_gradebook(course) as gb:
        return sorted((student, check, score) for student, row in gradebook_scores(gb, "mini").items()
                      for check, score in row.items())


def test_autograde_twice_gives_the_same_gradebook(mini_course, tmp_path):
    inbox = tmp_path / "inbox"
    write_notebook(inbox / "ana_mini.ipynb", GOOD_DOBLE, GOOD_SALUDO)
    write_notebook(inbox / "beto_mini.ipynb", "def doble(x):\n    return x + x + 1")
    (inbox / "zoe_mini.ipynb").write_text("")
    run("--course", mini_course.path, "collect", "mini", inbox)
    first = run("--course", mini_course.path, "autograde", "mini", "--workers", "2")
    assert "3 calificadas" in first.output
    rows = _gradebook_rows(mini_course)
    assert ("ana", "h1_doble", 4.0) in rows and ("beto", "h1_doble", 0.0) in rows
    assert ("zoe", "q1_doble", 0.0) in rows
    second = run("--course", mini_course.path, "autograde", "mini")
    assert "0 calificadas, 3 ya estaban calificadas" in second.output
    assert _gradebook_rows(mini_course) == rows
    forced = run("--course", mini_course.path, "autograde", "mini", "--force")
    assert "3 calificadas" in forced.output
    assert _gradebook_rows(mini_course) == rows
    csv_text = mini_course.folder("autograded", "mini.csv").read_text()
    assert csv_text.splitlines()[0] == "student,total,max,q1_doble,q2_saludo,h1_doble,status,reason"
    assert "zoe,0,6,0,0,0,error," in csv_text
    report = run("--course", mini_course.path, "report", "mini")
    assert report.exit_code == 0
    html = mini_course.folder("reports", "mini", "report.html").read_text()
    assert "ana" in html and "zoe" in html
