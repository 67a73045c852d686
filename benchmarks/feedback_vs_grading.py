"""Feedback pages against grading, on one generated class.

    python benchmarks/feedback_vs_grading.py [--practice calculator] [--students 64]
                                             [--workers N] [--no-baseline]

Builds a class of generated submissions (as ``autograde_vs_nbgrader.py`` does: the
reference, the blank release, every known-wrong variant and a corrupt file, repeated under
distinct student ids), then times, in this one process and on the same files:

- ``autograde(..., workers=2)``, from scratch;
- ``build_feedback`` (pages written by a pool of processes, one per CPU by default);
- unless ``--no-baseline``: the previous way of writing the same pages, kept here only
  as a yardstick: serial, a new stock nbconvert ``HTMLExporter`` and a BeautifulSoup
  allowlist per page, after loading the practice's checks as the report used to.

and prints the ratio feedback / grading (goal <= 0.25).  A few pages written both ways
are compared: they must show the same text.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
# Nothing heavy at the top: worker processes are spawned, and each imports this file again.


def graded_class(course_path: Path, work: Path, practice_id: str, students: int):
    """The course in ``work``, its practice collected from ``students`` generated
    submissions and autograded with 2 workers; returns the course and the grading time."""
    from autograde_vs_nbgrader import generated_class, write_submissions
    from grader.autograde import autograde
    from grader.collect import collect
    from grader.course import load_course
    from grader.release import release

    course = load_course(course_path, work)
    practice = course.practice(practice_id)
    release(practice, course.folder("release", practice.id))
    submissions = generated_class(practice, course.folder("release", practice.id), students)
    write_submissions(work / "inbox", "", practice.notebooks[0], submissions)
    collect(course, practice, work / "inbox")
    started = time.perf_counter()
    summary = autograde(course, practice, workers=2, force=True)
    elapsed = time.perf_counter() - started
    failed = sum(r["status"] != "ok" for r in summary.results)
    print(f"  grader autograde --workers 2: {elapsed:7.1f} s  ({summary.graded} graded, {failed} with errors)")
    return course, elapsed


def time_feedback(course, practice_id: str, workers: int | None) -> float:
    from grader.feedback import build_feedback, processes_for

    started = time.perf_counter()
    pages = build_feedback(course, course.practice(practice_id), workers=workers)
    elapsed = time.perf_counter() - started
    print(f"  grader feedback ({processes_for(len(pages), workers)} processes): {elapsed:7.1f} s  "
          f"({len(pages)} pages)")
    return elapsed


# --- the previous way, as a yardstick ---------------------------------------------------------

def previous_clean_html(markup: str, omitted: str) -> str:
    """The allowlist as grader.feedback applied it with BeautifulSoup."""
    from bs4 import BeautifulSoup

    from grader.feedback import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, DROPPED_WITH_CONTENT

    soup = BeautifulSoup(markup, "html.parser")
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


def previous_notebook(path: Path, omitted: str) -> str | None:
    import nbformat
    from nbconvert import HTMLExporter

    from grader.feedback import is_grader_cell

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return None
    nb.cells = [cell for cell in nb.cells if not is_grader_cell(cell)]
    exporter = HTMLExporter(template_name="basic", embed_images=True, exclude_anchor_links=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"path": str(path.parent)}})
    return previous_clean_html(body, omitted)


def time_previous(course, practice_id: str, target: Path) -> float:
    """The same pages, written into ``target`` the previous way."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from grader import lms
    from grader.feedback import highlight_css, plan_pages, text
    from grader.release import load_practice_checks

    started = time.perf_counter()
    practice = course.practice(practice_id)
    load_practice_checks(practice)  # what the report's gather did first
    env = Environment(loader=PackageLoader("grader"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["num"] = lms.number
    template = env.get_template("feedback.html.j2")
    target.mkdir(parents=True, exist_ok=True)
    pages = plan_pages(course, practice)
    for page in pages:
        words = text(page.lang)
        shown = [f for f in (previous_notebook(Path(p), words["omitted_image"]) for p in page.notebooks) if f]
        (target / Path(page.path).name).write_text(template.render(
            lang=page.lang, t=words, css=highlight_css(), notebook="".join(shown) if shown else None,
            **page.context), encoding="utf-8")
    elapsed = time.perf_counter() - started
    print(f"  previous feedback (serial, an exporter per page): {elapsed:7.1f} s  ({len(pages)} pages)")
    return elapsed


def same_text(new: Path, previous: Path, sample: int = 5) -> bool:
    """Whether a few pages show the same checks and notebook both ways (the markup
    differs: alt texts, spacing; the time each was generated may too)."""
    from bs4 import BeautifulSoup

    def shown(path: Path) -> list[str]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return [" ".join(soup.find(id=part).get_text(" ").split()) for part in ("scores", "checks", "notebook")]

    pages = sorted(new.glob("*.html"))[:sample]
    return bool(pages) and all(shown(page) == shown(previous / page.name) for page in pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practice", default="calculator")
    parser.add_argument("--students", type=int, default=64)
    parser.add_argument("--workers", type=int, default=None, help="feedback processes (default: one per CPU)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the previous, serial way")
    parser.add_argument("--course", type=Path, default=ROOT / "course.yml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as tmp:
        work = Path(tmp)
        print(f"{args.practice}: {args.students} submissions")
        course, grading = graded_class(args.course, work / "course", args.practice, args.students)
        feedback = time_feedback(course, args.practice, args.workers)
        previous = None
        if not args.no_baseline:
            previous = time_previous(course, args.practice, work / "previous")
            same = same_text(course.folder("feedback", args.practice), work / "previous")
            print(f"  pages read the same both ways: {'yes' if same else 'NO'}")
    print("\nratios:")
    print(f"  feedback / grading: {feedback / grading:5.2f}   (goal <= 0.25)")
    if previous is not None:
        print(f"  previous feedback / grading: {previous / grading:5.2f}")
        print(f"  previous / new feedback: {previous / feedback:5.1f}x")


if __name__ == "__main__":
    main()
