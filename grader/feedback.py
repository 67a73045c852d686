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
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat
import yaml
from jinja2 import Environment, PackageLoader, select_autoescape

from grader import lms
from grader.course import Course, Practice
from grader.manual import ManualItem
from grader.report import PracticeGrades, StudentGrade, gather, load_results, local_time

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


@lru_cache(maxsize=None)
def text(lang: str) -> dict:
    """The page's fixed sentences in ``lang`` (templates/feedback-<lang>.yml)."""
    with open(Path(__file__).parent / "templates" / f"feedback-{lang}.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def is_grader_cell(cell) -> bool:
    return cell.cell_type == "code" and any(m in cell.source for m in GRADER_CELL_MARKERS)


def clean_html(html: str, omitted: str) -> str:
    """Keep only inert markup: allowlisted tags and attributes, links to http(s) pages,
    images embedded as ``data:image/...``; any other image becomes the ``omitted`` note."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROPPED_WITH_CONTENT):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.name not in ALLOWED_TAGS:
            tag.unwrap()
            continue
        tag.attrs = {k: v for k, v in tag.attrs.items() if k in ALLOWED_ATTRIBUTES}
        if tag.name == "img" and not str(tag.get("src", "")).startswith("data:image/"):
            note = soup.new_tag("span", attrs={"class": "omitted"})
            note.string = omitted
            tag.replace_with(note)
        elif tag.name == "a" and not str(tag.get("href", "")).startswith(("http://", "https://", "#")):
            tag.attrs.pop("href", None)
        elif tag.name != "img":
            tag.attrs.pop("src", None)
    return str(soup)


def render_notebook(path: Path, omitted: str) -> str | None:
    """The executed notebook as an HTML fragment, or None when there is none to show."""
    from nbconvert import HTMLExporter

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # missing or unreadable: the page says so instead
        return None
    nb.cells = [cell for cell in nb.cells if not is_grader_cell(cell)]
    exporter = HTMLExporter(template_name="basic", embed_images=True, exclude_anchor_links=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"path": str(path.parent)}})
    return clean_html(body, omitted)


@lru_cache(maxsize=1)
def highlight_css() -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style="default").get_style_defs(".highlight")


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


def build_feedback(course: Course, practice: Practice, lang: str | None = None) -> list[Path]:
    """Write every student's page; returns their paths."""
    lang = lang or course.language
    words = text(lang)
    grades = gather(course, practice)
    results = load_results(course, practice)
    env = Environment(loader=PackageLoader("grader"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["num"] = lms.number
    template = env.get_template("feedback.html.j2")
    out = course.folder("feedback", practice.id)
    out.mkdir(parents=True, exist_ok=True)
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    pages = []
    for row in grades.rows:
        result = results.get(row.student, {})
        lines = check_lines(grades, row, result, lang)
        translated = all("messages" in c for c in result.get("checks", []))
        notebook = None
        for name in practice.notebooks:
            rendered = render_notebook(course.folder("autograded", row.student, practice.id, name),
                                       words["omitted_image"])
            if rendered is not None:
                notebook = (notebook or "") + rendered
        page = out / f"{row.student}.html"
        page.write_text(template.render(
            lang=lang, t=words, practice=practice, row=row, lines=lines, notebook=notebook,
            late=late_sentence(row, words), due=local_time(row.lateness.due, practice),
            extended=row.lateness.due != practice.due, submitted=local_time(row.timestamp, practice),
            status_note=words["status"].get(row.status, ""), css=highlight_css(),
            language_note=words["messages_language"] if lang != course.language and not translated else "",
            generated=words["generated"].format(when=generated)), encoding="utf-8")
        pages.append(page)
    return pages
