"""Data the student never loads, and the thresholds a model must reach on it.

A practice with a model to grade has ``solutions/<practice>/dataset.py``.  It defines
``load()`` (the full data set, as the grader sees it), ``HOLDOUT`` (the fraction kept out,
and whether to stratify), ``release_data(folder)`` (writes the released part for the
students) and ``CALIBRATION`` (which student function and metrics the thresholds are for).

The hidden model checks send the released rows and the holdout *features* to the
student's kernel through a training function ``f(X_train, y_train, X_new)``; the holdout
*labels* stay here and the metric is computed here.  A control case trains the same
function on a renamed version of the task (classes shifted by one, targets negated, or
feature columns shuffled): a model that learns from what it is given does as well on the
renamed task, one that ignores its inputs (because it loaded the full data set, holdout
included, from scikit-learn) does not, and gets no points.

Thresholds come from the reference solution: trained over many random splits of the full
data, the metric's low percentile minus a margin (``grader calibrate PRACTICE`` measures
it and writes ``thresholds.json`` next to the hidden checks).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from grader_client.judges.classification import as_labels

THRESHOLDS = "thresholds.json"

# Local files that course.yml names for the practice being handled (``data:``), e.g. the
# real credit-card file; a data set module asks ``source(name)`` and falls back to its
# bundled or generated data when the answer is None.
_sources: dict[str, Path] = {}


def use_sources(sources: dict[str, Path]) -> None:
    _sources.clear()
    _sources.update(sources)


def source(name: str) -> Path | None:
    """The configured file ``name`` if course.yml names one and it exists."""
    path = _sources.get(name)
    return path if path is not None and Path(path).is_file() else None


@dataclass(frozen=True)
class Split:
    X: np.ndarray  # released to students
    y: np.ndarray
    X_holdout: np.ndarray  # grader only
    y_holdout: np.ndarray


def split(X, y, *, fraction: float, seed: int, stratify: bool = True) -> Split:
    """A deterministic split of the full data: the released part and the holdout."""
    from sklearn.model_selection import train_test_split

    X, y = np.asarray(X), np.asarray(y)
    X_s, X_h, y_s, y_h = train_test_split(X, y, test_size=fraction, random_state=seed,
                                          stratify=y if stratify else None)
    return Split(X_s, y_s, X_h, y_h)


CONTROLS = ("classes", "negate", "columns")


def control_for(y) -> str:
    """The control that suits a target: class labels are renamed, numbers negated."""
    return "negate" if np.asarray(y).dtype.kind == "f" else "classes"


def renamed(y, classes) -> np.ndarray:
    """Each class becomes the next one of ``classes`` (the last becomes the first)."""
    classes = np.asarray(sorted(set(np.asarray(classes).tolist())))
    y = np.asarray(y)
    return classes[(np.searchsorted(classes, y) + 1) % len(classes)].astype(y.dtype)


def course_split(dataset) -> Split:
    """A practice's own split: ``dataset.load()`` cut by ``dataset.HOLDOUT`` (see the module
    docstring); the same one for release, hidden checks and tests."""
    X, y = dataset.load()
    return _holdout_split(dataset, X, y)


def released_rows(dataset) -> np.ndarray:
    """Positions in ``dataset.load()`` of the released rows (the course split applied to
    row numbers, for data sets released as a table rather than as arrays)."""
    _, y = dataset.load()
    return _holdout_split(dataset, np.arange(len(y)), y).X


def _holdout_split(dataset, X, y) -> Split:
    return split(X, y, fraction=dataset.HOLDOUT["fraction"], seed=dataset.HOLDOUT["seed"],
                 stratify=dataset.HOLDOUT.get("stratify", True))


def release_table_rows(dataset, folder: Path) -> None:
    """Write the released rows of ``dataset.table()`` (the full data as students read it,
    in the row order of ``load()``) as ``folder/dataset.FILE``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    dataset.table().iloc[released_rows(dataset)].to_csv(folder / dataset.FILE, index=False)


