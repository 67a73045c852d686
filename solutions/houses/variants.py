"""Known-wrong variants of "Práctica 8.4: Predicción de precios de casas" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  The public examples and the hidden generators
(grader.references.statistics) keep only cases where these mistakes show; two compute the
right values with what the statement rules out (statistics, np.percentile).  ``ACCEPTABLE``:
other honest final models, on which the model targets are calibrated too.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="varianza_poblacional_entre_n_menos_1",
        description="Calcula la varianza poblacional dividiendo entre n − 1 (la muestral).",
        replace={"ej2_dispersion": '''def dispersion(x):
    """Devuelve un diccionario con el rango, las varianzas y las desviaciones típicas de x."""
    n = len(x)
    media = sum(x) / n
    cuadrados = sum((v - media) ** 2 for v in x)
    varianza = cuadrados / (n - 1)
    return {"rango": max(x) - min(x), "varianza_poblacional": varianza,
            "varianza_muestral": varianza, "desviacion_poblacional": varianza ** 0.5,
            "desviacion_muestral": varianza ** 0.5}
'''},
        loses=("q2_dispersion", "h2_dispersion"),
    ),
    Variant(
        name="cuartiles_posicion_n_mas_1",
        description="Calcula los cuartiles con la posición (N + 1)/4 en lugar de la regla del curso; "
                    "los atípicos, que usan esos cuartiles, también cambian.",
        replace={"ej3_cuartiles": '''def cuartiles(x):
    """Devuelve [Q1, Q2, Q3] de x con la regla del curso (interpolación lineal)."""
    ordenados = sorted(x)
    resultado = []
    for p in (0.25, 0.5, 0.75):
        h = (len(ordenados) + 1) * p - 1
        abajo = int(h)
        arriba = min(abajo + 1, len(ordenados) - 1)
        resultado.append(ordenados[abajo] + (h - abajo) * (ordenados[arriba] - ordenados[abajo]))
    return resultado
'''},
        loses=("q3_cuartiles", "h3_cuartiles", "q4_atipicos", "h4_atipicos"),
    ),
    Variant(
        name="atipicos_vallas_desde_la_mediana",
        description="Mide las vallas de los atípicos desde la mediana en lugar de desde Q1 y Q3.",
        replace={"ej4_atipicos": '''def atipicos(x):
    """Devuelve {"leves": [...], "extremos": [...]}, listas ordenadas de los atípicos de x."""
    q1, q2, q3 = cuartiles(x)
    ric = q3 - q1
    leves, extremos = [], []
    for v in sorted(x):
        if abs(v - q2) > 3 * ric:
            extremos.append(v)
        elif abs(v - q2) > 1.5 * ric:
            leves.append(v)
    return {"leves": leves, "extremos": extremos}
'''},
        loses=("q4_atipicos", "h4_atipicos"),
    ),
    Variant(
        name="coste_con_un_medio",
        description="Define el coste con 1/(2m) en lugar del 1/m del curso.",
        replace={"ej6_coste": '''def coste(X, y, theta):
    """Devuelve J(theta) = (1/m) * suma de (X @ theta - y) ** 2."""
    return float(np.sum((X @ theta - y) ** 2) / (2 * len(y)))
'''},
        loses=("q6_coste", "h6_coste"),
    ),
    Variant(
        name="gradiente_con_el_signo_cambiado",
        description="Calcula el gradiente como (2/m)·Xᵀ(y − Xθ): el descenso sube en vez de bajar.",
        replace={"ej6_gradiente": '''def gradiente(X, y, theta):
    """Devuelve el gradiente de J en theta: (2/m) * X^T (X @ theta - y)."""
    return 2 / len(X) * X.T @ (y - X @ theta)
'''},
        loses=("q6_gradiente", "h6_gradiente", "q7_descenso", "h7_descenso"),
    ),
    Variant(
        name="r2_en_entrenamiento",
        description="Evalúa el modelo con los mismos datos con que lo entrena.",
        replace={"ej9_evaluar": '''def evaluar(X_train, y_train, X_test, y_test):
    """Entrena LinearRegression con (X_train, y_train) y devuelve su R² en (X_test, y_test)."""
    ajustado = LinearRegression().fit(X_train, y_train)
    return metricas(y_train, ajustado.predict(X_train))["r2"]
'''},
        loses=("q9_evaluar", "h9_evaluar"),
    ),
    Variant(
        name="media_y_mediana_de_statistics",
        description="Calcula la media y la mediana con el módulo statistics (con otros nombres), que el "
                    "enunciado no permite: los valores son correctos, las reglas no.",
        replace={"ej1_tendencia_central": '''from statistics import mean as promedio


def tendencia_central(x):
    """Devuelve un diccionario con la media, la mediana, las modas y el rango medio de x."""
    import statistics as st

    veces = {}
    for valor in sorted(x):
        veces[valor] = veces.get(valor, 0) + 1
    mas_veces = max(veces.values())
    return {"media": promedio(x), "mediana": st.median(x),
            "modas": [v for v in veces if veces[v] == mas_veces],
            "rango_medio": (min(x) + max(x)) / 2}
'''},
        loses=("q1_tendencia_central", "h1_tendencia_central"),
    ),
    Variant(
        name="cuartiles_con_percentile_escondido",
        description="Llama a np.percentile con un nombre armado por partes (getattr) en lugar de escribir la "
                    "interpolación: los cuartiles son correctos, la regla no.",
        replace={"ej3_cuartiles": '''def cuartiles(x):
    """Devuelve [Q1, Q2, Q3] de x con la regla del curso (interpolación lineal)."""
    interpolar = getattr(np, "percen" + "tile")
    return [float(q) for q in interpolar(x, [25, 50, 75])]
'''},
        loses=("q3_cuartiles", "h3_cuartiles"),
    ),
    Variant(
        name="hard_coded_dispersion",
        description="Copia los resultados de los ejemplos del enunciado en lugar de calcularlos.",
        replace={"ej2_dispersion": '''def dispersion(x):
    """Devuelve un diccionario con el rango, las varianzas y las desviaciones típicas de x."""
    if len(x) == 12:
        return {"rango": 80, "varianza_poblacional": 379.1666666666667,
                "varianza_muestral": 413.6363636363636, "desviacion_poblacional": 19.47220240924654,
                "desviacion_muestral": 20.338052110179177}
    return {"rango": 8, "varianza_poblacional": 6.0, "varianza_muestral": 6.75,
            "desviacion_poblacional": 2.449489742783178, "desviacion_muestral": 2.598076211353316}
'''},
        loses=("h2_dispersion",),
    ),
]

# Another honest final model (section 7 lets the student choose): grader calibrate sets the
# model targets on it as well as on the reference's Ridge, and the tests require full marks.
MODEL = "ej12_modelo"
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
