"""``grader report PRACTICE`` and ``grader report --all``: what the instructor reads.

Per practice, in ``reports/<practice>/``:

``report.html``
    One self-contained page (inline CSS, a few lines of JavaScript to sort the table,
    plots embedded as PNG): score histogram, pass rate per check (most failed first),
    the per-student table (status, reason, lateness, raw score, penalty, final score),
    errors grouped by reason, each check's difficulty and discrimination (with the checks
    that look wrong or too strict flagged), the points lost to "by hand" rules and data
    leaks and the models scored between baseline and target (:mod:`grader.judgements`),
    the pairs of submissions whose code is suspiciously alike (:mod:`grader.similarity`;
    a person decides, no score changes), and the columns of the CSV files below.
``grades.csv``
    ``student, score, max_score, status, reason`` (``score`` is the final score), then
    ``raw, penalty, final, late, late_hours, due, submitted, manual_checks`` and one column
    per check with the gradebook's score for it.
``moodle.csv``, ``canvas.csv``
    Gradebook imports; their columns are described in :mod:`grader.lms`.

For the course (``--all``), ``reports/index.html`` (every practice side by side and a
student-by-practice table of final scores) and course-wide ``grades.csv``, ``moodle.csv``
and ``canvas.csv`` with one column per practice.

Scores are read back from the gradebook, so a manual score set in formgrader wins over
the autograder's; statuses, reasons and submission times come from the autograde
results; the late policy (:mod:`grader.late`) turns the raw score into the final one.
What a check is (question, points, description, hidden or not) comes from the checks
manifest autograde writes beside the results: reports never load the practice's checks,
so they never import its hidden checks nor build its data sets.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from jinja2 import Environment, PackageLoader, select_autoescape
from nbgrader.api import MissingEntry

from grader import __version__, judgements, late, lms, plots, similarity
from grader.course import CHECKS_MANIFEST, RESULT, Course, CourseError, Practice
from grader.gradebook import gradebook_scores, open_gradebook
from grader.manual import ManualItem, manual_items

UNGRADED = "ungraded"
STATUS_LABELS = {"ok": "correcta", "error": "error", "timeout": "tiempo agotado",
                 "crashed": "el kernel se cayó", UNGRADED: "sin calificar"}
# The usual signs of a check that is wrong or too strict (see check_flags).
CHECK_FLAGS = {"nobody": "nadie la supera", "everybody": "todos la superan", "negative": "discriminación negativa"}


@dataclass(frozen=True)
class CheckInfo:
    """What reports show of a check, as the checks manifest holds it."""

    id: str
    question: str
    points: float
    description: str
    hidden: bool
    notebook: str


@dataclass
class StudentGrade:
    """One student's grade for one practice, as every report and CSV shows it."""

    student: str
    name: str
    email: str
    status: str  # ok | error | timeout | crashed | ungraded
    reason: str
    timestamp: dt.datetime | None
    lateness: late.Lateness
    checks: dict[str, float]  # check id -> score (manual when set)
    manual: list[str]  # ids of the checks scored by hand
    max_score: float
    raw: float = field(init=False)
    penalty: float = field(init=False)
    final: float = field(init=False)

    def __post_init__(self) -> None:
        self.raw = round(sum(self.checks.values()), 4)
        self.penalty, self.final = late.apply(self.raw, self.lateness)

    @property
    def late(self) -> bool:
        return self.lateness.late

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class CheckStats:
    id: str
    question: str
    description: str
    hidden: bool
    points: float
    passed: int
    total: int
    discrimination: float | None = None  # item-rest correlation; None where it is undefined
    flags: tuple[str, ...] = ()  # keys of CHECK_FLAGS

    @property
    def rate(self) -> float:
        """The share of students who pass it: its difficulty index."""
        return self.passed / self.total if self.total else 0.0


def passes(score: float, points: float) -> bool:
    return score >= points - 1e-9


def item_rest_correlation(passed: Sequence[bool], rest: Sequence[float]) -> float | None:
    """Pearson's correlation of passing a check (1 or 0) with the score on the other
    checks: positive when the students who do best elsewhere pass it more often.  None
    with fewer than three students, or when either side does not vary."""
    if len(passed) < 3:
        return None
    try:
        return statistics.correlation([float(p) for p in passed], [float(r) for r in rest])
    except statistics.StatisticsError:  # a constant side
        return None


