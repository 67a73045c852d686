"""Checks as Python files, on the instructor's side.

A practice declares its public checks in ``assignments/<practice>/checks.py`` (released to
students as data, see :mod:`grader_client.checkdata`) and its hidden checks in
``solutions/<practice>/hidden.py``; both files define a list ``CHECKS`` of
:class:`~grader_client.checks.Check`.  Hidden checks draw fresh inputs (their ``Call``
cases are functions of a seeded generator) and compute expected values with trusted
references (:func:`per_case`); none of that leaves this side.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any, Callable

from grader_client.checks import (Ask, Call, CaseMaker, Check, CheckResult, Judge, Value, check_rng, draw_inputs,
                                  kernel_seed)

__all__ = ["Ask", "Call", "CaseMaker", "Check", "CheckResult", "ChecksError", "Judge", "Value", "check_rng",
           "draw_inputs", "kernel_seed", "load_checks", "load_module", "per_case"]


def per_case(reference: Callable[..., Any]) -> Callable[[list[tuple]], list[Any]]:
    """Expected answers of a :class:`Call`: the trusted reference applied to each case."""

    def expected(cases: list[tuple]) -> list[Any]:
        return [reference(*case) for case in cases]

    expected.__name__ = f"per_case({getattr(reference, '__name__', 'reference')})"
    return expected


def load_module(path: Path):
    """Import a practice file (checks, variants, data set) by its path."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location(f"_practice_{path.stem}_{abs(hash(str(path)))}", path)
    if spec is None or spec.loader is None:
        raise ChecksError(f"{path}: no se puede cargar como módulo de Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # so that the file can name itself (dataclasses, sys.modules)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a broken practice file must name itself
        raise ChecksError(f"{path}: error al cargar: {exc!r}") from exc
    return module


def load_checks(path: Path, *, hidden: bool) -> list[Check]:
    """Load the ``CHECKS`` list of a checks file, refusing mislabelled checks.

    A public file with a hidden check (or the reverse) would ship a hidden check with the
    release, so it is an error, not a warning.
    """
    module = load_module(path)
    checks = getattr(module, "CHECKS", None)
    if not isinstance(checks, list) or not all(isinstance(c, Check) for c in checks):
        raise ChecksError(f"{path}: debe definir CHECKS, una lista de grader.checks.Check")
    seen: set[str] = set()
    for check in checks:
        if check.hidden != hidden:
            kind = "ocultas" if hidden else "públicas"
            raise ChecksError(f"{path}: la comprobación {check.id!r} no es de las {kind}")
        if check.id in seen:
            raise ChecksError(f"{path}: id de comprobación repetido: {check.id!r}")
        if check.points <= 0:
            raise ChecksError(f"{path}: {check.id!r} debe valer más de 0 puntos")
        seen.add(check.id)
    return checks


class ChecksError(Exception):
    """A checks file that cannot be used; the message names the file."""
