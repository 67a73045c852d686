"""Run a notebook in a fresh kernel and ask it questions: the witness stand.

Before the first cell a prelude seeds every generator (:func:`prelude`); the notebook's
code cells then run in order (errors do not stop the run, as in a student's "Run All");
then, per request, one cell of :mod:`grader_client.witness` code writes the answer to a
file in the scratch folder.  Nothing here judges: answers are decoded as data and handed
back to the caller.

``grader check`` runs this as the student (:func:`testify`); the instructor's grader runs
the same steps (:func:`execute`, :func:`ask`) in a sandboxed kernel of its own.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import numpy as np

from grader_client import witness

WITNESS_SOURCE = Path(witness.__file__).read_text(encoding="utf-8")
ANSWER_LIMIT_BYTES = 50 * 1024 * 1024
KILL_GRACE_SECONDS = 5
EXCHANGE = ".grader"  # the folder, inside the scratch folder, where requests and answers go


@dataclass
class CellError:
    index: int  # 1-based position among the notebook's cells, as JupyterLab shows it
    ename: str
    evalue: str

    def describe(self) -> str:
        return f"celda {self.index}: {self.ename}: {self.evalue[:200]}"


@dataclass
class Testimony:
    """What the kernel said: per request id, the decoded answer (or why there is none)."""

    answers: dict[str, dict] = field(default_factory=dict)
    cell_errors: list[CellError] = field(default_factory=list)
    status: str = "ok"  # ok | timeout | kernel_died
    reason: str = ""
    notebook: Any = None  # the executed notebook, outputs included
    notes: list[str] = field(default_factory=list)  # limits reached on the way


def _cell_error(cell) -> tuple[str, str] | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output.get("ename", "Error"), output.get("evalue", "")
    return None


def read_answer(folder: Path, answer_file: str) -> dict:
    """Decode one answer file as data only: JSON, and arrays without pickle."""
    path = folder / answer_file
    if not path.exists():
        return {"no_answer": "la celda de respuesta no terminó"}
    if path.stat().st_size > ANSWER_LIMIT_BYTES:
        return {"no_answer": "respuesta demasiado grande"}
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("answer is not an object")
    prefix = Path(answer_file).stem + "-"

    def load_array(name: str) -> np.ndarray:
        return np.load(folder / (prefix + Path(str(name)).name), allow_pickle=False)

    return witness.decode_answer(raw, load_array)


def prelude(seed: int) -> str:
    """The first cell a kernel runs (not kept in the notebook): seeds every generator and
    leaves no name behind."""
    return f"(lambda ns: (exec({WITNESS_SOURCE!r}, ns), ns['seed_everything']({int(seed)})))({{}});"


def prepare(notebook_path: Path, scratch: Path, extra_files: list[Path]) -> Path:
    """Fill the empty ``scratch`` folder with a copy of the notebook and of ``extra_files``
    (the released data); returns the exchange folder for requests and answers."""
    scratch.mkdir(parents=True, exist_ok=True)
    for extra in extra_files:
        target = scratch / extra.name
        if extra.is_dir():
            shutil.copytree(extra, target, dirs_exist_ok=True)
        else:
            shutil.copy2(extra, target)
    shutil.copy2(notebook_path, scratch / notebook_path.name)
    exchange = scratch / EXCHANGE
    exchange.mkdir(exist_ok=True)
    return exchange


class Watchdog:
    """Times each cell, and kills the kernel when one overruns its limit by ``grace`` s.

    nbclient interrupts a cell at its time limit, but a kernel broken badly enough (say,
    ``builtins.isinstance`` replaced) never answers again; this is the last line of defence.
    """

    def __init__(self, manager, limit: float, grace: float = KILL_GRACE_SECONDS):
        self.manager, self.limit, self.grace = manager, limit, grace
        self.deadline: float | None = None
        self.stopped = threading.Event()
        threading.Thread(target=self._watch, daemon=True).start()

    def run(self, execute, *args, **kwargs) -> bool:
        """Run one cell with ``execute(*args)``; True when it reached the time limit."""
        started = time.monotonic()
        self.deadline = started + self.limit + self.grace
        try:
            execute(*args, **kwargs)
        finally:
            self.deadline = None
        return time.monotonic() - started >= self.limit

    def stop(self) -> None:
        self.stopped.set()

    def _watch(self) -> None:
        while not self.stopped.wait(0.5):
            if self.deadline is not None and time.monotonic() > self.deadline:
                self.deadline = None
                kill(self.manager)


def kill(manager) -> None:
    pid = getattr(manager.provisioner, "pid", None) if manager.provisioner else None
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def shutdown(client, manager) -> None:
    """We own the kernel manager, so nbclient leaves the kernel to us: stop it for sure."""
    from jupyter_core.utils import run_sync

    try:
        if client.kc is not None:
            client.kc.stop_channels()
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # a kernel that is already gone is what we want
        kill(manager)


def run_extra_cell(client, nb, cell) -> None:
    """Execute a grader cell in the kernel without leaving it in the graded notebook."""
    nb.cells.append(cell)
    try:
        client.execute_cell(cell, len(nb.cells) - 1, store_history=False)
    finally:
        nb.cells.pop()


def execute(client, nb, testimony: Testimony, watchdog: Watchdog, *, seed: int, cell_timeout: int,
            notebook_timeout: int) -> None:
    """The prelude, then every code cell in order, noting errors and cells out of time."""
    deadline = time.monotonic() + notebook_timeout
    watchdog.run(run_extra_cell, client, nb, nbformat.v4.new_code_cell(prelude(seed)))
    for index, cell in enumerate(list(nb.cells)):
        if cell.cell_type != "code":
            continue
        if time.monotonic() > deadline:
            testimony.status = "timeout"
            testimony.reason = f"el cuaderno superó el límite de {notebook_timeout} s"
            break
        if watchdog.run(client.execute_cell, cell, index):
            testimony.cell_errors.append(CellError(index + 1, "Timeout", f"más de {cell_timeout} s"))
        elif (error := _cell_error(cell)) is not None:
            testimony.cell_errors.append(CellError(index + 1, *error))


def request_key(request: dict, arrays: dict) -> str:
    """What a request asks, as text: two requests with the same key ask the same function
    the same thing (the same cases, array for array)."""
    from grader_client.scoring import digest

    return digest((request, arrays))


def ask(client, nb, requests: dict, exchange: Path, testimony: Testimony, watchdog: Watchdog,
        cell_timeout: int) -> None:
    """Run one witness cell per request, with the cell time limit for each."""
    setup = nbformat.v4.new_code_cell(f"_grader_witness = {{}}\nexec({WITNESS_SOURCE!r}, _grader_witness)")
    watchdog.run(run_extra_cell, client, nb, setup)
    asked: dict[str, str] = {}  # what a request asks -> the first request that asked it
    for number, (request_id, (request, arrays)) in enumerate(requests.items()):
        key = request_key(request, arrays)
        if key in asked:  # the same call on the same inputs (two metrics of one model): asked once
            testimony.answers[request_id] = testimony.answers[asked[key]]
            continue
        asked[key] = request_id
        request_file, answer_file = f"request-{number}.json", f"answer-{number}.json"
        (exchange / request_file).write_text(json.dumps(request), encoding="utf-8")
        for name, array in arrays.items():
            np.save(exchange / f"request-{number}-{name}", array, allow_pickle=False)
        cell = nbformat.v4.new_code_cell(
            f"_grader_witness['serve'](r'{EXCHANGE}/{request_file}', r'{EXCHANGE}/{answer_file}', globals())")
        if watchdog.run(run_extra_cell, client, nb, cell):
            testimony.answers[request_id] = {"timeout": cell_timeout}
            continue
        try:
            testimony.answers[request_id] = read_answer(exchange, answer_file)
        except (ValueError, OSError, KeyError, TypeError) as exc:
            testimony.answers[request_id] = {"no_answer": f"respuesta ilegible ({type(exc).__name__})"}


# What a student's check sets for its kernel, as the grader does for its own: quiet
# TensorFlow, deterministic TensorFlow kernels, a fixed hash seed, one thread for the
# numerical libraries (kernels run side by side, one per core: threads of their own only
# fight over the cores, and make results depend on timing), and grader.check cells that
# stay quiet while the witness is asked.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_DETERMINISTIC_OPS": "1",
    "GRADER_AUTOGRADING": "1",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def testify(notebook_path: Path, requests: dict, scratch: Path, *, seed: int, cell_timeout: int = 120,
            notebook_timeout: int = 600, extra_files: list[Path] = ()) -> Testimony:
    """Execute ``notebook_path`` in a fresh kernel inside the empty folder ``scratch``, as the
    user who asks (a student checking their own notebook), then answer ``requests``."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(notebook_path, as_version=4)
    exchange = prepare(notebook_path, scratch, list(extra_files))
    manager = KernelManager(kernel_name="python3")
    client = NotebookClient(nb, km=manager, timeout=cell_timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(scratch)}},
                            # the kernel's own start-up warnings are not the student's business
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    return examine(client, manager, nb, requests, exchange, env={**os.environ, **KERNEL_ENV}, seed=seed,
                   cell_timeout=cell_timeout, notebook_timeout=notebook_timeout)


def examine(client, manager, nb, requests: dict, exchange: Path, *, env: dict, seed: int, cell_timeout: int,
            notebook_timeout: int) -> Testimony:
    """Start the kernel, run the prelude and every cell, then ask every request; whatever
    happens to the kernel, stop it, and give every request an answer (or why there is none)."""
    from nbclient.exceptions import DeadKernelError

    testimony = Testimony(notebook=nb)
    watchdog = Watchdog(manager, limit=cell_timeout)
    try:
        with client.setup_kernel(env=env):
            execute(client, nb, testimony, watchdog, seed=seed, cell_timeout=cell_timeout,
                    notebook_timeout=notebook_timeout)
            ask(client, nb, requests, exchange, testimony, watchdog, cell_timeout)
    except DeadKernelError:
        testimony.status = "kernel_died"
        testimony.reason = "el kernel del cuaderno terminó de forma inesperada"
    finally:
        watchdog.stop()
        shutdown(client, manager)
    for request_id in requests:
        testimony.answers.setdefault(request_id, {"no_answer": testimony.reason or "sin respuesta"})
    return testimony
