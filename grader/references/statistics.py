"""Descriptive statistics and linear regression: trusted references, fresh cases and judges
for the regression practices (houses, gasoline).

The references follow the course's definitions: quartiles by numpy's linear interpolation
(position (n - 1)·p of the sorted sample), mild outliers between 1.5 and 3 IQR beyond the
box and extreme ones further out, the cost J(θ) = (1/m)·Σ(h(x) - y)² with gradient
(2/m)·Xᵀ(Xθ - y), batch gradient descent from θ = 0.  Case makers draw fresh inputs from
a check's seeded generator; they keep only cases where the known wrong rules give another
answer, so a wrong rule loses every case of a check.  Judges are pure and explain the
course's rule in Spanish without ever showing a hidden expected value.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from grader import judges
from grader.judges import Verdict, show


# --- descriptive statistics ---------------------------------------------------------------

def modes(x) -> list:
    counts = Counter(x)
    top = max(counts.values())
    return sorted(v for v, c in counts.items() if c == top)


def central_tendency(x) -> dict:
    return {"media": float(np.mean(x)), "mediana": float(np.median(x)), "modas": modes(x),
            "rango_medio": (min(x) + max(x)) / 2}


def dispersion(x) -> dict:
    return {"rango": max(x) - min(x),
            "varianza_poblacional": float(np.var(x)), "varianza_muestral": float(np.var(x, ddof=1)),
            "desviacion_poblacional": float(np.std(x)), "desviacion_muestral": float(np.std(x, ddof=1))}


def quartiles(x) -> list[float]:
    """The course's rule: numpy's linear interpolation at position (n - 1)·p."""
    return [float(v) for v in np.percentile(x, [25, 50, 75])]


def _tukey_hinges(x) -> list[float]:
    s, half = sorted(x), len(x) // 2
    return [float(np.median(s[:half])), float(np.median(s)), float(np.median(s[-half:]))]


# Other rules students meet in textbooks; a judge names the one an answer followed.
OTHER_QUARTILE_RULES = {
    "la posición (N + 1)/4": lambda x: [float(v) for v in np.percentile(x, [25, 50, 75], method="weibull")],
    "la mediana de cada mitad": _tukey_hinges,
    "un valor de la muestra sin interpolar": lambda x: [float(v) for v in np.percentile(x, [25, 50, 75], method="lower")],
    "la posición N/4 + 1/2": lambda x: [float(v) for v in np.percentile(x, [25, 50, 75], method="hazen")],
}


def outliers(x, *, rule=quartiles, from_median=False) -> dict:
    """Mild: between 1.5 and 3 IQR beyond the box; extreme: more than 3 IQR beyond it.
    ``rule`` and ``from_median`` give the answers of known mistakes."""
    q1, q2, q3 = rule(x)
    iqr = q3 - q1
    low, high = (q2, q2) if from_median else (q1, q3)
    beyond = [max(low - v, v - high) for v in x]
    return {"leves": sorted(v for v, d in zip(x, beyond) if 1.5 * iqr < d <= 3 * iqr),
            "extremos": sorted(v for v, d in zip(x, beyond) if d > 3 * iqr)}


def covariance(x, y, ddof=0) -> float:
    x, y = np.asarray(x, float), np.asarray(y, float)
    return float(np.sum((x - x.mean()) * (y - y.mean())) / (len(x) - ddof))


def covariance_and_correlation(x, y) -> dict:
    return {"covarianza_poblacional": covariance(x, y), "covarianza_muestral": covariance(x, y, 1),
            "correlacion": covariance(x, y) / float(np.std(x) * np.std(y))}


# --- regression -----------------------------------------------------------------------------

def metrics(y, pred) -> dict:
    y, pred = np.asarray(y, float), np.asarray(pred, float)
    sse, sst = float(np.sum((y - pred) ** 2)), float(np.sum((y - y.mean()) ** 2))
    return {"mse": sse / len(y), "mae": float(np.mean(np.abs(y - pred))), "sse": sse, "sst": sst,
            "r2": 1 - sse / sst}


def cost(X, y, theta) -> float:
    return float(np.mean((np.asarray(X) @ np.asarray(theta) - np.asarray(y)) ** 2))


def gradient(X, y, theta) -> np.ndarray:
    X = np.asarray(X, float)
    return 2 / len(X) * X.T @ (X @ np.asarray(theta, float) - np.asarray(y, float))


def gradient_descent(X, y, alpha, iterations):
    """θ from zeros; the history holds the cost after each update."""
    theta, history = np.zeros(np.shape(X)[1]), []
    for _ in range(iterations):
        theta = theta - alpha * gradient(X, y, theta)
        history.append(cost(X, y, theta))
    return theta, history


def diverges(history) -> bool:
    return not np.isfinite(history[-1]) or history[-1] > history[0]


def least_squares(X, y) -> np.ndarray:
    return np.linalg.lstsq(np.asarray(X, float), np.asarray(y, float), rcond=None)[0]


def test_and_train_metrics(X_train, y_train, X_test, y_test) -> dict:
    """R² of a LinearRegression on the test part (asked) and on its own training data."""
    from sklearn.linear_model import LinearRegression

    model = LinearRegression().fit(X_train, y_train)
    return {"prueba": metrics(y_test, model.predict(X_test)),
            "entrenamiento": metrics(y_train, model.predict(X_train))}


# --- fresh cases --------------------------------------------------------------------------

def sample_with_modes(rng, size: int, n_modes: int) -> list[int]:
    """``size`` integers: ``n_modes`` values repeated most often, a few other ties."""
    reps = int(rng.integers(2, 4))
    extra_ties = 1 if reps == 3 else 0  # a value repeated less often than the modes
    distinct = size - n_modes * (reps - 1) - extra_ties
    values = [int(v) for v in rng.choice(np.arange(10, 200), size=distinct, replace=False)]
    x = values + [v for v in values[:n_modes] for _ in range(reps - 1)] + values[n_modes:n_modes + extra_ties]
    return [x[i] for i in rng.permutation(len(x))]


def samples(rng, count: int = 8, keep=lambda x: True) -> list[tuple]:
    """Cases ``(x,)``: odd and even sizes in turn, one to three modes, kept by ``keep``."""
    cases = []
    while len(cases) < count:
        size = int(rng.integers(6, 16)) * 2 + len(cases) % 2
        x = sample_with_modes(rng, size, 1 + len(cases) % 3)
        if keep(x):
            cases.append((x,))
    return cases


def quartile_samples(rng, count: int = 8) -> list[tuple]:
    """Samples where the (N + 1)/4 rule gives other quartiles than the course's."""
    other = OTHER_QUARTILE_RULES["la posición (N + 1)/4"]
    return samples(rng, count, lambda x: not np.allclose(quartiles(x), other(x)))


