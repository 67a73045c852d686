"""``grader autograde PRACTICE``: grade every collected submission.

This process coordinates: it loads the checks (public and hidden), draws their inputs
once (the same for every submission: seeded by the course), and sends the workers a
:class:`~grader.witnessing.Witnessing` once and each submission's notebooks; a worker runs
them in sandboxed kernels and brings back what they answered.  Judging happens here:
expected values (computed once per practice), thresholds and holdout labels never leave
this process.  Each result is written atomically to
``autograded/<student>/<practice>/result.json`` (with the executed notebook) with a
fingerprint of what it was computed from, so a second run regrades only what changed or
is missing (``force`` regrades everything); the gradebook is written here only, as
results arrive.

A local worker counts each attempt in ``attempt.json`` next to the result before it
starts.  A submission whose grading never finished (its worker died, or the whole
grader was stopped) is graded again, alone; one that was attempted :data:`MAX_ATTEMPTS`
times without a result gets status ``crashed`` instead of a third try, so no submission
can stop a class from being graded, now or on any rerun (see :mod:`grader.pool`).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import nbformat

from grader import pool, sandbox
from grader.checks import Check, CheckResult, kernel_seed
from grader.course import ATTEMPT, CHECKS_MANIFEST, RESULT, Course, Practice
from grader.gradebook import open_gradebook, record_submission, register_practice
from grader.release import kernel_files, load_practice_checks
from grader.witnessing import Submission, Witnessing, witness
from grader_client.rules import NotebookCode
from grader_client.scoring import judge_testimony, plan, read_notebook, unreadable

MAX_ATTEMPTS = 2


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


@dataclass(frozen=True)
class Job:
    """One submission to grade: who, and what it was computed from."""

    student: str
    practice_id: str
    fingerprint: str


class Grading:
    """One practice being graded: its checks with their expected values computed once, what
    workers are sent, and how a worker's testimonies become a result."""

    def __init__(self, course: Course, practice: Practice, checks: list[Check], *, cluster: bool):
        self.course, self.practice = course, practice
        self.inputs, requests = plan(checks, course.seed)
        # Every submission gets the same inputs: each expected value is computed once.
        self.checks = [replace(c, expected=c.expected_for(self.inputs[c.id])) for c in checks]
        self.by_notebook = checks_by_notebook(practice, self.checks)
        release = course.folder("release", practice.id)
        files = {p.relative_to(release).as_posix(): p.read_bytes()
                 for top in kernel_files(release) for p in ([top] if top.is_file() else sorted(top.rglob("*")))
                 if p.is_file()}
        self.cluster = cluster
        self.witnessing = Witnessing(
            practice=practice.id, files=files, limits=practice.limits, preload=practice.preload,
            seed=kernel_seed(course.seed), hide=(str(course.root), str(course.workspace), str(practice.solutions)),
            requests={name: {c.id: requests[c.id] for c in group} for name, group in self.by_notebook.items()})

    def folder(self, step: str, student: str) -> Path:
        return self.course.folder(step, student, self.practice.id)

    def submission(self, job: Job) -> tuple[Submission, dict]:
        """What a worker gets of ``job``: its readable notebooks; and, judged here without a
        kernel, those that are missing or not notebooks, with each notebook's notes and, for
        the checks' "by hand" rules, its code as submitted (never what the kernel ran or
        says)."""
        notebooks, notes, unread, code = {}, {}, {}, {}
        for name in self.practice.notebooks:
            path = self.folder("submitted", job.student) / name
            nb, said = read_notebook(path) if path.exists() else (None, [f"no se entregó {name}"])
            if nb is None:
                unread[name] = said[0]
            else:
                notebooks[name], notes[name] = path.read_bytes(), said
                code[name] = NotebookCode.for_checks(nb, self.by_notebook.get(name, []))
        marker = None if self.cluster else str(self.folder("autograded", job.student) / ATTEMPT)
        known = {"notes": notes, "unread": unread, "code": code}
        return Submission(job.student, job.fingerprint, notebooks, marker), known

    def result(self, job: Job, bundle: dict, known: dict) -> dict:
        """Judge a worker's testimonies (and the notebooks judged without a kernel); write
        the executed notebooks and the result document."""
        out = self.folder("autograded", job.student)
        out.mkdir(parents=True, exist_ok=True)
        results, statuses, reasons = [], [], []
        for name, checks in self.by_notebook.items():
            testimony = bundle.get("testimonies", {}).get(name)
            if testimony is None:
                grade = unreadable(checks, known["unread"].get(name, "sin respuesta"), self.course.language)
            else:
                grade = judge_testimony(checks, self.inputs, testimony, known["notes"].get(name, []),
                                        self.course.language, known["code"].get(name))
                if grade.executed is not None:
                    nbformat.write(grade.executed, out / name)
            results += grade.results
            statuses.append(grade.status)
            if grade.reason:
                reasons.append(grade.reason)
        # The worst of the notebooks' statuses: error (unreadable) > crashed > timeout > ok.
        status = next((s for s in ("error", "kernel_died", "timeout") if s in statuses), "ok")
        return self._write(job, "crashed" if status == "kernel_died" else status, "; ".join(reasons),
                           results, bundle.get("sandbox", sandbox.mode()))

    def crashed(self, job: Job, reason: str) -> dict:
        """The result of a submission whose grading could not finish: zero, with the reason."""
        from grader_client import messages

        texts = {code: messages.render("no_answer", {"reason": reason}, hidden=False, lang=code)
                 for code in messages.LANGUAGES}
        results = [CheckResult(id=c.id, question=c.question, points=c.points, score=0.0, hidden=c.hidden,
                               message=texts[self.course.language], description=c.description, messages=texts,
                               kind="no_answer")
                   for c in self.checks]
        self.folder("autograded", job.student).mkdir(parents=True, exist_ok=True)
        return self._write(job, "crashed", reason, results, sandbox.mode())

    def _write(self, job: Job, status: str, reason: str, results: list[CheckResult], mode: str) -> dict:
        stamp = _read_timestamp(self.folder("submitted", job.student))
        # Each check as its CheckResult: score, messages, the answer's digest, and the verdict's
        # kind and details, what the report's judgements read (grader.judgements).
        result = {"student": job.student, "practice": self.practice.id, "fingerprint": job.fingerprint,
                  "timestamp": stamp.isoformat() if stamp else None, "status": status, "reason": reason,
                  "sandbox": mode, "score": round(sum(r.score for r in results), 4),
                  "max_score": sum(r.points for r in results), "checks": [vars(r) for r in results]}
        out = self.folder("autograded", job.student)
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
        jobs.append(Job(student, practice.id, fingerprint))
    return jobs, reused


