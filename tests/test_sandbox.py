"""The sandbox, proven with hostile submissions graded the way ``grader autograde`` grades
them: the kernel cannot see the grader's files or other submissions, has no network, and
is held to the memory, process, file-size and output caps of course.yml; a kernel that
crashes loses what it did not answer and the batch goes on."""
from __future__ import annotations

import socket
import threading
import warnings

import nbformat
import pytest

from grader import sandbox
from grader.autograde import autograde
from grader.collect import collect

from helpers import GOOD_DOBLE, GOOD_SALUDO, write_notebook

pytestmark = pytest.mark.slow
needs_namespaces = pytest.mark.skipif(
    sandbox.mode() == sandbox.LIMITS, reason="this machine refuses namespaces (see test_weaker_modes_are_announced)")

PROBE = '''
import os
found = {}
def attempt(name, action):
    try:
        found[name] = "OPEN: " + repr(action())[:60]
    except Exception as exc:
        found[name] = "BLOCKED " + type(exc).__name__
'''


def _autograde(course, tmp_path, submissions: dict[str, list[str]]) -> dict[str, dict]:
    inbox = tmp_path / "inbox"
    for student, cells in submissions.items():
        write_notebook(inbox / student / "mini.ipynb", *cells)
    practice = course.practice("mini")
    collect(course, practice, inbox)
    return {r["student"]: r for r in autograde(course, practice).results}


