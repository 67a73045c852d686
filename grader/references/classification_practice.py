"""The classification practices (flowers, wines, digits), built once from their one design.

The three practices ask the same eight exercises of another scikit-learn data set: the
strength of a correlation, a stratified split, a scaled classifier judged on a holdout, a
softmax network, evaluation on the test part, the confusion matrix, the per-class metrics
and their averages.  What is the same is built here; each practice's files pass only what
differs (its data set, crear_red's public case, how its holdout is named, its reference
model, its own variants):

- ``solutions/<practice>/dataset.py``: :data:`CALIBRATION` and :func:`release_table`;
- ``assignments/<practice>/checks.py``: :func:`public_checks`, shipped to students, who
  read the cases and expected values below (all literal, the course's worked examples);
- ``solutions/<practice>/hidden.py``: :func:`hidden_checks`;
- ``solutions/<practice>/variants.py``: :func:`shared_variants`, then its own mistakes,
  some built here because two practices make them (:func:`transposed_matrix`,
  :func:`unstratified_split`, :func:`hard_coded_per_class`, :func:`network_variant`,
  :func:`library_confusion_matrix`, :func:`leaking_model`), and its ``ACCEPTABLE``
  solutions (:func:`honest_model`).

Totals: public 13 checks x 0.5 points = 6.5 points; hidden 15 checks = 23.5 points (the
model on the holdout 4 + 2, its scaling 2, the split, the network and evaluar 2 each, the
confusion matrix 1.5, every other check 1); 30 points a practice.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from grader import holdout, judges
from grader.checks import Call, Check, per_case
from grader.references import classification as ref
from grader_client.judges.classification import evaluates_on_test, same_labels, softmax_network, stratified_split

if TYPE_CHECKING:  # grader.variants imports nbformat, which a student's kernel need not load
    from grader.variants import Variant

close = partial(judges.close_to, rel=1e-6)

# Exercise 6 promises "Cuéntala tú, sin confusion_matrix": the library's, any other of
# sklearn.metrics, TensorFlow's or pandas' cross table (grader_client.rules reads the
# function's source; the check's points are lost when it uses one).
CONFUSION_RULE = ("sklearn.metrics", "tensorflow.math.confusion_matrix", "pandas.crosstab")


# --- data set -------------------------------------------------------------------------------

CALIBRATION = {
    "function": "entrenar_y_predecir",
    "control": "classes",
    "baseline": "majority",  # a model that barely learns: the most frequent class
    "metrics": {"accuracy": {"margin": 0.05, "share": 0.5}, "macro_f1": {"margin": 0.05, "share": 0.5}},
}


def release_table(dataset, folder: Path, *, dtype=None) -> None:
    """Write the released part of ``dataset`` (a practice's dataset.py) as
    ``folder/dataset.FILE``: its ``COLUMNS`` in Spanish and the ``TARGET`` column; ``dtype``
    casts the features (pixel counts written as integers, say)."""
    import pandas as pd

    part = holdout.course_split(dataset)
    folder.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame(part.X if dtype is None else part.X.astype(dtype), columns=dataset.COLUMNS)
    table[dataset.TARGET] = part.y
    table.to_csv(folder / dataset.FILE, index=False)


def _metric_check(id: str, function: str, cases, expected, description: str) -> Check:
    """A check of a metric of confusion matrices (exercises 7 and 8), judged to 1e-6:
    public (``q7_…``, 0.5 points, literal cases and values) or hidden (``h7_…``, 1 point,
    fresh cases and scikit-learn's values)."""
    hidden = id.startswith("h")
    return Check(id=id, question="q" + id[1], points=1 if hidden else 0.5, hidden=hidden,
                 ask=Call(function, cases=cases), expected=expected, judge=close, description=description)


# --- public checks: the course's worked examples, literal ------------------------------------

# The spam filter: rows are the true class, columns the predicted one; 1 = spam.
SPAM = np.array([[70, 10], [15, 5]])
# The four-class example: Y_train = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3] (true classes),
# Y_pred = [0, 2, 1, 3, 0, 1, 2, 0, 0, 1, 2, 3].
FOUR_CLASSES = np.array([[3, 0, 0, 0], [0, 2, 1, 0], [0, 1, 2, 0], [1, 0, 0, 2]])
# Classes 1 and 2 of FOUR_CLASSES have equal precision and recall: the cases below use the
# others, where swapping the two formulas shows.
PER_CLASS = [(SPAM, 1), (SPAM, 0), (FOUR_CLASSES, 0), (FOUR_CLASSES, 3)]

# A small split: 20 rows, classes 0/1/2 with 11/5/4 rows.
X_SPLIT = np.array([[0.0, 0.0], [0.5, 7.0], [1.0, 3.0], [1.5, 10.0], [2.0, 6.0], [2.5, 2.0],
                    [3.0, 9.0], [3.5, 5.0], [4.0, 1.0], [4.5, 8.0], [5.0, 4.0], [5.5, 0.0],
                    [6.0, 7.0], [6.5, 3.0], [7.0, 10.0], [7.5, 6.0], [8.0, 2.0], [8.5, 9.0],
                    [9.0, 5.0], [9.5, 1.0]])
Y_SPLIT = np.array([0, 1, 0, 0, 2, 0, 1, 0, 0, 2, 1, 0, 0, 1, 0, 2, 0, 1, 0, 2])

# Three well separated groups of four points: any classifier of the table gets them right.
X_GROUPS = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 1.0], [2.0, 2.0], [8.0, 8.0], [8.0, 9.0],
                     [9.0, 8.0], [9.0, 9.0], [1.0, 8.0], [1.0, 9.0], [2.0, 8.0], [2.0, 9.0]])
