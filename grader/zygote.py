"""Fresh kernels forked from a process that has already imported the heavy libraries.

Importing TensorFlow costs seconds, in every kernel.  A practice that names modules in
course.yml (``preload: [tensorflow, keras]``) gets a *zygote* per grading worker: a
process that imports them once, runs no student code, and forks one child per
submission.  The child is a new process like any other kernel: it enters new mount and
network namespaces, confines itself exactly as :mod:`grader.sandbox` does (hidden
folders, limits, its own uid) and only then starts the kernel.  Nothing a student runs
reaches the zygote or another child.

Used where the sandbox is ``isolated`` (root) or ``limits``; in ``namespaces`` mode
(a user namespace, which needs a single-threaded process to create) kernels start
normally.
"""
from __future__ import annotations

import atexit
import ctypes
import importlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

from grader import sandbox

CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_REC, MS_PRIVATE = 16384, 1 << 18
PR_SET_PDEATHSIG = 1
BIND_TIMEOUT = 30  # seconds a forked kernel may take to open its sockets


class Zygote:
    """The grader's handle on one zygote process."""

    def __init__(self, preload: tuple[str, ...]):
        self.folder = tempfile.mkdtemp(prefix="grader-zygote-")
        self.address = os.path.join(self.folder, "socket")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader.zygote", self.address, *preload],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
            # debugpy's import warns about frozen modules on stderr (the instructor's terminal)
            env={**os.environ, **_kernel_env(), "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        ready = self.process.stdout.readline().decode().strip()
        if ready != "ready":
            raise RuntimeError(f"no arrancó el proceso de kernels precargados ({preload}): {ready!r}")
        atexit.register(self.close)

    def fork(self, argv: list[str], cwd: str, env: dict, confinement: dict) -> int:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(self.address)
            conn.sendall(json.dumps({"argv": argv, "cwd": cwd, "env": env,
                                     "confinement": confinement}).encode() + b"\n")
            reply = json.loads(conn.makefile().readline())
        return int(reply["pid"])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for name in os.listdir(self.folder):
            os.unlink(os.path.join(self.folder, name))
        os.rmdir(self.folder)


def _kernel_env() -> dict:
    from grader.kernel import KERNEL_ENV  # the zygote imports with the kernels' settings

    return KERNEL_ENV


_zygotes: dict[tuple[str, ...], Zygote] = {}


def zygote_for(preload: tuple[str, ...]) -> Zygote:
    """This worker's zygote for these modules (started on first use, kept for the next)."""
    if preload not in _zygotes:
        _zygotes[preload] = Zygote(preload)
    return _zygotes[preload]


def usable() -> bool:
    return sandbox.mode() in (sandbox.ISOLATED, sandbox.LIMITS)


class ForkedKernel:
    """What a provisioner needs of a ``Popen``, for a kernel that is not our child (the
    zygote reaps it)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self.stdout = self.stderr = self.stdin = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1
        return self.returncode

    def wait(self, timeout=None) -> int:
        import time

        while self.poll() is None:
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ZygoteProvisioner(LocalProvisioner):
    """Launches the kernel by asking a zygote to fork it (``zygote`` and ``confinement``
    are set by the kernel manager before the launch)."""

    zygote: Zygote | None = None
    confinement: dict = {}

    async def launch_kernel(self, cmd: list[str], **kwargs) -> dict:
        argv = cmd[cmd.index("-f"):]  # the kernel's own arguments: its connection file
        cwd = str(kwargs.get("cwd") or os.getcwd())
        pid = self.zygote.fork(argv, cwd, dict(kwargs.get("env") or os.environ), self.confinement)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the child leads its own session and process group
        self.cwd = cwd
        return self.connection_info


# --- the zygote process: ``python -m grader.zygote SOCKET MODULE...`` ------------------------

def _reseed() -> None:
    """Fresh entropy for the generators a new process would seed at import: a forked child
    must not share the zygote's unseeded random state with its siblings."""
    import random

    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()


def _child(request: dict, bound: int) -> None:
    """In the forked child: confine, then become the kernel.  Never returns.  ``bound`` is
    a pipe closed once the kernel's sockets exist, so the client connects at its first try
    rather than at ZeroMQ's next reconnection (a tenth of a second, twice or more)."""
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        confinement = request["confinement"]
        libc = ctypes.CDLL(None, use_errno=True)
        if confinement["namespaces"]:
            if libc.unshare(CLONE_NEWNS | CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "unshare")
            if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
                raise OSError(ctypes.get_errno(), "mount --make-rprivate /")
        _reseed()
        os.environ.clear()
        os.environ.update(request["env"])
        sandbox.confine(Path(confinement["scratch"]), [Path(p) for p in confinement["hide"]],
                        [Path(p) for p in confinement["expose"]], confinement["uid"],
                        confinement["memory_mb"], confinement["processes"], confinement["file_size_mb"])
        os.chdir(request["cwd"])
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", *request["argv"]]
        app = IPKernelApp.instance()
        app.initialize(request["argv"])
        os.close(bound)
        app.start()
    finally:
        os._exit(0)


def serve(address: str, preload: list[str]) -> None:
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # dies with its worker
    for name in preload:
        importlib.import_module(name)
    # What IPKernelApp.initialize would import in every child (the kernel class, its
    # shell, the debugger: 70 ms a kernel): imported once here, forked ready.
    for name in ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger"):
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    os.chmod(address, 0o600)
    server.listen(8)
    print("ready", flush=True)
    while True:
        conn, _ = server.accept()
        with conn:
            request = json.loads(conn.makefile().readline())
            waiting, bound = os.pipe()
            pid = os.fork()
            if pid == 0:
                server.close()
                conn.close()
                os.close(waiting)
                _child(request, bound)
            os.close(bound)
            select.select([waiting], [], [], BIND_TIMEOUT)  # closed (or the child died)
            os.close(waiting)
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
