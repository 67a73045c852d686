"""Known-wrong variants of "Práctica 8.1: Clasificación de flores (iris)" (instructor only).

The family's shared mistakes (grader/references/classification_practice.py says what a
variant must do) with the logistic regression of the solution and iris, then the flowers'
own: hard-coded precision, a transposed confusion matrix, a split without stratify, a
sigmoid output.
"""
from grader.references import classification_practice as practice

VARIANTS = practice.shared_variants(
    model="LogisticRegression(max_iter=1000)",
    loader="load_iris",
    full_set_name="entrena_con_iris_completo",
    full_set_description="Ignora los datos que recibe y entrena con el iris completo de scikit-learn "
                         "(que incluye las flores reservadas para la calificación).",
) + [
    practice.hard_coded_per_class(
        "precision", "Copia las precisiones de los ejemplos del enunciado en lugar de calcularlas.",
        spam=[0.8235294117647058, 0.3333333333333333],
        four_classes=[0.75, 0.6666666666666666, 0.6666666666666666, 1.0]),
    practice.transposed_matrix(),
    practice.unstratified_split(),
    practice.network_variant(
        "red_sin_softmax", "Termina la red con una capa sigmoide en lugar de softmax.",
        ["keras.Input(shape=(n_entradas,))",
         'keras.layers.Dense(16, activation="relu")',
         'keras.layers.Dense(n_clases, activation="sigmoid")'],
        loses=("q4_crear_red", "h4_crear_red")),
]