Y_GROUPS = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
X_NEW = np.array([[8.5, 8.5], [1.5, 1.5], [1.5, 8.5], [2.5, 1.0]])
# A test part whose last point lies in group 1 but is labelled 0: 3 of 4 right.
X_TEST = np.array([[1.5, 1.5], [8.5, 8.5], [1.5, 8.5], [8.2, 8.7]])
Y_TEST = np.array([0, 1, 2, 0])


def public_checks(network: tuple[int, int]) -> list[Check]:
    """The public checks; ``network`` is crear_red's case (the data set's number of
    columns and of classes), the one size the hidden network check never repeats."""
    n_inputs, n_classes = network
    return [
        Check(id="q1_fuerza_correlacion", question="q1", points=0.5,
              ask=Call("fuerza_correlacion", cases=[(0.87,), (-0.8,), (-0.62,), (0.5,), (-0.41,), (0.49,)]),
              expected=["fuerte", "fuerte", "débil", "débil", "nula", "nula"], judge=judges.same_text,
              description="fuerza_correlacion con los ejemplos del enunciado"),
        Check(id="q2_dividir", question="q2", points=0.5,
              ask=Call("dividir", cases=[(X_SPLIT, Y_SPLIT, 0.25, 1), (X_SPLIT, Y_SPLIT, 0.25, 6)]),
              expected=[{"X": X_SPLIT, "y": Y_SPLIT, "test_fraction": 0.25}] * 2,
              judge=stratified_split,
              description="dividir: 20 filas, 25 % de prueba, estratificada"),
        Check(id="q3_entrenar_y_predecir", question="q3", points=0.5,
              ask=Call("entrenar_y_predecir", cases=[(X_GROUPS, Y_GROUPS, X_NEW)]),
              expected=[[1, 0, 2, 0]], judge=same_labels,
              description="entrenar_y_predecir con tres grupos bien separados"),
        Check(id="q4_crear_red", question="q4", points=0.5,
              ask=Call("crear_red", cases=[(n_inputs, n_classes)]),
              expected=[{"n_entradas": n_inputs, "n_clases": n_classes}], judge=softmax_network,
              description=f"crear_red({n_inputs}, {n_classes}): Sequential con salida softmax de "
                          f"{n_classes} neuronas"),
        Check(id="q5_evaluar", question="q5", points=0.5,
              ask=Call("evaluar", cases=[(X_GROUPS, Y_GROUPS, X_TEST, Y_TEST)]),
              expected=[0.75], judge=close,
              description="evaluar: exactitud en una prueba de 4 puntos con un error"),
        Check(id="q6_matriz_confusion", question="q6", points=0.5,
              ask=Call("matriz_confusion", cases=[([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3],
                                                   [0, 2, 1, 3, 0, 1, 2, 0, 0, 1, 2, 3], 4),
                                                  ([0, 0, 1, 1, 1, 0, 1, 0], [0, 1, 1, 0, 1, 0, 1, 1], 2)]),
              expected=[[[3, 0, 0, 0], [0, 2, 1, 0], [0, 1, 2, 0], [1, 0, 0, 2]], [[2, 2], [1, 3]]],
              judge=judges.equals, description="matriz_confusion con el ejemplo de cuatro clases y uno binario",
              forbidden=CONFUSION_RULE),
        _metric_check("q7_exactitud", "exactitud", [(SPAM,), (FOUR_CLASSES,)], [0.75, 0.75],
                      "exactitud del spam y del ejemplo de cuatro clases"),
        _metric_check("q7_precision", "precision", PER_CLASS,
                      [0.3333333333333333, 0.8235294117647058, 0.75, 1.0],
                      "precision del spam (0.33) y del ejemplo de cuatro clases"),
        _metric_check("q7_sensibilidad", "sensibilidad", PER_CLASS, [0.25, 0.875, 1.0, 0.6666666666666666],
                      "sensibilidad del spam (0.25) y del ejemplo de cuatro clases"),
        _metric_check("q7_especificidad", "especificidad", PER_CLASS, [0.875, 0.25, 0.8888888888888888, 1.0],
                      "especificidad del spam y del ejemplo de cuatro clases"),
        _metric_check("q7_f1", "f1", PER_CLASS,
                      [0.2857142857142857, 0.8484848484848485, 0.8571428571428571, 0.8],
                      "f1 del spam y del ejemplo de cuatro clases"),
        _metric_check("q8_promedio_macro", "promedio_macro", [(SPAM,), (FOUR_CLASSES,)],
                      [(0.5784313725490196, 0.5625, 0.5670995670995671),
                       (0.7708333333333333, 0.75, 0.7476190476190476)],
                      "promedio_macro del spam y del ejemplo de cuatro clases"),
        _metric_check("q8_promedio_ponderado", "promedio_ponderado", [(SPAM,), (FOUR_CLASSES,)],
                      [(0.7254901960784313, 0.75, 0.7359307359307359),
                       (0.7708333333333334, 0.75, 0.7476190476190476)],
                      "promedio_ponderado del spam y del ejemplo de cuatro clases"),
    ]


