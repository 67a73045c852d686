"""Hidden checks of "Proyecto final: Detección de fraudes bancarios" (instructor only, never
released).

Totals: hidden 8 checks = 32 points; with the 8 public points of
assignments/fraud/checks.py the project totals 40 points.

The metric functions and the threshold rule are called on fresh, seeded label and score
arrays and compared with scikit-learn (grader.references.networks); the generators keep
only cases where the known-wrong variants of ``variants.py`` give another answer (see each
one), so a variant loses a whole check.  The model is judged three times on the holdout
(PR-AUC of its scores; precision and recall of its decisions), each time trained on the
released rows and on the control (the same rows with the columns reordered, see
grader.holdout.model_cases); thresholds are in ``thresholds.json`` (``grader calibrate fraud``).
"""
from functools import partial
from pathlib import Path

import numpy as np

from grader import holdout, judges
from grader.checks import Call, Check, load_module, per_case
from grader.references import networks
from grader_client.judges.networks import same_architecture, same_decisions, same_metrics

HERE = Path(__file__).parent
DATA = load_module(HERE / "dataset.py")  # also registers the fraud metrics
SPLIT = holdout.course_split(DATA)
N_CASES = 6

T = holdout.read_thresholds(HERE)


# --- trusted reference --------------------------------------------------------------------

def exactitud_nunca_fraude(etiquetas):
    return float(np.mean(np.asarray(etiquetas) == 0))


def elegir_umbral(puntuaciones, etiquetas):
    """What the judge needs: the best threshold and the scores it decides on."""
    return {"umbral": networks.best_f1_threshold(puntuaciones, etiquetas), "puntuaciones": puntuaciones}


def crear_modelo(n_entradas):
    return networks.sequential_architecture(
        (n_entradas,), [("dense", 16, "relu"), ("dense", 8, "relu"), ("dense", 1, "sigmoid")])


# --- fresh inputs -----------------------------------------------------------------------

def _labels(rng, rows, low, high):
    """0/1 labels with a fraud share between ``low`` and ``high``, at least two frauds."""
    y = np.zeros(rows, dtype=int)
    y[rng.choice(rows, size=max(2, int(rows * rng.uniform(low, high))), replace=False)] = 1
    return y


def _scores(rng, y, separation):
    """Scores in (0, 1): frauds drawn higher than the rest, overlapping."""
    return np.where(y == 1, rng.beta(separation, 2, len(y)), rng.beta(2, separation, len(y)))


def exactitud_cases(rng):
    # Imbalanced labels, never of the statement's lengths (4, 10 and 1000 rows).
    cases = []
    while len(cases) < N_CASES:
        rows = int(rng.integers(50, 3001))
        if rows != 1000:
            cases.append((_labels(rng, rows, 0.001, 0.05),))
    return cases


def _weighted(y, pred):
    from sklearn.metrics import f1_score, precision_score, recall_score

    return [f(y, pred, average="weighted", zero_division=0) for f in (precision_score, recall_score, f1_score)]


def metricas_cases(rng):
    # A model that catches part of the frauds with some false alarms; the first case is the
    # constant "never fraud" model.  In every case the weighted averages (dominated by the
    # ordinary transactions) differ from the fraud class's own metrics.
    cases = []
    while len(cases) < N_CASES:
        y = _labels(rng, int(rng.integers(200, 1001)), 0.02, 0.1)
        if not cases:
            pred = np.zeros_like(y)
        else:
            caught = (y == 1) & (rng.random(len(y)) < rng.uniform(0.3, 0.9))
            alarms = (y == 0) & (rng.random(len(y)) < rng.uniform(0.005, 0.05))
            pred = (caught | alarms).astype(int)
        mine = networks.positive_class_metrics(y, pred)
        weighted = _weighted(y, pred)
        if min(abs(w - mine[k]) for w, k in zip(weighted, ("precision", "recall", "f1"))) > 1e-3:
            cases.append((y, pred))
    return cases


