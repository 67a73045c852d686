"""Known-wrong variants of "Práctica 10: La neurona y el perceptrón" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  ``red_xor`` is built with ``capa`` and
``entrenar_perceptron`` applies ``paso_perceptron``, so their mistakes reach those checks
too.  The hidden generators (grader.references.neurons) keep their cases where these
mistakes show on every case.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="escalon_estricto",
        description="Activa la neurona solo si z > 0: con z = 0 da 0 y ni el AND ni el OR de las diapositivas salen.",
        replace={"ej1_neurona": '''def neurona(X, w, b):
    """Devuelve la salida (0 o 1) de la neurona de pesos w y sesgo b para cada fila de X."""
    z = np.asarray(X) @ np.asarray(w) + b
    return np.where(z > 0, 1, 0)
'''},
        loses=("q1_neurona_and", "q1_neurona_or", "h1_neurona"),
    ),
    Variant(
        name="al_menos_sesgo_k_menos_1",
        description="Pone el sesgo en -(k - 1): la neurona se activa ya con k - 1 entradas a 1.",
        replace={"ej2_pesos_al_menos": '''def pesos_al_menos(k, n):
    """Devuelve (w, b): una neurona que da 1 si al menos k de sus n entradas valen 1."""
    return np.ones(n), -(k - 1)
'''},
        loses=("q2_pesos_al_menos", "h2_pesos_al_menos"),
    ),
    Variant(
        name="al_menos_literal",
        description="Copia los pesos de las diapositivas para los ejemplos del enunciado en lugar de razonar con k y n.",
        replace={"ej2_pesos_al_menos": '''def pesos_al_menos(k, n):
    """Devuelve (w, b): una neurona que da 1 si al menos k de sus n entradas valen 1."""
    if (k, n) == (2, 2):
        return np.array([2, 1]), -3
    if (k, n) == (1, 2):
        return np.array([2, 2]), -2
    return np.array([1, 1, 1]), -2
'''},
        loses=("h2_pesos_al_menos",),
    ),
    Variant(
        name="capa_sin_escalon",
        description="La capa devuelve X·W + b sin aplicar el escalón; la red XOR, hecha con capa, tampoco sale.",
        replace={"ej3_capa": '''def capa(X, W, b):
    """Devuelve las salidas (0 o 1) de una capa de neuronas escalón: una columna por neurona."""
    return np.asarray(X) @ np.asarray(W) + np.asarray(b)
'''},
        loses=("q3_capa", "h3_capa", "q4_red_xor", "h4_red_xor"),
    ),
    Variant(
        name="xor_con_una_neurona",
        description="Intenta el XOR con una sola neurona (un OR): falla en (1, 1).",
        replace={"ej4_red_xor": '''def red_xor(X):
    """Devuelve x1 XOR x2 para cada fila de X, con una red de dos capas de neuronas escalón."""
    return neurona(X, np.array([2, 2]), -2)
'''},
        loses=("q4_red_xor", "h4_red_xor"),
    ),
    Variant(
        name="xor_literal",
        description="Devuelve la columna XOR del enunciado escrita a mano, sea cual sea la tabla.",
        replace={"ej4_red_xor": '''def red_xor(X):
    """Devuelve x1 XOR x2 para cada fila de X, con una red de dos capas de neuronas escalón."""
    return np.array([0, 1, 1, 0])
'''},
        loses=("h4_red_xor",),
    ),
    Variant(
        name="perceptron_signo_cambiado",
        description="Actualiza con el signo cambiado, w - η(y - ŷ)x: el entrenamiento, que usa el paso, tampoco aprende.",
        replace={"ej5_paso_perceptron": '''def paso_perceptron(x, y, w, b, eta):
    """Devuelve (w_nuevo, b_nuevo) tras aplicar la regla del perceptrón al ejemplo (x, y)."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    y_pred = 1 if x @ w + b >= 0 else 0
    return w - eta * (y - y_pred) * x, b - eta * (y - y_pred)
'''},
        loses=("q5_paso_perceptron", "h5_paso_perceptron", "q6_perceptron_and", "q6_perceptron_xor",
               "h6_perceptron_separable", "h6_perceptron_no_separable"),
    ),
    Variant(
        name="perceptron_sin_parar",
        description="No para tras una época sin errores: sigue hasta agotar las épocas.",
        replace={"ej6_entrenar_perceptron": '''def entrenar_perceptron(X, y, eta, epocas):
    """Entrena un perceptrón desde w = 0, b = 0; devuelve (w, b, errores por época)."""
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    errores = []
    for _ in range(epocas):
        fallos = 0
        for x_i, y_i in zip(X, y):
            if (1 if x_i @ w + b >= 0 else 0) != y_i:
                fallos += 1
            w, b = paso_perceptron(x_i, y_i, w, b, eta)
        errores.append(fallos)
    return w, b, errores
'''},
        loses=("q6_perceptron_and", "h6_perceptron_separable"),
    ),
    Variant(
        name="perceptron_una_epoca_menos",
        description="Cuenta las épocas con range(1, epocas): recorre una menos (solo se nota si no converge).",
        replace={"ej6_entrenar_perceptron": '''def entrenar_perceptron(X, y, eta, epocas):
    """Entrena un perceptrón desde w = 0, b = 0; devuelve (w, b, errores por época)."""
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    errores = []
    for epoca in range(1, epocas):
        fallos = 0
        for x_i, y_i in zip(X, y):
            if (1 if x_i @ w + b >= 0 else 0) != y_i:
                fallos += 1
            w, b = paso_perceptron(x_i, y_i, w, b, eta)
        errores.append(fallos)
        if fallos == 0:
            break
    return w, b, errores
'''},
        loses=("q6_perceptron_xor", "h6_perceptron_no_separable"),
    ),
    Variant(
        name="adaline_con_escalon",
        description="ADALINE corrige con el error después del escalón, y - ŷ: es la regla del perceptrón.",
        replace={"ej7_entrenar_adaline": '''def entrenar_adaline(X, y, eta, epocas):
    """Entrena ADALINE (regla de Widrow-Hoff) desde w = 0, b = 0; devuelve (w, b, ecm por época)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    ecm = []
    for _ in range(epocas):
        for x_i, y_i in zip(X, y):
            error = y_i - (1 if x_i @ w + b >= 0 else 0)
            w = w + eta * error * x_i
            b = b + eta * error
        ecm.append(float(np.mean((y - (X @ w + b)) ** 2)))
    return w, b, ecm
'''},
        loses=("q7_entrenar_adaline", "h7_entrenar_adaline"),
    ),
]
