"""Public checks of "Práctica 14: Sistemas de recomendación" (shipped to students).

Totals: public 10 checks = 8 points (q1 to q6 are worth 1, the rest 0.5); hidden
(solutions/recommenders/hidden.py) 9 checks = 22 points; practice total 30 points.

Only literal cases and literal expected values: students read this file.  Missing ratings
are ``np.nan`` inside NumPy arrays (which travel as arrays, never as JSON numbers).  The
similarities, the predictions built on them and the RMSE are "by hand": their functions
must not call a library's (``BY_HAND_SIMILARITY``, ``BY_HAND_ERROR``).
"""
import numpy as np

from grader.references.recommenders import BY_HAND_ERROR, BY_HAND_SIMILARITY
from grader_client import judges
from grader_client.checks import Call, Check, Value
from grader_client.judges.networks import number_between
from grader_client.judges.recommenders import same_factors, same_rating_matrix
from grader_client.judges.statistics import one_prediction_per_row

n = np.nan
# The statement's matrix: Ana, Beto, Carla, Dani and Eva (rows) and six films (columns).
R = np.array([[5.0, 4.0, n, 1.0, 2.0, n],
              [4.0, n, 4.0, 2.0, 1.0, 5.0],
              [1.0, 2.0, 2.0, 5.0, n, 1.0],
              [n, 5.0, 4.0, 1.0, 2.0, 4.0],
              [2.0, 1.0, n, 4.0, 5.0, 2.0]])
R3 = np.array([[5.0, 3.0, n], [4.0, n, 1.0], [n, 1.0, 5.0]])
U0 = np.array([[0.5, 0.5], [0.4, 0.6], [0.7, 0.2]])
V0 = np.array([[0.6, 0.3], [0.2, 0.8], [0.5, 0.5]])

CHECKS = [
    Check(id="q1_matriz_valoraciones", question="q1", points=1,
          ask=Call("matriz_valoraciones", cases=[
              ([(0, 0, 5.0), (0, 1, 3.0), (1, 0, 4.0), (1, 3, 1.0), (2, 1, 1.0), (2, 2, 5.0)], 3, 4),
              ([(1, 2, 4.5), (0, 0, 2.0)], 3, 3)]),
          expected=[np.array([[5.0, 3.0, n, n], [4.0, n, n, 1.0], [n, 1.0, 5.0, n]]),
                    np.array([[2.0, n, n], [n, n, 4.5], [n, n, n]])],
          judge=same_rating_matrix, description="matriz_valoraciones con los ejemplos del enunciado"),
    Check(id="q2_similitud_coseno", question="q2", points=1,
          ask=Call("similitud_coseno", cases=[(R[0], R[1]), (R[0], R[2])]),
          expected=[0.956182887467515, 0.50709255283711], judge=judges.close_to,
          description="similitud_coseno de Ana con Beto y con Carla",
          forbidden=BY_HAND_SIMILARITY),
    Check(id="q3_similitud_pearson", question="q3", points=1,
          ask=Call("similitud_pearson", cases=[(R[0], R[1]), (R[0], R[2]), (R[1], R[3])]),
          expected=[0.8386278693775344, -1.0, 0.8520128672302583], judge=judges.close_to,
          description="similitud_pearson de Ana con Beto y con Carla, y de Beto con Dani",
          forbidden=BY_HAND_SIMILARITY),
    Check(id="q4_predecir_usuario", question="q4", points=1,
          ask=Call("predecir_usuario", cases=[(R, 0, 5, 2), (R, 3, 0, 2)]),
          expected=[4.257142857142857, 4.646710000042154], judge=judges.close_to,
          description="predecir_usuario con los ejemplos del enunciado",
          forbidden=BY_HAND_SIMILARITY),
    Check(id="q5_predecir_item", question="q5", points=1,
          ask=Call("predecir_item", cases=[(R, 0, 2, 2), (R, 2, 4, 2)]),
          expected=[4.494839975826746, 3.501556479588734], judge=judges.close_to,
          description="predecir_item con los ejemplos del enunciado",
          forbidden=BY_HAND_SIMILARITY),
    Check(id="q6_factorizar", question="q6", points=1,
          ask=Call("factorizar", cases=[(R3, U0, V0, 0.05, 0.1, 1), (R3, U0, V0, 0.05, 0.1, 2)]),
          expected=[(np.array([[0.659, 0.6657500000000001], [0.5179, 0.6632], [0.81725, 0.34075]]),
                     np.array([[0.78235, 0.51965], [0.28600000000000003, 0.8655], [0.66675, 0.558]])),
                    (np.array([[0.8495568379375937, 0.8666826060767813], [0.651938442128025, 0.7522730627640375],
                               [0.9620871235460938, 0.47843619339687504]]),
                     np.array([[0.9989646258236, 0.7625874844055187], [0.37748420551718753, 0.9436112745968751],
                               [0.8450635339235313, 0.6373124079718437]]))],
          judge=same_factors, description="factorizar: una y dos épocas del ejemplo del enunciado"),
    Check(id="q7_rmse", question="q7", points=0.5,
          ask=Call("rmse", cases=[(np.array([4.0, 3.0, 5.0]), np.array([3.5, 3.0, 4.0]))]),
          expected=[0.6454972243679028], judge=judges.close_to,
          description="rmse con el ejemplo del enunciado", forbidden=BY_HAND_ERROR),
    Check(id="q7_precision_en_k", question="q7", points=0.5,
          ask=Call("precision_en_k", cases=[
              (np.array([5.0, 2.0, 4.0, 1.0, 3.0]), np.array([4.8, 3.9, 4.1, 2.0, 3.0]), 3, 4.0),
              (np.array([5.0, 4.0, 2.0, 1.0, 4.0, 3.0]), np.array([4.2, 3.1, 4.5, 1.5, 3.9, 2.0]), 2, 4.0)]),
          expected=[0.6666666666666666, 0.5], judge=judges.close_to,
          description="precision_en_k con los ejemplos del enunciado"),
    Check(id="q8_una_prediccion_por_fila", question="q8", points=0.5,
          ask=Call("entrenar_y_predecir", cases=[
              (np.array([[0, 0], [0, 1], [1, 0], [1, 2], [2, 1], [2, 2]]),
               np.array([5.0, 3.0, 4.0, 2.0, 1.0, 4.0]), np.array([[0, 2], [2, 0]]))]),
          expected=[2], judge=one_prediction_per_row,
          description="entrenar_y_predecir devuelve una predicción por fila de X_nuevo"),
    Check(id="q8_mejora_sobre_media", question="q8", points=0.5,
          ask=Value("mejora_sobre_media"), expected=(0.02, 1.0), judge=number_between,
          description="mejora_sobre_media: tu modelo tiene al menos un 2 % menos de RMSE que la media "
                      "de cada película en tu conjunto de validación"),
]