def areas_cases(rng):
    # Imbalanced labels: the ROC-AUC is always well above the PR-AUC.
    cases = []
    while len(cases) < N_CASES:
        y = _labels(rng, int(rng.integers(300, 1001)), 0.02, 0.1)
        s = _scores(rng, y, rng.uniform(2.5, 5))
        areas = networks.areas_under_curves(y, s)
        if abs(areas["roc_auc"] - areas["pr_auc"]) > 1e-3:
            cases.append((y, s))
    return cases


def elegir_umbral_cases(rng):
    # Validation-like scores with one best F1; the threshold of best accuracy (whatever the
    # tie rule: there is one best, better than flagging nothing) and 0.5 both decide
    # differently on every case.
    cases = []
    while len(cases) < N_CASES:
        y = _labels(rng, int(rng.integers(150, 401)), 0.05, 0.2)
        s = _scores(rng, y, rng.uniform(3, 6))
        thresholds, f1, accuracy = networks.threshold_table(s, y)
        f1_sorted, acc_sorted = np.sort(f1)[::-1], np.sort(accuracy)[::-1]
        best, best_accuracy = thresholds[np.argmax(f1)], thresholds[np.argmax(accuracy)]
        if (f1_sorted[0] - f1_sorted[1] > 1e-9 and acc_sorted[0] - acc_sorted[1] > 1e-9
                and acc_sorted[0] > np.mean(y == 0) + 1e-9
                and not np.array_equal(s >= best, s >= best_accuracy)
                and not np.array_equal(s >= best, s >= 0.5)):
            cases.append((s, y))
    return cases


def crear_modelo_cases(rng):
    return [(int(n),) for n in rng.choice(np.arange(2, 101), size=4, replace=False)]


def _holdout_check(check_id, metric, points, description):
    return Check(id=check_id, question="q6", points=points, hidden=True,
                 ask=Call("entrenar_y_predecir", cases=lambda rng: holdout.model_cases(SPLIT, rng, "columns"),
                          together=True, drawn_as="h6_modelo"),  # one training for the three metrics
                 expected=lambda cases: SPLIT.y_holdout,
                 judge=partial(networks.fraud_on_holdout, metric=metric, **T[metric]),
                 description=description)


close = partial(judges.close_to, rel=1e-9)

CHECKS = [
    Check(id="h1_exactitud_nunca_fraude", question="q1", points=2, hidden=True,
          ask=Call("exactitud_nunca_fraude", cases=exactitud_cases),
          expected=per_case(exactitud_nunca_fraude), judge=close,
          description="exactitud_nunca_fraude con etiquetas nuevas"),
    Check(id="h2_metricas_fraude", question="q2", points=4, hidden=True,
          ask=Call("metricas_fraude", cases=metricas_cases),
          expected=per_case(networks.positive_class_metrics), judge=same_metrics,
          description="metricas_fraude con predicciones nuevas (también las del modelo constante)"),
    Check(id="h3_areas_bajo_curva", question="q3", points=3, hidden=True,
          ask=Call("areas_bajo_curva", cases=areas_cases),
          expected=per_case(networks.areas_under_curves), judge=same_metrics,
          description="areas_bajo_curva con puntuaciones nuevas"),
    Check(id="h4_elegir_umbral", question="q4", points=5, hidden=True,
          ask=Call("elegir_umbral", cases=elegir_umbral_cases),
          expected=per_case(elegir_umbral), judge=same_decisions,
          description="elegir_umbral con puntuaciones y etiquetas nuevas"),
    Check(id="h5_crear_modelo", question="q5", points=2, hidden=True,
          ask=Call("crear_modelo", cases=crear_modelo_cases),
          expected=per_case(crear_modelo), judge=same_architecture,
          description="crear_modelo con otros números de entradas"),
    _holdout_check("h6_pr_auc", "pr_auc", 6,
                   "PR-AUC de las puntuaciones de tu modelo en transacciones que no has visto"),
    _holdout_check("h7_precision", "precision_fraude", 5,
                   "precisión de las decisiones de tu modelo en transacciones que no has visto"),
    _holdout_check("h8_sensibilidad", "recall_fraude", 5,
                   "sensibilidad (recall) de las decisiones de tu modelo en transacciones que no has "
                   "visto (marcando como mucho el 1 % como fraude)"),
]
