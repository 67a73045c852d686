"""Hidden checks of "Práctica 8.5: Predicción del consumo de gasolina" (instructor only).

Totals: hidden 10 checks = 21 points; with the 9 public points of
assignments/gasoline/checks.py the practice totals 30 points.

The statistics, preparation and gradient checks call the student's functions on fresh
inputs drawn from each check's seeded generator and compare with the trusted references
below and in :mod:`grader.references.statistics`; the generators keep only cases where
the known-wrong variants of ``variants.py`` give another answer, so a variant loses a
whole check.  The model checks train the student's ``entrenar_y_predecir`` on the
released rows and judge its predictions on the holdout (``dataset.py``), whose targets
never enter the kernel, and again on the control task (targets negated, see
grader.holdout.model_cases); thresholds are in ``thresholds.json``
(``grader calibrate gasoline``).
"""
from functools import partial
from pathlib import Path

import numpy as np

from grader import holdout, judges
from grader.checks import Call, Check, load_module, per_case
from grader.references import statistics as S
from grader_client.judges.statistics import descends, evaluated_on_test, explain_covariance, same_bins, same_fields, same_one_hot

HERE = Path(__file__).parent
DATA = load_module(HERE / "dataset.py")
SPLIT = holdout.course_split(DATA)
T = holdout.read_thresholds(HERE)

N_CASES = 8
WORDS = ["manzana", "pera", "uva", "kiwi", "mango", "limón", "fresa", "higo", "melón", "piña",
         "cereza", "ciruela", "naranja", "plátano", "sandía", "mora"]


# --- trusted reference (the rest is in grader.references.statistics) -----------------------

def rellenar_faltantes(X):
    X = np.array(X, dtype=float)
    rows, cols = np.nonzero(np.isnan(X))
    X[rows, cols] = np.nanmean(X, axis=0)[cols]
    return X


def one_hot(valores):
    categorias = sorted(set(valores))
    return categorias, [[int(v == c) for c in categorias] for v in valores]


def discretizar_anchura(x, k):
    low, width = min(x), (max(x) - min(x)) / k
    return [min(int((v - low) / width), k - 1) for v in x]


def discretizar_frecuencia(x, k):
    bins = np.empty(len(x), dtype=int)
    bins[np.argsort(x, kind="stable")] = np.arange(len(x)) * k // len(x)
    return bins.tolist()


def evaluation_expected(*case):
    return {part: {key: m[key] for key in ("mse", "mae", "r2")}
            for part, m in S.test_and_train_metrics(*case).items()}


# --- fresh inputs -----------------------------------------------------------------------

def paired_samples(rng):
    # Correlations of both signs; the population covariance never equals the sample one.
    cases = []
    for i in range(N_CASES):
        n = int(rng.integers(6, 31))
        x = rng.normal(0, rng.uniform(0.5, 5), size=n)
        y = rng.uniform(-2, 2) * x + rng.normal(0, 1, size=n)
        cases.append(([round(float(v), 2) for v in x], [round(float(v), 2) for v in y]))
    return cases


def missing_cases(rng):
    # Every case has missing values; no column is all missing; the mean of the present
    # values is never 0, where counting the gaps as zeros would not show.
    cases = []
    while len(cases) < 6:
        m, n = int(rng.integers(5, 13)), int(rng.integers(2, 5))
        X = np.round(rng.uniform(1, 100, size=(m, n)), 1)
        X[rng.random((m, n)) < 0.25] = np.nan
        if np.isnan(X).any() and not np.isnan(X).all(axis=0).any():
            cases.append((X,))
    return cases


def category_cases(rng):
    # The order of first appearance is never the alphabetical one.
    cases = []
    while len(cases) < 6:
        pool = list(rng.choice(WORDS, size=int(rng.integers(3, 7)), replace=False))
        values = [str(v) for v in rng.choice(pool, size=int(rng.integers(len(pool), 16)))]
        seen = list(dict.fromkeys(values))
        if seen != sorted(seen):
            cases.append((values,))
    return cases


def _clear_of_edges(x, k) -> bool:
    low, width = min(x), (max(x) - min(x)) / k
    return width > 0 and all(abs((v - low) / width - round((v - low) / width)) > 1e-6
                             for v in x if v not in (min(x), max(x)))


