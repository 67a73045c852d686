"""Operating-system isolation of a student's kernel.

The kernel command is wrapped as ``unshare --mount --net python -m grader.sandbox OPTIONS --
KERNEL COMMAND``.  ``unshare`` gives the kernel its own mount namespace and a network
namespace with no interface up (no network at all); this module, still privileged inside
those namespaces, then

1. hides folders under empty read-only tmpfs mounts: the course, the workspace (hidden
   checks, gradebook, other submissions), the temporary folder (other kernels' scratch
   folders) and home folders;
2. binds back what the kernel needs inside them: the Python environment and the grader
   package read-only (less its trusted reference implementations), its own scratch
   folder read-write;
3. sets resource limits: memory, processes, file size, no core files;
4. becomes an unprivileged user of its own (a uid with no account and no groups) and
   executes the kernel.

Which of these the machine allows is probed once per process (:func:`mode`):
``isolated`` (root: all of the above), ``namespaces`` (a user namespace as an ordinary
user: everything but the separate uid and the process cap), ``limits`` (no namespaces:
resource limits only).  Anything below ``isolated`` is announced once, loudly.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import resource
import subprocess
import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ISOLATED, NAMESPACES, LIMITS = "isolated", "namespaces", "limits"
UID_BASE = 200_000  # kernels run as UID_BASE + (grading process id mod UID_SPAN)
UID_SPAN = 50_000

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 32, 4096, 16384
PR_SET_NO_NEW_PRIVS = 38


@dataclass(frozen=True)
class Limits:
    """What one notebook may use (course.yml ``limits``, per course or per practice)."""

    cell_timeout: int = 60  # seconds
    notebook_timeout: int = 600  # seconds
    memory_mb: int = 4096  # private memory of the kernel
    processes: int = 512  # processes and threads of the kernel's user: TensorFlow starts dozens
    file_size_mb: int = 200  # largest file the kernel may write
    output_kb: int = 2048  # notebook output kept; the rest is cut with a notice


def _probe(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@lru_cache(maxsize=1)
def mode() -> str:
    """The strongest isolation this machine grants; said once, loudly, when not full."""
    if os.environ.get("GRADER_SANDBOX") == "off":
        chosen = LIMITS
    elif os.geteuid() == 0 and _probe(["unshare", "--mount", "--net", "true"]):
        chosen = ISOLATED
    elif _probe(["unshare", "--user", "--map-root-user", "--mount", "--net", "true"]):
        chosen = NAMESPACES
    else:
        chosen = LIMITS
    if chosen != ISOLATED and not os.environ.get("GRADER_SANDBOX_ANNOUNCED"):
        what = {NAMESPACES: "sin usuario propio ni límite de procesos (hace falta ejecutar como root)",
                LIMITS: "SIN aislamiento de archivos ni de red: solo límites de recursos "
                        "(este sistema no permite espacios de nombres con unshare)"}[chosen]
        warnings.warn(f"AVISO DE SEGURIDAD: los cuadernos se ejecutan {what}.", RuntimeWarning, stacklevel=2)
    os.environ["GRADER_SANDBOX_ANNOUNCED"] = "1"  # worker processes inherit it: said once
    return chosen


def kernel_uid() -> int:
    return UID_BASE + os.getpid() % UID_SPAN


def prefix(scratch: Path, hide: list[Path], expose: list[Path], limits: Limits) -> list[str]:
    """The command that goes before the kernel's own, for this machine's mode."""
    current = mode()
    args = [sys.executable, "-m", "grader.sandbox", "--scratch", str(scratch),
            "--memory-mb", str(limits.memory_mb), "--file-size-mb", str(limits.file_size_mb)]
    if current == LIMITS:
        return args + ["--"]
    for path in hide:
        args += ["--hide", str(path)]
    for path in expose:
        args += ["--expose", str(path)]
    if current == ISOLATED:
        args += ["--uid", str(kernel_uid()), "--processes", str(limits.processes)]
        return ["unshare", "--mount", "--net", *args, "--"]
    return ["unshare", "--user", "--map-root-user", "--mount", "--net", *args, "--"]


def default_hidden(*paths: Path) -> list[Path]:
    """Folders a kernel never sees: the given ones, the temporary folder and homes."""
    import tempfile

    candidates = [*paths, Path(tempfile.gettempdir()), Path.home(), Path("/root"), Path("/home")]
    return sorted({p.resolve() for p in candidates if p.exists()})


def default_masked() -> list[Path]:
    """Parts of the grader package a kernel must not import: the trusted reference
    implementations the hidden checks compare with (a student calling them would be
    graded against themselves)."""
    import grader

    return [Path(grader.__file__).parent.resolve() / "references"]


def default_exposed() -> list[Path]:
    """What the kernel needs to run: the Python installation and the grader package."""
    import grader

    paths = [Path(sys.prefix), Path(sys.base_prefix), Path(grader.__file__).parent]
    return sorted({p.resolve() for p in paths})


# --- inside the namespaces: runs as ``python -m grader.sandbox`` -----------------------------

_libc = ctypes.CDLL(None, use_errno=True)


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    encode = lambda s: s.encode() if s is not None else None  # noqa: E731
    if _libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"mount {source} -> {target}: {os.strerror(error)}")


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _isolate_files(scratch: Path, hide: list[Path], expose: list[Path]) -> None:
    keep = {path: os.open(path, os.O_PATH) for path in [*expose, scratch] if path.exists()}
    for folder in sorted(hide, key=lambda p: len(p.parts)):
        if folder.is_dir():
            _mount("tmpfs", str(folder), "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
    for path, fd in sorted(keep.items(), key=lambda item: len(item[0].parts)):
        if not any(_under(path, folder) for folder in hide):
            continue
        path.mkdir(parents=True, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", str(path), None, MS_BIND | MS_REC)
        if path != scratch:
            _mount(None, str(path), None, MS_REMOUNT | MS_BIND | MS_RDONLY)
    for folder in default_masked():  # inside what was bound back, but not for students
        if folder.is_dir():
            _mount("tmpfs", str(folder), "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "size=4k,mode=755")
    for folder in hide:  # the empty stand-ins cannot be written either
        try:
            _mount(None, str(folder), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        except OSError:
            pass  # a folder nested in another hidden one has no mount of its own
    for fd in keep.values():
        os.close(fd)


def _own(scratch: Path, uid: int) -> None:
    for root, dirs, files in os.walk(scratch):
        for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
            os.lchown(name, uid, uid)


def _limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(which, (value, value))


def confine(scratch: Path, hide: list[Path], expose: list[Path], uid: int | None,
            memory_mb: int, processes: int | None, file_size_mb: int) -> None:
    """Steps 1–4 of the module docstring, in this process (already in its namespaces)."""
    scratch = scratch.resolve()
    if hide:
        _isolate_files(scratch, [p.resolve() for p in hide], [p.resolve() for p in expose])
    os.chdir(scratch)
    os.environ.update(HOME=str(scratch), TMPDIR=str(scratch / ".grader"),
                      IPYTHONDIR=str(scratch / ".grader" / "ipython"),
                      MPLCONFIGDIR=str(scratch / ".grader" / "matplotlib"),
                      JUPYTER_RUNTIME_DIR=str(scratch / ".grader"))
    _limit(resource.RLIMIT_DATA, memory_mb * 1024 * 1024)
    _limit(resource.RLIMIT_FSIZE, file_size_mb * 1024 * 1024)
    _limit(resource.RLIMIT_CORE, 0)
    if uid is not None:
        _own(scratch, uid)
        if processes:
            _limit(resource.RLIMIT_NPROC, processes)
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="grader.sandbox")
    parser.add_argument("--scratch", type=Path, required=True)
    parser.add_argument("--hide", type=Path, action="append", default=[])
    parser.add_argument("--expose", type=Path, action="append", default=[])
    parser.add_argument("--uid", type=int)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--processes", type=int)
    parser.add_argument("--file-size-mb", type=int, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    confine(args.scratch, args.hide, args.expose, args.uid, args.memory_mb, args.processes, args.file_size_mb)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
