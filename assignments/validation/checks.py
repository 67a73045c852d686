"""Public checks of "Práctica 12: Validación de modelos" (shipped to students).

Totals: public 10 checks x 1 point = 10 points; hidden (solutions/validation/hidden.py)
10 checks = 20 points; practice total 30 points.

Only literal cases and literal expected values (the worked examples of the statement; q8 to
q10 read the values the notebook computes on scikit-learn's diabetes and breast-cancer
sets): students read this file.  q1 to q5 are "by hand": their functions must not call
scikit-learn's folds, cross-validation or metrics, nor a library's integral (``BY_HAND_*``).
"""
import numpy as np

from grader.references.validation import BY_HAND_AREA, BY_HAND_CURVE, BY_HAND_FOLDS
from grader_client.checks import Call, Check, Value
from grader_client.judges.validation import (same_area, same_choice, same_cost_decisions, same_curve,
                                             same_diagnoses, same_folds, same_indices, same_paths, same_scores,
                                             stratified_folds)

X_MINI = np.array([[5.5], [0.5], [8.2], [3.1], [9.6], [1.2], [6.3], [2.9], [7.7], [4.8]])
Y_MINI = np.array([1, 0, 1, 1, 1, 0, 1, 0, 1, 1])
Y_A = np.array([0, 0, 1, 0, 1, 0, 1, 0, 1, 1])
P_A = np.array([0.15, 0.3, 0.35, 0.42, 0.55, 0.61, 0.7, 0.78, 0.86, 0.93])
Y_B = np.array([0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1])
P_B = np.array([0.05, 0.12, 0.2, 0.28, 0.33, 0.47, 0.52, 0.6, 0.66, 0.74, 0.81, 0.9])
CURVAS = [
    (np.array([1.0, 0.99, 0.98, 0.97, 0.97]), np.array([0.55, 0.65, 0.72, 0.76, 0.78])),
    (np.array([0.9, 0.8, 0.74, 0.71, 0.7]), np.array([0.45, 0.58, 0.64, 0.67, 0.68])),
    (np.array([1.0, 0.97, 0.94, 0.92, 0.91]), np.array([0.5, 0.7, 0.8, 0.85, 0.87])),
]

PLIEGUES = [[([4, 5, 6, 7, 8, 9], [0, 1, 2, 3]), ([0, 1, 2, 3, 7, 8, 9], [4, 5, 6]),
             ([0, 1, 2, 3, 4, 5, 6], [7, 8, 9])],
            [([4, 5, 6], [0, 1, 2, 3]), ([0, 1, 2, 3], [4, 5, 6])]]

VALIDACION = {"valor": [0.75, 1.0, 0.6666666666666666],
              "otras": {"entrenamiento": [1.0, 1.0, 1.0], "resto_al_final": [1.0, 0.6666666666666666, 0.75]}}

CURVA = {"fpr": [0.0, 0.0, 0.0, 0.5, 1.0], "tpr": [0.0, 0.3333333333333333, 0.6666666666666666, 1.0, 1.0]}

AREAS = [{"area": 0.75, "rectangulos": [0.625, 0.875]},
         {"area": 0.9166666666666666, "rectangulos": [0.8333333333333333, 1.0]}]

UMBRALES = [{"umbral": 0.35,
             "puntuaciones": [0.15, 0.3, 0.35, 0.42, 0.55, 0.61, 0.7, 0.78, 0.86, 0.93],
             "intercambiado": 0.86},
            {"umbral": 0.9,
             "puntuaciones": [0.05, 0.12, 0.2, 0.28, 0.33, 0.47, 0.52, 0.6, 0.66, 0.74, 0.81, 0.9],
             "intercambiado": 0.52}]

