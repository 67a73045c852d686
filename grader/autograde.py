"""``grader autograde PRACTICE``: grade every collected submission.

Per submission: a fresh kernel in a scratch folder (the notebook and the released data
only) answers the checks' requests; judges score the answers in this process.  Each
result is written atomically to ``autograded/<student>/<practice>/result.json`` with a
fingerprint of what it was computed from, so a second run regrades only what changed or
is missing (``force`` regrades everything).  The gradebook is written by this
coordinating process only, after the grading work.

Before grading, a worker counts the attempt in ``attempt.json`` next to the result.  A
submission whose grading never finished (its worker died, or the whole grader was
stopped) is graded again, alone; one that was attempted :data:`MAX_ATTEMPTS` times
without a result gets status ``crashed`` instead of a third try, so no submission can
stop a class from being graded, now or on any rerun (see :mod:`grader.pool`).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat

from grader import pool, sandbox
from grader.checks import Check, CheckResult
from grader.course import ATTEMPT, CHECKS_MANIFEST, RESULT, Course, Practice
from grader.gradebook import open_gradebook, record_submission, register_practice
from grader.release import kernel_files, load_practice_checks
from grader.scoring import grade_notebook

MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to grade one submission; plain data, so it pickles."""

    student: str
    practice_id: str
    course_path: str
    workspace: str
    fingerprint: str
    fingerprint_base: str = ""  # what the practice's checks were computed from


_CHECKS: dict[tuple, tuple[list[Check], list[Check]]] = {}


def _worker_checks(course: Course, practice: Practice, base: str) -> tuple[list[Check], list[Check]]:
    """The practice's checks, loaded once per worker process: hidden checks may load data
    sets and libraries, which is the same work for every submission."""
    key = (str(course.path), practice.id, base)
    if key not in _CHECKS:
        _CHECKS.clear()
        _CHECKS[key] = load_practice_checks(practice)
    return _CHECKS[key]


def checks_by_notebook(practice: Practice, checks: list[Check]) -> dict[str, list[Check]]:
    grouped: dict[str, list[Check]] = {name: [] for name in practice.notebooks}
    for check in checks:
        grouped.setdefault(check.notebook or practice.notebooks[0], []).append(check)
    return grouped


def _digest(paths: list[Path], extra: str = "") -> str:
    sha = hashlib.sha256(extra.encode())
    for path in paths:
        sha.update(path.name.encode())
        sha.update(path.read_bytes() if path.is_file() else b"<missing>")
    return sha.hexdigest()[:16]


def grading_fingerprint(course: Course, practice: Practice) -> str:
    """What every result of this practice depends on besides the notebook itself."""
    from grader import __version__

    instructor = sorted(p for p in practice.solutions.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
        if practice.solutions.is_dir() else []
    return _digest([practice.public_checks_path, *instructor],
                   f"{__version__}:{course.seed}:{practice.limits}:{course.language}:{practice.data_sources}")


def submission_fingerprint(folder: Path, practice: Practice, base: str) -> str:
    return _digest([folder / name for name in practice.notebooks], base)


def _read_timestamp(folder: Path) -> dt.datetime | None:
    path = folder / "timestamp.txt"
    if not path.exists():
        return None
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(path.read_text(encoding="utf-8").strip()).replace(tzinfo=dt.timezone.utc)
    except Exception:
        return None


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def grade_job(job: Job) -> dict:
    """Grade one submission and write its result file; never raises for a bad submission."""
    from grader.course import load_course

    sandbox.shield()
    course = load_course(job.course_path, Path(job.workspace))
    practice = course.practice(job.practice_id)
    public, hidden = _worker_checks(course, practice, job.fingerprint_base)
    submitted = course.folder("submitted", job.student, practice.id)
    out = course.folder("autograded", job.student, practice.id)
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / ATTEMPT, json.dumps({"fingerprint": job.fingerprint, "attempts": attempts(course, job) + 1}))
    extra = kernel_files(course.folder("release", practice.id))
    results, statuses, reasons = [], [], []
    for name, checks in checks_by_notebook(practice, public + hidden).items():
        notebook = submitted / name
        grade = grade_notebook(notebook, checks, seed=course.seed, limits=practice.limits,
                               lang=course.language, extra_files=extra,
                               hide=[course.root, course.workspace, practice.solutions],
                               preload=practice.preload)
        if not notebook.exists():
            grade.reason = f"no se entregó {name}"
        if grade.executed is not None:
            nbformat.write(grade.executed, out / name)
        results += grade.results
        statuses.append(grade.status)
        if grade.reason:
            reasons.append(grade.reason)
    # The worst of the notebooks' statuses: error (unreadable) > crashed > timeout > ok.
    status = next((s for s in ("error", "kernel_died", "timeout") if s in statuses), "ok")
    status = "crashed" if status == "kernel_died" else status
    stamp = _read_timestamp(submitted)
    result = {
        "student": job.student,
        "practice": practice.id,
        "fingerprint": job.fingerprint,
        "timestamp": stamp.isoformat() if stamp else None,
        "status": status,
        "reason": "; ".join(reasons),
        "sandbox": sandbox.mode(),
        "score": round(sum(r.score for r in results), 4),
        "max_score": sum(r.points for r in results),
        "checks": [vars(r) for r in results],
    }
    _write_atomic(out / RESULT, json.dumps(result, indent=1, ensure_ascii=False))
    (out / ATTEMPT).unlink(missing_ok=True)
    return result


