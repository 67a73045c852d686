"""Data of "Práctica 9: Redes neuronales frente a redes convolucionales": images of
handwritten digits, as the grader sees them (see grader/holdout.py for the contract).

Sources, chosen by course.yml's ``data:`` entry of the practice:

- default: scikit-learn's digits, the course's "MNIST 8×8" (1,797 images of 8×8 pixels,
  intensities 0–16); it ships with scikit-learn, so no network is needed.
- ``data: {mnist: path/to/mnist.npz}``: the 28×28 MNIST file as Keras distributes it
  (arrays ``x_train``, ``y_train``, ``x_test``, ``y_test``; 70,000 images, intensities
  0–255).  Grading must fit a 2-core CPU, so the grader uses a seeded, stratified subset of
  ``MNIST_ROWS`` images of the full resolution.

``load()`` returns ``X`` of shape (n, alto, ancho), float32 pixel intensities as in the
source (not scaled), and ``y`` (n,) of int digits 0–9.  The student's training function
``entrenar_y_predecir_cnn(X_train, y_train, X_nuevo)`` receives exactly these image-shaped
numpy arrays (the released rows, then the holdout images) and adds the channel axis and the
scaling itself.  ``release_data`` writes the released rows to ``data/digitos.npz``
(``X``, ``y``); the holdout (30 %, stratified) never leaves the grader.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from grader import holdout

HOLDOUT = {"fraction": 0.3, "seed": 2026, "stratify": True}
CALIBRATION = {"function": "entrenar_y_predecir_cnn", "baseline": "majority",
               "metrics": {"accuracy": {"margin": 0.04, "share": 0.5}}}
MNIST_ROWS = 6000  # images of the configured MNIST file used for grading
RELEASED_FILE = "digitos.npz"


def _mnist(path: Path) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import train_test_split

    with np.load(path, allow_pickle=False) as data:
        X = np.concatenate([data["x_train"], data["x_test"]])
        y = np.concatenate([data["y_train"], data["y_test"]])
    if len(y) > MNIST_ROWS:
        X, _, y, _ = train_test_split(X, y, train_size=MNIST_ROWS, stratify=y, random_state=0)
    return X, y


def load() -> tuple[np.ndarray, np.ndarray]:
    path = holdout.source("mnist")
    if path is not None:
        X, y = _mnist(path)
    else:
        from sklearn.datasets import load_digits

        digits = load_digits()
        X, y = digits.images, digits.target
    return np.asarray(X, dtype=np.float32), np.asarray(y, dtype=np.int64)


def release_data(folder: Path) -> None:
    part = holdout.course_split(sys.modules[__name__])
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / RELEASED_FILE, X=part.X, y=part.y)
