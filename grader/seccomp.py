"""A system-call filter for kernels that run without namespaces (sandbox mode ``limits``).

Without a PID namespace a student's kernel shares the process table with the grader:
``os.kill(os.getppid(), 9)``, ``os.kill(-1, 9)``, ``os.killpg`` or a walk through
``/proc`` killing every pid would end the grading of the whole class.  This filter
(seccomp, which any process may install on itself once it has set ``no_new_privs``)
makes every such call fail with ``PermissionError``:

- a signal to any process but the kernel itself (``-1``, a group, another pid; also its
  own children, which is the price: ``Popen.kill`` fails in this mode);
- ``ptrace``, ``process_vm_readv``/``writev`` (reading or writing another process's
  memory), ``pidfd_send_signal`` and ``pidfd_getfd`` (a pidfd can be had from ``/proc``);
- every 32-bit system call (``int 0x80`` would reach ``kill`` under another number).

The program is classic BPF, assembled here from a few instructions; :func:`install`
loads it into the calling process, for which it is built.
"""
from __future__ import annotations

import ctypes
import errno
import platform
import struct

# struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]
NR, ARCH, ARG0_LOW = 0, 4, 16  # the pid argument is an int: its low 32 bits (little endian)

LD_W_ABS, JEQ, JGE, RET = 0x20, 0x15, 0x35, 0x06
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
X32_BIT = 0x40000000

ARCHES = {  # audit arch, signal calls (first argument: a pid), calls refused outright
    "x86_64": (0xC000003E,
               {"kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297},
               {"ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
                "pidfd_send_signal": 424, "pidfd_getfd": 438}),
    "aarch64": (0xC00000B7,
                {"kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240},
                {"ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271,
                 "pidfd_send_signal": 424, "pidfd_getfd": 438}),
}


def supported(machine: str | None = None) -> bool:
    return (machine or platform.machine()) in ARCHES


def program(own_pid: int, machine: str | None = None) -> list[tuple[int, int, int, int]]:
    """The filter as ``(code, jump_if_true, jump_if_false, k)`` instructions: signals go
    to ``own_pid`` only."""
    machine = machine or platform.machine()
    arch, signalling, refused = ARCHES[machine]
    code: list[tuple] = []  # instructions; a jump target is a label resolved below

    def emit(op, k, true=None, false=None):
        code.append((op, true, false, k))

    emit(LD_W_ABS, ARCH)
    emit(JEQ, arch, false="deny")
    emit(LD_W_ABS, NR)
    if machine == "x86_64":
        emit(JGE, X32_BIT, true="deny")
    for number in signalling.values():
        emit(JEQ, number, true="target")
    for number in refused.values():
        emit(JEQ, number, true="deny")
    emit(RET, RET_ALLOW)
    labels = {"target": len(code)}
    emit(LD_W_ABS, ARG0_LOW)
    emit(JEQ, own_pid & 0xFFFFFFFF, true="itself")
    labels["deny"] = len(code)
    emit(RET, RET_ERRNO | errno.EPERM)
    labels["itself"] = len(code)
    emit(RET, RET_ALLOW)

    assembled = []
    for index, (op, true, false, k) in enumerate(code):
        def offset(label):
            return 0 if label is None else labels[label] - index - 1
        assembled.append((op, offset(true), offset(false), k))
    return assembled


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2


def install() -> None:
    """Load the filter into this process (``no_new_privs`` must already be set)."""
    import os

    instructions = program(os.getpid())
    raw = b"".join(struct.pack("=HBBI", *ins) for ins in instructions)
    buffer = ctypes.create_string_buffer(raw, len(raw))
    prog = _Program(len(instructions), ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"seccomp: {errno.errorcode.get(error, error)}")