def discrimination(table: Mapping[str, Mapping[str, float]], points: Mapping[str, float],
                   check_id: str) -> float | None:
    """The item-rest correlation of a check in a score table (student -> check -> score)."""
    passed = [passes(scores.get(check_id, 0.0), points[check_id]) for scores in table.values()]
    rest = [sum(scores.values()) - scores.get(check_id, 0.0) for scores in table.values()]
    return item_rest_correlation(passed, rest)


def check_flags(passed: int, total: int, discrimination: float | None) -> tuple[str, ...]:
    """Nobody passes it, everybody does, or the strongest students fail it more often."""
    if not total:
        return ()
    flags = ["nobody"] if passed == 0 else ["everybody"] if passed == total else []
    if discrimination is not None and discrimination < -1e-9:
        flags.append("negative")
    return tuple(flags)


@dataclass(frozen=True)
class ErrorGroup:
    status: str
    reason: str
    students: list[str]


@dataclass
class PracticeGrades:
    practice: Practice
    checks: list[CheckInfo | ManualItem]
    rows: list[StudentGrade]
    missing: list  # roster students (grader.roster.Student) with no submission
    results: dict = field(default_factory=dict)  # student -> result document

    @property
    def max_score(self) -> float:
        return self.practice.points  # what its checks add up to, once autograde has them

    def stats(self) -> list[CheckStats]:
        """Per check, how many students got its full points and how that goes with the
        rest of their score; the most failed first.  An answer graded by hand that nobody
        has graded yet is not flagged."""
        table = {r.student: r.checks for r in self.rows}
        points = {c.id: c.points for c in self.checks}
        graded_by_hand = {check_id for r in self.rows for check_id in r.manual}
        found = []
        for c in self.checks:
            passed = sum(passes(r.checks.get(c.id, 0.0), c.points) for r in self.rows)
            pending = isinstance(c, ManualItem) and c.id not in graded_by_hand
            index = None if pending else discrimination(table, points, c.id)
            found.append(CheckStats(c.id, c.question, c.description, c.hidden, c.points, passed, len(self.rows),
                                    index, () if pending else check_flags(passed, len(self.rows), index)))
        return sorted(found, key=lambda s: (s.rate, s.id))

    def error_groups(self) -> list[ErrorGroup]:
        """Submissions that did not run cleanly, grouped by status and reason."""
        groups: dict[tuple[str, str], list[str]] = {}
        for row in self.rows:
            if row.status != "ok" or row.reason:
                groups.setdefault((row.status, row.reason), []).append(row.student)
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        return [ErrorGroup(status, reason, students) for (status, reason), students in ordered]

    def summary(self) -> dict:
        finals = [r.final for r in self.rows]
        return {
            "submissions": len(self.rows),
            "mean": statistics.fmean(finals) if finals else 0.0,
            "median": statistics.median(finals) if finals else 0.0,
            "ok": sum(r.status == "ok" for r in self.rows),
            "late": sum(r.late for r in self.rows),
            "manual": sum(bool(r.manual) for r in self.rows),
            "missing": len(self.missing),
        }


def load_results(course: Course, practice: Practice) -> dict[str, dict]:
    """The autograde results of a practice by student."""
    found = {}
    for path in sorted(course.folder("autograded").glob(f"*/{practice.id}/{RESULT}")):
        result = json.loads(path.read_text(encoding="utf-8"))
        found[result["student"]] = result
    return found


def load_checks_manifest(course: Course, practice: Practice, graded: bool) -> list[CheckInfo]:
    """The practice's autograded checks, from ``autograded/<practice>.checks.json``; none
    when nothing was ever autograded (``graded`` false)."""
    path = course.folder("autograded", CHECKS_MANIFEST.format(practice=practice.id))
    if not path.exists():
        if graded:  # results from before autograde wrote the manifest
            raise CourseError(f"{path}: no existe; vuelve a ejecutar `grader autograde {practice.id}` "
                              "(reutiliza lo ya calificado y escribe este archivo)")
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))["checks"]
    return [CheckInfo(e["id"], e["question"], float(e["points"]), e["description"], bool(e["hidden"]),
                      e["notebook"]) for e in entries]


