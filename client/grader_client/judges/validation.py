"""Judges of the model-validation practice (validation).

They compare folds, scores, a ROC curve, its area, a threshold, diagnoses, regularisation
paths and a model choice with the expected ones, explain the rule a known mistake breaks
(the first n % k folds get the extra rows, accuracy is measured on the held-out fold, the
curve starts at (0, 0), trapezoids and not rectangles...) and never quote a hidden expected
value.  Stratified folds are judged by what makes them stratified, so any valid split
passes.  :func:`selects_without_test` tells a choice made on the test part by giving the
same function the same split with the test labels shuffled: an honest choice cannot change.
"""
from __future__ import annotations

import math

import numpy as np

from grader_client.judges import Verdict, hint, show

LABELS = ("sobreajuste", "subajuste", "bien")
DIAGNOSIS_RULE = ("Con la regla del curso, sobre el último punto de las curvas: «subajuste» si la puntuación "
                  "de entrenamiento es menor que 0.8; si no, «sobreajuste» si supera a la de validación en más "
                  "de 0.1; si no, «bien».")


def _close(a, b, rel: float = 1e-6, abs_tol: float = 1e-9) -> bool:
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rel, atol=abs_tol))


def _index_sets(answer, k: int):
    """``answer`` as k pairs of sorted index lists, or the sentence that says why not."""
    if not isinstance(answer, (list, tuple)) or len(answer) != k:
        return None, (f"Se esperaba una lista de {k} pliegues, cada uno una tupla (entrenamiento, prueba) "
                      f"de arrays de índices; se obtuvo {show(answer, 60)}.")
    folds = []
    for fold in answer:
        try:
            train, test = fold
            folds.append((sorted(int(i) for i in np.ravel(train)), sorted(int(i) for i in np.ravel(test))))
        except (TypeError, ValueError):
            return None, f"Cada pliegue debe ser una tupla (entrenamiento, prueba); uno es {show(fold, 50)}."
    return folds, None


def _partition_problem(folds, n: int) -> str | None:
    every = sorted(i for _, test in folds for i in test)
    if every != list(range(n)):
        return f"Cada índice de 0 a {n - 1} debe estar en la parte de prueba de exactamente un pliegue."
    for number, (train, test) in enumerate(folds, start=1):
        if sorted(set(range(n)) - set(test)) != train:
            return (f"En el pliegue {number}, la parte de entrenamiento debe tener todos los índices que no "
                    "están en su parte de prueba, y solo esos.")
    return None


def same_folds(answer, expected) -> Verdict:
    """``expected``: the list of ``(train, test)`` index lists of consecutive k-fold."""
    folds, problem = _index_sets(answer, len(expected))
    if problem:
        return hint(problem)
    want = [(sorted(train), sorted(test)) for train, test in expected]
    if folds == want:
        return Verdict(1.0, "correct")
    n = sum(len(test) for _, test in want)
    problem = _partition_problem(folds, n)
    if problem:
        return hint(problem)
    sizes = [len(test) for _, test in folds]
    if sizes != [len(test) for _, test in want]:
        return hint(f"Tus pliegues de prueba tienen {sizes} elementos: con n = {n} y k = {len(want)}, los "
                    "n % k primeros pliegues tienen un elemento más que los demás.")
    return hint("Los pliegues de prueba son bloques de índices consecutivos, sin barajar, en orden: el "
                "primero empieza en 0.")


def stratified_folds(answer, expected: dict) -> Verdict:
    """``expected``: {"y": the labels, "k": folds}.  Right when the test parts split the rows
    and each class is in each test part its share of times, within one row."""
    y, k = np.asarray(expected["y"]), int(expected["k"])
    folds, problem = _index_sets(answer, k)
    if problem:
        return hint(problem)
    problem = _partition_problem(folds, len(y))
    if problem:
        return hint(problem)
    for label in np.unique(y):
        count = int(np.sum(y == label))
        low, high = count // k, -(-count // k)
        for number, (_, test) in enumerate(folds, start=1):
            got = int(np.sum(y[test] == label))
            if not low <= got <= high:
                allowed = f"{low}" if low == high else f"{low} o {high}"
                return hint(f"La clase {label} tiene {count} ejemplos: en cada pliegue de prueba debe haber "
                            f"{allowed}, y en el pliegue {number} hay {got}. Reparte los índices de cada clase "
                            "por separado.")
    return Verdict(1.0, "correct")


