"""Checks as data: what to ask the student's kernel, and how to judge the answer.

A practice declares its public checks in ``assignments/<practice>/checks.py`` and its
hidden checks in ``solutions/<practice>/hidden.py``; both files define a list ``CHECKS``
of :class:`Check`.  The kernel only ever sees what an :class:`Ask` sends it (a name to
look up, arguments to call a function with); expected values stay in the grader's
process and are compared there by a judge from :mod:`grader.judges`.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence, Union

import numpy as np

from grader.judges import Verdict
from grader.witness import encode


@dataclass(frozen=True)
class Value:
    """Ask for the value of a variable the student defined."""

    name: str

    def inputs(self, rng: np.random.Generator) -> None:
        return None

    def request(self, inputs: None, arrays: dict) -> dict:
        return {"kind": "value", "name": self.name}


CaseMaker = Callable[[np.random.Generator], Sequence[tuple]]


@dataclass(frozen=True)
class Call:
    """Ask for the results of calling a student function on inputs the grader chooses.

    ``cases`` is either a fixed list of argument tuples (public checks, where the student
    may see them) or a function of a seeded random generator that draws fresh ones
    (hidden checks, so that hard-coding a printed result cannot pass).  With ``together``
    the judge receives the list of all answers and the expected value of the whole list,
    and there is no partial credit per case: used where the cases only mean something
    side by side (the same training function given true and shuffled labels).
    """

    function: str
    cases: Union[Sequence[tuple], CaseMaker]
    together: bool = False  # judge all answers at once (a model trained twice, say)

    def inputs(self, rng: np.random.Generator) -> list[tuple]:
        cases = self.cases(rng) if callable(self.cases) else self.cases
        return [tuple(case) for case in cases]

    def request(self, inputs: list[tuple], arrays: dict) -> dict:
        """The request as data; numeric arrays among the arguments go into ``arrays``."""
        return {"kind": "call", "function": self.function, "cases": encode(inputs, arrays)}


Ask = Union[Value, Call]
Judge = Callable[[Any, Any], Verdict]


def per_case(reference: Callable[..., Any]) -> Callable[[list[tuple]], list[Any]]:
    """Expected answers of a :class:`Call`: the trusted reference applied to each case."""

    def expected(cases: list[tuple]) -> list[Any]:
        return [reference(*case) for case in cases]

    expected.__name__ = f"per_case({getattr(reference, '__name__', 'reference')})"
    return expected


@dataclass(frozen=True)
class Check:
    """One graded question part.

    ``expected`` is a literal answer, or a function of the inputs the ask sent (for
    a :class:`Call`, the list of cases; see :func:`per_case`).  ``description`` is the
    Spanish line students read in the results table.
    """

    id: str
    question: str
    points: float
    ask: Ask
    expected: Any
    judge: Judge
    description: str
    hidden: bool = False
    notebook: str | None = None

    def expected_for(self, inputs: Any) -> Any:
        if callable(self.expected):
            return self.expected(inputs) if inputs is not None else self.expected()
        return self.expected


def check_rng(seed: int, check_id: str) -> np.random.Generator:
    """The generator a check draws its fresh inputs from: stable per course seed and id,
    so the same submission gets the same inputs (and score) on every run."""
    digest = hashlib.sha256(f"{seed}:{check_id}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def kernel_seed(seed: int) -> int:
    """The seed every kernel's generators start from (:func:`grader.witness.seed_everything`):
    derived from the course seed, which it does not reveal."""
    digest = hashlib.sha256(f"{seed}:kernel".encode()).digest()
    return int.from_bytes(digest[:4], "little")


@dataclass
class CheckResult:
    """The grade of one check for one submission, as stored and reported."""

    id: str
    question: str
    points: float
    score: float
    hidden: bool
    message: str
    description: str = ""
    messages: dict = field(default_factory=dict)  # the message in every language
    passed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.passed = self.score >= self.points - 1e-9


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
