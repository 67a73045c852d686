"""Hidden checks of "Práctica 8.4: Predicción de precios de casas" (instructor only).

Totals: hidden 13 checks = 20 points; with the 10 public points of
assignments/houses/checks.py the practice totals 30 points.

The statistics, gradient and metric checks call the student's functions on fresh inputs
drawn from each check's seeded generator and compare with the trusted references of
:mod:`grader.references.statistics`; the generators keep only cases where the known-wrong
variants of ``variants.py`` give another answer, so a variant loses a whole check.  The
model checks train the student's ``entrenar_y_predecir`` on the released rows and judge
its predictions on the holdout (``dataset.py``), whose prices never enter the kernel, and
again on the control task (prices negated, see grader.holdout.model_cases); thresholds are
in ``thresholds.json`` (``grader calibrate houses``).
"""
from functools import partial
from pathlib import Path

import numpy as np

from grader import holdout, judges
from grader.checks import Call, Check, load_module, per_case
from grader.references import statistics as S
from grader_client.judges.statistics import descends, evaluated_on_test, explain_variance, same_cost, same_fields, same_gradient, same_outliers, same_quartiles

HERE = Path(__file__).parent
DATA = load_module(HERE / "dataset.py")
SPLIT = holdout.course_split(DATA)
T = holdout.read_thresholds(HERE)
WEIBULL = S.OTHER_QUARTILE_RULES["la posición (N + 1)/4"]


# --- trusted reference (the rest is in grader.references.statistics) -----------------------

