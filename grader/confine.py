"""What a forked child does to itself before it becomes a student's kernel (see
:mod:`grader.sandbox` for the modes and what each hides): namespaces, hidden folders,
read-only mounts, limits, no privileges.  Runs in a single-threaded process just forked
from the zygote, so it uses only the standard library and ctypes.

``python -m grader.confine --probe MODE`` tries a mode in a throw-away process.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import resource
import signal
import sys
from pathlib import Path

from grader import seccomp
from grader.sandbox import (LIMITS, MODES, NAMESPACES, Confinement, default_exposed, default_hidden, default_masked,
                            kernel_uid)

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC = \
    0x00020000, 0x10000000, 0x20000000, 0x40000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = \
    1, 2, 4, 8, 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 4, 24, 38, 47
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 1


_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    encode = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)),
           f"mount {source} -> {target}")


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _read_only(path: str, *, recursive: bool, clear: bool = False) -> None:
    attr = _MountAttr(0 if clear else MOUNT_ATTR_RDONLY, MOUNT_ATTR_RDONLY if clear else 0, 0, 0)
    _check(_libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, path.encode(), AT_RECURSIVE if recursive else 0,
                         ctypes.byref(attr), ctypes.sizeof(attr)), f"mount_setattr {path}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as fh:
        fh.write(text)


def _namespaces(chosen: str, report: int | None) -> None:
    """New namespaces, then a fork: the parent stays outside, reports the child's pid on
    ``report``, and waits for it; the child, process 1 of the new PID namespace, returns."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC
    _check(_libc.unshare(flags | (CLONE_NEWUSER if chosen == NAMESPACES else 0)), "unshare")
    if chosen == NAMESPACES:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"0 {uid} 1")
        _write("/proc/self/gid_map", f"0 {gid} 1")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    child = os.fork()
    if child:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if report is not None:
            os.write(report, f"{child}\n".encode())
            os.close(report)
        _, status = os.waitpid(child, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    os.setsid()  # its own session too: a signal to "my group" reaches nothing outside
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _empty(folder: Path) -> None:
    _mount("tmpfs", str(folder), "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")


def _isolate_files(scratch: Path, hide: list[Path], expose: list[Path], mask: list[Path]) -> None:
    """Hidden folders become empty; exposed ones are bound back into them (a hidden folder
    inside an exposed one, say a course kept inside the Python installation, is hidden
    again); the scratch folder last, so that nothing covers it."""
    keep = {path: os.open(path, os.O_PATH) for path in [*expose, scratch] if path.exists()}
    outermost = [f for f in hide if not any(_under(f, other) and f != other for other in hide)]
    for folder in sorted(outermost, key=lambda p: len(p.parts)):
        if folder.is_dir():
            _empty(folder)
    bound = []
    for path in sorted(expose, key=lambda p: len(p.parts)):
        if path in keep and any(_under(path, folder) for folder in hide):
            path.mkdir(parents=True, exist_ok=True)
            _mount(f"/proc/self/fd/{keep[path]}", str(path), None, MS_BIND | MS_REC)
            bound.append(path)
    for folder in hide:
        if any(_under(folder, path) and folder != path for path in bound) and folder.is_dir():
            _empty(folder)
    for folder in mask:  # inside what was bound back, but not for students
        if folder.is_dir():
            _empty(folder)
    if scratch in keep:
        scratch.mkdir(parents=True, exist_ok=True)
        _mount(f"/proc/self/fd/{keep[scratch]}", str(scratch), None, MS_BIND | MS_REC)
    for fd in keep.values():
        os.close(fd)
    if os.path.isdir("/dev/shm"):  # semaphores of multiprocessing and joblib, private
        _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777")
    _read_only("/", recursive=True)
    _read_only(str(scratch), recursive=False, clear=True)
    if os.path.isdir("/dev/shm"):
        _read_only("/dev/shm", recursive=False, clear=True)


def _drop_capabilities() -> None:
    """Every capability, for good: none now, none after an ``exec`` as uid 0."""
    cap = 0
    while _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0:
        cap += 1
    _libc.prctl(PR_CAP_AMBIENT, 4, 0, 0, 0)  # PR_CAP_AMBIENT_CLEAR_ALL
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()
    _check(_libc.capset(header, data), "capset")


def _own(scratch: Path, uid: int) -> None:
    for root, dirs, files in os.walk(scratch):
        for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
            os.lchown(name, uid, uid)


def _limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(which, (value, value))


def _become(uid: int, scratch: Path) -> None:
    """Root's last act: hand the scratch folder to ``uid`` and become it, with no groups."""
    _own(scratch, uid)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    _libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # a change of uid resets it; /proc/self must be its own


def enter(c: Confinement, report: int | None = None) -> None:
    """Confine this freshly forked, single-threaded process as :class:`Confinement` says;
    returns in the process that is to become the kernel.  With namespaces that is a new
    child (see :func:`_namespaces`), whose pid is written on ``report``."""
    scratch = Path(c.scratch)
    _libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # the zygote is not; its /proc/self must be the kernel's
    if c.uid is not None and c.mode == NAMESPACES:
        # Root without the right to mount (a container, say): the user namespace is then
        # the kernel's uid's own, which must reach the Python installation (the probe tries).
        _become(c.uid, scratch)
    if c.mode != LIMITS:
        _namespaces(c.mode, report)
    try:
        _write("/proc/self/oom_score_adj", "1000")  # a memory blow-up kills this kernel first
    except OSError:
        pass
    if c.mode != LIMITS:
        _isolate_files(scratch, [Path(p) for p in c.hide], [Path(p) for p in c.expose],
                       [Path(p) for p in c.mask])
    os.chdir(scratch)
    _limit(resource.RLIMIT_DATA, c.memory_mb * 1024 * 1024)
    _limit(resource.RLIMIT_FSIZE, c.file_size_mb * 1024 * 1024)
    _limit(resource.RLIMIT_CORE, 0)
    if c.uid is not None or c.mode == NAMESPACES:  # counted per uid, or per user namespace
        _limit(resource.RLIMIT_NPROC, c.processes)
    if c.mode == NAMESPACES:
        _drop_capabilities()
    elif c.uid is not None:
        _become(c.uid, scratch)
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if c.mode == LIMITS:
        if seccomp.supported():
            try:
                seccomp.install()
            except OSError:  # a kernel too old for filters: the limits above still hold
                pass
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # set after the uid change, which clears it


def _probe_here(chosen: str) -> int:
    """``python -m grader.confine --probe MODE``: enter the mode's namespaces, hide and
    expose what a kernel's would; exit status 0 when everything worked."""
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="grader-probe-"))
    try:
        pid = os.fork()
        if pid == 0:
            try:
                enter(Confinement(mode=chosen, scratch=str(scratch),
                                  hide=[str(p) for p in default_hidden(scratch.parent)],
                                  expose=[str(p) for p in default_exposed()],
                                  mask=[str(p) for p in default_masked()],
                                  uid=kernel_uid() if os.geteuid() == 0 else None))
                import fractions  # noqa: F401  (the standard library is still reachable)
                os._exit(0 if os.getpid() == 1 or chosen == LIMITS else 3)
            except BaseException:
                os._exit(4)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    finally:
        scratch.rmdir()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="grader.confine")
    parser.add_argument("--probe", choices=MODES, required=True)
    sys.exit(_probe_here(parser.parse_args().probe))
