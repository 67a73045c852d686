"""``grader feedback PRACTICE``: one results page per student, in Spanish by default.

``feedback/<practice>/<student>.html`` is a self-contained page: each check with the points
earned and its message, raw score, late penalty and final score (as the report computes
them: a manual score wins), and the student's own notebook as it ran when graded.

What a page may show is decided upstream: hidden checks' messages come from the catalog's
``hidden`` templates, which never name the expected value, and the grader's witness cells
never stay in the executed notebook.  This module adds two guards of its own: cells of
the grader that somehow remain are dropped, and the student's notebook HTML is cut down
to an allowlist of tags and attributes (no script, no style, no external images), so the
page runs nothing and loads nothing.

Pages are built from the result documents and the gradebook alone (:func:`grader.report.gather`),
never from the practice's checks.  They are planned here (:func:`plan_pages`: plain data
per student) and written by a pool of processes (:func:`write_pages`), each with one
notebook exporter and one page template, since converting the notebook is nearly all of
a page's cost.
"""
from __future__ import annotations

import datetime as dt
import html
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import nbformat
import yaml
from jinja2 import Environment, PackageLoader, select_autoescape
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

from grader import lms
from grader.course import Course, Practice
from grader.manual import ManualItem

if TYPE_CHECKING:  # imported where used: a page-writing worker has no need of the gradebook
    from grader.report import PracticeGrades, StudentGrade

GRADER_CELL_MARKERS = ("_grader_witness",)  # the kernel's witness cells (grader.kernel)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p",
    "pre", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
DROPPED_WITH_CONTENT = {"script", "style", "svg", "math", "iframe", "object", "embed", "noscript",
                        "template", "link", "meta", "base", "form", "audio", "video", "canvas"}
ALLOWED_ATTRIBUTES = {"class", "id", "title", "alt", "colspan", "rowspan", "width", "height", "src", "href"}
# Elements that have no content and no closing tag (HTML's void elements, old ones included).
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "menuitem",
             "meta", "param", "source", "track", "wbr", "basefont", "bgsound", "command", "frame",
             "image", "isindex", "nextid", "spacer"}
SAFE_LINKS = ("http://", "https://", "#")
# A new worker spends one to two seconds importing nbconvert and compiling its templates,
# the time a running one takes to write about this many pages: a class with fewer pages
# per worker is written sooner by fewer processes.
PAGES_PER_WORKER = 50


