"""The trusted references of the neural-network practices (grader/references/networks.py):
Keras's own answers match the course's worked examples and formulas, the architecture judge
explains without revealing, and the fraud metrics, threshold rule and judges decide right."""
from __future__ import annotations

import numpy as np
import pytest

from grader_client import messages
from grader.references import networks
from grader_client.judges.networks import number_between, same_architecture, same_decisions, same_metrics

COURSE_MODEL = [("conv", 32, 3), ("pool", 2), ("conv", 16, 3), ("pool", 2), ("flatten",), ("dense", 10)]


# --- layer arithmetic, answered by Keras ---------------------------------------------------

def test_worked_examples_of_the_course():
    assert networks.conv2d_params(64, 3, 1) == 640
    assert networks.conv_output_size(28, 3) == 26
    assert networks.dense_params(26 * 26 * 64, 15) == 43264 * 15 + 15
    assert networks.sequential_params((28, 28, 1), COURSE_MODEL) == 8954
    assert networks.sequential_params((28, 28, 1), [("conv", 64, 3), ("flatten",), ("dense", 15)]) \
        == 640 + 43264 * 15 + 15


@pytest.mark.parametrize("n, k, p, s", [(28, 3, 0, 1), (28, 5, 2, 1), (32, 3, 1, 2), (7, 3, 0, 2),
                                        (13, 4, 3, 3), (5, 5, 0, 1), (64, 7, 1, 3)])
def test_output_size_is_the_course_formula(n, k, p, s):
    assert networks.conv_output_size(n, k, p, s) == (n + 2 * p - k) // s + 1


@pytest.mark.parametrize("filters, k, channels", [(1, 1, 1), (32, 3, 1), (16, 3, 32), (7, 5, 3)])
def test_conv_and_dense_parameters_include_the_biases(filters, k, channels):
    assert networks.conv2d_params(filters, k, channels) == filters * k * k * channels + filters
    assert networks.dense_params(channels * 10, filters) == channels * 10 * filters + filters


def test_sequential_reference_takes_lists_or_tuples_and_caches():
    as_lists = [list(layer) for layer in COURSE_MODEL]
    assert networks.sequential_params([28, 28, 1], as_lists) == 8954
    assert networks.sequential_params((28, 28, 1), tuple(COURSE_MODEL)) == 8954


