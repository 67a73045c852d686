"""Judges of the neural-network practices (nn-vs-cnn, fraud): architectures compared layer
by layer as the witness describes a Keras model, a number within a bar, metrics and a
decision threshold compared with the expected ones.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from grader_client.judges import Verdict, hint


def architecture(description: Any) -> list[tuple]:
    """The parts of a described model that a statement fixes: per layer its class, output
    shape, parameter count and activation.  ``description`` is what the witness sends for
    a Keras model (a dict with ``layers``) or a Keras model in the grader's process."""
    if hasattr(description, "layers") and hasattr(description, "count_params"):
        from grader_client.witness import _describe_model

        description = _describe_model(description)
    if not isinstance(description, dict) or not isinstance(description.get("layers"), list):
        raise TypeError("not a model description")
    rows = []
    for layer in description["layers"]:
        shape = layer.get("output_shape")
        rows.append((layer.get("class"), None if shape is None else [int(d) for d in shape],
                     layer.get("params"), layer.get("activation")))
    return rows



def same_architecture(answer: Any, expected: Sequence[Sequence]) -> Verdict:
    """The student's model has the layers asked for: same classes in the same order, and
    per layer the same output shape, parameter count and activation.  ``expected`` is a
    list of ``(class, output_shape, params, activation)``; messages name the student's
    layer that differs and never the expected values."""
    try:
        got = architecture(answer)
    except TypeError:
        return hint("La función debe devolver el modelo de Keras (keras.Sequential), no otra cosa.")
    want = [tuple(row) for row in expected]
    names = ", ".join(str(row[0]) for row in got)
    if [row[0] for row in got] != [row[0] for row in want]:
        return hint(f"Las capas de tu modelo son [{names}]: no son las que pide el enunciado, "
                    "en ese orden.")
    for number, (mine, theirs) in enumerate(zip(got, want), start=1):
        kind, shape, params, activation = mine
        if shape is None or params is None:
            return hint("El modelo no está construido: empieza la lista de capas con "
                        "keras.Input(shape=forma_entrada).")
        if list(shape) != list(theirs[1]):
            extra = " Revisa el padding: se pide 'valid' (sin relleno)." if kind == "Conv2D" else ""
            return hint(f"La capa {number} ({kind}) tiene salida {shape}, que no es la pedida.{extra}")
        if params != theirs[2]:
            return hint(f"La capa {number} ({kind}) tiene {params} parámetros, que no son los pedidos.")
        if activation != theirs[3]:
            return hint(f"La capa {number} ({kind}) usa la activación {activation!r}, que no es la pedida.")
    return Verdict(1.0, "correct")


def number_between(answer: Any, expected: Sequence[float]) -> Verdict:
    """A number in ``[low, high]`` (a bar printed in the statement, e.g. a test accuracy)."""
    low, high = expected
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or math.isnan(answer):
        return hint(f"Se esperaba un número y se obtuvo {answer!r}.")
    if low <= answer <= high:
        return Verdict(1.0, "correct")
    return hint(f"El valor es {answer:.4g}; se pide un número entre {low:g} y {high:g}.")


def same_metrics(answer: Any, expected: dict, *, rel: float = 1e-6, abs_tol: float = 1e-9) -> Verdict:
    """A dict with exactly the expected keys and, per key, a number close to the expected
    one.  The message names the first wrong key, never its expected value."""
    if not isinstance(answer, dict):
        return hint(f"Se esperaba un diccionario con las claves {sorted(expected)}.")
    if set(answer) != set(expected):
        return hint(f"Las claves son {sorted(map(str, answer))}; se piden {sorted(expected)}.")
    for key in expected:
        value = answer[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return hint(f"El valor de '{key}' debe ser un número y es {value!r}.")
        if not math.isclose(value, expected[key], rel_tol=rel, abs_tol=abs_tol):
            return hint(f"El valor de '{key}' ({value:.4g}) no es correcto.")
    return Verdict(1.0, "correct")


def same_decisions(answer: Any, expected: dict) -> Verdict:
    """A decision threshold is right when it takes the same decisions as the reference's on
    the case's scores (``score >= threshold``): any value between two consecutive scores is
    the same threshold.  ``expected``: ``{"umbral": t, "puntuaciones": scores}``."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or math.isnan(answer):
        return hint(f"El umbral debe ser un número y es {answer!r}.")
    scores = np.asarray(expected["puntuaciones"], dtype=float)
    mine, best = scores >= answer, scores >= expected["umbral"]
    if np.array_equal(mine, best):
        return Verdict(1.0, "correct")
    return hint(f"Con el umbral {answer:.4g} se marcan como fraude {int(mine.sum())} casos; "
                "no es el umbral que da el mayor F1.")


