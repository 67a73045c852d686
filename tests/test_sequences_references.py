"""The trusted references of Práctica 13, sequences (grader/references/sequences.py and the
recurrent functions of grader/references/networks.py): Keras's answers match the course's
formulas, windows and the naive forecast are right, the stretches share no value, the case
makers keep only cases where the known mistakes show, the judges explain without revealing,
and the model judge gives nothing to a model that does not beat the naive forecast."""
from __future__ import annotations

import numpy as np
import pytest

from grader.references import networks
from grader.references import sequences as S
from grader.references.baselines import learns_and_beats_baseline
from grader_client.judges.sequences import same_output_shape, same_windows


def _rnn(m, n):
    return n * (m + n + 1)


# --- layer arithmetic, answered by Keras ---------------------------------------------------

@pytest.mark.parametrize("m, n", [(1, 32), (3, 8), (16, 4), (1, 1), (64, 128)])
def test_recurrent_parameters_are_the_course_formulas(m, n):
    assert networks.recurrent_params("rnn", m, n) == _rnn(m, n)
    assert networks.recurrent_params("lstm", m, n) == 4 * _rnn(m, n)
    assert networks.recurrent_params("gru", m, n) == 3 * n * (m + n + 2)  # Keras: reset_after=True


def test_output_shapes_with_and_without_the_sequence():
    assert networks.recurrent_output_shape((12, 1), 16, False) == (16,)
    assert networks.recurrent_output_shape((12, 1), 16, True) == (12, 16)
    assert networks.recurrent_output_shape((30, 3), 8, True, kind="gru") == (30, 8)


def test_stacked_models_of_the_statement():
    layers = [("rnn", 8, True), ("lstm", 16, True), ("gru", 4, False), ("dense", 1)]
    assert networks.recurrent_model_params((12, 1), layers) == 80 + 1600 + 264 + 5 == 1949
    assert networks.recurrent_model_params([10, 2], [["gru", 6, True], ["rnn", 5, True], ["lstm", 3, True],
                                                     ["dense", 1]]) == 352
    assert networks.recurrent_architecture((12, 1), [("lstm", 16), ("dense", 1)]) == \
        [("LSTM", [16], 1152, "tanh"), ("Dense", [1], 17, "linear")]


# --- windows, the naive forecast, the stretches ---------------------------------------------

def test_sliding_windows_of_the_statement():
    X, y = S.sliding_windows([1, 2, 3, 4, 5, 6], 3)
    assert X.shape == (3, 3, 1) and X[:, :, 0].tolist() == [[1, 2, 3], [2, 3, 4], [3, 4, 5]]
    assert y.tolist() == [4, 5, 6]
    assert S.last_value_forecast(X).tolist() == [3, 4, 5]


def test_stretches_share_no_value_and_cover_the_series_in_order():
    series = np.arange(40.0)
    X, y, starts = S.disjoint_stretches(series, 4)
    assert X.shape == (8, 4, 1) and starts.tolist() == list(range(0, 40, 5))
    blocks = np.column_stack([X[:, :, 0], y])
    assert blocks.ravel().tolist() == series.tolist()  # each value in exactly one stretch


def test_the_naive_baseline_follows_the_sign_of_the_targets():
    X = np.array([[[1.0], [2.0]], [[3.0], [4.0]]])
    assert S.last_value_baseline(X, np.array([5.0, 6.0]), X).tolist() == [2.0, 4.0]
    assert S.last_value_baseline(X, np.array([-5.0, -6.0]), X).tolist() == [-2.0, -4.0]


def test_the_practice_data_releases_only_its_stretches():
    from grader import holdout
    from grader.checks import load_module
    from conftest import ROOT

    dataset = load_module(ROOT / "solutions/sequences/dataset.py")
    X, y = dataset.load()
    assert X.shape == (310, 12, 1) and y.shape == (310,)
    part = holdout.course_split(dataset)
    released = {tuple(row) for row in np.column_stack([part.X[:, :, 0], part.y])}
    held = {tuple(row) for row in np.column_stack([part.X_holdout[:, :, 0], part.y_holdout])}
    assert len(part.X_holdout) == 78 and not released & held
    assert "mae_mw" in holdout.METRICS and "ultimo_valor" in holdout.BASELINES


# --- case makers: the known mistakes show in every case --------------------------------------

def rng():
    return np.random.default_rng(7)


