"""Trusted references of the neural-network practices: nn-vs-cnn (Práctica 9) and fraud
(the final project).

- Layer arithmetic is answered by Keras itself: the grader builds the same layers the
  student reasons about and asks them for their output size and parameter count, so the
  formula being graded is never re-implemented here.
- Architectures are compared as the witness describes a Keras model (see
  ``grader.witness._describe_model``), by one judge.
- Fraud detection: the metrics of the positive class judged on the holdout (registered with
  :func:`grader.holdout.register_metric` by the practice's data set module), the reference
  rule that chooses a decision threshold, and the small judges of these practices.

TensorFlow is imported lazily, inside the functions that need Keras: importing this module
costs nothing, and a practice that never builds a layer never pays for TensorFlow.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from grader.judges import Verdict, hint
from grader_client.judges.networks import architecture

# nn-vs-cnn's layer arithmetic is "a mano" (the statement's words): the student's functions
# that count parameters and output sizes must not ask Keras (see grader_client.rules).
BY_HAND_LAYERS = ("keras", "tensorflow", ".count_params", ".compute_output_shape")

# --- Keras, built in the grader's process -------------------------------------------------


def _keras():
    # The same quiet start as the student's kernel (grader_client.run.KERNEL_ENV): without both
    # variables TensorFlow prints oneDNN and absl lines on import.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import keras

    return keras


@lru_cache(maxsize=None)
def conv_output_size(n: int, k: int, p: int = 0, s: int = 1) -> int:
    """Side of the output of a k×k convolution with stride s on an n×n input padded with p
    zeros on every border, as Keras computes it (ZeroPadding2D, then a 'valid' Conv2D)."""
    keras = _keras()
    inputs = keras.Input((n, n, 1))
    padded = keras.layers.ZeroPadding2D(p)(inputs) if p else inputs
    return int(keras.layers.Conv2D(1, k, strides=s, padding="valid")(padded).shape[1])


@lru_cache(maxsize=None)
def conv2d_params(filters: int, k: int, channels: int) -> int:
    """Parameters (weights and biases) of a Conv2D layer with ``filters`` k×k filters on an
    input of ``channels`` channels, as Keras counts them."""
    layer = _keras().layers.Conv2D(filters, k)
    layer.build((None, k, k, channels))
    return int(layer.count_params())


@lru_cache(maxsize=None)
def dense_params(inputs: int, units: int) -> int:
    """Parameters of a Dense layer of ``units`` neurons fed with ``inputs`` values."""
    layer = _keras().layers.Dense(units)
    layer.build((None, inputs))
    return int(layer.count_params())


def build_sequential(input_shape: Sequence[int], layers: Sequence[tuple], *, padding: str = "valid"):
    """A Keras Sequential model from a list of layer descriptions, the notation of the
    practices: ``("conv", filters, k[, activation])``, ``("pool", size)``, ``("flatten",)``,
    ``("dense", units[, activation])``.  Convolutions have stride 1; pooling windows do not
    overlap (stride = size)."""
    keras = _keras()
    built = [keras.Input(tuple(int(d) for d in input_shape))]
    for layer in layers:
        kind, *args = layer
        if kind == "conv":
            activation = args[2] if len(args) > 2 else None
            built.append(keras.layers.Conv2D(int(args[0]), int(args[1]), padding=padding, activation=activation))
        elif kind == "pool":
            built.append(keras.layers.MaxPooling2D(int(args[0])))
        elif kind == "flatten":
            built.append(keras.layers.Flatten())
        elif kind == "dense":
            activation = args[1] if len(args) > 1 else None
            built.append(keras.layers.Dense(int(args[0]), activation=activation))
        else:
            raise ValueError(f"unknown layer kind {kind!r}")
    return keras.Sequential(built)


def _freeze(value: Any) -> Any:
    """A hashable copy of nested lists and tuples (for the caches below)."""
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def sequential_params(input_shape: Sequence[int], layers: Sequence[tuple]) -> int:
    """Total parameters Keras counts for :func:`build_sequential`'s model."""
    return _keras_facts("sequential", _freeze(input_shape), _freeze(layers))[0]


def sequential_architecture(input_shape: Sequence[int], layers: Sequence[tuple]) -> list[tuple]:
    """The expected side of :func:`same_architecture`, built by Keras."""
    return list(_keras_facts("sequential", _freeze(input_shape), _freeze(layers))[1])


