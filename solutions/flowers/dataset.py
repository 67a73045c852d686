"""Data of "Práctica 8.1: Clasificación de flores (iris)": scikit-learn's iris set.

150 flowers, 4 measurements in cm, 3 species (50 each).  A stratified 20 % (30 flowers)
is the holdout: it never reaches the students, whose ``data/flores.csv`` holds the other
120 with Spanish column names.  See grader/holdout.py for the contract of this file.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from grader.references import classification_practice as practice

COLUMNS = ["largo_sepalo", "ancho_sepalo", "largo_petalo", "ancho_petalo"]
TARGET = "especie"  # 0 = setosa, 1 = versicolor, 2 = virginica
FILE = "flores.csv"

HOLDOUT = {"fraction": 0.2, "seed": 801, "stratify": True}

CALIBRATION = practice.CALIBRATION


def load() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_iris

    data = load_iris()
    return data.data, data.target


def release_data(folder: Path) -> None:
    practice.release_table(sys.modules[__name__], folder)
