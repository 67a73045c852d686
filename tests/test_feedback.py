"""Student feedback pages: one per student, Spanish by default, each check with its
points and message, the student's own notebook; and nothing hidden in any of them (no
hidden check source, no expected value of a hidden check, no holdout label)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_notebook

from grader.autograde import autograde
from grader import holdout
from grader.checks import Call, load_module
from grader.cli import main
from grader.course import Course, Practice
from grader.feedback import build_feedback, clean_html, render_notebook
from grader.release import load_practice_checks, release
from grader.samples import sample_class
from grader.scoring import plan

from conftest import ready_practice_ids
from helpers import write_notebook
from test_report import graded_minicourse

FULL_DATA = '''
def entrenar_y_predecir(X_train, y_train, X_nuevo):
    from sklearn.datasets import load_iris
    from sklearn.neighbors import KNeighborsClassifier
    X, y = load_iris(return_X_y=True)  # every row, the holdout included
    return KNeighborsClassifier(1).fit(X, y).predict(X_nuevo)
'''


# --- what must never appear ---------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")
BETWEEN = re.compile(r"[\s,;\[\]'\"]*")  # what may separate the labels of a printed sequence
WIDTH = 10  # consecutive holdout labels (or together-call values) that count as a leak


class Text:
    """A page (or the student's cells) with its numbers indexed once: a practice has
    thousands of secrets, and a regular expression each would take minutes per page."""

    def __init__(self, text: str):
        self.text = text
        self.numbers: set[str] = set()
        self.windows: set[tuple[str, ...]] = set()
        run: list[str] = []
        end = 0
        for match in NUMBER.finditer(text):
            token = match.group()
            self.numbers.update({token, token.lstrip("-")})
            if run and not BETWEEN.fullmatch(text, end, match.start()):
                self._add(run)
                run = []
            run.append(token)
            end = match.end()
        self._add(run)

    def _add(self, run: list[str]) -> None:
        self.windows.update(tuple(run[i:i + WIDTH]) for i in range(len(run) - WIDTH + 1))


@dataclass(frozen=True)
class Secret:
    """Found in a text as a number token (``pattern`` None), as ``window`` consecutive
    numbers, or by ``pattern``; ``own``: how it reads in the student's cells, if not so."""

    kind: str  # source | expected | holdout
    text: str
    pattern: re.Pattern | None = None
    own: re.Pattern | None = None
    window: tuple[str, ...] | None = None

    def found_in(self, page: Text, *, own: bool = False) -> bool:
        if self.window is not None:
            return self.window in page.windows
        if self.pattern is None:
            return self.text in page.numbers
        return bool(((own and self.own) or self.pattern).search(page.text))


MIN_TOKEN = 3  # shorter values (0, 4, 30...) are points, counts and indices on every page
MIN_DIGITS = 3  # a number with fewer significant digits (0.96, 2.5) turns up by chance in outputs
MIN_LINE = 20  # shorter source lines ("cases = []") are not the hidden check's


def _significant_digits(number: str) -> int:
    digits = re.sub(r"[^0-9]", "", number.split("e")[0]).lstrip("0")
    return len(digits)


def _values(value) -> list:
    """Scalars of an expected value (a per-case list, a tuple of results, an array...)."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in _values(item)]
    return [value]


def _plain(value):
    """Inputs as nested lists of scalars (tuples of arrays, data frames...)."""
    if hasattr(value, "to_numpy"):
        value = value.to_numpy()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return [_plain(v) for v in value.values()]
    return value


def _expected_secrets(value) -> list[Secret]:
    """Numbers as any of their usual spellings; text as a value is written in a message
    (``show``: its repr), since a student's own answer quoted in a hidden message may hold
    the expected text with a mistake around it (``' Inés Sanz '``): that is their output."""
    secrets = []
    for scalar in _values(value):
        if isinstance(scalar, (bool, np.bool_)) or scalar is None:
            continue
        if isinstance(scalar, str):
            if len(scalar.strip()) >= MIN_TOKEN:
                # written in the student's cells (the statement names "fuerte", "débil" and
                # "nula"), the text is theirs in either quotes: an output quoting it is theirs
                own = re.compile("[\'\"]" + re.escape(scalar) + "[\'\"]")
                for quoted in {repr(scalar), '"' + scalar + '"', "'" + scalar + "'"}:
                    secrets.append(Secret("expected", quoted, re.compile(re.escape(quoted)), own))
            continue
        tokens = {repr(scalar), f"{scalar:.6g}"} if isinstance(scalar, float) else {str(scalar)}
        secrets += [Secret("expected", t) for t in tokens
                    if len(t.lstrip("-")) >= MIN_TOKEN and _significant_digits(t) >= MIN_DIGITS]
    return list({s.text: s for s in secrets}.values())


def _sequence(labels: list, kind: str) -> list[Secret]:
    """Every run of ``WIDTH`` consecutive labels, whatever separates them in the page, that
    says something: at least two labels differ from the run's most common one (ten "0" of
    the fraud holdout are what any printed prediction array shows)."""
    tokens = [str(v) for v in labels]
    windows = (tuple(tokens[i:i + WIDTH]) for i in range(len(tokens) - WIDTH + 1))
    return [Secret(kind, " ".join(w), window=w) for w in windows
            if WIDTH - max(w.count(v) for v in set(w)) >= 2]


def hidden_secrets(course: Course, practice: Practice) -> list[Secret]:
    """The hidden checks' source lines, their expected values for the course's seed (the
    inputs they draw, as autograde drew them), and the practice's holdout labels."""
    _, hidden = load_practice_checks(practice)
    secrets = []
    for line in practice.hidden_checks_path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if len(line) >= MIN_LINE and not line.startswith(("#", "from ", "import ")):
            secrets.append(Secret("source", line, re.compile(re.escape(line))))
    inputs, _ = plan(hidden, course.seed)
    for check in hidden:
        expected = check.expected_for(inputs[check.id])
        scalars = _values(expected)
        if len(scalars) >= 10 and isinstance(check.ask, Call) and check.ask.together:
            secrets += _sequence(scalars, "expected")
        else:
            # a part of the answer that the inputs already hold (the values kept when filling
            # in missing ones, the categories of a one-hot table) is shown with the call
            given = {s.text for s in _expected_secrets(_plain(inputs[check.id]))}
            secrets += [s for s in _expected_secrets(expected) if s.text not in given]
    if practice.dataset_path.exists():
        labels = np.asarray(holdout.course_split(load_module(practice.dataset_path)).y_holdout).tolist()
        secrets += _sequence(labels, "holdout")
    return secrets


