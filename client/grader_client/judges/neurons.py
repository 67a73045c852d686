"""Judges of the neuron and perceptron practice (neurons).

They compare a student's outputs, weights and training histories with the expected ones
and name the course's rule a known mistake breaks (the step gives 1 when z = 0, the
training stops after an epoch without errors, ADALINE learns from the error before the
threshold...), never a hidden expected value: what is right arrives as ``expected``,
with, under ``otras``, what each known mistake would have answered.
"""
from __future__ import annotations

import numpy as np

from grader_client.judges import Verdict, hint, show

STEP_RULE = "la salida es 1 si z = w·x + b ≥ 0 y 0 si z < 0"

MISTAKES = {
    "signo": "La actualización tiene el signo cambiado: es w ← w + η·(y − ŷ)·x y b ← b + η·(y − ŷ).",
    "sin_tasa": "Falta la tasa de aprendizaje η: cada corrección se multiplica por η.",
    "sin_sesgo": "El sesgo también se actualiza: b ← b + η·(y − ŷ), como un peso cuya entrada vale siempre 1.",
    "sin_parar": ("Sigues entrenando después de una época sin errores: el entrenamiento para en cuanto "
                  "una época entera no tiene ningún error (esa época sí se cuenta en el historial)."),
    "una_epoca_menos": ("Tu entrenamiento recorre una época menos de las que pide epocas: ¿empieza el bucle "
                        "en 1 (range(1, epocas))?"),
    "con_escalon": ("ADALINE corrige con el error antes del escalón, y − z (z = w·x + b, un número real); "
                    "con el error después del escalón, y − ŷ, lo que has programado es el perceptrón."),
}


def _array(value) -> np.ndarray | None:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def _near(a, b, rel: float = 1e-6, abs_tol: float = 1e-9) -> bool:
    a, b = _array(a), _array(b)
    return a is not None and b is not None and a.shape == b.shape and bool(np.allclose(a, b, rtol=rel, atol=abs_tol))


def _known_mistake(matches, others: dict) -> str | None:
    """The explanation of the first known mistake whose answer ``matches``."""
    return next((MISTAKES[name] for name, other in others.items() if name in MISTAKES and matches(other)), None)


def same_outputs(answer, expected: dict) -> Verdict:
    """0/1 outputs of step neurons (a vector, or a matrix for a layer).  ``expected``:
    {"salidas": outputs, "z_cero": flat positions where z is exactly 0 (optional)}."""
    want = np.asarray(expected["salidas"], dtype=float)
    got = _array(answer)
    if got is None:
        return hint(f"Se esperaba un array de salidas (0 o 1); se obtuvo {show(answer, 60)}.")
    if got.shape != want.shape:
        return hint(f"Se esperaba un array de forma {list(want.shape)} (una salida por fila"
                    f"{' y neurona' if want.ndim == 2 else ''}) y tiene forma {list(got.shape)}.")
    if not np.isin(got, (0, 1)).all():
        return hint("Las salidas deben ser 0 o 1: ¿devuelves z sin aplicar el escalón? " + STEP_RULE.capitalize() + ".")
    if np.array_equal(got, want):
        return Verdict(1.0, "correct")
    wrong = np.flatnonzero(got.ravel() != want.ravel())
    zeros = set(expected.get("z_cero", []))
    if zeros and set(wrong.tolist()) <= zeros:
        return hint("Fallan justo las salidas en las que z vale exactamente 0: el escalón da 1 en z = 0 "
                    f"({STEP_RULE}).")
    if "z_cero" not in expected:
        return hint(f"Las salidas {show(answer, 60)} no son correctas.")
    return hint(f"Las salidas {show(answer, 60)} no son correctas: {STEP_RULE}, con z calculado "
                "para cada fila (¿falta el sesgo b?).")


def realizes_table(answer, expected: dict) -> Verdict:
    """``answer``: weights and bias ``(w, b)`` of one step neuron.  Right when that neuron
    gives the expected output on every row of the truth table.  ``expected``:
    {"entradas": rows, "salidas": outputs}."""
    rows = np.asarray(expected["entradas"], dtype=float)
    try:
        w, b = answer
        w, b = np.asarray(w, dtype=float).ravel(), float(b)
    except (TypeError, ValueError):
        return hint(f"Se esperaba la tupla (w, b): una lista de pesos y un número; se obtuvo {show(answer, 60)}.")
    if len(w) != rows.shape[1]:
        return hint(f"Con {rows.shape[1]} entradas, w debe tener {rows.shape[1]} pesos y tiene {len(w)}.")
    given = np.where(rows @ w + b >= 0, 1, 0)
    for row, mine, want in zip(rows.astype(int).tolist(), given.tolist(), expected["salidas"]):
        if mine != want:
            return hint(f"Con la entrada {tuple(row)} tu neurona da {mine}, que no es lo que dice la tabla "
                        f"({STEP_RULE}).")
    return Verdict(1.0, "correct")


def same_step(answer, expected: dict) -> Verdict:
    """``answer``: ``(w, b)`` after one update.  ``expected``: {"w", "b", "otras"}."""
    try:
        w, b = answer
        w, b = np.asarray(w, dtype=float), float(b)
    except (TypeError, ValueError):
        return hint(f"Se esperaba la tupla (w, b) con los pesos y el sesgo nuevos; se obtuvo {show(answer, 60)}.")
    if _near(w, expected["w"]) and _near(b, expected["b"]):
        return Verdict(1.0, "correct")
    if w.shape != np.shape(expected["w"]):
        return hint(f"w debe tener un peso por entrada; el tuyo tiene forma {list(w.shape)}.")
    said = _known_mistake(lambda o: _near(w, o["w"]) and _near(b, o["b"]), expected.get("otras", {}))
    return hint(said or "Los pesos nuevos no son correctos: ŷ es la salida de la neurona con los pesos de "
                "ahora, y w ← w + η·(y − ŷ)·x, b ← b + η·(y − ŷ).")


def same_training(answer, expected: dict) -> Verdict:
    """``answer``: ``(w, b, historial)`` after training (perceptron: errors per epoch;
    ADALINE: mean squared error after each epoch).  ``expected``: {"w", "b", "historial",
    "epocas", "otras"}."""
    try:
        w, b, history = answer
        w, b, history = np.asarray(w, dtype=float), float(b), np.asarray(history, dtype=float).ravel()
    except (TypeError, ValueError):
        return hint(f"Se esperaba la tupla (w, b, historial); se obtuvo {show(answer, 60)}.")
    want = expected["historial"]
    if _near(w, expected["w"]) and _near(b, expected["b"]) and _near(history, want):
        return Verdict(1.0, "correct")
    said = _known_mistake(lambda o: _near(w, o["w"]) and _near(b, o["b"]) and _near(history, o["historial"]),
                          expected.get("otras", {}))
    if said:
        return hint(said)
    if len(history) > expected["epocas"]:
        return hint(f"El historial tiene {len(history)} valores, más que épocas pedidas ({expected['epocas']}): "
                    "uno por época recorrida.")
    if w.shape != np.shape(expected["w"]):
        return hint(f"w debe tener un peso por columna de X; el tuyo tiene forma {list(w.shape)}.")
    return hint("Los pesos o el historial no son correctos: empieza con w = 0 y b = 0, recorre los ejemplos "
                "en su orden y actualiza tras cada ejemplo.")
