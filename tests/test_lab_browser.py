"""JupyterLab for real, in headless Chromium driven over the DevTools protocol
(tests/cdp.py: real clicks and typing; the assertions read what the pages show).

- A student runs ``jupyter lab`` in a home folder of their own, whose nbgrader
  configuration names the course and the exchange: the Assignments tab fetches the
  released practice, the student types two answers, runs every cell, reads the
  ``grader.check`` tables (the wrong answer explained) and submits from the same tab.
- The instructor runs ``grader lab``: formgrader, opened from JupyterLab's Nbgrader menu,
  shows the practice and its autograded submissions with the autograder's scores and
  "needs manual grade" only while a free-text answer is unscored; the instructor types a
  score and finds it in ``grader report`` and in the student's feedback page.

One server per role for the whole module, each on a free port of 127.0.0.1 with a token and
throw-away Jupyter folders; screenshots stay in pytest's tmp_path."""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from grader.autograde import autograde
from grader.cli import main
from grader.collect import collect
from grader.course import load_course
from grader.lab import free_port
from grader.variants import reference_notebook

from cdp import Browser, BrowserError
from conftest import FIXTURES
from test_browser import find_or_install_chromium
from test_manual_grading import _with_a_free_text_answer

pytestmark = pytest.mark.slow

COURSE_ID = "mini-course"
WRONG_DOBLE = "def doble(x):\n    return x + x + 1"
# formgrader inside JupyterLab is the nbgrader extension's iframe
FRAME = "document.querySelector('.jp-MainAreaWidget iframe')"
DOC = f"{FRAME}.contentDocument"
RESTORED = "window.jupyterapp && window.jupyterapp.restored.then(() => true)"
CELL = ("[...document.querySelectorAll('.jp-Notebook .jp-Cell')].find(c => c.querySelector('.cm-content')"
        " && c.querySelector('.cm-content').innerText.includes({text!r}))")
KERNEL_IDLE = ("(() => { const w = window.jupyterapp.shell.currentWidget; const k = w && w.sessionContext"
               " && w.sessionContext.session && w.sessionContext.session.kernel; return !!k && k.status == 'idle'; })()")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@dataclass
class Server:
    process: subprocess.Popen
    url: str  # JupyterLab, token included
    log: Path

    @property
    def base(self) -> str:
        return self.url.split("/lab?")[0]

    @property
    def token(self) -> str:
        return self.url.split("token=")[1]

    def lab(self) -> str:
        """JupyterLab with a fresh layout, whatever an earlier test left open."""
        return self.url.replace("/lab?", "/lab?reset&")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)  # the server's own session, started below
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)


def jupyter_env(folder: Path, **extra: str) -> dict[str, str]:
    """Only what a login shell would pass, with Jupyter's folders inside ``folder``."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ")}
    env.update(HOME=str(folder), JUPYTER_CONFIG_DIR=str(folder / ".jupyter"),
               JUPYTER_DATA_DIR=str(folder / ".local-jupyter"), JUPYTER_RUNTIME_DIR=str(folder / ".runtime"),
               IPYTHONDIR=str(folder / ".ipython"), PYTHONNOUSERSITE="1", **extra)
    return env


def start_server(argv: list[str], env: dict, cwd: Path, log: Path, url=None) -> Server:
    """Start a Jupyter server and wait until it answers; ``url`` is known beforehand or is
    read from the first line starting with 'JupyterLab: ' of what it prints."""
    out = open(log, "w")
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 90
    server = None
    while time.monotonic() < deadline and process.poll() is None:
        if url is None:
            found = [ln.split("JupyterLab: ", 1)[1].strip() for ln in log.read_text().splitlines()
                     if ln.startswith("JupyterLab: ")]
            url = found[0] if found else None
        if url:
            server = Server(process, url, log)
            try:
                with urllib.request.urlopen(f"{server.base}/api/status?token={server.token}", timeout=2):
                    return server
            except OSError:
                pass
        time.sleep(0.2)
    if server is not None:
        server.stop()
    else:
        process.kill()
    pytest.fail(f"the Jupyter server did not start:\n{log.read_text()[-3000:]}")


# --- the course, the instructor's server, the student's server -------------------------------

@pytest.fixture(scope="module")
def chromium() -> str:
    return find_or_install_chromium()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """mini with a check cell for q2 and a 2-point answer in words, published to an exchange;
    ana (right, with her answer in words) and beto (a wrong doble) collected and autograded."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(FIXTURES / "minicourse", root / "minicourse")
    source = root / "minicourse" / "assignments" / "mini" / "mini.ipynb"
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('grader.check("q2")', metadata={"nbgrader": {
        "grade": False, "solution": False, "locked": True, "task": False, "grade_id": "check_q2",
        "schema_version": 3}}))
    nbformat.write(nb, source)
    course = _with_a_free_text_answer(load_course(root / "minicourse" / "course.yml"))
    published = run("--course", course.path, "release", "mini", "--exchange", root / "exchange")
    assert published.exit_code == 0, published.output

    released = nbformat.read(course.folder("release", "mini", "mini.ipynb"), as_version=4)
    answers = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in reference_notebook(source).cells}
    for student, changes in {"ana": {}, "beto": {"doble": WRONG_DOBLE, "r1_explica": "No sé."}}.items():
        mine = nbformat.from_dict(released)
        for cell in mine.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = changes.get(cell.metadata.nbgrader.grade_id, answers[cell.metadata.nbgrader.grade_id])
        (root / "inbox" / student).mkdir(parents=True)
        nbformat.write(mine, root / "inbox" / student / "mini.ipynb")
    collect(course, course.practice("mini"), root / "inbox")
    autograde(course, course.practice("mini"), workers=1)
    return course


