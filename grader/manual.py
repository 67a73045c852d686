"""Answers a person grades: free-text cells marked for manual grading in the source notebook.

An instructor marks a cell as nbgrader does (``grade: true`` and ``solution: true``, with
``points``).  Release keeps it, with the stub for the student to replace; autograde leaves
it to formgrader, which opens the same gradebook; the report and the feedback show it
as pending until someone sets its score.  Their points count towards the practice's
total in course.yml, with the checks'.
"""
from __future__ import annotations

from dataclasses import dataclass

import nbformat

from grader.course import Practice


@dataclass(frozen=True)
class ManualItem:
    """Reads like a :class:`grader.checks.Check` where reports list checks."""

    id: str  # the cell's nbgrader grade_id
    question: str
    points: float
    description: str
    notebook: str
    cell_type: str
    hidden: bool = False


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def manual_items(practice: Practice) -> list[ManualItem]:
    items = []
    for name in practice.notebooks:
        nb = nbformat.read(practice.source_notebook(name), as_version=4)
        for cell in nb.cells:
            meta = _nbgrader(cell)
            if meta.get("grade") and meta.get("solution"):
                grade_id = meta["grade_id"]
                items.append(ManualItem(grade_id, grade_id, float(meta.get("points", 0)),
                                        "respuesta corregida a mano", name, cell.cell_type))
    return items


def solution_cell_ids(practice: Practice) -> dict[str, list[str]]:
    """Per notebook, the grade_id of every cell a student writes in (formgrader keeps a
    comment for each)."""
    found = {}
    for name in practice.notebooks:
        nb = nbformat.read(practice.source_notebook(name), as_version=4)
        found[name] = [_nbgrader(c)["grade_id"] for c in nb.cells if _nbgrader(c).get("solution")]
    return found
