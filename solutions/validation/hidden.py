"""Hidden checks of "Práctica 12: Validación de modelos" (instructor only, never released).

Totals: hidden 10 checks = 20 points; with the 10 public points of
assignments/validation/checks.py the practice totals 30 points.

Every check calls the student's function on fresh inputs drawn from the check's seeded
generator and compares with the trusted references of :mod:`grader.references.validation`
(scikit-learn's KFold, cross_validate, roc_curve, auc, Lasso and Ridge; the course's rules
for the threshold of least cost, the diagnosis of learning curves and the choice of a
hyper-parameter).  The folds, the cross-validation, the ROC curve and its area are "by
hand": their functions must not call what ``V.BY_HAND_*`` names.  The model choice is
asked twice per split, with the test labels as they are and shuffled: a function that
chooses on the test part changes its choice.  The case makers keep only cases where the
known-wrong variants of ``variants.py`` give another answer, so a variant loses a whole
check.
"""
from grader.checks import Call, Check, per_case
from grader.references import validation as V
from grader_client.judges.validation import (same_area, same_cost_decisions, same_curve, same_diagnoses,
                                             same_folds, same_indices, same_paths, same_scores,
                                             selects_without_test, stratified_folds)

CHECKS = [
    Check(id="h1_indices_kfold", question="q1", points=2, hidden=True,
          ask=Call("indices_kfold", cases=V.kfold_cases), expected=per_case(V.kfold),
          judge=same_folds, description="indices_kfold con otros n y k (n no múltiplo de k)",
          forbidden=V.BY_HAND_FOLDS),
    Check(id="h2_indices_estratificados", question="q2", points=2.5, hidden=True,
          ask=Call("indices_estratificados", cases=V.stratified_cases), expected=per_case(V.stratified_expected),
          judge=stratified_folds, description="indices_estratificados con etiquetas nuevas, ordenadas por clase",
          forbidden=V.BY_HAND_FOLDS),
    Check(id="h3_validacion_cruzada", question="q3", points=2, hidden=True,
          ask=Call("validacion_cruzada", cases=V.cv_cases), expected=per_case(V.cv_expected),
          judge=same_scores, description="validacion_cruzada con datos nuevos", forbidden=V.BY_HAND_FOLDS),
    Check(id="h4_curva_roc", question="q4", points=2, hidden=True,
          ask=Call("curva_roc", cases=V.roc_cases), expected=per_case(V.roc_points),
          judge=same_curve, description="curva_roc con puntuaciones nuevas (con empates)",
          forbidden=V.BY_HAND_CURVE),
    Check(id="h5_area_trapecios", question="q5", points=1.5, hidden=True,
          ask=Call("area_trapecios", cases=V.area_cases), expected=per_case(V.area_expected),
          judge=same_area, description="area_trapecios con curvas nuevas (con tramos en diagonal)",
          forbidden=V.BY_HAND_AREA),
    Check(id="h6_umbral_por_coste", question="q6", points=2.5, hidden=True,
          ask=Call("umbral_por_coste", cases=V.cost_cases), expected=per_case(V.cost_expected),
          judge=same_cost_decisions, description="umbral_por_coste con puntuaciones y costes nuevos"),
    Check(id="h7_diagnostico", question="q7", points=2, hidden=True,
          ask=Call("diagnostico", cases=V.curve_cases, together=True), expected=V.diagnoses_expected,
          judge=same_diagnoses, description="diagnostico con nueve curvas de aprendizaje nuevas"),
    Check(id="h8_caminos_regularizacion", question="q8", points=1.5, hidden=True,
          ask=Call("caminos_regularizacion", cases=V.path_cases), expected=per_case(V.paths),
          judge=same_paths, description="caminos_regularizacion con datos y alfas nuevos"),
    Check(id="h9_coeficientes_anulados", question="q9", points=1.5, hidden=True,
          ask=Call("coeficientes_anulados", cases=V.zeroed_cases), expected=per_case(V.zeroed_expected),
          judge=same_indices, description="coeficientes_anulados con datos nuevos"),
    Check(id="h10_elegir_vecinos", question="q10", points=2.5, hidden=True,
          ask=Call("elegir_vecinos", cases=V.choice_cases, together=True), expected=V.choices_expected,
          judge=selects_without_test,
          description="elegir_vecinos con particiones nuevas: elige sin mirar las etiquetas de prueba"),
]
