"""Operating-system isolation of a student's kernel.

Every grading kernel is forked from a zygote (:mod:`grader.zygote`); the forked child calls
:func:`enter`, which, in the strongest mode this machine allows (:func:`mode`),

1. gives the kernel namespaces of its own: PID (it is process 1 of a process table that
   holds only itself and what it starts: no ``os.getppid()``, ``os.kill(-1, 9)``,
   ``/proc/<pid>`` or ptrace reaches the grader), network (no interface up), mount and
   IPC; as an ordinary user, inside a user namespace of its own too;
2. hides folders under empty tmpfs mounts: the course, the workspace, temporary folders,
   home folders, ``/run`` (the instructor's agent and bus sockets), ``/srv``, ``/mnt``,
   ``/media``, ``/opt``; binds back what the kernel needs (the Python installation, the
   student client, its scratch folder), masks the instructor's package, and makes
   every mount read-only except the scratch folder and a private ``/dev/shm``;
3. sets resource limits (memory, processes, file size, no core files) and puts itself
   first in line for the out-of-memory killer;
4. gives up every privilege: as root it becomes a user of its own (a uid with no account
   and no groups); in a user namespace it drops every capability; ``no_new_privs``.

The modes: ``isolated`` (root: all of the above), ``namespaces`` (an ordinary user with
user namespaces: the same, except that the kernel keeps the instructor's uid, without
capabilities, and so reads what the instructor can read outside the hidden folders; as
root, the user namespace belongs to a uid of the kernel's own),
``limits`` (no namespaces: resource limits, a uid of its own when root, and a system-call
filter, :mod:`grader.seccomp`, that refuses signals to any other process).  As root
without namespaces, where the Python installation is closed to other users (so a kernel
could only run as root, unconfined), grading is refused with :class:`SandboxError`.  Anything
below ``isolated`` is announced once.  ``GRADER_SANDBOX=namespaces|limits`` (or ``off``)
asks for a weaker mode, for tests and for machines where a stronger one misbehaves.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import resource
import signal
import subprocess
import sys
import warnings
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from grader import seccomp

ISOLATED, NAMESPACES, LIMITS = "isolated", "namespaces", "limits"
MODES = (ISOLATED, NAMESPACES, LIMITS)
UID_BASE = 200_000  # as root, kernels run as UID_BASE + (grading process id mod UID_SPAN)
UID_SPAN = 50_000

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC = \
    0x00020000, 0x10000000, 0x20000000, 0x40000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = \
    1, 2, 4, 8, 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 4, 24, 38, 47
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 1

# Hidden from every kernel besides the course, the workspace and the temporary folder.
ALWAYS_HIDDEN = ("/home", "/root", "/run", "/srv", "/mnt", "/media", "/opt", "/var/tmp")


@dataclass(frozen=True)
class Limits:
    """What one notebook may use (course.yml ``limits``, per course or per practice)."""

    cell_timeout: int = 60  # seconds
    notebook_timeout: int = 600  # seconds
    memory_mb: int = 4096  # private memory of the kernel
    processes: int = 512  # processes and threads of the kernel: TensorFlow starts dozens
    file_size_mb: int = 200  # largest file the kernel may write
    output_kb: int = 2048  # notebook output kept; the rest is cut with a notice


@dataclass(frozen=True)
class Confinement:
    """What a forked kernel does to itself (:func:`enter`); plain data, sent as JSON."""

    mode: str
    scratch: str
    hide: list[str] = field(default_factory=list)
    expose: list[str] = field(default_factory=list)
    mask: list[str] = field(default_factory=list)
    uid: int | None = None  # a uid of its own (root only)
    memory_mb: int = 4096
    processes: int = 512
    file_size_mb: int = 200

    def to_json(self) -> dict:
        return asdict(self)


class SandboxError(Exception):
    """Student code cannot be run safely on this machine; ``str()`` says why and what to do."""


def requested() -> str | None:
    """The mode asked for with ``GRADER_SANDBOX``, if any."""
    wanted = os.environ.get("GRADER_SANDBOX", "").strip().lower()
    return {"": None, "off": LIMITS}.get(wanted, wanted if wanted in MODES else None)


def _probe(chosen: str) -> bool:
    """Whether :func:`enter` works here in ``chosen`` mode, tried in a throw-away process."""
    try:
        return subprocess.run([sys.executable, "-m", "grader.sandbox", "--probe", chosen],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@lru_cache(maxsize=1)
def mode() -> str:
    """The strongest isolation this machine grants (or the one asked for); said once."""
    order = [m for m in MODES if m != ISOLATED or os.geteuid() == 0]
    wanted = requested()
    if wanted in order:
        order = order[order.index(wanted):]
    chosen = next((m for m in order if m == LIMITS or _probe(m)), LIMITS)
    if chosen != ISOLATED and not os.environ.get("GRADER_SANDBOX_ANNOUNCED"):
        what = {NAMESPACES: "en espacios de nombres propios (procesos, red y archivos aislados) pero con "
                            "tu usuario: pueden leer lo que tú puedes leer fuera de las carpetas ocultas",
                LIMITS: "SIN aislamiento de archivos ni de red: solo límites de recursos y un filtro de "
                        "señales (este sistema no permite espacios de nombres)"}[chosen]
        warnings.warn(f"AVISO DE SEGURIDAD: los cuadernos se ejecutan {what}.", RuntimeWarning, stacklevel=2)
    os.environ["GRADER_SANDBOX_ANNOUNCED"] = "1"  # worker processes inherit it: said once
    return chosen


def check_safe() -> None:
    """Refuse to grade where a kernel would run as root with no confinement."""
    if mode() == LIMITS and os.geteuid() == 0 and not python_open_to_others():
        raise SandboxError(
            "como root y sin espacios de nombres, los cuadernos solo podrían ejecutarse como root "
            f"({sys.base_prefix} no es legible por otros usuarios): ejecuta el calificador como un "
            "usuario normal, o usa un Python instalado en una carpeta legible por todos")


# What a grading worker keeps of the instructor's environment: where things are, the
# locale, and the grader's own settings.
WORKER_VARIABLES = ("PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "TZ", "LD_LIBRARY_PATH", "PYTHONPATH",
                    "VIRTUAL_ENV", "CONDA_PREFIX", "COLUMNS", "GRADER_SANDBOX", "GRADER_SANDBOX_ANNOUNCED",
                    "GRADER_DRAFTS", "GRADER_COURSE")


def worker_environment(environ: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in environ.items() if k in WORKER_VARIABLES or k.startswith(("LC_", "LANG"))}


def shield() -> None:
    """Make this grader process non-dumpable: a process of the same user (a kernel without
    namespaces) can then read neither its memory nor its ``/proc/<pid>/environ``."""
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def clean_up(c: dict) -> None:
    """After a kernel without a PID namespace of its own: end whatever it left running
    (children that left its process group), by signalling every process of its uid."""
    if c.get("mode") == LIMITS and c.get("uid") is not None:
        subprocess.run([sys.executable, "-c", "import os, signal; os.kill(-1, signal.SIGKILL)"],
                       user=c["uid"], group=c["uid"], extra_groups=[], env={}, capture_output=True)


def _reachable_by_anyone(path: Path) -> bool:
    """Whether a user with no rights of its own can read ``path`` (every folder above it
    can be entered, and it can be read)."""
    path = path.resolve()
    try:
        return all(os.stat(p).st_mode & 0o001 for p in [*path.parents, path]) and \
            bool(os.stat(path).st_mode & 0o004)
    except OSError:
        return False


def own_uid() -> bool:
    """Whether kernels run as a uid of their own: whenever the grader runs as root."""
    return os.geteuid() == 0


def python_open_to_others() -> bool:
    return all(_reachable_by_anyone(Path(p)) for p in (sys.prefix, sys.base_prefix))


def processes_capped() -> bool:
    """Whether course.yml's ``processes`` limit holds: it needs a uid or a user namespace
    of the kernel's own."""
    return mode() != LIMITS or own_uid()