# --- hidden checks: fresh inputs against scikit-learn, the model on the holdout ---------------

def hidden_checks(split: holdout.Split, thresholds: dict, *, public_network: tuple[int, int],
                  unseen: str, batch_scale: float | None = None) -> list[Check]:
    """The hidden checks of a practice whose course split is ``split``.

    The model (exercise 3) is trained on the released rows and judged on the holdout,
    whose labels never leave the grader's process, against ``thresholds`` (the practice's
    thresholds.json); a second training with the classes renamed must reach the same bar
    on the renamed holdout, which a function that loads the full data set by itself
    (holdout included) cannot.  ``unseen`` names the holdout for students ("30 flores que
    no están en data/flores.csv"); ``batch_scale``, when given, is how far the scaling
    check's appended rows lie (see :func:`grader.holdout.batch_cases`).  Every other check
    calls the student's function on fresh inputs from the check's seeded generator and
    compares with scikit-learn (grader/references/classification.py, whose case makers
    keep only cases where the practices' known-wrong variants give another answer, so a
    variant loses a whole check, never part of one).
    """

    def holdout_labels(cases=None):
        return split.y_holdout

    def model_check(id: str, points: float, metric: str, description: str) -> Check:
        return Check(id=id, question="q3", points=points, hidden=True,
                     ask=Call("entrenar_y_predecir", cases=partial(holdout.model_cases, split),
                              together=True),
                     expected=holdout_labels,
                     judge=partial(judges.learns_on_holdout, metric=metric, **thresholds[metric]),
                     description=description)

    batch = {} if batch_scale is None else {"scale": batch_scale}
    return [
        Check(id="h1_fuerza_correlacion", question="q1", points=1, hidden=True,
              ask=Call("fuerza_correlacion", cases=ref.correlation_cases),
              expected=per_case(ref.correlation_strength), judge=judges.same_text,
              description="fuerza_correlacion con otros coeficientes (también los límites 0.8 y 0.5)"),
        Check(id="h2_dividir", question="q2", points=2, hidden=True,
              ask=Call("dividir", cases=ref.stratification_cases),
              expected=per_case(ref.split_facts), judge=stratified_split,
              description="dividir con otros datos de clases desequilibradas"),
        model_check("h3_modelo_exactitud", 4, "accuracy", f"exactitud del modelo con {unseen}"),
        model_check("h3_modelo_f1_macro", 2, "macro_f1", f"F1 macro del modelo con {unseen}"),
        Check(id="h3_escalado_entrenamiento", question="q3", points=2, hidden=True,
              ask=Call("entrenar_y_predecir", cases=partial(holdout.batch_cases, split, **batch),
                       together=True),
              expected=holdout_labels, judge=ref.predicts_holdout_alike,
              description="el escalado se ajusta solo con los datos de entrenamiento"),
        Check(id="h4_crear_red", question="q4", points=2, hidden=True,
              ask=Call("crear_red", cases=partial(ref.network_cases, avoid=public_network)),
              expected=per_case(ref.network_facts),
              judge=softmax_network, description="crear_red con otros tamaños de entrada y de salida"),
        Check(id="h5_evaluar", question="q5", points=2, hidden=True,
              ask=Call("evaluar", cases=partial(ref.evaluation_cases, split.X, split.y), together=True),
              expected=(), judge=evaluates_on_test,
              description="evaluar mide la exactitud con la parte de prueba, no con el entrenamiento"),
        Check(id="h6_matriz_confusion", question="q6", points=1.5, hidden=True,
              ask=Call("matriz_confusion", cases=ref.asymmetric_label_cases),
              expected=per_case(ref.confusion), judge=judges.equals,
              description="matriz_confusion con otras etiquetas (2 a 6 clases)", forbidden=CONFUSION_RULE),
        _metric_check("h7_exactitud", "exactitud", ref.accuracy_cases, per_case(ref.accuracy),
                      "exactitud con otras matrices de confusión"),
        _metric_check("h7_precision", "precision", ref.precision_cases, per_case(ref.precision),
                      "precision con otras matrices de confusión (binarias y de varias clases)"),
        _metric_check("h7_sensibilidad", "sensibilidad", ref.recall_cases, per_case(ref.recall),
                      "sensibilidad con otras matrices de confusión (binarias y de varias clases)"),
        _metric_check("h7_especificidad", "especificidad", ref.specificity_cases, per_case(ref.specificity),
                      "especificidad con otras matrices de confusión"),
        _metric_check("h7_f1", "f1", ref.f1_cases, per_case(ref.f1), "f1 con otras matrices de confusión"),
        _metric_check("h8_promedio_macro", "promedio_macro", ref.macro_cases, per_case(ref.macro_average),
                      "promedio_macro con otras matrices de confusión"),
        _metric_check("h8_promedio_ponderado", "promedio_ponderado", ref.weighted_cases,
                      per_case(ref.weighted_average),
                      "promedio_ponderado con otras matrices de confusión"),
    ]


