"""What a preloaded zygote saves on a TensorFlow practice.

    python benchmarks/preload_tensorflow.py [--practice nn-vs-cnn] [--students 8] [--workers 1]

Grades the same generated class of one practice twice in this run, from scratch each
time: kernels started normally (each imports TensorFlow), then kernels forked from a
zygote that imported ``tensorflow`` and ``keras`` once per worker.  Prints both times, the
ratio, and whether every submission got the same score both ways (it must).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograde_vs_nbgrader import generated_class, write_submissions  # noqa: E402

from grader.autograde import autograde  # noqa: E402
from grader.collect import collect  # noqa: E402
from grader.course import load_course  # noqa: E402
from grader.release import release  # noqa: E402

PRELOAD = ("tensorflow", "keras")


def course_with_preload(course_path: Path, folder: Path, practice_id: str, preload: tuple[str, ...]) -> Path:
    """A copy of course.yml whose practice preloads ``preload``, beside links to the
    course's material (paths in course.yml are relative to it)."""
    import yaml

    folder.mkdir(parents=True)
    for name in ("assignments", "solutions", "roster.csv"):
        if (course_path.parent / name).exists():
            (folder / name).symlink_to(course_path.parent / name)
    config = yaml.safe_load(course_path.read_text(encoding="utf-8"))
    config["practices"][practice_id]["preload"] = list(preload)
    path = folder / course_path.name
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def grade(course_path: Path, work: Path, practice_id: str, submissions, workers: int,
          preload: tuple[str, ...]) -> tuple[float, dict]:
    course = load_course(course_with_preload(course_path, work / "course", practice_id, preload), work)
    practice = course.practice(practice_id)
    release(practice, course.folder("release", practice.id))
    inbox = work / "inbox"
    write_submissions(inbox, "", practice.notebooks[0], submissions)
    collect(course, practice, inbox)
    started = time.perf_counter()
    summary = autograde(course, practice, workers=workers, force=True)
    return time.perf_counter() - started, {r["student"]: r["score"] for r in summary.results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practice", default="nn-vs-cnn")
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--course", type=Path, default=ROOT / "course.yml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as tmp:
        work = Path(tmp)
        course = load_course(args.course, work / "setup")
        practice = course.practice(args.practice)
        release(practice, course.folder("release", practice.id))
        submissions = generated_class(practice, course.folder("release", practice.id), args.students)
        print(f"{args.practice}: {len(submissions)} submissions, {args.workers} worker(s)")
        plain, plain_scores = grade(args.course, work / "plain", args.practice, submissions, args.workers, ())
        print(f"  kernels started normally : {plain:7.1f} s ({plain / len(submissions):.1f} s each)")
        forked, forked_scores = grade(args.course, work / "forked", args.practice, submissions,
                                      args.workers, PRELOAD)
        print(f"  kernels forked (preload) : {forked:7.1f} s ({forked / len(submissions):.1f} s each)")
    print(f"  ratio normal / preloaded : {plain / forked:5.2f}x")
    same = plain_scores == forked_scores
    print(f"  same scores both ways    : {'yes' if same else 'NO'}")
    if not same:
        for student in sorted(plain_scores):
            if plain_scores[student] != forked_scores.get(student):
                print(f"    {student}: {plain_scores[student]} vs {forked_scores.get(student)}")


if __name__ == "__main__":
    main()
