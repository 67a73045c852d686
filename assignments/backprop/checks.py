"""Public checks of "Práctica 11: Retropropagación por dentro" (shipped to students).

Totals: public 9 checks = 8 points (q8 has two checks of 0.5, the rest one of 1); hidden
(solutions/backprop/hidden.py) 9 checks = 12 points; practice total 20 points.

Only literal cases and literal expected values (the worked examples of the statement, with,
under "otras", what known mistakes give, so that the message can name them): students read
this file.
"""
from functools import partial

import numpy as np

from grader_client.checks import Call, Check
from grader_client.judges.backprop import same_result, solves_task

X = np.array([[1.0, -1.0], [0.5, 2.0]])
PARAMETROS = {"W1": np.array([[0.5, -0.3, 0.8], [0.2, 0.4, -0.6]]), "b1": np.array([0.1, 0.0, -0.1]),
              "W2": np.array([[1.0, -1.0], [0.3, 0.8], [-0.5, 1.0]]), "b2": np.array([0.0, 0.2])}
A = np.array([[1.0, 2.0, 3.0, 4.0], [0.5, 1.5, 2.5, 3.5]])
U = np.array([[0.9, 0.1, 0.6, 0.3], [0.2, 0.7, 0.55, 0.8]])
TABLA = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])

DERIVADAS = {"valor": {"sigmoide": [0.1049935854035065, 0.25, 0.14914645207033286],
                       "tanh": [0.07065082485316443, 1.0, 0.18070663892364836]},
             "regla": "derivadas",
             "otras": {"tanh_sin_cuadrado": {"sigmoide": [0.1049935854035065, 0.25, 0.14914645207033286],
                                             "tanh": [1.964027580075817, 1.0, 0.09485174635513349]},
                       "sigmoide_de_z": {"sigmoide": [-6.0, 0.0, -0.75],
                                         "tanh": [0.07065082485316443, 1.0, 0.18070663892364836]}}}

