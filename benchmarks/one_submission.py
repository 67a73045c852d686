"""Seconds to grade one submission (the reference) of each practice, from scratch.

    python benchmarks/one_submission.py [PRACTICE ...]

Each practice is released into a fresh workspace, the reference is collected and graded
in this process as ``autograde`` grades it: loading the checks and computing their
expected values, starting the kernel (and, for a practice with ``preload``, the zygote
that imports TensorFlow), running the notebook and judging every check.  A second
submission graded by the same process shows what later submissions cost once warm.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader import autograde as autograde_module  # noqa: E402
from grader.collect import collect  # noqa: E402
from grader.course import load_course  # noqa: E402
from grader.release import load_practice_checks, release  # noqa: E402
from grader.variants import reference_notebook  # noqa: E402
from grader.witnessing import witness  # noqa: E402


def grade(grading, job) -> dict:
    submission, known = grading.submission(job)
    return grading.result(job, witness(grading.witnessing, submission), known)


def main() -> None:
    course = load_course(ROOT / "course.yml")
    chosen = sys.argv[1:] or [p.id for p in course.ready_practices()]
    print(f"{'practice':<12} {'first (s)':>10} {'warm (s)':>9}  score")
    for practice_id in chosen:
        with tempfile.TemporaryDirectory(prefix="grader-one-") as tmp:
            course = load_course(ROOT / "course.yml", Path(tmp))
            practice = course.practice(practice_id)
            release(practice, course.folder("release", practice.id))
            reference = reference_notebook(practice.source_notebook())
            for student in ("ana", "eva"):
                target = Path(tmp, "inbox", student, practice.notebooks[0])
                target.parent.mkdir(parents=True)
                nbformat.write(reference, target)
            collect(course, practice, Path(tmp, "inbox"))
            jobs, _ = autograde_module.pending_jobs(course, practice, force=True)
            started = time.perf_counter()
            public, hidden = load_practice_checks(practice)
            grading = autograde_module.Grading(course, practice, public + hidden, cluster=False)
            first = grade(grading, jobs[0])
            middle = time.perf_counter()
            grade(grading, jobs[1])
            warm = time.perf_counter() - middle
        print(f"{practice_id:<12} {middle - started:10.1f} {warm:9.1f}  "
              f"{first['score']:g}/{first['max_score']:g} {first['status']}", flush=True)


if __name__ == "__main__":
    main()
