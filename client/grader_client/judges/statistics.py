"""Judges of the statistics and regression practices (houses, gasoline).

Each explains the course's rule in Spanish when an answer follows a known wrong one (the
(N+1)/4 quartiles, fences from the median, the sample variance for the population one, a
gradient with the wrong sign...), without ever holding or showing the right answer: what
is right arrives as ``expected``.
"""
from __future__ import annotations

import numpy as np

from grader_client import judges
from grader_client.judges import Verdict, show


QUARTILE_RULE = (
    "En este curso los cuartiles se calculan como np.percentile (interpolación lineal): se "
    "ordena la muestra y el cuartil p está en la posición (n − 1)·p contando desde 0; si cae "
    "entre dos valores, se interpola. Por ejemplo, para 30 36 47 50 52 52 56 60 63 70 70 110, "
    "Q1 está en la posición 2,75: 47 + 0,75·(50 − 47) = 49,25, y Q3 = 64,75 (RIC = 15,5).")


def close(answer, expected, rel=1e-6, abs_tol=1e-9) -> bool:
    try:
        a, e = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rel, atol=abs_tol))


def same_fields(answer, expected: dict, *, explain=None, rel=1e-6) -> Verdict:
    """A dict with the keys of ``expected``, each value (number or list) close to it.
    ``explain(answer, expected)`` may add a sentence about a known mistake."""
    if not isinstance(answer, dict):
        return judges.hint(f"Se esperaba un diccionario con las claves {', '.join(expected)}; "
                           f"se obtuvo {show(answer)}.")
    missing = [key for key in expected if key not in answer]
    if missing:
        return judges.hint(f"Faltan claves en el diccionario: {', '.join(missing)}.")
    wrong = [key for key in expected if not close(answer[key], expected[key], rel=rel)]
    if not wrong:
        return judges.Verdict(1.0, "correct")
    text = "No son correctos: " + ", ".join(f"«{key}» ({show(answer[key], 40)})" for key in wrong) + "."
    extra = explain(answer, expected) if explain else None
    return judges.hint(text + (" " + extra if extra else ""))


def explain_variance(answer, expected) -> str | None:
    if close(answer.get("varianza_poblacional"), expected["varianza_muestral"]):
        return ("La varianza poblacional divide la suma de cuadrados entre n; la muestral, "
                "entre n − 1 (np.var(x) y np.var(x, ddof=1)).")
    return None


def explain_covariance(answer, expected) -> str | None:
    if close(answer.get("covarianza_poblacional"), expected["covarianza_muestral"]):
        return "La covarianza poblacional divide entre n; la muestral, entre n − 1."
    return None


def same_cost(answer, expected) -> Verdict:
    if close(answer, expected):
        return judges.Verdict(1.0, "correct")
    if close(answer, expected / 2):
        return judges.hint("El coste es la mitad del correcto: en este curso "
                           "J(θ) = (1/m)·Σ(h(x) − y)², sin el factor 1/2.")
    return judges.hint(f"El coste {show(answer, 40)} no es correcto: J(θ) = (1/m)·Σ(h(x) − y)².")


def same_gradient(answer, expected) -> Verdict:
    expected = np.asarray(expected, dtype=float)
    if close(answer, expected):
        return judges.Verdict(1.0, "correct")
    if close(answer, -expected):
        return judges.hint("El gradiente tiene el signo cambiado: es "
                           "(2/m)·Xᵀ(Xθ − y), no (2/m)·Xᵀ(y − Xθ).")
    if close(answer, expected / 2):
        return judges.hint("El gradiente es la mitad del correcto: la derivada "
                           "de (1/m)·Σ(h(x) − y)² lleva un factor 2, ∇J = (2/m)·Xᵀ(Xθ − y).")
    return judges.hint(f"El gradiente {show(answer, 50)} no es correcto: ∇J = (2/m)·Xᵀ(Xθ − y).")


def same_quartiles(answer, expected: dict) -> Verdict:
    """``expected``: {"curso": [Q1, Q2, Q3], "otras": {rule name: [Q1, Q2, Q3]}}."""
    if close(answer, expected["curso"], rel=1e-9):
        return judges.Verdict(1.0, "correct")
    rule = next((name for name, other in expected.get("otras", {}).items()
                 if close(answer, other, rel=1e-9)), None)
    said = f"Tus cuartiles {show(answer, 50)} siguen otra regla: {rule}. " if rule else \
        f"Los cuartiles {show(answer, 50)} no son correctos. "
    return judges.hint(said + QUARTILE_RULE)


def same_outliers(answer, expected: dict) -> Verdict:
    """``expected``: {"curso": {"leves": [...], "extremos": [...]}, "otras": {mistake: answer}}."""
    def norm(found):
        return {key: sorted(found[key]) for key in ("leves", "extremos")}

    if not isinstance(answer, dict) or not {"leves", "extremos"} <= set(answer):
        return judges.hint(f"Se esperaba un diccionario con las claves leves y extremos; se obtuvo {show(answer)}.")
    try:
        mine = norm(answer)
    except TypeError:
        return judges.hint(f"leves y extremos deben ser listas de números; se obtuvo {show(answer)}.")
    if all(close(mine[k], expected["curso"][k]) for k in mine):
        return judges.Verdict(1.0, "correct")
    mistake = next((name for name, other in expected.get("otras", {}).items()
                    if all(close(mine[k], other[k]) for k in mine)), None)
    fences = ("Las vallas se miden desde la caja: leves entre Q1 − 3·RIC y Q1 − 1,5·RIC o entre "
              "Q3 + 1,5·RIC y Q3 + 3·RIC; extremos más allá de 3·RIC.")
    if mistake == "cuartiles":
        return judges.hint("Los valores atípicos cambian porque los cuartiles no siguen la regla del curso. "
                           + QUARTILE_RULE)
    if mistake == "mediana":
        return judges.hint("Has medido las vallas desde la mediana. " + fences)
    return judges.hint(f"Los valores atípicos {show(mine, 60)} no son correctos. " + fences)


