"""Fresh kernels forked from a process that has already imported the heavy libraries.

Importing TensorFlow costs seconds, in every kernel.  Each grading worker keeps one
*zygote* per set of modules to preload (numpy always, since the witness needs it; more
when course.yml says ``preload: [tensorflow, keras]``): a process that imports them once,
runs no student code, and forks one child per submission.  The child confines itself
with :func:`grader.confine.enter` (its own namespaces, hidden folders, limits, no
privileges) and only then becomes the kernel.  Nothing a student runs reaches the zygote
or another child.

The zygote starts with the kernels' environment, not the grader's (a forked process
keeps its parent's original environment block, readable in ``/proc/self/environ``), and
dies with its worker, as every kernel it forked dies with it.
"""
from __future__ import annotations

import atexit
import ctypes
import importlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from jupyter_client.provisioning import LocalProvisioner

from grader import confine, sandbox

PR_SET_PDEATHSIG = 1
BIND_TIMEOUT = 30  # seconds a forked kernel may take to open its sockets


class Zygote:
    """The grader's handle on one zygote process."""

    def __init__(self, preload: tuple[str, ...]):
        from grader.kernel import base_environment

        self.folder = tempfile.mkdtemp(prefix="grader-zygote-")
        self.address = os.path.join(self.folder, "socket")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader.zygote", self.address, *preload],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
            # debugpy's import warns about frozen modules on stderr (the instructor's terminal)
            env={**base_environment(self.folder), "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        ready = self.process.stdout.readline().decode().strip()
        if ready != "ready":
            raise RuntimeError(f"no arrancó el proceso de kernels precargados ({preload}): {ready!r}")
        atexit.register(self.close)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def fork(self, argv: list[str], cwd: str, env: dict, confinement: dict) -> int:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(self.address)
            conn.sendall(json.dumps({"argv": argv, "cwd": cwd, "env": env,
                                     "confinement": confinement}).encode() + b"\n")
            reply = json.loads(conn.makefile().readline() or "{}")
        if "pid" not in reply:
            raise RuntimeError("el proceso de kernels precargados no respondió")
        return int(reply["pid"])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)  # its socket, and what libraries left in its home


_zygote: list[tuple[tuple[str, ...], Zygote]] = []  # this worker's one zygote, and its modules


def zygote_for(preload: tuple[str, ...]) -> Zygote:
    """This worker's zygote for these modules (started on first use, kept for the next,
    started again if it died).  A worker keeps one: asked for other modules (the next
    practice, in a warm pool), it stops the one it had."""
    if _zygote and _zygote[0][0] == preload and _zygote[0][1].alive:
        return _zygote[0][1]
    while _zygote:
        _zygote.pop()[1].close()
    _zygote.append((preload, Zygote(preload)))
    return _zygote[0][1]


class ForkedKernel:
    """What a provisioner needs of a ``Popen``, for a kernel that is not our child (the
    zygote, or the kernel's own stand-in outside its PID namespace, reaps it)."""

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
        pid = self.zygote.fork(argv, cwd, dict(kwargs.get("env") or {}), self.confinement)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the kernel leads its own session and process group
        self.cwd = cwd
        return self.connection_info


# --- the zygote process: ``python -m grader.zygote SOCKET MODULE...`` ------------------------

def _child(request: dict, bound: int) -> None:
    """In the forked child: confine, then become the kernel.  Never returns.  ``bound`` is
    a pipe: the kernel's pid is written on it when the kernel runs in a PID namespace of its
    own, and it is closed once the kernel's sockets exist, so the client connects at its
    first try rather than at ZeroMQ's next reconnection (a tenth of a second, twice or more)."""
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.environ.clear()
        os.environ.update(request["env"])
        confine.enter(sandbox.Confinement(**request["confinement"]), report=bound)
        os.chdir(request["cwd"])
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", *request["argv"]]
        app = IPKernelApp.instance()
        app.initialize(request["argv"])
        os.close(bound)
        app.start()
    finally:
        os._exit(0)


def _kernel_pid(waiting: int, child: int) -> int:
    """Read the pipe of :func:`_child` until it closes (or the time is up): the kernel's
    pid when one was written, else the child's own."""
    data, deadline = b"", time.monotonic() + BIND_TIMEOUT
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([waiting], [], [], left)
        chunk = os.read(waiting, 64) if ready else b""
        if not chunk:
            break
        data += chunk
    words = data.split()
    return int(words[0]) if words else child


def serve(address: str, preload: list[str]) -> None:
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # dies with its worker
    sandbox.shield()
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
            kernel = _kernel_pid(waiting, pid)
            os.close(waiting)
            conn.sendall(json.dumps({"pid": kernel}).encode() + b"\n")


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