def same_scores(answer, expected: dict) -> Verdict:
    """``expected``: {"valor": the accuracy of each fold, "otras": {"entrenamiento": measured
    on the training rows, "resto_al_final": with the extra rows in the last folds}}."""
    want, others = expected["valor"], expected.get("otras", {})
    if _close(answer, want):
        return Verdict(1.0, "correct")
    if _close(answer, others.get("entrenamiento")):
        return hint("Has medido la exactitud con los mismos ejemplos con los que entrenaste cada modelo: se "
                    "mide en la parte de prueba de cada pliegue.")
    if _close(answer, others.get("resto_al_final")):
        return hint("Los pliegues no son los de indices_kfold: los n % k primeros tienen un elemento más.")
    try:
        count = len(answer)
    except TypeError:
        count = None
    if count != len(want):
        return hint(f"Se esperaba una exactitud por pliegue ({len(want)}); se obtuvo {show(answer, 60)}.")
    return hint("Las exactitudes no son correctas: para cada pliegue de indices_kfold, entrena el modelo con "
                "la parte de entrenamiento y mide la proporción de aciertos en la de prueba.")


def same_curve(answer, expected: dict) -> Verdict:
    """``expected``: {"fpr", "tpr"}: the points of the ROC curve, from (0, 0)."""
    if not isinstance(answer, dict) or not {"fpr", "tpr"} <= set(answer):
        return hint(f"Se esperaba un diccionario con las claves fpr y tpr; se obtuvo {show(answer, 60)}.")
    fpr, tpr = answer["fpr"], answer["tpr"]
    if _close(fpr, expected["fpr"]) and _close(tpr, expected["tpr"]):
        return Verdict(1.0, "correct")
    if _close(fpr, expected["fpr"][1:]) and _close(tpr, expected["tpr"][1:]):
        return hint("La curva empieza en el punto (0, 0): el umbral más alto, por encima de todas las "
                    "puntuaciones, no marca ningún positivo.")
    if _close(fpr, expected["tpr"]) and _close(tpr, expected["fpr"]):
        return hint("fpr y tpr están intercambiados: tpr = VP / positivos y fpr = FP / negativos.")
    return hint("La curva no es correcta: un punto por cada puntuación distinta, de la mayor a la menor, "
                "marcando positivo si puntuación ≥ umbral, con tpr = VP / positivos y fpr = FP / negativos; "
                "y antes de todos, el punto (0, 0).")


def same_area(answer, expected: dict) -> Verdict:
    """``expected``: {"area": the trapezoidal area, "rectangulos": the left and right sums}."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or math.isnan(answer):
        return hint(f"Se esperaba un número; se obtuvo {show(answer, 60)}.")
    if math.isclose(answer, expected["area"], rel_tol=1e-9, abs_tol=1e-12):
        return Verdict(1.0, "correct")
    if any(math.isclose(answer, r, rel_tol=1e-9, abs_tol=1e-12) for r in expected.get("rectangulos", [])):
        return hint("Has sumado rectángulos: donde la curva sube en diagonal (empates de puntuación) hace "
                    "falta el trapecio, (x₂ − x₁)·(y₁ + y₂)/2.")
    return hint(f"El área {answer:.4g} no es correcta: suma los trapecios (x₂ − x₁)·(y₁ + y₂)/2 entre cada "
                "punto de la curva y el siguiente.")


def same_cost_decisions(answer, expected: dict) -> Verdict:
    """A threshold is right when it takes the same decisions as the expected one on the
    case's scores (``score >= threshold``).  ``expected``: {"umbral", "puntuaciones",
    "intercambiado": the threshold with the two costs swapped}."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or math.isnan(answer):
        return hint(f"El umbral debe ser un número; se obtuvo {show(answer, 60)}.")
    scores = np.asarray(expected["puntuaciones"], dtype=float)
    mine = scores >= answer
    if np.array_equal(mine, scores >= expected["umbral"]):
        return Verdict(1.0, "correct")
    if "intercambiado" in expected and np.array_equal(mine, scores >= expected["intercambiado"]):
        return hint("Has intercambiado los costes: coste_fp es el de cada falso positivo (una falsa alarma) y "
                    "coste_fn el de cada falso negativo (un positivo que se escapa).")
    return hint(f"Con tu umbral se marcan {int(mine.sum())} casos como positivos: no es el umbral de menor "
                "coste total, coste_fp·FP + coste_fn·FN.")


def same_diagnoses(answers: list, expected: list) -> Verdict:
    """Together: one diagnosis per learning curve, all of them right."""
    for number, (answer, want) in enumerate(zip(answers, expected), start=1):
        if answer not in LABELS:
            return hint(f"Curva {number}: el diagnóstico debe ser «sobreajuste», «subajuste» o «bien»; se "
                        f"obtuvo {show(answer, 40)}.")
        if answer != want:
            return hint(f"Curva {number}: dices «{answer}», y no es lo que dicen sus puntos finales. "
                        + DIAGNOSIS_RULE)
    return Verdict(1.0, "correct")


