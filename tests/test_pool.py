"""The process pool of grader.pool on its own: it yields one result per job whatever the
work does to the processes doing it."""
from __future__ import annotations

import os

from grader import pool


def _die_at_once(shared, job):
    os._exit(1)  # a worker that cannot even start grading (before counting an attempt)


def _raise(shared, job):
    raise ValueError(f"fallo {job}")


def _crashed(job, reason):
    return {"job": job, "status": "crashed", "reason": reason}


def test_workers_that_always_die_still_end_the_batch():
    results = list(pool.run([1, 2, 3], _die_at_once, workers=2, attempts=lambda job: 0, crashed=_crashed))
    assert sorted(r["job"] for r in results) == [1, 2, 3]
    assert all(r["reason"] == pool.WORKER_DIED for r in results)


def test_a_fault_of_the_work_costs_that_job_only():
    for workers in (1, 2):
        results = list(pool.run([1, 2], _raise, workers=workers, attempts=lambda job: 0, crashed=_crashed))
        assert sorted(r["job"] for r in results) == [1, 2]
        assert all(r["reason"].startswith("error del calificador (ValueError: fallo") for r in results)


def _pid_and_shared(shared, job):
    return {"job": job, "pid": os.getpid(), "shared": shared}


def test_a_finished_pool_is_kept_warm_and_given_the_next_runs_data():
    """A second run in the same process reuses the workers of the first (they have already
    imported what grading needs), and each run's jobs see that run's ``shared``."""
    first = list(pool.run([1, 2, 3, 4], _pid_and_shared, shared={"practice": "a"}, workers=2,
                          attempts=lambda job: 0, crashed=_crashed))
    second = list(pool.run([5, 6, 7, 8], _pid_and_shared, shared={"practice": "b"}, workers=2,
                           attempts=lambda job: 0, crashed=_crashed))
    assert {r["shared"]["practice"] for r in first} == {"a"}
    assert {r["shared"]["practice"] for r in second} == {"b"}
    # The executor starts workers only as jobs need them, so the second run may add one;
    # a pool started afresh would share no worker with the first.
    assert {r["pid"] for r in second} & {r["pid"] for r in first}
    assert os.getpid() not in {r["pid"] for r in first + second}


def test_a_pool_a_worker_died_in_is_never_reused():
    list(pool.run([1, 2], _pid_and_shared, workers=2, attempts=lambda job: 0, crashed=_crashed))
    list(pool.run([1, 2, 3], _die_at_once, workers=2, attempts=lambda job: 0, crashed=_crashed))
    after = list(pool.run([1, 2], _pid_and_shared, shared="x", workers=2, attempts=lambda job: 0,
                          crashed=_crashed))
    assert [r["shared"] for r in after] == ["x", "x"]  # new, working workers


def test_cooling_down_ends_the_warm_workers():
    results = list(pool.run([1, 2], _pid_and_shared, workers=2, attempts=lambda job: 0, crashed=_crashed))
    pool.cool_down()
    for pid in {r["pid"] for r in results}:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"worker {pid} still runs")
