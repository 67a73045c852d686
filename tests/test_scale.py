"""Invariant 6 at scale: an interrupted autograde resumes to the same gradebook, and a Dask
cluster grades exactly as the local process pool does, with the gradebook written by the
coordinating process only."""
from __future__ import annotations

import shutil

import pytest

from grader.autograde import autograde
from grader.collect import collect
from grader.course import load_course
from grader.gradebook import gradebook_scores, open_gradebook

from helpers import GOOD_DOBLE, GOOD_SALUDO, write_notebook

pytestmark = pytest.mark.slow

CLASS = {
    "ana": [GOOD_DOBLE, GOOD_SALUDO],
    "beto": ["def doble(x):\n    return x + x + 1", GOOD_SALUDO],
    "carla": [GOOD_DOBLE],
    "dani": ["saludo = 'hola'"],
    "eva": [GOOD_DOBLE, "import os\nos._exit(1)"],
}


class Interrupted(Exception):
    pass


def _collected(course, tmp_path):
    for student, cells in CLASS.items():
        write_notebook(tmp_path / "inbox" / student / "mini.ipynb", *cells)
    collect(course, course.practice("mini"), tmp_path / "inbox")
    return course


def _gradebook(course) -> dict:
    with open_gradebook(course) as gb:
        return gradebook_scores(gb, "mini")


def _twin(course, tmp_path):
    """A second copy of the same course and submissions, graded separately."""
    root = tmp_path / "twin"
    shutil.copytree(course.root, root)
    return load_course(root / course.path.name)


def test_an_interrupted_autograde_resumes_to_the_same_gradebook(mini_course, tmp_path):
    course = _collected(mini_course, tmp_path)
    twin = _twin(course, tmp_path)
    uninterrupted = autograde(twin, twin.practice("mini"))
    seen = []

    def stop_after_two(result):
        seen.append(result["student"])
        if len(seen) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        autograde(course, course.practice("mini"), on_result=stop_after_two)
    resumed = autograde(course, course.practice("mini"))
    assert resumed.reused == 2 and resumed.graded == len(CLASS) - 2
    assert {r["student"] for r in resumed.results} == set(CLASS)
    assert _gradebook(course) == _gradebook(twin)
    assert {r["student"]: r["score"] for r in resumed.results} == \
        {r["student"]: r["score"] for r in uninterrupted.results}


def test_a_dask_cluster_grades_like_the_local_pool(mini_course, tmp_path):
    import distributed

    course = _collected(mini_course, tmp_path)
    twin = _twin(course, tmp_path)
    local = autograde(twin, twin.practice("mini"), workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = autograde(course, course.practice("mini"), cluster=cluster.scheduler_address)
    assert remote.graded == len(CLASS)
    assert _gradebook(course) == _gradebook(twin)
    assert [(r["student"], r["score"], r["status"]) for r in remote.results] == \
        [(r["student"], r["score"], r["status"]) for r in local.results]