def _clear_of_fences(x, rule, from_median) -> bool:
    q1, q2, q3 = rule(x)
    iqr = q3 - q1
    low, high = (q2, q2) if from_median else (q1, q3)
    fences = [low - 3 * iqr, low - 1.5 * iqr, high + 1.5 * iqr, high + 3 * iqr]
    return iqr > 0 and all(abs(v - f) > 1e-6 for v in x for f in fences)


def outlier_samples(rng, count: int = 8) -> list[tuple]:
    """Samples with mild and extreme outliers whose answer changes with the (N + 1)/4
    quartiles and with fences measured from the median."""
    weibull = OTHER_QUARTILE_RULES["la posición (N + 1)/4"]
    cases = []
    while len(cases) < count:
        size = int(rng.integers(8, 18)) * 2 + len(cases) % 2
        body = [int(v) for v in np.round(rng.normal(100, 15, size=size))]
        spread = float(np.subtract(*np.percentile(body, [75, 25])))
        far = [int(round(100 + s * spread * f)) for s, f in
               zip(rng.choice([-1, 1], size=3), rng.uniform(1.6, 5.0, size=3))]
        x = [(body + far)[i] for i in rng.permutation(size + 3)]
        found = outliers(x)
        if (found["leves"] and found != outliers(x, rule=weibull)
                and found != outliers(x, from_median=True)
                and len(set(found["leves"] + found["extremos"])) == len(found["leves"] + found["extremos"])
                and all(_clear_of_fences(x, r, m) for r, m in ((quartiles, False), (weibull, False), (quartiles, True)))):
            cases.append((x,))
    return cases


def design_matrix(rng, m: int, n: int) -> np.ndarray:
    """``m`` rows: a column of ones and ``n`` standard normal features."""
    return np.hstack([np.ones((m, 1)), rng.normal(size=(m, n))])


def linear_data(rng, m: int, n: int):
    X = design_matrix(rng, m, n)
    y = X @ rng.uniform(-5, 5, size=n + 1) + rng.normal(0, 1, size=m)
    return X, y


def descent_cases(rng) -> list[tuple]:
    """Two cases ``(X, y, alpha, iterations)`` with a good learning rate (the reference
    converges to least squares) and one with a rate past 2/λ_max, which diverges."""
    cases = []
    for good in (True, True, False):
        X, y = linear_data(rng, int(rng.integers(60, 200)), int(rng.integers(2, 5)))
        top = float(np.linalg.eigvalsh(2 / len(X) * X.T @ X).max())
        alpha = round(0.8 / top, 3) if good else round(2.6 / top, 3)
        cases.append((X, y, alpha, 500 if good else 40))
    return cases


def descent_expected(cases) -> list:
    """Per case, the least-squares θ, or "diverge" where the reference diverges."""
    return ["diverge" if diverges(gradient_descent(*case)[1]) else least_squares(*case[:2]).tolist()
            for case in cases]


def overfit_cases(rng, count: int = 4) -> list[tuple]:
    """``(X_train, y_train, X_test, y_test)`` with few training rows for their features, so
    the R² on the training rows and on the test rows differ by more than 0.1."""
    cases = []
    while len(cases) < count:
        n = int(rng.integers(5, 9))
        X = rng.normal(size=(n + 8 + 40, n))
        y = X @ rng.uniform(-3, 3, size=n) + 10 + rng.normal(0, 3, size=len(X))
        case = (X[:n + 8], y[:n + 8], X[n + 8:], y[n + 8:])
        r2 = test_and_train_metrics(*case)
        if r2["entrenamiento"]["r2"] - r2["prueba"]["r2"] > 0.1:
            cases.append(case)
    return cases


# --- judges -------------------------------------------------------------------------------

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
