"""Known-wrong variants of "Proyecto final: Detección de fraudes bancarios" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  ``entrenar_y_predecir`` calls the student's
``crear_modelo`` and ``elegir_umbral``, so their mistakes reach the holdout checks when they
change the decisions enough (a wrong architecture) and not otherwise (the threshold of best
accuracy and the one of best F1 nearly coincide on the validation rows).  ``ACCEPTABLE``:
other honest detectors, on which the model targets are calibrated too.
"""
from grader.variants import Variant

TRAIN = "ej6_entrenar_y_predecir"
TRAIN_HEAD = '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Entrena el detector y devuelve, por cada fila de X_nuevo, su puntuación y su decisión."""
    keras.utils.set_random_seed(0)
    X_ajuste, X_val, y_ajuste, y_val = train_test_split(
        X_train, y_train, test_size=0.3, stratify=y_train, random_state=0)
    escalador = StandardScaler().fit(X_ajuste)
    red = crear_modelo(X_train.shape[1])
    red.compile(optimizer="adam", loss="binary_crossentropy")
    peso = np.sum(y_ajuste == 0) / np.sum(y_ajuste == 1)
    red.fit(escalador.transform(X_ajuste), y_ajuste, epochs=10, batch_size=512,
            class_weight={0: 1.0, 1: float(peso)}, verbose=0)
'''

VARIANTS = [
    Variant(
        name="umbral_de_mayor_exactitud",
        description="Elige el umbral que maximiza la exactitud en lugar del F1 de la clase fraude.",
        replace={"ej4_elegir_umbral": '''def elegir_umbral(puntuaciones, etiquetas):
    """Devuelve la puntuación que, usada como umbral, da el mayor F1 de la clase fraude."""
    puntuaciones, etiquetas = np.asarray(puntuaciones), np.asarray(etiquetas)
    mejor_umbral, mejor_exactitud = None, -1.0
    for umbral in np.unique(puntuaciones[etiquetas == 1])[::-1]:
        exactitud = np.mean((puntuaciones >= umbral) == (etiquetas == 1))
        if exactitud > mejor_exactitud:
            mejor_umbral, mejor_exactitud = float(umbral), exactitud
    return mejor_umbral
'''},
        loses=("q4_elegir_umbral", "h4_elegir_umbral"),
    ),
    Variant(
        name="umbral_05_sin_pensar",
        description="Calcula el umbral en validación pero decide con 0.5: con pesos de clase, demasiadas alarmas.",
        replace={TRAIN: TRAIN_HEAD + '''    puntuaciones = red.predict(escalador.transform(X_nuevo), batch_size=4096, verbose=0).ravel()
    return np.column_stack([puntuaciones, puntuaciones >= 0.5])
'''},
        loses=("h7_precision",),
    ),
    Variant(
        name="modelo_que_nunca_ve_fraude",
        description="Devuelve el modelo constante «nunca es fraude»: 99,8 % de exactitud y ningún fraude detectado.",
        replace={TRAIN: '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Entrena el detector y devuelve, por cada fila de X_nuevo, su puntuación y su decisión."""
    return np.zeros((len(X_nuevo), 2))
'''},
        loses=("q6_pr_auc_prueba", "h6_pr_auc", "h7_precision", "h8_sensibilidad"),
    ),
    Variant(
        name="salida_softmax_de_una_neurona",
        description="Termina la red en una neurona con softmax, que vale siempre 1: no puntúa nada.",
        replace={"ej5_crear_modelo": '''def crear_modelo(n_entradas):
    """Devuelve la red densa del enunciado (sin compilar)."""
    return keras.Sequential([
        keras.Input(shape=(n_entradas,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(1, activation="softmax"),
    ])
'''},
        loses=("q5_crear_modelo", "h5_crear_modelo", "q6_pr_auc_prueba", "h6_pr_auc", "h7_precision",
               "h8_sensibilidad"),
    ),
    Variant(
        name="metricas_ponderadas",
        description=("Calcula precisión, recall y F1 con average='weighted': la media ponderada la "
                     "dominan las transacciones normales."),
        replace={"ej2_metricas_fraude": '''def metricas_fraude(y_real, y_pred):
    """Devuelve exactitud, y precisión, recall y F1 de la clase fraude (1), en un diccionario."""
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

    return {"exactitud": accuracy_score(y_real, y_pred),
            "precision": precision_score(y_real, y_pred, average="weighted", zero_division=0),
            "recall": recall_score(y_real, y_pred, average="weighted", zero_division=0),
            "f1": f1_score(y_real, y_pred, average="weighted", zero_division=0)}
'''},
        loses=("q2_metricas_fraude", "h2_metricas_fraude"),
    ),
    Variant(
        name="roc_auc_como_pr_auc",
        description="Da la ROC-AUC también como PR-AUC: con clases desequilibradas, un área mucho más optimista.",
        replace={"ej3_areas_bajo_curva": '''def areas_bajo_curva(y_real, puntuaciones):
    """Devuelve la ROC-AUC y la PR-AUC de las puntuaciones de la clase fraude."""
    area = float(roc_auc_score(y_real, puntuaciones))
    return {"roc_auc": area, "pr_auc": area}
'''},
        loses=("q3_areas_bajo_curva", "h3_areas_bajo_curva"),
    ),
    Variant(
        name="hard_coded_exactitud_nunca_fraude",
        description="Copia los resultados de los ejemplos del enunciado según la longitud de las etiquetas.",
        replace={"ej1_exactitud_nunca_fraude": '''def exactitud_nunca_fraude(etiquetas):
    """Devuelve la exactitud del modelo que nunca predice fraude."""
    return {10: 0.9, 4: 0.75, 1000: 0.998}[len(etiquetas)]
'''},
        loses=("h1_exactitud_nunca_fraude",),
    ),
]

# Another honest detector: the statement's network and steps (validation part, scaler fitted
# on the fitting part, threshold chosen by elegir_umbral) trained otherwise; grader calibrate
# sets the model targets on it as well as on the reference, and the tests require full marks.
SPLIT_AND_SCALE = '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Entrena el detector y devuelve, por cada fila de X_nuevo, su puntuación y su decisión."""
    keras.utils.set_random_seed(0)
    X_ajuste, X_val, y_ajuste, y_val = train_test_split(
        X_train, y_train, test_size=0.3, stratify=y_train, random_state=0)
    escalador = StandardScaler().fit(X_ajuste)
'''
ACCEPTABLE = [
    Variant(
        name="red_con_5_epocas_y_lotes_de_256",
        description="La red del enunciado entrenada con la mitad de épocas y lotes de la mitad de tamaño.",
        replace={TRAIN: SPLIT_AND_SCALE + '''    red = crear_modelo(X_train.shape[1])
    red.compile(optimizer="adam", loss="binary_crossentropy")
    peso = np.sum(y_ajuste == 0) / np.sum(y_ajuste == 1)
    red.fit(escalador.transform(X_ajuste), y_ajuste, epochs=5, batch_size=256,
            class_weight={0: 1.0, 1: float(peso)}, verbose=0)
    umbral = elegir_umbral(red.predict(escalador.transform(X_val), batch_size=4096, verbose=0).ravel(), y_val)
    puntuaciones = red.predict(escalador.transform(X_nuevo), batch_size=4096, verbose=0).ravel()
    return np.column_stack([puntuaciones, puntuaciones >= umbral])
'''},
        loses=(),
    ),
]
