"""Grade one submitted notebook in a sandboxed kernel (see :mod:`grader.kernel`).

Inputs are drawn and answers judged by the student client's half of grading
(:mod:`grader_client.scoring`), the same code that judges public checks on a student's
machine; hidden checks' expected values are computed here, after the kernel answered.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from grader_client.checks import Check, kernel_seed
from grader_client.scoring import NotebookGrade, judge_testimony, plan, read_notebook, score, unreadable

__all__ = ["NotebookGrade", "grade_notebook", "plan", "score"]


def grade_notebook(
    notebook_path: Path,
    checks: list[Check],
    *,
    seed: int,
    limits,
    lang: str = "es",
    extra_files: list[Path] = (),
    scratch: Path | None = None,
    hide: list[Path] = (),
    preload: tuple[str, ...] = (),
    seeded: int | None = None,
) -> NotebookGrade:
    """Run one notebook in a sandboxed kernel and score every check; never raises for a bad
    notebook.  ``limits`` is a :class:`grader.sandbox.Limits`; ``hide``, ``preload``: see
    :func:`grader.kernel.testify`; ``seeded``: the seed of the kernel's generators (by
    default derived from ``seed``, as for every kernel of the course)."""
    from grader.kernel import testify

    nb, notes = read_notebook(notebook_path)
    if nb is None:
        return unreadable(checks, notes[0], lang)
    inputs, requests = plan(checks, seed)
    with tempfile.TemporaryDirectory(prefix="grader-") as tmp:
        testimony = testify(notebook_path, requests, scratch or Path(tmp), limits, list(extra_files), hide,
                            preload, kernel_seed(seed) if seeded is None else seeded)
    return judge_testimony(checks, inputs, testimony, notes, lang)
