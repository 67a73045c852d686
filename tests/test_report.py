"""The instructor report: late policy applied, plots embedded, errors grouped, and the
CSV files for Moodle and Canvas, on a small class graded for real."""
from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from grader import lms, plots
from grader.autograde import autograde
from grader.cli import main
from grader.course import Course, load_course
from grader.release import release

from conftest import FIXTURES
from helpers import GOOD_DOBLE, GOOD_SALUDO, write_notebook

WRONG_DOBLE = "def doble(x):\n    return x + x + 1"
POLICY = ('    late: {grace_minutes: 60, penalty: 10, per: day, floor: 50,\n'
          '           extensions: {carla: "2026-10-05T23:59:00+02:00"}}\n')
ROSTER = ("id,name,email\nana,Ana García,ana@uni.es\nbeto,Beto Ruiz,beto@uni.es\n"
          "carla,Carla Díaz,carla@uni.es\ndani,Dani Sol,dani@uni.es\neva,Eva Luna,eva@uni.es\n")

# Submission times against mini's due date, 2026-10-01 23:59 +02:00 (21:59 UTC), with an
# hour of grace, 10 % a day begun, at least 50 % kept, and carla's extension to 10-05.
CLASS = {
    "ana": ("2026-10-01 18:00:00", [GOOD_DOBLE, GOOD_SALUDO]),  # on time: 6
    "beto": ("2026-10-04 10:00:00", [WRONG_DOBLE, GOOD_SALUDO]),  # 2 d 11 h after grace: 3 days, -30 %
    "carla": ("2026-10-03 10:00:00", [GOOD_DOBLE, GOOD_SALUDO]),  # late, but within her extension
    "dani": ("2026-10-21 10:00:00", [GOOD_DOBLE, GOOD_SALUDO]),  # 20 days: the floor keeps 50 %
    "fede": ("2026-10-01 22:30:00", [GOOD_DOBLE]),  # 31 min late, within the grace hour; no saludo
}

# The hidden doble may not multiply with the operator module: half its 4 points.  Nobody in
# CLASS uses it, so their scores are what they were; OPERATOR_DOBLE does, under an alias.
RULE = ('description="doble con entradas nuevas")',
        'description="doble con entradas nuevas",\n          forbidden=("operator",), forbidden_deduction=0.5)')
OPERATOR_DOBLE = "from operator import mul as por\n\ndef doble(x):\n    return por(2, x)"
# modelo on a scale (with ``models``): from the baseline of a model that guesses the most
# common class to the target, up to half the points.
SCALE = {"baseline": 0.34, "share": 0.5}
MODEL_DATA = "import pandas as pd\ndatos = pd.read_csv('data/iris.csv')\nn_filas = len(datos)"
STUMP = """
def entrenar_y_predecir(X_train, y_train, X_nuevo):
    from sklearn.tree import DecisionTreeClassifier
    # one question only: it tells one species apart, and mixes up the other two
    return DecisionTreeClassifier(max_depth=1, random_state=0).fit(X_train, y_train).predict(X_nuevo)
"""
LEAKY = """
def entrenar_y_predecir(X_train, y_train, X_nuevo):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    modelo = LogisticRegression(max_iter=1000).fit(StandardScaler().fit_transform(X_train), y_train)
    return modelo.predict(StandardScaler().fit_transform(X_nuevo))  # scaled with the rows to predict
"""
# nico's model earns a share of h1_modelo; rita's scaler leaks.
MODELS = {"nico": ("2026-10-01 12:00:00", [MODEL_DATA, STUMP]),
          "rita": ("2026-10-01 12:00:00", [MODEL_DATA, LEAKY])}


def _hand_in(course: Course, practice_id: str, notebook: str, submissions: dict[str, tuple[str, list[str]]]) -> None:
    for student, (utc, cells) in submissions.items():
        folder = course.folder("submitted", student, practice_id)
        write_notebook(folder / notebook, *cells)
        (folder / "timestamp.txt").write_text(f"{utc}.000000 UTC", encoding="utf-8")


