"""Judges of the recommender-systems practice (recommenders): the rating matrix, with ``nan``
where a rating is missing, and the two factors of a matrix factorisation.

Each explains the rule a wrong answer broke (users in rows, ``nan`` and not 0 for a missing
rating, both factors updated from the previous step) without quoting what is right: that
arrives as ``expected`` and stays out of the message.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from grader_client.judges import Verdict, hint


def _matrix(value: Any) -> np.ndarray | None:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array if array.ndim == 2 else None


def same_rating_matrix(answer: Any, expected: Any) -> Verdict:
    """A users × items matrix of floats equal to the expected one, ``nan`` where expected."""
    want = np.asarray(expected, dtype=float)
    got = _matrix(answer)
    if got is None:
        return hint("Se esperaba una matriz de NumPy (un array de dos dimensiones) de números.")
    if got.shape != want.shape:
        if got.shape == want.shape[::-1]:
            return hint(f"La matriz tiene forma {list(got.shape)}: van los usuarios en las filas y los "
                        "items en las columnas, (n_usuarios, n_items).")
        return hint(f"La matriz tiene forma {list(got.shape)}; debe tener una fila por usuario y una "
                    "columna por item: (n_usuarios, n_items).")
    missing = np.isnan(want)
    if not np.array_equal(np.isnan(got), missing):
        if np.isnan(got).sum() < missing.sum() and np.all(got[missing & ~np.isnan(got)] == 0):
            return hint("Donde no hay valoración la matriz debe tener np.nan, no 0: un 0 parecería una "
                        "valoración (pésima) y cambiaría las medias y las similitudes.")
        return hint("Las casillas sin valorar (np.nan) no son las que corresponden a la lista de valoraciones.")
    if not np.allclose(got[~missing], want[~missing], rtol=1e-9, atol=1e-9):
        return hint("Algunas valoraciones no están en su casilla: la de (usuario, item, valoración) va en "
                    "la fila usuario y la columna item.")
    return Verdict(1.0, "correct")


def same_factors(answer: Any, expected: Any) -> Verdict:
    """``answer``: ``(U, V)`` after the descent; ``expected``: the right ``(U, V)``."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return hint("La función debe devolver dos cosas, en este orden: U y V (return U, V).")
    want_U, want_V = (np.asarray(part, dtype=float) for part in expected)
    got_U, got_V = (_matrix(part) for part in answer)
    if got_U is None or got_V is None or got_U.shape != want_U.shape or got_V.shape != want_V.shape:
        return hint("U debe tener forma (n_usuarios, k) y V forma (n_items, k), como las que recibe la función.")
    right_U = bool(np.allclose(got_U, want_U, rtol=1e-6, atol=1e-9))
    right_V = bool(np.allclose(got_V, want_V, rtol=1e-6, atol=1e-9))
    if right_U and right_V:
        return Verdict(1.0, "correct")
    if right_U:
        return hint("U es correcta pero V no: en cada época las dos se actualizan con los valores de la "
                    "época anterior (calcula la V nueva con la U de antes, no con la que acabas de actualizar).")
    return hint("U y V no son correctas: en cada época, E = M ⊙ (R − U·Vᵀ) solo en las valoraciones "
                "conocidas (0 en las que faltan), U ← U + α·(E·V − λ·U) y V ← V + α·(Eᵀ·U − λ·V).")