def attempts(course: Course, job: Job) -> int:
    """How many times grading this very submission started without finishing."""
    path = course.folder("autograded", job.student, job.practice_id, ATTEMPT)
    try:
        marker = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return int(marker.get("attempts", 0)) if marker.get("fingerprint") == job.fingerprint else 0


def crashed_result(course: Course, practice: Practice, checks: list[Check], job: Job, reason: str) -> dict:
    """The result of a submission whose grading could not finish: zero, with the reason."""
    from grader_client import messages

    texts = {code: messages.render("no_answer", {"reason": reason}, hidden=False, lang=code)
             for code in messages.LANGUAGES}
    results = [CheckResult(id=c.id, question=c.question, points=c.points, score=0.0, hidden=c.hidden,
                           message=texts[course.language], description=c.description, messages=texts)
               for c in checks]
    stamp = _read_timestamp(course.folder("submitted", job.student, practice.id))
    result = {"student": job.student, "practice": practice.id, "fingerprint": job.fingerprint,
              "timestamp": stamp.isoformat() if stamp else None, "status": "crashed", "reason": reason,
              "sandbox": sandbox.mode(), "score": 0.0, "max_score": sum(c.points for c in checks),
              "checks": [vars(r) for r in results]}
    out = course.folder("autograded", job.student, practice.id)
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / RESULT, json.dumps(result, indent=1, ensure_ascii=False))
    (out / ATTEMPT).unlink(missing_ok=True)
    return result


@dataclass
class AutogradeSummary:
    practice: str
    results: list[dict]
    graded: int
    reused: int
    csv_path: Path


def pending_jobs(course: Course, practice: Practice, force: bool) -> tuple[list[Job], list[dict]]:
    """Submissions to grade now, and results still valid from an earlier run."""
    base = grading_fingerprint(course, practice)
    jobs, reused = [], []
    submitted_root = course.folder("submitted")
    folders = sorted(submitted_root.glob(f"*/{practice.id}")) if submitted_root.exists() else []
    for folder in folders:
        student = folder.parent.name
        fingerprint = submission_fingerprint(folder, practice, base)
        result_path = course.folder("autograded", student, practice.id, RESULT)
        if not force and result_path.exists():
            try:
                previous = json.loads(result_path.read_text(encoding="utf-8"))
            except ValueError:
                previous = {}
            if previous.get("fingerprint") == fingerprint:
                reused.append(previous)
                continue
        jobs.append(Job(student, practice.id, str(course.path), str(course.workspace), fingerprint, base))
    return jobs, reused


