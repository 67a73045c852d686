"""Run a notebook in a fresh kernel and ask it questions: the witness stand.

The notebook's code cells run in order (errors do not stop the run, as in a student's
"Run All"); then, per request, one cell of :mod:`grader.witness` code writes the answer to
a file in the scratch folder.  Nothing here judges: answers are decoded as data and
handed back to the trusted side.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
import numpy as np
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from traitlets import DottedObjectName, Type

from grader import sandbox, witness, zygote
from grader.sandbox import Limits  # noqa: F401  (re-exported: callers build limits here)

WITNESS_SOURCE = Path(witness.__file__).read_text(encoding="utf-8")
ANSWER_LIMIT_BYTES = 50 * 1024 * 1024
KILL_GRACE_SECONDS = 5

# Variables for the student's kernel: no TensorFlow/oneDNN start-up noise in feedback,
# deterministic TensorFlow kernels, and a fixed hash seed, so that a notebook gives the
# same answers (and score) on every run.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_DETERMINISTIC_OPS": "1",
    "GRADER_AUTOGRADING": "1",  # grader.check cells stay quiet: the grader asks the witness
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",  # figures kept for feedback
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # debugpy's warning about frozen modules
}
# The only variables of the grader's own environment a grading kernel inherits: locale,
# time zone and the loader path some Python installations need.  Nothing else (database
# URLs, tokens, cloud keys) reaches student code.
INHERITED = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE",
             "LC_MONETARY", "LC_MESSAGES", "TZ", "LD_LIBRARY_PATH")
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")


def base_environment(home: Path | str) -> dict[str, str]:
    """The environment of a grading kernel (and of the zygote it is forked from):
    :data:`INHERITED`, a ``PATH`` of this interpreter's folder and the system's, ``HOME``
    at ``home``, and :data:`KERNEL_ENV`."""
    import sys

    env = {name: os.environ[name] for name in INHERITED if name in os.environ}
    env["PATH"] = os.pathsep.join(dict.fromkeys([str(Path(sys.executable).parent), *SYSTEM_PATH]))
    env["HOME"] = str(home)
    env.update(KERNEL_ENV)
    return env


def kernel_environment(scratch: Path) -> dict[str, str]:
    """:func:`base_environment` with every per-user folder inside the scratch folder."""
    private = scratch / ".grader"
    return {**base_environment(scratch), "TMPDIR": str(private), "IPYTHONDIR": str(private / "ipython"),
            "MPLCONFIGDIR": str(private / "matplotlib"), "JUPYTER_RUNTIME_DIR": str(private)}


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


def testify(
    notebook_path: Path,
    requests: dict[str, tuple[dict, dict]],
    scratch: Path,
    limits: Limits,
    extra_files: list[Path] = (),
    hide: list[Path] | None = None,
    preload: tuple[str, ...] = (),
    seed: int = 0,
) -> Testimony:
    """Execute ``notebook_path`` in a fresh kernel inside ``scratch``, then answer requests.

    ``scratch`` must be an empty folder: it receives a copy of the notebook and of
    ``extra_files`` (the released data), and is the kernel's working directory.  With
    ``hide`` (folders the kernel must not see) the kernel is forked from this process's
    zygote for ``preload`` (see :mod:`grader.zygote`) and confined by :mod:`grader.sandbox`,
    with only :func:`kernel_environment`; without it (a student checking their own
    notebook), it runs as the user who asked, with the same time and output limits.
    Before the first cell, every generator is seeded from ``seed``
    (:func:`grader.witness.seed_everything`), so unseeded code draws the same numbers on
    every run.
    """
    nb = nbformat.read(notebook_path, as_version=4)
    scratch.mkdir(parents=True, exist_ok=True)
    for extra in extra_files:
        target = scratch / extra.name
        if extra.is_dir():
            shutil.copytree(extra, target, dirs_exist_ok=True)
        else:
            shutil.copy2(extra, target)
    shutil.copy2(notebook_path, scratch / notebook_path.name)
    exchange = scratch / ".grader"
    exchange.mkdir(exist_ok=True)

    testimony = Testimony(notebook=nb)
    # IPC sockets inside the scratch folder: the kernel listens on no network port.
    manager = SandboxedKernelManager(kernel_name="python3", transport="ipc", ip=str(exchange / "kernel"),
                                     connection_file=str(exchange / "kernel.json"))
    if hide is not None:
        manager.zygote = zygote.zygote_for(tuple(dict.fromkeys(["numpy", *preload])))
        manager.confinement = sandbox.confinement(scratch, hide, limits).to_json()
        env = kernel_environment(scratch.resolve())
    else:
        env = {**os.environ, **KERNEL_ENV}
    client = CappedNotebookClient(
        limits.output_kb * 1024,
        nb,
        km=manager,
        timeout=limits.cell_timeout,
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        resources={"metadata": {"path": str(scratch)}},
    )
    deadline = time.monotonic() + limits.notebook_timeout
    watchdog = Watchdog(manager, limit=limits.cell_timeout, grace=KILL_GRACE_SECONDS)
    try:
        with client.setup_kernel(env=env):
            watchdog.run(_run_extra_cell, client, nb, nbformat.v4.new_code_cell(prelude(seed)))
            for index, cell in enumerate(list(nb.cells)):
                if cell.cell_type != "code":
                    continue
                if time.monotonic() > deadline:
                    testimony.status = "timeout"
                    testimony.reason = f"el cuaderno superó el límite de {limits.notebook_timeout} s"
                    break
                if watchdog.run(client.execute_cell, cell, index):
                    testimony.cell_errors.append(
                        CellError(index + 1, "Timeout", f"más de {limits.cell_timeout} s"))
                elif (error := _cell_error(cell)) is not None:
                    testimony.cell_errors.append(CellError(index + 1, *error))
            _ask(client, nb, requests, exchange, testimony, limits, watchdog)
    except DeadKernelError:
        testimony.status = "kernel_died"
        testimony.reason = "el kernel del cuaderno terminó de forma inesperada"
    finally:
        watchdog.stop()
        _shutdown(client, manager)
        sandbox.clean_up(manager.confinement)
    if client.cut:
        testimony.notes.append(f"la salida se recortó al límite de {limits.output_kb} KiB")
    testimony.notes += limits_reached(testimony.cell_errors, limits)
    for request_id in requests:
        testimony.answers.setdefault(request_id, {"no_answer": testimony.reason or "sin respuesta"})
    return testimony


LIMIT_SIGNS = (  # how a cell's error shows that a limit of course.yml was reached
    (("MemoryError",), (), "se alcanzó el límite de memoria ({memory_mb} MiB)"),
    (("OSError",), ("File too large",), "se alcanzó el límite de tamaño de archivo ({file_size_mb} MiB)"),
    (("BlockingIOError", "OSError", "RuntimeError"), ("Resource temporarily unavailable", "can't start new thread"),
     "se alcanzó el límite de procesos ({processes})"),
)


def limits_reached(errors: list[CellError], limits: Limits) -> list[str]:
    """One sentence per limit that a cell's error shows was reached."""
    found = []
    for names, texts, sentence in LIMIT_SIGNS:
        if any(e.ename in names and (not texts or any(t in e.evalue for t in texts)) for e in errors):
            found.append(sentence.format(**vars(limits)))
    return found


