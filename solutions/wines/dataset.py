"""Data of "Práctica 8.2: Clasificación de vinos": scikit-learn's wine set.

178 wines of three cultivars (59, 71 and 48) with 13 chemical measurements.  A stratified
20 % (36 wines) is the holdout: it never reaches the students, whose ``data/vinos.csv``
holds the other 142 with Spanish column names.  See grader/holdout.py for the contract of
this file.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from grader.references import classification_practice as practice

# scikit-learn's feature names, in its order, in Spanish.
COLUMNS = ["alcohol", "acido_malico", "ceniza", "alcalinidad_ceniza", "magnesio",
           "fenoles_totales", "flavonoides", "fenoles_no_flavonoides", "proantocianinas",
           "intensidad_color", "tono", "od280_od315", "prolina"]
TARGET = "cultivar"  # 0, 1, 2
FILE = "vinos.csv"

HOLDOUT = {"fraction": 0.2, "seed": 802, "stratify": True}

CALIBRATION = practice.CALIBRATION


def load() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_wine

    data = load_wine()
    return data.data, data.target


def release_data(folder: Path) -> None:
    practice.release_table(sys.modules[__name__], folder)
