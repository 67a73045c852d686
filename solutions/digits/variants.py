"""Known-wrong variants of "Práctica 8.3: Reconocimiento de dígitos" (instructor only).

First the mistakes of every classification practice, here with the solution's SVM and
the digits set (grader/references/classification_practice.py); then this practice's:
a hard-coded accuracy, F1 as an arithmetic mean (lost in the averages too), a transposed
confusion matrix, a network without keras.Input, TensorFlow's confusion matrix (the
statement's "by hand" rule) and k-NN with a scaler fitted on training and new images together.
``ACCEPTABLE``: k-NN, honest.
"""
from grader.references import classification_practice as practice
from grader.variants import Variant

VARIANTS = practice.shared_variants(
    model="SVC()",
    loader="load_digits",
    full_set_name="entrena_con_digits_completo",
    full_set_description="Ignora los datos que recibe y entrena con el conjunto digits completo de "
                         "scikit-learn (que incluye las imágenes reservadas para la calificación).",
) + [
    Variant(
        name="hard_coded_exactitud",
        description="Devuelve la exactitud de los ejemplos del enunciado (0.75) en lugar de calcularla.",
        replace={"ej7_exactitud": '''def exactitud(mc):
    """Fracción de casos bien clasificados."""
    mc = np.asarray(mc)
    return 0.75
'''},
        loses=("h7_exactitud",),
    ),
    Variant(
        name="f1_como_media_aritmetica",
        description="Calcula F1 como la media aritmética de precisión y sensibilidad, no la armónica.",
        replace={"ej7_f1": '''def f1(mc, clase):
    """Media armónica de la precisión y la sensibilidad de la clase dada."""
    return (precision(mc, clase) + sensibilidad(mc, clase)) / 2
'''},
        loses=("q7_f1", "h7_f1", "q8_promedio_macro", "q8_promedio_ponderado",
               "h8_promedio_macro", "h8_promedio_ponderado"),
    ),
    practice.transposed_matrix(),
    practice.library_confusion_matrix("tensorflow"),
    practice.network_variant(
        "red_sin_capa_de_entrada",
        "Construye la red sin keras.Input: no sabe cuántas entradas tiene hasta entrenarla.",
        ['keras.layers.Dense(32, activation="relu")',
         'keras.layers.Dense(n_clases, activation="softmax")'],
        loses=("q4_crear_red", "h4_crear_red")),
    practice.leaking_model("knn"),  # the scaler fitted on the training and new images together
]

# Another honest way of solving exercise 3 (grader calibrate sets the model targets on it too):
# k-NN above without the leak.
ACCEPTABLE = [practice.honest_model("knn")]