def prelude(seed: int) -> str:
    """The first cell a kernel runs (not kept in the notebook): seeds every generator and
    leaves no name behind."""
    return f"(lambda ns: (exec({WITNESS_SOURCE!r}, ns), ns['seed_everything']({int(seed)})))({{}});"


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's ``wait_for_ready`` ends by draining IOPub until it has been quiet
    for 0.2 s: a fixed wait on every kernel start, a third of a plain notebook's grading.
    Here the drain ends at the ``idle`` status of the last kernel_info request, which the
    kernel publishes after everything that came before it; when that status is missed
    (IOPub subscribed too late) the request is sent again, as jupyter_client does."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            msg_id = self.kernel_info()
            if await self._replied(msg_id) and await self._idle_after(msg_id):
                return
            if not await self._async_is_alive():
                raise DeadKernelError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise DeadKernelError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _replied(self, msg_id: str) -> bool:
        try:
            while True:
                reply = await self.shell_channel.get_msg(timeout=1)
                if reply["parent_header"].get("msg_id") == msg_id:
                    self._handle_kernel_info_reply(reply)
                    return True
        except Empty:
            return False

    async def _idle_after(self, msg_id: str) -> bool:
        try:
            while True:
                msg = await self.iopub_channel.get_msg(timeout=0.2)
                if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                        and msg["parent_header"].get("msg_id") == msg_id):
                    return True
        except Empty:
            return False


