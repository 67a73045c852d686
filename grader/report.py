"""``grader report PRACTICE``: a plain instructor report (HTML) and a CSV of grades.

Scores are read back from the gradebook, so a manual score set in formgrader wins over
the autograder's; statuses and reasons come from the autograde results.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from grader import __version__
from grader.autograde import RESULT
from grader.course import Course, Practice
from grader.gradebook import gradebook_scores, open_gradebook
from grader.release import load_practice_checks


@dataclass
class Report:
    html: Path
    csv: Path
    rows: list[dict]


def _results(course: Course, practice: Practice) -> dict[str, dict]:
    found = {}
    for path in sorted(course.folder("autograded").glob(f"*/{practice.id}/{RESULT}")):
        result = json.loads(path.read_text(encoding="utf-8"))
        found[result["student"]] = result
    return found


def build_report(course: Course, practice: Practice) -> Report:
    public, hidden = load_practice_checks(practice)
    checks = public + hidden
    results = _results(course, practice)
    with open_gradebook(course) as gb:
        try:
            scores = gradebook_scores(gb, practice.id)
        except Exception:  # nothing autograded yet
            scores = {}
    max_score = sum(c.points for c in checks)
    rows = []
    for student in sorted(set(results) | set(scores)):
        per_check = scores.get(student, {})
        result = results.get(student, {})
        rows.append({
            "student": student,
            "score": round(sum(per_check.get(c.id, 0.0) for c in checks), 4),
            "max_score": max_score,
            "status": result.get("status", "sin calificar"),
            "reason": result.get("reason", ""),
            "checks": {c.id: per_check.get(c.id, 0.0) for c in checks},
        })
    check_rows = [{"id": c.id, "question": c.question, "hidden": c.hidden, "points": c.points,
                   "passed": sum(1 for r in rows if r["checks"][c.id] >= c.points - 1e-9)}
                  for c in checks]
    out = course.folder("reports", practice.id)
    out.mkdir(parents=True, exist_ok=True)
    env = Environment(loader=PackageLoader("grader"), autoescape=select_autoescape(["html", "j2"]))
    mean = sum(r["score"] for r in rows) / len(rows) if rows else 0.0
    html_path = out / "report.html"
    html_path.write_text(env.get_template("report.html.j2").render(
        practice=practice, rows=rows, checks=check_rows, mean=mean, max_score=max_score,
        version=__version__), encoding="utf-8")
    csv_path = out / "grades.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "score", "max_score", "status", "reason"])
        for row in rows:
            writer.writerow([row["student"], f"{row['score']:g}", f"{row['max_score']:g}",
                             row["status"], row["reason"]])
    return Report(html_path, csv_path, rows)
