"""``grader release``: the student version of a practice.

The student notebook is generated from the instructor source by nbgrader's own
preprocessors, chained here in the order nbgrader's generate_assignment uses.  The
release folder gets the notebook(s), the public checks, the practice's data folder and a
manifest that tells ``grader check`` how many hidden checks remain, never what they are.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ClearSolutions,
    ComputeChecksums,
    LockCells,
)

from grader import holdout
from grader.checks import Check, ChecksError, kernel_seed, load_checks, load_module
from grader.course import Practice
from grader.manual import manual_items
from grader.student_check import MANIFEST

CODE_STUB = "# ESCRIBE AQUÍ TU CÓDIGO\nraise NotImplementedError()"
TEXT_STUB = "ESCRIBE AQUÍ TU RESPUESTA"
STUDENT_README = """\
# {title}

1. Abre `{notebook}` en JupyterLab y completa las celdas marcadas con
   `# ESCRIBE AQUÍ TU CÓDIGO`.
2. Tras cada ejercicio, la celda `grader.check("qN")` muestra si superas las
   comprobaciones públicas de ese ejercicio.
3. Antes de entregar, en una terminal: `grader check {notebook}`.

Las comprobaciones públicas no son toda la nota: {hidden_checks} comprobaciones ocultas
({hidden_points} puntos) se califican después de la entrega con entradas nuevas.
"""


def student_pipeline():
    """nbgrader's generate_assignment steps, one job each, in order."""
    return [
        CheckCellMetadata(),
        ClearSolutions(code_stub={"python": CODE_STUB}, text_stub=TEXT_STUB),
        ClearHiddenTests(),
        ClearMarkScheme(),
        ClearOutput(),
        LockCells(),
        ComputeChecksums(),
    ]


def student_notebook(source: Path):
    nb = nbformat.read(source, as_version=4)
    resources: dict = {}
    for step in student_pipeline():
        nb, resources = step.preprocess(nb, resources)
    return nb


def load_practice_checks(practice: Practice) -> tuple[list[Check], list[Check]]:
    """Public and hidden checks, checked against the points course.yml promises."""
    holdout.use_sources(practice.data_sources)
    public = load_checks(practice.public_checks_path, hidden=False)
    hidden = load_checks(practice.hidden_checks_path, hidden=True) \
        if practice.hidden_checks_path.exists() else []
    by_hand = sum(item.points for item in manual_items(practice))
    total = sum(c.points for c in public + hidden) + by_hand
    if abs(total - practice.points) > 1e-9:
        also = f" (con {by_hand:g} de respuestas corregidas a mano)" if by_hand else ""
        raise ChecksError(
            f"course.yml: practices.{practice.id}.points: dice {practice.points:g} pero las "
            f"comprobaciones suman {total:g}{also}")
    ids = [c.id for c in public + hidden]
    if len(ids) != len(set(ids)):
        raise ChecksError(f"{practice.id}: hay ids repetidos entre comprobaciones públicas y ocultas")
    return public, hidden


@dataclass
class ReleaseSummary:
    practice: str
    folder: Path
    notebooks: list[str]
    public_checks: int
    hidden_checks: int


def release(practice: Practice, out: Path) -> ReleaseSummary:
    holdout.use_sources(practice.data_sources)
    public, hidden = load_practice_checks(practice)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in practice.notebooks:
        nbformat.write(student_notebook(practice.source_notebook(name)), out / name)
    shutil.copy2(practice.public_checks_path, out / "checks.py")
    if practice.data_folder.is_dir():
        shutil.copytree(practice.data_folder, out / "data")
    if practice.dataset_path.exists():  # the released part of the data; the holdout stays
        load_module(practice.dataset_path).release_data(out / "data")
    hidden_points = sum(c.points for c in hidden)
    manifest = {
        "practice": practice.id,
        "title": practice.title,
        "notebooks": practice.notebooks,
        "points": practice.points,
        "public": {"checks": len(public), "points": sum(c.points for c in public)},
        "hidden": {"checks": len(hidden), "points": hidden_points},
        "due": practice.due.isoformat(),
        "kernel_seed": kernel_seed(practice.course.seed),  # grader check seeds as autograde does
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "LEEME.md").write_text(STUDENT_README.format(
        title=practice.title, notebook=practice.notebooks[0],
        hidden_checks=len(hidden), hidden_points=f"{hidden_points:g}"), encoding="utf-8")
    return ReleaseSummary(practice.id, out, practice.notebooks, len(public), len(hidden))