CAMINOS = {"lasso": [[-0.27769342429667876, -11.159487970709595, 24.85518377878633, 15.242132797693417,
                      -26.448139637055807, 13.725663288131916, -0.0, 7.05557447482591, 31.575061705134015,
                      3.1584765012349547],
                     [-0.0, -9.319412530356537, 24.831276305943245, 14.088705683899411, -4.838928079864784,
                      -0.0, -10.622799188839927, 0.0, 24.420810574312352, 2.5621298669139145],
                     [0.0, -0.0, 22.60037483866144, 6.801236534108079, -0.0, -0.0, -3.088039383131308, 0.0,
                      19.585932424706243, 0.0]],
           "ridge": [[-0.47081379675801655, -11.39863292490073, 24.733060634520196, 15.42301473075846,
                      -36.74499527476601, 21.93428584755079, 4.393211053355818, 8.309679655987484,
                      35.379811715414974, 3.2222998972110237],
                     [-0.4311726582248996, -11.333654931877646, 24.771241809473374, 15.373472852971997,
                      -30.08840059259345, 16.653152303352492, 1.4621070111045091, 7.521110929123194,
                      32.843750856514944, 3.2663848693715507],
                     [-0.2579490012114473, -10.93635667389775, 24.600094464817214, 15.094382577753903,
                      -11.295618269483565, 1.8087677641153939, -6.561805154981129, 5.600400298780881,
                      25.332096092046488, 3.522912117793489]]}

ANULADOS = {"anulados": [0, 4, 5, 7, 9], "conservados": [1, 2, 3, 6, 8]}

CHECKS = [
    Check(id="q1_indices_kfold", question="q1", points=1,
          ask=Call("indices_kfold", cases=[(10, 3), (7, 2)]), expected=PLIEGUES, judge=same_folds,
          description="indices_kfold con los ejemplos del enunciado", forbidden=BY_HAND_FOLDS),
    Check(id="q2_indices_estratificados", question="q2", points=1,
          ask=Call("indices_estratificados", cases=[(np.array([0] * 6 + [1] * 9), 3),
                                                    (np.array([2, 2, 0, 0, 0, 1, 1, 1, 1, 0]), 2)]),
          expected=[{"y": [0] * 6 + [1] * 9, "k": 3}, {"y": [2, 2, 0, 0, 0, 1, 1, 1, 1, 0], "k": 2}],
          judge=stratified_folds, description="indices_estratificados con los ejemplos del enunciado",
          forbidden=BY_HAND_FOLDS),
    Check(id="q3_validacion_cruzada", question="q3", points=1,
          ask=Call("validacion_cruzada", cases=[(X_MINI, Y_MINI, 3, 1)]), expected=[VALIDACION],
          judge=same_scores, description="validacion_cruzada con el ejemplo del enunciado", forbidden=BY_HAND_FOLDS),
    Check(id="q4_curva_roc", question="q4", points=1,
          ask=Call("curva_roc", cases=[(np.array([0, 1, 1, 0, 1]), np.array([0.2, 0.8, 0.5, 0.5, 0.9]))]),
          expected=[CURVA], judge=same_curve, description="curva_roc con el ejemplo del enunciado (con un empate)",
          forbidden=BY_HAND_CURVE),
    Check(id="q5_area_trapecios", question="q5", points=1,
          ask=Call("area_trapecios", cases=[(np.array([0, 0.25, 0.5, 1]), np.array([0, 0.5, 1, 1])),
                                            (np.array(CURVA["fpr"]), np.array(CURVA["tpr"]))]),
          expected=AREAS, judge=same_area, description="area_trapecios con los ejemplos del enunciado",
          forbidden=BY_HAND_AREA),
    Check(id="q6_umbral_por_coste", question="q6", points=1,
          ask=Call("umbral_por_coste", cases=[(Y_A, P_A, 1, 4), (Y_B, P_B, 3, 1)]), expected=UMBRALES,
          judge=same_cost_decisions, description="umbral_por_coste con los ejemplos del enunciado"),
    Check(id="q7_diagnostico", question="q7", points=1,
          ask=Call("diagnostico", cases=CURVAS, together=True), expected=["sobreajuste", "subajuste", "bien"],
          judge=same_diagnoses, description="diagnostico con las tres curvas del enunciado"),
    Check(id="q8_caminos_regularizacion", question="q8", points=1,
          ask=Value("caminos_diabetes"), expected=CAMINOS, judge=same_paths,
          description="caminos_diabetes: los caminos de Lasso y Ridge de los datos de diabetes"),
    Check(id="q9_coeficientes_anulados", question="q9", points=1,
          ask=Value("anulados_diabetes"), expected=ANULADOS, judge=same_indices,
          description="anulados_diabetes: las variables que Lasso anula con alfa = 5"),
    Check(id="q10_elegir_vecinos", question="q10", points=1,
          ask=Value("eleccion"), expected={"vecinos": 5, "exactitud_prueba": 0.9824561403508771},
          judge=same_choice, description="eleccion: los vecinos elegidos con los datos de cáncer de mama"),
]