# --- known-wrong variants -------------------------------------------------------------------
#
# Each variant replaces whole solution cells (by nbgrader grade_id; sources in the students'
# Spanish) with a plausible student mistake and lists every check, public and hidden, that
# the mistake fails; it must score full marks on every other check.  A mistake in a function
# that later functions use (entrenar_y_predecir in evaluar, precision in the averages) is
# lost there too.  A practice's variants.py lists the shared ones first, then its own.

TRAINING = '''def entrenar_y_predecir(X_train, y_train, X_nuevo):
    """Escala con los datos de entrenamiento, entrena un clasificador de scikit-learn y
    devuelve sus predicciones (etiquetas) para X_nuevo."""
'''
PRECISION = '''def precision(mc, clase):
    """VP / (VP + FP) de la clase dada."""
    mc = np.asarray(mc)
'''
RECALL = '''def sensibilidad(mc, clase):
    """VP / (VP + FN) de la clase dada (recall)."""
    mc = np.asarray(mc)
'''


# --- the model of exercise 3 by family: leaking (variants) and honest (acceptable) ------------
#
# h3_escalado_entrenamiento must catch a scaler fitted on the rows to predict whatever the
# model (grader.holdout.batch_cases says how), and never an honest model of any family.
# Each family's model as a solution cell writes it; the network is exercise 4's, built in
# place (the notebook calls entrenar_y_predecir before it imports Keras and defines crear_red).

