"""A class of hostile submissions, and the grader started the way instructors start it:
``.venv/bin/grader autograde`` as root or as an ordinary user (created for the test
session), in a chosen isolation mode, with a PATH that lacks the virtual environment and
a secret in its environment.  Used by tests/test_sandbox.py."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers import GOOD_DOBLE, GOOD_SALUDO, write_notebook

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GRADER = Path(sys.executable).parent / "grader"
SECRET = "SECRETO-DEL-INSTRUCTOR-" + uuid.uuid4().hex[:12]
LIMITS = "limits: {cell_timeout: 20, notebook_timeout: 90, memory_mb: 768, file_size_mb: 16, processes: 64}"

PROBE = '''
import json, os, signal
found = {}
def attempt(name, action):
    try:
        found[name] = "OPEN: " + repr(action())[:80]
    except BaseException as exc:
        found[name] = "BLOCKED " + type(exc).__name__
def report():
    print("HALLAZGOS " + json.dumps(found, sort_keys=True))
'''

ANCESTORS = PROBE + '''
def ancestors():
    pid, seen = os.getppid(), []
    while pid > 1 and len(seen) < 8:
        seen.append(pid)
        with open(f"/proc/{pid}/stat") as fh:
            pid = int(fh.read().rsplit(")", 1)[1].split()[1])
    return seen
chain = []
attempt("ancestors", lambda: chain.extend(ancestors()) or chain)
for number, pid in enumerate(chain):
    attempt(f"kill_ancestor_{number}", lambda pid=pid: os.kill(pid, signal.SIGKILL))
attempt("kill_parent", lambda: os.kill(os.getppid(), signal.SIGKILL))
report()
'''

GROUPS = PROBE + '''
attempt("killpg_own", lambda: os.killpg(os.getpgid(0), signal.SIGKILL))
attempt("kill_everyone", lambda: os.kill(-1, signal.SIGKILL))
attempt("kill_group_of_parent", lambda: os.killpg(os.getpgid(os.getppid()), signal.SIGKILL) if os.getppid() else None)
report()
'''

ENVIRONMENT = PROBE + '''
print("VARIABLES " + json.dumps(sorted(os.environ)))
print(dict(os.environ))
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        print(pid, open(f"/proc/{pid}/environ", "rb").read()[:4000])
    except OSError:
        pass
report()
'''

PROCESSES = PROBE + '''
import ctypes
mine = os.getpid()
visible = [int(p) for p in os.listdir("/proc") if p.isdigit()]
found["visible"] = len(visible)
killed = 0
for pid in visible:
    if pid != mine:
        try:
            os.kill(pid, signal.SIGKILL)
            killed += 1
        except OSError:
            pass
found["killed"] = killed
libc = ctypes.CDLL(None, use_errno=True)
found["ptrace_parent"] = "BLOCKED" if not os.getppid() or libc.ptrace(16, os.getppid(), 0, 0) != 0 else "OPEN"
report()
'''

FORK_STORM = PROBE + '''
import time
children = []
try:
    while len(children) < 3000:
        pid = os.fork()
        if pid == 0:
            time.sleep(120)
            os._exit(0)
        children.append(pid)
    found["fork_storm"] = "OPEN: " + str(len(children))
except OSError as exc:
    found["fork_storm"] = "BLOCKED " + type(exc).__name__ + " " + str(len(children))
report()
'''

MEMORY = PROBE + '''
attempt("memory", lambda: len(bytearray(3 * 2**30)))
attempt("file_size", lambda: open("grande.bin", "wb").write(b"x" * (64 * 2**20)))
report()
'''


def files_probe(course_root: Path, workspace: Path) -> str:
    hidden = course_root / "solutions" / "mini" / "hidden.py"
    other = workspace / "submitted" / "ana" / "mini" / "mini.ipynb"
    return PROBE + f'''
attempt("hidden_checks", lambda: open({str(hidden)!r}).read())
attempt("gradebook", lambda: open({str(workspace / "gradebook.db")!r}, "rb").read(10))
attempt("other_submission", lambda: open({str(other)!r}).read())
attempt("write_course", lambda: open({str(course_root / "PWNED")!r}, "w").write("x"))
attempt("write_var_tmp", lambda: open("/var/tmp/PWNED-grader", "w").write("x"))
attempt("references", lambda: __import__("grader.references.statistics"))
attempt("course_listing", lambda: [n for n in os.listdir({str(course_root)!r}) if n not in (".venv", "grader")] or
        (_ for _ in ()).throw(FileNotFoundError()))
report()
'''


def network_probe(port: int) -> str:
    return PROBE + f'''
import socket
attempt("loopback", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=3))
attempt("internet", lambda: socket.create_connection(("1.1.1.1", 80), timeout=3))
report()
'''


@dataclass(frozen=True)
class Runner:
    """How to start a command as a given user: ``prefix`` before the command."""

    name: str  # "root" or "user"
    uid: int
    gid: int
    home: Path

    @property
    def prefix(self) -> list[str]:
        if self.uid == os.geteuid():
            return []
        return ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups", "--"]

    def environment(self, **extra: str) -> dict[str, str]:
        """A PATH without the virtual environment (so the grader must find its own
        tools), a home folder of the user's own, and an instructor's secret."""
        return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(self.home), "LANG": "C.UTF-8",
                "USER": self.name, "LOGNAME": self.name, "INSTRUCTOR_API_TOKEN": SECRET,
                "DATABASE_URL": f"postgresql://profe:{SECRET}@db/curso", "COLUMNS": "160", **extra}

    def run(self, command: list[str], cwd: Path, timeout: int = 300, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, *command], cwd=cwd, env=self.environment(**extra),
                              capture_output=True, text=True, timeout=timeout)

    def offered_modes(self, cwd: Path) -> list[str]:
        """The isolation modes this user gets on this machine (probed as the grader does)."""
        modes = ["isolated", "namespaces"] if self.uid == 0 else ["namespaces"]
        offered = [m for m in modes if self.run([sys.executable, "-m", "grader.confine", "--probe", m],
                                                cwd, timeout=60).returncode == 0]
        return [*offered, "limits"]

    def own(self, path: Path) -> None:
        if self.uid != os.geteuid():
            subprocess.run(["chown", "-R", f"{self.uid}:{self.gid}", str(path)], check=True)


def reachable_folder(runner: Runner) -> Path:
    """A fresh folder of the runner's own in the system's temporary folder (pytest's own
    folders are closed to other users)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=f"grader-{runner.name}-", dir="/tmp"))
    runner.own(folder)
    return folder


