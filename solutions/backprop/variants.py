"""Known-wrong variants of "Práctica 11: Retropropagación por dentro" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  ``retropropagacion`` calls ``propagacion`` and
``entrenar_y_predecir`` calls both, so a mistake in them reaches the training checks when
it stops the network from learning (a hidden layer without activation is a linear model,
gradients with the sign flipped climb the loss, and without the activation's derivative
the hidden layer does not learn its part), and not otherwise (a softmax that
overflows only with logits far larger than training reaches).  The hidden generators
(grader.references.backprop) keep their cases where these mistakes show on every case.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="derivada_tanh_sin_cuadrado",
        description="Escribe la derivada de tanh como 1 - tanh(z), sin el cuadrado.",
        replace={"ej1_derivadas": '''def derivadas(z):
    """Devuelve las derivadas de la sigmoide y de tanh en cada valor de z."""
    s = sigmoide(z)
    return {"sigmoide": s * (1 - s), "tanh": 1 - np.tanh(z)}
'''},
        loses=("q1_derivadas", "h1_derivadas"),
    ),
    Variant(
        name="softmax_sin_restar_maximo",
        description="Exponencia los logits tal cual: con logits grandes np.exp se desborda y salen nan.",
        replace={"ej2_softmax": '''def softmax(Z):
    """Devuelve la softmax de cada fila de Z."""
    E = np.exp(np.asarray(Z, dtype=float))
    return E / E.sum(axis=1, keepdims=True)
'''},
        loses=("h2_softmax",),
    ),
    Variant(
        name="entropia_binaria_log10",
        description="Calcula la entropía cruzada con el logaritmo decimal.",
        replace={"ej3_perdidas_binarias": '''def perdidas_binarias(y, p):
    """Devuelve el ECM y la entropía cruzada binaria de las probabilidades p."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    ecm = np.mean((y - p) ** 2)
    entropia = -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p))
    return {"ecm": float(ecm), "entropia_cruzada": float(entropia)}
'''},
        loses=("q3_perdidas_binarias", "h3_perdidas_binarias"),
    ),
    Variant(
        name="categorica_suma_sin_media",
        description="Suma la entropía cruzada de todos los ejemplos en lugar de promediarla.",
        replace={"ej4_entropia_categorica": '''def entropia_categorica(Y, P):
    """Devuelve la entropía cruzada categórica media de las probabilidades P."""
    return float(-np.sum(np.asarray(Y) * np.log(np.asarray(P))))
'''},
        loses=("q4_entropia_categorica", "h4_entropia_categorica"),
    ),
    Variant(
        name="oculta_sin_activacion",
        description="La capa oculta no aplica la activación: la red entera es lineal y no puede con el XOR.",
        replace={"ej5_propagacion": '''def propagacion(X, parametros, activacion):
    """Devuelve {"A1": salida de la capa oculta, "P": probabilidades de la softmax}."""
    A1 = np.asarray(X, dtype=float) @ parametros["W1"] + parametros["b1"]
    return {"A1": A1, "P": softmax(A1 @ parametros["W2"] + parametros["b2"])}
'''},
        loses=("q5_propagacion", "h5_propagacion", "q6_retropropagacion", "h6_retropropagacion",
               "q7_entrenar_y_predecir", "h7_entrenar_y_predecir"),
    ),
    Variant(
        name="error_de_salida_y_menos_p",
        description="Toma dZ2 = (Y - P)/m: los gradientes salen con el signo cambiado y el entrenamiento sube la pérdida.",
        replace={"ej6_retropropagacion": '''def retropropagacion(X, Y, parametros, activacion):
    """Devuelve los gradientes de la entropía cruzada media respecto a W1, b1, W2 y b2."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    salida = propagacion(X, parametros, activacion)
    A1, P = salida["A1"], salida["P"]
    dZ2 = (Y - P) / len(X)
    pendiente = A1 * (1 - A1) if activacion == "sigmoide" else 1 - A1 ** 2
    dZ1 = dZ2 @ parametros["W2"].T * pendiente
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
'''},
        loses=("q6_retropropagacion", "h6_retropropagacion", "q7_entrenar_y_predecir", "h7_entrenar_y_predecir"),
    ),
    Variant(
        name="gradientes_sin_derivada",
        description="Olvida multiplicar por la derivada de la activación oculta al pasar a dZ1.",
        replace={"ej6_retropropagacion": '''def retropropagacion(X, Y, parametros, activacion):
    """Devuelve los gradientes de la entropía cruzada media respecto a W1, b1, W2 y b2."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    salida = propagacion(X, parametros, activacion)
    A1, P = salida["A1"], salida["P"]
    dZ2 = (P - Y) / len(X)
    dZ1 = dZ2 @ parametros["W2"].T
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
'''},
        loses=("q6_retropropagacion", "h6_retropropagacion", "q7_entrenar_y_predecir", "h7_entrenar_y_predecir"),
    ),
    Variant(
        name="red_sin_capa_oculta",
        description="Entrena una softmax sobre las entradas, sin capa oculta: un modelo lineal no resuelve el XOR.",
        replace={"ej7_entrenar_y_predecir": '''def entrenar_y_predecir(X, y, X_nuevo):
    """Entrena la red (8 neuronas tanh, softmax) con X e y; devuelve la clase de cada fila de X_nuevo."""
    X, X_nuevo = np.asarray(X, dtype=float), np.asarray(X_nuevo, dtype=float)
    media, desviacion = X.mean(axis=0), X.std(axis=0)
    X_estandar = (X - media) / desviacion
    Y = np.eye(2)[np.asarray(y, dtype=int)]
    W, b = np.zeros((X.shape[1], 2)), np.zeros(2)
    for _ in range(2000):
        dZ = (softmax(X_estandar @ W + b) - Y) / len(X)
        W, b = W - 0.5 * X_estandar.T @ dZ, b - 0.5 * dZ.sum(axis=0)
    return softmax((X_nuevo - media) / desviacion @ W + b).argmax(axis=1)
'''},
        loses=("q7_entrenar_y_predecir", "h7_entrenar_y_predecir"),
    ),
    Variant(
        name="xor_literal",
        description="Devuelve las etiquetas del XOR del enunciado escritas a mano, sin entrenar nada.",
        replace={"ej7_entrenar_y_predecir": '''def entrenar_y_predecir(X, y, X_nuevo):
    """Entrena la red (8 neuronas tanh, softmax) con X e y; devuelve la clase de cada fila de X_nuevo."""
    return np.array([0, 1, 1, 0])
'''},
        loses=("h7_entrenar_y_predecir",),
    ),
    Variant(
        name="dropout_sin_escalar",
        description="Apaga las neuronas al entrenar pero no divide las demás entre 1 - p.",
        replace={"ej8_dropout": '''def dropout(A, p, entrenando, U):
    """Devuelve la salida de una capa de dropout invertido (U: números al azar entre 0 y 1)."""
    A = np.asarray(A, dtype=float)
    if not entrenando:
        return A
    return A * (np.asarray(U) >= p)
'''},
        loses=("q8_dropout_entrenando", "h8_dropout_entrenando"),
    ),
    Variant(
        name="dropout_tambien_al_predecir",
        description="Aplica el dropout también al predecir, sin mirar entrenando.",
        replace={"ej8_dropout": '''def dropout(A, p, entrenando, U):
    """Devuelve la salida de una capa de dropout invertido (U: números al azar entre 0 y 1)."""
    return np.asarray(A, dtype=float) * (np.asarray(U) >= p) / (1 - p)
'''},
        loses=("q8_dropout_prueba", "h8_dropout_prueba"),
    ),
]