def kernels_share_a_user() -> bool:
    """Whether two kernels could signal each other: no namespaces and no uid of their own."""
    return mode() == LIMITS and not own_uid()


def kernel_uid() -> int:
    return UID_BASE + os.getpid() % UID_SPAN


def default_hidden(*paths: Path) -> list[Path]:
    """Folders a kernel never sees: the given ones, the temporary folder, homes and the
    other places of :data:`ALWAYS_HIDDEN`."""
    import tempfile

    candidates = [*paths, Path(tempfile.gettempdir()), Path.home(), *map(Path, ALWAYS_HIDDEN)]
    return sorted({p.resolve() for p in candidates if _visible(p)})


def _visible(path: Path) -> bool:
    """Whether ``path`` exists for this process (a worker on another machine, or of another
    user, may not even be allowed to look: then there is nothing to hide from its kernels)."""
    try:
        return path.exists()
    except OSError:
        return False


def default_masked() -> list[Path]:
    """The instructor's package: its trusted reference implementations, case makers and
    grading code are not for students (a kernel needs only the student client)."""
    import grader

    return [Path(grader.__file__).parent.resolve()]


def default_exposed() -> list[Path]:
    """What the kernel needs to run: the Python installation and the student client."""
    import grader_client

    paths = [Path(sys.prefix), Path(sys.base_prefix), Path(grader_client.__file__).parent]
    return sorted({p.resolve() for p in paths})


def confinement(scratch: Path, hide: list[Path], limits: Limits) -> Confinement:
    """The confinement of one grading kernel on this machine."""
    current = mode()
    files = current != LIMITS
    return Confinement(
        mode=current, scratch=str(scratch.resolve()),
        hide=[str(p) for p in default_hidden(*hide)] if files else [],
        expose=[str(p) for p in default_exposed()] if files else [],
        mask=[str(p) for p in default_masked()] if files else [],
        uid=kernel_uid() if own_uid() else None,
        memory_mb=limits.memory_mb, processes=limits.processes,
        file_size_mb=limits.file_size_mb)


# --- in the forked child ------------------------------------------------------------------

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
    """``python -m grader.sandbox --probe MODE``: enter the mode's namespaces, hide and
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
    parser = argparse.ArgumentParser(prog="grader.sandbox")
    parser.add_argument("--probe", choices=MODES, required=True)
    sys.exit(_probe_here(parser.parse_args().probe))
