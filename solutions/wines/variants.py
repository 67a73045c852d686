"""Known-wrong variants of "Práctica 8.2: Clasificación de vinos" (instructor only).

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
        name="entrena_con_vinos_completo",
        description="Ignora los datos que recibe y entrena con el conjunto wine completo de "
                    "scikit-learn (que incluye los vinos reservados para la calificación).",
        replace={"ej3_entrenar_y_predecir": TRAINING + '''    from sklearn.datasets import load_wine
    X_todo, y_todo = load_wine(return_X_y=True)
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
        name="hard_coded_sensibilidad",
        description="Copia las sensibilidades de los ejemplos del enunciado en lugar de calcularlas.",
        replace={"ej7_sensibilidad": '''def sensibilidad(mc, clase):
    """VP / (VP + FN) de la clase dada (recall)."""
    mc = np.asarray(mc)
    if len(mc) == 2:
        return [0.875, 0.25][clase]
    return [1.0, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666][clase]
'''},
        loses=("h7_sensibilidad", "h7_f1", "h8_promedio_macro", "h8_promedio_ponderado"),
    ),
    Variant(
        name="especificidad_con_falsos_negativos",
        description="Calcula la especificidad como VN / (VN + FN) en lugar de VN / (VN + FP).",
        replace={"ej7_especificidad": '''def especificidad(mc, clase):
    """VN / (VN + FP) de la clase dada."""
    mc = np.asarray(mc)
    vp = mc[clase, clase]
    fp = mc[:, clase].sum() - vp
    fn = mc[clase, :].sum() - vp
    vn = mc.sum() - vp - fp - fn
    return vn / (vn + fn)
'''},
        loses=("q7_especificidad", "h7_especificidad"),
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
        name="red_con_tres_salidas_fijas",
        description="Escribe 3 neuronas de salida (las clases de los vinos) en lugar de n_clases.",
        replace={"ej4_crear_red": '''def crear_red(n_entradas, n_clases):
    """Devuelve una red keras.Sequential compilada."""
    red = keras.Sequential([
        keras.Input(shape=(n_entradas,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ])
    red.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return red
'''},
        loses=("h4_crear_red",),
    ),
]
