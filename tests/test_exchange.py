"""nbgrader's exchange, end to end, with nbgrader's own commands on the students' side.

The instructor publishes with ``grader release mini --exchange DIR``; two students, each
with a home folder and an nbgrader_config.py of their own, ``nbgrader fetch_assignment``
and ``nbgrader submit`` (subprocesses, as they would type them); ana hands in the blank
notebook first and her solved one after the deadline; ``grader collect mini --exchange``
and autograde.  The later submission wins, the exchange's timestamps drive the late
policy, and nbgrader's API (formgrader's view) sees the same course directory."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from click.testing import CliRunner
from nbgrader.utils import parse_utc

from grader.autograde import autograde
from grader.cli import main
from grader.course import load_course
from grader.coursedir import CONFIG, nbgrader_api
from grader.report import gather
from grader.variants import reference_notebook

from conftest import FIXTURES

pytestmark = pytest.mark.slow

LATE = "    late: {penalty: 10, per: hour}\n"
COURSE_ID = "mini-course"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def flat(output: str) -> str:
    """Command output as one line (rich wraps long lines at spaces)."""
    return " ".join(output.split())


def student_home(root, student: str, exchange):
    """A home folder whose nbgrader configuration names the exchange, the course and,
    since every test student is the same Unix user here, who they are."""
    home = root / "home" / student
    (home / ".jupyter").mkdir(parents=True)
    (home / ".jupyter" / "nbgrader_config.py").write_text(
        f"c.Exchange.root = {str(exchange)!r}\nc.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.CourseDirectory.student_id = {student!r}\n", encoding="utf-8")
    return home


def nbgrader(cwd, *args, home=None):
    """nbgrader's command line, in ``cwd`` as the person whose home is ``home``."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ")}
    env = {**keep, "HOME": str(home or cwd), "PYTHONNOUSERSITE": "1"}
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def solved(fetched_notebook):
    """The fetched notebook with every solution cell answered as the reference does, all
    its metadata (the public checks, nbgrader's cell ids) as released."""
    nb = nbformat.read(fetched_notebook, as_version=4)
    answers = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
               for c in reference_notebook(FIXTURES / "minicourse" / "assignments" / "mini" / "mini.ipynb").cells}
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[cell.metadata.nbgrader.grade_id]
    nbformat.write(nb, fetched_notebook)


@pytest.fixture(scope="module")
def trip(tmp_path_factory):
    root = tmp_path_factory.mktemp("exchange")
    shutil.copytree(FIXTURES / "minicourse", root / "minicourse")
    yml = root / "minicourse" / "course.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "    points: 6\n    due: 2026-10-01T23:59:00+02:00\n",
        "    points: 6\n    due: 2026-10-01T23:59:00+02:00\n" + LATE), encoding="utf-8")
    exchange = root / "exchange"
    published = run("--course", yml, "release", "mini", "--exchange", exchange)
    assert published.exit_code == 0, published.output

    homes = {s: student_home(root, s, exchange) for s in ("ana", "beto")}
    fetched = {s: nbgrader(home, "fetch_assignment", "mini") for s, home in homes.items()}
    first = nbgrader(homes["ana"], "submit", "mini")  # ana hands in the blank notebook by mistake
    beto = nbgrader(homes["beto"], "submit", "mini")  # beto's stays blank
    deadline = dt.datetime.now(dt.timezone.utc)  # ... the deadline passes ...
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "due: 2026-10-01T23:59:00+02:00\n" + LATE, f"due: {deadline.isoformat()}\n" + LATE), encoding="utf-8")
    solved(homes["ana"] / "mini" / "mini.ipynb")
    second = nbgrader(homes["ana"], "submit", "mini")  # ... and ana submits her solved notebook
    for done in (*fetched.values(), first, beto, second):
        assert done.returncode == 0, done.stderr[-3000:]

    collected = run("--course", yml, "collect", "mini", "--exchange")  # the exchange nbgrader_config.py names
    assert collected.exit_code == 0, collected.output
    course = load_course(yml)
    summary = autograde(course, course.practice("mini"), workers=1)
    return {"root": root, "course": course, "exchange": exchange, "homes": homes, "deadline": deadline,
            "published": published.output, "collected": collected.output, "summary": summary}


def test_everything_released_reaches_the_students(trip):
    released = trip["course"].folder("release", "mini")
    files = sorted(p.relative_to(released).as_posix() for p in released.rglob("*") if p.is_file())
    assert {"mini.ipynb", "checks.json", "LEEME.md", "course_grader_client-0.1.0-py3-none-any.whl"} <= set(files)
    for home in trip["homes"].values():
        for name in files:
            assert (home / "mini" / name).is_file(), name
            if name != "mini.ipynb":  # ana's notebook is the one she solved
                assert (home / "mini" / name).read_bytes() == (released / name).read_bytes(), name
    outbound = trip["exchange"] / COURSE_ID / "outbound" / "mini"
    assert str(outbound) in flat(trip["published"])
    assert f"nbgrader fetch_assignment mini --course {COURSE_ID}" in flat(trip["published"])


