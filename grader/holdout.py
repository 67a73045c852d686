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

Targets come from a family of acceptable solutions: the reference and the declared
``ACCEPTABLE`` variants of ``variants.py``, each trained over many random splits of the
full data; the lowest of their low percentiles, minus a margin, rounded to a number a
statement can print (``grader calibrate PRACTICE`` measures it and writes
``thresholds.json`` next to the hidden checks).  A model check is scored on a scale: full
points from the target up, up to ``share`` of them between the *baseline* (what a model
that barely learns gets: :data:`BASELINES`, measured on the same splits) and the target,
nothing at or below the baseline (:func:`scaled`).
"""
from __future__ import annotations

import json
import math
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


def _least_informative_column(X: np.ndarray, y: np.ndarray) -> int:
    """The column that tells the classes apart least (the smallest ratio of between-class to
    within-class spread), among those whose values vary; with a target of numbers, the
    one least correlated with it."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    spread = X.std(axis=0)
    varied = np.array([spread[j] > 0 and np.unique(X[:, j], return_counts=True)[1].max() < 0.5 * len(X)
                       for j in range(X.shape[1])])
    if not varied.any():
        varied = spread > 0
    if not varied.any():
        return 0
    if y.dtype.kind == "f":
        centred = (X - X.mean(axis=0)) / np.where(spread > 0, spread, 1)
        score = np.abs(centred.T @ ((y - y.mean()) / (y.std() or 1))) / len(y)
    else:
        mean = X.mean(axis=0)
        between = sum((y == c).sum() * (X[y == c].mean(axis=0) - mean) ** 2 for c in np.unique(y))
        within = sum(((X[y == c] - X[y == c].mean(axis=0)) ** 2).sum(axis=0) for c in np.unique(y))
        score = between / np.maximum(within, 1e-12)
    return int(np.argmin(np.where(varied, score, np.inf)))


def batch_cases(data: Split, rng: np.random.Generator, *, scale: float = 1000.0) -> list[tuple]:
    """Cases of ``f(X_train, y_train, X_new)``: the holdout alone, then the holdout followed by
    as many *far* rows.  A function whose preprocessing is fitted on the training rows only
    predicts each holdout row the same way both times, whatever its model; one that fits
    anything on the rows it predicts (a scaler fitted on ``X_new``, or on ``X_train`` and
    ``X_new`` together) sees statistics that the far rows moved, and predicts differently.

    The far rows are built so that this shows for every family of models:

    - each column lies ``scale`` to 100 × ``scale`` of the training rows' standard
      deviations away (a different factor per column, one side per column): fitted on the
      batch alone, a scaler maps every holdout row to nearly the same point, which any model
      (linear, neighbours, trees, networks) predicts as one class;
    - fitted on the training and new rows together, a scaler shrinks those columns by
      factors that differ between columns by up to 100 times, while one column, the least
      informative, keeps its spread in the far rows: a linear model, a network or a k-NN
      then decides by that column alone, nearly at random.  (A tree predicts the same
      under any scaling fitted on the rows it is trained *and* asked on together, so such a
      scaler changes nothing for it, and nothing here can see it; fitted on the new rows
      alone it is caught as above.)
    """
    X = np.asarray(data.X, dtype=float)
    mean, spread = X.mean(axis=0), X.std(axis=0)
    kept = _least_informative_column(X, data.y)
    rows, columns = len(data.X_holdout), X.shape[1]
    sides = rng.choice([-1.0, 1.0], size=columns)
    factors = scale * 10 ** rng.uniform(0, 2, size=columns)
    far = mean + spread * sides * factors * rng.uniform(1, 2, size=(rows, columns))
    far[:, kept] = mean[kept] + spread[kept] * rng.normal(size=rows)
    return [(data.X, data.y, data.X_holdout), (data.X, data.y, np.vstack([data.X_holdout, far]))]


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
    name_en: str = ""  # in English (the Spanish name when empty)


