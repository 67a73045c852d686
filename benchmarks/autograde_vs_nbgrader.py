"""Autograde speed against plain nbgrader, on one set of generated submissions.

    python benchmarks/autograde_vs_nbgrader.py [--practice calculator] [--students 64]

Builds a class of generated submissions of one practice of the bundled course (the
reference, the blank release, every known-wrong variant and a corrupt file, repeated
under distinct student ids), then times, in this one run and on the same files:

- ``nbgrader autograde`` (nbgrader's own command, serial, in its own course folder);
- ``grader autograde`` with 1 and with 2 workers (sandboxed kernels, hidden checks);
- the floor: executing each notebook once with nbclient and nothing else, serially.

and prints the ratios.  Each timing starts from scratch (no reused results).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.autograde import autograde  # noqa: E402
from grader.collect import collect  # noqa: E402
from grader.course import load_course  # noqa: E402
from grader.release import release  # noqa: E402
from grader.samples import sample_class  # noqa: E402

NBGRADER_CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "bench"
c.ExecutePreprocessor.timeout = {timeout}
"""


def generated_class(practice, release_folder: Path, students: int) -> list[tuple[str, bytes]]:
    samples = sample_class(practice, release_folder)
    return [(f"s{i:03d}", samples[i % len(samples)].content) for i in range(students)]


def write_submissions(folder: Path, practice_id: str, name: str, submissions) -> None:
    for student, content in submissions:
        target = folder / student / practice_id / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def time_nbgrader(work: Path, practice, submissions) -> float:
    course_dir = work / "nbgrader"
    name = practice.notebooks[0]
    source = course_dir / "source" / practice.id
    source.mkdir(parents=True)
    shutil.copy2(practice.source_notebook(), source / name)
    (course_dir / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(
        root=str(course_dir), timeout=practice.limits.cell_timeout))
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "nbgrader", *args], cwd=course_dir, capture_output=True, text=True)
    prepared = run("generate_assignment", practice.id, "--force")
    if prepared.returncode != 0:
        raise SystemExit(f"nbgrader generate_assignment failed:\n{prepared.stderr[-2000:]}")
    write_submissions(course_dir / "submitted", practice.id, name, submissions)
    started = time.perf_counter()
    graded = run("autograde", practice.id, "--force")
    elapsed = time.perf_counter() - started
    done = len(list((course_dir / "autograded").glob(f"*/{practice.id}/{name}")))
    print(f"  nbgrader autograde: {elapsed:7.1f} s  ({done}/{len(submissions)} notebooks written, "
          f"exit {graded.returncode})")
    return elapsed


def time_grader(work: Path, course_path: Path, practice_id: str, submissions, workers: int) -> float:
    course = load_course(course_path, work / f"grader-{workers}")
    practice = course.practice(practice_id)
    release(practice, course.folder("release", practice.id))
    inbox = work / f"inbox-{workers}"
    write_submissions(inbox, "", practice.notebooks[0], submissions)
    collect(course, practice, inbox)
    started = time.perf_counter()
    summary = autograde(course, practice, workers=workers, force=True)
    elapsed = time.perf_counter() - started
    failed = sum(r["status"] != "ok" for r in summary.results)
    print(f"  grader autograde --workers {workers}: {elapsed:7.1f} s  ({summary.graded} graded, "
          f"{failed} with errors)")
    return elapsed


def time_floor(work: Path, practice, submissions, release_folder: Path) -> float:
    """Execute every notebook with nbclient and nothing more (unreadable files skipped)."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    started = time.perf_counter()
    executed = 0
    for index, (_, content) in enumerate(submissions):
        try:
            nb = nbformat.reads(content.decode("utf-8"), as_version=4)
        except Exception:
            continue
        folder = work / "floor" / str(index)
        shutil.copytree(release_folder, folder)
        manager = KernelManager(transport="ipc", ip=str(folder / "kernel"))  # as the grader does
        NotebookClient(nb, km=manager, timeout=practice.limits.cell_timeout, allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
        manager.shutdown_kernel(now=True)  # nbclient leaves a kernel it was handed running
        executed += 1
    elapsed = time.perf_counter() - started
    print(f"  nbclient floor (serial): {elapsed:7.1f} s  ({executed} notebooks executed)")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practice", default="calculator")
    parser.add_argument("--students", type=int, default=64)
    parser.add_argument("--course", type=Path, default=ROOT / "course.yml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as tmp:
        work = Path(tmp)
        course = load_course(args.course, work / "setup")
        practice = course.practice(args.practice)
        release_folder = course.folder("release", practice.id)
        release(practice, release_folder)
        submissions = generated_class(practice, release_folder, args.students)
        print(f"{args.practice}: {len(submissions)} submissions")
        nbgrader = time_nbgrader(work, practice, submissions)
        one = time_grader(work, args.course, args.practice, submissions, 1)
        two = time_grader(work, args.course, args.practice, submissions, 2)
        floor = time_floor(work, practice, submissions, release_folder)
    print("\nratios (higher is better for the first three):")
    print(f"  nbgrader / grader 1 worker : {nbgrader / one:5.2f}x")
    print(f"  nbgrader / grader 2 workers: {nbgrader / two:5.2f}x   (goal >= 1.8x)")
    print(f"  grader 1 / grader 2 workers: {one / two:5.2f}x")
    print(f"  grader 2 workers / (floor / 2): {two / (floor / 2):5.2f}x   (goal <= 1.2x)")
    print(f"  grader 1 worker / floor       : {one / floor:5.2f}x")


if __name__ == "__main__":
    main()
