"""Known-wrong variants of "Práctica 8.5: Predicción del consumo de gasolina" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  The public examples and the hidden generators keep
only cases where these mistakes show; one computes the right metrics with sklearn.metrics,
which the statement rules out.  ``ACCEPTABLE``: other honest final models.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="covarianza_poblacional_entre_n_menos_1",
        description="Calcula la covarianza poblacional dividiendo entre n − 1 (la muestral).",
        replace={"ej1_covarianza": '''def covarianza_correlacion(x, y):
    """Devuelve las covarianzas poblacional y muestral y la correlación de x e y."""
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    suma = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sx = sum((a - mx) ** 2 for a in x) ** 0.5
    sy = sum((b - my) ** 2 for b in y) ** 0.5
    return {"covarianza_poblacional": suma / (n - 1), "covarianza_muestral": suma / (n - 1),
            "correlacion": suma / (sx * sy)}
'''},
        loses=("q1_covarianza", "h1_covarianza"),
    ),
    Variant(
        name="faltantes_cuentan_como_ceros",
        description="Calcula la media de cada columna contando los huecos como ceros.",
        replace={"ej2_faltantes": '''def rellenar_faltantes(X):
    """Devuelve una copia de X con cada NaN sustituido por la media de su columna."""
    relleno = np.array(X, dtype=float)
    medias = np.nan_to_num(relleno).mean(axis=0)
    for j in range(relleno.shape[1]):
        relleno[np.isnan(relleno[:, j]), j] = medias[j]
    return relleno
'''},
        loses=("q2_faltantes", "h2_faltantes"),
    ),
    Variant(
        name="one_hot_en_orden_de_aparicion",
        description="Deja las categorías en el orden en que aparecen, sin ordenarlas.",
        replace={"ej3_one_hot": '''def one_hot(valores):
    """Devuelve (categorias ordenadas, matriz one-hot con una fila por valor)."""
    categorias = list(dict.fromkeys(valores))
    matriz = [[1 if v == c else 0 for c in categorias] for v in valores]
    return categorias, matriz
'''},
        loses=("q3_one_hot", "h3_one_hot"),
    ),
    Variant(
        name="anchura_sin_recortar_el_maximo",
        description="Con igual anchura, el máximo cae en un intervalo k (que no existe).",
        replace={"ej4_anchura": '''def discretizar_anchura(x, k):
    """Devuelve el intervalo (de 0 a k - 1) de cada valor de x, con k intervalos de igual anchura."""
    minimo = min(x)
    anchura = (max(x) - minimo) / k
    return [int((v - minimo) / anchura) for v in x]
'''},
        loses=("q4_anchura", "h4_anchura"),
    ),
    Variant(
        name="frecuencia_por_anchura",
        description="Para igual frecuencia divide el rango en partes iguales (eso es igual anchura).",
        replace={"ej4_frecuencia": '''def discretizar_frecuencia(x, k):
    """Devuelve el intervalo (de 0 a k - 1) de cada valor de x, con k intervalos de igual frecuencia."""
    return list(pd.cut(x, k, labels=False))
'''},
        loses=("q4_frecuencia", "h4_frecuencia"),
    ),
    Variant(
        name="descenso_con_el_signo_cambiado",
        description="Actualiza θ sumando el gradiente (θ + α∇J): sube en vez de bajar.",
        replace={"ej5_descenso": '''def descenso_gradiente(X, y, alfa, iteraciones):
    """Devuelve (theta, historial) tras `iteraciones` pasos de descenso de gradiente."""
    theta = np.zeros(X.shape[1])
    historial = []
    for _ in range(iteraciones):
        theta = theta + alfa * 2 / len(y) * X.T @ (X @ theta - y)
        historial.append(float(np.mean((X @ theta - y) ** 2)))
    return theta, historial
'''},
        loses=("q5_descenso", "h5_descenso"),
    ),
    Variant(
        name="metricas_en_entrenamiento",
        description="Evalúa el modelo con los mismos datos con que lo entrena.",
        replace={"ej7_evaluar": '''def evaluar(X_train, y_train, X_test, y_test):
    """Entrena LinearRegression con la parte de entrenamiento y devuelve MSE, MAE y R² en la de prueba."""
    prediccion = LinearRegression().fit(X_train, y_train).predict(X_train)
    errores = y_train - prediccion
    sse = np.sum(errores ** 2)
    return {"mse": sse / len(errores), "mae": np.mean(np.abs(errores)),
            "r2": 1 - sse / np.sum((y_train - np.mean(y_train)) ** 2)}
'''},
        loses=("q7_evaluar", "h7_evaluar"),
    ),
    Variant(
        name="metricas_de_sklearn",
        description="Calcula MSE, MAE y R² con sklearn.metrics en lugar de con sus propias fórmulas, como "
                    "pide el enunciado: los valores son correctos, la regla no.",
        replace={"ej7_evaluar": '''def evaluar(X_train, y_train, X_test, y_test):
    """Entrena LinearRegression con la parte de entrenamiento y devuelve MSE, MAE y R² en la de prueba."""
    from sklearn import metrics

    prediccion = LinearRegression().fit(X_train, y_train).predict(X_test)
    return {"mse": metrics.mean_squared_error(y_test, prediccion),
            "mae": metrics.mean_absolute_error(y_test, prediccion),
            "r2": metrics.r2_score(y_test, prediccion)}
'''},
        loses=("q7_evaluar", "h7_evaluar"),
    ),
    Variant(
        name="hard_coded_covarianza",
        description="Copia los resultados de los ejemplos del enunciado en lugar de calcularlos.",
        replace={"ej1_covarianza": '''def covarianza_correlacion(x, y):
    """Devuelve las covarianzas poblacional y muestral y la correlación de x e y."""
    if len(x) == 5:
        return {"covarianza_poblacional": 1.2, "covarianza_muestral": 1.5,
                "correlacion": 0.7745966692414833}
    return {"covarianza_poblacional": -6.75, "covarianza_muestral": -9.0,
            "correlacion": -0.9959100033104785}
'''},
        loses=("h1_covarianza",),
    ),
]

# Another honest final model: grader calibrate sets the model targets on it as well as on the
# reference's linear regression, and the tests require full marks.
MODEL = "ej9_modelo"
MODEL_HEAD = '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Entrena un modelo de regresión con (X_train, y_train) y devuelve sus predicciones
    para las filas de X_nuevo."""
'''
ACCEPTABLE = [
    Variant(
        name="gradient_boosting",
        description="Un GradientBoostingRegressor de scikit-learn con su configuración por defecto.",
        replace={MODEL: MODEL_HEAD + '''    from sklearn.ensemble import GradientBoostingRegressor

    return GradientBoostingRegressor(random_state=0).fit(X_train, y_train).predict(X_nuevo)
'''},
        loses=(),
    ),
]
