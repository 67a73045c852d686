"""Judges: small pure functions that decide, in the grader's own process.

Every judge has the same shape: ``judge(answer, expected) -> Verdict``.  ``answer`` is
plain data decoded from the kernel (numbers, strings, lists, numpy arrays); ``expected``
was computed by the grader.  A judge never sees the student's objects, only their data.
A verdict names a message from the catalog (:mod:`grader.messages`) and its parameters;
the catalog decides what a student may read, so a hidden check's expected value is never
put into words.  Parametrised judges are used through ``functools.partial``.
"""
from __future__ import annotations

import math
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


# --- models, judged on data the student never loaded (see grader.holdout) ----------------

CONTROL_WORDS = {  # how each control task of grader.holdout is told to students
    "classes": ("las clases renombradas", "the classes renamed"),
    "negate": ("los valores cambiados de signo", "the values negated"),
    "columns": ("las columnas en otro orden", "the columns in another order"),
}


def learns_on_holdout(answers: list, y_holdout: Any, *, metric: str, threshold: float,
                      control: str | None = None) -> Verdict:
    """``answers``: the predictions of one training function trained on the released rows,
    then on the control task of :func:`grader.holdout.model_cases` (``control`` names it;
    by default inferred from the labels).  Both must reach ``threshold``: the first on the
    holdout, the second on the holdout as the control renamed it, which a function that
    does not learn from the data it is given cannot do."""
    from grader.holdout import METRICS, control_for, control_truth, measure

    info = METRICS[metric]
    better = (lambda a, b: a >= b) if info.higher_is_better else (lambda a, b: a <= b)
    try:
        value = measure(metric, y_holdout, answers[0])
        renamed = measure(metric, control_truth(y_holdout, control), answers[1])
    except (ValueError, TypeError, IndexError) as exc:
        return Verdict(0.0, "bad_predictions", {"error": str(exc)[:120]})
    kind = control or control_for(y_holdout)
    params = {"metric": info.name, "value": f"{value:.3f}", "threshold": f"{threshold:g}",
              "control": f"{renamed:.3f}", "bound": "al menos" if info.higher_is_better else "como mucho",
              "bound_en": "at least" if info.higher_is_better else "at most",
              "renamed": CONTROL_WORDS[kind][0], "renamed_en": CONTROL_WORDS[kind][1]}
    if not better(value, threshold):
        return Verdict(0.0, "model_below", params)
    if not better(renamed, threshold):
        return Verdict(0.0, "model_ignores_training", params)
    return Verdict(1.0, "model_ok", params)


def same_predictions_on_shared_rows(answers: list, rows: int, *, agreement: float = 0.95) -> Verdict:
    """``answers``: predictions for ``rows`` rows, then for the same rows followed by others.
    A model whose preprocessing was fitted on its training data alone predicts the shared
    rows the same way both times."""
    try:
        alone = np.asarray(answers[0])[:rows]
        along = np.asarray(answers[1])[:rows]
        if len(alone) != rows or len(along) != rows:
            raise ValueError(f"se esperaban {rows} predicciones")
        if alone.dtype.kind == "f" or along.dtype.kind == "f":
            same = np.isclose(alone.astype(float), along.astype(float), rtol=1e-3, atol=1e-6)
        else:
            same = alone == along
    except (ValueError, TypeError) as exc:
        return Verdict(0.0, "bad_predictions", {"error": str(exc)[:120]})
    share = float(np.mean(same.all(axis=tuple(range(1, same.ndim))) if same.ndim > 1 else same))
    if share >= agreement:
        return _ok()
    return Verdict(0.0, "depends_on_batch", {"share": f"{100 * share:.0f} %"})
