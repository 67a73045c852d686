"""Data of "Práctica 8.3: Reconocimiento de dígitos": scikit-learn's digits set.

1797 images of handwritten digits (0 to 9), 8 × 8 pixels with values 0 to 16: the course's
small "MNIST".  A stratified 20 % (360 images) is the holdout: it never reaches the
students, whose ``data/digitos.csv`` holds the other 1437, one column per pixel
(``pixel_<fila>_<columna>``) and the digit.  See grader/holdout.py for the contract of
this file.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from grader.references import classification_practice as practice

COLUMNS = [f"pixel_{row}_{col}" for row in range(8) for col in range(8)]
TARGET = "digito"
FILE = "digitos.csv"

HOLDOUT = {"fraction": 0.2, "seed": 803, "stratify": True}

CALIBRATION = practice.CALIBRATION


def load() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.data, data.target


def release_data(folder: Path) -> None:
    practice.release_table(sys.modules[__name__], folder, dtype=np.int64)
