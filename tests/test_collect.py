"""Collect from what instructors really download (Moodle, Canvas, nbgrader's exchange, a
plain folder), map names to ids through the roster, keep the latest of two submissions and
say a line about every file; and the late policy that reads the times collect keeps."""
from __future__ import annotations

import datetime as dt
import os
import zipfile

import pytest

from grader import late
from grader.collect import collect
from grader.course import CourseError, LateConfig, load_course

from helpers import GOOD_DOBLE, write_notebook

ROSTER = "id,name,email\na001,Ana García López,agarcia@uni.es\nb002,Bruno Díaz,bdiaz@uni.es\n"
UTC = dt.timezone.utc


def _with_roster(course, text=ROSTER):
    (course.root / "roster.csv").write_text(text, encoding="utf-8")
    yml = course.path.read_text(encoding="utf-8").replace("workspace: work", "workspace: work\nroster: roster.csv")
    course.path.write_text(yml, encoding="utf-8")
    return load_course(course.path)


def _zip(path, entries: dict[str, str], when=(2026, 10, 1, 12, 0, 0)):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), text)
    return path


def _notebook_text(tmp_path, *cells):
    return write_notebook(tmp_path / "nb.ipynb", *cells).read_text(encoding="utf-8")


def _lines(summary):
    return {ln.file: (ln.student, ln.action, ln.reason) for ln in summary.lines}


def test_moodle_download_maps_full_names_to_roster_ids(mini_course, tmp_path):
    course = _with_roster(mini_course)
    nb = _notebook_text(tmp_path, GOOD_DOBLE)
    archive = _zip(tmp_path / "moodle.zip", {
        "Ana García López_4512_assignsubmission_file_/mi_practica.ipynb": nb,
        "Bruno Díaz_4513_assignsubmission_file_mini.ipynb": nb,  # a flat download
        "Carmen Ruiz_4514_assignsubmission_file_/mini.ipynb": nb,  # not on the roster
        "Carmen Ruiz_4514_assignsubmission_file_/notas.pdf": "pdf",
    })
    lines = _lines(collect(course, course.practice("mini"), archive))
    assert lines["Ana García López_4512_assignsubmission_file_/mi_practica.ipynb"] == \
        ("a001", "collected", "renombrado a mini.ipynb")
    assert lines["Bruno Díaz_4513_assignsubmission_file_mini.ipynb"][:2] == ("b002", "collected")
    student, action, reason = lines["Carmen Ruiz_4514_assignsubmission_file_/mini.ipynb"]
    assert (student, action) == ("Carmen_Ruiz", "collected") and "no figura en la lista de clase" in reason
    assert lines["Carmen Ruiz_4514_assignsubmission_file_/notas.pdf"][1:] == ("ignored", "no es un cuaderno .ipynb")
    for student in ("a001", "b002", "Carmen_Ruiz"):
        assert course.folder("submitted", student, "mini", "mini.ipynb").exists()


def test_canvas_download_keeps_the_resubmission_and_flags_late(mini_course, tmp_path):
    course = _with_roster(mini_course)
    old = _notebook_text(tmp_path, "def doble(x):\n    return 0")
    new = _notebook_text(tmp_path, GOOD_DOBLE)
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("garcialopezana_1001_5001_mini.ipynb", (2026, 10, 1, 10, 0, 0)), old)
        zf.writestr(zipfile.ZipInfo("garcialopezana_LATE_1001_5002_mini-1.ipynb", (2026, 10, 3, 9, 0, 0)), new)
        zf.writestr(zipfile.ZipInfo("bdiaz_1002_5003_mini.ipynb", (2026, 10, 1, 11, 0, 0)), new)
    lines = _lines(collect(course, course.practice("mini"), archive))
    assert lines["garcialopezana_1001_5001_mini.ipynb"][:2] == ("a001", "replaced")
    assert lines["garcialopezana_LATE_1001_5002_mini-1.ipynb"] == ("a001", "collected", "Canvas la marca como tardía")
    assert lines["bdiaz_1002_5003_mini.ipynb"][:2] == ("b002", "collected")
    assert "2 * x" in course.folder("submitted", "a001", "mini", "mini.ipynb").read_text()
    assert course.folder("submitted", "a001", "mini", "timestamp.txt").read_text().startswith("2026-10-0")


