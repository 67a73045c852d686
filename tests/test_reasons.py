"""Every graded notebook that did not run cleanly says why, in words a student can act on:
a notebook with no cells, an old notebook format, a function never defined, a limit of
course.yml reached (the output cut is in tests/test_sandbox.py)."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader.autograde import autograde
from grader.collect import collect

from helpers import GOOD_DOBLE, GOOD_SALUDO, write_notebook

pytestmark = pytest.mark.slow


def _grade(course, tmp_path, notebooks: dict[str, object]) -> dict[str, dict]:
    inbox = tmp_path / "inbox"
    for student, nb in notebooks.items():
        path = inbox / student / "mini.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(nb, list):
            write_notebook(path, *nb)
        else:
            nbformat.write(nb, path, version=nb.nbformat)
    collect(course, course.practice("mini"), inbox)
    return {r["student"]: r for r in autograde(course, course.practice("mini")).results}


def test_what_went_wrong_is_in_the_reason(mini_course, tmp_path):
    old = nbformat.convert(new_notebook(cells=[new_code_cell(GOOD_DOBLE), new_code_cell(GOOD_SALUDO)]), 3)
    results = _grade(mini_course, tmp_path, {
        "vacio": new_notebook(cells=[]),
        "antiguo": old,
        "sin_saludo": [GOOD_DOBLE],
        "memoria": [GOOD_DOBLE, GOOD_SALUDO, "datos = bytearray(64 * 2**30)"],
        "bien": [GOOD_DOBLE, GOOD_SALUDO],
    })
    assert results["vacio"]["score"] == 0
    assert "el cuaderno no tiene celdas" in results["vacio"]["reason"]
    assert "no define `doble`, `saludo`" in results["vacio"]["reason"]
    assert results["antiguo"]["score"] == 6  # converted, and graded as any other
    assert "formato de cuaderno antiguo (v3), convertido" in results["antiguo"]["reason"]
    assert results["sin_saludo"]["reason"] == "no define `saludo`"
    assert results["sin_saludo"]["score"] == 5
    assert "se alcanzó el límite de memoria (4096 MiB)" in results["memoria"]["reason"]
    assert "celda 3: MemoryError" in results["memoria"]["reason"]
    assert results["memoria"]["score"] == 6
    assert results["bien"]["reason"] == "" and results["bien"]["status"] == "ok"
