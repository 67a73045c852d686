"""Invariant 6 at scale: an interrupted autograde resumes to the same gradebook, and a Dask
cluster grades exactly as the local process pool does, with the gradebook written by the
coordinating process only."""
from __future__ import annotations

import shutil
from pathlib import Path

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


def interrupted_then_resumed(course):
    """``autograde`` stopped after two results (as by Ctrl-C), then run again."""
    seen = []

    def stop_after_two(result):
        seen.append(result["student"])
        if len(seen) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        autograde(course, course.practice("mini"), on_result=stop_after_two)
    return autograde(course, course.practice("mini"))


def test_an_interrupted_autograde_resumes_to_the_same_gradebook(mini_course, tmp_path):
    course = _collected(mini_course, tmp_path)
    twin = _twin(course, tmp_path)
    uninterrupted = autograde(twin, twin.practice("mini"))
    resumed = interrupted_then_resumed(course)
    assert resumed.reused == 2 and resumed.graded == len(CLASS) - 2
    assert {r["student"] for r in resumed.results} == set(CLASS)
    assert _gradebook(course) == _gradebook(twin)
    assert {r["student"]: r["score"] for r in resumed.results} == \
        {r["student"]: r["score"] for r in uninterrupted.results}


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_workers(address: str, count: int, timeout: float = 60) -> None:
    import time

    import distributed

    with distributed.Client(address, timeout=timeout) as client:
        deadline = time.monotonic() + timeout
        while len(client.scheduler_info()["workers"]) < count:
            assert time.monotonic() < deadline, "the dask workers did not join the scheduler"
            time.sleep(0.2)


def test_dask_workers_without_the_workspace_grade_like_the_local_pool(mini_course, tmp_path, ordinary_user):
    """A real ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, each in a
    working folder of its own and run as another user, who cannot read the course or the
    workspace (pytest's folders are closed to other users): a job carries everything a
    worker needs.  One worker is killed after the first result; Dask moves its work to the
    other, and the class gets the grades of the local pool, each student recorded once."""
    import os
    import signal
    import subprocess
    import sys

    from hostile import reachable_folder

    course = _collected(mini_course, tmp_path)
    twin = _twin(course, tmp_path)
    local = autograde(twin, twin.practice("mini"), workers=2)
    dask = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                   "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)]
    folders = [reachable_folder(ordinary_user) for _ in range(2)]
    try:
        for folder in folders:
            processes.append(subprocess.Popen(
                [*ordinary_user.prefix, dask, "worker", address, "--nworkers", "1", "--nthreads", "1",
                 "--no-dashboard", "--local-directory", str(folder)], cwd=folder,
                env=ordinary_user.environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True))
        _wait_for_workers(address, 2)
        if ordinary_user.uid != os.geteuid():  # the workers' user cannot even list the course
            for folder in (course.root, course.workspace):
                assert ordinary_user.run(["ls", str(folder)], cwd=folders[0]).returncode != 0, folder
        seen = []

        def kill_a_worker_after_the_first(result):
            seen.append(result["student"])
            if len(seen) == 1:
                os.killpg(processes[1].pid, signal.SIGKILL)

        remote = autograde(course, course.practice("mini"), cluster=address, on_result=kill_a_worker_after_the_first)
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    assert remote.graded == len(CLASS) and sorted(seen) == sorted(CLASS)
    assert [r["status"] for r in remote.results] == [r["status"] for r in local.results], \
        [r["reason"] for r in remote.results]
    assert _gradebook(course) == _gradebook(twin)
    assert [(r["student"], r["score"], r["status"]) for r in remote.results] == \
        [(r["student"], r["score"], r["status"]) for r in local.results]
    assert remote.csv_path.read_text(encoding="utf-8") == local.csv_path.read_text(encoding="utf-8")


def test_on_a_cluster_a_worker_that_dies_costs_its_submission_only(mini_course, tmp_path):
    """Dask moves the work of a dead worker elsewhere; a submission that kills every worker
    it reaches (here the out-of-memory killer's part is played by the test) is given up as
    crashed, and the rest of the class is graded."""
    import dask
    import distributed

    from test_sandbox import VICTIM, workers_killed_while_grading

    CLASS_WITH_VICTIM = {**CLASS, "victima": [VICTIM, GOOD_DOBLE]}
    for student, cells in CLASS_WITH_VICTIM.items():
        write_notebook(tmp_path / "inbox" / student / "mini.ipynb", *cells)
    collect(mini_course, mini_course.practice("mini"), tmp_path / "inbox")
    twin = _twin(mini_course, tmp_path)
    local = {r["student"]: r["score"] for r in autograde(twin, twin.practice("mini"), workers=2).results}
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            with workers_killed_while_grading("VICTIMA") as killed:
                summary = autograde(mini_course, mini_course.practice("mini"), cluster=cluster.scheduler_address)
    results = {r["student"]: r for r in summary.results}
    assert results["victima"]["status"] == "crashed" and results["victima"]["score"] == 0
    assert "el proceso que calificaba la entrega terminó de forma inesperada" in results["victima"]["reason"]
    assert len(killed) == 2  # once, then once more on the worker Dask moved it to
    assert {s: r["score"] for s, r in results.items() if s != "victima"} == \
        {s: score for s, score in local.items() if s != "victima"}
    assert set(_gradebook(mini_course)) == set(CLASS_WITH_VICTIM)
