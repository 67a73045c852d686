"""Public checks of "Práctica 8.5: Predicción del consumo de gasolina" (shipped to students).

Totals: public 10 checks = 9 points (q8_red and q9_modelo are worth 0.5, the rest 1);
hidden (solutions/gasoline/hidden.py) 10 checks = 21 points; practice total 30 points.

Only literal cases and literal expected values: students read this file.
"""
from functools import partial

import numpy as np

from grader_client import judges
from grader_client.checks import Call, Check
from grader.references.statistics import BY_HAND_METRICS
from grader_client.judges.statistics import descends, evaluated_on_test, explain_covariance, one_prediction_per_row, regression_network, same_bins, same_fields, same_one_hot

X_RECTA = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])  # columna de unos y x
Y_RECTA = np.array([1.0, 3.0, 5.0, 7.0])  # y = 1 + 2x

CHECKS = [
    Check(id="q1_covarianza", question="q1", points=1,
          ask=Call("covarianza_correlacion", cases=[([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]),
                                                    ([2.0, 4.0, 6.0, 8.0], [9.0, 7.0, 4.0, 1.0])]),
          expected=[{"covarianza_poblacional": 1.2, "covarianza_muestral": 1.5,
                     "correlacion": 0.7745966692414833},
                    {"covarianza_poblacional": -6.75, "covarianza_muestral": -9.0,
                     "correlacion": -0.9959100033104785}],
          judge=partial(same_fields, explain=explain_covariance),
          description="covarianza_correlacion con los ejemplos del enunciado"),
    Check(id="q2_faltantes", question="q2", points=1,
          ask=Call("rellenar_faltantes",
                   cases=[(np.array([[1.0, np.nan], [3.0, 4.0], [np.nan, 8.0]]),),
                          (np.array([[2.0, 10.0, np.nan], [np.nan, 20.0, 5.0],
                                     [5.0, np.nan, 7.0], [8.0, 40.0, np.nan]]),)]),
          expected=[[[1.0, 6.0], [3.0, 4.0], [2.0, 8.0]],
                    [[2.0, 10.0, 6.0], [5.0, 20.0, 5.0], [5.0, 23.333333333333332, 7.0], [8.0, 40.0, 6.0]]],
          judge=partial(judges.close_to, rel=1e-9),
          description="rellenar_faltantes con los ejemplos del enunciado"),
    Check(id="q3_one_hot", question="q3", points=1,
          ask=Call("one_hot", cases=[(["rojo", "verde", "azul", "verde"],),
                                     (["Japón", "España", "Austria", "España", "Japón"],)]),
          expected=[(["azul", "rojo", "verde"], [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 1]]),
                    (["Austria", "España", "Japón"], [[0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])],
          judge=same_one_hot, description="one_hot con los ejemplos del enunciado"),
    Check(id="q4_anchura", question="q4", points=1,
          ask=Call("discretizar_anchura", cases=[([1.0, 2.0, 5.5, 6.0, 8.5, 10.0], 3),
                                                 ([0.5, 12.0, 3.0, 1.5, 7.25, 2.0, 4.0], 4)]),
          expected=[[0, 0, 1, 1, 2, 2], [0, 3, 0, 0, 2, 0, 1]], judge=same_bins,
          description="discretizar_anchura con los ejemplos del enunciado"),
    Check(id="q4_frecuencia", question="q4", points=1,
          ask=Call("discretizar_frecuencia", cases=[([7.0, 1.0, 3.0, 10.0, 2.0, 5.0], 3),
                                                    ([0.4, 9.0, 1.1, 2.5, 0.9, 30.0, 1.7, 4.2], 4)]),
          expected=[[2, 0, 1, 2, 0, 1], [0, 3, 1, 2, 0, 3, 1, 2]], judge=same_bins,
          description="discretizar_frecuencia con los ejemplos del enunciado"),
    Check(id="q5_descenso", question="q5", points=1,
          ask=Call("descenso_gradiente", cases=[(X_RECTA, Y_RECTA, 0.1, 1000), (X_RECTA, Y_RECTA, 0.3, 20)],
                   together=True),
          expected=[[1.0, 2.0], "diverge"], judge=descends,
          description="descenso_gradiente con el ejemplo del enunciado (α = 0,1 converge; α = 0,3 diverge)"),
    Check(id="q6_diverge", question="q6", points=1,
          ask=Call("diverge", cases=[([10.0, 5.0, 2.5, 1.25],), ([1.0, 3.0, 9.0, 27.0],),
                                     ([4.0, 3.9, 3.8, 3.7],)]),
          expected=[False, True, False], judge=judges.equals,
          description="diverge con los ejemplos del enunciado"),
    Check(id="q7_evaluar", question="q7", points=1,
          ask=Call("evaluar", cases=[(np.array([[0.0], [1.0], [2.0], [3.0], [4.0]]),
                                      np.array([1.0, 3.0, 2.0, 5.0, 4.0]),
                                      np.array([[5.0], [6.0]]), np.array([5.0, 7.0]))]),
          expected=[{"prueba": {"mse": 0.4, "mae": 0.6, "r2": 0.6},
                     "entrenamiento": {"mse": 0.72, "mae": 0.8, "r2": 0.64}}],
          judge=evaluated_on_test, description="evaluar con el ejemplo del enunciado", forbidden=BY_HAND_METRICS),
    Check(id="q8_red", question="q8", points=0.5,
          ask=Call("crear_red", cases=[(22,)]), expected=[22], judge=regression_network,
          description="crear_red(22): una red de regresión para 22 entradas"),
    Check(id="q9_modelo", question="q9", points=0.5,
          ask=Call("entrenar_y_predecir",
                   cases=[(np.array([[1960.0, -6.5, 1.0, 0.0], [1961.0, -6.4, 0.0, 1.0], [1962.0, -6.3, 1.0, 0.0],
                                     [1963.0, -6.2, 0.0, 1.0], [1964.0, -6.1, 1.0, 0.0], [1965.0, -6.0, 0.0, 1.0]]),
                           np.array([4.2, 4.6, 4.1, 4.5, 4.0, 4.4]),
                           np.array([[1966.0, -5.9, 1.0, 0.0], [1967.0, -5.8, 0.0, 1.0]]))]),
          expected=[2], judge=one_prediction_per_row,
          description="entrenar_y_predecir devuelve una predicción por fila de X_nuevo"),
]
