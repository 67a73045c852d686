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


def test_on_a_cluster_a_worker_that_dies_costs_its_submission_only(mini_course, tmp_path):
    """Dask moves the work of a dead worker elsewhere; a submission that kills every worker
    it reaches (here the out-of-memory killer's part is played by the test) is given up as
    crashed, and the rest of the class is graded."""
    import threading

    import dask
    import distributed

    from test_sandbox import VICTIM, _kill_workers_grading

    CLASS_WITH_VICTIM = {**CLASS, "victima": [VICTIM, GOOD_DOBLE]}
    for student, cells in CLASS_WITH_VICTIM.items():
        write_notebook(tmp_path / "inbox" / student / "mini.ipynb", *cells)
    collect(mini_course, mini_course.practice("mini"), tmp_path / "inbox")
    twin = _twin(mini_course, tmp_path)
    local = {r["student"]: r["score"] for r in autograde(twin, twin.practice("mini"), workers=2).results}
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_workers_grading, args=("VICTIMA", stop, killed), daemon=True)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            killer.start()
            try:
                summary = autograde(mini_course, mini_course.practice("mini"), cluster=cluster.scheduler_address)
            finally:
                stop.set()
                killer.join()
    results = {r["student"]: r for r in summary.results}
    assert results["victima"]["status"] == "crashed" and results["victima"]["score"] == 0
    assert "el proceso que calificaba la entrega terminó de forma inesperada" in results["victima"]["reason"]
    assert len(killed) == 2  # once, then once more on the worker Dask moved it to
    assert {s: r["score"] for s, r in results.items() if s != "victima"} == \
        {s: score for s, score in local.items() if s != "victima"}
    assert set(_gradebook(mini_course)) == set(CLASS_WITH_VICTIM)
