"""Known-wrong variants of "Práctica 8.1: Clasificación de flores (iris)" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  A mistake in a function that later functions use
(entrenar_y_predecir in evaluar, precision in the averages) is lost there too.
"""
from grader.variants import Variant

TRAINING = '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Escala con los datos de entrenamiento, entrena un clasificador de scikit-learn y
    devuelve sus predicciones (etiquetas) para X_nuevo."""
'''

VARIANTS = [
    Variant(
        name="evaluar_con_entrenamiento",
        description="Evalúa el modelo con los mismos datos con los que lo entrenó.",
        replace={"ej5_evaluar": '''def evaluar(X_train, y_train, X_test, y_test):
    """Devuelve la exactitud, en la parte de prueba, del modelo entrenado con el entrenamiento."""
    pred = entrenar_y_predecir(X_train, y_train, X_train)
    return accuracy_score(y_train, pred)
'''},
        loses=("q5_evaluar", "h5_evaluar"),
    ),
    Variant(
        name="escalado_con_todos_los_datos",
        description="Ajusta el escalador con el entrenamiento y los datos a predecir juntos.",
        replace={"ej3_entrenar_y_predecir": TRAINING + '''    escalador = StandardScaler().fit(np.vstack([X_train, X_nuevo]))
    modelo = LogisticRegression(max_iter=1000)
    modelo.fit(escalador.transform(X_train), y_train)
    return modelo.predict(escalador.transform(X_nuevo))
'''},
        loses=("h3_escalado_entrenamiento",),
    ),
    Variant(
        name="clasificador_constante",
        description="Predice siempre la clase más frecuente del entrenamiento.",
        replace={"ej3_entrenar_y_predecir": TRAINING + '''    clases, cuentas = np.unique(y_train, return_counts=True)
    return np.full(len(X_nuevo), clases[np.argmax(cuentas)])
'''},
        loses=("q3_entrenar_y_predecir", "h3_modelo_exactitud", "h3_modelo_f1_macro",
               "q5_evaluar", "h5_evaluar"),
    ),
    Variant(
        name="entrena_con_iris_completo",
        description="Ignora los datos que recibe y entrena con el iris completo de scikit-learn "
                    "(que incluye las flores reservadas para la calificación).",
        replace={"ej3_entrenar_y_predecir": TRAINING + '''    from sklearn.datasets import load_iris
    X_todo, y_todo = load_iris(return_X_y=True)
    escalador = StandardScaler().fit(X_todo)
    modelo = LogisticRegression(max_iter=1000)
    modelo.fit(escalador.transform(X_todo), y_todo)
    return modelo.predict(escalador.transform(X_nuevo))
'''},
        loses=("q3_entrenar_y_predecir", "h3_modelo_exactitud", "h3_modelo_f1_macro", "q5_evaluar"),
    ),
    Variant(
        name="precision_y_sensibilidad_intercambiadas",
        description="Confunde precisión y sensibilidad: divide VP por la fila en la precisión "
                    "y por la columna en la sensibilidad.",
        replace={"ej7_precision": '''def precision(mc, clase):
    """VP / (VP + FP) de la clase dada."""
    mc = np.asarray(mc)
    return mc[clase, clase] / mc[clase, :].sum()
''', "ej7_sensibilidad": '''def sensibilidad(mc, clase):
    """VP / (VP + FN) de la clase dada (recall)."""
    mc = np.asarray(mc)
    return mc[clase, clase] / mc[:, clase].sum()
'''},
        loses=("q7_precision", "q7_sensibilidad", "h7_precision", "h7_sensibilidad",
               "q8_promedio_macro", "q8_promedio_ponderado", "h8_promedio_macro",
               "h8_promedio_ponderado"),
    ),
    Variant(
        name="hard_coded_precision",
        description="Copia las precisiones de los ejemplos del enunciado en lugar de calcularlas.",
        replace={"ej7_precision": '''def precision(mc, clase):
    """VP / (VP + FP) de la clase dada."""
    mc = np.asarray(mc)
    if len(mc) == 2:
        return [0.8235294117647058, 0.3333333333333333][clase]
    return [0.75, 0.6666666666666666, 0.6666666666666666, 1.0][clase]
'''},
        loses=("h7_precision", "h7_f1", "h8_promedio_macro", "h8_promedio_ponderado"),
    ),
    Variant(
        name="matriz_traspuesta",
        description="Construye la matriz de confusión con las filas predichas y las columnas reales.",
        replace={"ej6_matriz_confusion": '''def matriz_confusion(y_real, y_pred, n_clases):
    """Devuelve la matriz de confusión: filas = clase real, columnas = clase predicha."""
    mc = np.zeros((n_clases, n_clases), dtype=int)
    for real, predicha in zip(y_real, y_pred):
        mc[predicha, real] += 1
    return mc
'''},
        loses=("q6_matriz_confusion", "h6_matriz_confusion"),
    ),
    Variant(
        name="division_sin_estratificar",
        description="Divide al azar sin stratify: las clases no guardan su proporción en la prueba.",
        replace={"ej2_dividir": '''def dividir(X, y, proporcion_prueba, semilla):
    """Divide X e y en entrenamiento y prueba, estratificando por clase."""
    return train_test_split(X, y, test_size=proporcion_prueba, random_state=semilla)
'''},
        loses=("q2_dividir", "h2_dividir"),
    ),
    Variant(
        name="red_sin_softmax",
        description="Termina la red con una capa sigmoide en lugar de softmax.",
        replace={"ej4_crear_red": '''def crear_red(n_entradas, n_clases):
    """Devuelve una red keras.Sequential compilada."""
    red = keras.Sequential([
        keras.Input(shape=(n_entradas,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(n_clases, activation="sigmoid"),
    ])
    red.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return red
'''},
        loses=("q4_crear_red", "h4_crear_red"),
    ),
]
