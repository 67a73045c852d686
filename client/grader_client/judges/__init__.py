"""Judges: small pure functions that compare an answer with the expected one.

Every judge has the same shape: ``judge(answer, expected) -> Verdict``.  ``answer`` is
plain data decoded from the kernel (numbers, strings, lists, numpy arrays); ``expected``
is the check's.  A judge never sees the student's objects, only their data, and holds no
answer of its own: what is right comes in ``expected``.  A verdict names a message from
the catalog (:mod:`grader_client.messages`) and its parameters; the catalog decides what
a student may read, so a hidden check's expected value is never put into words.
Parametrised judges are used through ``functools.partial``.

This module has the general judges; :mod:`.statistics`, :mod:`.classification` and
:mod:`.networks` those of the course's practices.  :data:`REGISTRY` names every one of
them, so that a released check can name its judge as data.  The instructor's grader
judges public and hidden checks with these same functions.
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Verdict:
    """``score`` is the fraction of the check's points earned, between 0 and 1."""

    score: float
    key: str
    params: dict = field(default_factory=dict)


def show(value: Any, limit: int = 80) -> str:
    """A short, one-line rendering of a value for messages."""
    text = repr(value.tolist()) if isinstance(value, np.ndarray) else repr(value)
    if not isinstance(value, str):  # a string's own spaces may be the point of the message
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ok() -> Verdict:
    return Verdict(1.0, "correct")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def equals(answer: Any, expected: Any) -> Verdict:
    """Exactly the expected value (``3 == 3.0``; for collections, element by element)."""
    try:
        same = np.array_equal(np.asarray(answer, dtype=object), np.asarray(expected, dtype=object))
    except (ValueError, TypeError):
        same = answer == expected
    if same is True or (isinstance(same, (bool, np.bool_)) and bool(same)):
        return _ok()
    return Verdict(0.0, "not_equal", {"answer": show(answer), "expected": show(expected)})


def same_type_and_value(answer: Any, expected: Any) -> Verdict:
    """The expected value and kind of number: ``3`` (int) is not ``3.0`` (float)."""
    kinds = {bool: "bool", int: "int", float: "float", str: "str"}
    want = next((name for t, name in kinds.items() if type(expected) is t), None)
    got = next((name for t, name in kinds.items() if type(answer) is t), type(answer).__name__)
    if want is not None and want != got:
        return Verdict(0.0, "wrong_type", {"answer": show(answer), "got": got, "want": want})
    return equals(answer, expected)


def close_to(answer: Any, expected: Any, *, rel: float = 1e-6, abs_tol: float = 1e-9) -> Verdict:
    """A number (or array of numbers) within a relative or absolute tolerance."""
    if _is_number(expected):
        if not _is_number(answer):
            return Verdict(0.0, "not_a_number", {"answer": show(answer)})
        a, e = float(answer), float(expected)
        if math.isclose(a, e, rel_tol=rel, abs_tol=abs_tol):
            return _ok()
        return Verdict(0.0, "not_close", {"answer": show(answer), "expected": show(expected)})
    try:
        a = np.asarray(answer, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (ValueError, TypeError):
        return Verdict(0.0, "not_a_number", {"answer": show(answer)})
    if a.shape != e.shape:
        return Verdict(0.0, "wrong_shape", {"got": list(a.shape), "want": list(e.shape)})
    if np.allclose(a, e, rtol=rel, atol=abs_tol, equal_nan=True):
        return _ok()
    return Verdict(0.0, "not_close", {"answer": show(answer), "expected": show(expected)})


def same_text(answer: Any, expected: str) -> Verdict:
    """Exactly the expected string; says when only spaces or letter case differ."""
    if not isinstance(answer, str):
        return Verdict(0.0, "not_text", {"answer": show(answer)})
    if answer == expected:
        return _ok()
    if answer.strip() == expected.strip():
        return Verdict(0.0, "text_spaces", {"answer": show(answer), "expected": show(expected)})
    if answer.lower() == expected.lower():
        return Verdict(0.0, "text_case", {"answer": show(answer), "expected": show(expected)})
    return Verdict(0.0, "not_equal", {"answer": show(answer), "expected": show(expected)})


def hint(text: str, score: float = 0.0) -> Verdict:
    """A verdict whose message is a sentence written by the check's author: for judges of
    one practice that explain a rule (never a hidden expected value)."""
    return Verdict(score, "hint", {"hint": text})


# --- judges by name: a released check names its judge as data ----------------------------

def _named(prefix: str, module) -> dict:
    return {prefix + name: obj for name, obj in vars(module).items()
            if callable(obj) and not isinstance(obj, type) and not name.startswith("_")
            and getattr(obj, "__module__", None) == module.__name__}


def _registry() -> dict:
    """This module's functions by name, then those of every module of this package (one
    per family of practices: ``statistics.same_quartiles``...)."""
    import importlib
    import pkgutil

    found = _named("", sys.modules[__name__])
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.update(_named(f"{info.name}.", module))
    return found


REGISTRY: dict[str, Any] = _registry()


def name_of(function) -> str | None:
    """The registered name of a judge (or of a function a judge takes as a parameter)."""
    return next((name for name, known in REGISTRY.items() if known is function), None)