def visible_and_raw(page: str) -> list[str]:
    """What a reader sees, and the markup itself (entities decoded, embedded images cut)."""
    raw = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "data:", page)
    return [" ".join(BeautifulSoup(page, "html.parser").get_text(" ").split()), html.unescape(raw)]


def own_text(course: Course, practice: Practice, student: str) -> str:
    """What the student wrote: a value of theirs is not a leak."""
    parts = []
    for name in practice.notebooks:
        path = course.folder("submitted", student, practice.id, name)
        try:
            nb = nbformat.read(path, as_version=4)
            parts += [cell.source for cell in nb.cells]
        except Exception:
            parts.append(path.read_text(encoding="utf-8", errors="replace") if path.exists() else "")
    return "\n".join(parts)


def leaks_in(texts: list[str], secrets: list[Secret], own: str = "") -> list[Secret]:
    """The secrets any of ``texts`` shows that the student's own cells (``own``) do not."""
    indexed = [Text(t) for t in texts]
    theirs = Text(own)
    return [s for s in secrets
            if any(s.found_in(t) for t in indexed) and not s.found_in(theirs, own=True)]


def leaks(page: str, secrets: list[Secret], own: str = "") -> list[Secret]:
    return leaks_in(visible_and_raw(page), secrets, own)


def find_leaks(course: Course, practice: Practice) -> tuple[int, list[str]]:
    """How many secrets were looked for, and each page that shows one (with what it shows)."""
    secrets = hidden_secrets(course, practice)
    pages = sorted(course.folder("feedback", practice.id).glob("*.html"))
    assert pages, f"no feedback pages for {practice.id}"
    found = []
    for page in pages:
        shown = leaks(page.read_text(encoding="utf-8"), secrets, own_text(course, practice, page.stem))
        if shown:
            found.append(f"{practice.id}/{page.name}: {[(s.kind, s.text) for s in shown]}")
    return len(secrets), found


def assert_no_leaks(course: Course, practice: Practice) -> int:
    searched, found = find_leaks(course, practice)
    assert not found, found
    return searched


