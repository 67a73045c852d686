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
  generator and compares, here, with scikit-learn (grader/references/classification.py,
  whose case makers keep only cases where the known-wrong variants of variants.py give a
  different answer, so a variant loses a whole check, never part of one).
"""
from functools import partial
from pathlib import Path

from grader import holdout, judges
from grader.checks import Call, Check, load_module, per_case
from grader.references import classification as ref

DATASET = load_module(Path(__file__).with_name("dataset.py"))
SPLIT = holdout.course_split(DATASET)
T = holdout.read_thresholds(Path(__file__).parent)

close = partial(judges.close_to, rel=1e-6)

PUBLIC_NETWORK = (4, 3)  # crear_red's public case: a hidden case never repeats either size


def _holdout_labels(cases=None):
    return SPLIT.y_holdout


CHECKS = [
    Check(id="h1_fuerza_correlacion", question="q1", points=1, hidden=True,
          ask=Call("fuerza_correlacion", cases=ref.correlation_cases),
          expected=per_case(ref.correlation_strength), judge=judges.same_text,
          description="fuerza_correlacion con otros coeficientes (también los límites 0.8 y 0.5)"),
    Check(id="h2_dividir", question="q2", points=2, hidden=True,
          ask=Call("dividir", cases=ref.stratification_cases),
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
          expected=per_case(ref.network_facts),
          judge=ref.softmax_network, description="crear_red con otros tamaños de entrada y de salida"),
    Check(id="h5_evaluar", question="q5", points=2, hidden=True,
          ask=Call("evaluar", cases=lambda rng: ref.evaluation_cases(SPLIT.X, SPLIT.y, rng), together=True),
          expected=(), judge=ref.evaluates_on_test,
          description="evaluar mide la exactitud con la parte de prueba, no con el entrenamiento"),
    Check(id="h6_matriz_confusion", question="q6", points=1.5, hidden=True,
          ask=Call("matriz_confusion", cases=ref.asymmetric_label_cases),
          expected=per_case(ref.confusion), judge=judges.equals,
          description="matriz_confusion con otras etiquetas (2 a 6 clases)"),
    Check(id="h7_exactitud", question="q7", points=1, hidden=True,
          ask=Call("exactitud", cases=ref.accuracy_cases), expected=per_case(ref.accuracy), judge=close,
          description="exactitud con otras matrices de confusión"),
    Check(id="h7_precision", question="q7", points=1, hidden=True,
          ask=Call("precision", cases=ref.precision_cases),
          expected=per_case(ref.precision), judge=close,
          description="precision con otras matrices de confusión (binarias y de varias clases)"),
    Check(id="h7_sensibilidad", question="q7", points=1, hidden=True,
          ask=Call("sensibilidad", cases=ref.recall_cases),
          expected=per_case(ref.recall), judge=close,
          description="sensibilidad con otras matrices de confusión (binarias y de varias clases)"),
    Check(id="h7_especificidad", question="q7", points=1, hidden=True,
          ask=Call("especificidad", cases=ref.specificity_cases), expected=per_case(ref.specificity),
          judge=close, description="especificidad con otras matrices de confusión"),
    Check(id="h7_f1", question="q7", points=1, hidden=True,
          ask=Call("f1", cases=ref.f1_cases), expected=per_case(ref.f1), judge=close,
          description="f1 con otras matrices de confusión"),
    Check(id="h8_promedio_macro", question="q8", points=1, hidden=True,
          ask=Call("promedio_macro", cases=ref.macro_cases),
          expected=per_case(ref.macro_average), judge=close,
          description="promedio_macro con otras matrices de confusión"),
    Check(id="h8_promedio_ponderado", question="q8", points=1, hidden=True,
          ask=Call("promedio_ponderado", cases=ref.weighted_cases),
          expected=per_case(ref.weighted_average), judge=close,
          description="promedio_ponderado con otras matrices de confusión"),
]
