"""Hidden checks of "Práctica 8.1: Clasificación de flores (iris)" (instructor only, never released).

Totals: hidden 15 checks = 23.5 points (the model on the holdout 4 + 2, its scaling 2, the
split, the network and evaluar 2 each, the confusion matrix 1.5, every other check 1);
with the 6.5 public points of assignments/flowers/checks.py the practice totals 30 points.

- The model (ejercicio 3) is trained on the 120 released flowers and judged on the 30 of
  the holdout, whose labels never leave this process; thresholds.json (written by
  ``grader calibrate flowers``) says why the bar is where it is.  A second training with
  the classes renamed must reach the same bar on the renamed holdout: a function that
  loads iris by itself (holdout included) cannot.
- Every other check calls the student's function on fresh inputs from the check's seeded
  generator and compares, here, with scikit-learn (grader/references/classification.py).
  The case filters below keep only cases where the known-wrong variants of variants.py
  give a different answer, so a variant loses a whole check, never part of one.
"""
from functools import partial
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from grader import holdout, judges
from grader.checks import Call, Check, load_module, per_case
from grader.references import classification as ref

DATASET = load_module(Path(__file__).with_name("dataset.py"))
SPLIT = DATASET.released()
T = ref.thresholds(Path(__file__).parent, ("accuracy", "macro_f1"))

close = partial(judges.close_to, rel=1e-6)

# Sizes and values of the public examples: a hidden case never repeats them, so copying
# the statement's answers cannot pass.
PUBLIC_NETWORK = (4, 3)
PUBLIC_VALUES = (0.25, 1 / 3, 0.75, 0.8, 0.875, 1.0, 0.8235294117647058, 0.6666666666666666,
                 0.8888888888888888, 0.2857142857142857, 0.8484848484848485, 0.8571428571428571)


def _new(value: float) -> bool:
    return not np.isclose(value, PUBLIC_VALUES, rtol=0, atol=1e-3).any()


def _apart(a: float, b: float) -> bool:
    return abs(a - b) > 1e-3


# --- case filters --------------------------------------------------------------------------

def _unstratified_shows(X, y, test_fraction, seed) -> bool:
    # ``train_test_split`` without ``stratify`` (same seed) leaves some class off its share.
    parts = train_test_split(X, y, test_size=test_fraction, random_state=seed)
    return ref.stratified_split(tuple(parts), ref.split_facts(X, y, test_fraction, seed)).score == 0


def _asymmetric(y_true, y_pred, k) -> bool:
    # The transposed matrix differs from the right one.
    matrix = ref.confusion(y_true, y_pred, k)
    return not np.array_equal(matrix, matrix.T)


def _precision_case(matrix, label) -> bool:
    # Precision differs from recall (swapped formulas) and from every public value.
    p = ref.precision(matrix, label)
    return _apart(p, ref.recall(matrix, label)) and _new(p)


def _recall_case(matrix, label) -> bool:
    return _apart(ref.recall(matrix, label), ref.precision(matrix, label))


def _averages_case(average):
    # Averaged precision differs from averaged recall (swapped formulas), and from what a
    # precision copied from the public examples would give.
    def keep(matrix) -> bool:
        p, r, _ = average(matrix)
        return _apart(p, r) and _new(p)

    return keep


def _holdout_labels(cases=None):
    return SPLIT.y_holdout


