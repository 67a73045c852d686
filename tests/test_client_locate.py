"""Where a student's notebook finds its public checks (grader_client.locate) and what it
says when it cannot: checks.json next to it, the notebook's own metadata (the file Jupyter
or VS Code names, the only notebook of the folder, or Colab's copy), a client of another
version, files to upload."""
from __future__ import annotations

import json
import sys
import types

import nbformat
import pytest

from grader_client import checkdata
from grader_client.checks import Call, Check
from grader_client.judges import equals
from grader_client.report import check_question


def _data(practice: str = "mini", **extra) -> dict:
    check = Check(id="q1_doble", question="q1", points=1, ask=Call("doble", cases=[(2,), (5,)]),
                  expected=[4, 10], judge=equals, description="doble con los ejemplos")
    return json.loads(json.dumps(checkdata.dump([check], practice=practice, hidden={"checks": 1, "points": 4},
                                                files=[], **extra)))


def _notebook(path, data) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata[checkdata.METADATA_KEY] = data
    nbformat.write(nb, path)


NAMESPACE = {"doble": lambda x: 2 * x}


def test_checks_json_next_to_the_notebook(tmp_path):
    (tmp_path / "checks.json").write_text(json.dumps(_data()))
    report = check_question("q1", folder=tmp_path, namespace=dict(NAMESPACE))
    assert report.passed and "Correcto." in report._repr_html_()


def test_the_only_released_notebook_of_the_folder(tmp_path):
    _notebook(tmp_path / "mini.ipynb", _data())
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "otro.ipynb")  # not a released one
    assert check_question("q1", folder=tmp_path, namespace=dict(NAMESPACE)).passed


def test_the_notebook_jupyter_or_vs_code_names(tmp_path, monkeypatch):
    _notebook(tmp_path / "a.ipynb", _data("uno"))
    _notebook(tmp_path / "b.ipynb", _data("dos"))
    assert "hay cuadernos de varias prácticas" in repr(check_question("q1", folder=tmp_path, namespace=dict(NAMESPACE)))
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "b.ipynb"))
    assert check_question("q1", folder=tmp_path, namespace=dict(NAMESPACE)).passed
    monkeypatch.delenv("JPY_SESSION_NAME")
    namespace = {**NAMESPACE, "__vsc_ipynb_file__": str(tmp_path / "a.ipynb")}
    assert check_question("q1", folder=tmp_path, namespace=namespace).passed


def test_colab_without_a_file_on_disk(tmp_path, monkeypatch):
    colab = types.ModuleType("google.colab")
    message = types.ModuleType("google.colab._message")
    message.blocking_request = lambda kind, request="", timeout_sec=0: {"ipynb": {"metadata": {"grader": _data()}}}
    colab._message = message
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setitem(sys.modules, "google.colab._message", message)
    assert check_question("q1", folder=tmp_path, namespace=dict(NAMESPACE)).passed


def test_nothing_found_says_what_to_do(tmp_path):
    report = check_question("q1", folder=tmp_path, namespace=dict(NAMESPACE))
    assert not report.passed
    assert "no encuentro las comprobaciones públicas" in repr(report) and "Colab" in repr(report)


def test_check_data_of_another_client_version_is_one_clear_line(tmp_path):
    data = _data()
    data.update(schema=checkdata.SCHEMA + 1, client="9.0.0")
    (tmp_path / "checks.json").write_text(json.dumps(data))
    report = check_question("q1", folder=tmp_path, namespace=dict(NAMESPACE))
    assert repr(report) == ("q1: estas comprobaciones son para la versión 9.0.0 del cliente del corrector y tienes "
                            "la 0.1.0: instala el archivo .whl que viene con la práctica "
                            "(pip install course_grader_client-9.0.0-py3-none-any.whl)")


def test_missing_data_files_are_named(tmp_path):
    (tmp_path / "checks.json").write_text(json.dumps({**_data(), "files": ["data/flores.csv"]}))
    report = check_question("q1", folder=tmp_path, namespace=dict(NAMESPACE))
    assert report.passed  # the checks ran; the note says what to upload
    assert "Faltan archivos de datos junto al cuaderno: data/flores.csv" in report._repr_html_()


def test_public_checks_that_are_not_data_are_refused():
    hidden_like = Check(id="q1", question="q1", points=1, ask=Call("f", cases=lambda rng: [(1,)]),
                        expected=[1], judge=equals, description="")
    with pytest.raises(checkdata.CheckDataError, match="deben ser literales"):
        checkdata.dump([hidden_like])
    computed = Check(id="q2", question="q2", points=1, ask=Call("f", cases=[(1,)]), expected=lambda c: [1],
                     judge=equals, description="")
    with pytest.raises(checkdata.CheckDataError, match="debe ser literal"):
        checkdata.dump([computed])
    foreign = Check(id="q3", question="q3", points=1, ask=Call("f", cases=[(1,)]), expected=[1],
                    judge=lambda a, e: None, description="")
    with pytest.raises(checkdata.CheckDataError, match="no es de grader_client.judges"):
        checkdata.dump([foreign])


def _ruled_data() -> dict:
    check = Check(id="q1_media", question="q1", points=1, ask=Call("media", cases=[([1, 2, 3],)]),
                  expected=[2], judge=equals, description="media sin statistics",
                  forbidden=("statistics", ".mean"))
    return json.loads(json.dumps(checkdata.dump([check], practice="mini", files=[])))


def test_grader_check_in_the_kernel_applies_the_by_hand_rules_of_its_input_history(tmp_path):
    """``grader.check("q1")`` reads the cells the kernel ran (IPython's ``In``), as the grader
    reads the submitted file: right values with a forbidden call do not pass."""
    import statistics

    (tmp_path / "checks.json").write_text(json.dumps(_ruled_data()))
    history = ["", "import statistics as st", "def media(x):\n    return st.mean(x)", 'grader.check("q1")']
    report = check_question("q1", folder=tmp_path, namespace={"In": history, "st": statistics,
                                                              "media": lambda x: statistics.mean(x)})
    assert not report.passed
    assert "No vale" in repr(report) and "`st.mean` (statistics.mean)" in repr(report)
    honest = ["", "def media(x):\n    return sum(x) / len(x)"]
    assert check_question("q1", folder=tmp_path, namespace={"In": honest, "media": lambda x: sum(x) / len(x)}).passed


def test_outside_ipython_the_rules_read_the_functions_source(tmp_path):
    (tmp_path / "checks.json").write_text(json.dumps(_ruled_data()))
    source = tmp_path / "alumno.py"
    source.write_text("import statistics\n\ndef ayuda(v):\n    return statistics.mean(v)\n\n"
                      "def media(x):\n    return ayuda(x)\n", encoding="utf-8")
    namespace: dict = {"__name__": "__main__"}
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), namespace)
    report = check_question("q1", folder=tmp_path, namespace=namespace)
    assert not report.passed and "a través de `ayuda`" in repr(report)
