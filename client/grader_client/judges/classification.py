"""Judges of the classification practices (flowers, wines, digits).

They check what a statement fixes (labels, a stratified split, a softmax network, an
evaluation on the test rows) from the answer as data; none computes a metric: the right
values arrive as ``expected``.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from grader_client.judges import Verdict, equals, hint


def as_labels(predictions) -> np.ndarray:
    """Class labels from what a classifier returned: labels, or one row of scores per
    sample (a Keras softmax output), whose largest score is the label."""
    pred = np.asarray(predictions)
    if pred.ndim == 2 and pred.shape[1] > 1:
        return pred.argmax(axis=1)
    return pred.reshape(len(pred)) if pred.ndim == 2 else pred


def same_labels(answer: Any, expected: Any) -> Verdict:
    """The expected class labels; scores (one row per sample) count by their largest."""
    try:
        labels = as_labels(answer)
    except (ValueError, TypeError):
        return equals(answer, expected)
    return equals(labels.tolist() if labels.dtype.kind in "iub" else labels, expected)


def _rows_with_labels(X, y) -> np.ndarray:
    table = np.column_stack([np.asarray(X, dtype=float), np.asarray(y, dtype=float)])
    return table[np.lexsort(table.T[::-1])]


def stratified_split(answer: Any, expected: dict) -> Verdict:
    """``answer``: ``(X_train, X_test, y_train, y_test)``, as ``train_test_split`` returns
    them.  The parts must hold exactly the given rows, each with its label; the test part
    has the asked size, and each class the same share in it as in the data (within one
    row, which is as close as whole rows allow)."""
    X, y, fraction = np.asarray(expected["X"]), np.asarray(expected["y"]), expected["test_fraction"]
    if not isinstance(answer, (tuple, list)) or len(answer) != 4:
        return hint("dividir debe devolver cuatro cosas, en el orden de train_test_split: "
                    "X_train, X_test, y_train, y_test.")
    try:
        X_tr, X_te, y_tr, y_te = (np.asarray(part, dtype=float) for part in answer)
        if len(X_tr) != len(y_tr) or len(X_te) != len(y_te):
            raise ValueError
        given = _rows_with_labels(np.vstack([X_tr, X_te]), np.concatenate([y_tr, y_te]))
        same_rows = np.array_equal(given, _rows_with_labels(X, y))
    except (ValueError, TypeError):
        return hint("dividir debe devolver X_train, X_test, y_train, y_test, con tantas etiquetas "
                    "como filas en cada parte.")
    if not same_rows:
        return hint("Las partes de entrenamiento y prueba no contienen exactamente las filas de X "
                    "con su etiqueta de y: cada fila debe ir a una sola parte junto con su etiqueta.")
    if abs(len(y_te) - fraction * len(y)) >= 1:
        return hint(f"La parte de prueba tiene {len(y_te)} filas de {len(y)}; con "
                    f"proporcion_prueba = {fraction} debería tener el {fraction:.0%} de las filas.")
    for label in np.unique(y):
        share = np.mean(y == label)
        if abs(np.sum(y_te == label) - share * len(y_te)) >= 1:
            return hint(f"La clase {label:g} es el {100 * share:.0f} % de los datos pero no de la "
                        "parte de prueba: la división no está estratificada (usa stratify=y).")
    return Verdict(1.0, "correct")


def softmax_network(answer: Any, expected: dict) -> Verdict:
    """``answer``: a Keras model as the witness describes it.  A ``Sequential`` network
    whose first dense layer takes ``n_entradas`` inputs and whose output is ``n_clases``
    units with softmax (in the last Dense layer or in a softmax layer after it)."""
    n_inputs, n_classes = expected["n_entradas"], expected["n_clases"]
    if not isinstance(answer, dict) or not isinstance(answer.get("layers"), list):
        return hint("crear_red debe devolver el modelo de Keras (keras.Sequential) que construye.")
    if answer.get("class") != "Sequential":
        return hint(f"crear_red devuelve un modelo de tipo {answer.get('class')}; "
                    "se pide keras.Sequential.")
    layers = answer["layers"]
    dense = [layer for layer in layers if layer.get("class") == "Dense"]
    if not dense:
        return hint("La red no tiene ninguna capa Dense.")
    last = layers[-1]
    softmax = last.get("activation") == "softmax" or last.get("class") == "Softmax"
    if not softmax:
        return hint(f"La salida de la red tiene activación {last.get('activation')!r}: para "
                    "clasificar en varias clases la última capa debe usar activation='softmax'.")
    if dense[-1].get("units") != n_classes:
        return hint(f"Con n_clases = {n_classes}, la última capa Dense tiene "
                    f"{dense[-1].get('units')} neuronas: debe tener una por clase.")
    first = dense[0]
    if first.get("params") is None or first.get("units") is None:
        return hint("La red no sabe cuántas entradas tiene: empieza el Sequential con "
                    "keras.Input(shape=(n_entradas,)).")
    if first["params"] != (n_inputs + 1) * first["units"]:
        return hint(f"Con n_entradas = {n_inputs}, la primera capa Dense tiene {first['params']} "
                    "parámetros: la entrada de la red debe tener n_entradas columnas.")
    return Verdict(1.0, "correct")


def evaluates_on_test(answers: list, expected: Any = None, *, gap: float = 0.5) -> Verdict:
    """``answers``: the accuracy the student's ``evaluar`` reported for one split, then for
    the same split with every test label moved to the next class.  Measured on the test
    rows, the second is far below the first; measured on the training rows (or with a
    model that learns nothing), both are alike."""
    honest, rotated = answers
    numbers = all(isinstance(a, (int, float)) and not isinstance(a, bool) and not math.isnan(a)
                  for a in (honest, rotated))
    if not numbers or not all(0 <= a <= 1 for a in (honest, rotated)):
        return hint("evaluar debe devolver la exactitud en la parte de prueba: un número entre 0 y 1.")
    if honest - rotated >= gap:
        return Verdict(1.0, "correct")
    return hint(f"Se evaluó el mismo modelo dos veces: con las etiquetas de prueba reales, evaluar "
                f"dio {honest:.2f}; con las etiquetas de prueba cambiadas de clase, {rotated:.2f}. "
                "Si evaluar compara las predicciones de X_test con y_test, la segunda exactitud tiene "
                "que ser mucho menor que la primera: ¿evalúas con los datos de entrenamiento, o tu "
                "modelo no aprende?")