CHECKS = [
    Check(id="h1_fuerza_correlacion", question="q1", points=1, hidden=True,
          ask=Call("fuerza_correlacion", cases=ref.correlation_cases),
          expected=per_case(ref.correlation_strength), judge=judges.same_text,
          description="fuerza_correlacion con otros coeficientes (también los límites 0.8 y 0.5)"),
    Check(id="h2_dividir", question="q2", points=2, hidden=True,
          ask=Call("dividir", cases=lambda rng: ref.split_cases(rng, keep=_unstratified_shows)),
          expected=per_case(ref.split_facts), judge=ref.stratified_split,
          description="dividir con otros datos de clases desequilibradas"),
    Check(id="h3_modelo_exactitud", question="q3", points=4, hidden=True,
          ask=Call("entrenar_y_predecir", cases=lambda rng: holdout.model_cases(SPLIT, rng), together=True),
          expected=_holdout_labels,
          judge=partial(judges.learns_on_holdout, metric="accuracy",
                        threshold=T["accuracy"]["threshold"]),
          description="exactitud del modelo con 30 flores que no están en data/flores.csv"),
    Check(id="h3_modelo_f1_macro", question="q3", points=2, hidden=True,
          ask=Call("entrenar_y_predecir", cases=lambda rng: holdout.model_cases(SPLIT, rng), together=True),
          expected=_holdout_labels,
          judge=partial(judges.learns_on_holdout, metric="macro_f1",
                        threshold=T["macro_f1"]["threshold"]),
          description="F1 macro del modelo con 30 flores que no están en data/flores.csv"),
    Check(id="h3_escalado_entrenamiento", question="q3", points=2, hidden=True,
          ask=Call("entrenar_y_predecir", cases=lambda rng: holdout.batch_cases(SPLIT, rng), together=True),
          expected=_holdout_labels, judge=ref.predicts_holdout_alike,
          description="el escalado se ajusta solo con los datos de entrenamiento"),
    Check(id="h4_crear_red", question="q4", points=2, hidden=True,
          ask=Call("crear_red", cases=lambda rng: ref.network_cases(rng, avoid=PUBLIC_NETWORK)),
          expected=per_case(lambda n_entradas, n_clases: {"n_entradas": n_entradas, "n_clases": n_clases}),
          judge=ref.softmax_network, description="crear_red con otros tamaños de entrada y de salida"),
    Check(id="h5_evaluar", question="q5", points=2, hidden=True,
          ask=Call("evaluar", cases=lambda rng: ref.evaluation_cases(SPLIT.X, SPLIT.y, rng), together=True),
          expected=(), judge=ref.evaluates_on_test,
          description="evaluar mide la exactitud con la parte de prueba, no con el entrenamiento"),
    Check(id="h6_matriz_confusion", question="q6", points=1.5, hidden=True,
          ask=Call("matriz_confusion", cases=lambda rng: ref.label_cases(rng, keep=_asymmetric)),
          expected=per_case(ref.confusion), judge=judges.equals,
          description="matriz_confusion con otras etiquetas (2 a 6 clases)"),
    Check(id="h7_exactitud", question="q7", points=1, hidden=True,
          ask=Call("exactitud", cases=ref.matrix_cases), expected=per_case(ref.accuracy), judge=close,
          description="exactitud con otras matrices de confusión"),
    Check(id="h7_precision", question="q7", points=1, hidden=True,
          ask=Call("precision", cases=lambda rng: ref.class_cases(rng, keep=_precision_case)),
          expected=per_case(ref.precision), judge=close,
          description="precision con otras matrices de confusión (binarias y de varias clases)"),
    Check(id="h7_sensibilidad", question="q7", points=1, hidden=True,
          ask=Call("sensibilidad", cases=lambda rng: ref.class_cases(rng, keep=_recall_case)),
          expected=per_case(ref.recall), judge=close,
          description="sensibilidad con otras matrices de confusión (binarias y de varias clases)"),
    Check(id="h7_especificidad", question="q7", points=1, hidden=True,
          ask=Call("especificidad", cases=ref.class_cases), expected=per_case(ref.specificity),
          judge=close, description="especificidad con otras matrices de confusión"),
    Check(id="h7_f1", question="q7", points=1, hidden=True,
          ask=Call("f1", cases=ref.class_cases), expected=per_case(ref.f1), judge=close,
          description="f1 con otras matrices de confusión"),
    Check(id="h8_promedio_macro", question="q8", points=1, hidden=True,
          ask=Call("promedio_macro", cases=lambda rng: ref.matrix_cases(rng, keep=_averages_case(ref.macro_average))),
          expected=per_case(ref.macro_average), judge=close,
          description="promedio_macro con otras matrices de confusión"),
    Check(id="h8_promedio_ponderado", question="q8", points=1, hidden=True,
          ask=Call("promedio_ponderado",
                   cases=lambda rng: ref.matrix_cases(rng, keep=_averages_case(ref.weighted_average))),
          expected=per_case(ref.weighted_average), judge=close,
          description="promedio_ponderado con otras matrices de confusión"),
]
