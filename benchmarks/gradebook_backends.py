"""Gradebook writes per second on SQLite and on PostgreSQL, for a class of N students.

    python benchmarks/gradebook_backends.py [--students 300]

For each backend, a practice of 12 checks is registered and one submission per student is
recorded the way ``grader autograde`` records it (one transaction per student, from the
coordinating process).  PostgreSQL is a throw-away server on 127.0.0.1 (tests/
throwaway_postgres.py; as root it runs as a user created for the run).  Prints the time,
writes per second and the ratio PostgreSQL / SQLite.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from grader.checks import Call, Check  # noqa: E402
from grader.course import load_course  # noqa: E402
from grader.gradebook import open_gradebook, record_submission, register_practice  # noqa: E402
from grader_client import judges  # noqa: E402

CHECKS = [Check(id=f"c{i:02d}", question="q1", points=1, ask=Call("f", cases=[(1,)]), expected=[1],
                judge=judges.equals, description="") for i in range(12)]


def measure(course, students: int) -> float:
    practice = course.practice("mini")
    started = time.perf_counter()
    with open_gradebook(course) as gb:
        register_practice(gb, practice, {"mini.ipynb": CHECKS})
        for n in range(students):
            record_submission(gb, practice, f"s{n:04d}", None, {"mini.ipynb": {c.id: 1.0 for c in CHECKS}})
    return time.perf_counter() - started


def course_with(root: Path, gradebook: str | None):
    shutil.copytree(ROOT / "tests" / "fixtures" / "minicourse", root)
    if gradebook:
        yml = root / "course.yml"
        yml.write_text(yml.read_text().replace("workspace: work\n", f"workspace: work\ngradebook: {gradebook}\n"))
    return load_course(root / "course.yml")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=300)
    students = parser.parse_args().students
    from hostile import make_user, reachable_folder, remove_user
    from throwaway_postgres import Postgres

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sqlite = measure(course_with(tmp / "sqlite", None), students)
        runner = make_user(tmp)
        folder = reachable_folder(runner)
        server = Postgres(folder, runner).start()
        try:
            postgres = measure(course_with(tmp / "postgres", server.new_database()), students)
        finally:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)
            remove_user(runner)
    for name, seconds in (("SQLite", sqlite), ("PostgreSQL", postgres)):
        print(f"{name:<11} {students} students: {seconds:6.2f} s, {students / seconds:7.1f} submissions/s "
              f"({students * len(CHECKS) / seconds:8.0f} grades/s)")
    print(f"PostgreSQL / SQLite time ratio: {postgres / sqlite:.2f}")


if __name__ == "__main__":
    main()
