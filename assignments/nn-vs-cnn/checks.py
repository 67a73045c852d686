"""Public checks of "Práctica 9: Redes neuronales frente a redes convolucionales" (shipped
to students).

Totals: public 7 checks = 8 points (q5 is worth 2, the rest 1); hidden
(solutions/nn-vs-cnn/hidden.py) 7 checks = 22 points; practice total 30 points.

Only literal cases and literal expected values: students read this file.  A model is
compared layer by layer: (class, output shape, parameters, activation).
"""
from grader.references.networks import BY_HAND_LAYERS
from grader_client import judges
from grader_client.checks import Call, Check, Value
from grader_client.judges.networks import number_between, same_architecture


CURSO = [("conv", 32, 3), ("pool", 2), ("conv", 16, 3), ("pool", 2), ("flatten",), ("dense", 10)]

CHECKS = [
    Check(id="q1_parametros_densa", question="q1", points=1,
          ask=Call("parametros_densa", cases=[(784, 15), (43264, 15), (400, 10)]),
          expected=[11775, 648975, 4010], judge=judges.equals,
          description="parametros_densa con los ejemplos del enunciado",
          forbidden=BY_HAND_LAYERS),
    Check(id="q2_crear_red_densa", question="q2", points=1,
          ask=Call("crear_red_densa", cases=[((8, 8), 10)]),
          expected=[[("Flatten", [64], 0, None), ("Dense", [64], 4160, "relu"),
                     ("Dense", [10], 650, "softmax")]],
          judge=same_architecture,
          description="crear_red_densa((8, 8), 10): capas, formas y parámetros"),
    Check(id="q3_tamano_salida", question="q3", points=1,
          ask=Call("tamano_salida", cases=[(28, 3, 0, 1), (8, 3, 0, 1), (28, 5, 2, 1), (32, 3, 1, 2),
                                           (7, 3, 0, 2)]),
          expected=[26, 6, 28, 16, 3], judge=judges.same_type_and_value,
          description="tamano_salida con los ejemplos del enunciado",
          forbidden=BY_HAND_LAYERS),
    Check(id="q4_parametros_conv2d", question="q4", points=1,
          ask=Call("parametros_conv2d", cases=[(64, 3, 1), (32, 3, 1), (16, 3, 32), (8, 3, 3)]),
          expected=[640, 320, 4624, 224], judge=judges.equals,
          description="parametros_conv2d con los ejemplos del enunciado",
          forbidden=BY_HAND_LAYERS),
    Check(id="q5_contar_parametros", question="q5", points=2,
          ask=Call("contar_parametros", cases=[
              ((28, 28, 1), CURSO),
              ((28, 28, 1), [("conv", 64, 3), ("pool", 2), ("flatten",), ("dense", 15)]),
              ((10, 12, 3), [("conv", 8, 3), ("pool", 2), ("flatten",), ("dense", 5)])]),
          expected=[8954, 162895, 1029], judge=judges.equals,
          description="contar_parametros con los modelos del enunciado (el del curso: 8954)",
          forbidden=BY_HAND_LAYERS),
    Check(id="q6_crear_cnn", question="q6", points=1,
          ask=Call("crear_cnn", cases=[((8, 8, 1), 10), ((28, 28, 1), 10)]),
          expected=[[("Conv2D", [6, 6, 32], 320, "relu"), ("MaxPooling2D", [3, 3, 32], 0, None),
                     ("Flatten", [288], 0, None), ("Dense", [10], 2890, "softmax")],
                    [("Conv2D", [26, 26, 32], 320, "relu"), ("MaxPooling2D", [13, 13, 32], 0, None),
                     ("Flatten", [5408], 0, None), ("Dense", [10], 54090, "softmax")]],
          judge=same_architecture,
          description="crear_cnn con imágenes de 8 × 8 y de 28 × 28: capas, formas y parámetros"),
    Check(id="q7_exactitud_cnn", question="q7", points=1,
          ask=Value("exactitud_cnn"), expected=(0.85, 1.0), judge=number_between,
          description="exactitud_cnn: la exactitud de tu CNN en tu conjunto de prueba, al menos 0.85"),
]
