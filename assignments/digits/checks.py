"""Public checks of "Práctica 8.3: Reconocimiento de dígitos" (shipped to students).

Totals: public 13 checks x 0.5 points = 6.5 points; hidden (solutions/digits/hidden.py)
15 checks = 23.5 points; practice total 30 points.

Only literal cases and literal expected values: students read this file.  The metric
examples are the course's: the spam filter (70/10/15/5) and the four-class example.
"""
from functools import partial

import numpy as np

from grader import judges
from grader.checks import Call, Check
from grader.references import classification

close = partial(judges.close_to, rel=1e-6)

# The spam filter: rows are the true class, columns the predicted one; 1 = spam.
SPAM = np.array([[70, 10], [15, 5]])
# The four-class example: Y_train = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3] (true classes),
# Y_pred = [0, 2, 1, 3, 0, 1, 2, 0, 0, 1, 2, 3].
CUATRO = np.array([[3, 0, 0, 0], [0, 2, 1, 0], [0, 1, 2, 0], [1, 0, 0, 2]])
# Classes 1 and 2 of CUATRO have equal precision and recall: the cases below use the
# others, where swapping the two formulas shows.
POR_CLASE = [(SPAM, 1), (SPAM, 0), (CUATRO, 0), (CUATRO, 3)]

# A small split: 20 rows, classes 0/1/2 with 11/5/4 rows.
X_DIVISION = np.array([[0.0, 0.0], [0.5, 7.0], [1.0, 3.0], [1.5, 10.0], [2.0, 6.0], [2.5, 2.0],
                       [3.0, 9.0], [3.5, 5.0], [4.0, 1.0], [4.5, 8.0], [5.0, 4.0], [5.5, 0.0],
                       [6.0, 7.0], [6.5, 3.0], [7.0, 10.0], [7.5, 6.0], [8.0, 2.0], [8.5, 9.0],
                       [9.0, 5.0], [9.5, 1.0]])
Y_DIVISION = np.array([0, 1, 0, 0, 2, 0, 1, 0, 0, 2, 1, 0, 0, 1, 0, 2, 0, 1, 0, 2])

# Three well separated groups of four points: any classifier of the table gets them right.
X_GRUPOS = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 1.0], [2.0, 2.0], [8.0, 8.0], [8.0, 9.0],
                     [9.0, 8.0], [9.0, 9.0], [1.0, 8.0], [1.0, 9.0], [2.0, 8.0], [2.0, 9.0]])
Y_GRUPOS = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
X_NUEVOS = np.array([[8.5, 8.5], [1.5, 1.5], [1.5, 8.5], [2.5, 1.0]])
# A test part whose last point lies in group 1 but is labelled 0: 3 of 4 right.
X_PRUEBA = np.array([[1.5, 1.5], [8.5, 8.5], [1.5, 8.5], [8.2, 8.7]])
Y_PRUEBA = np.array([0, 1, 2, 0])