@pytest.fixture(scope="module")
def instructor_lab(course, tmp_path_factory):
    """``grader lab`` itself, as the instructor types it (plus a JupyterLab option that lets
    the test wait for the page to be ready)."""
    folder = tmp_path_factory.mktemp("instructor")
    argv = [sys.executable, "-m", "grader.cli", "--course", str(course.path), "lab", "--port", str(free_port()),
            "--no-browser", "--", "--LabApp.expose_app_in_browser=True"]
    server = start_server(argv, jupyter_env(folder), folder, folder / "lab.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def student_lab(course, tmp_path_factory):
    """alumna's own ``jupyter lab`` in her home folder; her nbgrader configuration names
    the exchange, the course and (every test student being the same Unix user) herself."""
    home = tmp_path_factory.mktemp("alumna")
    (home / ".jupyter").mkdir()
    (home / ".jupyter" / "nbgrader_config.py").write_text(
        f"c.Exchange.root = {str(course.root.parent / 'exchange')!r}\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\nc.CourseDirectory.student_id = 'alumna'\n", encoding="utf-8")
    port, token = free_port(), "alumna-token"
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
            *(["--allow-root"] if os.geteuid() == 0 else [])]
    server = start_server(argv, jupyter_env(home, JUPYTER_TOKEN=token), home, home.parent / "alumna-lab.log",
                          url=f"http://127.0.0.1:{port}/lab?token={token}")
    server.home = home
    yield server
    server.stop()


@pytest.fixture
def browser(chromium, tmp_path):
    page = Browser(chromium, tmp_path / "profile", free_port())
    yield page
    page.close()


# --- as a student ------------------------------------------------------------------------------

def write_cell(browser: Browser, marker: str, code: str) -> None:
    """Click into the cell whose code contains ``marker`` and type ``code`` over it."""
    browser.click(CELL.format(text=marker) + ".querySelector('.cm-content')", what=f"the cell with {marker!r}")
    browser.key("a", "KeyA", 65, modifiers=2)  # Ctrl+A: the whole cell
    browser.type(code)
    browser.key("Escape", "Escape", 27)


