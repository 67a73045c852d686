"""Public checks of "Práctica 8.4: Predicción de precios de casas" (shipped to students).

Totals: public 13 checks = 10 points (q1 to q4 and q7 to q9 are worth 1, the rest 0.5);
hidden (solutions/houses/hidden.py) 13 checks = 20 points; practice total 30 points.

Only literal cases and literal expected values: students read this file.
"""
from functools import partial

import numpy as np

from grader_client import judges
from grader_client.checks import Call, Check
from grader.references.statistics import BY_HAND_CENTRE, BY_HAND_QUARTILES
from grader_client.judges.statistics import descends, evaluated_on_test, explain_variance, one_prediction_per_row, regression_network, same_cost, same_fields, same_gradient, same_outliers, same_quartiles

close = partial(judges.close_to, rel=1e-9)

EJEMPLO = [30, 36, 47, 50, 52, 52, 56, 60, 63, 70, 70, 110]  # el ejemplo del curso
X_RECTA = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])  # columna de unos y x
Y_RECTA = np.array([1.0, 3.0, 5.0, 7.0])  # y = 1 + 2x

CHECKS = [
    Check(id="q1_tendencia_central", question="q1", points=1,
          ask=Call("tendencia_central", cases=[(EJEMPLO,), ([3, 1, 4, 1, 5, 9, 2, 6, 5],)]),
          expected=[{"media": 58.0, "mediana": 54.0, "modas": [52, 70], "rango_medio": 70.0},
                    {"media": 4.0, "mediana": 4.0, "modas": [1, 5], "rango_medio": 5.0}],
          judge=same_fields, description="tendencia_central con los ejemplos del enunciado", forbidden=BY_HAND_CENTRE),
    Check(id="q2_dispersion", question="q2", points=1,
          ask=Call("dispersion", cases=[(EJEMPLO,), ([3, 1, 4, 1, 5, 9, 2, 6, 5],)]),
          expected=[{"rango": 80, "varianza_poblacional": 379.1666666666667,
                     "varianza_muestral": 413.6363636363636, "desviacion_poblacional": 19.47220240924654,
                     "desviacion_muestral": 20.338052110179177},
                    {"rango": 8, "varianza_poblacional": 6.0, "varianza_muestral": 6.75,
                     "desviacion_poblacional": 2.449489742783178, "desviacion_muestral": 2.598076211353316}],
          judge=partial(same_fields, explain=explain_variance),
          description="dispersion con los ejemplos del enunciado"),
    Check(id="q3_cuartiles", question="q3", points=1,
          ask=Call("cuartiles", cases=[(EJEMPLO,), ([7, 1, 3, 9, 5],)]),
          expected=[{"curso": [49.25, 54.0, 64.75], "otras": {"la posición (N + 1)/4": [47.75, 54.0, 68.25]}},
                    {"curso": [3.0, 5.0, 7.0], "otras": {"la posición (N + 1)/4": [2.0, 5.0, 8.0]}}],
          judge=same_quartiles, description="cuartiles con los ejemplos del enunciado", forbidden=BY_HAND_QUARTILES),
    Check(id="q4_atipicos", question="q4", points=1,
          ask=Call("atipicos", cases=[([34, 13, 91, 25, 28, 55, 29, 32, 15, 33, 23, 39],),
                                      ([11, 14, 15, 17, 22, 24, 26, 30, 31, 33, 35, 78, 84],)]),
          expected=[{"curso": {"leves": [55], "extremos": [91]},
                     "otras": {"cuartiles": {"leves": [], "extremos": [91]},
                               "mediana": {"leves": [13, 55], "extremos": [91]}}},
                    {"curso": {"leves": [78], "extremos": [84]},
                     "otras": {"cuartiles": {"leves": [78, 84], "extremos": []},
                               "mediana": {"leves": [], "extremos": [78, 84]}}}],
          judge=same_outliers, description="atipicos con los ejemplos del enunciado"),
    Check(id="q5_normalizar", question="q5", points=0.5,
          ask=Call("normalizar", cases=[(np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 60.0]]), "min-max"),
                                        (np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 60.0]]), "z")]),
          expected=[[[0.0, 0.0], [0.5, 0.2], [1.0, 1.0]],
                    [[-1.224744871391589, -0.9258200997725515], [0.0, -0.46291004988627577],
                     [1.224744871391589, 1.3887301496588271]]],
          judge=close, description="normalizar con el ejemplo del enunciado"),
    Check(id="q6_coste", question="q6", points=0.5,
          ask=Call("coste", cases=[(X_RECTA, Y_RECTA, np.array([0.0, 0.0])),
                                   (X_RECTA, Y_RECTA, np.array([1.0, 1.0]))]),
          expected=[21.0, 3.5], judge=same_cost, description="coste con los ejemplos del enunciado"),
    Check(id="q6_gradiente", question="q6", points=0.5,
          ask=Call("gradiente", cases=[(X_RECTA, Y_RECTA, np.array([0.0, 0.0])),
                                       (X_RECTA, Y_RECTA, np.array([1.0, 1.0]))]),
          expected=[[-8.0, -17.0], [-3.0, -7.0]], judge=same_gradient,
          description="gradiente con los ejemplos del enunciado"),
    Check(id="q7_descenso", question="q7", points=1,
          ask=Call("descenso_gradiente", cases=[(X_RECTA, Y_RECTA, 0.1, 1000), (X_RECTA, Y_RECTA, 0.3, 20)],
                   together=True),
          expected=[[1.0, 2.0], "diverge"], judge=descends,
          description="descenso_gradiente con el ejemplo del enunciado (α = 0,1 converge; α = 0,3 diverge)"),
    Check(id="q8_metricas", question="q8", points=1,
          ask=Call("metricas", cases=[([3.0, 5.0, 7.0, 9.0], [2.5, 5.0, 7.5, 10.0])]),
          expected=[{"mse": 0.375, "mae": 0.5, "sse": 1.5, "sst": 20.0, "r2": 0.925}],
          judge=same_fields, description="metricas con el ejemplo del enunciado"),
    Check(id="q9_evaluar", question="q9", points=1,
          ask=Call("evaluar", cases=[(np.array([[0.0], [1.0], [2.0], [3.0], [4.0]]),
                                      np.array([1.0, 3.0, 2.0, 5.0, 4.0]),
                                      np.array([[5.0], [6.0]]), np.array([5.0, 7.0]))]),
          expected=[{"prueba": 0.6, "entrenamiento": 0.64}], judge=evaluated_on_test,
          description="evaluar con el ejemplo del enunciado"),
    Check(id="q10_regularizacion", question="q10", points=0.5,
          ask=Call("coeficientes_regularizados",
                   cases=[(np.array([[1.0, 2.0, 0.0], [2.0, 1.0, 1.0], [3.0, 4.0, 0.0],
                                     [4.0, 3.0, 1.0], [5.0, 6.0, 0.0], [6.0, 5.0, 1.0]]),
                           np.array([3.0, 4.0, 8.0, 9.0, 12.0, 14.0]), 1.0)]),
          expected=[{"ridge": [2.00449952897155, 1.7127713932858697, 0.4982206405693956],
                     "lasso": [2.6201920568463835, 0.34222398694200135, 0.0]}],
          judge=partial(same_fields, rel=1e-4),
          description="coeficientes_regularizados con el ejemplo del enunciado"),
    Check(id="q11_red", question="q11", points=0.5,
          ask=Call("crear_red", cases=[(11,)]), expected=[11], judge=regression_network,
          description="crear_red(11): una red de regresión para 11 entradas"),
    Check(id="q12_modelo", question="q12", points=0.5,
          ask=Call("entrenar_y_predecir",
                   cases=[(np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 0.0], [4.0, 1.0], [5.0, 0.0], [6.0, 1.0]]),
                           np.array([10.0, 14.0, 13.0, 17.0, 16.0, 20.0]),
                           np.array([[2.5, 1.0], [3.5, 0.0], [7.0, 1.0]]))]),
          expected=[3], judge=one_prediction_per_row,
          description="entrenar_y_predecir devuelve una predicción por fila de X_nuevo"),
]