def graded_minicourse(root: Path, *, extra: dict[str, tuple[str, list[str]]] | None = None,
                      models: dict[str, tuple[str, list[str]]] | None = None) -> Course:
    """The fixture course with a late policy, a roster and the RULE above, its practice
    ``mini`` submitted by the class above (plus ``extra``, plus a corrupt file from zoe)
    and autograded; with ``models``, ``modelo`` too, submitted by them and graded on the
    SCALE above."""
    shutil.copytree(FIXTURES / "minicourse", root)
    yml = root / "course.yml"
    text = yml.read_text(encoding="utf-8").replace("workspace: work\n", "workspace: work\nroster: roster.csv\n")
    text = text.replace("    points: 6\n    due: 2026-10-01T23:59:00+02:00\n",
                        "    points: 6\n    due: 2026-10-01T23:59:00+02:00\n" + POLICY)
    yml.write_text(text, encoding="utf-8")
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    hidden = root / "solutions" / "mini" / "hidden.py"
    assert RULE[0] in hidden.read_text(encoding="utf-8")
    hidden.write_text(hidden.read_text(encoding="utf-8").replace(*RULE), encoding="utf-8")
    if models:
        limits = root / "solutions" / "modelo" / "thresholds.json"
        calibrated = json.loads(limits.read_text(encoding="utf-8"))
        calibrated["metrics"]["accuracy"].update(SCALE)
        limits.write_text(json.dumps(calibrated, indent=1), encoding="utf-8")
    course = load_course(yml)
    practice = course.practice("mini")
    release(practice, course.folder("release", "mini"))
    _hand_in(course, "mini", "mini.ipynb", {**CLASS, **(extra or {})})
    zoe = course.folder("submitted", "zoe", "mini")
    zoe.mkdir(parents=True)
    (zoe / "mini.ipynb").write_text('{"cells": [ esto no es JSON', encoding="utf-8")
    autograde(course, practice, workers=1)
    if models:
        modelo = course.practice("modelo")
        release(modelo, course.folder("release", "modelo"))
        _hand_in(course, "modelo", "modelo.ipynb", models)
        autograde(course, modelo, workers=1)
    return course


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Course:
    return graded_minicourse(tmp_path_factory.mktemp("report") / "minicourse")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def report(graded):
    result = run("--course", graded.path, "report", "mini")
    assert result.exit_code == 0, result.output
    return graded.folder("reports", "mini")


def test_raw_penalty_and_final_follow_the_late_policy(report):
    rows = {r["student"]: r for r in read_csv(report / "grades.csv")}
    assert set(rows) == {"ana", "beto", "carla", "dani", "fede", "zoe"}
    expected = {  # raw, penalty, final, late
        "ana": ("6", "0", "6", "no"),
        "beto": ("1", "0.3", "0.7", "yes"),
        "carla": ("6", "0", "6", "no"),
        "dani": ("6", "3", "3", "yes"),
        "fede": ("5", "0", "5", "no"),
        "zoe": ("0", "0", "0", "no"),
    }
    for student, (raw, penalty, final, is_late) in expected.items():
        row = rows[student]
        assert (row["raw"], row["penalty"], row["final"], row["late"]) == (raw, penalty, final, is_late), student
        assert row["score"] == row["final"] and row["max_score"] == "6"
    assert rows["carla"]["due"] == "2026-10-05T23:59:00+02:00"  # her extension
    assert rows["ana"]["due"] == "2026-10-01T23:59:00+02:00"
    assert float(rows["beto"]["late_hours"]) == pytest.approx(59.02, abs=0.01)
    assert rows["zoe"]["status"] == "error" and "no es un cuaderno válido" in rows["zoe"]["reason"]
    assert rows["fede"]["h1_doble"] == "4" and rows["fede"]["q2_saludo"] == "0"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _png(src: str) -> bytes:
    assert src.startswith("data:image/png;base64,")
    return base64.b64decode(src.split(",", 1)[1])


def test_the_page_has_the_table_the_plots_and_the_errors(report):
    soup = _soup(report / "report.html")
    rows = {tr["data-student"]: tr for tr in soup.select("#students tbody tr")}
    assert list(rows) == ["ana", "beto", "carla", "dani", "fede", "zoe"]
    beto = [td.get_text(" ", strip=True) for td in rows["beto"].find_all("td")]
    assert beto[:3] == ["beto", "Beto Ruiz", "correcta"]
    assert "tarde" in beto[5] and "−30 %" in beto[5]
    assert beto[6:9] == ["1", "−0.3", "0.7"]
    assert "late" in rows["dani"]["class"] and "late" not in rows["carla"]["class"]
    assert "prórroga hasta 2026-10-05 23:59" in rows["carla"].get_text()
    assert "problem" in rows["zoe"]["class"]
    for image in ("histogram", "pass-rates"):
        assert _png(soup.find(id=image)["src"])[:8] == b"\x89PNG\r\n\x1a\n"
    errors = [tr.get_text(" ", strip=True) for tr in soup.select("#errors tbody tr")]
    assert len(errors) == 2, errors  # the corrupt file, and a notebook that defines too little
    assert "zoe" in errors[0] and "no es un cuaderno" in errors[0]
    assert "fede" in errors[1] and "no define `saludo`" in errors[1]
    assert soup.find(id="missing").get_text(" ", strip=True) == "Sin entrega (1): eva (Eva Luna)."
    policy = " ".join(soup.find(id="late-policy").get_text().split())
    assert "60 min de cortesía; −10 % de la nota por cada día empezado; se conserva al menos el 50 %" in policy
    assert "carla hasta 2026-10-05 23:59" in policy


