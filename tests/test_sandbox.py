"""The sandbox, proven with a class of hostile submissions graded by ``grader autograde``
itself: started as root and as an ordinary user, in every isolation mode the machine
offers each of them, with a PATH that lacks the virtual environment and an instructor's
secret in its environment.  In every mode the batch finishes, every student (the hostile
ones included, whose honest cells still count) gets the same score, no grader process
is reached and no secret is printed; where the mode isolates files and network, nothing
outside the scratch folder is read or written and nothing is reached over the network."""
from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
import warnings
from pathlib import Path

import nbformat
import pytest

from grader import sandbox, seccomp
from grader.autograde import autograde
from grader.course import ATTEMPT
from grader.collect import collect

from helpers import GOOD_DOBLE, GOOD_SALUDO, write_notebook
from hostile import SECRET, Runner, grade_class, reachable_folder, root_runner

pytestmark = pytest.mark.slow

ALLOWED_VARIABLES = {"PATH", "HOME", "LANG", "TMPDIR", "IPYTHONDIR", "MPLCONFIGDIR", "JUPYTER_RUNTIME_DIR",
                     "PYTHONHASHSEED", "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "TF_DETERMINISTIC_OPS",
                     "GRADER_AUTOGRADING", "MPLBACKEND", "PYDEVD_DISABLE_FILE_VALIDATION",
                     "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS",
                     "TF_NUM_INTEROP_THREADS",
                     # what IPython and matplotlib set for themselves inside the kernel
                     "JPY_PARENT_PID", "CLICOLOR", "CLICOLOR_FORCE", "FORCE_COLOR", "PAGER", "GIT_PAGER", "TERM"}
FILE_PROBES = ("hidden_checks", "gradebook", "other_submission", "write_course", "write_var_tmp",
               "references", "course_listing")


@pytest.fixture(scope="module")
def listener():
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.5)
    stop = threading.Event()
    accepted = []

    def serve():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1], accepted
    stop.set()
    server.close()


def _runners(ordinary_user, tmp: Path) -> list[Runner]:
    import os

    return [root_runner(tmp), ordinary_user] if os.geteuid() == 0 else [ordinary_user]


def _assert_class_graded_safely(graded, runner: Runner, mode: str, accepted: list) -> None:
    where = f"{runner.name} in {mode} mode"
    output = graded.process.stdout + graded.process.stderr
    assert graded.process.returncode == 0, f"{where}: {output[-3000:]}"
    assert "Traceback" not in output, f"{where}: {output[-3000:]}"
    rows = graded.csv()
    students = {"ana", "zara", "padre", "grupo", "entorno", "procesos", "memoria", "espia", "red"}
    assert students <= set(rows), where
    assert {s: rows[s]["total"] for s in rows} == {s: "6" for s in rows}, f"{where}: {rows}"
    for student in rows:
        result = graded.result(student)
        assert result["status"] == "ok" and result["sandbox"] == mode, (where, student, result["reason"])
    for student in rows:  # no secret of the instructor reaches a notebook (nor its feedback)
        assert SECRET not in graded.printed(student), (where, student)
    variables = set(graded.printed("entorno").split("VARIABLES ")[1].split("]")[0].strip("[").replace('"', "")
                    .replace(" ", "").split(","))
    assert variables <= ALLOWED_VARIABLES, (where, variables - ALLOWED_VARIABLES)

    ancestors = graded.findings("padre")
    if mode == "limits":  # the grader's processes are there, and refuse the signals
        assert all(v.startswith("BLOCKED") for k, v in ancestors.items() if k.startswith("kill")), (where, ancestors)
    else:  # nothing above the kernel is there to signal
        assert ancestors["ancestors"] == "OPEN: []", (where, ancestors)
    groups = graded.findings("grupo")
    assert groups["kill_everyone"].startswith("BLOCKED") or mode != "limits", (where, groups)
    processes = graded.findings("procesos")
    assert processes["ptrace_parent"] == "BLOCKED", (where, processes)
    memory = graded.findings("memoria")
    assert memory["memory"] == "BLOCKED MemoryError" and memory["file_size"] == "BLOCKED OSError", (where, memory)
    if mode != "limits":  # a process table of its own: nothing of the grader is even listed
        assert processes["visible"] <= 3 and processes["killed"] == 0, (where, processes)
        for probe in FILE_PROBES:
            assert graded.findings("espia")[probe].startswith("BLOCKED"), (where, probe, graded.findings("espia"))
        network = graded.findings("red")
        assert network["loopback"].startswith("BLOCKED") and network["internet"].startswith("BLOCKED"), where
        assert not (graded.course_root / "PWNED").exists()
        assert not accepted, f"{where}: a kernel reached the grader's machine over loopback"
    if "bifurca" in rows:
        assert graded.findings("bifurca")["fork_storm"].startswith("BLOCKED"), where