def test_layer_sizes_avoid_the_statement_and_the_mistakes_show():
    public = {(1, 16), (3, 8)}
    cases = S.layer_size_cases(rng(), public)
    assert len(cases) == 8 and not set(cases) & public
    for m, n in cases:
        assert 3 * n * (m + n + 1) != networks.recurrent_params("gru", m, n)
        assert n * (m + 1) != networks.recurrent_params("rnn", m, n)


def test_output_shape_cases_ask_both_ways():
    cases = S.output_shape_cases(rng())
    assert {sequences for _, _, sequences in cases} == {True, False}


def _unchained(shape, layers) -> int:
    """The count of a student who feeds every recurrent layer with the model's input features."""
    total, previous = 0, shape[1]
    for kind, units, *_ in layers:
        total += networks.recurrent_params(kind, shape[1], units) if kind != "dense" else (previous + 1) * units
        previous = units
    return total


def test_stacked_models_have_every_kind_and_show_a_missing_chain():
    public_lstm = {(8, 16), (3, 8), (5, 3)}
    for shape, layers in S.recurrent_model_cases(rng(), public_lstm):
        kinds = [layer[0] for layer in layers if layer[0] != "dense"]
        assert sorted(kinds) == ["gru", "lstm", "rnn"] and layers[-1][0] == "dense"
        assert layers[0][2] and layers[1][2]  # every recurrent layer but the last returns its sequence
        assert _unchained(shape, layers) != networks.recurrent_model_params(shape, layers)
        fed = [shape[1]] + [layer[1] for layer in layers[:-1]]
        assert not {(m, layer[1]) for m, layer in zip(fed, layers) if layer[0] == "lstm"} & public_lstm


def test_window_and_naive_cases():
    for series, steps in S.window_cases(rng()):
        assert len(series) - steps >= 2
    for (X,) in S.naive_cases(rng()):
        assert X.ndim == 3 and np.all(X[:, 0, 0] != X[:, -1, 0])


# --- judges -----------------------------------------------------------------------------------

def test_same_output_shape_explains_the_batch_axis_and_the_comma():
    assert same_output_shape((12, 16), (12, 16)).score == 1
    assert same_output_shape([16], (16,)).score == 1
    assert "lote" in same_output_shape((None, 12, 16), (12, 16)).params["hint"]
    assert "coma" in same_output_shape(16, (16,)).params["hint"]
    wrong = same_output_shape((16, 12), (12, 16))
    assert wrong.score == 0 and "[16, 12]" in wrong.params["hint"] and "(12, 16)" not in wrong.params["hint"]
    assert same_output_shape("16", (16,)).score == 0


def test_same_windows_explains_the_usual_mistakes_without_the_answer():
    X, y = S.sliding_windows([10, 12, 15, 11, 9], 2)
    assert same_windows((X, y), (X, y)).score == 1
    assert same_windows((X.tolist(), y.tolist()), (X.tolist(), y.tolist())).score == 1
    assert "características" in same_windows((X[:, :, 0], y), (X, y)).params["hint"]
    assert "n − pasos" in same_windows((X[:-1], y[:-1]), (X, y)).params["hint"]
    assert "después" in same_windows((X, X[:, -1, 0]), (X, y)).params["hint"]
    assert "dos cosas" in same_windows(X, (X, y)).params["hint"]
    shifted = same_windows((X + 1, y), (X, y))
    assert shifted.score == 0 and "15" not in shifted.params["hint"]


# --- the model judge --------------------------------------------------------------------------

def test_a_model_that_does_not_beat_the_naive_forecast_gets_nothing():
    y = np.array([100.0, 200.0, 300.0, 400.0])
    naive = np.array([110.0, 190.0, 310.0, 390.0])  # MAE 10
    judge = dict(metric="mae_mw", threshold=50.0, baseline=200.0, share=0.5, rule=naive, rule_name=S.NAIVE)
    good = learns_and_beats_baseline([y + 5, -y - 5], y, **judge)
    assert good.score == 1 and good.key == "model_ok"
    worse = learns_and_beats_baseline([y + 20, -y - 20], y, **judge)  # under the target, not under the rule
    assert worse.score == 0 and "ingenua" in worse.params["hint"] and "20.000" in worse.params["hint"]
    ignores = learns_and_beats_baseline([y + 5, y + 5], y, **judge)
    assert ignores.score == 0 and ignores.key == "model_ignores_training"