def autograde(course: Course, practice: Practice, *, force: bool = False, workers: int = 1,
              cluster: str | None = None,
              on_result: Callable[[dict], None] | None = None) -> AutogradeSummary:
    """Grade what is pending and write the gradebook and the summary CSV.

    ``cluster`` is a Dask scheduler address (``tcp://host:8786``): its workers must see
    the course and workspace at the same paths (a shared folder) and have this package
    installed.  Only this process writes the gradebook, whatever runs the grading."""
    public, hidden = load_practice_checks(practice)
    sandbox.check_safe()  # probed (and a weaker isolation announced) once, before any worker starts
    sandbox.shield()
    if not course.folder("release", practice.id).exists():
        from grader.release import release

        release(practice, course.folder("release", practice.id))
    jobs, reused = pending_jobs(course, practice, force)
    if force:  # a new start for every submission, those given up on included
        for job in jobs:
            course.folder("autograded", job.student, practice.id, ATTEMPT).unlink(missing_ok=True)
    checks = public + hidden
    given_up = [job for job in jobs if attempts(course, job) >= MAX_ATTEMPTS]
    suspects = [job for job in jobs if 0 < attempts(course, job) < MAX_ATTEMPTS]
    fresh_jobs = [job for job in jobs if attempts(course, job) == 0]
    fresh: list[dict] = []
    # Each result is recorded as it arrives (one transaction per student), while the
    # workers grade the next ones: the gradebook is never behind the result files by more
    # than the submission in hand, and its writing overlaps the grading.
    with open_gradebook(course) as gb:
        register_practice(gb, practice, checks_by_notebook(practice, checks))
        for result in reused:
            _record(gb, practice, checks, result)
        given = [crashed_result(course, practice, checks, job,
                                f"{pool.WORKER_DIED} ({MAX_ATTEMPTS} intentos)") for job in given_up]
        graded = pool.run(fresh_jobs, grade_job, workers=workers, cluster=cluster, alone=suspects,
                          attempts=lambda job: attempts(course, job),
                          crashed=lambda job, reason: crashed_result(course, practice, checks, job, reason),
                          retry_crashed=sandbox.kernels_share_a_user())
        for result in itertools.chain(given, graded):
            fresh.append(result)
            if on_result:
                on_result(result)
            _record(gb, practice, checks, result)
    results = sorted(reused + fresh, key=lambda r: r["student"])
    write_checks_manifest(course, practice, checks)
    csv_path = write_summary_csv(course, practice, checks, results)
    return AutogradeSummary(practice.id, results, len(fresh), len(reused), csv_path)


def _record(gb, practice: Practice, checks: list[Check], result: dict) -> None:
    stamp = dt.datetime.fromisoformat(result["timestamp"]) if result.get("timestamp") else None
    record_submission(gb, practice, result["student"], stamp, _scores_by_notebook(practice, checks, result))


def _scores_by_notebook(practice: Practice, checks: list[Check], result: dict) -> dict[str, dict[str, float]]:
    by_id = {c["id"]: c["score"] for c in result["checks"]}
    return {name: {c.id: by_id.get(c.id, 0.0) for c in group}
            for name, group in checks_by_notebook(practice, checks).items()}


def write_checks_manifest(course: Course, practice: Practice, checks: list[Check]) -> Path:
    """``autograded/<practice>.checks.json``: what reports and feedback need to know of the
    checks (id, question, points, description, hidden, notebook), so that they are built
    from result documents alone, never loading the hidden checks."""
    path = course.folder("autograded", CHECKS_MANIFEST.format(practice=practice.id))
    path.parent.mkdir(parents=True, exist_ok=True)
    grouped = checks_by_notebook(practice, checks)
    entries = [{"id": c.id, "question": c.question, "points": c.points, "description": c.description,
                "hidden": c.hidden, "notebook": name} for name, group in grouped.items() for c in group]
    _write_atomic(path, json.dumps({"practice": practice.id, "checks": entries}, indent=1, ensure_ascii=False))
    return path


def write_summary_csv(course: Course, practice: Practice, checks: list[Check], results: list[dict]) -> Path:
    path = course.folder("autograded", f"{practice.id}.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    ids = [c.id for c in checks]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "total", "max", *ids, "status", "reason"])
        for result in results:
            by_id = {c["id"]: c["score"] for c in result["checks"]}
            writer.writerow([result["student"], f"{result['score']:g}", f"{result['max_score']:g}",
                             *(f"{by_id.get(i, 0):g}" for i in ids), result["status"], result["reason"]])
    return path