def width_cases(rng):
    # Skewed samples; no value on an interior edge, where rounding could choose either side.
    cases = []
    while len(cases) < 6:
        x = [round(float(v), 2) for v in rng.lognormal(2, 0.6, size=int(rng.integers(8, 25)))]
        k = int(rng.integers(3, 7))
        if _clear_of_edges(x, k):
            cases.append((x, k))
    return cases


def frequency_cases(rng):
    # n a multiple of k, distinct values, skewed so that equal width gives other bins.
    cases = []
    while len(cases) < 6:
        k = int(rng.integers(2, 6))
        x = [round(float(v), 2) for v in rng.lognormal(2, 0.8, size=k * int(rng.integers(3, 7)))]
        if len(set(x)) == len(x) and _clear_of_edges(x, k) and discretizar_anchura(x, k) != discretizar_frecuencia(x, k):
            cases.append((x, k))
    return cases


def history_cases(rng):
    # Cost histories of the reference descent with rates too small, right and too large.
    cases = []
    for kind in rng.permutation([0, 0, 1, 1, 1, 2, 2, 2]):
        X, y = S.linear_data(rng, int(rng.integers(30, 100)), int(rng.integers(1, 4)))
        top = float(np.linalg.eigvalsh(2 / len(X) * X.T @ X).max())
        alpha = (0.01, 0.8, 2.6)[kind] / top
        _, history = S.gradient_descent(X, y, alpha, int(rng.integers(20, 50)))
        cases.append(([float(h) for h in history],))
    return cases


model_checks = dict(ask=Call("entrenar_y_predecir", cases=lambda rng: holdout.model_cases(SPLIT, rng),
                              together=True),
                    expected=lambda cases: SPLIT.y_holdout)

CHECKS = [
    Check(id="h1_covarianza", question="q1", points=2, hidden=True,
          ask=Call("covarianza_correlacion", cases=paired_samples),
          expected=per_case(S.covariance_and_correlation),
          judge=partial(same_fields, explain=explain_covariance),
          description="covarianza_correlacion con muestras nuevas"),
    Check(id="h2_faltantes", question="q2", points=2, hidden=True,
          ask=Call("rellenar_faltantes", cases=missing_cases), expected=per_case(rellenar_faltantes),
          judge=partial(judges.close_to, rel=1e-9), description="rellenar_faltantes con matrices nuevas"),
    Check(id="h3_one_hot", question="q3", points=2, hidden=True,
          ask=Call("one_hot", cases=category_cases), expected=per_case(one_hot), judge=same_one_hot,
          description="one_hot con categorías nuevas"),
    Check(id="h4_anchura", question="q4", points=1.5, hidden=True,
          ask=Call("discretizar_anchura", cases=width_cases), expected=per_case(discretizar_anchura),
          judge=same_bins, description="discretizar_anchura con muestras nuevas"),
    Check(id="h4_frecuencia", question="q4", points=1.5, hidden=True,
          ask=Call("discretizar_frecuencia", cases=frequency_cases),
          expected=per_case(discretizar_frecuencia), judge=same_bins,
          description="discretizar_frecuencia con muestras nuevas"),
    Check(id="h5_descenso", question="q5", points=3, hidden=True,
          ask=Call("descenso_gradiente", cases=S.descent_cases, together=True),
          expected=S.descent_expected, judge=descends,
          description="descenso_gradiente con datos nuevos: converge a mínimos cuadrados y diverge con α grande"),
    Check(id="h6_diverge", question="q6", points=1.5, hidden=True,
          ask=Call("diverge", cases=history_cases), expected=per_case(S.diverges), judge=judges.equals,
          description="diverge con historiales nuevos (tasas pequeña, adecuada y grande)"),
    Check(id="h7_evaluar", question="q7", points=2.5, hidden=True,
          ask=Call("evaluar", cases=S.overfit_cases), expected=per_case(evaluation_expected),
          judge=evaluated_on_test, description="evaluar con datos nuevos (métricas en la parte de prueba)",
          forbidden=S.BY_HAND_METRICS),
    Check(id="h9_modelo_r2", question="q9", points=3, hidden=True, **model_checks,
          judge=partial(judges.learns_on_holdout, metric="r2", **T["r2"]),
          description="R² del modelo con años y países que no estaban en tus datos"),
    Check(id="h9_modelo_mae", question="q9", points=2, hidden=True, **model_checks,
          judge=partial(judges.learns_on_holdout, metric="mae", **T["mae"]),
          description="error absoluto medio del modelo con años y países que no estaban en tus datos"),
]