def test_a_hostile_class_is_graded_safely_as_root_and_as_an_ordinary_user(ordinary_user, listener, tmp_path):
    port, accepted = listener
    tried = []
    for runner in _runners(ordinary_user, tmp_path):
        folder = reachable_folder(runner)
        try:
            tried += _grade_in_every_mode(runner, folder, port, accepted)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    import os

    assert {name for name, _ in tried} == {r.name for r in _runners(ordinary_user, tmp_path)}, tried
    assert all(any(m.startswith("limits") for n, m in tried if n == name) for name, _ in tried), tried
    if os.geteuid() == 0:
        assert ("root", "isolated") in tried, tried
    print("modes tried:", tried)


def _grade_in_every_mode(runner: Runner, tmp_path: Path, port: int, accepted: list) -> list[tuple[str, str]]:
    tried = []
    for mode in runner.offered_modes(tmp_path):
        if mode == "limits" and runner.uid == 0 and not sandbox.python_open_to_others():
            refused = grade_class(runner, tmp_path, mode, port, fork_storm=False)
            assert refused.process.returncode == 2, refused.process.stdout + refused.process.stderr
            assert "solo podrían ejecutarse como root" in " ".join(refused.process.stdout.split())
            tried.append((runner.name, "limits (refused)"))
            continue
        # Without namespaces or a uid of its own, nothing caps a kernel's processes
        # (course.yml's `processes` needs one or the other): no fork storm there.
        storm = mode != "limits" or runner.uid == 0
        accepted.clear()
        graded = grade_class(runner, tmp_path, mode, port, fork_storm=storm)
        _assert_class_graded_safely(graded, runner, mode, accepted)
        tried.append((runner.name, mode))
    return tried


def test_the_isolation_mode_is_announced_once_when_weaker(monkeypatch):
    """Where namespaces are refused, grading still runs, and says so once, loudly."""
    monkeypatch.setattr(sandbox, "_probe", lambda chosen: False)
    monkeypatch.delenv("GRADER_SANDBOX_ANNOUNCED", raising=False)
    sandbox.mode.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert sandbox.mode() == sandbox.LIMITS
            assert sandbox.mode() == sandbox.LIMITS
        assert len(caught) == 1 and "AVISO DE SEGURIDAD" in str(caught[0].message)
        confinement = sandbox.confinement(Path("/tmp/x"), [Path("/tmp")], sandbox.Limits())
        assert confinement.mode == sandbox.LIMITS and confinement.hide == []
    finally:
        sandbox.mode.cache_clear()


def test_the_signal_filter_refuses_groups_everyone_and_the_grader():
    """The filter of sandbox mode ``limits``, installed in a child process: signals to
    everyone, to groups, to another process and to its own children fail; to itself
    they work."""
    import os
    import subprocess

    if not seccomp.supported():
        pytest.fail(f"no system-call filter for {seccomp.platform.machine()}: limits mode would be unprotected")
    protected = subprocess.Popen(["sleep", "30"])
    try:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            outcome = []
            try:
                import ctypes

                ctypes.CDLL(None).prctl(38, 1, 0, 0, 0)  # no_new_privs, as the sandbox sets it
                seccomp.install()
                child = subprocess.Popen(["sleep", "30"])
                for target in (-1, 0, -os.getpgid(0), protected.pid, child.pid, os.getpid()):
                    try:
                        os.kill(target, 0)
                        outcome.append("sent")
                    except PermissionError:
                        outcome.append("refused")
                    except ProcessLookupError:
                        outcome.append("missing")
                child.kill()
                child.wait()
            finally:
                os.write(write, " ".join(outcome).encode())
                os._exit(0)
        os.close(write)
        os.waitpid(pid, 0)
        outcome = os.read(read, 200).decode().split()
    finally:
        protected.kill()
        protected.wait()
    assert outcome == ["refused", "refused", "refused", "refused", "refused", "sent"]