def test_a_student_fetches_checks_and_submits_in_jupyterlab(student_lab, course, browser, tmp_path):
    browser.open(student_lab.lab())
    browser.wait_for(RESTORED, 60, "JupyterLab")
    browser.menu("Nbgrader", "Assignment List")
    released = browser.wait_for("(() => { const l = document.querySelector('#released_assignments_list');"
                                " return l && l.querySelector('.list_item') && l.innerText; })()", 30)
    assert "mini" in released and COURSE_ID in released
    browser.click("[...document.querySelectorAll('#released_assignments_list button')]"
                  ".find(b => b.textContent.trim() == 'Fetch')")
    browser.click("document.querySelector('#fetched_assignments_list a.assignment-notebooks-link')",
                  what="the fetched practice")
    fetched = student_lab.home / "mini"
    assert {"mini.ipynb", "checks.json", "LEEME.md", "course_grader_client-0.1.0-py3-none-any.whl"} <= \
        {p.name for p in fetched.iterdir()}

    browser.click("[...document.querySelectorAll('#fetched_assignments_list .nested_list_item a')]"
                  ".find(a => a.textContent == 'mini')", what="the notebook's link")
    browser.wait_for(KERNEL_IDLE, 60, "the notebook's kernel")
    write_cell(browser, "def doble", WRONG_DOBLE)
    write_cell(browser, "ESCRIBE AQUÍ TU CÓDIGO\nraise", "saludo = 'hola'")
    browser.menu("Run", "Run All Cells")
    tables = browser.wait_for("(() => { const t = [...document.querySelectorAll('.jp-OutputArea-output')]"
                              ".filter(o => o.querySelector('table')).map(o => o.innerText);"
                              " return t.length >= 2 && t; })()", 60, "the two check tables")
    q1, q2 = tables
    assert q1.startswith("q1") and "doble con los ejemplos\t0 / 1\t❌ No" in q1
    assert "Fallan 2 de 2 casos. Por ejemplo, doble(2): Se esperaba 4 y se obtuvo 5." in q1
    assert q2.startswith("q2") and "valor de saludo\t1 / 1\t✅ Sí\tCorrecto." in q2
    assert browser.screenshot(tmp_path / "student.png").stat().st_size > 20_000

    browser.key("s", "KeyS", 83, modifiers=2)  # Ctrl+S
    browser.wait_for("!document.querySelector('.lm-TabBar-tab.jp-mod-dirty')", 20, "the notebook saved")
    browser.click("[...document.querySelectorAll('.lm-TabBar-tabLabel')].find(t => t.textContent == 'Assignments')")
    browser.click("[...document.querySelectorAll('#fetched_assignments_list button')]"
                  ".find(b => b.textContent.trim() == 'Submit')")
    browser.wait_for("!!document.querySelector('#submitted_assignments_list .list_item')", 30, "the submission")
    inbound = course.root.parent / "exchange" / COURSE_ID / "inbound"
    [handed_in] = inbound.glob("alumna+mini+*")
    assert WRONG_DOBLE.split("\n")[1] in (handed_in / "mini.ipynb").read_text(encoding="utf-8")


# --- as the instructor -------------------------------------------------------------------------

def formgrader_rows(browser: Browser) -> dict[str, list[str]]:
    """The main table of the formgrader page in the iframe, by its first column's text."""
    rows = browser.evaluate(f"[...{DOC}.querySelectorAll('#main-table tr')]"
                            ".map(tr => [...tr.cells].map(td => td.innerText.trim()))")
    return {row[0]: row for row in rows if row}


def submissions(browser: Browser) -> dict[str, tuple[str, bool]]:
    """Manual Grading's submissions table: student -> (overall score, needs manual grade ✔)."""
    return {name: (score, needs) for name, score, needs in browser.evaluate(
        f"[...{DOC}.querySelectorAll('#main-table tr')].map(tr => [tr.querySelector('a.name-shown').textContent,"
        " tr.querySelector('td.score').innerText.trim(),"
        " !!tr.querySelector('td.needs-manual-grade .glyphicon-ok')])")}


def in_formgrader(browser: Browser, condition: str, what: str, timeout: float = 30):
    try:
        return browser.wait_for(f"(() => {{ const d = {DOC}; return !!(d && d.body && ({condition})); }})()",
                                timeout, what)
    except BrowserError:
        shows = browser.evaluate(f"(() => {{ const d = {DOC}; return d && d.location.href + '\\n' + d.body.innerText; }})()")
        raise BrowserError(f"timed out waiting for {what}; formgrader shows:\n{str(shows)[-3000:]}") from None


def link(text: str) -> str:
    return f"[...{DOC}.querySelectorAll('a')].find(a => a.textContent.trim() == {text!r})"