def normalizar(X, metodo):
    X = np.asarray(X, dtype=float)
    if metodo == "min-max":
        return (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    return (X - X.mean(axis=0)) / X.std(axis=0)


def coeficientes_regularizados(X_train, y_train, alfa):
    from sklearn.linear_model import Lasso, Ridge
    from sklearn.preprocessing import StandardScaler

    Z = StandardScaler().fit_transform(X_train)
    return {"ridge": Ridge(alpha=alfa).fit(Z, y_train).coef_,
            "lasso": Lasso(alpha=alfa).fit(Z, y_train).coef_}


def quartiles_expected(x):
    return {"curso": S.quartiles(x), "otras": {rule: f(x) for rule, f in S.OTHER_QUARTILE_RULES.items()}}


def outliers_expected(x):
    return {"curso": S.outliers(x), "otras": {"cuartiles": S.outliers(x, rule=WEIBULL),
                                              "mediana": S.outliers(x, from_median=True)}}


def r2_expected(case):
    return {part: m["r2"] for part, m in S.test_and_train_metrics(*case).items()}


# --- fresh inputs -----------------------------------------------------------------------

def matrices(rng):
    # Columns on different scales (as the houses' surface and bedrooms), no constant column.
    cases = []
    for i in range(6):
        m, n = int(rng.integers(5, 16)), int(rng.integers(2, 5))
        X = rng.uniform(0, 1, size=(m, n)) * 10.0 ** rng.integers(0, 4, size=n)
        cases.append((np.round(X, 2), "min-max" if i % 2 == 0 else "z"))
    return cases


def cost_cases(rng):
    cases = []
    for _ in range(6):
        X, y = S.linear_data(rng, int(rng.integers(5, 40)), int(rng.integers(1, 4)))
        cases.append((X, y, rng.normal(0, 3, size=X.shape[1])))
    return cases


def prediction_cases(rng):
    cases = []
    for _ in range(6):
        y = rng.normal(100, 20, size=int(rng.integers(8, 30)))
        cases.append((np.round(y, 1), np.round(y + rng.normal(0, 8, size=len(y)), 1)))
    return cases


def regularization_cases(rng):
    # Features on very different scales, some without effect (Lasso sets them to 0).
    cases = []
    for _ in range(4):
        m, n = int(rng.integers(30, 60)), int(rng.integers(4, 7))
        X = rng.normal(size=(m, n)) * 10.0 ** rng.integers(0, 3, size=n)
        beta = rng.uniform(-3, 3, size=n) * (rng.random(n) < 0.6) / X.std(axis=0)
        y = X @ beta + rng.normal(0, 1, size=m)
        cases.append((X, y, float(rng.choice([0.1, 0.3, 1.0]))))
    return cases


model_checks = dict(ask=Call("entrenar_y_predecir", cases=lambda rng: holdout.model_cases(SPLIT, rng),
                              together=True),
                    expected=lambda cases: SPLIT.y_holdout)

CHECKS = [
    Check(id="h1_tendencia_central", question="q1", points=1.5, hidden=True,
          ask=Call("tendencia_central", cases=S.samples), expected=per_case(S.central_tendency),
          judge=same_fields, description="tendencia_central con muestras nuevas (pares, impares, varias modas)",
          forbidden=S.BY_HAND_CENTRE),
    Check(id="h2_dispersion", question="q2", points=2, hidden=True,
          ask=Call("dispersion", cases=S.samples), expected=per_case(S.dispersion),
          judge=partial(same_fields, explain=explain_variance),
          description="dispersion con muestras nuevas"),
    Check(id="h3_cuartiles", question="q3", points=2, hidden=True,
          ask=Call("cuartiles", cases=S.quartile_samples), expected=per_case(quartiles_expected),
          judge=same_quartiles, description="cuartiles con muestras nuevas (regla del curso)",
          forbidden=S.BY_HAND_QUARTILES),
    Check(id="h4_atipicos", question="q4", points=2, hidden=True,
          ask=Call("atipicos", cases=S.outlier_samples), expected=per_case(outliers_expected),
          judge=same_outliers, description="atipicos con muestras nuevas (leves y extremos)"),
    Check(id="h5_normalizar", question="q5", points=1, hidden=True,
          ask=Call("normalizar", cases=matrices), expected=per_case(normalizar),
          judge=partial(judges.close_to, rel=1e-6), description="normalizar con matrices nuevas"),
    Check(id="h6_coste", question="q6", points=1, hidden=True,
          ask=Call("coste", cases=cost_cases), expected=per_case(S.cost),
          judge=same_cost, description="coste con datos nuevos"),
    Check(id="h6_gradiente", question="q6", points=1, hidden=True,
          ask=Call("gradiente", cases=cost_cases), expected=per_case(S.gradient),
          judge=same_gradient, description="gradiente con datos nuevos"),
    Check(id="h7_descenso", question="q7", points=2.5, hidden=True,
          ask=Call("descenso_gradiente", cases=S.descent_cases, together=True),
          expected=S.descent_expected, judge=descends,
          description="descenso_gradiente con datos nuevos: converge a mínimos cuadrados y diverge con α grande"),
    Check(id="h8_metricas", question="q8", points=1.5, hidden=True,
          ask=Call("metricas", cases=prediction_cases), expected=per_case(S.metrics),
          judge=same_fields, description="metricas con datos nuevos"),
    Check(id="h9_evaluar", question="q9", points=2, hidden=True,
          ask=Call("evaluar", cases=S.overfit_cases), expected=per_case(lambda *case: r2_expected(case)),
          judge=evaluated_on_test, description="evaluar con datos nuevos (R² en la parte de prueba)"),
    Check(id="h10_regularizacion", question="q10", points=1, hidden=True,
          ask=Call("coeficientes_regularizados", cases=regularization_cases),
          expected=per_case(coeficientes_regularizados), judge=partial(same_fields, rel=1e-4),
          description="coeficientes_regularizados con datos nuevos"),
    Check(id="h12_modelo_r2", question="q12", points=1.5, hidden=True, **model_checks,
          judge=partial(judges.learns_on_holdout, metric="r2", **T["r2"]),
          description="R² del modelo con casas que no estaban en tus datos"),
    Check(id="h12_modelo_mae", question="q12", points=1, hidden=True, **model_checks,
          judge=partial(judges.learns_on_holdout, metric="mae", **T["mae"]),
          description="error absoluto medio del modelo con casas que no estaban en tus datos"),
]
