"""The trusted side of the backpropagation practice (backprop): the numerical gradient the
hidden check compares with, against the chain rule; a softmax that survives huge logits;
case makers that keep their promise; the XOR recipe of the statement; judges that name a
mistake without giving a hidden value away."""
from __future__ import annotations

import numpy as np
import pytest

from grader.references import backprop as B
from grader_client.judges.backprop import same_result, solves_task

TABLE = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])


@pytest.mark.parametrize("seed", range(3))
def test_the_numerical_gradient_agrees_with_the_chain_rule(seed):
    for X, Y, params, activation in B.network_cases(np.random.default_rng(seed)):
        numerical = B.numerical_gradients(X, Y, params, activation)
        analytic = B.analytic_gradients(X, Y, params, activation)
        for name, value in params.items():
            assert numerical[name].shape == np.shape(value)
            assert np.allclose(numerical[name], analytic[name], rtol=1e-6, atol=1e-8), name


def test_softmax_rows_and_huge_logits():
    Z = np.array([[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -999.0]])
    P = B.softmax(Z)
    assert np.allclose(P.sum(axis=1), 1) and np.allclose(P[0], P[1])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert not np.all(np.isfinite(naive))


def test_losses_of_the_statement():
    losses = B.binary_losses([1, 0, 1, 1], [0.9, 0.2, 0.6, 0.4])
    assert losses["ecm"] == pytest.approx(0.1425)
    assert losses["entropia_cruzada"] == pytest.approx(-np.mean(np.log([0.9, 0.8, 0.6, 0.4])))
    Y, P = np.eye(3), np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    assert B.categorical_cross_entropy(Y, P) == pytest.approx(-np.log([0.7, 0.8, 0.4]).mean())


def test_inverted_dropout_keeps_the_mean():
    rng = np.random.default_rng(0)
    A = np.full((200, 50), 2.0)
    assert B.dropout(A, 0.4, True, rng.random(A.shape)).mean() == pytest.approx(2.0, rel=0.02)
    assert np.array_equal(B.dropout(A, 0.4, False, None), A)


@pytest.mark.parametrize("seed", range(3))
def test_case_makers_separate_the_known_mistakes(seed):
    rng = np.random.default_rng(seed)
    for (z,) in B.derivative_cases(rng):
        expected = B.derivatives_expected(z)
        for other in expected["otras"].values():
            assert any(not np.allclose(other[key], expected["valor"][key]) for key in other)
    for (Z,) in B.softmax_cases(rng):
        with np.errstate(over="ignore", invalid="ignore"):
            naive = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
        assert not np.all(np.isfinite(naive))
        assert not np.allclose(B.softmax(Z), B.softmax(Z, axis=0))
    for case in B.network_cases(rng):
        expected = B.gradients_expected(*case)
        for other in expected["otras"].values():
            assert not all(np.allclose(other[k], expected["valor"][k], rtol=1e-5, atol=1e-7) for k in other)
    for case in B.forward_cases(rng):
        expected = B.forward_expected(*case)
        assert not np.allclose(expected["otras"]["oculta_sin_activacion"]["A1"], expected["valor"]["A1"])
    for training in (True, False):
        for case in B.dropout_cases(rng, training):
            expected = B.dropout_expected(*case)
            assert all(not np.allclose(other, expected["valor"]) for other in expected["otras"].values())


def test_the_statement_recipe_solves_xor_and_its_cases():
    assert B.train_and_predict(TABLE, [0, 1, 1, 0], TABLE).tolist() == [0, 1, 1, 0]
    for X, y, X_new in B.xor_task_cases(np.random.default_rng(5), n_cases=2):
        labels = B.xor_task_expected(X, y, X_new)
        assert np.mean(B.train_and_predict(X, y, X_new) == labels) >= 0.97
        assert np.mean(B.train_and_predict(X, y, X_new, derivative=False) == labels) <= 0.8


def test_result_judge_names_mistakes_and_hides_the_answer():
    X, Y = np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([[1, 0], [0, 1]])
    params = {"W1": np.array([[0.5, -0.3, 0.8], [0.2, 0.4, -0.6]]), "b1": np.array([0.1, 0.0, -0.1]),
              "W2": np.array([[1.0, -1.0], [0.3, 0.8], [-0.5, 1.0]]), "b2": np.array([0.0, 0.2])}
    expected = B.gradients_expected(X, Y, params, "sigmoide")
    right = B.analytic_gradients(X, Y, params, "sigmoide")
    assert same_result(right, expected, rel=1e-5, abs_tol=1e-7).score == 1
    unscaled = B.analytic_gradients(X, Y, params, "sigmoide", mean=False)
    verdict = same_result(unscaled, expected, rel=1e-5, abs_tol=1e-7)
    assert "m veces" in verdict.params["hint"]
    assert not any(f"{v:.4f}" in verdict.params["hint"] for v in expected["valor"]["W1"].ravel())
    wide_bias = {**right, "b1": np.tile(right["b1"], (2, 1))}
    assert "suma las filas" in same_result(wide_bias, expected, rel=1e-5, abs_tol=1e-7).params["hint"]
    Z = np.array([[1000.0, 1001.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert "máximo" in same_result(naive, B.softmax_expected(Z)).params["hint"]


def test_task_judge_counts_hits_on_new_points():
    assert solves_task([0, 1, 1, 0], [0, 1, 1, 0], bar=1.0).score == 1
    assert solves_task(np.array([[0.9, 0.1], [0.2, 0.8]]), [0, 1]).score == 1
    assert "50%" in solves_task([0, 1, 0, 1], [0, 1, 1, 0]).params["hint"]
    assert "predicciones" in solves_task([0, 1, 1, 0], [0, 1, 1, 0, 1]).params["hint"]
