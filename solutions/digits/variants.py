"""Known-wrong variants of "Práctica 8.3: Reconocimiento de dígitos" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  A mistake in a function that later functions use
(entrenar_y_predecir in evaluar, f1 and precision in the averages) is lost there too.
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
    modelo = SVC()
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
        name="entrena_con_digits_completo",
        description="Ignora los datos que recibe y entrena con el conjunto digits completo de "
                    "scikit-learn (que incluye las imágenes reservadas para la calificación).",
        replace={"ej3_entrenar_y_predecir": TRAINING + '''    from sklearn.datasets import load_digits
    X_todo, y_todo = load_digits(return_X_y=True)
    escalador = StandardScaler().fit(X_todo)
    modelo = SVC()
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
        name="hard_coded_exactitud",
        description="Devuelve la exactitud de los ejemplos del enunciado (0.75) en lugar de calcularla.",
        replace={"ej7_exactitud": '''def exactitud(mc):
    """Fracción de casos bien clasificados."""
    mc = np.asarray(mc)
    return 0.75
'''},
        loses=("h7_exactitud",),
    ),
    Variant(
        name="f1_como_media_aritmetica",
        description="Calcula F1 como la media aritmética de precisión y sensibilidad, no la armónica.",
        replace={"ej7_f1": '''def f1(mc, clase):
    """Media armónica de la precisión y la sensibilidad de la clase dada."""
    return (precision(mc, clase) + sensibilidad(mc, clase)) / 2
'''},
        loses=("q7_f1", "h7_f1", "q8_promedio_macro", "q8_promedio_ponderado",
               "h8_promedio_macro", "h8_promedio_ponderado"),
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
        name="red_sin_capa_de_entrada",
        description="Construye la red sin keras.Input: no sabe cuántas entradas tiene hasta entrenarla.",
        replace={"ej4_crear_red": '''def crear_red(n_entradas, n_clases):
    """Devuelve una red keras.Sequential compilada."""
    red = keras.Sequential([
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(n_clases, activation="softmax"),
    ])
    red.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return red
'''},
        loses=("q4_crear_red", "h4_crear_red"),
    ),
]
