"""Known-wrong variants of "Práctica 12: Validación de modelos" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  ``validacion_cruzada`` uses ``indices_kfold`` and
``elegir_vecinos`` uses ``validacion_cruzada``: folds with the extra rows at the end change
the scores where n % k != 0, but not the choice of neighbours (its training parts, 455 rows
in the statement and a multiple of 5 in the hidden check, split evenly), and scores
measured on the training folds choose one neighbour (always 100 % right on its own rows),
which the cases avoid.  Choosing on the test part passes the statement's example, where it
happens to choose as cross-validation does, and loses the hidden check that shuffles the
test labels.  One variant computes the right values with what the statement rules out
(KFold, roc_curve, auc).  The hidden generators (grader.references.validation) keep their
cases where these mistakes show on every case.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="kfold_resto_al_final",
        description="Da los n % k elementos que sobran a los últimos pliegues en lugar de a los primeros.",
        replace={"ej1_indices_kfold": '''def indices_kfold(n, k):
    """Devuelve los k pliegues (entrenamiento, prueba) de n ejemplos, como KFold sin barajar."""
    tamanos = [n // k + (1 if i >= k - n % k else 0) for i in range(k)]
    pliegues, inicio = [], 0
    for tamano in tamanos:
        prueba = np.arange(inicio, inicio + tamano)
        entrenamiento = np.concatenate([np.arange(0, inicio), np.arange(inicio + tamano, n)])
        pliegues.append((entrenamiento, prueba))
        inicio += tamano
    return pliegues
'''},
        loses=("q1_indices_kfold", "h1_indices_kfold", "q3_validacion_cruzada", "h3_validacion_cruzada"),
    ),
    Variant(
        name="validacion_en_entrenamiento",
        description="Mide la exactitud de cada pliegue con sus datos de entrenamiento: con 1 vecino, siempre 1.",
        replace={"ej3_validacion_cruzada": '''def validacion_cruzada(X, y, k, vecinos):
    """Devuelve la exactitud de k vecinos más cercanos en cada pliegue de validación."""
    X, y = np.asarray(X), np.asarray(y)
    exactitudes = []
    for entrenamiento, prueba in indices_kfold(len(y), k):
        modelo = KNeighborsClassifier(n_neighbors=vecinos).fit(X[entrenamiento], y[entrenamiento])
        exactitudes.append(float(np.mean(modelo.predict(X[entrenamiento]) == y[entrenamiento])))
    return exactitudes
'''},
        loses=("q3_validacion_cruzada", "h3_validacion_cruzada", "q10_elegir_vecinos", "h10_elegir_vecinos"),
    ),
    Variant(
        name="con_las_funciones_de_scikit_learn",
        description="Usa KFold, roc_curve y auc de scikit-learn, que el enunciado no permite: los valores son "
                    "correctos, las reglas no (los pliegues de KFold llegan también, a través de indices_kfold, "
                    "a los pliegues estratificados y a la validación cruzada).",
        replace={"ej1_indices_kfold": '''def indices_kfold(n, k):
    """Devuelve los k pliegues (entrenamiento, prueba) de n ejemplos, como KFold sin barajar."""
    from sklearn.model_selection import KFold

    return list(KFold(n_splits=k).split(np.zeros((n, 1))))
''',
                 "ej4_curva_roc": '''from sklearn.metrics import roc_curve


def curva_roc(y, puntuaciones):
    """Devuelve los puntos (fpr, tpr) de la curva ROC, desde (0, 0)."""
    fpr, tpr, _ = roc_curve(y, puntuaciones, drop_intermediate=False)
    return {"fpr": fpr, "tpr": tpr}
''',
                 "ej5_area_trapecios": '''import sklearn.metrics as medidas


def area_trapecios(fpr, tpr):
    """Devuelve el área bajo la curva de puntos (fpr, tpr), por trapecios."""
    return float(medidas.auc(fpr, tpr))
'''},
        loses=("q1_indices_kfold", "h1_indices_kfold", "q2_indices_estratificados", "h2_indices_estratificados",
               "q3_validacion_cruzada", "h3_validacion_cruzada", "q4_curva_roc", "h4_curva_roc",
               "q5_area_trapecios", "h5_area_trapecios"),
    ),
    Variant(
        name="area_con_rectangulos",
        description="Suma rectángulos de la altura del punto de la izquierda en lugar de trapecios.",
        replace={"ej5_area_trapecios": '''def area_trapecios(fpr, tpr):
    """Devuelve el área bajo la curva de puntos (fpr, tpr), por trapecios."""
    fpr, tpr = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
    return float(np.sum((fpr[1:] - fpr[:-1]) * tpr[:-1]))
'''},
        loses=("q5_area_trapecios", "h5_area_trapecios"),
    ),
    Variant(
        name="costes_intercambiados",
        description="Multiplica los falsos positivos por coste_fn y los falsos negativos por coste_fp.",
        replace={"ej6_umbral_por_coste": '''def umbral_por_coste(y, puntuaciones, coste_fp, coste_fn):
    """Devuelve la puntuación que, usada como umbral, da el menor coste total."""
    y, puntuaciones = np.asarray(y), np.asarray(puntuaciones)
    mejor_umbral, mejor_coste = None, np.inf
    for umbral in np.unique(puntuaciones)[::-1]:
        marcados = puntuaciones >= umbral
        coste = coste_fn * np.sum(marcados & (y == 0)) + coste_fp * np.sum(~marcados & (y == 1))
        if coste < mejor_coste:
            mejor_umbral, mejor_coste = float(umbral), coste
    return mejor_umbral
'''},
        loses=("q6_umbral_por_coste", "h6_umbral_por_coste"),
    ),
    Variant(
        name="umbral_literal",
        description="Devuelve los umbrales de los ejemplos del enunciado escritos a mano.",
        replace={"ej6_umbral_por_coste": '''def umbral_por_coste(y, puntuaciones, coste_fp, coste_fn):
    """Devuelve la puntuación que, usada como umbral, da el menor coste total."""
    if coste_fp < coste_fn:
        return 0.35
    return 0.9
'''},
        loses=("h6_umbral_por_coste",),
    ),
    Variant(
        name="diagnostico_sin_subajuste",
        description="Solo mira la distancia entre las curvas: un modelo que no aprende ni el entrenamiento sale «bien».",
        replace={"ej7_diagnostico": '''def diagnostico(entrenamiento, validacion):
    """Devuelve "sobreajuste", "subajuste" o "bien" según el último punto de las curvas."""
    if entrenamiento[-1] - validacion[-1] > HUECO:
        return "sobreajuste"
    return "bien"
'''},
        loses=("q7_diagnostico", "h7_diagnostico"),
    ),
    Variant(
        name="lasso_y_ridge_intercambiados",
        description="Guarda los coeficientes de Ridge como los de Lasso y al revés.",
        replace={"ej8_caminos_regularizacion": '''def caminos_regularizacion(X, y, alfas):
    """Devuelve los coeficientes de Lasso y de Ridge para cada alfa (una fila por alfa)."""
    lasso = [Lasso(alpha=alfa).fit(X, y).coef_ for alfa in alfas]
    ridge = [Ridge(alpha=alfa).fit(X, y).coef_ for alfa in alfas]
    return {"lasso": np.array(ridge), "ridge": np.array(lasso)}
'''},
        loses=("q8_caminos_regularizacion", "h8_caminos_regularizacion"),
    ),
    Variant(
        name="anulados_con_ridge",
        description="Busca los coeficientes nulos con Ridge, que encoge pero no anula ninguno.",
        replace={"ej9_coeficientes_anulados": '''def coeficientes_anulados(X, y, alfa):
    """Devuelve los índices de las variables a las que Lasso da coeficiente 0."""
    coeficientes = Ridge(alpha=alfa).fit(X, y).coef_
    return [int(i) for i in np.flatnonzero(coeficientes == 0)]
'''},
        loses=("q9_coeficientes_anulados", "h9_coeficientes_anulados"),
    ),
    Variant(
        name="elige_con_la_prueba",
        description="Elige el número de vecinos por su exactitud en el conjunto de prueba.",
        replace={"ej10_elegir_vecinos": '''def elegir_vecinos(X_train, y_train, X_test, y_test, candidatos):
    """Elige los vecinos por validación cruzada en el entrenamiento y mide una vez en la prueba."""
    exactitudes = []
    for vecinos in candidatos:
        modelo = KNeighborsClassifier(n_neighbors=vecinos).fit(X_train, y_train)
        exactitudes.append(float(np.mean(modelo.predict(X_test) == y_test)))
    mejor = int(np.argmax(exactitudes))
    return {"vecinos": int(candidatos[mejor]), "exactitud_prueba": exactitudes[mejor]}
'''},
        loses=("h10_elegir_vecinos",),
    ),
]