@lru_cache(maxsize=None)
def _keras_facts(kind: str, input_shape: tuple, layers: tuple) -> tuple[int, tuple]:
    """(parameters, architecture) of the model :func:`build_sequential` or
    :func:`build_recurrent` (``kind``) builds, once per description."""
    model = (build_sequential if kind == "sequential" else build_recurrent)(input_shape, layers)
    return int(model.count_params()), tuple(architecture(model))


# --- fraud detection: the positive class --------------------------------------------------

def positive_class_metrics(y_true: Any, y_pred: Any) -> dict:
    """Accuracy, and precision, recall and F1 of class 1 (0 when undefined), by scikit-learn."""
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {"exactitud": float(accuracy_score(y_true, y_pred)),
            "precision": float(precision_score(y_true, y_pred, zero_division=0)),
            "recall": float(recall_score(y_true, y_pred, zero_division=0)),
            "f1": float(f1_score(y_true, y_pred, zero_division=0))}


def areas_under_curves(y_true: Any, scores: Any) -> dict:
    """ROC-AUC and PR-AUC (average precision) of the scores of class 1, by scikit-learn."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    return {"roc_auc": float(roc_auc_score(y_true, scores)),
            "pr_auc": float(average_precision_score(y_true, scores))}


def threshold_table(scores: Any, labels: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every distinct score as a threshold (highest first), with the F1 and the accuracy of
    marking as positive the scores at or above it."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels).astype(int)
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], labels[order]
    tp, fp = np.cumsum(y), np.cumsum(1 - y)
    last = np.r_[s[1:] != s[:-1], True]  # the last row of each run of equal scores
    tp, fp, thresholds = tp[last], fp[last], s[last]
    positives = labels.sum()
    f1 = 2 * tp / (tp + fp + positives)
    accuracy = (tp + (len(labels) - positives - fp)) / len(labels)
    return thresholds, f1, accuracy


def best_f1_threshold(scores: Any, labels: Any) -> float:
    """The threshold of ``elegir_umbral``: the score that, used as ``score >= t``, gives the
    highest F1 of class 1 (the highest such score on ties)."""
    thresholds, f1, _ = threshold_table(scores, labels)
    return float(thresholds[int(np.argmax(f1))])


FRAUD_ALERT_BUDGET = 0.01  # share of transactions the bank's reviewers can look at


def _fraud_columns(predictions: Any) -> tuple[np.ndarray, np.ndarray]:
    """Scores and 0/1 decisions from what ``entrenar_y_predecir`` returned: an (n, 2) array."""
    pred = np.asarray(predictions, dtype=float)
    if pred.ndim != 2 or pred.shape[1] != 2:
        raise ValueError(f"se esperaba un array de forma (n, 2) y tiene forma {list(pred.shape)}")
    decisions = pred[:, 1]
    if not np.isin(decisions, (0.0, 1.0)).all():
        raise ValueError("la columna 1 (la decisión) debe tener solo 0 y 1")
    if not np.isfinite(pred[:, 0]).all():
        raise ValueError("la columna 0 (la puntuación) tiene valores no finitos")
    return pred[:, 0], decisions.astype(int)


def fraud_pr_auc(y_true: Any, predictions: Any) -> float:
    """PR-AUC (average precision) of the scores in column 0."""
    from sklearn.metrics import average_precision_score

    scores, _ = _fraud_columns(predictions)
    return float(average_precision_score(np.asarray(y_true), scores))


def fraud_precision(y_true: Any, predictions: Any) -> float:
    """Precision of class 1 of the decisions in column 1 (0 when nothing is flagged)."""
    from sklearn.metrics import precision_score

    _, decisions = _fraud_columns(predictions)
    return float(precision_score(np.asarray(y_true), decisions, zero_division=0))


def fraud_recall(y_true: Any, predictions: Any) -> float:
    """Recall of class 1 of the decisions in column 1, counted only when they flag at most
    ``FRAUD_ALERT_BUDGET`` of the transactions: flagging everything catches every fraud and
    is worth nothing, like never flagging."""
    from sklearn.metrics import recall_score

    _, decisions = _fraud_columns(predictions)
    if decisions.mean() > FRAUD_ALERT_BUDGET:
        return 0.0
    return float(recall_score(np.asarray(y_true), decisions, zero_division=0))


def register_fraud_metrics() -> None:
    """Make the fraud metrics known to :mod:`grader.holdout` (calibration and judges)."""
    from grader.holdout import Metric, register_metric

    register_metric("pr_auc", Metric("PR-AUC", fraud_pr_auc, name_en="PR-AUC"))
    register_metric("precision_fraude", Metric("precisión en la clase fraude", fraud_precision,
                                               name_en="precision on the fraud class"))
    register_metric("recall_fraude", Metric("sensibilidad (recall) en la clase fraude", fraud_recall,
                                            name_en="recall on the fraud class"))


def fraud_on_holdout(answers: list, y_holdout: Any, *, metric: str, threshold: float,
                     baseline: float | None = None, share: float = 0.0) -> Verdict:
    """:func:`grader.judges.learns_on_holdout` for ``entrenar_y_predecir`` of the fraud
    project, whose control reorders the feature columns (classes cannot be renamed when
    one of two is 0.17 % of the rows).  It says so when the control fails, and explains a
    recall of 0 when the model flags more transactions than the reviewers can look at."""
    from grader.judges import learns_on_holdout

    verdict = learns_on_holdout(answers, y_holdout, metric=metric, threshold=threshold, control="columns",
                                baseline=baseline, share=share)
    if metric == "recall_fraude" and verdict.key == "model_below":
        flagged = float(np.mean(_fraud_columns(answers[0])[1]))
        if flagged > FRAUD_ALERT_BUDGET:
            return hint(f"Tu modelo marca como fraude el {100 * flagged:.1f} % de las transacciones que no "
                        f"habías visto; el equipo de revisión solo puede estudiar el {100 * FRAUD_ALERT_BUDGET:g} %, "
                        "así que su sensibilidad cuenta como 0. Elige un umbral más alto.")
    return verdict


# --- recurrent layers (Práctica 13, sequences): the same questions, asked of Keras ----------

RECURRENT_LAYERS = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


@lru_cache(maxsize=None)
def recurrent_params(kind: str, inputs: int, units: int) -> int:
    """Parameters of a recurrent layer (``kind``: "rnn", "lstm" or "gru", with Keras's
    defaults: a GRU has ``reset_after=True``) of ``units`` units fed with ``inputs`` features
    per time step, as Keras counts them.  The number of steps does not matter."""
    layer = getattr(_keras().layers, RECURRENT_LAYERS[kind])(units)
    layer.build((None, 3, inputs))
    return int(layer.count_params())


@lru_cache(maxsize=None)
def recurrent_output_shape(input_shape: tuple, units: int, return_sequences: bool, kind: str = "lstm") -> tuple:
    """Shape (without the batch axis) of what a recurrent layer of ``units`` units returns
    for inputs of shape ``(steps, features)``: one vector per step with
    ``return_sequences``, else only the last one."""
    keras = _keras()
    layer = getattr(keras.layers, RECURRENT_LAYERS[kind])(units, return_sequences=bool(return_sequences))
    return tuple(int(d) for d in layer(keras.Input(tuple(int(d) for d in input_shape))).shape[1:])


def build_recurrent(input_shape: Sequence[int], layers: Sequence[tuple]):
    """A Keras Sequential model in the notation of Práctica 13: ``(kind, units[,
    return_sequences[, activation]])`` with kind "rnn", "lstm" or "gru" (``return_sequences``
    False by default), and ``("dense", units[, activation])``."""
    keras = _keras()
    built = [keras.Input(tuple(int(d) for d in input_shape))]
    for layer in layers:
        kind, *args = layer
        if kind in RECURRENT_LAYERS:
            options = {"return_sequences": bool(args[1]) if len(args) > 1 else False}
            if len(args) > 2:
                options["activation"] = args[2]
            built.append(getattr(keras.layers, RECURRENT_LAYERS[kind])(int(args[0]), **options))
        elif kind == "dense":
            activation = args[1] if len(args) > 1 else None
            built.append(keras.layers.Dense(int(args[0]), activation=activation))
        else:
            raise ValueError(f"unknown layer kind {kind!r}")
    return keras.Sequential(built)


def recurrent_model_params(input_shape: Sequence[int], layers: Sequence[tuple]) -> int:
    """Total parameters Keras counts for :func:`build_recurrent`'s model."""
    return _keras_facts("recurrent", _freeze(input_shape), _freeze(layers))[0]


def recurrent_architecture(input_shape: Sequence[int], layers: Sequence[tuple]) -> list[tuple]:
    """The expected side of :func:`same_architecture` for a recurrent model, built by Keras."""
    return list(_keras_facts("recurrent", _freeze(input_shape), _freeze(layers))[1])
