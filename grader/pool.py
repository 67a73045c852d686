"""Many submissions at once: a local process pool, or a Dask cluster, that outlive any one.

``run`` yields one result per job, whatever happens to the processes doing the work:

- **a worker dies** (killed, out of memory, a crash): :class:`ProcessPoolExecutor` gives
  up on every job it held.  The jobs that had not started go back in the queue; those
  that had (``attempts`` says so: the worker counts a job's starts before grading it) are
  suspects, and each is run again alone, in a pool of its own.  A job that breaks even a
  pool of its own gets ``crashed(job, WORKER_DIED)``: it cost that submission only.  Two
  shared pools in a row that break before starting anything (workers that cannot even
  start) send every job to be run alone, so the batch ends whatever happens.
- **a kernel dies** where kernels could reach each other (``retry_crashed``: sandbox mode
  ``limits`` as an ordinary user), a crashed result from a shared pool may be another
  student's doing, so that job is graded once more, alone, and that result is final.
- **on a cluster**, Dask moves the work of a worker that died to another one and gives up
  on a job after several workers died on it (``KilledWorker``): that job is ``crashed``.
- **the work itself raises** (a fault of the grader's, never of the submission, which
  ``work`` must survive): that job is ``crashed`` with the error, and the rest go on.

A pool is shut down without waiting when the caller stops listening (an interrupted run).
The pool that finished the last batch is kept warm for the next run in the same process
(the demo, the tests, a script grading several practices): its workers, and the zygotes
they started, have already imported TensorFlow.  In a local pool ``shared`` travels with
each job as one pickled blob (pickled once per run), and a worker unpickles it only when
it differs from the last one it saw.
"""
from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import pickle
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, Callable, Iterator, TypeVar

from grader import sandbox

Job = TypeVar("Job")
WORKER_DIED = "el proceso que calificaba la entrega terminó de forma inesperada"


def _fault(exc: BaseException) -> str:
    return f"error del calificador ({type(exc).__name__}: {str(exc)[:200]})"


def run(jobs: list[Job], work: Callable[[Any, Job], dict], *, shared: Any = None, workers: int,
        cluster: str | None = None, attempts: Callable[[Job], int], crashed: Callable[[Job, str], dict],
        retry_crashed: bool = False, alone: list[Job] = ()) -> Iterator[dict]:
    """Results of ``work(shared, job)`` as they come.  ``shared`` is unpickled once per
    worker (in a local pool, sent along with each job; on Dask, scattered to every worker);
    ``alone``: jobs to run one at a time from the start (suspects of an earlier run)."""
    if cluster:
        yield from _on_cluster(jobs + list(alone), work, shared, cluster, crashed)
    elif workers <= 1 and not alone:
        for job in jobs:  # here, in this process
            try:
                result = work(shared, job)
            except Exception as exc:
                result = crashed(job, _fault(exc))
            yield result
    else:
        yield from _in_pools(jobs, work, shared, max(workers, 1), attempts, crashed, retry_crashed, list(alone))


_SHARED: tuple[str, Any] = ("", None)  # in a pool's worker: the last ``shared`` it was sent, by digest


def _call(work: Callable, digest: str, blob: bytes, job: Any) -> dict:
    global _SHARED
    if _SHARED[0] != digest:
        _SHARED = (digest, pickle.loads(blob))
    return work(_SHARED[1], job)


_WARM: list[tuple[tuple, ProcessPoolExecutor]] = []  # the pool that finished the last batch, and its key


def _warm_key(size: int) -> tuple:
    """What a warm pool must have been started with to be used again: its size and the
    environment its workers were given (the sandbox's settings among it)."""
    return size, tuple(sorted(sandbox.worker_environment(dict(os.environ)).items()))


def _pool(key: tuple, *, warm: bool) -> ProcessPoolExecutor:
    """The warm pool when it was started as ``key`` says (see :func:`_warm_key`) and
    ``warm``, else a new one (a warm pool that does not fit is shut down: one is kept)."""
    if warm and _WARM and _WARM[0][0] == key and not getattr(_WARM[0][1], "_broken", False):
        return _WARM.pop()[1]
    if warm:
        cool_down(wait=False)
    with _plain_environment():
        return ProcessPoolExecutor(max_workers=key[0], mp_context=get_context("spawn"), initializer=sandbox.shield)


def _keep_warm(key: tuple, pool: ProcessPoolExecutor) -> None:
    cool_down(wait=False)
    _WARM.append((key, pool))


@atexit.register
def cool_down(wait: bool = True) -> None:
    """Shut the warm pool down (at exit, or when a caller wants its memory back)."""
    while _WARM:
        _WARM.pop()[1].shutdown(wait=wait, cancel_futures=True)


@contextlib.contextmanager
def _plain_environment():
    """While processes are started (workers, multiprocessing's resource tracker), the
    environment holds only what they need: nothing of the instructor's secrets is in
    their ``/proc/<pid>/environ``, where a kernel of the same user could read it."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(sandbox.worker_environment(saved))
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _in_pools(queue, work, shared, workers, attempts, crashed, retry_crashed, alone) -> Iterator[dict]:
    blob = pickle.dumps(shared)
    digest = hashlib.sha256(blob).hexdigest()
    stalled = 0  # shared pools in a row that broke before any of their jobs started
    while queue or alone:
        in_common = bool(queue)  # one pool for many jobs, or one job alone
        batch, queue = (queue, []) if in_common else ([alone.pop(0)], queue)
        before = {id(job): attempts(job) for job in batch}
        started = False
        finished = False
        key = _warm_key(min(workers, len(batch)) if in_common else 1)  # the environment as the pool starts
        pool = _pool(key, warm=in_common)
        futures, broken = {}, False
        try:
            for number, job in enumerate(batch):
                try:
                    futures[pool.submit(_call, work, digest, blob, job)] = job
                except BrokenProcessPool:  # a worker died already (a warm one, on the first job)
                    broken = True
                    if in_common:
                        queue += batch[number:]
                    else:
                        yield crashed(job, WORKER_DIED)
                    break
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken = True
                    if not in_common:
                        yield crashed(job, WORKER_DIED)
                    elif attempts(job) > before[id(job)]:
                        started = True
                        alone.append(job)
                    else:
                        queue.append(job)
                    continue
                except Exception as exc:
                    yield crashed(job, _fault(exc))
                    continue
                if in_common and retry_crashed and result.get("status") == "crashed":
                    alone.append(job)
                    continue
                started = True
                yield result
            finished = True
        finally:
            if finished and in_common and not broken:
                _keep_warm(key, pool)
            else:
                pool.shutdown(wait=finished, cancel_futures=True)
        stalled = 0 if started or not in_common else stalled + 1
        if stalled >= 2:  # workers that die before grading anything: each job alone, then given up
            alone += queue
            queue = []


def _on_cluster(jobs, work, shared, address: str, crashed) -> Iterator[dict]:
    from distributed import Client, as_completed as dask_completed

    with Client(address) as client:
        everywhere = client.scatter(shared, broadcast=True)  # once per worker, not per job
        futures = {client.submit(work, everywhere, job, pure=False): job for job in jobs}
        for future in dask_completed(list(futures)):
            try:
                yield future.result()
            except Exception as exc:  # KilledWorker, or a worker lost for good: that job only
                reason = WORKER_DIED if type(exc).__name__ == "KilledWorker" else _fault(exc)
                yield crashed(futures[future], reason)
