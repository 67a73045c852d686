"""Recurrent networks on sequences (Práctica 13): trusted references and fresh cases.

- The layer arithmetic (parameters and output shapes of SimpleRNN, LSTM and GRU, and of a
  stacked model) is answered by Keras itself, in :mod:`grader.references.networks`; the
  case makers here choose the layers.
- Windows of a series: sample ``i`` is the ``steps`` values from position ``i`` and its
  target the value right after them; ``X`` has shape (samples, steps, features) with one
  feature.
- The naive forecast repeats the last value of each window: the baseline a model must beat.
- The data of the practice is cut into *disjoint* stretches (:func:`disjoint_stretches`):
  no value of one stretch is in another, so the stretches the grader holds out (their
  inputs and, above all, their targets) appear nowhere in what students get.

Case makers draw fresh inputs from a check's seeded generator and keep only cases where the
known wrong answers (those of ``solutions/sequences/variants.py``, and a stacked model
counted without chaining its layers) differ from the right one, so a mistake loses every
case of a check.
"""
from __future__ import annotations

import numpy as np

from grader.references import networks

KINDS = tuple(networks.RECURRENT_LAYERS)  # "rnn", "lstm", "gru"


# --- references ---------------------------------------------------------------------------

def sliding_windows(series, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)``: ``X[i]`` holds ``series[i:i + steps]`` as a column (one feature) and
    ``y[i] = series[i + steps]``; ``len(series) - steps`` samples."""
    x = np.asarray(series, dtype=float).reshape(-1)
    count = len(x) - steps
    X = np.stack([x[i:i + steps] for i in range(count)]).reshape(count, steps, 1)
    return X, x[steps:].copy()


def last_value_forecast(X) -> np.ndarray:
    """The naive forecast: each window's last value (of its first feature)."""
    return np.asarray(X, dtype=float)[:, -1, 0].copy()


def disjoint_stretches(series, steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The series cut into consecutive stretches of ``steps + 1`` values that share none:
    ``X`` (stretches, steps, 1), ``y`` (the value after each window) and the position in
    the series where each stretch starts.  A tail shorter than a stretch is dropped."""
    x = np.asarray(series, dtype=float).reshape(-1)
    count = len(x) // (steps + 1)
    blocks = x[:count * (steps + 1)].reshape(count, steps + 1)
    return blocks[:, :steps, np.newaxis].copy(), blocks[:, steps].copy(), np.arange(count) * (steps + 1)


def last_value_baseline(X_train, y_train, X_new) -> np.ndarray:
    """The naive forecast as a model that barely learns: the last value of each window, with
    the sign of the training targets (on the control task, whose targets are negated, the
    rule repeats the last value negated)."""
    sign = 1.0 if (np.mean(y_train) >= 0) == (np.mean(X_train) >= 0) else -1.0
    return sign * last_value_forecast(X_new)


NAIVE = "la predicción ingenua (repetir el último valor de cada ventana)"


def register_forecast_metrics() -> None:
    """The metric and the baseline of the model check, for :mod:`grader.holdout`
    (calibration and judges): the mean absolute error in the series' units, named so that
    the holdout's messages read well in Spanish ("la media del error absoluto (en MW) de tu
    modelo es ..."), and the naive forecast (``"ultimo_valor"``)."""
    from grader.holdout import METRICS, Metric, register_metric
    from grader.references.baselines import register_baseline

    register_metric("mae_mw", Metric("media del error absoluto (en MW)", METRICS["mae"].compute,
                                     higher_is_better=False, name_en="mean absolute error (MW)"))
    register_baseline("ultimo_valor", NAIVE, last_value_baseline)


# --- fresh cases --------------------------------------------------------------------------

def _int(rng, low: int, high: int) -> int:
    return int(rng.integers(low, high + 1))


def layer_size_cases(rng, public: set = frozenset(), count: int = 8) -> list[tuple]:
    """``(n_entradas, n_unidades)`` of one layer, never one of the statement's examples
    (``public``: a table copied from them fails every case).  A count without the recurrent
    weights, or with the GRU's original formula, is wrong for every size."""
    cases: list[tuple] = []
    while len(cases) < count:
        case = (_int(rng, 1, 64), _int(rng, 1, 128))
        if case not in public and case not in cases:
            cases.append(case)
    return cases


def output_shape_cases(rng, count: int = 8) -> list[tuple]:
    """``((pasos, n_caracteristicas), n_unidades, devolver_secuencias)``, half of them
    returning the whole sequence."""
    return [((_int(rng, 2, 60), _int(rng, 1, 8)), _int(rng, 1, 64), i % 2 == 0) for i in range(count)]


def _stacking_mistake_shows(features: int, layers: list[tuple]) -> bool:
    """A count that feeds every recurrent layer with the model's input features (instead of
    the previous layer's units) is wrong for this model."""
    previous = features
    for kind, units, *_ in layers:
        if kind in KINDS and previous != features:
            return True
        previous = units
    return False


def recurrent_model_cases(rng, public_lstm: set = frozenset(), count: int = 6) -> list[tuple]:
    """``((pasos, n_caracteristicas), capas)``: models with one SimpleRNN, one LSTM and one
    GRU stacked in a random order (each but the last returning its whole sequence; the last
    one either), then one or two Dense layers.  Every model has every kind of layer, so a
    wrong count of any kind (or a table of the statement's LSTM examples, ``public_lstm``)
    fails every case, and its recurrent layers are fed by layers of another size than the
    input, so forgetting to chain them does too."""
    cases: list[tuple] = []
    while len(cases) < count:
        steps, features = _int(rng, 3, 40), _int(rng, 1, 6)
        kinds = list(rng.permutation(KINDS))
        last_sequences = bool(rng.integers(0, 2))
        layers = [(str(kind), _int(rng, 2, 48), i < 2 or last_sequences) for i, kind in enumerate(kinds)]
        layers += [("dense", _int(rng, 1, 32)) for _ in range(_int(rng, 1, 2))]
        previous, lstm_sizes = features, set()
        for kind, units, *_ in layers:
            if kind == "lstm":
                lstm_sizes.add((previous, units))
            previous = units
        if lstm_sizes & set(public_lstm) or not _stacking_mistake_shows(features, layers):
            continue
        cases.append(((steps, features), layers))
    return cases


def window_cases(rng, count: int = 8) -> list[tuple]:
    """``(serie, pasos)``: series of 6 to 40 values (rounded to one decimal, as a reading)
    and windows of 1 to 8 steps, at least two windows each."""
    cases = []
    for _ in range(count):
        steps = _int(rng, 1, 8)
        length = _int(rng, max(6, steps + 2), 40)
        series = np.round(np.cumsum(rng.normal(0, 2, size=length)) + rng.uniform(10, 50), 1)
        cases.append((series.tolist(), steps))
    return cases


def naive_cases(rng, count: int = 6) -> list[tuple]:
    """``(X,)``: batches of windows of shape (samples, steps, 1) whose first and last values
    differ (repeating the first value instead of the last is wrong for every sample)."""
    cases = []
    while len(cases) < count:
        X = np.round(rng.normal(100, 20, size=(_int(rng, 2, 12), _int(rng, 2, 10), 1)), 2)
        if np.all(X[:, 0, 0] != X[:, -1, 0]):
            cases.append((X,))
    return cases


def model_input_cases(rng, count: int = 4) -> list[tuple]:
    """``(pasos, n_caracteristicas)`` of the network of the statement."""
    return [(_int(rng, 3, 48), _int(rng, 1, 6)) for _ in range(count)]
