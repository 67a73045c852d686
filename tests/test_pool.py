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