MODELS = {
    "linear": "LogisticRegression(max_iter=1000)",
    "knn": "KNeighborsClassifier(n_neighbors=5)",
    "tree": "RandomForestClassifier(random_state=0)",
}
KERAS_FIT = ("    import keras\n\n"
             "    keras.utils.set_random_seed(0)\n"
             "    red = keras.Sequential([keras.Input(shape=(X_train.shape[1],)),\n"
             "                            keras.layers.Dense(16, activation=\"relu\"),\n"
             "                            keras.layers.Dense(int(np.max(y_train)) + 1, activation=\"softmax\")])\n"
             "    red.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),\n"
             "                loss=\"sparse_categorical_crossentropy\")\n"
             "    red.fit({train}, y_train, epochs={epochs}, batch_size={batch}, verbose=0)\n"
             "    return red.predict({new}, verbose=0).argmax(axis=1)\n")
FAMILY_NAMES = {"linear": "lineal", "knn": "k_vecinos", "tree": "bosque", "keras": "red_keras"}
FAMILY_WORDS = {"linear": "una regresión logística", "knn": "k vecinos", "tree": "un bosque aleatorio",
                "keras": "una red de Keras como la del ejercicio 4"}


def _training_cell(family: str, *, fitted_on: str, epochs: int = 40, batch: int = 16) -> str:
    """``entrenar_y_predecir`` with ``family``'s model, its scaler fitted on ``fitted_on``:
    ``"train"`` (honest), ``"both"`` (the training and the new rows together) or ``"new"``
    (the training rows for training, the new rows for predicting)."""
    scaler = {"train": "    escalador = StandardScaler().fit(X_train)\n",
              "both": "    escalador = StandardScaler().fit(np.vstack([X_train, X_nuevo]))\n",
              "new": "    escalador = StandardScaler().fit(X_train)\n"}[fitted_on]
    new = "StandardScaler().fit_transform(X_nuevo)" if fitted_on == "new" else "escalador.transform(X_nuevo)"
    if family == "keras":
        body = KERAS_FIT.format(train="escalador.transform(X_train)", new=new, epochs=epochs, batch=batch)
    else:
        body = (f"    modelo = {MODELS[family]}\n"
                "    modelo.fit(escalador.transform(X_train), y_train)\n"
                f"    return modelo.predict({new})\n")
    return TRAINING + scaler + body


def leaking_model(family: str, **fit) -> Variant:
    """A scaler fitted on the rows to predict, with ``family``'s model: for k-NN, on the
    training and new rows together (a linear model's is :func:`shared_variants`'s); for a
    tree ensemble and Keras, on the new rows alone (fitted together, a scaler changes no
    tree's prediction, see grader.holdout.batch_cases).  It loses the scaling check only."""
    from grader.variants import Variant

    fitted_on = "both" if family in ("linear", "knn") else "new"
    where = ("el entrenamiento y los datos a predecir juntos" if fitted_on == "both"
             else "los datos a predecir (fit_transform de X_nuevo)")
    return Variant(name=f"escalado_con_los_datos_a_predecir_{FAMILY_NAMES[family]}",
                   description=f"Con {FAMILY_WORDS[family]}, ajusta el escalador con {where}.",
                   replace={"ej3_entrenar_y_predecir": _training_cell(family, fitted_on=fitted_on, **fit)},
                   loses=("h3_escalado_entrenamiento",))