# --- a worker that dies, and a grader that is killed -------------------------------------------

VICTIM = "import time\nVICTIMA = True\ntime.sleep(6)"


def _kill_workers_grading(marker: str, stop: threading.Event, killed: list) -> None:
    """The out-of-memory killer's part: whenever a kernel runs a notebook holding
    ``marker``, kill the grading worker above it (kernel ← its stand-in ← zygote ← worker)."""
    import os
    import signal

    def parent(pid: int) -> int:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])

    while not stop.wait(0.2):
        for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
            try:
                if marker not in Path(f"/proc/{pid}/cwd/mini.ipynb").read_text(encoding="utf-8"):
                    continue
                chain = [pid]
                while len(chain) < 6 and chain[-1] > 1:
                    chain.append(parent(chain[-1]))
                worker = next(p for p in chain if b"multiprocessing" in Path(f"/proc/{p}/cmdline").read_bytes())
                os.kill(worker, signal.SIGKILL)
                killed.append(worker)
                time.sleep(1)
            except (OSError, StopIteration, ValueError):
                continue


@contextlib.contextmanager
def workers_killed_while_grading(marker: str):
    """While the block runs, every grading worker found running a notebook that holds
    ``marker`` is killed; yields the list of the pids killed."""
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_workers_grading, args=(marker, stop, killed), daemon=True)
    killer.start()
    try:
        yield killed
    finally:
        stop.set()
        killer.join()


def _collected(course, tmp_path, students: dict[str, list[str]]):
    for student, cells in students.items():
        write_notebook(tmp_path / "inbox" / student / "mini.ipynb", *cells)
    collect(course, course.practice("mini"), tmp_path / "inbox")


def test_a_dying_worker_costs_its_submission_only(mini_course, tmp_path):
    _collected(mini_course, tmp_path, {"ana": [GOOD_DOBLE, GOOD_SALUDO], "victima": [VICTIM, GOOD_DOBLE],
                                       "beto": [GOOD_DOBLE], "carla": [GOOD_DOBLE, GOOD_SALUDO],
                                       "dani": [GOOD_SALUDO]})
    with workers_killed_while_grading("VICTIMA") as killed:
        summary = autograde(mini_course, mini_course.practice("mini"), workers=2)
    results = {r["student"]: r for r in summary.results}
    assert results["victima"]["status"] == "crashed" and results["victima"]["score"] == 0
    assert "el proceso que calificaba la entrega terminó de forma inesperada" in results["victima"]["reason"]
    assert len(killed) == 2  # in the shared pool, then alone: then it is given up
    assert {s: r["score"] for s, r in results.items() if s != "victima"} == \
        {"ana": 6, "beto": 5, "carla": 6, "dani": 1}
    assert all(r["status"] == "ok" for s, r in results.items() if s != "victima")
    assert summary.csv_path.exists()
    again = autograde(mini_course, mini_course.practice("mini"), workers=2)
    assert again.graded == 0 and again.reused == 5  # a rerun does not try the victim again


def test_a_grader_killed_twice_on_one_submission_gives_it_up(mini_course, tmp_path):
    """The whole grader dies while one submission is graded (say, the machine ran out of
    memory): the next run grades it alone; if that run dies too, the third gives it up."""
    import json

    _collected(mini_course, tmp_path, {"ana": [GOOD_DOBLE, GOOD_SALUDO], "victima": [GOOD_DOBLE]})
    practice = mini_course.practice("mini")
    marker = mini_course.folder("autograded", "victima", "mini", ATTEMPT)
    from grader.autograde import pending_jobs

    jobs, _ = pending_jobs(mini_course, practice, False)
    fingerprint = next(j.fingerprint for j in jobs if j.student == "victima")
    marker.parent.mkdir(parents=True)
    marker.write_text(json.dumps({"fingerprint": fingerprint, "attempts": 1}))  # one run died on it
    first = {r["student"]: r for r in autograde(mini_course, practice, workers=2).results}
    assert first["victima"]["status"] == "ok" and first["victima"]["score"] == 5 and not marker.exists()

    result = mini_course.folder("autograded", "victima", "mini", "result.json")
    result.unlink()
    marker.write_text(json.dumps({"fingerprint": fingerprint, "attempts": 2}))  # two runs died on it
    second = {r["student"]: r for r in autograde(mini_course, practice, workers=2).results}
    assert second["victima"]["status"] == "crashed" and "2 intentos" in second["victima"]["reason"]
    assert second["ana"]["score"] == 6


