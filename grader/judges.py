"""The judges of the hidden checks: every judge of the student client
(:mod:`grader_client.judges`, the same functions that judge public checks), and those
that measure a model on data the student never loaded, which need the holdout's metrics
and thresholds and so stay on the instructor's side."""
from __future__ import annotations

from typing import Any

import numpy as np

from grader_client.judges import (  # noqa: F401  (re-exported: hidden checks use them as judges.X)
    REGISTRY, Verdict, close_to, equals, hint, same_text, same_type_and_value, show,
)

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
        return Verdict(1.0, "correct")
    return Verdict(0.0, "depends_on_batch", {"share": f"{100 * share:.0f} %"})
