"""Descriptive statistics and linear regression: trusted references and fresh cases for the
regression practices (houses, gasoline); their judges are the client's
(:mod:`grader_client.judges.statistics`).

The references follow the course's definitions: quartiles by numpy's linear interpolation
(position (n - 1)·p of the sorted sample), mild outliers between 1.5 and 3 IQR beyond the
box and extreme ones further out, the cost J(θ) = (1/m)·Σ(h(x) - y)² with gradient
(2/m)·Xᵀ(Xθ - y), batch gradient descent from θ = 0.  Case makers draw fresh inputs from
a check's seeded generator; they keep only cases where the known wrong rules give another
answer, so a wrong rule loses every case of a check.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

# --- what the statements ask to be written by hand (see grader_client.rules) ---------------

# houses, exercise 1: "Escríbela tú, sin np.mean, np.median ni el módulo statistics" (and
# their twins: np.average, the nan- versions, the .mean()/.median() of arrays and pandas).
BY_HAND_CENTRE = ("numpy.mean", "numpy.median", "numpy.average", "numpy.nanmean", "numpy.nanmedian",
                  "statistics", ".mean", ".median")
# houses, exercise 3: "Escribe tú la interpolación": no library percentile.
BY_HAND_QUARTILES = ("numpy.percentile", "numpy.quantile", "numpy.nanpercentile", "numpy.nanquantile",
                     "statistics.quantiles", ".quantile")
# gasoline, exercise 7: the metrics "calculadas con tus propias fórmulas".
BY_HAND_METRICS = ("sklearn.metrics",)


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
