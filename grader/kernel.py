"""The witness stand of ``grader autograde``: a notebook run in a sandboxed kernel.

The steps are the student client's (:mod:`grader_client.run`: prelude, every cell in
order, one witness cell per request); here the kernel is forked from this worker's
zygote (:mod:`grader.zygote`) and confined by :mod:`grader.sandbox`, sees only
:func:`kernel_environment`, listens on no network port, and its output is capped.
Nothing here judges: answers are decoded as data and handed back to the trusted side.
"""
from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from traitlets import DottedObjectName, Type

from grader import sandbox, zygote
from grader.sandbox import Limits  # noqa: F401  (re-exported: callers build limits here)
from grader_client.run import KERNEL_ENV, CellError, Testimony, examine, prepare

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


def testify(
    notebook_path: Path,
    requests: dict[str, tuple[dict, dict]],
    scratch: Path,
    limits: Limits,
    extra_files: list[Path] = (),
    hide: list[Path] = (),
    preload: tuple[str, ...] = (),
    seed: int = 0,
) -> Testimony:
    """Execute ``notebook_path`` in a fresh sandboxed kernel inside ``scratch``, then answer
    requests.

    ``scratch`` must be an empty folder: it receives a copy of the notebook and of
    ``extra_files`` (the released data), and is the kernel's working directory.  ``hide``:
    folders the kernel must not see besides the sandbox's own (:func:`grader.sandbox.
    default_hidden`); ``preload``: the modules of the zygote it is forked from; ``seed``:
    of every generator, before the first cell, so unseeded code draws the same numbers on
    every run.
    """
    nb = nbformat.read(notebook_path, as_version=4)
    exchange = prepare(notebook_path, scratch, list(extra_files))
    # IPC sockets inside the scratch folder: the kernel listens on no network port.
    manager = SandboxedKernelManager(kernel_name="python3", transport="ipc", ip=str(exchange / "kernel"),
                                     connection_file=str(exchange / "kernel.json"))
    manager.zygote = zygote.zygote_for(tuple(dict.fromkeys(["numpy", *preload])))
    manager.confinement = sandbox.confinement(scratch, list(hide), limits).to_json()
    client = CappedNotebookClient(
        limits.output_kb * 1024, nb, km=manager, timeout=limits.cell_timeout, kernel_name="python3",
        allow_errors=True, interrupt_on_timeout=True, resources={"metadata": {"path": str(scratch)}})
    try:
        testimony = examine(client, manager, nb, requests, exchange, env=kernel_environment(scratch.resolve()),
                            seed=seed, cell_timeout=limits.cell_timeout, notebook_timeout=limits.notebook_timeout)
    finally:
        sandbox.clean_up(manager.confinement)
    if client.cut:
        testimony.notes.append(f"la salida se recortó al límite de {limits.output_kb} KiB")
    testimony.notes += limits_reached(testimony.cell_errors, limits)
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