def practice_checks(course: Course, practice: Practice, graded: bool) -> list[CheckInfo | ManualItem]:
    """The checks autograde used and the answers graded by hand, which count too; their
    points must still be what course.yml promises (autograde made sure they were)."""
    checks = load_checks_manifest(course, practice, graded) + manual_items(practice)
    total = sum(c.points for c in checks)
    if graded and abs(total - practice.points) > 1e-9:
        raise CourseError(f"course.yml: practices.{practice.id}.points: dice {practice.points:g} pero lo "
                          f"calificado suma {total:g}; vuelve a ejecutar `grader autograde {practice.id}`")
    return checks


def manual_checks(gb, practice_id: str) -> dict[str, set[str]]:
    """Per student, the checks whose score a person set (formgrader's ``manual_score``)."""
    found: dict[str, set[str]] = {}
    for submission in gb.find_assignment(practice_id).submissions:
        for nb in submission.notebooks:
            for grade in nb.grades:
                if grade.manual_score is not None:
                    found.setdefault(submission.student.id, set()).add(grade.name)
    return found


def _timestamp(result: dict) -> dt.datetime | None:
    stamp = result.get("timestamp")
    return dt.datetime.fromisoformat(stamp) if stamp else None


def gather(course: Course, practice: Practice, roster=None) -> PracticeGrades:
    """Everything the reports show for a practice; ``roster`` defaults to the course's."""
    results = load_results(course, practice)
    with open_gradebook(course) as gb:
        try:
            scores, manual = gradebook_scores(gb, practice.id), manual_checks(gb, practice.id)
        except MissingEntry:  # nothing autograded yet
            scores, manual = {}, {}
    checks = practice_checks(course, practice, bool(results or scores))
    roster = course.roster() if roster is None else roster
    known = {s.id: s for s in roster.students} if roster else {}
    max_score = practice.points
    rows = []
    for student in sorted(set(results) | set(scores)):
        result = results.get(student, {})
        stamp = _timestamp(result)
        person = known.get(student)
        rows.append(StudentGrade(
            student=student, name=person.name if person else "", email=person.email if person else "",
            status=result.get("status", UNGRADED), reason=result.get("reason", ""), timestamp=stamp,
            lateness=late.assess(practice.due, stamp, student, practice.config.late),
            checks={c.id: scores.get(student, {}).get(c.id, 0.0) for c in checks},
            manual=sorted(manual.get(student, ())), max_score=max_score))
    missing = [s for s in known.values() if s.id not in results and s.id not in scores]
    return PracticeGrades(practice, checks, rows, missing, results)


@dataclass
class Report:
    html: Path
    csv: Path
    moodle: Path
    canvas: Path
    grades: PracticeGrades

    @property
    def rows(self) -> list[StudentGrade]:
        return self.grades.rows


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("grader"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["num"] = lambda value: lms.number(value)
    return env


def local_time(stamp: dt.datetime | None, practice: Practice) -> str:
    """A time in the practice's own time zone, as its due date was written."""
    return stamp.astimezone(practice.due.tzinfo).strftime("%Y-%m-%d %H:%M") if stamp else ""


def write_grades_csv(path: Path, grades: PracticeGrades) -> Path:
    ids = [c.id for c in grades.checks]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "score", "max_score", "status", "reason", "raw", "penalty", "final",
                         "late", "late_hours", "due", "submitted", "manual_checks", *ids])
        for row in grades.rows:
            writer.writerow([
                row.student, lms.number(row.final), lms.number(row.max_score), row.status, row.reason,
                lms.number(row.raw), lms.number(row.penalty), lms.number(row.final),
                "yes" if row.late else "no", f"{row.lateness.late_by.total_seconds() / 3600:.2f}",
                row.lateness.due.isoformat(), row.timestamp.isoformat() if row.timestamp else "",
                " ".join(row.manual), *(lms.number(row.checks[i]) for i in ids)])
    return path