SOFTMAX = {"valor": [[0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
                     [0.3333333333333333, 0.3333333333333333, 0.3333333333333333],
                     [0.7855970345892759, 0.039112573270687456, 0.1752903921400367]],
           "regla": "softmax",
           "otras": {"softmax_columnas": [[0.24472847105479764, 0.8437947344813395, 0.8834920740271945],
                                          [0.09003057317038046, 0.11419519938459449, 0.043986480292057845],
                                          [0.6652409557748218, 0.04201006613406605, 0.07252144568074777]]}}

BINARIAS = {"valor": {"ecm": 0.14250000000000002, "entropia_cruzada": 0.4389051056530454},
            "regla": "perdidas",
            "otras": {"log10": {"ecm": 0.14250000000000002, "entropia_cruzada": 0.1906140654642814},
                      "suma": {"ecm": 0.5700000000000001, "entropia_cruzada": 1.7556204226121817},
                      "sin_signo": {"ecm": 0.14250000000000002, "entropia_cruzada": -0.4389051056530454}}}

CATEGORICA = {"valor": 0.49870307570903244,
              "regla": "categorica",
              "otras": {"suma": 1.4961092271270973,
                        "log10": 0.2165839938886124,
                        "media_de_todo": 0.16623435856967747}}

PROPAGACION = {"valor": {"A1": [[0.3799489622552249, -0.6043677771171634, 0.8617231593133063],
                                [0.6351489523872873, 0.5716699660851172, -0.7162978701990244]],
                         "P": [[0.3940062439037404, 0.6059937560962596],
                               [0.865169817238612, 0.13483018276138806]]},
               "regla": "propagacion",
               "otras": {"oculta_sin_activacion": {"A1": [[0.4, -0.7, 1.2999999999999998],
                                                          [0.75, 0.65, -0.8999999999999999]],
                                                   "P": [[0.2689414213699952, 0.7310585786300049],
                                                         [0.9109264722644368, 0.08907352773556322]]}}}

GRADIENTES = {"valor": {"W1": [[-0.07565483745031187, 0.015639740058581708, 0.027894438647813047],
                               [0.40129493023011165, -0.09983425214299402, -0.2582317838450976]],
                        "b1": [-0.010526818861045228, -0.001199162324994063, -0.018173030413848323],
                        "W2": [[0.027600936258753705, -0.027600936258753705],
                               [0.09916391185971207, -0.09916391185971207],
                               [-0.14383725366329259, 0.14383725366329259]],
                        "b2": [0.005917039247460565, -0.005917039247460565]},
              "regla": "gradientes",
              "otras": {"sin_media": {"W1": [[-0.15130967473868892,
                                              0.031279480242538286,
                                              0.055788877260500996],
                                             [0.8025898605360953, -0.19966850436272948, -0.5164635675206928]],
                                      "b1": [-0.02105363757920764,
                                             -0.0023983245814999526,
                                             -0.03634606079153735],
                                      "W2": [[0.055201872531600804, -0.05520187253160075],
                                             [0.19832782357452344, -0.1983278235745234],
                                             [-0.28767450731214056, 0.2876745073121406]],
                                      "b2": [0.011834078507907186, -0.011834078507907075]},
                        "signo_salida": {"W1": [[0.07565483736934446,
                                                 -0.015639740121269143,
                                                 -0.027894438630250498],
                                                [-0.40129493026804763,
                                                 0.09983425218136474,
                                                 0.2582317837603464]],
                                         "b1": [0.01052681878960382,
                                                0.0011991622907499763,
                                                0.018173030395768675],
                                         "W2": [[-0.027600936265800402, 0.027600936265800374],
                                                [-0.09916391178726172, 0.0991639117872617],
                                                [0.14383725365607028, -0.1438372536560703]],
                                         "b2": [-0.005917039253953593, 0.005917039253953538]},
                        "sin_derivada": {"W1": [[-0.28706227269020046,
                                                 0.07176556817255017,
                                                 0.2152967045176504],
                                                [1.7815440286807387,
                                                 -0.44538600717018473,
                                                 -1.336158021510554]],
                                         "b1": [0.011834078507907186,
                                                -0.002958519626976741,
                                                -0.008875558880930334],
                                         "W2": [[0.027600936265800402, -0.027600936265800374],
                                                [0.09916391178726172, -0.0991639117872617],
                                                [-0.14383725365607028, 0.1438372536560703]],
                                         "b2": [0.005917039253953593, -0.005917039253953538]}}}

DROPOUT_ENTRENANDO = {"valor": [[1.3333333333333333, 0.0, 4.0, 5.333333333333333],
                                [0.0, 2.0, 3.3333333333333335, 4.666666666666667]],
                      "regla": "dropout",
                      "otras": {"sin_escalar": [[1.0, 0.0, 3.0, 4.0], [0.0, 1.5, 2.5, 3.5]]}}

DROPOUT_PRUEBA = {"valor": [[1.0, 2.0, 3.0, 4.0], [0.5, 1.5, 2.5, 3.5]],
                  "regla": "dropout",
                  "otras": {"dropout_en_prueba": [[1.3333333333333333, 0.0, 4.0, 5.333333333333333],
                                                  [0.0, 2.0, 3.3333333333333335, 4.666666666666667]],
                            "escala_en_prueba": [[0.75, 1.5, 2.25, 3.0], [0.375, 1.125, 1.875, 2.625]]}}

CHECKS = [
    Check(id="q1_derivadas", question="q1", points=1,
          ask=Call("derivadas", cases=[(np.array([-2.0, 0.0, 1.5]),)]), expected=[DERIVADAS],
          judge=same_result, description="derivadas con el ejemplo del enunciado"),
    Check(id="q2_softmax", question="q2", points=1,
          ask=Call("softmax", cases=[(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [2.0, -1.0, 0.5]]),)]),
          expected=[SOFTMAX], judge=same_result, description="softmax con el ejemplo del enunciado"),
    Check(id="q3_perdidas_binarias", question="q3", points=1,
          ask=Call("perdidas_binarias", cases=[(np.array([1, 0, 1, 1]), np.array([0.9, 0.2, 0.6, 0.4]))]),
          expected=[BINARIAS], judge=same_result, description="perdidas_binarias con el ejemplo del enunciado"),
    Check(id="q4_entropia_categorica", question="q4", points=1,
          ask=Call("entropia_categorica", cases=[(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                                                  np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]]))]),
          expected=[CATEGORICA], judge=same_result, description="entropia_categorica con el ejemplo del enunciado"),
    Check(id="q5_propagacion", question="q5", points=1,
          ask=Call("propagacion", cases=[(X, PARAMETROS, "tanh")]), expected=[PROPAGACION],
          judge=same_result, description="propagacion con la red del enunciado (tanh)"),
    Check(id="q6_retropropagacion", question="q6", points=1,
          ask=Call("retropropagacion", cases=[(X, np.array([[1, 0], [0, 1]]), PARAMETROS, "sigmoide")]),
          expected=[GRADIENTES], judge=partial(same_result, rel=1e-5, abs_tol=1e-7),
          description="retropropagacion con la red del enunciado (sigmoide)"),
    Check(id="q7_entrenar_y_predecir", question="q7", points=1,
          ask=Call("entrenar_y_predecir", cases=[(TABLA, np.array([0, 1, 1, 0]), TABLA)]),
          expected=[[0, 1, 1, 0]], judge=partial(solves_task, bar=1.0),
          description="entrenar_y_predecir con la tabla del XOR: acierta las cuatro filas"),
    Check(id="q8_dropout_entrenando", question="q8", points=0.5,
          ask=Call("dropout", cases=[(A, 0.25, True, U)]), expected=[DROPOUT_ENTRENANDO],
          judge=same_result, description="dropout al entrenar, con el ejemplo del enunciado"),
    Check(id="q8_dropout_prueba", question="q8", points=0.5,
          ask=Call("dropout", cases=[(A, 0.25, False, U)]), expected=[DROPOUT_PRUEBA],
          judge=same_result, description="dropout al predecir, con el ejemplo del enunciado"),
]