def _printed(course, student: str) -> str:
    nb = nbformat.read(course.folder("autograded", student, "mini", "mini.ipynb"), as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def _scores(result: dict) -> dict[str, float]:
    return {c["id"]: c["score"] for c in result["checks"]}


@needs_namespaces
def test_the_kernel_sees_only_its_own_scratch_folder(mini_course, tmp_path):
    hidden = mini_course.practice("mini").hidden_checks_path
    gradebook = mini_course.workspace / "gradebook.db"
    other = mini_course.folder("submitted", "ana", "mini", "mini.ipynb")
    spy = PROBE + f'''
attempt("hidden_checks", lambda: open({str(hidden)!r}).read())
attempt("gradebook", lambda: open({str(gradebook)!r}, "rb").read(10))
attempt("other_submission", lambda: open({str(other)!r}).read())
attempt("course_folder", lambda: [n for n in os.listdir({str(mini_course.root)!r}) if n != "grader"])
attempt("write_course", lambda: open({str(mini_course.root / "PWNED")!r}, "w").write("x"))
attempt("home", lambda: [n for n in os.listdir("/root") if not n.startswith(".pyenv")])
attempt("references", lambda: __import__("grader.references.statistics"))
print(sorted(found.items()))
'''
    results = _autograde(mini_course, tmp_path, {"ana": [GOOD_DOBLE, GOOD_SALUDO], "spy": [spy, GOOD_DOBLE]})
    printed = _printed(mini_course, "spy")
    for name in ("hidden_checks", "gradebook", "other_submission", "write_course", "references"):
        assert f"('{name}', 'BLOCKED" in printed, printed
    # The course folder and home may be listed, but are empty stand-ins.
    assert "('course_folder', 'OPEN: []')" in printed or "('course_folder', 'BLOCKED" in printed, printed
    assert "('home', 'OPEN: []')" in printed or "('home', 'BLOCKED" in printed, printed
    assert not (mini_course.root / "PWNED").exists()
    assert _scores(results["spy"])["q1_doble"] == 1  # sandboxed, not broken: its own work counts
    assert results["spy"]["sandbox"] == sandbox.mode()  # the record says how it was isolated


@needs_namespaces
def test_the_kernel_has_no_network(mini_course, tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    threading.Thread(target=lambda: server.accept(), daemon=True).start()
    try:
        caller = PROBE + f'''
import socket
attempt("loopback", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=3))
attempt("internet", lambda: socket.create_connection(("1.1.1.1", 80), timeout=3))
print(sorted(found.items()))
'''
        _autograde(mini_course, tmp_path, {"net": [caller]})
    finally:
        server.close()
    printed = _printed(mini_course, "net")
    assert "('loopback', 'BLOCKED" in printed and "('internet', 'BLOCKED" in printed, printed


@needs_namespaces
def test_memory_file_size_and_process_caps_hold(mini_course, tmp_path):
    hog = PROBE + '''
attempt("memory", lambda: len(bytearray(1024 * 2**20)))
attempt("file_size", lambda: open("big.bin", "wb").write(b"x" * (64 * 2**20)))
import subprocess
children = []
def spawn():
    for _ in range(64):
        children.append(subprocess.Popen(["sleep", "5"]))
attempt("processes", spawn)
for child in children:
    child.kill()
    child.wait()
print(sorted(found.items()))
'''
    yml = mini_course.path.read_text(encoding="utf-8").replace(
        "limits: {cell_timeout: 10, notebook_timeout: 60}",
        "limits: {cell_timeout: 20, notebook_timeout: 60, memory_mb: 512, file_size_mb: 16, processes: 48}")
    mini_course.path.write_text(yml, encoding="utf-8")
    from grader.course import load_course

    course = load_course(mini_course.path)
    results = _autograde(course, tmp_path, {"hog": [hog, GOOD_DOBLE, GOOD_SALUDO]})
    printed = _printed(course, "hog")
    assert "('memory', 'BLOCKED MemoryError')" in printed, printed
    assert "('file_size', 'BLOCKED OSError')" in printed, printed
    if sandbox.mode() == sandbox.ISOLATED:  # the process cap needs a uid of its own
        assert "('processes', 'BLOCKED" in printed, printed
    assert _scores(results["hog"]) == {"q1_doble": 1, "q2_saludo": 1, "h1_doble": 4}


def test_crashing_kernels_lose_what_they_did_not_answer_and_the_batch_goes_on(mini_course, tmp_path):
    results = _autograde(mini_course, tmp_path, {
        "exits": [GOOD_DOBLE, "import os\nos._exit(1)", GOOD_SALUDO],
        "segfault": [GOOD_DOBLE, "import ctypes\nctypes.string_at(0)", GOOD_SALUDO],
        "good": [GOOD_DOBLE, GOOD_SALUDO],
    })
    for student in ("exits", "segfault"):
        assert results[student]["status"] == "crashed"
        assert "kernel" in results[student]["reason"]
        assert results[student]["score"] == 0
    assert results["good"]["score"] == 6


@needs_namespaces
def test_output_is_capped(mini_course, tmp_path):
    yml = mini_course.path.read_text(encoding="utf-8").replace(
        "limits: {cell_timeout: 10, notebook_timeout: 60}",
        "limits: {cell_timeout: 20, notebook_timeout: 60, output_kb: 64}")
    mini_course.path.write_text(yml, encoding="utf-8")
    from grader.course import load_course

    course = load_course(mini_course.path)
    flood = "for i in range(20000):\n    print('x' * 100)"
    results = _autograde(course, tmp_path, {"flood": [flood, GOOD_DOBLE, GOOD_SALUDO]})
    printed = _printed(course, "flood")
    assert len(printed) < 80 * 1024
    assert "salida recortada" in printed
    assert results["flood"]["score"] == 6


def test_weaker_modes_are_announced(monkeypatch):
    """Where namespaces are refused, grading still runs, and says so once, loudly."""
    monkeypatch.setattr(sandbox, "_probe", lambda command: False)
    monkeypatch.delenv("GRADER_SANDBOX_ANNOUNCED", raising=False)
    sandbox.mode.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert sandbox.mode() == sandbox.LIMITS
            assert sandbox.mode() == sandbox.LIMITS
        assert len(caught) == 1 and "AVISO DE SEGURIDAD" in str(caught[0].message)
        prefix = sandbox.prefix(sandbox.Path("/tmp/x"), [], [], sandbox.Limits())
        assert "unshare" not in prefix and "--memory-mb" in prefix
    finally:
        sandbox.mode.cache_clear()



def _with_preload(course, modules: str):
    yml = course.path.read_text(encoding="utf-8").replace(
        "    points: 6\n", f"    points: 6\n    preload: [{modules}]\n", 1)
    course.path.write_text(yml, encoding="utf-8")
    from grader.course import load_course

    return load_course(course.path)


SEEDED = "import numpy as np\nrng = np.random.default_rng(3)\nruido = rng.normal(size=4).tolist()\nglobal_draw = float(np.random.rand())"


@needs_namespaces
def test_kernels_forked_from_a_preloaded_zygote_are_as_isolated_and_as_fresh(mini_course, tmp_path):
    """A practice with ``preload`` forks its kernels from a process that imported the heavy
    modules once: each kernel is still confined, and still starts from a clean state."""
    _autograde(mini_course, tmp_path / "plain", {"ana": [SEEDED, "print(ruido)"]})
    started_plainly = _printed(mini_course, "ana")
    course = _with_preload(mini_course, "numpy, sklearn")
    spy = PROBE + f'''
attempt("hidden_checks", lambda: open({str(course.practice("mini").hidden_checks_path)!r}).read())
attempt("write_course", lambda: open({str(course.root / "PWNED")!r}, "w").write("x"))
attempt("references", lambda: __import__("grader.references.statistics"))
print(sorted(found.items()), os.getuid())
import builtins
builtins.leaked_from_an_earlier_kernel = True
'''
    results = _autograde(course, tmp_path / "forked", {
        "forked": [SEEDED, "print(ruido)"],
        "sibling": [SEEDED, "print(global_draw)", GOOD_DOBLE],
        "sibling2": [SEEDED, "print(global_draw)", GOOD_DOBLE],
        "spy": [spy, GOOD_DOBLE],
        "victim": ["import builtins\nprint('leak', hasattr(builtins, 'leaked_from_an_earlier_kernel'))",
                   GOOD_DOBLE, GOOD_SALUDO],
        "exits": [GOOD_DOBLE, "import os\nos._exit(1)"],
    })
    printed = _printed(course, "spy")
    for name in ("hidden_checks", "write_course", "references"):
        assert f"('{name}', 'BLOCKED" in printed, printed
    assert "leak False" in _printed(course, "victim")
    assert results["victim"]["score"] == 6
    assert results["exits"]["status"] == "crashed" and results["exits"]["score"] == 0
    assert _printed(course, "forked") == started_plainly  # same seeded state as a plain kernel
    assert _printed(course, "sibling") != _printed(course, "sibling2")  # unseeded state is fresh
