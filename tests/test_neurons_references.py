"""The trusted side of the neuron and perceptron practice (neurons): the slides' gates and
the course's step convention, a perceptron that learns them with exact arithmetic, case
makers that keep their promise (every known mistake gives another answer on every case)
and judges that name a rule without giving a hidden value away."""
from __future__ import annotations

import numpy as np
import pytest

from grader.references import neurons as N
from grader_client.judges.neurons import realizes_table, same_outputs, same_step, same_training

TABLE = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])


def test_the_slides_gates_need_the_step_to_fire_at_zero():
    assert N.neuron(TABLE, [2, 1], -3).tolist() == [0, 0, 0, 1]
    assert N.neuron(TABLE, [2, 2], -2).tolist() == [0, 1, 1, 1]
    assert N.neuron(TABLE, [2, 1], -3, strict=True).tolist() == [0, 0, 0, 0]
    assert N.neuron_expected(TABLE, [2, 2], -2)["z_cero"] == [1, 2]
    assert N.at_least(2, 3) == [0, 0, 0, 1, 0, 1, 1, 1]


def test_the_perceptron_finds_the_slides_and_and_never_stops_on_xor():
    w, b, errors = N.train_perceptron(TABLE, [0, 0, 0, 1], 1.0, 10)
    assert (w.tolist(), b, errors) == ([2.0, 1.0], -3.0, [2, 3, 3, 2, 1, 0])
    _, _, errors = N.train_perceptron(TABLE, [0, 1, 1, 0], 1.0, 6)
    assert len(errors) == 6 and min(errors) > 0
    # Starting from zero, the rate only scales the weights (and ties at z = 0 stay ties).
    w4, b4, errors4 = N.train_perceptron(TABLE, [0, 1, 1, 1], 0.25, 20)
    w1, b1, errors1 = N.train_perceptron(TABLE, [0, 1, 1, 1], 1.0, 20)
    assert errors4 == errors1 and np.array_equal(4 * w4, w1) and 4 * b4 == b1


def test_adaline_learns_from_the_error_before_the_step():
    _, _, history = N.train_adaline(TABLE, [0, 0, 0, 1], 0.1, 50)
    assert history[-1] < history[0] and len(history) == 50
    assert N.train_adaline(TABLE, [0, 0, 0, 1], 0.1, 5, thresholded=True)[2] != N.train_adaline(TABLE, [0, 0, 0, 1], 0.1, 5)[2]


@pytest.mark.parametrize("seed", range(4))
def test_case_makers_separate_the_known_mistakes(seed):
    rng = np.random.default_rng(seed)
    for X, w, b in N.neuron_cases(rng):
        right = N.neuron(X, w, b)
        assert not np.array_equal(right, N.neuron(X, w, b, strict=True))
        assert not np.array_equal(right, N.neuron(X, w, b, bias=False))
    for k, n in N.at_least_cases(rng):
        assert 3 <= n <= 6 and (k, n) not in N.STATEMENT_AT_LEAST
        assert N.at_least(k, n) != N.at_least(k - 1, n)  # the bias -(k - 1) fires too early
    for X, W, b in N.layer_cases(rng):
        assert not np.isin(N.layer(X, W, b, step=False), (0, 1)).all()
    for (X,) in N.xor_cases(rng):
        assert len(X) != 4 and {(0, 0), (1, 1)} <= {tuple(r) for r in X.tolist()}
    for case in N.step_cases(rng):
        expected = N.step_expected(*case)
        assert all(other != {"w": expected["w"], "b": expected["b"]} for other in expected["otras"].values())
    for X, y, eta, epochs in N.separable_cases(rng):
        expected = N.perceptron_expected(X, y, eta, epochs)
        assert expected["historial"][-1] == 0 and len(expected["historial"]) <= epochs - 2
        assert expected["otras"]["sin_parar"]["historial"] != expected["historial"]
        assert expected["otras"]["una_epoca_menos"]["historial"] == expected["historial"]
    for X, y, eta, epochs in N.non_separable_cases(rng):
        expected = N.perceptron_expected(X, y, eta, epochs)
        assert len(expected["historial"]) == epochs and min(expected["historial"]) > 0
        assert expected["otras"]["una_epoca_menos"]["historial"] != expected["historial"]
        assert expected["otras"]["sin_parar"]["historial"] == expected["historial"]
    for case in N.adaline_cases(rng):
        expected = N.adaline_expected(*case)
        assert expected["historial"][-1] < expected["historial"][0]
        assert expected["otras"]["con_escalon"]["historial"] != expected["historial"]


def test_perceptron_cases_are_exact_in_floating_point():
    """Integer inputs and rates 1, 1/2, 1/4: any order of the same sums gives the same bits."""
    for X, y, eta, epochs in N.separable_cases(np.random.default_rng(9), n=3):
        w, b, errors = N.train_perceptron(X, y, eta, epochs)
        assert np.all(w / eta == np.round(w / eta)) and b / eta == round(b / eta)


def test_output_judge_names_the_step_rule_and_accepts_only_0_or_1():
    expected = N.neuron_expected(TABLE, [2, 1], -3)
    assert same_outputs(np.array([0, 0, 0, 1]), expected).score == 1
    assert "z = 0" in same_outputs(np.array([0, 0, 0, 0]), expected).params["hint"]
    assert "escalón" in same_outputs(np.array([-3.0, -2.0, -1.0, 0.0]), expected).params["hint"]
    assert "forma" in same_outputs(np.array([0, 1]), expected).params["hint"]


def test_truth_table_judge_accepts_any_weights_that_compute_it():
    and_gate = N.at_least_expected(2, 2)
    assert realizes_table(([2, 1], -3), and_gate).score == 1  # the slides' AND
    assert realizes_table((np.ones(2), -2), and_gate).score == 1
    assert realizes_table((np.ones(2), -1), and_gate).score == 0
    assert "3 pesos" in realizes_table(([1, 1], -2), N.at_least_expected(2, 3)).params["hint"]


def test_step_and_training_judges_name_the_known_mistakes():
    x, w = np.array([1, 1, 0]), np.array([0.5, -1, 0.25])
    expected = N.step_expected(x, 1, w, 0.0, 0.5)
    flipped = N.perceptron_step(x, 1, w, 0.0, 0.5, sign=-1)
    assert same_step(N.perceptron_step(x, 1, w, 0.0, 0.5), expected).score == 1
    assert "signo" in same_step(flipped, expected).params["hint"]
    expected = N.perceptron_expected(TABLE, [0, 0, 0, 1], 1.0, 10)
    assert same_training(N.train_perceptron(TABLE, [0, 0, 0, 1], 1.0, 10), expected).score == 1
    running = N.train_perceptron(TABLE, [0, 0, 0, 1], 1.0, 10, stop=False)
    assert "época sin errores" in same_training(running, expected).params["hint"]
    expected = N.perceptron_expected(TABLE, [0, 1, 1, 0], 1.0, 6)
    short = N.train_perceptron(TABLE, [0, 1, 1, 0], 1.0, 6, epochs_run=5)
    assert "una época menos" in same_training(short, expected).params["hint"]
    expected = N.adaline_expected(TABLE, [0, 0, 0, 1], 0.1, 5)
    perceptron_like = N.train_adaline(TABLE, [0, 0, 0, 1], 0.1, 5, thresholded=True)
    verdict = same_training(perceptron_like, expected)
    assert "antes del escalón" in verdict.params["hint"]
    assert not any(repr(v) in verdict.params["hint"] for v in expected["historial"])
