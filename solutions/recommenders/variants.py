"""Known-wrong variants of "Práctica 14: Sistemas de recomendación" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  ``predecir_usuario`` calls the student's Pearson
correlation and ``predecir_item`` the student's cosine, and the cases of both
(grader.references.recommenders) are chosen so that a wrong similarity changes every
prediction; ``entrenar_y_predecir`` builds its matrix with ``matriz_valoraciones`` and trains
it with ``factorizar``.

``ACCEPTABLE`` lists other honest recommenders (more factors, ratings centred on each
film's mean): ``grader calibrate`` sets the model target on them as well as on the
reference, and the tests require full marks.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="matriz_con_ceros",
        description="Marca con 0, y no con np.nan, las casillas sin valoración: el modelo toma cada "
                    "hueco por una valoración (la media) y aprende a predecir casi siempre la media.",
        replace={"ej1_matriz_valoraciones": '''def matriz_valoraciones(valoraciones, n_usuarios, n_items):
    """Devuelve la matriz (n_usuarios, n_items) de las valoraciones, con np.nan donde no hay."""
    R = np.zeros((n_usuarios, n_items))
    for usuario, item, valoracion in valoraciones:
        R[int(usuario), int(item)] = valoracion
    return R
'''},
        loses=("q1_matriz_valoraciones", "h1_matriz_valoraciones", "q8_mejora_sobre_media", "h8_modelo_holdout"),
    ),
    Variant(
        name="coseno_rellenando_con_ceros",
        description="Calcula el coseno con los vectores enteros, con 0 donde falta una valoración, en lugar "
                    "de solo con los ítems valorados por los dos.",
        replace={"ej2_similitud_coseno": '''def similitud_coseno(a, b):
    """Devuelve la similitud del coseno de a y b en las posiciones que tienen valor en los dos."""
    x, y = np.nan_to_num(np.asarray(a, dtype=float)), np.nan_to_num(np.asarray(b, dtype=float))
    normas = np.sqrt(np.sum(x ** 2)) * np.sqrt(np.sum(y ** 2))
    if normas == 0:
        return 0.0
    return float(np.sum(x * y) / normas)
'''},
        loses=("q2_similitud_coseno", "h2_similitud_coseno", "q5_predecir_item", "h5_predecir_item"),
    ),
    Variant(
        name="pearson_con_la_media_de_todas_sus_valoraciones",
        description="Centra cada usuario en la media de todas sus valoraciones, no en la de las que "
                    "comparte con el otro.",
        replace={"ej3_similitud_pearson": '''def similitud_pearson(a, b):
    """Devuelve la correlación de Pearson de a y b en las posiciones que tienen valor en los dos."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    comunes = ~np.isnan(a) & ~np.isnan(b)
    if comunes.sum() < 2:
        return 0.0
    x = a[comunes] - np.nanmean(a)
    y = b[comunes] - np.nanmean(b)
    normas = np.sqrt(np.sum(x ** 2)) * np.sqrt(np.sum(y ** 2))
    if normas == 0:
        return 0.0
    return float(np.sum(x * y) / normas)
'''},
        loses=("q3_similitud_pearson", "h3_similitud_pearson", "q4_predecir_usuario", "h4_predecir_usuario"),
    ),
    Variant(
        name="similitudes_y_error_de_bibliotecas",
        description="Usa scipy para el coseno y la correlación y sklearn.metrics para el RMSE en lugar de "
                    "escribir las fórmulas; las predicciones, que usan esas similitudes, tampoco son a mano.",
        replace={
            "ej2_similitud_coseno": '''def similitud_coseno(a, b):
    """Devuelve la similitud del coseno de a y b en las posiciones que tienen valor en los dos."""
    from scipy.spatial.distance import cosine

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    comunes = ~np.isnan(a) & ~np.isnan(b)
    if not comunes.any() or not a[comunes].any() or not b[comunes].any():
        return 0.0
    return float(1 - cosine(a[comunes], b[comunes]))