def test_checks_are_listed_most_failed_first(report):
    soup = _soup(report / "report.html")
    rates = [float(tr.find_all("td")[5]["data-sort"]) for tr in soup.select("#checks tbody tr")]
    ids = [tr.find("td").get_text() for tr in soup.select("#checks tbody tr")]
    assert rates == sorted(rates)
    assert ids[-1] == "q2_saludo" or rates[-1] == max(rates)
    # q1_doble: ana, carla, dani, fede pass it; beto and zoe do not.
    assert dict(zip(ids, rates))["q1_doble"] == pytest.approx(4 / 6)


def test_the_page_is_self_contained(report):
    html = (report / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag
    assert not soup.find_all("link") and not soup.select("script[src]")
    for link in soup.find_all(href=True):
        assert "://" not in link["href"], link
    assert "cdn" not in html.lower()


def test_moodle_and_canvas_files(report):
    moodle = list(csv.reader(open(report / "moodle.csv", encoding="utf-8")))
    assert moodle[0] == ["ID number", "Email address", "Full name", "Práctica mínima"]
    assert ["beto", "beto@uni.es", "Beto Ruiz", "0.7"] in moodle
    assert ["fede", "", "", "5"] in moodle  # not on the roster: still graded
    assert all(row[0] != "eva" for row in moodle)  # no grade, no row
    canvas = list(csv.reader(open(report / "canvas.csv", encoding="utf-8")))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Práctica mínima"]
    assert canvas[1] == ["    Points Possible", "", "", "", "", "6"]
    assert ["Dani Sol", "", "dani", "dani@uni.es", "", "3"] in canvas
    assert len(canvas) == 2 + 6


def test_report_all_writes_the_course_page(graded):
    result = run("--course", graded.path, "report", "--all")
    assert result.exit_code == 0, result.output
    index = graded.folder("reports", "index.html")
    soup = _soup(index)
    practices = [tr["data-practice"] for tr in soup.select("#practices tbody tr")]
    assert practices == ["mini", "modelo"]
    assert soup.select_one('a[href="mini/report.html"]') is not None
    students = {tr["data-student"]: tr for tr in soup.select("#students tbody tr")}
    assert set(students) == {"ana", "beto", "carla", "dani", "fede", "zoe"}
    assert "0.7 / 11" in students["beto"].get_text()
    assert _png(soup.find(id="histogram")["src"])[:4] == b"\x89PNG"
    moodle = read_csv(graded.folder("reports", "moodle.csv"))
    assert list(moodle[0]) == ["ID number", "Email address", "Full name", "Práctica mínima", "Práctica con modelo"]
    assert {r["ID number"]: r["Práctica mínima"] for r in moodle}["dani"] == "3"
    course_csv = read_csv(graded.folder("reports", "grades.csv"))
    assert {r["student"]: (r["mini"], r["modelo"], r["total"]) for r in course_csv}["beto"] == ("0.7", "", "0.7")
    assert graded.folder("reports", "modelo", "report.html").exists()


def test_report_needs_a_practice_or_all(graded):
    result = run("--course", graded.path, "report")
    assert result.exit_code == 2 and "--all" in result.output


def test_a_practice_with_no_submissions_still_gets_a_page(graded):
    result = run("--course", graded.path, "report", "modelo")
    assert result.exit_code == 0, result.output
    soup = _soup(graded.folder("reports", "modelo", "report.html"))
    assert soup.select("#students tbody tr") == []
    assert "Sin entregas calificadas" in soup.get_text()


# --- the pieces on their own ------------------------------------------------------------

def test_plots_are_png_data_uris_or_none():
    assert plots.score_histogram([], 10) is None
    assert plots.pass_rate_bars([], []) is None
    assert _png(plots.score_histogram([1, 2, 2.5, 10], 10))[:4] == b"\x89PNG"
    assert _png(plots.pass_rate_bars(["h1", "q1"], [0.2, 1.0]))[:4] == b"\x89PNG"


def test_lms_numbers_and_missing_grades(tmp_path):
    assert [lms.number(v) for v in (3.0, 0.7000000001, 2.25, 0)] == ["3", "0.7", "2.25", "0"]
    items = [lms.GradeItem("a", "Práctica A", 10), lms.GradeItem("b", "Práctica B", 5)]
    rows = [lms.LmsRow("x1", "Equis Uno", "x1@uni.es", {"b": 4.5})]
    moodle = lms.write_moodle(tmp_path / "m.csv", items, rows).read_text(encoding="utf-8").splitlines()
    assert moodle == ["ID number,Email address,Full name,Práctica A,Práctica B", "x1,x1@uni.es,Equis Uno,,4.5"]
    canvas = lms.write_canvas(tmp_path / "c.csv", items, rows).read_text(encoding="utf-8").splitlines()
    assert canvas[1:] == ["    Points Possible,,,,,10,5", "Equis Uno,,x1,x1@uni.es,,,4.5"]


def test_times_are_shown_in_the_due_dates_zone(graded):
    from grader.report import local_time

    stamp = dt.datetime(2026, 10, 1, 21, 59, tzinfo=dt.timezone.utc)
    assert local_time(stamp, graded.practice("mini")) == "2026-10-01 23:59"
    assert local_time(None, graded.practice("mini")) == ""


# --- built from the result documents alone ----------------------------------------------------

def test_report_and_feedback_never_load_the_practice_checks(graded, monkeypatch):
    """Checks are loaded by autograde only: the report and the feedback read what it wrote
    (results, the checks manifest, the gradebook), so they never import hidden checks nor
    build a practice's data sets."""
    import grader.checks
    import grader.release
    from grader.feedback import build_feedback
    from grader.report import build_report

    def refuse(*args, **kwargs):
        raise AssertionError("the practice's checks were loaded")

    monkeypatch.setattr(grader.release, "load_practice_checks", refuse)
    monkeypatch.setattr(grader.checks, "load_checks", refuse)
    practice = graded.practice("mini")
    rows = {r.student: r for r in build_report(graded, practice).rows}
    assert (rows["beto"].raw, rows["beto"].final) == (1, 0.7)
    assert list(rows["fede"].checks) == ["q1_doble", "q2_saludo", "h1_doble"]
    pages = build_feedback(graded, practice, workers=1)
    assert {p.stem for p in pages} == {"ana", "beto", "carla", "dani", "fede", "zoe"}
    beto = _soup(graded.folder("feedback", "mini", "beto.html"))
    assert beto.find(id="final").get_text(" ", strip=True) == "0.7 / 6"
    assert "doble con entradas nuevas (oculta)" in " ".join(beto.find(id="checks").get_text(" ").split())


def test_report_and_feedback_do_not_import_the_checks_machinery():
    code = ("import sys, grader.report, grader.feedback; "
            "print(sorted(m for m in ('grader.release', 'grader.autograde') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_results_without_a_checks_manifest_ask_for_autograde_again(graded):
    manifest = graded.folder("autograded", "mini.checks.json")
    aside = manifest.with_name("aside.json")
    manifest.rename(aside)
    try:
        result = run("--course", graded.path, "report", "mini")
    finally:
        aside.rename(manifest)
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "mini.checks.json: no existe" in said and "`grader autograde mini`" in said


# --- which checks look wrong, and which submissions look copied ---------------------------------

def test_difficulty_and_discrimination_flag_the_usual_signs_of_a_broken_check():
    from grader.report import check_flags, discrimination, item_rest_correlation

    named = ("facil", "imposible", "buena", "al_reves")
    others = ("a", "b", "c")  # the rest of the practice: s1 and s2 pass it all, s5 none of it
    rows = {"s1": (1, 0, 1, 0, 1, 1, 1), "s2": (1, 0, 1, 0, 1, 1, 1), "s3": (1, 0, 1, 1, 1, 1, 0),
            "s4": (1, 0, 0, 1, 1, 0, 0), "s5": (1, 0, 0, 1, 0, 0, 0)}
    table = {student: dict(zip(named + others, scores)) for student, scores in rows.items()}
    points = dict.fromkeys(named + others, 1.0)
    index = {check: discrimination(table, points, check) for check in named}
    assert index["facil"] is None and index["imposible"] is None  # nothing varies
    assert index["buena"] > 0.5 and index["al_reves"] < -0.5  # failed only by the best students
    passed = {check: sum(row[check] >= 1 for row in table.values()) for check in named}
    flags = {check: check_flags(passed[check], len(table), index[check]) for check in named}
    assert flags == {"facil": ("everybody",), "imposible": ("nobody",), "buena": (), "al_reves": ("negative",)}
    assert item_rest_correlation([True, False], [3, 1]) is None  # two students say nothing
    assert check_flags(0, 0, None) == ()  # no submissions, no verdict


def test_the_page_shows_each_checks_difficulty_and_discrimination(report):
    soup = _soup(report / "report.html")
    header = [th.get_text(strip=True) for th in soup.select("#checks thead th")]
    assert header[5:] == ["Superada por", "Discriminación", "Aviso"]
    by_id = {tr.find("td").get_text(): tr for tr in soup.select("#checks tbody tr")}
    # q2_saludo: passed by ana, beto, carla, dani; failed by fede (5 elsewhere) and zoe (0).
    index = float(by_id["q2_saludo"].select_one("td.discrimination")["data-sort"])
    passed, rest = [1, 1, 1, 1, 0, 0], [5, 0, 5, 5, 5, 0]
    import statistics
    assert index == pytest.approx(statistics.correlation(passed, rest))
    assert soup.find(id="check-review").get_text(strip=True) == "Ninguna comprobación da esas señales."


def test_identical_short_solutions_are_not_copies(report):
    """ana, carla and dani handed in the same one-line doble: too little to be a copy."""
    soup = _soup(report / "report.html")
    assert soup.select("#similar-pairs") == []
    assert "Ningún par se parece más de lo normal" in soup.find(id="no-similar").get_text()


def test_an_answer_nobody_has_graded_by_hand_yet_is_not_flagged(graded):
    from grader import late
    from grader.manual import ManualItem
    from grader.report import CheckInfo, PracticeGrades, StudentGrade

    practice = graded.practice("mini")
    checks = [CheckInfo("q1", "q1", 1.0, "doble", False, "mini.ipynb"),
              ManualItem("explica", "explica", 2.0, "respuesta corregida a mano", "mini.ipynb", "markdown")]

    def row(student, q1, explica, manual=()):
        return StudentGrade(student, "", "", "ok", "", None, late.assess(practice.due, None, student),
                            {"q1": q1, "explica": explica}, list(manual), 3.0)

    pending = PracticeGrades(practice, checks, [row(s, 1.0, 0.0) for s in ("a", "b", "c")], [])
    assert {s.id: s.flags for s in pending.stats()} == {"q1": ("everybody",), "explica": ()}
    reviewed = PracticeGrades(practice, checks, [row("a", 1.0, 0.0, ["explica"]), row("b", 1.0, 0.0),
                                                 row("c", 1.0, 0.0)], [])
    assert {s.id: s.flags for s in reviewed.stats()}["explica"] == ("nobody",)


# --- the judgements a person should confirm ---------------------------------------------------

OLGA = {"olga": ("2026-10-01 12:00:00", [OPERATOR_DOBLE, GOOD_SALUDO])}


@pytest.fixture(scope="module")
def judged(tmp_path_factory) -> Course:
    """The class, plus olga, whose doble breaks the RULE, and modelo handed in by nico and
    rita (see MODELS); every report written.  A course of its own: the one above keeps
    modelo without submissions."""
    course = graded_minicourse(tmp_path_factory.mktemp("judged") / "minicourse", extra=OLGA, models=MODELS)
    result = run("--course", course.path, "report", "--all")
    assert result.exit_code == 0, result.output
    return course


def _rows(soup: BeautifulSoup, table: str) -> dict[str, list[str]]:
    return {tr["data-student"]: [" ".join(td.get_text().split()) for td in tr.find_all("td")]
            for tr in soup.select(f"#{table} tbody tr")}


def test_a_forbidden_use_is_shown_with_the_call_as_written_and_the_points_it_cost(judged):
    soup = _soup(judged.folder("reports", "mini", "report.html"))
    assert _rows(soup, "forbidden-uses") == {
        "olga": ["olga", "h1_doble", "por (es operator.mul)", "doble, línea 2", "−2 de 4"]}
    grades = {r["student"]: r for r in read_csv(judged.folder("reports", "mini", "grades.csv"))}
    assert (grades["olga"]["h1_doble"], grades["olga"]["raw"]) == ("2", "4")  # the right answers, half of h1 lost
    assert grades["ana"]["h1_doble"] == "4"  # 2 * x is no call: the rule costs the class nothing
    assert soup.select("#to-review") == [] and soup.select("#leaks") == [] and soup.select("#near-target") == []
    said = soup.find(id="no-judgements").get_text(" ", strip=True)
    assert "fuga de datos" in said and "línea base y el objetivo" in said


def test_a_leak_and_a_model_short_of_its_target_are_shown_with_its_place_on_the_scale(judged):
    from grader.holdout import read_thresholds, scaled

    soup = _soup(judged.folder("reports", "modelo", "report.html"))
    assert _rows(soup, "leaks") == {"rita": ["rita", "h2_escalado", soup.select_one("#leaks td.num").get_text(), "−1"]}
    assert float(soup.select_one("#leaks td.num")["data-sort"]) < 0.85  # fewer rows agree than an honest model's
    near = _rows(soup, "near-target")
    assert list(near) == ["nico"]  # rita's model reaches the target; nico's single question does not
    scale = read_thresholds(judged.practice("modelo").solutions)["accuracy"]
    assert scale == {"threshold": 0.85, **SCALE}
    value = float(near["nico"][2])
    assert scale["baseline"] < value < scale["threshold"]
    share = scaled(value, higher_is_better=True, **scale)
    assert near["nico"][3:5] == ["0.34", "0.85"] and near["nico"][5] == f"{100 * share:.0f} %"
    grades = {r["student"]: r for r in read_csv(judged.folder("reports", "modelo", "grades.csv"))}
    assert float(grades["nico"]["h1_modelo"]) == pytest.approx(3 * share, abs=2e-3)
    assert near["nico"][6] == f"{grades['nico']['h1_modelo']} de 3"
    assert (grades["rita"]["h1_modelo"], grades["rita"]["h2_escalado"], grades["nico"]["h2_escalado"]) == ("3", "0", "1")


def test_results_carry_the_verdicts_kind_and_only_numbers_a_message_already_states(judged):
    def checks(student, practice):
        path = judged.folder("autograded", student, practice, "result.json")
        return {c["id"]: c for c in json.loads(path.read_text(encoding="utf-8"))["checks"]}

    nico, olga = checks("nico", "modelo"), checks("olga", "mini")
    assert nico["h1_modelo"]["kind"] == "model_partial"
    assert set(nico["h1_modelo"]["details"]) == {"value", "control", "threshold", "baseline", "fraction"}
    assert f"{nico['h1_modelo']['details']['value']:.3f}" in nico["h1_modelo"]["message"]
    assert olga["h1_doble"]["kind"] == "forbidden_use" and olga["h1_doble"]["details"]["verdict"] == "correct"
    assert olga["h1_doble"]["details"]["written"] == "por" and "`por` (operator.mul)" in olga["h1_doble"]["message"]
    ana = checks("ana", "mini")["h1_doble"]
    assert (ana["kind"], ana["details"]) == ("correct", {})  # nothing kept of a check passed case by case


def test_result_documents_without_kinds_still_make_a_report(judged):
    """Results graded before the kinds were written: the report still builds, with nothing
    to confirm in them."""
    path = judged.folder("autograded", "olga", "mini", "result.json")
    kept = path.read_text(encoding="utf-8")
    old = json.loads(kept)
    old["checks"] = [{k: v for k, v in c.items() if k not in ("kind", "details")} for c in old["checks"]]
    path.write_text(json.dumps(old), encoding="utf-8")
    try:
        result = run("--course", judged.path, "report", "mini")
    finally:
        path.write_text(kept, encoding="utf-8")
    assert result.exit_code == 0, result.output
    soup = _soup(judged.folder("reports", "mini", "report.html"))
    assert soup.select("#forbidden-uses") == []
    assert "perdió puntos por un uso prohibido" in soup.find(id="no-judgements").get_text()
    assert run("--course", judged.path, "report", "mini").exit_code == 0  # as the other tests found it


def test_a_class_with_nothing_to_confirm_says_so(report):
    soup = _soup(report / "report.html")
    assert soup.find(id="judgements-title").get_text() == "Reglas, fugas de datos y modelos"
    assert soup.select("#judgements table") == []
    said = " ".join(soup.find(id="no-judgements").get_text().split())
    assert said.startswith("Ninguna entrega perdió puntos por un uso prohibido ni por una fuga de datos")
