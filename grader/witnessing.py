"""The work a grading worker does: run submissions in sandboxed kernels and bring back
what they answered, nothing more.

A worker needs no shared folder and none of the instructor's secrets.  Once per
practice it receives a :class:`Witnessing` (plain data): the requests every kernel is
asked (the inputs the checks chose, as the kernel will see them: holdout *features*
included, never their labels), the files of the release a kernel gets (``checks.json``
and ``data/``), the limits and the modules to preload.  Per submission it receives a
:class:`Submission`: the student id and the bytes of their notebooks.  It returns each
notebook's :class:`~grader_client.run.Testimony` (the answers as data, the executed
notebook, the cells that failed).  Hidden checks, expected values, thresholds and holdout
labels never reach it: the coordinating process judges (see :mod:`grader.autograde`).

The same function serves the local process pool and a Dask cluster (:mod:`grader.pool`),
whose workers need only this package installed.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader import sandbox
from grader.sandbox import Limits


@dataclass(frozen=True)
class Witnessing:
    """What every submission of a practice is asked, and what its kernel gets."""

    practice: str
    requests: dict  # notebook name -> {check id: (request as JSON-able data, its arrays)}
    files: dict[str, bytes]  # released files by path relative to the release: checks.json, data/...
    limits: Limits
    preload: tuple[str, ...]
    seed: int  # of the kernels' generators
    hide: tuple[str, ...] = ()  # the coordinator's course folders, hidden where they exist


@dataclass(frozen=True)
class Submission:
    """One student's notebooks, as bytes; ``marker``: where to count the attempt, when the
    worker shares the coordinator's disk (a local pool)."""

    student: str
    fingerprint: str
    notebooks: dict[str, bytes] = field(default_factory=dict)
    marker: str | None = None


def _count_attempt(job: Submission) -> None:
    path = Path(job.marker)
    try:
        marker = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marker = {}
    count = int(marker.get("attempts", 0)) if marker.get("fingerprint") == job.fingerprint else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"fingerprint": job.fingerprint, "attempts": count + 1}), encoding="utf-8")
    os.replace(tmp, path)


def _released(files: dict[str, bytes], folder: Path) -> list[Path]:
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return sorted({folder / Path(name).parts[0] for name in files})


def witness(shared: Witnessing, job: Submission) -> dict:
    """Run each notebook of ``job`` in a fresh sandboxed kernel and ask it ``shared``'s
    requests: ``{"student", "status", "sandbox", "testimonies": {notebook: Testimony}}``.
    Never raises for a bad submission (an unreadable notebook is judged before it gets
    here)."""
    from grader.kernel import testify

    sandbox.shield()
    if job.marker:
        _count_attempt(job)
    testimonies = {}
    with tempfile.TemporaryDirectory(prefix="grader-job-") as tmp:
        tmp = Path(tmp)
        extra = _released(shared.files, tmp / "release")
        for name, content in job.notebooks.items():
            notebook = tmp / "submission" / name
            notebook.parent.mkdir(parents=True, exist_ok=True)
            notebook.write_bytes(content)
            testimonies[name] = testify(notebook, shared.requests.get(name, {}), tmp / "scratch" / Path(name).stem,
                                        shared.limits, extra, [Path(p) for p in shared.hide],
                                        shared.preload, shared.seed)
    died = any(t.status == "kernel_died" for t in testimonies.values())
    return {"student": job.student, "status": "crashed" if died else "ok", "sandbox": sandbox.mode(),
            "testimonies": testimonies}
