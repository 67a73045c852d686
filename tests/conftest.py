"""Shared fixtures: the bundled course, a tiny fixture course, and graded sample classes."""
from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from grader.autograde import autograde
from grader.collect import collect
from grader.course import Course, load_course
from grader.release import release
from grader.samples import sample_class, write_inbox_zip

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COURSE_YML = ROOT / "course.yml"


def ready_practice_ids() -> list[str]:
    return [p.id for p in load_course(COURSE_YML).ready_practices()]


@pytest.fixture
def mini_course(tmp_path) -> Course:
    """A copy of the two-question fixture course, released, with its own workspace."""
    root = tmp_path / "minicourse"
    shutil.copytree(FIXTURES / "minicourse", root)
    course = load_course(root / "course.yml")
    release(course.practice("mini"), course.folder("release", "mini"))
    return course


@pytest.fixture(scope="session")
def ordinary_user(tmp_path_factory):
    """An ordinary user for the session (created when the tests run as root; see
    tests/hostile.py): the grader and its workers as instructors run them."""
    from hostile import make_user, remove_user

    runner = make_user(tmp_path_factory.mktemp("ordinary"))
    yield runner
    remove_user(runner)


@pytest.fixture(scope="session")
def course_workspace(tmp_path_factory) -> Course:
    """The bundled course with a fresh workspace, every ready practice released."""
    course = load_course(COURSE_YML, tmp_path_factory.mktemp("workspace"))
    for practice in course.ready_practices():
        release(practice, course.folder("release", practice.id))
    return course


class GradedCourse(Mapping):
    """Per practice, its sample class collected from a zip and autograded, once per test
    session and only when a test first asks for that practice: no single test waits for
    the whole course to be graded, and every test of a practice reads the same results."""

    def __init__(self, course: Course):
        self.course = course
        self.ids = [p.id for p in course.ready_practices()]
        self.graded: dict[str, tuple] = {}

    def __getitem__(self, practice_id: str):
        if practice_id not in self.graded:
            practice = self.course.practice(practice_id)
            samples = sample_class(practice, self.course.folder("release", practice.id))
            inbox = self.course.workspace / "inbox" / f"{practice.id}.zip"
            collect(self.course, practice, write_inbox_zip(practice, samples, inbox))
            summary = autograde(self.course, practice, workers=2)
            self.graded[practice_id] = (samples, {r["student"]: r for r in summary.results})
        return self.graded[practice_id]

    def __iter__(self):
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


@pytest.fixture(scope="session")
def graded_class(course_workspace) -> GradedCourse:
    return GradedCourse(course_workspace)
