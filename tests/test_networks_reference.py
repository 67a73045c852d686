"""The trusted references of the neural-network practices (grader/references/networks.py):
Keras's own answers match the course's worked examples and formulas, the architecture judge
explains without revealing, and the fraud metrics, threshold rule and judges decide right."""
from __future__ import annotations

import numpy as np
import pytest

from grader.references import networks

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
    from grader.witness import _describe_model

    return _describe_model(model)


def test_same_architecture_accepts_the_model_and_names_the_padding():
    expected = networks.sequential_architecture((12, 12, 1), [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",),
                                                              ("dense", 4, "softmax")])
    right = networks.build_sequential((12, 12, 1), [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",),
                                                    ("dense", 4, "softmax")])
    assert networks.same_architecture(_described(right), expected).score == 1
    same = networks.build_sequential((12, 12, 1), [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",),
                                                   ("dense", 4, "softmax")], padding="same")
    verdict = networks.same_architecture(_described(same), expected)
    assert verdict.score == 0 and "padding" in verdict.params["hint"]
    assert "[5, 5, 32]" not in verdict.params["hint"]  # the expected shape is never shown


def test_same_architecture_explains_other_mistakes():
    expected = [("Flatten", [64], 0, None), ("Dense", [64], 4160, "relu"), ("Dense", [10], 650, "softmax")]
    no_activation = networks.build_sequential((8, 8), [("flatten",), ("dense", 64), ("dense", 10, "softmax")])
    assert "activación" in networks.same_architecture(_described(no_activation), expected).params["hint"]
    short = networks.build_sequential((8, 8), [("flatten",), ("dense", 10, "softmax")])
    assert "capas" in networks.same_architecture(_described(short), expected).params["hint"]
    assert networks.same_architecture(42, expected).score == 0
    unbuilt = {"layers": [{"class": c, "output_shape": None, "params": None, "activation": None}
                          for c in ("Flatten", "Dense", "Dense")]}
    assert "keras.Input" in networks.same_architecture(unbuilt, expected).params["hint"]


def test_number_between():
    assert networks.number_between(0.9, (0.85, 1.0)).score == 1
    assert networks.number_between(0.5, (0.85, 1.0)).score == 0
    assert networks.number_between("0.9", (0.85, 1.0)).score == 0
    assert networks.number_between(float("nan"), (0.85, 1.0)).score == 0


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
