"""The student's side, tested as a student: a fresh virtual environment holding only the
client's wheel, as every release carries it, and the libraries any notebook of the
course has (NumPy, IPython, ipykernel, nbclient) and the practice's own (pandas,
scikit-learn, TensorFlow).  Not course-grader: the instructor's package is not importable
there.  (Those libraries are the instructor environment's own copies, reached through a
``.pth`` file, so the test needs no network and no second TensorFlow install; a ``.pth``
path gets no ``.pth`` processing of its own, so the instructor's editable packages stay
out.)

For every practice: the solved released notebook, run as in JupyterLab from a folder
that holds only the notebook and its data (the Colab case: the check data travels in the
notebook), shows every ``grader.check`` passing; the blank release fails its public
checks through ``grader check``'s own code, with the messages the autograder gives it.
"""
from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from grader.variants import reference_notebook
from grader_client.checkdata import METADATA_KEY

from conftest import ready_practice_ids

pytestmark = pytest.mark.slow
PRACTICES = ready_practice_ids()

RUN_ALL = """
import json, sys
import nbformat
from nbclient import NotebookClient
path, folder = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=True,
               resources={"metadata": {"path": folder}}).execute()
nbformat.write(nb, path)
"""

RUN_CHECK = """
import json, sys
from pathlib import Path
from grader_client.cli import run_check
grade, data, folder = run_check(Path(sys.argv[1]))
print(json.dumps([[r.id, r.passed, r.message] for r in grade.results]))
"""


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    """The student's Python, with the client installed from a released wheel."""
    root = tmp_path_factory.mktemp("student")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "course-libraries.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    from grader.wheel import write_client_wheel

    wheel = write_client_wheel(root)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    "--disable-pip-version-check", str(wheel)], check=True)
    installed = time.monotonic() - started
    own = sum(p.stat().st_size for p in (Path(purelib) / "grader_client").rglob("*") if p.is_file()
              and "__pycache__" not in p.parts)
    print(f"client: wheel {wheel.stat().st_size / 1024:.0f} KiB, installed in {installed:.1f} s, "
          f"{own / 1024:.0f} KiB of its own")
    return python


def _run(python: Path, script: str, *args, cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": f"{python.parent}:/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8"}
    return subprocess.run([str(python), "-c", script, *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def test_the_student_environment_has_the_client_and_not_the_grader(student, tmp_path):
    probe = ("import importlib.util, grader_client; print(grader_client.__version__, "
             "importlib.util.find_spec('grader') is None)")
    result = _run(student, probe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0.1.0", "True"]
    command = subprocess.run([str(student.parent / "grader"), "--version"], capture_output=True, text=True)
    assert "course-grader-client 0.1.0" in command.stdout


def _solved(practice, released: Path):
    """The released notebook as a student who solved it hands it in: the reference's cells,
    the release's metadata (where the check data travels)."""
    nb = reference_notebook(practice.source_notebook())
    nb.metadata = nbformat.read(released / practice.notebooks[0], as_version=4).metadata
    return nb


def _outputs(nb) -> list[str]:
    """The text of every ``grader.check`` cell's result, in order."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "grader.check(" in cell.source:
            found.append("".join(o.get("data", {}).get("text/html", "") + o.get("text", "") +
                                 o.get("evalue", "") for o in cell.outputs))
    return found


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_a_practice_checks_itself_in_the_student_environment(student, course_workspace, graded_class,
                                                             practice_id, tmp_path):
    practice = course_workspace.practice(practice_id)
    released = course_workspace.folder("release", practice_id)
    alone = tmp_path / "colab"  # only the notebook and its data, no checks.json
    alone.mkdir()
    if (released / "data").is_dir():
        shutil.copytree(released / "data", alone / "data")
    notebook = alone / practice.notebooks[0]
    nbformat.write(_solved(practice, released), notebook)
    blank = tmp_path / "release"
    shutil.copytree(released, blank)
    with ThreadPoolExecutor(2) as pool:  # the two runs at once: each is one kernel
        running = pool.submit(_run, student, RUN_ALL, notebook, alone, cwd=alone)
        checking = pool.submit(_run, student, RUN_CHECK, blank / practice.notebooks[0], cwd=blank)
        ran, checked = running.result(), checking.result()

    assert ran.returncode == 0, ran.stderr[-2000:]
    outputs = _outputs(nbformat.read(notebook, as_version=4))
    assert outputs
    for output in outputs:
        assert "✅" in output and "❌" not in output, output[:1500]
    assert checked.returncode == 0, checked.stderr[-2000:]
    verdicts = json.loads(checked.stdout.strip().splitlines()[-1])
    assert verdicts and not any(passed for _, passed, _ in verdicts), verdicts
    _, results = graded_class[practice_id]
    autograded = [[c["id"], c["passed"], c["message"]] for c in results["bruno"]["checks"] if not c["hidden"]]
    assert verdicts == autograded  # the same verdicts, in the same words


def test_grader_check_in_a_terminal_passes_a_solved_notebook(student, course_workspace, tmp_path):
    practice = course_workspace.practice("calculator")
    folder = tmp_path / "calculadora"
    shutil.copytree(course_workspace.folder("release", "calculator"), folder)
    nbformat.write(_solved(practice, folder), folder / practice.notebooks[0])
    env = {"PATH": f"{student.parent}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    result = subprocess.run([str(student.parent / "grader"), "check", practice.notebooks[0]], cwd=folder,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6/6 comprobaciones públicas superadas" in result.stdout
    assert "Quedan 6 comprobaciones ocultas (14 puntos)" in result.stdout


def test_a_notebook_uploaded_without_its_data_says_what_to_upload(student, course_workspace, tmp_path):
    practice = course_workspace.practice("flowers")
    released = course_workspace.folder("release", "flowers")
    notebook = tmp_path / practice.notebooks[0]
    nbformat.write(_solved(practice, released), notebook)
    assert METADATA_KEY in nbformat.read(notebook, as_version=4).metadata
    ran = _run(student, RUN_ALL, notebook, tmp_path, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr[-2000:]
    outputs = _outputs(nbformat.read(notebook, as_version=4))
    wanted = json.loads((released / "checks.json").read_text(encoding="utf-8"))["files"]
    assert wanted and all(f"Faltan archivos de datos junto al cuaderno: {', '.join(wanted)}" in o for o in outputs)