# --- in-process checks of what every mode shares ----------------------------------------------

def _printed(course, student: str) -> str:
    nb = nbformat.read(course.folder("autograded", student, "mini", "mini.ipynb"), as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_crashing_kernels_lose_what_they_did_not_answer_and_the_batch_goes_on(mini_course, tmp_path):
    _collected(mini_course, tmp_path, {
        "exits": [GOOD_DOBLE, "import os\nos._exit(1)", GOOD_SALUDO],
        "segfault": [GOOD_DOBLE, "import ctypes\nctypes.string_at(0)", GOOD_SALUDO],
        "good": [GOOD_DOBLE, GOOD_SALUDO],
    })
    results = {r["student"]: r for r in autograde(mini_course, mini_course.practice("mini")).results}
    for student in ("exits", "segfault"):
        assert results[student]["status"] == "crashed"
        assert "kernel" in results[student]["reason"]
        assert results[student]["score"] == 0
    assert results["good"]["score"] == 6


def test_output_is_capped_and_the_reason_says_so(mini_course, tmp_path):
    yml = mini_course.path.read_text(encoding="utf-8").replace(
        "limits: {cell_timeout: 10, notebook_timeout: 60}",
        "limits: {cell_timeout: 20, notebook_timeout: 60, output_kb: 64}")
    mini_course.path.write_text(yml, encoding="utf-8")
    from grader.course import load_course

    course = load_course(mini_course.path)
    flood = "for i in range(20000):\n    print('x' * 100)"
    _collected(course, tmp_path, {"flood": [flood, GOOD_DOBLE, GOOD_SALUDO]})
    result = autograde(course, course.practice("mini")).results[0]
    printed = _printed(course, "flood")
    assert len(printed) < 80 * 1024
    assert "salida recortada" in printed
    assert result["score"] == 6
    assert "la salida se recortó al límite de 64 KiB" in result["reason"]


SEEDED = "import numpy as np\nrng = np.random.default_rng(3)\nruido = rng.normal(size=4).tolist()"
UNSEEDED = "import random\nimport numpy as np\nprint(float(np.random.rand()), random.random())"


def test_every_kernel_starts_from_the_same_seeded_state_and_none_from_another(mini_course, tmp_path):
    """Kernels forked from a zygote that preloaded modules are fresh (nothing of an earlier
    kernel survives) and seeded from the course seed: unseeded draws are the same in every
    kernel and on every run, as in a kernel started plainly."""
    from grader.checks import kernel_seed
    from grader.kernel import Limits
    from grader.scoring import grade_notebook

    plain = write_notebook(tmp_path / "plain" / "mini.ipynb", UNSEEDED)
    grade = grade_notebook(plain, [], seed=mini_course.seed, limits=Limits(cell_timeout=20))
    started_plainly = "".join(o.get("text", "") for o in grade.executed.cells[0].outputs)
    _collected(mini_course, tmp_path, {
        "first": [UNSEEDED, "import builtins\nbuiltins.leaked_from_an_earlier_kernel = True"],
        "second": [UNSEEDED, "import builtins\nprint('leak', hasattr(builtins, 'leaked_from_an_earlier_kernel'))",
                   GOOD_DOBLE, GOOD_SALUDO],
    })
    autograde(mini_course, mini_course.practice("mini"))
    first, second = _printed(mini_course, "first"), _printed(mini_course, "second")
    assert first.splitlines()[0] == second.splitlines()[0] == started_plainly.strip()
    assert "leak False" in second
    assert kernel_seed(mini_course.seed) != kernel_seed(mini_course.seed + 1)