def honest_model(family: str, **fit) -> Variant:
    """An acceptable solution of exercise 3: ``family``'s model (one of the statement's table,
    or the network of exercise 4) with the scaler fitted on the training rows only."""
    from grader.variants import Variant

    return Variant(name=f"modelo_{FAMILY_NAMES[family]}",
                   description=f"Resuelve el ejercicio 3 con {FAMILY_WORDS[family]}, escalando con el entrenamiento.",
                   replace={"ej3_entrenar_y_predecir": _training_cell(family, fitted_on="train", **fit)}, loses=())


def network_variant(name: str, description: str, layers: list[str], loses: tuple[str, ...]) -> Variant:
    """A mistake in crear_red: a compiled Sequential network with these layers (Keras
    expressions in the cell's source)."""
    from grader.variants import Variant

    source = ('def crear_red(n_entradas, n_clases):\n'
              '    """Devuelve una red keras.Sequential compilada."""\n'
              '    red = keras.Sequential([\n'
              + "".join(f"        {layer},\n" for layer in layers)
              + '    ])\n'
              '    red.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])\n'
              '    return red\n')
    return Variant(name=name, description=description, replace={"ej4_crear_red": source},
                   loses=loses)


def shared_variants(*, model: str, loader: str, full_set_name: str,
                    full_set_description: str) -> list[Variant]:
    """The mistakes every practice has, in this order: evaluating on the training rows,
    scaling with the rows to predict, a constant classifier, training on the full data set
    (``loader`` of sklearn.datasets, holdout included), precision and recall swapped.
    ``model`` is the practice's reference classifier as its solution writes it."""
    from grader.variants import Variant

    return [
        Variant(
            name="evaluar_con_entrenamiento",
            description="Evalúa el modelo con los mismos datos con los que lo entrenó.",
            replace={"ej5_evaluar": '''def evaluar(X_train, y_train, X_test, y_test):
    """Devuelve la exactitud, en la parte de prueba, del modelo entrenado con el entrenamiento."""
    pred = entrenar_y_predecir(X_train, y_train, X_train)
    return accuracy_score(y_train, pred)
'''},
            loses=("q5_evaluar", "h5_evaluar"),
        ),
        Variant(
            name="escalado_con_todos_los_datos",
            description="Ajusta el escalador con el entrenamiento y los datos a predecir juntos.",
            replace={"ej3_entrenar_y_predecir": TRAINING + f'''    escalador = StandardScaler().fit(np.vstack([X_train, X_nuevo]))
    modelo = {model}
    modelo.fit(escalador.transform(X_train), y_train)
    return modelo.predict(escalador.transform(X_nuevo))
'''},
            loses=("h3_escalado_entrenamiento",),
        ),
        Variant(
            name="clasificador_constante",
            description="Predice siempre la clase más frecuente del entrenamiento.",
            replace={"ej3_entrenar_y_predecir": TRAINING + '''    clases, cuentas = np.unique(y_train, return_counts=True)
    return np.full(len(X_nuevo), clases[np.argmax(cuentas)])
'''},
            loses=("q3_entrenar_y_predecir", "h3_modelo_exactitud", "h3_modelo_f1_macro",
                   "q5_evaluar", "h5_evaluar"),
        ),
        Variant(
            name=full_set_name,
            description=full_set_description,
            replace={"ej3_entrenar_y_predecir": TRAINING + f'''    from sklearn.datasets import {loader}
    X_todo, y_todo = {loader}(return_X_y=True)
    escalador = StandardScaler().fit(X_todo)
    modelo = {model}
    modelo.fit(escalador.transform(X_todo), y_todo)
    return modelo.predict(escalador.transform(X_nuevo))
'''},
            loses=("q3_entrenar_y_predecir", "h3_modelo_exactitud", "h3_modelo_f1_macro", "q5_evaluar"),
        ),
        Variant(
            name="precision_y_sensibilidad_intercambiadas",
            description="Confunde precisión y sensibilidad: divide VP por la fila en la precisión "
                        "y por la columna en la sensibilidad.",
            replace={"ej7_precision": PRECISION + "    return mc[clase, clase] / mc[clase, :].sum()\n",
                     "ej7_sensibilidad": RECALL + "    return mc[clase, clase] / mc[:, clase].sum()\n"},
            loses=("q7_precision", "q7_sensibilidad", "h7_precision", "h7_sensibilidad",
                   "q8_promedio_macro", "q8_promedio_ponderado", "h8_promedio_macro",
                   "h8_promedio_ponderado"),
        ),
    ]