def test_the_later_submission_wins_and_its_time_decides_the_lateness(trip):
    inbound = sorted((trip["exchange"] / COURSE_ID / "inbound").iterdir())
    assert [d.name.split("+")[0] for d in inbound].count("ana") == 2
    rows = {r.student: r for r in gather(trip["course"], trip["course"].practice("mini")).rows}
    assert set(rows) == {"ana", "beto"}
    ana, beto = rows["ana"], rows["beto"]
    assert (ana.raw, ana.lateness.units, ana.penalty, ana.final) == (6.0, 1, 0.6, 5.4)
    assert ana.timestamp > trip["deadline"] > beto.timestamp
    assert (beto.raw, beto.late, beto.final) == (0.0, False, 0.0)
    latest = max(d for d in inbound if d.name.startswith("ana+"))  # nbgrader's times sort as text
    kept = parse_utc(trip["course"].folder("submitted", "ana", "mini", "timestamp.txt").read_text(encoding="utf-8"))
    assert abs(kept - parse_utc((latest / "timestamp.txt").read_text(encoding="utf-8"))) < dt.timedelta(milliseconds=1)


def test_collect_says_what_it_did_with_every_submission(trip):
    out = flat(trip["collected"])
    assert out.count("sustituido") == 1 and out.count("recogido") >= 2
    assert "hay una entrega posterior del mismo estudiante" in out
    assert "lo publicado, devuelto sin cambios" in out and "checks.json" in out
    assert "timestamp.txt" not in out and "submission_secret" not in out
    assert "2 entregas recogidas" in out


def test_formgrader_sees_the_practice_its_submissions_and_no_manual_work(trip):
    api = nbgrader_api(trip["course"])
    assert api.exchange_is_functional
    [assignment] = api.get_assignments()
    assert (assignment["name"], assignment["status"], assignment["num_submissions"]) == ("mini", "released", 2)
    assert assignment["source_path"] == "source/mini" and assignment["release_path"] == "release/mini"
    assert api.get_autograded_students("mini") == {"ana", "beto"}  # timestamps agree with the gradebook
    submissions = {s["student"]: s for s in api.get_notebook_submissions("mini", "mini")}
    assert {s: round(v["score"], 4) for s, v in submissions.items()} == {"ana": 6.0, "beto": 0.0}
    assert not any(s["needs_manual_grade"] for s in submissions.values())  # mini has no free-text answer


def test_nbgrader_finds_the_course_and_refuses_its_own_autograde(trip):
    workspace = trip["course"].workspace
    result = workspace / "autograded" / "ana" / "mini" / "result.json"
    before = result.read_bytes()
    done = nbgrader(workspace, "autograde", "mini")
    assert done.returncode != 0
    assert "grader autograde mini" in done.stderr and "desactivado" in done.stderr
    assert result.read_bytes() == before
    assert (workspace / "autograded" / "ana" / "mini" / "mini.ipynb").exists()


def test_the_course_directory_follows_the_course(mini_course, tmp_path):
    config = mini_course.workspace / CONFIG
    text = config.read_text(encoding="utf-8")
    assert f"c.CourseDirectory.course_id = {COURSE_ID!r}" in text
    assert f"c.CourseDirectory.root = {str(mini_course.workspace.resolve())!r}" in text
    assert "c.Exchange.root" not in text  # nothing published yet: nbgrader's default
    copy = mini_course.folder("source", "mini", "mini.ipynb")
    assert copy.read_bytes() == mini_course.practice("mini").source_notebook().read_bytes()
    assert not os.access(copy, os.W_OK) or os.geteuid() == 0
    assert copy.stat().st_mode & 0o222 == 0

    assert run("--course", mini_course.path, "release", "mini", "--exchange", tmp_path / "ex").exit_code == 0
    source = mini_course.practice("mini").source_notebook()
    nb = nbformat.read(source, as_version=4)
    nb.cells[0].source += "\n\nUna línea nueva."
    nbformat.write(nb, source)
    assert run("--course", mini_course.path, "release", "mini").exit_code == 0  # no --exchange: kept
    assert f"c.Exchange.root = {str((tmp_path / 'ex').resolve())!r}" in config.read_text(encoding="utf-8")
    assert "Una línea nueva." in copy.read_text(encoding="utf-8")


def test_the_exchange_options_explain_their_misuse(mini_course):
    nothing = run("--course", mini_course.path, "collect", "mini")
    assert nothing.exit_code == 2 and "--exchange" in nothing.output
    swapped = run("--course", mini_course.path, "release", "--exchange", "mini")
    assert swapped.exit_code == 2 and "grader release mini --exchange" in swapped.output
    missing = run("--course", mini_course.path, "collect", "mini", "--exchange", mini_course.root / "nada")
    assert missing.exit_code == 2 and "inbound: no existe" in missing.output


def test_a_file_nbgrader_leaves_behind_is_an_error(mini_course, tmp_path):
    """nbgrader skips files over CourseDirectory.max_file_size with only a log line; the
    instructor's own nbgrader settings (nbgrader_config_local.py) apply to publishing too."""
    (mini_course.workspace / "nbgrader_config_local.py").write_text("c.CourseDirectory.max_file_size = 20\n",
                                                                   encoding="utf-8")
    result = run("--course", mini_course.path, "release", "mini", "--exchange", tmp_path / "ex")
    assert result.exit_code == 2
    assert "nbgrader no copió al exchange course_grader_client-0.1.0-py3-none-any.whl" in flat(result.output)
    assert not (tmp_path / "ex" / COURSE_ID / "outbound" / "mini").exists()  # nothing half-published
