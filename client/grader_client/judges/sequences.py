"""Judges of the recurrent-networks practice (sequences): the shape a recurrent layer
returns, and the windows cut from a series.

Each explains the rule a wrong answer broke (the batch axis of Keras's summary, the comma
of a one-element tuple, the missing features axis, one window too few) without quoting
what is right: that arrives as ``expected`` and stays out of the message.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from grader_client.judges import Verdict, hint


def _as_shape(value: Any) -> tuple | None:
    if isinstance(value, (list, tuple)) and all(isinstance(d, int) and not isinstance(d, bool) for d in value):
        return tuple(value)
    return None


def same_output_shape(answer: Any, expected: Any) -> Verdict:
    """A shape without the batch axis: ``(pasos, n_unidades)`` or ``(n_unidades,)``, as a
    tuple (or list) of ints."""
    want = tuple(expected)
    if isinstance(answer, (list, tuple)) and len(answer) == len(want) + 1 and answer[0] is None:
        return hint("En el resumen de Keras, el None del principio es el tamaño del lote (cuántas "
                    "secuencias llegan a la vez): no forma parte de la forma que se pide.")
    if isinstance(answer, int) and not isinstance(answer, bool) and len(want) == 1:
        return hint("Una forma de una sola dimensión es una tupla de un elemento: lleva coma, "
                    "(n_unidades,); (n_unidades) es solo un número entre paréntesis.")
    shape = _as_shape(answer)
    if shape is None:
        return hint("La forma debe ser una tupla de números enteros, como (pasos, n_unidades).")
    if shape == want:
        return Verdict(1.0, "correct")
    if len(shape) != len(want):
        return hint(f"La forma {list(shape)} tiene {len(shape)} dimensiones, que no son las que devuelve la capa: "
                    "con devolver_secuencias la capa da un vector por paso; sin ello, solo el del último paso.")
    return hint(f"La forma {list(shape)} no es la que devuelve la capa: el tamaño de cada vector de salida es "
                "el número de unidades, y el número de pasos no cambia.")


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))


def same_windows(answer: Any, expected: Any) -> Verdict:
    """``answer``: ``(X, y)`` with ``X`` of shape (samples, steps, 1) and ``y`` of shape
    (samples,); ``expected``: the right ``(X, y)``."""
    want_X, want_y = (np.asarray(part, dtype=float) for part in expected)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return hint("La función debe devolver dos cosas, en este orden: X e y (return X, y).")
    try:
        X, y = (np.asarray(part, dtype=float) for part in answer)
    except (TypeError, ValueError):
        return hint("X e y deben ser arrays de números.")
    if X.ndim == 2 and X.shape == want_X.shape[:2]:
        return hint("X tiene forma (muestras, pasos): falta el eje de las características. Una red "
                    "recurrente espera (muestras, pasos, características): usa X.reshape(muestras, pasos, 1).")
    if X.ndim != 3:
        return hint(f"X tiene {X.ndim} dimensiones; debe tener tres: (muestras, pasos, características).")
    if X.shape[1:] != want_X.shape[1:]:
        return hint(f"Cada ventana de X tiene forma {list(X.shape[1:])}; debe tener forma (pasos, 1): "
                    "`pasos` valores seguidos de la serie, en una columna.")
    if len(X) != len(want_X):
        return hint(f"Hay {len(X)} ventanas, que no son las que caben: con n valores y ventanas de `pasos` "
                    "valores hay n − pasos ventanas (una por cada valor que tiene `pasos` valores antes).")
    if not _close(X, want_X):
        return hint("Las ventanas no tienen los valores correctos: la ventana i son serie[i], …, "
                    "serie[i + pasos − 1], en ese orden.")
    if y.shape != want_y.shape:
        return hint("y debe ser un vector de forma (muestras,): un valor, el siguiente, por ventana.")
    if _close(y, X[:, -1, 0]):
        return hint("y es el último valor de cada ventana; debe ser el valor que viene después, serie[i + pasos].")
    if not _close(y, want_y):
        return hint("y no tiene los valores correctos: el objetivo de la ventana i es serie[i + pasos].")
    return Verdict(1.0, "correct")
