"""Known-wrong variants of a reference solution, declared as data.

``solutions/<practice>/variants.py`` defines ``VARIANTS``, a list of :class:`Variant`.
Each replaces the source of some solution cells (found by their nbgrader ``grade_id``)
with a plausible student mistake and names the checks that mistake must lose.  Tests
grade every variant and assert it loses exactly those checks' points; the demo uses
them as sample submissions.

A model practice's file may also define ``ACCEPTABLE``: variants in the same format that
lose nothing (``loses=()``), other ways an honest student solves the model exercise (the
statement's pipeline with fewer or more epochs, another reasonable model).
``grader calibrate`` sets the model targets on them as well as on the reference, and the
tests grade each one and require full marks.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import nbformat


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    replace: dict[str, str]  # grade_id of a solution cell -> the cell's new source
    loses: tuple[str, ...]  # ids of every check (public and hidden) this mistake fails


def load_variants(path: Path) -> list[Variant]:
    from grader.checks import load_module

    return list(load_module(path).VARIANTS)


def load_acceptable(path: Path) -> list[Variant]:
    """The ``ACCEPTABLE`` solutions of a variants file (none when it declares none)."""
    from grader.checks import load_module

    members = list(getattr(load_module(path), "ACCEPTABLE", []))
    wrong = [m.name for m in members if m.loses]
    if wrong:
        raise ValueError(f"{path}: una solución aceptable no pierde nada, y {', '.join(wrong)} pierde")
    return members


def reference_notebook(source: Path):
    """The instructor source as a student who solved everything would hand it in."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        cell.source = "\n".join(
            line for line in cell.source.splitlines()
            if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
        )
    return nb


SEEDING_CALLS = ("set_random_seed(", "random.seed(", "tf.random.set_seed(")


def without_seeding(reference):
    """A copy of ``reference`` with every line that seeds a generator removed (Keras,
    TensorFlow, NumPy and Python seeding calls), as a student who never fixes the seed
    would hand it in."""
    nb = copy.deepcopy(reference)
    for cell in nb.cells:
        if cell.cell_type == "code" and any(call in cell.source for call in SEEDING_CALLS):
            kept = [line for line in cell.source.splitlines() if not any(call in line for call in SEEDING_CALLS)]
            cell.source = "\n".join(kept) if any(line.strip() for line in kept) else "pass"
    return nb


def seeds_its_answers(reference) -> bool:
    """Whether a solution cell of ``reference`` (what the checks call) seeds a generator:
    only then can a student who never fixes the seed get different answers from one
    kernel to the next, and only then is an unseeded copy worth grading."""
    return any(cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution")
               and any(call in cell.source for call in SEEDING_CALLS) for cell in reference.cells)


def apply_variant(reference, variant: Variant):
    """A copy of ``reference`` with the variant's cells replaced."""
    nb = copy.deepcopy(reference)
    found = set()
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in variant.replace:
            cell.source = variant.replace[grade_id]
            found.add(grade_id)
    missing = set(variant.replace) - found
    if missing:
        raise KeyError(f"variante {variant.name!r}: no hay celdas {sorted(missing)}")
    return nb
