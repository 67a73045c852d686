"""Known-wrong variants of "Práctica 8.2: Clasificación de vinos" (instructor only): those
every classification practice has (see grader/references/classification_practice.py), for
a logistic regression on the wine set, and the wines' own (hard-coded recall, specificity
over false negatives, an unstratified split, three outputs written in, confusion_matrix
reached through __import__, a random forest whose scaler is fitted on the rows to predict).
``ACCEPTABLE``: the random forest, honest."""
from grader.references import classification_practice as practice
from grader.variants import Variant

VARIANTS = practice.shared_variants(
    model="LogisticRegression(max_iter=1000)",
    loader="load_wine",
    full_set_name="entrena_con_vinos_completo",
    full_set_description="Ignora los datos que recibe y entrena con el conjunto wine completo de "
                         "scikit-learn (que incluye los vinos reservados para la calificación).",
) + [
    practice.hard_coded_per_class(
        "sensibilidad", "Copia las sensibilidades de los ejemplos del enunciado en lugar de calcularlas.",
        spam=[0.875, 0.25],
        four_classes=[1.0, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666]),
    Variant(
        name="especificidad_con_falsos_negativos",
        description="Calcula la especificidad como VN / (VN + FN) en lugar de VN / (VN + FP).",
        replace={"ej7_especificidad": '''def especificidad(mc, clase):
    """VN / (VN + FP) de la clase dada."""
    mc = np.asarray(mc)
    vp = mc[clase, clase]
    fp = mc[:, clase].sum() - vp
    fn = mc[clase, :].sum() - vp
    vn = mc.sum() - vp - fp - fn
    return vn / (vn + fn)
'''},
        loses=("q7_especificidad", "h7_especificidad"),
    ),
    practice.unstratified_split(),
    practice.library_confusion_matrix("import"),
    practice.network_variant(
        "red_con_tres_salidas_fijas",
        "Escribe 3 neuronas de salida (las clases de los vinos) en lugar de n_clases.",
        ["keras.Input(shape=(n_entradas,))",
         'keras.layers.Dense(16, activation="relu")',
         'keras.layers.Dense(3, activation="softmax")'],
        loses=("h4_crear_red",)),
    practice.leaking_model("tree"),  # the scaler fitted on the wines to predict
]

# Another honest way of solving exercise 3 (grader calibrate sets the model targets on it too):
# the random forest above without the leak.
ACCEPTABLE = [practice.honest_model("tree")]
