"""Operating-system isolation of a student's kernel: which isolation this machine grants,
and what each kernel's confinement is.

Every grading kernel is forked from a zygote (:mod:`grader.zygote`); the forked child calls
:func:`grader.confine.enter` with a :class:`Confinement`, and, in the strongest mode this
machine allows (:func:`mode`),

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

import ctypes
import os
import subprocess
import sys
import warnings
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

ISOLATED, NAMESPACES, LIMITS = "isolated", "namespaces", "limits"
MODES = (ISOLATED, NAMESPACES, LIMITS)
UID_BASE = 200_000  # as root, kernels run as UID_BASE + (grading process id mod UID_SPAN)
UID_SPAN = 50_000

PR_SET_DUMPABLE = 4

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
        return subprocess.run([sys.executable, "-m", "grader.confine", "--probe", chosen],
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