''',
            "ej3_similitud_pearson": '''def similitud_pearson(a, b):
    """Devuelve la correlación de Pearson de a y b en las posiciones que tienen valor en los dos."""
    from scipy import stats

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    comunes = ~np.isnan(a) & ~np.isnan(b)
    if comunes.sum() < 2 or a[comunes].std() == 0 or b[comunes].std() == 0:
        return 0.0
    return float(stats.pearsonr(a[comunes], b[comunes])[0])
''',
            "ej7_rmse": '''def rmse(reales, predichas):
    """Devuelve la raíz del error cuadrático medio de las predicciones."""
    from sklearn.metrics import mean_squared_error

    return float(np.sqrt(mean_squared_error(reales, predichas)))
'''},
        loses=("q2_similitud_coseno", "h2_similitud_coseno", "q3_similitud_pearson", "h3_similitud_pearson",
               "q4_predecir_usuario", "h4_predecir_usuario", "q5_predecir_item", "h5_predecir_item",
               "q7_rmse", "h7_rmse"),
    ),
    Variant(
        name="factorizar_actualiza_v_con_la_u_nueva",
        description="Actualiza V con la U que acaba de actualizar en la misma época, en lugar de con la "
                    "de la época anterior: con todas las valoraciones y alfa = 0.02 el descenso diverge y "
                    "el modelo predice nan.",
        replace={"ej6_factorizar": '''def factorizar(R, U, V, alfa, regularizacion, epocas):
    """Devuelve (U, V) tras `epocas` épocas de descenso del gradiente sobre las valoraciones conocidas."""
    conocidas = ~np.isnan(R)
    U, V = np.array(U, dtype=float), np.array(V, dtype=float)
    for _ in range(epocas):
        E = np.where(conocidas, R - U @ V.T, 0.0)
        U = U + alfa * (E @ V - regularizacion * U)
        V = V + alfa * (E.T @ U - regularizacion * V)
    return U, V
'''},
        loses=("q6_factorizar", "h6_factorizar", "h8_modelo_holdout"),
    ),
    Variant(
        name="precision_dividiendo_entre_las_relevantes",
        description="Divide los aciertos entre el número de películas que le gustaron (la sensibilidad, "
                    "recall) en lugar de entre k.",
        replace={"ej7_precision_en_k": '''def precision_en_k(reales, predichas, k, umbral):
    """Devuelve la parte de las k mejor predichas cuya valoración real es al menos `umbral`."""
    reales = np.asarray(reales, dtype=float)
    mejores = np.argsort(-np.asarray(predichas, dtype=float), kind="stable")[:k]
    return float(np.sum(reales[mejores] >= umbral) / np.sum(reales >= umbral))
'''},
        loses=("q7_precision_en_k", "h7_precision_en_k"),
    ),
    Variant(
        name="hard_coded_precision_en_k",
        description="Copia los resultados de los ejemplos del enunciado en lugar de calcularlos.",
        replace={"ej7_precision_en_k": '''def precision_en_k(reales, predichas, k, umbral):
    """Devuelve la parte de las k mejor predichas cuya valoración real es al menos `umbral`."""
    return {3: 0.6666666666666666, 2: 0.5}[k]
