"""Known-wrong variants of "Práctica 13: Secuencias con redes recurrentes (RNN y LSTM)"
(instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  ``contar_parametros`` calls the student's counts of
each layer, and every model it is checked on has one layer of each kind, so a wrong count
of one kind is also a wrong model count.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="gru_con_la_formula_original",
        description="Cuenta la GRU con la fórmula original, 3·n·(m + n + 1), sin el segundo sesgo "
                    "por bloque que tiene la GRU de Keras (reset_after=True).",
        replace={"ej3_parametros_gru": '''def parametros_gru(n_entradas, n_unidades):
    """Devuelve los parámetros de una capa GRU de Keras: tres bloques con dos sesgos cada uno."""
    return 3 * n_unidades * (n_entradas + n_unidades + 1)
'''},
        loses=("q3_parametros_gru", "h3_parametros_gru", "q5_contar_parametros", "h5_contar_parametros"),
    ),
    Variant(
        name="capas_preguntadas_a_keras",
        description="Construye cada capa con Keras y le pregunta sus parámetros y la forma de su salida en "
                    "lugar de calcularlos a mano; contar_parametros, que usa esas funciones, tampoco los "
                    "cuenta a mano.",
        replace={
            "ej1_parametros_simplernn": '''def parametros_simplernn(n_entradas, n_unidades):
    """Devuelve los parámetros de una capa SimpleRNN: W, U y b."""
    capa = keras.layers.SimpleRNN(n_unidades)
    capa.build((None, 1, n_entradas))
    return capa.count_params()
''',
            "ej2_parametros_lstm": '''def parametros_lstm(n_entradas, n_unidades):
    """Devuelve los parámetros de una capa LSTM: cuatro bloques como el de una SimpleRNN."""
    capa = keras.layers.LSTM(n_unidades)
    capa.build((None, 1, n_entradas))
    return capa.count_params()
''',
            "ej3_parametros_gru": '''def parametros_gru(n_entradas, n_unidades):
    """Devuelve los parámetros de una capa GRU de Keras: tres bloques con dos sesgos cada uno."""
    capa = keras.layers.GRU(n_unidades)
    capa.build((None, 1, n_entradas))
    return capa.count_params()
''',
            "ej4_forma_salida": '''def forma_salida(forma_entrada, n_unidades, devolver_secuencias):
    """Devuelve la forma (sin el lote) de la salida de una capa recurrente."""
    capa = keras.layers.LSTM(n_unidades, return_sequences=devolver_secuencias)
    return tuple(capa(keras.Input(shape=tuple(forma_entrada))).shape[1:])
'''},
        loses=("q1_parametros_simplernn", "h1_parametros_simplernn", "q2_parametros_lstm", "h2_parametros_lstm",
               "q3_parametros_gru", "h3_parametros_gru", "q4_forma_salida", "h4_forma_salida",
               "q5_contar_parametros", "h5_contar_parametros"),
    ),
    Variant(
        name="forma_con_el_lote_y_ventanas_de_menos",
        description="Dos errores de formas: copia la forma del resumen de Keras, con el None del lote "
                    "delante, y recorre range(len(serie) - pasos - 1), con lo que pierde la última ventana.",
        replace={"ej4_forma_salida": '''def forma_salida(forma_entrada, n_unidades, devolver_secuencias):
    """Devuelve la forma (sin el lote) de la salida de una capa recurrente."""
    if devolver_secuencias:
        return (None, forma_entrada[0], n_unidades)
    return (None, n_unidades)
''',
                 "ej6_crear_ventanas": '''def crear_ventanas(serie, pasos):
    """Devuelve (X, y): las ventanas de `pasos` valores de la serie y el valor que sigue a cada una."""
    serie = np.asarray(serie, dtype=float)
    X, y = [], []
    for i in range(len(serie) - pasos - 1):
        X.append(serie[i:i + pasos])
        y.append(serie[i + pasos])
    return np.array(X).reshape(-1, pasos, 1), np.array(y)
'''},
        loses=("q4_forma_salida", "h4_forma_salida", "q6_crear_ventanas", "h6_crear_ventanas"),
    ),
    Variant(
        name="hard_coded_parametros_lstm",
        description="Copia los resultados de los ejemplos del enunciado en una tabla en lugar de calcularlos.",
        replace={"ej2_parametros_lstm": '''def parametros_lstm(n_entradas, n_unidades):
    """Devuelve los parámetros de una capa LSTM: cuatro bloques como el de una SimpleRNN."""
    tabla = {(1, 16): 1152, (3, 8): 384, (8, 16): 1600, (5, 3): 108}
    return tabla[(n_entradas, n_unidades)]
'''},
        loses=("h2_parametros_lstm", "h5_contar_parametros"),
    ),
    Variant(
        name="red_entrenada_con_los_datos_del_cuaderno",
        description=("Dentro de la función de entrenamiento usa las variables X e y del cuaderno "
                     "(todos sus tramos) en lugar de X_train e y_train."),
        replace={"ej9_entrenar_y_predecir": '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Entrena la red con (X_train, y_train) y devuelve sus predicciones para X_nuevo, en MW."""
    keras.utils.set_random_seed(0)
    media_x, desv_x = X.mean(), X.std()
    media_y, desv_y = y.mean(), y.std()
    modelo = crear_modelo(X.shape[1], X.shape[2])
    modelo.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03), loss="mse")
    modelo.fit((X - media_x) / desv_x, (y - media_y) / desv_y, epochs=15, batch_size=32, verbose=0)
    escaladas = modelo.predict((X_nuevo - media_x) / desv_x, verbose=0)
    return escaladas.reshape(-1) * desv_y + media_y