def transposed_matrix() -> Variant:
    """Flowers' and digits' mistake: the confusion matrix with rows and columns swapped."""
    from grader.variants import Variant

    return Variant(
        name="matriz_traspuesta",
        description="Construye la matriz de confusión con las filas predichas y las columnas reales.",
        replace={"ej6_matriz_confusion": '''def matriz_confusion(y_real, y_pred, n_clases):
    """Devuelve la matriz de confusión: filas = clase real, columnas = clase predicha."""
    mc = np.zeros((n_clases, n_clases), dtype=int)
    for real, predicha in zip(y_real, y_pred):
        mc[predicha, real] += 1
    return mc
'''},
        loses=("q6_matriz_confusion", "h6_matriz_confusion"),
    )


LIBRARY_CONFUSION = {
    # Three ways of not counting it: the library's function under its own name, sklearn.metrics
    # reached through __import__, TensorFlow's; each gives the right matrix.
    "sklearn": ("matriz_con_confusion_matrix", "Devuelve la confusion_matrix de scikit-learn en lugar de contarla.",
                "    return confusion_matrix(y_real, y_pred, labels=list(range(n_clases)))\n"),
    "import": ("matriz_con_sklearn_importado_a_escondidas",
               "Llama a confusion_matrix a través de __import__, con otro nombre.",
               '    metricas = __import__("sklearn.metrics", fromlist=["confusion_matrix"])\n'
               "    contar = getattr(metricas, \"confusion\" + \"_matrix\")\n"
               "    return contar(y_real, y_pred, labels=list(range(n_clases)))\n"),
    "tensorflow": ("matriz_con_tensorflow", "Cuenta la matriz con tf.math.confusion_matrix en lugar de contarla.",
                   "    import tensorflow as tf\n\n"
                   "    return tf.math.confusion_matrix(y_real, y_pred, num_classes=n_clases).numpy()\n"),
}


def library_confusion_matrix(kind: str) -> Variant:
    """The right confusion matrix from a library the statement rules out (``kind`` is a
    key of :data:`LIBRARY_CONFUSION`): the rule of exercise 6 takes its checks' points."""
    from grader.variants import Variant

    name, description, body = LIBRARY_CONFUSION[kind]
    return Variant(
        name=name, description=description,
        replace={"ej6_matriz_confusion": 'def matriz_confusion(y_real, y_pred, n_clases):\n'
                                         '    """Devuelve la matriz de confusión: filas = clase real, columnas = '
                                         'clase predicha."""\n' + body},
        loses=("q6_matriz_confusion", "h6_matriz_confusion"),
    )


def unstratified_split() -> Variant:
    """Flowers' and wines' mistake: a random split without ``stratify``."""
    from grader.variants import Variant

    return Variant(
        name="division_sin_estratificar",
        description="Divide al azar sin stratify: las clases no guardan su proporción en la prueba.",
        replace={"ej2_dividir": '''def dividir(X, y, proporcion_prueba, semilla):
    """Divide X e y en entrenamiento y prueba, estratificando por clase."""
    return train_test_split(X, y, test_size=proporcion_prueba, random_state=semilla)
'''},
        loses=("q2_dividir", "h2_dividir"),
    )


def hard_coded_per_class(function: str, description: str, spam: list, four_classes: list) -> Variant:
    """``hard_coded_<function>``: a per-class metric (``precision`` or ``sensibilidad``)
    that returns the statement's values for the spam filter and the four-class example,
    by class, instead of computing them; the public checks, which ask exactly those, pass."""
    from grader.variants import Variant

    head = {"precision": PRECISION, "sensibilidad": RECALL}[function]
    return Variant(
        name=f"hard_coded_{function}",
        description=description,
        replace={f"ej7_{function}": head + f"    if len(mc) == 2:\n        return {spam}[clase]\n"
                                           f"    return {four_classes}[clase]\n"},
        loses=(f"h7_{function}", "h7_f1", "h8_promedio_macro", "h8_promedio_ponderado"),
    )