'''},
        loses=("h7_precision_en_k",),
    ),
    Variant(
        name="modelo_con_los_datos_del_cuaderno",
        description=("Dentro de la función de entrenamiento usa las variables X e y del cuaderno (todas "
                     "sus valoraciones) en lugar de X_train e y_train."),
        replace={"ej8_entrenar_y_predecir": '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Factoriza las valoraciones (X_train, y_train) y devuelve la nota predicha para cada fila de X_nuevo."""
    n_usuarios = int(max(X[:, 0].max(), X_nuevo[:, 0].max())) + 1
    n_peliculas = int(max(X[:, 1].max(), X_nuevo[:, 1].max())) + 1
    media = y.mean()
    R_centrada = matriz_valoraciones([(u, i, r - media) for (u, i), r in zip(X, y)], n_usuarios, n_peliculas)
    generador = np.random.default_rng(0)
    U = generador.normal(0, 0.1, size=(n_usuarios, 3))
    V = generador.normal(0, 0.1, size=(n_peliculas, 3))
    U, V = factorizar(R_centrada, U, V, alfa=0.02, regularizacion=2.0, epocas=100)
    predichas = media + np.sum(U[X_nuevo[:, 0].astype(int)] * V[X_nuevo[:, 1].astype(int)], axis=1)
    return np.clip(predichas, y.min(), y.max())
'''},
        loses=("h8_modelo_holdout",),
    ),
    Variant(
        name="modelo_media_de_cada_pelicula",
        description="No factoriza: predice a cada película su nota media en el entrenamiento.",
        replace={"ej8_entrenar_y_predecir": '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Factoriza las valoraciones (X_train, y_train) y devuelve la nota predicha para cada fila de X_nuevo."""
    medias = pd.Series(y_train).groupby(X_train[:, 1]).mean()
    return medias.reindex(X_nuevo[:, 1]).fillna(y_train.mean()).to_numpy()
'''},
        loses=("q8_mejora_sobre_media", "h8_modelo_holdout"),
    ),
]

TRAINING = "ej8_entrenar_y_predecir"
CENTRED_ON_FILMS = '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Factoriza las valoraciones (X_train, y_train) y devuelve la nota predicha para cada fila de X_nuevo."""
    n_usuarios = int(max(X_train[:, 0].max(), X_nuevo[:, 0].max())) + 1
    n_peliculas = int(max(X_train[:, 1].max(), X_nuevo[:, 1].max())) + 1
    media = y_train.mean()
    por_pelicula = pd.Series(y_train - media).groupby(X_train[:, 1]).mean()
    desvio = por_pelicula.reindex(range(n_peliculas)).fillna(0.0).to_numpy()
    residuos = [(u, i, r - media - desvio[i]) for (u, i), r in zip(X_train, y_train)]
    R_residuos = matriz_valoraciones(residuos, n_usuarios, n_peliculas)
    generador = np.random.default_rng(0)
    U = generador.normal(0, 0.1, size=(n_usuarios, 3))
    V = generador.normal(0, 0.1, size=(n_peliculas, 3))
    U, V = factorizar(R_residuos, U, V, alfa=0.02, regularizacion=2.0, epocas=100)
    usuarios, pelis = X_nuevo[:, 0].astype(int), X_nuevo[:, 1].astype(int)
    predichas = media + desvio[pelis] + np.sum(U[usuarios] * V[pelis], axis=1)
    return np.clip(predichas, y_train.min(), y_train.max())
'''


def _factors(factors: int) -> str:
    return f'''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Factoriza las valoraciones (X_train, y_train) y devuelve la nota predicha para cada fila de X_nuevo."""
    n_usuarios = int(max(X_train[:, 0].max(), X_nuevo[:, 0].max())) + 1
    n_peliculas = int(max(X_train[:, 1].max(), X_nuevo[:, 1].max())) + 1
    media = y_train.mean()
    R_centrada = matriz_valoraciones([(u, i, r - media) for (u, i), r in zip(X_train, y_train)],
                                     n_usuarios, n_peliculas)
    generador = np.random.default_rng(0)
    U = generador.normal(0, 0.1, size=(n_usuarios, {factors}))
    V = generador.normal(0, 0.1, size=(n_peliculas, {factors}))
    U, V = factorizar(R_centrada, U, V, alfa=0.02, regularizacion=2.0, epocas=100)
    predichas = media + np.sum(U[X_nuevo[:, 0].astype(int)] * V[X_nuevo[:, 1].astype(int)], axis=1)
    return np.clip(predichas, y_train.min(), y_train.max())
'''


ACCEPTABLE = [
    Variant(name="cinco_factores", description="La factorización del enunciado con 5 factores latentes en vez de 3.",
            replace={TRAINING: _factors(5)}, loses=()),
    Variant(name="centrada_en_cada_pelicula",
            description="Resta a cada nota la media global y la desviación media de su película, y factoriza "
                        "lo que queda.",
            replace={TRAINING: CENTRED_ON_FILMS}, loses=()),
]
