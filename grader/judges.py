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
                      control: str | None = None, baseline: float | None = None,
                      share: float = 0.0) -> Verdict:
    """``answers``: the predictions of one training function trained on the released rows,
    then on the control task of :func:`grader.holdout.model_cases` (``control`` names it;
    by default inferred from the labels).  Each is scored on the scale of
    :func:`grader.holdout.scaled` (full from the target ``threshold`` up, up to ``share``
    between ``baseline`` and the target, nothing below), the first on the holdout, the
    second on the holdout as the control renamed it, which a function that does not learn
    from the data it is given cannot do; the check earns the lower of the two."""
    from grader.holdout import METRICS, control_for, control_truth, measure, scaled

    info = METRICS[metric]
    try:
        value = measure(metric, y_holdout, answers[0])
        renamed = measure(metric, control_truth(y_holdout, control), answers[1])
    except (ValueError, TypeError, IndexError) as exc:
        return Verdict(0.0, "bad_predictions", {"error": str(exc)[:120]})
    kind = control or control_for(y_holdout)
    scale = dict(threshold=threshold, higher_is_better=info.higher_is_better, baseline=baseline, share=share)
    on_task, on_control = scaled(value, **scale), scaled(renamed, **scale)
    fraction = min(on_task, on_control)
    scaled_below = baseline is not None and share > 0
    params = {"metric": info.name, "metric_en": info.name_en or info.name, "value": f"{value:.3f}",
              "threshold": f"{threshold:g}", "control": f"{renamed:.3f}",
              "bound": "al menos" if info.higher_is_better else "como mucho",
              "bound_en": "at least" if info.higher_is_better else "at most",
              "renamed": CONTROL_WORDS[kind][0], "renamed_en": CONTROL_WORDS[kind][1],
              "baseline": f"{baseline:g}" if baseline is not None else "", "percent": f"{100 * fraction:.0f} %",
              "floor": (f"; un modelo que apenas aprende logra {baseline:g}, y entre esa cifra y el objetivo se "
                        f"puntúa en proporción, hasta el {100 * share:.0f} % de los puntos") if scaled_below else "",
              "floor_en": (f"; a model that barely learns gets {baseline:g}, and between that and the target "
                           f"the score is proportional, up to {100 * share:.0f} % of the points")
              if scaled_below else ""}
    if on_task < 1 and on_task <= on_control:
        return Verdict(fraction, "model_partial" if fraction > 0 else "model_below", params)
    if on_control < 1:
        if on_control == 0:
            return Verdict(0.0, "model_ignores_training", params)
        return Verdict(fraction, "model_control_partial", params)
    return Verdict(1.0, "model_ok", params)


def same_predictions_on_shared_rows(answers: list, rows: int, *, agreement: float = 0.85) -> Verdict:
    """``answers``: predictions for ``rows`` rows, then for the same rows followed by others
    (:func:`grader.holdout.batch_cases`).  A model whose preprocessing was fitted on its
    training data alone predicts the shared rows the same way both times; scores (one row
    of class scores per sample) count by their largest.  ``agreement`` leaves room for an
    honest model trained twice without a fixed seed (a few labels flip between the two
    trainings), far above what a scaler fitted on the new rows leaves (see the batches)."""
    from grader_client.judges.classification import as_labels

    try:
        alone, along = (np.asarray(answers[i]) for i in (0, 1))
        if alone.ndim == 2 and alone.shape[1] > 1 and along.ndim == 2:
            alone, along = as_labels(alone), as_labels(along)
        alone, along = alone[:rows], along[:rows]
        if len(alone) != rows or len(along) != rows:
            raise ValueError(f"se esperaban {rows} predicciones")
        if alone.dtype.kind == "f" or along.dtype.kind == "f":
            same = np.isclose(alone.astype(float), along.astype(float), rtol=1e-3, atol=1e-6)
        else:
            same = alone == along
    except (ValueError, TypeError, IndexError) as exc:
        return Verdict(0.0, "bad_predictions", {"error": str(exc)[:120]})
    share = float(np.mean(same.all(axis=tuple(range(1, same.ndim))) if same.ndim > 1 else same))
    if share >= agreement:
        return Verdict(1.0, "correct")
    return Verdict(0.0, "depends_on_batch", {"share": f"{100 * share:.0f} %"})