class SandboxedKernelManager(AsyncKernelManager):
    """Starts the kernel as usual, or forks it from a zygote when one is set."""

    client_class = DottedObjectName("grader.kernel.PromptKernelClient")
    client_factory = Type(klass="grader.kernel.PromptKernelClient")
    zygote = None
    confinement: dict = {}

    async def _async_wait(self, pollinterval: float = 0.005) -> None:
        # jupyter_client checks every 0.1 s whether the killed kernel is gone: a tenth of
        # a second per submission, when the kernel is gone within milliseconds.
        await super()._async_wait(pollinterval)

    async def _async_pre_start_kernel(self, **kw):
        # jupyter_client creates the provisioner here when there is none; a zygote's is ours.
        if self.zygote is not None and self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = zygote.ZygoteProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            self.provisioner.zygote, self.provisioner.confinement = self.zygote, self.confinement
        return await super()._async_pre_start_kernel(**kw)


class CappedNotebookClient(NotebookClient):
    """Keeps at most ``budget`` bytes of output for the whole notebook, then one notice: a
    cell printing in a loop cannot fill the grader's memory or the feedback page."""

    def __init__(self, budget: int, nb, **kwargs):
        super().__init__(nb, **kwargs)
        self.budget = budget
        self.cut = False

    def output(self, outs, msg, display_id, cell_index):
        if self.budget <= 0:
            self.cut = True
            return None
        out = super().output(outs, msg, display_id, cell_index)
        if out is not None:
            self.budget -= len(json.dumps(out, default=str))
            if self.budget <= 0 and outs and outs[-1] is out:
                self.cut = True
                outs[-1] = nbformat.v4.new_output(
                    "stream", name="stderr", text="[salida recortada: se superó el límite de salida]\n")
        return out


class Watchdog:
    """Times each cell, and kills the kernel when one overruns its limit by ``grace`` s.

    nbclient interrupts a cell at its time limit, but a kernel broken badly enough (say,
    ``builtins.isinstance`` replaced) never answers again; this is the last line of defence.
    """

    def __init__(self, manager, limit: float, grace: float):
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
                _kill(self.manager)


def _kill(manager) -> None:
    pid = getattr(manager.provisioner, "pid", None) if manager.provisioner else None
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _shutdown(client, manager) -> None:
    """We own the kernel manager, so nbclient leaves the kernel to us: stop it for sure."""
    try:
        if client.kc is not None:
            client.kc.stop_channels()
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # a kernel that is already gone is what we want
        _kill(manager)


def _ask(client, nb, requests, exchange: Path, testimony: Testimony, limits: Limits, watchdog) -> None:
    """Run one witness cell per request, with the cell time limit for each."""
    setup = nbformat.v4.new_code_cell(
        f"_grader_witness = {{}}\nexec({WITNESS_SOURCE!r}, _grader_witness)")
    watchdog.run(_run_extra_cell, client, nb, setup)
    for number, (request_id, (request, arrays)) in enumerate(requests.items()):
        request_file, answer_file = f"request-{number}.json", f"answer-{number}.json"
        (exchange / request_file).write_text(json.dumps(request), encoding="utf-8")
        for name, array in arrays.items():
            np.save(exchange / f"request-{number}-{name}", array, allow_pickle=False)
        cell = nbformat.v4.new_code_cell(
            f"_grader_witness['serve'](r'.grader/{request_file}', r'.grader/{answer_file}', globals())")
        if watchdog.run(_run_extra_cell, client, nb, cell):
            testimony.answers[request_id] = {"timeout": limits.cell_timeout}
            continue
        try:
            testimony.answers[request_id] = read_answer(exchange, answer_file)
        except (ValueError, OSError, KeyError, TypeError) as exc:
            testimony.answers[request_id] = {"no_answer": f"respuesta ilegible ({type(exc).__name__})"}


def _run_extra_cell(client, nb, cell) -> None:
    """Execute a grader cell in the kernel without leaving it in the graded notebook."""
    nb.cells.append(cell)
    try:
        client.execute_cell(cell, len(nb.cells) - 1, store_history=False)
    finally:
        nb.cells.pop()