def same_paths(answer, expected: dict) -> Verdict:
    """``expected``: {"lasso": coefficients, one row per alpha, "ridge": the same for Ridge}."""
    if not isinstance(answer, dict) or not {"lasso", "ridge"} <= set(answer):
        return hint(f"Se esperaba un diccionario con las claves lasso y ridge; se obtuvo {show(answer, 60)}.")

    def near(mine, key):
        return _close(mine, expected[key], rel=1e-4, abs_tol=1e-6)

    if near(answer["lasso"], "lasso") and near(answer["ridge"], "ridge"):
        return Verdict(1.0, "correct")
    if near(answer["lasso"], "ridge") and near(answer["ridge"], "lasso"):
        return hint("Lasso y Ridge están intercambiados: Lasso (L1) es el que lleva coeficientes a 0 exactamente.")
    for key in ("lasso", "ridge"):
        try:
            shape = np.shape(np.asarray(answer[key], dtype=float))
        except (TypeError, ValueError):
            return hint(f"«{key}» debe ser una matriz de números.")
        if shape != np.shape(expected[key]):
            return hint(f"«{key}» tiene forma {list(shape)}: debe tener una fila por alfa y una columna por "
                        "variable.")
    return hint("Los coeficientes no son correctos: para cada alfa, ajusta Lasso(alpha=alfa) y "
                "Ridge(alpha=alfa) con X e y tal cual y guarda su coef_.")


def same_indices(answer, expected: dict) -> Verdict:
    """``expected``: {"anulados": indices of the zero coefficients, "conservados": the rest}."""
    try:
        mine = sorted(int(i) for i in np.ravel(answer))
    except (TypeError, ValueError):
        return hint(f"Se esperaba una lista de índices de columnas; se obtuvo {show(answer, 60)}.")
    if mine == sorted(expected["anulados"]):
        return Verdict(1.0, "correct")
    if mine == sorted(expected.get("conservados", [])):
        return hint("Devuelves las variables que Lasso conserva: se piden las que anula (coeficiente "
                    "exactamente 0).")
    if not mine:
        return hint("No anulas ninguna variable: ¿usas Ridge? Ridge encoge los coeficientes pero no los lleva "
                    "a 0; Lasso (L1) sí.")
    return hint(f"Las variables {show(mine, 40)} no son las que Lasso anula con ese alfa.")


def _choice_problem(answer, want: dict) -> str | None:
    if not isinstance(answer, dict) or not {"vecinos", "exactitud_prueba"} <= set(answer):
        return f"Se esperaba un diccionario con las claves vecinos y exactitud_prueba; se obtuvo {show(answer, 60)}."
    if answer["vecinos"] != want["vecinos"]:
        return ("No es el número de vecinos que da la validación cruzada de 5 pliegues con los datos de "
                "entrenamiento (la mayor exactitud media; en un empate, el menor número de vecinos).")
    value = answer["exactitud_prueba"]
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isclose(value, want["exactitud_prueba"], rel_tol=1e-9, abs_tol=1e-12)):
        return ("exactitud_prueba debe ser la exactitud en X_test, y_test del modelo elegido, entrenado con "
                "todos los datos de entrenamiento.")
    return None


def same_choice(answer, expected: dict) -> Verdict:
    """``expected``: {"vecinos", "exactitud_prueba"} of an honest choice."""
    problem = _choice_problem(answer, expected)
    return hint(problem) if problem else Verdict(1.0, "correct")


def selects_without_test(answers: list, expected: list) -> Verdict:
    """Together: the answers come in pairs, the same split with its test labels and with
    them shuffled.  A function that looks at the test labels to choose changes its choice;
    an honest one cannot, and only its test accuracy changes."""
    for number, start in enumerate(range(0, len(answers) - 1, 2), start=1):
        pair = answers[start:start + 2]
        if all(isinstance(a, dict) and "vecinos" in a for a in pair) and pair[0]["vecinos"] != pair[1]["vecinos"]:
            return hint(f"Partición {number}: al cambiar solo las etiquetas de prueba, tu elección pasa de "
                        f"{show(pair[0]['vecinos'])} a {show(pair[1]['vecinos'])} vecinos: la eliges mirando el "
                        "conjunto de prueba. El hiperparámetro se elige con validación cruzada en el "
                        "entrenamiento; la prueba se usa una sola vez, al final, para medir el modelo elegido.")
        for answer, want in zip(pair, expected[start:start + 2]):
            problem = _choice_problem(answer, want)
            if problem:
                return hint(f"Partición {number}: {problem}")
    return Verdict(1.0, "correct")