def test_the_instructor_grades_an_answer_in_formgrader_and_finds_it_everywhere(instructor_lab, course, browser,
                                                                               tmp_path):
    browser.open(instructor_lab.lab())
    browser.wait_for(RESTORED, 60, "JupyterLab")
    browser.menu("Nbgrader", "Formgrader")
    in_formgrader(browser, "d.querySelector('#main-table td.name')", "Manage Assignments")
    practices = formgrader_rows(browser)
    assert practices["mini"][1:3] == ["2026-10-01 21:59:00 UTC", "released"] and practices["mini"][8] == "2"
    assert practices["modelo"][2] == "draft"  # registered with its due date, not published
    assert "No data available" not in browser.evaluate(f"{DOC}.body.innerText")

    browser.click(link("Manual Grading"), frame=FRAME)
    in_formgrader(browser, "d.location.pathname.endsWith('/gradebook') && d.querySelector('#main-table td.name a')",
                  "Manual Grading's practices")
    browser.click(link("mini"), frame=FRAME, what="the practice")
    in_formgrader(browser, "d.location.pathname.endsWith('/gradebook/mini') && d.querySelector('#main-table td.name a')",
                  "the practice's notebooks")
    browser.click(link("mini"), frame=FRAME, what="its notebook")
    in_formgrader(browser, "d.querySelectorAll('#main-table tr a.name-shown').length == 2", "the submissions")
    browser.click(f"{DOC}.querySelector('#toggle_names')", frame=FRAME)
    assert submissions(browser) == {"ana": ("6 / 8", True), "beto": ("1 / 8", True)}  # 2 points in words to grade
    assert browser.screenshot(tmp_path / "formgrader.png").stat().st_size > 20_000

    browser.click(f"[...{DOC}.querySelectorAll('a.name-shown')].find(a => a.textContent == 'ana')", frame=FRAME)
    in_formgrader(browser, "d.querySelector('input#r1_explica.needs_manual_grade')", "ana's answer in words")
    assert "Doblar es multiplicar por dos." in browser.evaluate(f"{DOC}.body.innerText")
    browser.click(f"{DOC}.querySelector('input#r1_explica')", frame=FRAME)
    browser.type("1.5")
    browser.key("Tab", "Tab", 9)
    in_formgrader(browser, "!d.querySelector('input#r1_explica.needs_manual_grade')", "the score saved")
    browser.click(f"[...{DOC}.querySelectorAll('a')].find(a => (a.getAttribute('href') || '')"
                  ".endsWith('/formgrader/gradebook/mini/mini'))", frame=FRAME, what="back to the submissions")
    in_formgrader(browser, "[...d.querySelectorAll('#main-table td.score')].some(td => td.innerText.includes('7.5'))",
                  "the new total")
    browser.click(f"{DOC}.querySelector('#toggle_names')", frame=FRAME)
    assert submissions(browser) == {"ana": ("7.5 / 8", False), "beto": ("1 / 8", True)}

    # formgrader's own Autograde button (the same API call) is refused, and nothing is lost
    result = course.folder("autograded", "beto", "mini", "result.json")
    before = result.read_bytes()
    refused = json.load(urllib.request.urlopen(urllib.request.Request(
        f"{instructor_lab.base}/formgrader/api/submission/mini/beto/autograde", method="POST", data=b"",
        headers={"Authorization": f"token {instructor_lab.token}"}), timeout=60))
    assert not refused["success"] and "grader autograde mini" in refused["log"]
    assert result.read_bytes() == before

    reported = run("--course", course.path, "report", "mini")
    assert reported.exit_code == 0, reported.output
    grades = {r["student"]: r for r in csv.DictReader(open(course.folder("reports", "mini", "grades.csv"),
                                                           encoding="utf-8"))}
    assert (grades["ana"]["r1_explica"], grades["ana"]["raw"], grades["ana"]["manual_checks"]) == ("1.5", "7.5",
                                                                                                    "r1_explica")
    assert run("--course", course.path, "feedback", "mini").exit_code == 0
    browser.open(course.folder("feedback", "mini", "ana.html").as_uri())
    line = browser.wait_for("(() => { const r = document.querySelector('tr[data-check=\"r1_explica\"]');"
                            " return r && r.innerText; })()", 20, "the answer's line")
    assert "1.5 / 2" in line and "Corregida a mano" in browser.evaluate("document.body.innerText")
    browser.open(course.folder("reports", "mini", "report.html").as_uri())
    row = browser.wait_for("(() => { const r = document.querySelector('#students tr[data-student=\"ana\"]');"
                           " return r && r.innerText; })()", 20, "ana in the report")
    assert "7.5" in row and "a mano" in row


def test_grader_lab_serves_the_course_on_localhost_with_a_token_kept_off_the_command_line(mini_course, tmp_path):
    from grader.lab import prepare

    launch = prepare(mini_course, port=8123)
    assert "--ServerApp.ip=127.0.0.1" in launch.argv and "--ServerApp.port=8123" in launch.argv
    assert f"--ServerApp.root_dir={mini_course.root.resolve()}" in launch.argv  # assignments/ in reach
    assert launch.cwd == mini_course.workspace.resolve()  # where nbgrader finds nbgrader_config.py
    token = launch.env["JUPYTER_TOKEN"]
    assert launch.url == f"http://127.0.0.1:8123/lab?token={token}" and not any(token in a for a in launch.argv)
    assert (mini_course.workspace / "nbgrader_config.py").is_file()
    elsewhere = load_course(mini_course.path, tmp_path / "elsewhere")
    assert f"--ServerApp.root_dir={(tmp_path / 'elsewhere').resolve()}" in prepare(elsewhere).argv