# --- a graded class of two practices -----------------------------------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Course:
    """mini (late policy, roster, a corrupt file) and modelo (a holdout): the reference,
    the blank release, a model that loads the full data set, a corrupt file."""
    course = graded_minicourse(tmp_path_factory.mktemp("feedback") / "minicourse")
    modelo = course.practice("modelo")
    release(modelo, course.folder("release", "modelo"))
    for sample in sample_class(modelo, course.folder("release", "modelo")):
        folder = course.folder("submitted", sample.student, "modelo")
        folder.mkdir(parents=True)
        (folder / "modelo.ipynb").write_bytes(sample.content)
    load = "import pandas as pd\ndatos = pd.read_csv('data/iris.csv')\nn_filas = len(datos)"
    write_notebook(course.folder("submitted", "memo", "modelo", "modelo.ipynb"), load, FULL_DATA)
    autograde(course, modelo, workers=1)
    build_feedback(course, course.practice("mini"), workers=2)  # by a pool of processes
    build_feedback(course, modelo)  # a small class: in this process
    return course


def _page(course: Course, practice: str, student: str) -> BeautifulSoup:
    return BeautifulSoup(course.folder("feedback", practice, f"{student}.html").read_text(encoding="utf-8"),
                         "html.parser")


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def test_one_page_per_student(graded):
    pages = {p.stem for p in graded.folder("feedback", "mini").glob("*.html")}
    assert pages == {"ana", "beto", "carla", "dani", "fede", "zoe"}
    pages = {p.stem for p in graded.folder("feedback", "modelo").glob("*.html")}
    assert pages == {"ana", "bruno", "memo", "zoe"}


def test_a_page_shows_each_check_the_penalty_and_the_notebook(graded):
    page = _page(graded, "mini", "beto")
    assert page.html["lang"] == "es"
    assert _text(page.find(id="student")) == "beto"
    lines = {tr["data-check"]: [_text(td) for td in tr.find_all("td")] for tr in page.select("#checks tbody tr")}
    assert list(lines) == ["q1_doble", "q2_saludo", "h1_doble"]
    assert lines["q1_doble"][2:4] == ["0 / 1", "no superada"]
    assert lines["q2_saludo"][2:4] == ["1 / 1", "superada"]
    assert lines["h1_doble"][0] == "doble con entradas nuevas (oculta)"
    assert lines["h1_doble"][4].startswith("Fallan 8 de 8 casos con entradas nuevas")
    assert _text(page.find(id="late")) == "Entregada 2.5 días tarde: se resta el 30 % de la nota."
    assert (_text(page.find(id="raw")), _text(page.find(id="penalty")), _text(page.find(id="final"))) == \
        ("1 / 6", "−0.3", "0.7 / 6")
    assert "x + x + 1" in _text(page.find(id="notebook"))
    assert "Las comprobaciones ocultas usan entradas nuevas" in _text(page)


def test_an_extension_and_an_on_time_page(graded):
    carla = _page(graded, "mini", "carla")
    assert carla.find(id="late") is None and carla.find(id="penalty") is None
    assert "con prórroga hasta 2026-10-05 23:59" in _text(carla)
    assert _text(carla.find(id="final")) == "6 / 6"


def test_a_corrupt_submission_says_why(graded):
    page = _page(graded, "mini", "zoe")
    assert _text(page.find(id="status")) == "No se pudo ejecutar tu cuaderno."
    assert "no es un cuaderno válido" in _text(page.find(id="reason"))
    assert _text(page.find(id="notebook")) == "No hay cuaderno ejecutado que mostrar."


def test_a_model_that_ignores_its_training_rows_is_told_so(graded):
    page = _page(graded, "modelo", "memo")
    lines = {tr["data-check"]: [_text(td) for td in tr.find_all("td")] for tr in page.select("#checks tbody tr")}
    assert lines["h1_modelo"][3] == "no superada"
    assert "no aprende de los datos de entrenamiento" in lines["h1_modelo"][4]
    assert _text(_page(graded, "modelo", "ana").find(id="final")) == "5 / 5"


