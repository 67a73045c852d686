"""A check as data: what to ask the student's kernel, and what the answer must be.

A check has an id, its question (``q1``...), its points, an *ask* (:class:`Value`: the
value of a name; :class:`Call`: a student function called on given arguments), the
expected answer and a *judge* (:mod:`grader_client.judges`) that compares the two.  The
kernel only ever sees what an ask sends it; the expected value stays with the judge.

Public checks reach students as data (:mod:`grader_client.checkdata`); the instructor's
grader builds its hidden checks from these same classes, with fresh inputs drawn by case
makers that never leave the instructor's side.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, Union

import numpy as np

from grader_client.judges import Verdict
from grader_client.witness import encode


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
    (hidden checks, on the instructor's side, so that hard-coding a printed result cannot
    pass).  With ``together``
    the judge receives the list of all answers and the expected value of the whole list,
    and there is no partial credit per case: used where the cases only mean something
    side by side (the same training function given true and shuffled labels).
    ``drawn_as`` names the generator fresh cases are drawn from when it is not the
    check's own: checks that judge one answer several ways (three metrics of one trained
    model) draw the same cases, and the kernel is asked, and trains, once for all.
    """

    function: str
    cases: Union[Sequence[tuple], CaseMaker]
    together: bool = False  # judge all answers at once (a model trained twice, say)
    drawn_as: str | None = None

    def inputs(self, rng: np.random.Generator) -> list[tuple]:
        cases = self.cases(rng) if callable(self.cases) else self.cases
        return [tuple(case) for case in cases]

    def request(self, inputs: list[tuple], arrays: dict) -> dict:
        """The request as data; numeric arrays among the arguments go into ``arrays``."""
        return {"kind": "call", "function": self.function, "cases": encode(inputs, arrays)}


Ask = Union[Value, Call]
Judge = Callable[[Any, Any], Verdict]


@dataclass(frozen=True)
class Check:
    """One graded question part.

    ``expected`` is a literal answer, or a function of the inputs the ask sent (for
    a :class:`Call`, the list of cases; see :func:`per_case`).  ``description`` is the
    Spanish line students read in the results table.

    ``forbidden`` is what the asked function must not use, read from the notebook's
    source (``"numpy.mean"``, a module such as ``"statistics"``, a method such as
    ``".mean"``; see :mod:`grader_client.rules`); a function that uses one loses
    ``forbidden_deduction`` of the check's points (a share, 1.0 = all of them), whatever
    its answers.  Only a :class:`Call` can have it.
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
    forbidden: tuple[str, ...] = ()
    forbidden_deduction: float = 1.0

    def __post_init__(self) -> None:
        if self.forbidden and not isinstance(self.ask, Call):
            raise ValueError(f"{self.id}: solo una comprobación que llama a una función puede prohibir usos")
        if not 0 <= self.forbidden_deduction <= 1:
            raise ValueError(f"{self.id}: forbidden_deduction es una fracción de los puntos, entre 0 y 1")
        object.__setattr__(self, "forbidden", tuple(self.forbidden))

    def expected_for(self, inputs: Any) -> Any:
        if callable(self.expected):
            return self.expected(inputs) if inputs is not None else self.expected()
        return self.expected


def draw_inputs(check: "Check", seed: int) -> Any:
    """The inputs ``check`` asks about under the course ``seed``."""
    return check.ask.inputs(check_rng(seed, getattr(check.ask, "drawn_as", None) or check.id))


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
    answer: str = ""  # a digest of what the kernel answered: equal answers, equal digests
    # The message key of the verdict and what the instructor's report shows of it
    # (grader_client.scoring.DETAILS): absent from older result documents.
    kind: str = ""
    details: dict = field(default_factory=dict)
    passed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.passed = self.score >= self.points - 1e-9
