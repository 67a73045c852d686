"""Public checks of "Práctica 13: Secuencias con redes recurrentes (RNN y LSTM)" (shipped
to students).

Totals: public 9 checks = 8 points (q7 and q8 are worth 0.5, the rest 1); hidden
(solutions/sequences/hidden.py) 9 checks = 22 points; practice total 30 points.

Only literal cases and literal expected values: students read this file.  A model is
compared layer by layer: (class, output shape, parameters, activation).  The layer
arithmetic is "by hand": its functions must not ask Keras (``BY_HAND_LAYERS``).
"""
import numpy as np

from grader.references.networks import BY_HAND_LAYERS
from grader_client import judges
from grader_client.checks import Call, Check, Value
from grader_client.judges.networks import number_between, same_architecture
from grader_client.judges.sequences import same_output_shape, same_windows

# Models of the statement: (forma_entrada, capas), each with the three kinds of layer.
APILADOS = [
    ((12, 1), [("rnn", 8, True), ("lstm", 16, True), ("gru", 4, False), ("dense", 1)]),
    ((20, 3), [("lstm", 8, True), ("gru", 8, True), ("rnn", 4, False), ("dense", 8), ("dense", 1)]),
    ((10, 2), [("gru", 6, True), ("rnn", 5, True), ("lstm", 3, True), ("dense", 1)]),
]
SERIE = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])

CHECKS = [
    Check(id="q1_parametros_simplernn", question="q1", points=1,
          ask=Call("parametros_simplernn", cases=[(1, 32), (3, 8), (16, 4)]),
          expected=[1088, 96, 84], judge=judges.equals,
          description="parametros_simplernn con los ejemplos del enunciado",
          forbidden=BY_HAND_LAYERS),
    Check(id="q2_parametros_lstm", question="q2", points=1,
          ask=Call("parametros_lstm", cases=[(1, 16), (3, 8), (8, 16), (5, 3)]),
          expected=[1152, 384, 1600, 108], judge=judges.equals,
          description="parametros_lstm con los ejemplos del enunciado",
          forbidden=BY_HAND_LAYERS),
    Check(id="q3_parametros_gru", question="q3", points=1,
          ask=Call("parametros_gru", cases=[(1, 16), (3, 8), (8, 4)]),
          expected=[912, 312, 168], judge=judges.equals,
          description="parametros_gru con los ejemplos del enunciado (GRU de Keras)",
          forbidden=BY_HAND_LAYERS),
    Check(id="q4_forma_salida", question="q4", points=1,
          ask=Call("forma_salida", cases=[((12, 1), 16, False), ((12, 1), 16, True), ((30, 3), 8, True),
                                          ((30, 3), 8, False)]),
          expected=[(16,), (12, 16), (30, 8), (8,)], judge=same_output_shape,
          description="forma_salida con los ejemplos del enunciado",
          forbidden=BY_HAND_LAYERS),
    Check(id="q5_contar_parametros", question="q5", points=1,
          ask=Call("contar_parametros", cases=APILADOS),
          expected=[1949, 917, 352], judge=judges.equals,
          description="contar_parametros con los modelos apilados del enunciado",
          forbidden=BY_HAND_LAYERS),
    Check(id="q6_crear_ventanas", question="q6", points=1,
          ask=Call("crear_ventanas", cases=[(SERIE, 3), (np.array([10.0, 12.0, 15.0, 11.0, 9.0]), 2)]),
          expected=[([[[1.0], [2.0], [3.0]], [[2.0], [3.0], [4.0]], [[3.0], [4.0], [5.0]]], [4.0, 5.0, 6.0]),
                    ([[[10.0], [12.0]], [[12.0], [15.0]], [[15.0], [11.0]]], [15.0, 11.0, 9.0])],
          judge=same_windows, description="crear_ventanas con los ejemplos del enunciado"),
    Check(id="q7_prediccion_ingenua", question="q7", points=0.5,
          ask=Call("prediccion_ingenua",
                   cases=[(np.array([[[1.0], [2.0], [3.0]], [[2.0], [3.0], [4.0]], [[3.0], [4.0], [5.0]]]),)]),
          expected=[[3.0, 4.0, 5.0]], judge=judges.close_to,
          description="prediccion_ingenua con las ventanas del ejemplo"),
    Check(id="q8_crear_modelo", question="q8", points=0.5,
          ask=Call("crear_modelo", cases=[(12, 1), (24, 3)]),
          expected=[[("LSTM", [16], 1152, "tanh"), ("Dense", [1], 17, "linear")],
                    [("LSTM", [16], 1280, "tanh"), ("Dense", [1], 17, "linear")]],
          judge=same_architecture,
          description="crear_modelo(12, 1) y crear_modelo(24, 3): capas, formas y parámetros"),
    Check(id="q9_mejora_sobre_ingenua", question="q9", points=1,
          ask=Value("mejora_sobre_ingenua"), expected=(0.2, 1.0), judge=number_between,
          description="mejora_sobre_ingenua: tu modelo comete al menos un 20 % menos de error que la "
                      "predicción ingenua en tu conjunto de validación"),
]
