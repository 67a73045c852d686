"""Known-wrong variants of "Práctica 9: Redes neuronales frente a redes convolucionales"
(instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  ``contar_parametros`` calls the student's
``parametros_conv2d``, so a wrong convolution count is also a wrong model count (and a
count asked of Keras, which the statement rules out, breaks its rule too).  ``ACCEPTABLE``:
the statement's CNN trained with other epochs and batch sizes.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="conv2d_sin_sesgos",
        description="Cuenta los pesos de los filtros pero olvida un sesgo por filtro.",
        replace={"ej4_parametros_conv2d": '''def parametros_conv2d(n_filtros, k, n_canales):
    """Devuelve los parámetros de una capa Conv2D: pesos de los filtros más sesgos."""
    return n_filtros * k * k * n_canales
'''},
        loses=("q4_parametros_conv2d", "h4_parametros_conv2d", "q5_contar_parametros",
               "h5_contar_parametros"),
    ),
    Variant(
        name="padding_same_en_vez_de_valid",
        description="Construye la CNN con padding='same' donde el enunciado pide 'valid'.",
        replace={"ej6_crear_cnn": '''def crear_cnn(forma_entrada, n_clases):
    """Devuelve la red convolucional del enunciado (sin compilar)."""
    return keras.Sequential([
        keras.Input(shape=forma_entrada),
        keras.layers.Conv2D(32, (3, 3), activation="relu", padding="same"),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dense(n_clases, activation="softmax"),
    ])
'''},
        loses=("q6_crear_cnn", "h6_crear_cnn"),
    ),
    Variant(
        name="tamano_con_division_real",
        description="Divide con / en el tamaño de la salida: devuelve un float, no un int.",
        replace={"ej3_tamano_salida": '''def tamano_salida(n, k, p, s):
    """Devuelve el lado de la salida de una convolución k×k, relleno p y paso s sobre n×n."""
    return (n + 2 * p - k) / s + 1
'''},
        loses=("q3_tamano_salida", "h3_tamano_salida"),
    ),
    Variant(
        name="pooling_no_reduce",
        description="Al contar parámetros, no divide el alto y el ancho tras MaxPooling2D.",
        replace={"ej5_contar_parametros": '''def contar_parametros(forma_entrada, capas):
    """Devuelve el total de parámetros del modelo descrito por forma_entrada y capas."""
    alto, ancho, canales = forma_entrada
    valores = None
    total = 0
    for capa in capas:
        if capa[0] == "conv":
            total += parametros_conv2d(capa[1], capa[2], canales)
            alto, ancho, canales = alto - capa[2] + 1, ancho - capa[2] + 1, capa[1]
        elif capa[0] == "flatten":
            valores = alto * ancho * canales
        elif capa[0] == "dense":
            total += parametros_densa(valores, capa[1])
            valores = capa[1]
    return total
'''},
        loses=("q5_contar_parametros", "h5_contar_parametros"),
    ),
    Variant(
        name="hard_coded_parametros_conv2d",
        description="Copia los resultados de los ejemplos del enunciado en una tabla en lugar de calcularlos.",
        replace={"ej4_parametros_conv2d": '''def parametros_conv2d(n_filtros, k, n_canales):
    """Devuelve los parámetros de una capa Conv2D: pesos de los filtros más sesgos."""
    tabla = {(64, 3, 1): 640, (32, 3, 1): 320, (16, 3, 32): 4624, (8, 3, 3): 224}
    return tabla[(n_filtros, k, n_canales)]
'''},
        loses=("h4_parametros_conv2d", "h5_contar_parametros"),
    ),
    Variant(
        name="capas_preguntadas_a_keras",
        description="Construye cada capa con Keras y le pregunta sus parámetros y su forma de salida en lugar "
                    "de contarlos a mano; contar_parametros, que usa esas funciones, tampoco cuenta a mano.",
        replace={"ej1_parametros_densa": '''def parametros_densa(n_entradas, n_neuronas):
    """Devuelve los parámetros de una capa Dense: pesos más sesgos."""
    capa = keras.layers.Dense(n_neuronas)
    capa.build((None, n_entradas))
    return capa.count_params()
''',
                 "ej3_tamano_salida": '''def tamano_salida(n, k, p, s):
    """Devuelve el lado de la salida de una convolución k×k, relleno p y paso s sobre n×n."""
    capa = keras.layers.Conv2D(1, (k, k), strides=s)
    return int(capa.compute_output_shape((None, n + 2 * p, n + 2 * p, 1))[1])
''',
                 "ej4_parametros_conv2d": '''def parametros_conv2d(n_filtros, k, n_canales):
    """Devuelve los parámetros de una capa Conv2D: pesos de los filtros más sesgos."""
    capa = keras.layers.Conv2D(n_filtros, (k, k))
    capa.build((None, k, k, n_canales))
    return capa.count_params()
'''},
        loses=("q1_parametros_densa", "h1_parametros_densa", "q3_tamano_salida", "h3_tamano_salida",
               "q4_parametros_conv2d", "h4_parametros_conv2d", "q5_contar_parametros", "h5_contar_parametros"),
    ),
    Variant(
        name="cnn_entrenada_con_todos_los_digitos",
        description=("Dentro de la función de entrenamiento carga todos los dígitos de scikit-learn "
                     "y entrena con ellos, ignorando X_train e y_train."),
        replace={"ej7_entrenar_cnn": '''def entrenar_y_predecir_cnn(X_train, y_train, X_nuevo):
    """Entrena la CNN con (X_train, y_train) y devuelve las probabilidades de X_nuevo."""
    from sklearn.datasets import load_digits

    digitos = load_digits()
    keras.utils.set_random_seed(0)
    imagenes = digitos.images[..., np.newaxis] / 16
    red = crear_cnn(imagenes.shape[1:], 10)
    red.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    red.fit(imagenes, digitos.target, epochs=15, batch_size=32, verbose=0)
    return red.predict(X_nuevo[..., np.newaxis] / 16, verbose=0)
'''},
        loses=("h7_cnn_holdout",),
    ),
]

# Another honest training of the statement's CNN (fewer epochs with larger batches, as a
# student in a hurry would): grader calibrate sets the target on it as well as on the
# reference, and the tests require full marks.
CNN = "ej7_entrenar_cnn"


def _trained(epochs: int, batch: int) -> str:
    return f'''def entrenar_y_predecir_cnn(X_train, y_train, X_nuevo):
    """Entrena la CNN con (X_train, y_train) y devuelve las probabilidades de X_nuevo."""
    keras.utils.set_random_seed(0)
    maximo = X_train.max()
    red = crear_cnn(X_train.shape[1:] + (1,), 10)
    red.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    red.fit(X_train[..., np.newaxis] / maximo, y_train, epochs={epochs}, batch_size={batch}, verbose=0)
    return red.predict(X_nuevo[..., np.newaxis] / maximo, verbose=0)
'''


ACCEPTABLE = [
    Variant(name="cnn_10_epocas_lotes_de_64", description="La CNN del enunciado con 10 épocas y lotes de 64.",
            replace={CNN: _trained(10, 64)}, loses=()),
]
