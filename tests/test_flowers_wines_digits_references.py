"""The trusted side of the classification practices (flowers, wines, digits): the
references give the course's worked examples, the case makers keep their promises (every
known mistake gives another answer on every case) and the judges accept the right answer,
refuse the known wrong ones and explain why without a hidden value; the checks and
variants built once for the three practices add up and name only checks that exist."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import train_test_split

from grader.references import classification as C
from grader_client.judges import classification as J
from grader.references import classification_practice as P

SPAM = np.array([[70, 10], [15, 5]])  # rows: true class, columns: predicted; 1 = spam
Y_TRAIN = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]
Y_PRED = [0, 2, 1, 3, 0, 1, 2, 0, 0, 1, 2, 3]


def _by_hand(matrix, label):
    tp = matrix[label, label]
    fp, fn = matrix[:, label].sum() - tp, matrix[label, :].sum() - tp
    tn = matrix.sum() - tp - fp - fn
    return tp, fp, fn, tn


def test_course_examples():
    assert round(C.precision(SPAM, 1), 2) == 0.33
    assert C.accuracy(SPAM) == 0.75 and C.recall(SPAM, 1) == 0.25
    assert C.specificity(SPAM, 1) == 70 / 80
    four = C.confusion(Y_TRAIN, Y_PRED, 4)
    assert four.tolist() == [[3, 0, 0, 0], [0, 2, 1, 0], [0, 1, 2, 0], [1, 0, 0, 2]]
    assert C.accuracy(four) == 0.75 and C.precision(four, 0) == 0.75 and C.recall(four, 0) == 1.0
    assert [C.correlation_strength(r) for r in (0.8, -0.8, 0.79, -0.5, 0.49, -0.1)] == \
        ["fuerte", "fuerte", "débil", "débil", "nula", "nula"]


@pytest.mark.parametrize("seed", range(3))
def test_references_agree_with_the_formulas(seed):
    for (matrix,) in C.matrix_cases(np.random.default_rng(seed)):
        assert C.confusion(*C.labels_from_matrix(matrix), len(matrix)).tolist() == matrix.tolist()
        for label in range(len(matrix)):
            tp, fp, fn, tn = _by_hand(matrix, label)
            assert C.precision(matrix, label) == pytest.approx(tp / (tp + fp))
            assert C.recall(matrix, label) == pytest.approx(tp / (tp + fn))
            assert C.specificity(matrix, label) == pytest.approx(tn / (tn + fp))
        weights = matrix.sum(axis=1) / matrix.sum()
        recalls = [C.recall(matrix, c) for c in range(len(matrix))]
        assert C.macro_average(matrix)[1] == pytest.approx(np.mean(recalls))
        assert C.weighted_average(matrix)[1] == pytest.approx(np.dot(weights, recalls))


@pytest.mark.parametrize("seed", range(3))
def test_case_makers_separate_the_known_mistakes(seed):
    rng = np.random.default_rng(seed)
    sizes = {len(m) for m, _ in C.class_cases(rng)}
    assert 2 in sizes and sizes - {2}, "binary and multiclass matrices"
    for matrix, label in C.precision_cases(rng):
        assert abs(C.precision(matrix, label) - C.recall(matrix, label)) > 1e-3
        assert not np.isclose(C.precision(matrix, label), C.EXAMPLE_VALUES, atol=1e-3).any()
    for matrix, label in C.specificity_cases(rng):
        tp, fp, fn, tn = _by_hand(matrix, label)
        assert tn / (tn + fn) != pytest.approx(C.specificity(matrix, label))
    for matrix, label in C.f1_cases(rng):
        p, r = C.precision(matrix, label), C.recall(matrix, label)
        assert (p + r) / 2 != pytest.approx(C.f1(matrix, label))
    for (matrix,) in C.accuracy_cases(rng):
        assert C.accuracy(matrix) != pytest.approx(0.75)
    for y_true, y_pred, k in C.asymmetric_label_cases(rng):
        matrix = C.confusion(y_true, y_pred, k)
        assert matrix.tolist() != matrix.T.tolist()
    for X, y, fraction, split_seed in C.stratification_cases(rng):
        plain = train_test_split(X, y, test_size=fraction, random_state=split_seed)
        layered = train_test_split(X, y, test_size=fraction, random_state=split_seed, stratify=y)
        facts = C.split_facts(X, y, fraction, split_seed)
        assert J.stratified_split(tuple(plain), facts).score == 0
        assert J.stratified_split(tuple(layered), facts).score == 1
    assert all(n != 4 and k != 3 for n, k in C.network_cases(rng, avoid=(4, 3)))
    strengths = {C.correlation_strength(r) for (r,) in C.correlation_cases(rng)}
    assert strengths == {"fuerte", "débil", "nula"}


def test_split_judge_wants_the_same_rows_with_their_labels():
    X, y = np.arange(40.0).reshape(20, 2), np.array([0] * 12 + [1] * 8)
    facts = C.split_facts(X, y, 0.25, 0)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    assert J.stratified_split((X_tr, X_te, y_tr, y_te), facts).score == 1
    assert J.stratified_split((X_tr, X_te, y_tr, 1 - y_te), facts).score == 0
    assert J.stratified_split((X_tr, X_te), facts).score == 0
    assert "estratificada" not in J.stratified_split((X_tr, X_te, y_tr, 1 - y_te), facts).params["hint"]


def _network(last_activation="softmax", units=3, first_params=(4 + 1) * 16):
    return {"class": "Sequential", "params": 0, "layers": [
        {"class": "Dense", "units": 16, "activation": "relu", "params": first_params},
        {"class": "Dense", "units": units, "activation": last_activation, "params": 17 * units}]}


def test_network_judge():
    facts = C.network_facts(4, 3)
    assert J.softmax_network(_network(), facts).score == 1
    softmax_layer = _network(last_activation="linear")
    softmax_layer["layers"].append({"class": "Softmax", "activation": None})
    assert J.softmax_network(softmax_layer, facts).score == 1
    wrong_networks = [(_network(last_activation="sigmoid"), "softmax"), (_network(units=2), "una por clase"),
                      (_network(first_params=None), "keras.Input"),
                      (_network(first_params=14 * 16), "n_entradas"),
                      ({"class": "Functional", "layers": []}, "Sequential"), ("texto", "modelo de Keras")]
    for wrong, words in wrong_networks:
        verdict = J.softmax_network(wrong, facts)
        assert verdict.score == 0 and words in verdict.params["hint"]


def test_evaluation_judge_and_cases():
    assert J.evaluates_on_test([0.95, 0.03]).score == 1
    assert J.evaluates_on_test([0.98, 0.97]).score == 0  # evaluated on the training rows
    assert J.evaluates_on_test([0.34, 0.33]).score == 0  # a model that learns nothing
    assert J.evaluates_on_test([95.0, 3.0]).score == 0  # a percentage, not a fraction
    X, y = np.arange(60.0).reshape(30, 2), np.repeat([0, 1, 2], 10)
    (X_tr, y_tr, X_te, y_te), (X_tr2, y_tr2, X_te2, moved) = C.evaluation_cases(X, y, np.random.default_rng(0))
    assert np.array_equal(X_tr, X_tr2) and np.array_equal(y_tr, y_tr2) and np.array_equal(X_te, X_te2)
    assert np.all(moved == (y_te + 1) % 3)


def test_labels_judge_takes_scores_as_their_largest():
    assert J.same_labels(np.array([[0.1, 0.9], [0.8, 0.2]]), [1, 0]).score == 1
    assert J.same_labels(np.array([1, 1]), [1, 0]).score == 0
    holdout_labels = np.array([5, 5, 5])  # only their number matters
    alike = [np.array([0, 1, 2]), np.array([0, 1, 2, 2, 2])]
    assert C.predicts_holdout_alike(alike, holdout_labels).score == 1
    changed = [np.array([0, 1, 2]), np.array([1, 1, 0, 2])]
    assert C.predicts_holdout_alike(changed, holdout_labels).score == 0


# --- the checks and variants the three practices build from one design ---------------------

PER_MATRIX = {"exactitud": C.accuracy, "precision": C.precision, "sensibilidad": C.recall,
              "especificidad": C.specificity, "f1": C.f1, "promedio_macro": C.macro_average,
              "promedio_ponderado": C.weighted_average, "matriz_confusion": C.confusion,
              "fuerza_correlacion": C.correlation_strength}


def test_public_examples_are_the_references_values():
    """The literal expected values students read are what the references compute."""
    for check in P.public_checks(network=(4, 3)):
        reference = PER_MATRIX.get(check.ask.function)
        if reference is None:
            continue
        for case, expected in zip(check.ask.cases, check.expected, strict=True):
            computed = reference(*case)
            if isinstance(expected, str):
                assert computed == expected, check.id
            else:
                assert np.allclose(computed, expected, rtol=1e-12, atol=0), check.id


def _small_split():
    from grader import holdout

    X, y = np.arange(120.0).reshape(60, 2), np.repeat([0, 1, 2], 20)
    return holdout.split(X, y, fraction=0.2, seed=0)


def test_checks_total_thirty_points_with_one_id_each():
    thresholds = {"accuracy": {"threshold": 0.8}, "macro_f1": {"threshold": 0.8}}
    public = P.public_checks(network=(13, 3))
    hidden = P.hidden_checks(_small_split(), thresholds, public_network=(13, 3), unseen="12 filas")
    assert (len(public), sum(c.points for c in public)) == (13, 6.5)
    assert (len(hidden), sum(c.points for c in hidden)) == (15, 23.5)
    ids = [c.id for c in public + hidden]
    assert len(ids) == len(set(ids))
    for check in public + hidden:
        assert check.hidden == check.id.startswith("h") and check.question == "q" + check.id[1]
    q4 = next(c for c in public if c.id == "q4_crear_red")
    assert q4.ask.cases == [(13, 3)] and q4.description.startswith("crear_red(13, 3)")
    h4 = next(c for c in hidden if c.id == "h4_crear_red")
    assert all(n != 13 and k != 3 for n, k in h4.ask.inputs(np.random.default_rng(0)))


def test_built_variants_are_python_and_lose_known_checks():
    thresholds = {"accuracy": {"threshold": 0.8}, "macro_f1": {"threshold": 0.8}}
    ids = {c.id for c in P.public_checks(network=(4, 3))} | \
        {c.id for c in P.hidden_checks(_small_split(), thresholds, public_network=(4, 3), unseen="12 filas")}
    variants = P.shared_variants(model="SVC()", loader="load_iris", full_set_name="entrena_con_iris_completo",
                                 full_set_description="...") + [
        P.transposed_matrix(), P.unstratified_split(),
        P.hard_coded_per_class("precision", "...", spam=[0.5, 0.5], four_classes=[1.0, 1.0, 1.0, 1.0]),
        P.hard_coded_per_class("sensibilidad", "...", spam=[0.5, 0.5], four_classes=[1.0, 1.0, 1.0, 1.0]),
        P.network_variant("red", "...", ["keras.layers.Dense(n_clases)"], loses=("h4_crear_red",))]
    assert [v.name for v in variants[:5]] == [
        "evaluar_con_entrenamiento", "escalado_con_todos_los_datos", "clasificador_constante",
        "entrena_con_iris_completo", "precision_y_sensibilidad_intercambiadas"]
    for variant in variants:
        assert set(variant.loses) <= ids, variant.name
        for source in variant.replace.values():
            compile(source, variant.name, "exec")
