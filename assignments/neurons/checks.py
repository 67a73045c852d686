"""Public checks of "Práctica 10: La neurona y el perceptrón" (shipped to students).

Totals: public 9 checks = 7 points (q1 and q6 have two checks of 0.5, the rest one of 1);
hidden (solutions/neurons/hidden.py) 8 checks = 13 points; practice total 20 points.

Only literal cases and literal expected values (the worked examples of the statement):
students read this file.
"""
import numpy as np

from grader_client.checks import Call, Check
from grader_client.judges.neurons import realizes_table, same_outputs, same_step, same_training

TABLA = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
W = np.array([0.5, -1, 0.25])

CHECKS = [
    Check(id="q1_neurona_and", question="q1", points=0.5,
          ask=Call("neurona", cases=[(TABLA, np.array([2, 1]), -3)]),
          expected=[{"salidas": [0, 0, 0, 1], "z_cero": [3]}], judge=same_outputs,
          description="neurona con los pesos del AND de las diapositivas, w = (2, 1) y b = -3"),
    Check(id="q1_neurona_or", question="q1", points=0.5,
          ask=Call("neurona", cases=[(TABLA, np.array([2, 2]), -2)]),
          expected=[{"salidas": [0, 1, 1, 1], "z_cero": [1, 2]}], judge=same_outputs,
          description="neurona con los pesos del OR de las diapositivas, w = (2, 2) y b = -2"),
    Check(id="q2_pesos_al_menos", question="q2", points=1,
          ask=Call("pesos_al_menos", cases=[(2, 2), (1, 2), (2, 3)]),
          expected=[{"entradas": [[0, 0], [0, 1], [1, 0], [1, 1]], "salidas": [0, 0, 0, 1]},
                    {"entradas": [[0, 0], [0, 1], [1, 0], [1, 1]], "salidas": [0, 1, 1, 1]},
                    {"entradas": [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 0, 1], [1, 1, 0],
                                  [1, 1, 1]],
                     "salidas": [0, 0, 0, 1, 0, 1, 1, 1]}],
          judge=realizes_table, description="pesos_al_menos con los ejemplos del enunciado (AND, OR y mayoría)"),
    Check(id="q3_capa", question="q3", points=1,
          ask=Call("capa", cases=[(TABLA, np.array([[2, 2], [1, 2]]), np.array([-3, -2]))]),
          expected=[{"salidas": [[0, 0], [0, 1], [0, 1], [1, 1]], "z_cero": [3, 5, 6]}], judge=same_outputs,
          description="capa con el AND y el OR de las diapositivas, uno al lado del otro"),
    Check(id="q4_red_xor", question="q4", points=1,
          ask=Call("red_xor", cases=[(TABLA,)]), expected=[{"salidas": [0, 1, 1, 0]}], judge=same_outputs,
          description="red_xor con la tabla del enunciado"),
    Check(id="q5_paso_perceptron", question="q5", points=1,
          ask=Call("paso_perceptron", cases=[(np.array([1, 1, 0]), 1, W, 0.0, 0.5),
                                             (np.array([2, 0, -1]), 0, W, 0.0, 0.5)]),
          expected=[{"w": [1.0, -0.5, 0.25], "b": 0.5,
                     "otras": {"signo": {"w": [0.0, -1.5, 0.25], "b": -0.5},
                               "sin_tasa": {"w": [1.5, 0.0, 0.25], "b": 1.0},
                               "sin_sesgo": {"w": [1.0, -0.5, 0.25], "b": 0.0}}},
                    {"w": [-0.5, -1.0, 0.75], "b": -0.5,
                     "otras": {"signo": {"w": [1.5, -1.0, -0.25], "b": 0.5},
                               "sin_tasa": {"w": [-1.5, -1.0, 1.25], "b": -1.0},
                               "sin_sesgo": {"w": [-0.5, -1.0, 0.75], "b": 0.0}}}],
          judge=same_step, description="paso_perceptron con los ejemplos del enunciado (los dos errores)"),
    Check(id="q6_perceptron_and", question="q6", points=0.5,
          ask=Call("entrenar_perceptron", cases=[(TABLA, np.array([0, 0, 0, 1]), 1.0, 10)]),
          expected=[{"w": [2.0, 1.0], "b": -3.0, "historial": [2, 3, 3, 2, 1, 0], "epocas": 10,
                     "otras": {"sin_parar": {"w": [2.0, 1.0], "b": -3.0,
                                             "historial": [2, 3, 3, 2, 1, 0, 0, 0, 0, 0]}}}],
          judge=same_training, description="entrenar_perceptron con el AND: converge en 6 épocas"),
    Check(id="q6_perceptron_xor", question="q6", points=0.5,
          ask=Call("entrenar_perceptron", cases=[(TABLA, np.array([0, 1, 1, 0]), 1.0, 6)]),
          expected=[{"w": [-1.0, 0.0], "b": 0.0, "historial": [3, 3, 4, 4, 4, 4], "epocas": 6,
                     "otras": {"una_epoca_menos": {"w": [-1.0, 0.0], "b": 0.0, "historial": [3, 3, 4, 4, 4]}}}],
          judge=same_training, description="entrenar_perceptron con el XOR: no converge"),
    Check(id="q7_entrenar_adaline", question="q7", points=1,
          ask=Call("entrenar_adaline", cases=[(TABLA, np.array([0, 0, 0, 1]), 0.1, 5)]),
          expected=[{"w": [0.25910385790631935, 0.2492760706545562], "b": 0.09888101709940736,
                     "historial": [0.145, 0.12203110979999998, 0.11427296585570931, 0.10869022219240326,
                                   0.10334698720811386],
                     "epocas": 5,
                     "otras": {"con_escalon": {"w": [0.2, 0.1], "b": -0.20000000000000004,
                                               "historial": [0.16500000000000004, 0.16499999999999998,
                                                             0.21500000000000002, 0.21500000000000002,
                                                             0.21500000000000002]}}}],
          judge=same_training, description="entrenar_adaline con el AND del enunciado"),
]