def test_english_on_request(graded):
    result = CliRunner().invoke(main, ["--course", str(graded.path), "feedback", "mini", "--lang", "en"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "6 páginas" in result.output
    page = _page(graded, "mini", "beto")
    assert page.html["lang"] == "en"
    assert "your results" in page.title.get_text()
    assert _text(page.find(id="late")) == "Submitted 2.5 days late: 30 % of the score is deducted."
    comments = [_text(tr.find_all("td")[4]) for tr in page.select("#checks tbody tr")]
    assert "Correct." in comments  # the checks' comments are in English too
    assert "The comments on each check are in the course's language." not in _text(page)
    build_feedback(graded, graded.practice("mini"))  # back to Spanish for the other tests


def test_no_hidden_source_expected_value_or_holdout_label_in_any_feedback_file(graded):
    for practice in ("mini", "modelo"):
        assert assert_no_leaks(graded, graded.practice(practice)) > 0
    every_file = [p for p in graded.folder("feedback").rglob("*") if p.is_file()]
    assert {p.suffix for p in every_file} == {".html"}


def test_the_leak_scan_finds_a_planted_leak(graded):
    """The scan above would fail if a page held a hidden value: plant one of each kind."""
    for practice_id, kinds in (("mini", {"source", "expected"}), ("modelo", {"source", "holdout"})):
        practice = graded.practice(practice_id)
        secrets = hidden_secrets(graded, practice)
        page = graded.folder("feedback", practice_id, "ana.html").read_text(encoding="utf-8")
        for kind in kinds:
            secret = next(s for s in secrets if s.kind == kind)
            shown = secret.text.replace(" ", ", ") if kind == "holdout" else secret.text
            planted = page.replace("</body>", f"<p>{html.escape(shown)}</p></body>")
            assert secret in leaks(planted, secrets), (practice_id, kind, secret.text)


# --- the notebook part of a page -----------------------------------------------------------

def test_clean_html_keeps_markup_and_drops_anything_active():
    dirty = ('<div class="x" onclick="steal()"><script>alert(1)</script><style>p{}</style>'
             '<img src="http://example.com/x.png"><img id="ok" src="data:image/png;base64,iVBORw0KGgo=">'
             '<a href="javascript:alert(1)">a</a><a href="https://scikit-learn.org">b</a>'
             '<iframe src="https://example.com"></iframe><table><tr><td colspan="2">1</td></tr></table>'
             '<custom-tag>texto</custom-tag></div>')
    clean = clean_html(dirty, "[omitida]")
    soup = BeautifulSoup(clean, "html.parser")
    assert not soup.find_all(["script", "style", "iframe", "custom-tag"])
    assert "alert" not in clean and "steal" not in clean and "p{}" not in clean
    assert [img["src"][:10] for img in soup.find_all("img")] == ["data:image"]
    assert "[omitida]" in clean and "texto" in clean
    assert [a.get("href") for a in soup.find_all("a")] == [None, "https://scikit-learn.org"]
    assert soup.find("td")["colspan"] == "2" and soup.find("div")["class"] == ["x"]


def test_the_notebook_cannot_close_or_open_the_page_elements():
    """Stray end tags close nothing of the page, unclosed tags are closed, and a dropped
    element takes what it holds with it, even unclosed."""
    assert clean_html("</div></td></table><p>hola <b>tú", "[omitida]") == "<p>hola <b>tú</b></p>"
    assert clean_html("<div><svg><g><text>20 / 20</text></svg>fin</div>", "[omitida]") == "<div>fin</div>"
    assert clean_html("<p>a<!-- comentario --><style>p {}", "[omitida]") == "<p>a</p>"
    assert clean_html("<p title='&quot;&gt;<script>'>1 &lt; 2</p>", "[omitida]") == \
        '<p title="&quot;&gt;&lt;script&gt;">1 &lt; 2</p>'


def test_pages_are_the_same_whichever_process_writes_them(graded):
    page = graded.folder("feedback", "mini", "beto.html")
    build_feedback(graded, graded.practice("mini"), workers=1)
    here = page.read_text(encoding="utf-8")
    build_feedback(graded, graded.practice("mini"), workers=2)
    generated = re.compile(r"Generado el [^<]*")
    assert generated.sub("", page.read_text(encoding="utf-8")) == generated.sub("", here)


def test_grader_cells_never_reach_the_page(tmp_path):
    nb = new_notebook(cells=[new_code_cell("mi_variable = 42"),
                             new_code_cell("_grader_witness['serve']('r', 'a', globals())")])
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    rendered = render_notebook(path, "[omitida]")
    assert "mi_variable" in rendered and "_grader_witness" not in rendered
    assert render_notebook(tmp_path / "missing.ipynb", "[omitida]") is None


@pytest.mark.slow
@pytest.mark.parametrize("practice_id", ready_practice_ids())
def test_no_leak_in_the_bundled_course_feedback(graded_class, course_workspace, practice_id):
    """The same scan on every ready practice of the bundled course and its sample class
    (graded once per test session, and shared with the other tests of that practice)."""
    graded_class[practice_id]
    practice = course_workspace.practice(practice_id)
    build_feedback(course_workspace, practice)
    searched, shown = find_leaks(course_workspace, practice)
    assert searched > 0
    assert not shown, "\n".join(shown)
