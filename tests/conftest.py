"""Shared fixtures: the bundled course, a tiny fixture course, and graded sample classes."""
from __future__ import annotations

import shutil
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
def course_workspace(tmp_path_factory) -> Course:
    """The bundled course with a fresh workspace, every ready practice released."""
    course = load_course(COURSE_YML, tmp_path_factory.mktemp("workspace"))
    for practice in course.ready_practices():
        release(practice, course.folder("release", practice.id))
    return course


@pytest.fixture(scope="session")
def graded_class(course_workspace):
    """Per practice: the sample class, collected from a zip and autograded once."""
    graded = {}
    for practice in course_workspace.ready_practices():
        samples = sample_class(practice, course_workspace.folder("release", practice.id))
        archive = write_inbox_zip(practice, samples, course_workspace.workspace / "inbox" / f"{practice.id}.zip")
        collect(course_workspace, practice, archive)
        summary = autograde(course_workspace, practice, workers=2)
        graded[practice.id] = (samples, {r["student"]: r for r in summary.results})
    return graded
