"""A model judged on the holdout that must also beat a simple rule of its field.

Práctica 13 (sequences) asks a recurrent model to forecast better than repeating the last
value of each window; Práctica 14 (recommenders) asks a factorisation model to predict
ratings better than each film's mean rating.  The rule is the practice's *baseline* in the
sense of :mod:`grader.holdout` (what a model that barely learns gets: ``grader calibrate``
measures it on the calibration splits, and the model check's scale gives nothing at or
below it), and, here, it is also applied to the course's own holdout: the rule's
predictions for the holdout are computed in the grader's process, and so is the
comparison.  The student's kernel never sees the rule, its score or the holdout's targets.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from grader.judges import Verdict, hint, learns_on_holdout


def register_baseline(key: str, described: str, predict: Callable) -> None:
    """Make a practice's simple rule a baseline that ``CALIBRATION["baseline"]`` can name:
    ``predict(X_train, y_train, X_new)`` (trained on the control task too, so it must follow
    the targets it is given), ``described`` in Spanish, as the record and messages say it."""
    from grader.holdout import BASELINES

    BASELINES[key] = (described, predict)


def learns_and_beats_baseline(answers: list, y_holdout: Any, *, metric: str, threshold: float,
                              rule: np.ndarray, rule_name: str, baseline: float | None = None,
                              share: float = 0.0, control: str | None = None) -> Verdict:
    """:func:`grader.judges.learns_on_holdout` (the target, the scale between ``baseline``
    and the target, the control task), provided the model's metric on the holdout is
    strictly better than that of ``rule``, the simple rule's predictions for the same
    holdout (0 otherwise).  ``rule_name`` says in Spanish what the rule does; the message
    quotes the student's metric only."""
    from grader.holdout import METRICS, measure

    verdict = learns_on_holdout(answers, y_holdout, metric=metric, threshold=threshold, control=control,
                                baseline=baseline, share=share)
    if verdict.score <= 0.0:
        return verdict
    info = METRICS[metric]
    mine, theirs = measure(metric, y_holdout, answers[0]), measure(metric, y_holdout, rule)
    if (mine > theirs) if info.higher_is_better else (mine < theirs):
        return verdict
    return hint(f"Con datos que no habías visto, la {info.name} de tu modelo es {mine:.3f}, y no mejora "
                f"la de {rule_name}: un modelo tiene que superar a esa regla tan simple.")