def same_one_hot(answer, expected) -> Verdict:
    """``expected``: (sorted categories, 0/1 matrix with one column per category)."""
    categories, matrix = expected
    try:
        got_categories, got_matrix = answer
        got_categories = [str(c) for c in got_categories]
    except (TypeError, ValueError):
        return judges.hint(f"Se esperaba la tupla (categorias, matriz); se obtuvo {show(answer, 60)}.")
    if got_categories != list(categories):
        if sorted(got_categories) == sorted(categories):
            return judges.hint("Las categorías son las correctas, pero deben ir ordenadas alfabéticamente "
                               "(sorted), no en el orden en que aparecen.")
        return judges.hint(f"Las categorías {show(got_categories, 60)} no son correctas.")
    if not close(got_matrix, matrix):
        return judges.hint("La matriz no es correcta: una fila por valor y una columna por categoría, "
                           "con un 1 en la columna de su categoría y 0 en las demás.")
    return judges.Verdict(1.0, "correct")


def same_bins(answer, expected) -> Verdict:
    """Interval numbers 0 .. k - 1, one per value."""
    if close(answer, expected):
        return judges.Verdict(1.0, "correct")
    try:
        got = np.asarray(answer, dtype=float).ravel()
        top = max(expected)
        if len(got) == len(expected) and got.min() >= 1 and got.max() == top + 1 and 0 in expected:
            return judges.hint("Los intervalos se numeran desde 0 hasta k − 1.")
        if len(got) == len(expected) and got.max() == top + 1:
            return judges.hint("El máximo cae justo en el borde del último intervalo: va en el "
                               "intervalo k − 1, no en uno nuevo.")
    except (TypeError, ValueError):
        pass
    return judges.hint(f"Los intervalos {show(answer, 60)} no son correctos.")


def descends(answers: list, expected: list) -> Verdict:
    """Together: ``answers`` are ``(theta, history)``; ``expected`` per case is the
    least-squares θ the descent must reach, or "diverge" where its cost must grow."""
    for i, (answer, want) in enumerate(zip(answers, expected), start=1):
        try:
            theta, history = answer
            theta, history = np.asarray(theta, dtype=float), np.asarray(history, dtype=float).ravel()
            grew = not np.isfinite(history[-1]) or history[-1] > history[0]
        except (TypeError, ValueError, IndexError):
            return judges.hint(f"Caso {i}: se esperaba la tupla (theta, historial); se obtuvo {show(answer)}.")
        if want == "diverge" and not grew:
            return judges.hint(f"Caso {i}: con una tasa de aprendizaje demasiado grande el coste "
                               "debería crecer (divergir), y tu historial no crece.")
        if want != "diverge" and (grew or not close(theta, want, rel=1e-4, abs_tol=1e-4)):
            return judges.hint(f"Caso {i}: con una tasa de aprendizaje adecuada el descenso debe llegar "
                               f"a la solución de mínimos cuadrados, y llega a {show(theta, 50)}"
                               + (" con un coste que crece: ¿el gradiente tiene el signo cambiado?" if grew else "."))
    return judges.Verdict(1.0, "correct")


def evaluated_on_test(answer, expected: dict) -> Verdict:
    """``expected``: {"prueba": ..., "entrenamiento": ...}, what the answer (a number, or a
    dict of metrics) is on the test part, as asked, and on the training part."""
    def matches(a, e):
        if isinstance(e, dict):
            return isinstance(a, dict) and all(close(a.get(k), v) for k, v in e.items())
        return close(a, e)

    if matches(answer, expected["prueba"]):
        return judges.Verdict(1.0, "correct")
    if matches(answer, expected["entrenamiento"]):
        return judges.hint("Has evaluado el modelo con los mismos datos con que lo entrenaste: "
                           "las métricas se calculan con X_test e y_test.")
    return judges.hint(f"El resultado {show(answer, 60)} no es correcto.")


def regression_network(answer, n_inputs: int) -> Verdict:
    """A Keras model (described as data) with a hidden Dense layer and one linear output."""
    layers = answer.get("layers", []) if isinstance(answer, dict) else []
    dense = [layer for layer in layers if layer.get("class") == "Dense"]
    if len(dense) < 2:
        return judges.hint("Se esperaba un modelo de Keras con al menos una capa Dense oculta y "
                           f"una capa Dense de salida; se obtuvo {show(answer, 60)}.")
    first, last = dense[0], dense[-1]
    if last.get("units") != 1 or last.get("activation") != "linear":
        return judges.hint("Para regresión, la capa de salida es Dense(1) con activación lineal.")
    if first.get("params") != (n_inputs + 1) * first.get("units", 0):
        return judges.hint(f"La primera capa debe recibir {n_inputs} entradas.")
    return judges.Verdict(1.0, "correct")


def one_prediction_per_row(answer, rows: int) -> Verdict:
    try:
        pred = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return judges.hint(f"Se esperaba un array de números; se obtuvo {show(answer, 60)}.")
    if len(pred) != rows:
        return judges.hint(f"Se esperaban {rows} predicciones (una por fila de X_nuevo) y hay {len(pred)}.")
    if not np.all(np.isfinite(pred)):
        return judges.hint("Hay predicciones que no son números finitos.")
    return judges.Verdict(1.0, "correct")