def _lms_rows(rows_by_practice: dict[str, list[StudentGrade]]) -> list[lms.LmsRow]:
    merged: dict[str, lms.LmsRow] = {}
    for key, rows in rows_by_practice.items():
        for row in rows:
            entry = merged.setdefault(row.student, lms.LmsRow(row.student, row.name, row.email))
            entry.grades[key] = row.final
    return [merged[s] for s in sorted(merged)]


def write_report(course: Course, grades: PracticeGrades) -> Report:
    practice = grades.practice
    out = course.folder("reports", practice.id)
    out.mkdir(parents=True, exist_ok=True)
    stats = grades.stats()
    finals = [r.final for r in grades.rows]
    html = out / "report.html"
    html.write_text(_environment().get_template("report.html.j2").render(
        practice=practice, course=course, grades=grades, rows=grades.rows, stats=stats,
        groups=grades.error_groups(), summary=grades.summary(), max_score=grades.max_score,
        policy=practice.config.late, local_time=lambda s: local_time(s, practice),
        histogram=plots.score_histogram(finals, grades.max_score),
        pass_rates=plots.pass_rate_bars([s.id + (" (oculta)" if s.hidden else "") for s in stats],
                                        [s.rate for s in stats]) if grades.rows else None,
        flags=CHECK_FLAGS, judgements=judgements.gather(grades.results, {r.student: r.manual for r in grades.rows}),
        similar=similarity.practice_similarity(
            course, practice, [r.student for r in grades.rows], grades.results),
        generated=dt.datetime.now(dt.timezone.utc), version=__version__, lms=lms), encoding="utf-8")
    item = [lms.GradeItem(practice.id, practice.title, grades.max_score)]
    rows = _lms_rows({practice.id: grades.rows})
    return Report(html, write_grades_csv(out / "grades.csv", grades),
                  lms.write_moodle(out / "moodle.csv", item, rows),
                  lms.write_canvas(out / "canvas.csv", item, rows), grades)


def build_report(course: Course, practice: Practice, roster=None) -> Report:
    return write_report(course, gather(course, practice, roster))


@dataclass
class CourseReport:
    html: Path
    csv: Path
    moodle: Path
    canvas: Path
    reports: list[Report]


def build_course_report(course: Course) -> CourseReport:
    """Every ready practice's report, then the course page and the course-wide CSVs."""
    roster = course.roster()
    reports = [build_report(course, practice, roster) for practice in course.ready_practices()]
    items = [lms.GradeItem(r.grades.practice.id, r.grades.practice.title, r.grades.max_score) for r in reports]
    rows = _lms_rows({r.grades.practice.id: r.rows for r in reports})
    total_max = sum(item.max_score for item in items)
    totals = {row.student: sum(row.grades.values()) for row in rows}
    late_by_student = Counter(r.student for rep in reports for r in rep.rows if r.late)
    out = course.folder("reports")
    html = out / "index.html"
    html.write_text(_environment().get_template("course.html.j2").render(
        course=course, reports=reports, items=items, rows=rows, totals=totals, total_max=total_max,
        late_by_student=late_by_student,
        histogram=plots.score_histogram([100 * t / total_max for t in totals.values()] if total_max else [],
                                        100, xlabel="Nota del curso (% del máximo)"),
        means=plots.pass_rate_bars([r.grades.practice.id for r in reports],
                                   [r.grades.summary()["mean"] / r.grades.max_score if r.grades.max_score else 0
                                    for r in reports], xlabel="Nota media (% del máximo)") if rows else None,
        generated=dt.datetime.now(dt.timezone.utc), version=__version__, lms=lms), encoding="utf-8")
    grades_csv = out / "grades.csv"
    with open(grades_csv, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "name", "email", *(i.key for i in items), "total", "max_total"])
        for row in rows:
            writer.writerow([row.student, row.name, row.email,
                             *(lms.number(row.grades[i.key]) if i.key in row.grades else "" for i in items),
                             lms.number(totals[row.student]), lms.number(total_max)])
    return CourseReport(html, grades_csv, lms.write_moodle(out / "moodle.csv", items, rows),
                        lms.write_canvas(out / "canvas.csv", items, rows), reports)