def autograde(course: Course, practice: Practice, *, force: bool = False, workers: int = 1,
              cluster: str | None = None,
              on_result: Callable[[dict], None] | None = None) -> AutogradeSummary:
    """Grade what is pending and write the gradebook and the summary CSV.

    ``cluster`` is a Dask scheduler address (``tcp://host:8786``): its workers need this
    package installed and nothing else (no shared folder; see :mod:`grader.witnessing`
    for what they receive).  Only this process writes results and the gradebook."""
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
    grading = Grading(course, practice, checks, cluster=bool(cluster)) if jobs else None
    given_up = [job for job in jobs if attempts(course, job) >= MAX_ATTEMPTS]
    suspects = [job for job in jobs if 0 < attempts(course, job) < MAX_ATTEMPTS]
    fresh_jobs = [job for job in jobs if attempts(course, job) == 0]
    prepared = {job.student: grading.submission(job) for job in jobs if job not in given_up} if grading else {}
    by_student = {job.student: job for job in jobs}
    # A submission with no notebook to run (none handed in, or none readable) is judged here.
    unrunnable = [job for job in fresh_jobs if not prepared[job.student][0].notebooks]
    fresh_jobs = [job for job in fresh_jobs if job not in unrunnable]
    fresh: list[dict] = []

    def judged(bundle: dict) -> dict:
        job = by_student[bundle["student"]]
        if "crashed" in bundle:
            return grading.crashed(job, bundle["crashed"])
        return grading.result(job, bundle, prepared[job.student][1])

    # Each result is recorded as it arrives (one transaction per student), while the
    # workers grade the next ones: the gradebook is never behind the result files by more
    # than the submission in hand, and its writing overlaps the grading.
    with open_gradebook(course) as gb:
        register_practice(gb, practice, checks_by_notebook(practice, checks))
        for result in reused:
            _record(gb, practice, checks, result)
        given = [grading.crashed(job, f"{pool.WORKER_DIED} ({MAX_ATTEMPTS} intentos)") for job in given_up]
        given += [grading.result(job, {"student": job.student}, prepared[job.student][1]) for job in unrunnable]
        bundles = pool.run([prepared[j.student][0] for j in fresh_jobs], witness,
                           shared=grading.witnessing if grading else None, workers=workers, cluster=cluster,
                           alone=[prepared[j.student][0] for j in suspects],
                           attempts=lambda sub: attempts(course, by_student[sub.student]),
                           crashed=lambda sub, reason: {"student": sub.student, "crashed": reason},
                           retry_crashed=sandbox.kernels_share_a_user())
        for result in itertools.chain(given, map(judged, bundles)):
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