def model_cases(data: Split, rng: np.random.Generator, control: str | None = None) -> list[tuple]:
    """Cases of ``f(X_train, y_train, X_new)``: trained on the released rows and asked about
    the holdout; then the control (see :func:`control_truth`)."""
    control = control or control_for(data.y)
    if control == "classes":
        return [(data.X, data.y, data.X_holdout), (data.X, renamed(data.y, data.y), data.X_holdout)]
    if control == "negate":
        return [(data.X, data.y, data.X_holdout), (data.X, -data.y, data.X_holdout)]
    order = rng.permutation(data.X.shape[1])
    return [(data.X, data.y, data.X_holdout), (data.X[:, order], data.y, data.X_holdout[:, order])]


def control_truth(y_holdout, control: str | None = None, classes=None) -> np.ndarray:
    """What a model trained on the control case should predict for the holdout."""
    control = control or control_for(y_holdout)
    if control == "classes":
        return renamed(y_holdout, y_holdout if classes is None else classes)
    if control == "negate":
        return -np.asarray(y_holdout)
    return np.asarray(y_holdout)


def batch_cases(data: Split, rng: np.random.Generator, *, scale: float = 50.0) -> list[tuple]:
    """Cases of ``f(X_train, y_train, X_new)``: the holdout alone, then the holdout followed by
    extreme rows.  Scaling fitted on the training rows predicts the holdout the same way both
    times; scaling fitted on everything the function sees does not."""
    extreme = data.X_holdout[rng.choice(len(data.X_holdout), size=max(5, len(data.X_holdout) // 3))]
    return [(data.X, data.y, data.X_holdout),
            (data.X, data.y, np.vstack([data.X_holdout, extreme * scale]))]


# --- metrics, computed in the grader's process ------------------------------------------

def _accuracy(y, pred):
    from sklearn.metrics import accuracy_score

    return accuracy_score(y, as_labels(pred))


def _macro_f1(y, pred):
    from sklearn.metrics import f1_score

    return f1_score(y, as_labels(pred), average="macro", zero_division=0)


def _r2(y, pred):
    from sklearn.metrics import r2_score

    return r2_score(y, np.asarray(pred, dtype=float).reshape(len(y)))


def _mae(y, pred):
    from sklearn.metrics import mean_absolute_error

    return mean_absolute_error(y, np.asarray(pred, dtype=float).reshape(len(y)))


@dataclass(frozen=True)
class Metric:
    name: str  # as students read it, in Spanish
    compute: Callable[[np.ndarray, np.ndarray], float]
    higher_is_better: bool = True


METRICS: dict[str, Metric] = {
    "accuracy": Metric("exactitud", _accuracy),
    "macro_f1": Metric("F1 macro", _macro_f1),
    "r2": Metric("R²", _r2),
    "mae": Metric("error absoluto medio", _mae, higher_is_better=False),
}


def register_metric(key: str, metric: Metric) -> None:
    """Add a metric (a practice's own, such as PR-AUC of the positive class)."""
    METRICS[key] = metric


def measure(metric: str, y_true, predictions) -> float:
    pred = np.asarray(predictions)
    if len(pred) != len(y_true):
        raise ValueError(f"{len(pred)} predicciones para {len(y_true)} filas")
    return float(METRICS[metric].compute(np.asarray(y_true), pred))


# --- thresholds ---------------------------------------------------------------------------

def threshold_from(scores: list[float], *, higher_is_better: bool, percentile: float,
                   margin: float) -> float:
    """The bar a model must clear: the reference's low percentile, less a margin (for an
    error metric, its high percentile plus the margin)."""
    if higher_is_better:
        return round(float(np.percentile(scores, percentile)) - margin, 4)
    return round(float(np.percentile(scores, 100 - percentile)) + margin, 4)


_calibrating = False  # set by grader.calibrate while it measures the thresholds


class _Uncalibrated(dict):
    """While calibrating, the hidden checks load before their thresholds exist."""

    def __missing__(self, key):
        return {"threshold": float("nan")}


def read_thresholds(folder: Path) -> dict[str, dict]:
    """``{metric: {"threshold": ...}}`` from a practice's ``thresholds.json``."""
    path = Path(folder) / THRESHOLDS
    if not path.exists():
        if _calibrating:
            return _Uncalibrated()
        from grader.checks import ChecksError

        raise ChecksError(f"{path}: no existe; mide los umbrales con `grader calibrate "
                          f"{Path(folder).name}`")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: {"threshold": entry["threshold"]} for key, entry in data["metrics"].items()}
