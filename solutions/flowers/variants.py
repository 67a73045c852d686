"""Known-wrong variants of "Práctica 8.1: Clasificación de flores (iris)" (instructor only).

The family's shared mistakes (grader/references/classification_practice.py says what a
variant must do) with the logistic regression of the solution and iris, then the flowers'
own: hard-coded precision, a transposed confusion matrix, a split without stratify, a
sigmoid output, the library's confusion matrix (the statement's "by hand" rule), and a
scaler fitted on the rows to predict with k-NN, a random forest and a Keras network.
``ACCEPTABLE``: the same three families without the leak.
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
    practice.library_confusion_matrix("sklearn"),
    practice.unstratified_split(),
    practice.network_variant(
        "red_sin_softmax", "Termina la red con una capa sigmoide en lugar de softmax.",
        ["keras.Input(shape=(n_entradas,))",
         'keras.layers.Dense(16, activation="relu")',
         'keras.layers.Dense(n_clases, activation="sigmoid")'],
        loses=("q4_crear_red", "h4_crear_red")),
    # A scaler fitted on the rows to predict, with every family of model (the linear one is above).
    practice.leaking_model("knn"),
    practice.leaking_model("tree"),
    practice.leaking_model("keras", epochs=30, batch=32),
]

# Other honest ways of solving exercise 3 (grader calibrate sets the model targets on them too,
# and the tests require full marks): the same three families without the leak.
ACCEPTABLE = [practice.honest_model("knn"), practice.honest_model("tree"),
              practice.honest_model("keras", epochs=30, batch=32)]