CHECKS = [
    Check(id="q1_fuerza_correlacion", question="q1", points=0.5,
          ask=Call("fuerza_correlacion", cases=[(0.87,), (-0.8,), (-0.62,), (0.5,), (-0.41,), (0.49,)]),
          expected=["fuerte", "fuerte", "débil", "débil", "nula", "nula"], judge=judges.same_text,
          description="fuerza_correlacion con los ejemplos del enunciado"),
    Check(id="q2_dividir", question="q2", points=0.5,
          ask=Call("dividir", cases=[(X_DIVISION, Y_DIVISION, 0.25, 1), (X_DIVISION, Y_DIVISION, 0.25, 6)]),
          expected=[{"X": X_DIVISION, "y": Y_DIVISION, "test_fraction": 0.25}] * 2,
          judge=classification.stratified_split,
          description="dividir: 20 filas, 25 % de prueba, estratificada"),
    Check(id="q3_entrenar_y_predecir", question="q3", points=0.5,
          ask=Call("entrenar_y_predecir", cases=[(X_GRUPOS, Y_GRUPOS, X_NUEVOS)]),
          expected=[[1, 0, 2, 0]], judge=classification.same_labels,
          description="entrenar_y_predecir con tres grupos bien separados"),
    Check(id="q4_crear_red", question="q4", points=0.5,
          ask=Call("crear_red", cases=[(64, 10)]),
          expected=[{"n_entradas": 64, "n_clases": 10}], judge=classification.softmax_network,
          description="crear_red(64, 10): Sequential con salida softmax de 10 neuronas"),
    Check(id="q5_evaluar", question="q5", points=0.5,
          ask=Call("evaluar", cases=[(X_GRUPOS, Y_GRUPOS, X_PRUEBA, Y_PRUEBA)]),
          expected=[0.75], judge=close,
          description="evaluar: exactitud en una prueba de 4 puntos con un error"),
    Check(id="q6_matriz_confusion", question="q6", points=0.5,
          ask=Call("matriz_confusion", cases=[([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3],
                                               [0, 2, 1, 3, 0, 1, 2, 0, 0, 1, 2, 3], 4),
                                              ([0, 0, 1, 1, 1, 0, 1, 0], [0, 1, 1, 0, 1, 0, 1, 1], 2)]),
          expected=[[[3, 0, 0, 0], [0, 2, 1, 0], [0, 1, 2, 0], [1, 0, 0, 2]], [[2, 2], [1, 3]]],
          judge=judges.equals, description="matriz_confusion con el ejemplo de cuatro clases y uno binario"),
    Check(id="q7_exactitud", question="q7", points=0.5,
          ask=Call("exactitud", cases=[(SPAM,), (CUATRO,)]),
          expected=[0.75, 0.75], judge=close, description="exactitud del spam y del ejemplo de cuatro clases"),
    Check(id="q7_precision", question="q7", points=0.5,
          ask=Call("precision", cases=POR_CLASE),
          expected=[0.3333333333333333, 0.8235294117647058, 0.75, 1.0], judge=close,
          description="precision del spam (0.33) y del ejemplo de cuatro clases"),
    Check(id="q7_sensibilidad", question="q7", points=0.5,
          ask=Call("sensibilidad", cases=POR_CLASE),
          expected=[0.25, 0.875, 1.0, 0.6666666666666666], judge=close,
          description="sensibilidad del spam (0.25) y del ejemplo de cuatro clases"),
    Check(id="q7_especificidad", question="q7", points=0.5,
          ask=Call("especificidad", cases=POR_CLASE),
          expected=[0.875, 0.25, 0.8888888888888888, 1.0], judge=close,
          description="especificidad del spam y del ejemplo de cuatro clases"),
    Check(id="q7_f1", question="q7", points=0.5,
          ask=Call("f1", cases=POR_CLASE),
          expected=[0.2857142857142857, 0.8484848484848485, 0.8571428571428571, 0.8], judge=close,
          description="f1 del spam y del ejemplo de cuatro clases"),
    Check(id="q8_promedio_macro", question="q8", points=0.5,
          ask=Call("promedio_macro", cases=[(SPAM,), (CUATRO,)]),
          expected=[(0.5784313725490196, 0.5625, 0.5670995670995671),
                    (0.7708333333333333, 0.75, 0.7476190476190476)], judge=close,
          description="promedio_macro del spam y del ejemplo de cuatro clases"),
    Check(id="q8_promedio_ponderado", question="q8", points=0.5,
          ask=Call("promedio_ponderado", cases=[(SPAM,), (CUATRO,)]),
          expected=[(0.7254901960784313, 0.75, 0.7359307359307359),
                    (0.7708333333333334, 0.75, 0.7476190476190476)], judge=close,
          description="promedio_ponderado del spam y del ejemplo de cuatro clases"),
]
