"""``grader release``: the student version of a practice.

The student notebook is generated from the instructor source by nbgrader's own
preprocessors, chained here in the order nbgrader's generate_assignment uses.  The
release folder gets what a student needs and nothing of the instructor's side:

- the notebook(s), carrying the public check data in their metadata (a notebook opened
  alone, as in Colab, still checks itself);
- ``checks.json``, the public checks as data (:mod:`grader_client.checkdata`): cases,
  literal expected values and judges' names, plus how many hidden checks remain, never
  what they are;
- ``data/``, the released part of the practice's data (a holdout stays here);
- the student client's wheel (the course may be offline) and ``LEEME.md``, which says how
  to install it in a terminal and in a notebook cell.

Releasing into the workspace keeps it an nbgrader course directory (:mod:`grader.coursedir`);
``grader release P --exchange`` then publishes the folder to nbgrader's exchange
(:mod:`grader.exchange`).
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
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
from grader.wheel import write_client_wheel
from grader_client import checkdata

CODE_STUB = "# ESCRIBE AQUÍ TU CÓDIGO\nraise NotImplementedError()"
TEXT_STUB = "ESCRIBE AQUÍ TU RESPUESTA"
STUDENT_README = """\
# {title}

## 1. Instala el cliente del corrector (una vez por entorno)

En una terminal, en esta carpeta:

    pip install {wheel}

O en una celda de un cuaderno (JupyterLab, Jupyter, VS Code, Google Colab):

    %pip install {wheel}

En **Google Colab**, sube antes el archivo `{wheel}` (panel «Archivos», «Subir»).
Basta con subir también `{notebook}`: sus comprobaciones públicas van dentro del cuaderno.
{data_note}
## 2. Trabaja

1. Abre `{notebook}` y completa las celdas marcadas con `# ESCRIBE AQUÍ TU CÓDIGO`.
2. Tras cada ejercicio, la celda `grader.check("qN")` muestra si superas las
   comprobaciones públicas de ese ejercicio.
3. Antes de entregar, en una terminal: `grader check {notebook}` (ejecuta el cuaderno
   entero en un kernel nuevo, como lo hará el corrector).

Las comprobaciones públicas no son toda la nota: {hidden_checks} comprobaciones ocultas
({hidden_points} puntos) se califican después de la entrega con entradas nuevas.
"""
DATA_NOTE = "Sube también la carpeta `data/` con sus archivos: {files}.\n"


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


def public_checks(practice: Practice) -> list[Check]:
    """The practice's public checks as students get them: the checks file is turned into
    check data and read back by the client's own loader, so the grader judges a public
    check exactly as ``grader.check`` does, and anything that is not data is refused."""
    declared = [replace(check, notebook=check.notebook or practice.notebooks[0])
                for check in load_checks(practice.public_checks_path, hidden=False)]
    try:
        data = json.loads(json.dumps(checkdata.dump(declared)))
        return checkdata.load(data)
    except (checkdata.CheckDataError, TypeError, ValueError) as exc:
        raise ChecksError(f"{practice.public_checks_path}: {exc}") from None


def load_practice_checks(practice: Practice) -> tuple[list[Check], list[Check]]:
    """Public and hidden checks, checked against the points course.yml promises."""
    holdout.use_sources(practice.data_sources)
    public = public_checks(practice)
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


def kernel_files(folder: Path) -> list[Path]:
    """What a grading kernel gets besides the notebook: the check data and released data."""
    return [p for p in (folder / checkdata.FILE, folder / "data") if p.exists()]


# --- release --------------------------------------------------------------------------------

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
    if practice.data_folder.is_dir():
        shutil.copytree(practice.data_folder, out / "data")
    if practice.dataset_path.exists():  # the released part of the data; the holdout stays
        load_module(practice.dataset_path).release_data(out / "data")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    hidden_points = sum(c.points for c in hidden)
    data = checkdata.dump(
        public, practice=practice.id,
        title=practice.title, notebooks=practice.notebooks, points=practice.points,
        due=practice.due.isoformat(), language=practice.course.language,
        kernel_seed=kernel_seed(practice.course.seed),  # grader check seeds as autograde does
        hidden={"checks": len(hidden), "points": hidden_points}, files=files)
    (out / checkdata.FILE).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    for name in practice.notebooks:
        nb = student_notebook(practice.source_notebook(name))
        nb.metadata[checkdata.METADATA_KEY] = data
        nbformat.write(nb, out / name)
    wheel = write_client_wheel(out)
    (out / "LEEME.md").write_text(STUDENT_README.format(
        title=practice.title, notebook=practice.notebooks[0], wheel=Path(wheel).name,
        data_note=DATA_NOTE.format(files=", ".join(f"`{f}`" for f in files)) if files else "",
        hidden_checks=len(hidden), hidden_points=f"{hidden_points:g}"), encoding="utf-8")
    if out.resolve() == practice.course.folder("release", practice.id).resolve():
        from grader import coursedir  # the workspace stays an nbgrader course directory

        coursedir.keep(practice.course, practices=[practice])
    return ReleaseSummary(practice.id, out, practice.notebooks, len(public), len(hidden))