METRICS: dict[str, Metric] = {
    "accuracy": Metric("exactitud", _accuracy, name_en="accuracy"),
    "macro_f1": Metric("F1 macro", _macro_f1, name_en="macro F1"),
    "r2": Metric("R²", _r2, name_en="R²"),
    "mae": Metric("error absoluto medio", _mae, higher_is_better=False, name_en="mean absolute error"),
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
    """The bar a model must clear: the scores' low percentile, less a margin (for an error
    metric, its high percentile plus the margin)."""
    if higher_is_better:
        return round(float(np.percentile(scores, percentile)) - margin, 4)
    return round(float(np.percentile(scores, 100 - percentile)) + margin, 4)


def readable(value: float, *, higher_is_better: bool, lenient: bool = True) -> float:
    """``value`` rounded to a number a statement can print: two decimals for a score up to
    1 in size, two significant digits for a larger one or an error.  ``lenient`` rounds
    towards the student (a target down, an error bar up); otherwise away from the
    student (a baseline up: a model that barely learns never earns a share)."""
    if not math.isfinite(value):
        return value
    down = higher_is_better == lenient
    if abs(value) <= 1 and higher_is_better:
        step = 0.01
    else:
        step = 10 ** (math.floor(math.log10(abs(value))) - 1) if value else 0.01
    rounded = (math.floor if down else math.ceil)(round(value / step, 9)) * step
    return float(f"{rounded:.10g}")


def _majority(X_train, y_train, X_new) -> np.ndarray:
    labels, counts = np.unique(np.asarray(y_train), return_counts=True)
    return np.full(len(X_new), labels[np.argmax(counts)])


def _mean(X_train, y_train, X_new) -> np.ndarray:
    return np.full(len(X_new), float(np.mean(y_train)))


def _never(X_train, y_train, X_new) -> np.ndarray:
    return np.zeros((len(X_new), 2))


# What a model that barely learns predicts, by ``CALIBRATION["baseline"]``: the most frequent
# class, the mean target, or (the fraud project) a score of 0 and "never fraud" for every row.
BASELINES: dict[str, tuple[str, Callable]] = {
    "majority": ("la clase más frecuente del entrenamiento", _majority),
    "mean": ("la media de y_train", _mean),
    "never": ("puntuación 0 y «nunca es fraude»", _never),
}


def baseline_kind(y) -> str:
    return "mean" if np.asarray(y).dtype.kind == "f" else "majority"


def scaled(value: float, *, threshold: float, higher_is_better: bool, baseline: float | None = None,
           share: float = 0.0) -> float:
    """The fraction of a model check's points that ``value`` earns: 1 from the target
    (``threshold``) up; between the baseline and the target, up to ``share`` in proportion
    to the way covered; 0 at or below the baseline, or below the target without a baseline."""
    if not math.isfinite(value):
        return 0.0
    if value >= threshold if higher_is_better else value <= threshold:
        return 1.0
    if baseline is None or share <= 0 or baseline == threshold:
        return 0.0
    progress = (value - baseline) / (threshold - baseline)
    if (threshold - baseline > 0) != higher_is_better or progress <= 0:
        return 0.0
    return round(share * min(progress, 1.0), 4)


_calibrating = False  # set by grader.calibrate while it measures the thresholds


class _Uncalibrated(dict):
    """While calibrating, the hidden checks load before their thresholds exist."""

    def __missing__(self, key):
        return {"threshold": float("nan")}


def read_thresholds(folder: Path) -> dict[str, dict]:
    """``{metric: {"threshold": ...}}`` from a practice's ``thresholds.json``, with the
    ``baseline`` and ``share`` of the scale where it declares them: the keyword arguments
    of :func:`grader.judges.learns_on_holdout`."""
    path = Path(folder) / THRESHOLDS
    if not path.exists():
        if _calibrating:
            return _Uncalibrated()
        from grader.checks import ChecksError

        raise ChecksError(f"{path}: no existe; mide los umbrales con `grader calibrate "
                          f"{Path(folder).name}`")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: {name: entry[name] for name in ("threshold", "baseline", "share") if name in entry}
            for key, entry in data["metrics"].items()}