def test_nbgrader_exchange_keeps_the_latest_by_its_timestamp(mini_course, tmp_path):
    inbound = tmp_path / "exchange" / "curso" / "inbound"
    first = inbound / "ana+mini+2026-10-01 10:00:00.000000 UTC+abc"
    second = inbound / "ana+mini+2026-10-02 10:00:00.000000 UTC+def"
    other = inbound / "ana+strings+2026-10-02 10:00:00.000000 UTC+ghi"
    write_notebook(first / "mini.ipynb", "def doble(x):\n    return 0")
    write_notebook(second / "mini.ipynb", GOOD_DOBLE)
    write_notebook(other / "cadenas.ipynb", GOOD_DOBLE)
    for folder in (first, second):
        (folder / "timestamp.txt").write_text(folder.name.split("+")[2])
    os.utime(second / "mini.ipynb", (1_000, 1_000))  # file times must not decide: the exchange's do
    lines = _lines(collect(mini_course, mini_course.practice("mini"), inbound))
    assert lines[f"{first.name}/mini.ipynb"][:2] == ("ana", "replaced")
    assert lines[f"{second.name}/mini.ipynb"][:2] == ("ana", "collected")
    assert lines[f"{other.name}/cadenas.ipynb"] == ("ana", "ignored", "es de la práctica strings")
    stamp = mini_course.folder("submitted", "ana", "mini", "timestamp.txt").read_text()
    assert stamp.startswith("2026-10-02 10:00:00")


def test_several_notebooks_go_to_their_own_places(mini_course, tmp_path):
    write_notebook(mini_course.root / "assignments" / "mini" / "extra.ipynb", "x = 1")
    yml = mini_course.path.read_text(encoding="utf-8").replace(
        "notebooks: [mini.ipynb]", "notebooks: [mini.ipynb, extra.ipynb]")
    mini_course.path.write_text(yml, encoding="utf-8")
    course = load_course(mini_course.path)
    write_notebook(tmp_path / "in" / "ana" / "mini.ipynb", GOOD_DOBLE)
    write_notebook(tmp_path / "in" / "ana" / "Extra.ipynb", "x = 2")
    write_notebook(tmp_path / "in" / "ana" / "borrador.ipynb", "x = 3")
    lines = _lines(collect(course, course.practice("mini"), tmp_path / "in"))
    assert lines["ana/mini.ipynb"][:2] == ("ana", "collected")
    assert lines["ana/Extra.ipynb"][:2] == ("ana", "collected")
    assert lines["ana/borrador.ipynb"][1] == "ignored"
    assert "mini.ipynb, extra.ipynb" in lines["ana/borrador.ipynb"][2]
    assert course.folder("submitted", "ana", "mini", "extra.ipynb").read_text().count("x = 2") == 1


@pytest.mark.parametrize("text, message", [
    ("nombre,correo\nAna,a@b\n", "columnas id, name, email"),
    ("id,name,email\na1,Ana,a@b\na1,Otra,c@d\n", "id repetido"),
])
def test_a_bad_roster_is_one_clear_line(mini_course, tmp_path, text, message):
    course = _with_roster(mini_course, text)
    write_notebook(tmp_path / "in" / "ana" / "mini.ipynb", GOOD_DOBLE)
    with pytest.raises(CourseError, match=message):
        collect(course, course.practice("mini"), tmp_path / "in")


# --- the late policy ---------------------------------------------------------------------------

DUE = dt.datetime(2026, 10, 1, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def test_on_time_within_grace_and_without_a_known_time():
    policy = LateConfig(grace_minutes=30, penalty=10)
    assert not late.assess(DUE, DUE + dt.timedelta(minutes=29), "ana", policy).late
    assert not late.assess(DUE, None, "ana", policy).late
    assert late.assess(DUE, DUE + dt.timedelta(minutes=31), "ana", policy).percent == 10


def test_penalty_per_day_begun_down_to_the_floor():
    policy = LateConfig(penalty=10, per="day", floor=60)
    one = late.assess(DUE, DUE + dt.timedelta(hours=1), "ana", policy)
    assert (one.units, one.percent) == (1, 10) and late.apply(20, one) == (2.0, 18.0)
    three = late.assess(DUE, DUE + dt.timedelta(days=2, hours=1), "ana", policy)
    assert (three.units, three.percent) == (3, 30)
    ten = late.assess(DUE, DUE + dt.timedelta(days=10), "ana", policy)
    assert ten.percent == 40 and late.apply(20, ten) == (8.0, 12.0)
    assert "tarde" in ten.describe() and "−40 %" in ten.describe()


def test_penalty_per_hour_and_extensions():
    policy = LateConfig(penalty=5, per="hour", extensions={"bea": DUE + dt.timedelta(days=2)})
    assert late.assess(DUE, DUE + dt.timedelta(hours=2, minutes=1), "ana", policy).percent == 15
    assert not late.assess(DUE, DUE + dt.timedelta(days=1), "bea", policy).late
    no_policy = late.assess(DUE, DUE + dt.timedelta(days=1), "ana", None)
    assert no_policy.late and no_policy.percent == 0  # flagged, not punished
    assert late.assess(DUE.astimezone(UTC), DUE + dt.timedelta(hours=1), "ana", policy).units == 1
