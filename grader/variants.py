"""Known-wrong variants of a reference solution, declared as data.

``solutions/<practice>/variants.py`` defines ``VARIANTS``, a list of :class:`Variant`.
Each replaces the source of some solution cells (found by their nbgrader ``grade_id``)
with a plausible student mistake and names the checks that mistake must lose.  Tests
grade every variant and assert it loses exactly those checks' points; the demo uses
them as sample submissions.
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