def test_architecture_of_the_cnn_of_the_practice():
    rows = networks.sequential_architecture(
        (8, 8, 1), [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",), ("dense", 10, "softmax")])
    assert rows == [("Conv2D", [6, 6, 32], 320, "relu"), ("MaxPooling2D", [3, 3, 32], 0, None),
                    ("Flatten", [288], 0, None), ("Dense", [10], 2890, "softmax")]


# --- the architecture judge ------------------------------------------------------------------

def _described(model):
    from grader_client.witness import _describe_model

    return _describe_model(model)


def test_same_architecture_accepts_the_model_and_names_the_padding():
    expected = networks.sequential_architecture((12, 12, 1), [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",),
                                                              ("dense", 4, "softmax")])
    right = networks.build_sequential((12, 12, 1), [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",),
                                                    ("dense", 4, "softmax")])
    assert same_architecture(_described(right), expected).score == 1
    same = networks.build_sequential((12, 12, 1), [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",),
                                                   ("dense", 4, "softmax")], padding="same")
    verdict = same_architecture(_described(same), expected)
    assert verdict.score == 0 and "padding" in verdict.params["hint"]
    assert "[5, 5, 32]" not in verdict.params["hint"]  # the expected shape is never shown


def test_same_architecture_explains_other_mistakes():
    expected = [("Flatten", [64], 0, None), ("Dense", [64], 4160, "relu"), ("Dense", [10], 650, "softmax")]
    no_activation = networks.build_sequential((8, 8), [("flatten",), ("dense", 64), ("dense", 10, "softmax")])
    assert "activación" in same_architecture(_described(no_activation), expected).params["hint"]
    short = networks.build_sequential((8, 8), [("flatten",), ("dense", 10, "softmax")])
    assert "capas" in same_architecture(_described(short), expected).params["hint"]
    assert same_architecture(42, expected).score == 0
    unbuilt = {"layers": [{"class": c, "output_shape": None, "params": None, "activation": None}
                          for c in ("Flatten", "Dense", "Dense")]}
    assert "keras.Input" in same_architecture(unbuilt, expected).params["hint"]


def test_number_between():
    assert number_between(0.9, (0.85, 1.0)).score == 1
    assert number_between(0.5, (0.85, 1.0)).score == 0
    assert number_between("0.9", (0.85, 1.0)).score == 0
    assert number_between(float("nan"), (0.85, 1.0)).score == 0


# --- data sources of the practices ------------------------------------------------------------

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def test_digits_by_default_and_a_configured_mnist_file(tmp_path):
    from grader import holdout
    from grader.checks import load_module

    dataset = load_module(ROOT / "solutions" / "nn-vs-cnn" / "dataset.py")
    X, y = dataset.load()
    assert X.shape == (1797, 8, 8) and X.max() == 16 and sorted(set(y)) == list(range(10))

    rng = np.random.default_rng(0)
    fake = tmp_path / "mnist.npz"  # the layout of Keras's mnist.npz, with random pixels
    np.savez(fake, x_train=rng.integers(0, 256, (120, 28, 28), dtype=np.uint8), y_train=np.arange(120) % 10,
             x_test=rng.integers(0, 256, (30, 28, 28), dtype=np.uint8), y_test=np.arange(30) % 10)
    holdout.use_sources({"mnist": fake})
    try:
        X, y = dataset.load()
        assert X.shape == (150, 28, 28) and X.dtype == np.float32 and len(y) == 150
        dataset.release_data(tmp_path / "data")
        released = np.load(tmp_path / "data" / dataset.RELEASED_FILE)
        assert released["X"].shape == (105, 28, 28)  # the holdout (30 %) stays out
        dataset.MNIST_ROWS = 100  # a larger file is cut to a seeded, stratified subset
        X, y = dataset.load()
        assert X.shape == (100, 28, 28) and np.bincount(y).tolist() == [10] * 10
    finally:
        holdout.use_sources({})


def test_public_literals_of_nn_vs_cnn_agree_with_keras():
    from grader.checks import load_module

    checks = {c.id: c for c in load_module(ROOT / "assignments" / "nn-vs-cnn" / "checks.py").CHECKS}
    references = {"q1_parametros_densa": networks.dense_params, "q3_tamano_salida": networks.conv_output_size,
                  "q4_parametros_conv2d": networks.conv2d_params, "q5_contar_parametros": networks.sequential_params}
    for check_id, reference in references.items():
        check = checks[check_id]
        assert [reference(*case) for case in check.ask.cases] == check.expected, check_id
    dense = [("flatten",), ("dense", 64, "relu"), ("dense", 10, "softmax")]
    cnn = [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",), ("dense", 10, "softmax")]
    assert [networks.sequential_architecture(shape, dense) for shape, _ in checks["q2_crear_red_densa"].ask.cases] \
        == checks["q2_crear_red_densa"].expected
    assert [networks.sequential_architecture(shape, cnn) for shape, _ in checks["q6_crear_cnn"].ask.cases] \
        == checks["q6_crear_cnn"].expected


# --- fraud detection ------------------------------------------------------------------------

def _brute_force_best_f1(scores, labels):
    from sklearn.metrics import f1_score

    best, best_f1 = None, -1.0
    for t in sorted(set(scores), reverse=True):  # highest first: ties keep the highest
        f1 = f1_score(labels, (scores >= t).astype(int), zero_division=0)
        if f1 > best_f1 + 1e-12:
            best, best_f1 = t, f1
    return best


@pytest.mark.parametrize("seed", range(5))
def test_best_f1_threshold_is_the_brute_force_one(seed):
    rng = np.random.default_rng(seed)
    labels = (rng.random(300) < 0.1).astype(int)
    scores = np.round(np.where(labels == 1, rng.beta(4, 2, 300), rng.beta(2, 4, 300)), 2)  # with ties
    assert networks.best_f1_threshold(scores, labels) == _brute_force_best_f1(scores, labels)
    thresholds, _, accuracy = networks.threshold_table(scores, labels)
    assert accuracy[3] == pytest.approx(np.mean((scores >= thresholds[3]) == labels))


def test_public_literals_of_fraud_agree_with_the_references():
    from grader.checks import load_module

    checks = {c.id: c for c in load_module(ROOT / "assignments" / "fraud" / "checks.py").CHECKS}
    for check_id, reference in [("q2_metricas_fraude", networks.positive_class_metrics),
                                ("q3_areas_bajo_curva", networks.areas_under_curves)]:
        check = checks[check_id]
        for case, expected in zip(check.ask.cases, check.expected):
            assert same_metrics(expected, reference(*case)).score == 1, check_id
    check = checks["q4_elegir_umbral"]
    for (scores, labels), expected in zip(check.ask.cases, check.expected):
        assert networks.best_f1_threshold(scores, labels) == expected["umbral"]
    assert [float(np.mean(np.asarray(y) == 0)) for (y,) in checks["q1_exactitud_nunca_fraude"].ask.cases] \
        == checks["q1_exactitud_nunca_fraude"].expected
    model = [("dense", 16, "relu"), ("dense", 8, "relu"), ("dense", 1, "sigmoid")]
    assert [networks.sequential_architecture((n,), model) for (n,) in checks["q5_crear_modelo"].ask.cases] \
        == checks["q5_crear_modelo"].expected


def test_same_decisions_accepts_any_threshold_between_the_same_scores():
    expected = {"umbral": 0.36, "puntuaciones": [0.1, 0.3, 0.36, 0.5, 0.9]}
    assert same_decisions(0.36, expected).score == 1
    assert same_decisions(0.33, expected).score == 1  # still flags 0.36 and above
    assert same_decisions(0.5, expected).score == 0
    assert same_decisions("0.36", expected).score == 0


def test_same_metrics_names_the_wrong_key_without_its_value():
    expected = {"roc_auc": 0.95, "pr_auc": 0.8333333333333333}
    assert same_metrics({"roc_auc": 0.95, "pr_auc": 0.8333333333}, expected).score == 1
    verdict = same_metrics({"roc_auc": 0.95, "pr_auc": 0.95}, expected)
    assert verdict.score == 0 and "pr_auc" in verdict.params["hint"] and "0.833" not in verdict.params["hint"]
    assert same_metrics({"roc_auc": 0.95}, expected).score == 0
    assert same_metrics([0.95, 0.83], expected).score == 0


def _fraud_labels(rows=5000, frauds=9):
    y = np.zeros(rows, dtype=int)
    y[np.random.default_rng(0).choice(rows, frauds, replace=False)] = 1
    return y


def test_constant_models_score_nothing_on_the_fraud_metrics():
    y = _fraud_labels()
    never = np.zeros((len(y), 2))
    always = np.column_stack([np.ones(len(y)), np.ones(len(y))])
    assert networks.fraud_pr_auc(y, never) == pytest.approx(y.mean())  # PR-AUC of chance
    assert networks.fraud_precision(y, never) == 0 and networks.fraud_recall(y, never) == 0
    assert networks.fraud_precision(y, always) == pytest.approx(y.mean())
    assert networks.fraud_recall(y, always) == 0  # flags 100 %, over the reviewers' budget


def test_fraud_metrics_of_a_good_model_and_bad_answers():
    y = _fraud_labels()
    scores = np.where(y == 1, 0.9, 0.1)
    decisions = y.copy()
    decisions[np.flatnonzero(y == 0)[:3]] = 1  # three false alarms
    good = np.column_stack([scores, decisions])
    assert networks.fraud_pr_auc(y, good) == 1
    assert networks.fraud_precision(y, good) == pytest.approx(9 / 12)
    assert networks.fraud_recall(y, good) == 1
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        networks.fraud_pr_auc(y, scores)
    with pytest.raises(ValueError, match="0 y 1"):
        networks.fraud_precision(y, np.column_stack([scores, scores]))


def test_fraud_judge_explains_the_control_and_the_alert_budget():
    from grader import holdout

    networks.register_fraud_metrics()
    y = _fraud_labels()
    good = np.column_stack([np.where(y == 1, 0.9, 0.1), y])
    assert networks.fraud_on_holdout([good, good], y, metric="pr_auc", threshold=0.8).score == 1
    blind = np.column_stack([np.full(len(y), 0.5), np.zeros(len(y))])
    verdict = networks.fraud_on_holdout([good, blind], y, metric="pr_auc", threshold=0.8)
    assert verdict.score == 0 and verdict.key == "model_ignores_training"
    assert "columnas en otro orden" in messages.render(verdict.key, verdict.params, hidden=True)
    everything = np.column_stack([np.where(y == 1, 0.9, 0.1), np.ones(len(y))])
    verdict = networks.fraud_on_holdout([everything, everything], y, metric="recall_fraude", threshold=0.6)
    assert verdict.score == 0 and "1 %" in verdict.params["hint"] and "100.0 %" in verdict.params["hint"]
    assert "recall_fraude" in holdout.METRICS


def test_fraud_data_is_synthetic_by_default_and_the_real_file_when_configured(tmp_path):
    from grader import holdout
    from grader.checks import load_module

    dataset = load_module(ROOT / "solutions" / "fraud" / "dataset.py")
    frame = dataset.generate()
    assert list(frame.columns) == dataset.FEATURES + ["Class"]
    assert len(frame) == dataset.ROWS and frame["Class"].sum() == round(dataset.ROWS * 492 / 284_807)
    assert frame.equals(dataset.generate())  # seeded: the same table every time
    part = holdout.course_split(dataset)
    assert part.y_holdout.sum() >= 40  # frauds enough in the holdout for stable metrics
    dataset.release_data(tmp_path / "synthetic")
    assert "SINTÉTICOS" in (tmp_path / "synthetic" / dataset.ORIGIN_FILE).read_text(encoding="utf-8")

    real = tmp_path / "creditcard.csv"  # the real file's layout, a few rows
    small = frame.iloc[:2000].copy()
    small.loc[small.index[:10], "Class"] = 1
    small.to_csv(real, index=False)
    holdout.use_sources({"creditcard": real})
    try:
        X, y = dataset.load()
        assert X.shape == (2000, 30) and y.sum() == small["Class"].sum()
        dataset.release_data(tmp_path / "real")
        assert "reales" in (tmp_path / "real" / dataset.ORIGIN_FILE).read_text(encoding="utf-8")
    finally:
        holdout.use_sources({})