@lru_cache(maxsize=None)
def text(lang: str) -> dict:
    """The page's fixed sentences in ``lang`` (templates/feedback-<lang>.yml)."""
    with open(Path(__file__).parent / "templates" / f"feedback-{lang}.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def is_grader_cell(cell) -> bool:
    return cell.cell_type == "code" and any(m in cell.source for m in GRADER_CELL_MARKERS)


# --- the student's notebook as inert markup -------------------------------------------------

class _Allowlist(HTMLParser):
    """Markup rebuilt from the parsed tokens: allowlisted tags with their allowlisted
    attributes, and text, escaped again; other tags dropped with their content
    (:data:`DROPPED_WITH_CONTENT`) or without it; comments and declarations dropped.
    Whatever it opens it closes, and an end tag closes only what it opened, so nothing a
    notebook prints can close or open the page's own elements."""

    def __init__(self, omitted: str, alt: str | None):
        super().__init__(convert_charrefs=True)
        self.omitted, self.alt = omitted, alt
        self.out: list[str] = []
        self.open: list[tuple[str, bool, bool]] = []  # (tag, written, dropped) not yet closed
        self.dropping = 0  # how many of the open elements are dropped with their content

    def handle_starttag(self, tag: str, attrs: list) -> None:
        dropped = tag in DROPPED_WITH_CONTENT
        written = not self.dropping and not dropped and tag in ALLOWED_TAGS
        if written:
            self.out.append(self._start_tag(tag, dict(attrs)))
        if tag not in VOID_TAGS:
            self.open.append((tag, written, dropped))
            self.dropping += dropped

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                self._close(index)
                return

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        self._close(0)
        return "".join(self.out)

    def _close(self, index: int) -> None:
        for tag, written, dropped in reversed(self.open[index:]):
            self.dropping -= dropped
            if written:
                self.out.append(f"</{tag}>")
        del self.open[index:]

    def _start_tag(self, tag: str, attrs: dict) -> str:
        kept = {k: v or "" for k, v in attrs.items() if k in ALLOWED_ATTRIBUTES}
        if tag == "img":
            if not kept.get("src", "").startswith("data:image/"):  # it would load from elsewhere
                return f'<span class="omitted">{html.escape(self.omitted)}</span>'
            if self.alt and "alt" not in kept:
                kept["alt"] = self.alt
        else:
            kept.pop("src", None)
        if tag != "a" or not kept.get("href", "").startswith(SAFE_LINKS):
            kept.pop("href", None)
        return f"<{tag}" + "".join(f' {k}="{html.escape(v)}"' for k, v in kept.items()) + ">"


def clean_html(html_text: str, omitted: str, alt: str | None = None) -> str:
    """Keep only inert markup: allowlisted tags and attributes, links to http(s) pages,
    images embedded as ``data:image/...`` (given ``alt`` when they have none); any other
    image becomes the ``omitted`` note."""
    parser = _Allowlist(omitted, alt)
    parser.feed(html_text)
    return parser.result()


class _FragmentExporter(HTMLExporter):
    """nbconvert's HTML exporter without its two passes that :func:`clean_html` makes
    redundant and that took most of a page's time: bleach on every highlighted input
    (the ``clean_html`` filter) and a BeautifulSoup parse of the whole result (to add
    ``alt`` and ``tabindex``).  The rest is :meth:`HTMLExporter.from_notebook_node` of
    nbconvert 7, private attributes included: should they change, every feedback test
    fails; no page would silently lose its guard, which is :func:`clean_html`."""

    def default_filters(self):
        yield from super().default_filters()
        yield ("clean_html", lambda markup: markup)

    def from_notebook_node(self, nb, resources=None, **kw):
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        self.register_filter("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@lru_cache(maxsize=1)
def _exporter() -> HTMLExporter:
    """One exporter per process: its templates are compiled on its first notebook.  The
    notebook is validated once, after its preprocessors, not after each of them."""
    return _FragmentExporter(template_name="basic", embed_images=True, exclude_anchor_links=True,
                             optimistic_validation=True)


def render_notebook(path: Path, omitted: str, alt: str | None = None) -> str | None:
    """The executed notebook as an HTML fragment, or None when there is none to show."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # missing or unreadable: the page says so instead
        return None
    nb.cells = [cell for cell in nb.cells if not is_grader_cell(cell)]
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"path": str(path.parent)}})
    return clean_html(body, omitted, alt)


@lru_cache(maxsize=1)
def highlight_css() -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style="default").get_style_defs(".highlight")


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=PackageLoader("grader"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["num"] = lms.number
    return env.get_template("feedback.html.j2")


# --- one page ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckLine:
    id: str
    question: str
    description: str
    hidden: bool
    points: float
    score: float
    message: str
    manual: bool

    @property
    def passed(self) -> bool:
        return self.score >= self.points - 1e-9


@dataclass(frozen=True)
class Page:
    """One student's page as plain data, planned by :func:`plan_pages`, so that any
    worker process can write it."""

    path: str
    notebooks: tuple[str, ...]  # the executed notebooks, shown in this order
    lang: str
    context: dict  # the template's variables, but for the notebook, the sentences and the CSS


def check_lines(grades: PracticeGrades, row: StudentGrade, result: dict, lang: str) -> list[CheckLine]:
    """One line per check of the practice: the gradebook's score, the autograder's message
    (in ``lang`` when the result holds that language, else as graded)."""
    graded = {c["id"]: c for c in result.get("checks", [])}
    lines = []
    for check in grades.checks:
        found = graded.get(check.id, {})
        message = found.get("messages", {}).get(lang) or found.get("message", "")
        if isinstance(check, ManualItem):  # graded in formgrader, not by the autograder
            message = text(lang)["manual_done" if check.id in row.manual else "manual_pending"]
        lines.append(CheckLine(check.id, check.question, check.description, check.hidden, check.points,
                               row.checks.get(check.id, 0.0), message, check.id in row.manual))
    return lines


def late_sentence(row: StudentGrade, words: dict) -> str:
    if not row.late:
        return ""
    hours = row.lateness.late_by.total_seconds() / 3600
    span = words["hours"].format(value=hours) if hours < 48 else words["days"].format(value=hours / 24)
    if row.lateness.percent:
        return words["late"].format(span=span, percent=lms.number(row.lateness.percent))
    return words["late_no_penalty"].format(span=span)


def _page(course: Course, grades: PracticeGrades, row: StudentGrade, result: dict, lang: str,
          generated: str) -> Page:
    from grader.report import local_time

    practice, words = grades.practice, text(lang)
    translated = all("messages" in c for c in result.get("checks", []))
    context = {
        "practice": {"title": practice.title},
        "row": {key: getattr(row, key) for key in ("student", "name", "reason", "raw", "penalty", "final",
                                                   "max_score")},
        "lines": check_lines(grades, row, result, lang),
        "late": late_sentence(row, words),
        "due": local_time(row.lateness.due, practice),
        "extended": row.lateness.due != practice.due,
        "submitted": local_time(row.timestamp, practice),
        "status_note": words["status"].get(row.status, ""),
        "language_note": words["messages_language"] if lang != course.language and not translated else "",
        "generated": generated,
    }
    notebooks = tuple(str(course.folder("autograded", row.student, practice.id, name)) for name in practice.notebooks)
    return Page(str(course.folder("feedback", practice.id, f"{row.student}.html")), notebooks, lang, context)


def plan_pages(course: Course, practice: Practice, lang: str | None = None) -> list[Page]:
    """Every student's page, from the result documents and the gradebook."""
    from grader.report import gather, load_results

    lang = lang or course.language
    grades = gather(course, practice)
    results = load_results(course, practice)
    course.folder("feedback", practice.id).mkdir(parents=True, exist_ok=True)
    generated = text(lang)["generated"].format(when=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"))
    return [_page(course, grades, row, results.get(row.student, {}), lang, generated) for row in grades.rows]


def write_page(page: Page) -> str:
    """Convert the student's notebook and write the page; returns its path."""
    words = text(page.lang)
    shown = [fragment for fragment in (render_notebook(Path(p), words["omitted_image"], words["image_alt"])
                                       for p in page.notebooks) if fragment is not None]
    Path(page.path).write_text(_template().render(
        lang=page.lang, t=words, css=highlight_css(), notebook="".join(shown) if shown else None,
        **page.context), encoding="utf-8")
    return page.path


# --- the class ------------------------------------------------------------------------------

def processes_for(pages: int, workers: int | None) -> int:
    """``workers`` as asked (never more than pages); by default one per CPU, fewer when the
    class is too small to repay starting them."""
    if workers is None:
        workers = min(os.cpu_count() or 1, pages // PAGES_PER_WORKER)
    return max(1, min(workers, pages))


def _written(pages: list[Page], processes: int) -> Iterator[str]:
    """The paths of the pages as they are written, in any order."""
    if processes <= 1:
        yield from map(write_page, pages)
        return
    with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(write_page, page) for page in pages]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:  # a page that failed, or a caller that stopped: the pages not begun are not
            for future in futures:
                future.cancel()


def write_pages(pages: list[Page], *, workers: int | None = None,
                on_page: Callable[[Path], None] | None = None) -> list[Path]:
    """Write the pages with ``workers`` processes (see :func:`processes_for`); ``on_page``
    is told of each as it is written.  Returns their paths in the order given."""
    for path in _written(pages, processes_for(len(pages), workers)):
        if on_page:
            on_page(Path(path))
    return [Path(page.path) for page in pages]


def build_feedback(course: Course, practice: Practice, lang: str | None = None, *,
                   workers: int | None = None, on_page: Callable[[Path], None] | None = None) -> list[Path]:
    """Write every student's page; returns their paths."""
    return write_pages(plan_pages(course, practice, lang), workers=workers, on_page=on_page)