'''},
        loses=("h9_modelo_holdout",),
    ),
    Variant(
        name="modelo_que_repite_el_ultimo_valor",
        description="No entrena nada: devuelve la predicción ingenua como si fuera la de la red.",
        replace={"ej9_entrenar_y_predecir": '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Entrena la red con (X_train, y_train) y devuelve sus predicciones para X_nuevo, en MW."""
    return prediccion_ingenua(X_nuevo)
'''},
        loses=("q9_mejora_sobre_ingenua", "h9_modelo_holdout"),
    ),
]


TRAINING = "ej9_entrenar_y_predecir"


def _trained(layer: str, epochs: int, batch: int, rate: float) -> str:
    return f'''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Entrena la red con (X_train, y_train) y devuelve sus predicciones para X_nuevo, en MW."""
    keras.utils.set_random_seed(0)
    media_x, desv_x = X_train.mean(), X_train.std()
    media_y, desv_y = y_train.mean(), y_train.std()
    red = keras.Sequential([keras.Input(shape=X_train.shape[1:]), {layer}, keras.layers.Dense(1)])
    red.compile(optimizer=keras.optimizers.Adam(learning_rate={rate}), loss="mse")
    red.fit((X_train - media_x) / desv_x, (y_train - media_y) / desv_y, epochs={epochs}, batch_size={batch},
            verbose=0)
    return red.predict((X_nuevo - media_x) / desv_x, verbose=0).reshape(-1) * desv_y + media_y
'''


ACCEPTABLE = [
    Variant(name="red_gru", description="Una GRU de 16 unidades en lugar de la LSTM, con el mismo entrenamiento.",
            replace={TRAINING: _trained("keras.layers.GRU(16)", 15, 32, 0.03)}, loses=()),
    Variant(name="lstm_30_epocas_lotes_de_64",
            description="La LSTM del enunciado con 30 épocas, lotes de 64 y tasa de aprendizaje 0.02.",
            replace={TRAINING: _trained("keras.layers.LSTM(16)", 30, 64, 0.02)}, loses=()),
]