def make_user(tmp: Path) -> Runner:
    """An ordinary user for the session: created with useradd when the tests run as root
    (and removed by :func:`remove_user`), else the user running the tests."""
    if os.geteuid() != 0:
        home = tmp / "home"
        home.mkdir()
        return Runner(os.environ.get("USER", "user"), os.getuid(), os.getgid(), home)
    name = "gr" + uuid.uuid4().hex[:8]
    home = Path("/tmp") / f"home-{name}"
    subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/sh", name],
                   check=True, capture_output=True)
    home.mkdir()
    import pwd

    entry = pwd.getpwnam(name)
    runner = Runner(name, entry.pw_uid, entry.pw_gid, home)
    runner.own(home)
    return runner


def remove_user(runner: Runner) -> None:
    if runner.uid != os.geteuid() and os.geteuid() == 0:
        subprocess.run(["pkill", "-KILL", "-u", str(runner.uid)], capture_output=True)
        subprocess.run(["userdel", runner.name], capture_output=True)
        shutil.rmtree(runner.home, ignore_errors=True)


def root_runner(tmp: Path) -> Runner:
    home = tmp / "root-home"
    home.mkdir(exist_ok=True)
    return Runner("root", 0, 0, home)


@dataclass
class Graded:
    """What one run of ``grader autograde`` left: its output, the CSV, each notebook."""

    process: subprocess.CompletedProcess
    course_root: Path
    workspace: Path

    def csv(self) -> dict[str, dict]:
        with open(self.workspace / "autograded" / "mini.csv", encoding="utf-8") as fh:
            return {row["student"]: row for row in csv.DictReader(fh)}

    def result(self, student: str) -> dict:
        path = self.workspace / "autograded" / student / "mini" / "result.json"
        return json.loads(path.read_text(encoding="utf-8"))

    def printed(self, student: str) -> str:
        path = self.workspace / "autograded" / student / "mini" / "mini.ipynb"
        nb = nbformat.read(path, as_version=4)
        return "".join(str(o.get("text", "")) + json.dumps(o.get("data", {})) for c in nb.cells
                       for o in c.get("outputs", []))

    def findings(self, student: str) -> dict[str, object]:
        for line in self.printed(student).splitlines():
            if line.startswith("HALLAZGOS "):
                return json.loads(line.removeprefix("HALLAZGOS "))
        raise AssertionError(f"{student} printed no findings: {self.printed(student)[:2000]}")


def hostile_class(course_root: Path, workspace: Path, port: int, *, fork_storm: bool) -> dict[str, list[str]]:
    """Each hostile cell comes before two honest ones, which must still count."""
    hostile = {
        "padre": ANCESTORS, "grupo": GROUPS, "entorno": ENVIRONMENT, "procesos": PROCESSES,
        "memoria": MEMORY, "espia": files_probe(course_root, workspace), "red": network_probe(port),
    }
    if fork_storm:
        hostile["bifurca"] = FORK_STORM
    students = {"ana": [GOOD_DOBLE, GOOD_SALUDO], "zara": [GOOD_DOBLE, GOOD_SALUDO]}
    students.update({name: [cell, GOOD_DOBLE, GOOD_SALUDO] for name, cell in hostile.items()})
    return students


def grade_class(runner: Runner, tmp: Path, mode: str, port: int, *, fork_storm: bool) -> Graded:
    """Copy the fixture course, collect the hostile class, and run ``grader autograde``.
    ``tmp`` must be a folder the runner can reach (see :func:`reachable_folder`)."""
    course_root = tmp / f"{runner.name}-{mode}"
    shutil.copytree(FIXTURES / "minicourse", course_root)
    yml = course_root / "course.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "limits: {cell_timeout: 10, notebook_timeout: 60}", LIMITS), encoding="utf-8")
    workspace = course_root / "work"
    inbox = tmp / f"inbox-{runner.name}-{mode}"
    for student, cells in hostile_class(course_root, workspace, port, fork_storm=fork_storm).items():
        write_notebook(inbox / student / "mini.ipynb", *cells)
    runner.own(course_root)
    runner.own(inbox)
    collected = runner.run([str(GRADER), "--course", str(yml), "collect", "mini", str(inbox)], course_root)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    process = runner.run([str(GRADER), "--course", str(yml), "autograde", "mini", "--workers", "2"],
                         course_root, GRADER_SANDBOX=mode)
    return Graded(process, course_root, workspace)
