"""The trusted references of Práctica 14, recommenders (grader/references/recommenders.py):
the statement's worked examples, the case makers (every case shows the known mistakes, has
no tie at the k-th neighbour and never repeats a statement's answer), the judges of the
rating matrix and of the factors, the practice's data, and the model judge against each
film's mean rating."""
from __future__ import annotations

import math

import numpy as np
import pytest

from grader.references import recommenders as RC
from grader.references.baselines import learns_and_beats_baseline
from grader_client.judges.recommenders import same_factors, same_rating_matrix

n = np.nan
R = np.array([[5.0, 4.0, n, 1.0, 2.0, n],
              [4.0, n, 4.0, 2.0, 1.0, 5.0],
              [1.0, 2.0, 2.0, 5.0, n, 1.0],
              [n, 5.0, 4.0, 1.0, 2.0, 4.0],
              [2.0, 1.0, n, 4.0, 5.0, 2.0]])


def rng():
    return np.random.default_rng(11)


# --- references: the statement's worked examples ---------------------------------------------

def test_similarities_use_the_items_both_rated():
    assert RC.cosine(R[0], R[1]) == pytest.approx(24 / math.sqrt(30 * 21))
    assert RC.pearson(R[0], R[1]) == pytest.approx(0.8386278693775344)
    assert RC.pearson(R[0], R[2]) == pytest.approx(-1.0)
    assert RC.cosine([1, n], [n, 2]) == 0.0 and RC.pearson([1, 2, n], [3, n, 4]) == 0.0
    assert RC.pearson([2, 2, 2], [1, 2, 3]) == 0.0  # a constant vector: the denominator is 0


def test_predictions_of_the_statement():
    assert RC.user_based(R, 0, 5, 2) == pytest.approx(4.257142857142857)
    assert RC.item_based(R, 0, 2, 2) == pytest.approx(4.494839975826746)
    lonely = np.array([[5.0, n], [n, 3.0]])  # nobody else rated item 1: the user's mean
    assert RC.user_based(lonely, 0, 1, 2) == 5.0 and RC.item_based(lonely, 0, 1, 2) == 5.0


def test_factorization_updates_both_factors_from_the_previous_step():
    R3 = np.array([[5.0, 3.0, n], [4.0, n, 1.0], [n, 1.0, 5.0]])
    U0, V0 = np.array([[0.5, 0.5], [0.4, 0.6], [0.7, 0.2]]), np.array([[0.6, 0.3], [0.2, 0.8], [0.5, 0.5]])
    U, V = RC.factorize(R3, U0, V0, 0.05, 0.1, 1)
    E = np.where(np.isnan(R3), 0, np.nan_to_num(R3) - U0 @ V0.T)
    assert np.allclose(U, U0 + 0.05 * (E @ V0 - 0.1 * U0)) and np.allclose(V, V0 + 0.05 * (E.T @ U0 - 0.1 * V0))
    assert U0[0, 0] == 0.5  # the inputs are not modified
    U, V = RC.factorize(R3, U0, V0, 0.05, 0.1, 500)
    known = ~np.isnan(R3)
    assert np.abs((U @ V.T - np.nan_to_num(R3))[known]).max() < 0.2


def test_rmse_precision_and_the_item_mean():
    assert RC.rmse([4, 3, 5], [3.5, 3, 4]) == pytest.approx(math.sqrt(1.25 / 3))
    assert RC.precision_at_k([5, 2, 4, 1, 3], [4.8, 3.9, 4.1, 2.0, 3.0], 3, 4.0) == pytest.approx(2 / 3)
    X_train, y_train = np.array([[0, 0], [1, 0], [0, 1]]), np.array([4.0, 2.0, 5.0])
    assert RC.item_mean_baseline(X_train, y_train, np.array([[2, 0], [2, 1], [2, 2]])).tolist() == \
        [3.0, 5.0, pytest.approx(11 / 3)]


# --- case makers ------------------------------------------------------------------------------

def test_matrix_cases_have_a_user_without_ratings():
    for ratings, n_users, n_items in RC.matrix_cases(rng()):
        M = RC.rating_matrix(ratings, n_users, n_items)
        assert M.shape == (n_users, n_items) and np.isnan(M).all(axis=1).any()


def test_vector_pairs_show_both_similarity_mistakes():
    for a, b in RC.vector_pair_cases(rng()):
        assert RC._differ(RC._cosine_zero_filled(a, b), RC.cosine(a, b))
        assert RC._differ(RC._pearson_own_means(a, b), RC.pearson(a, b))


@pytest.mark.parametrize("make, predict, similarity, wrong", [
    (RC.user_based_cases, RC.user_based, RC.pearson, RC._pearson_own_means),
    (RC.item_based_cases, RC.item_based, RC.cosine, RC._cosine_zero_filled)])
def test_prediction_cases_show_the_wrong_similarity_and_have_no_tie(make, predict, similarity, wrong):
    for M, user, item, k in make(rng()):
        assert np.isnan(M[user, item])
        assert RC._differ(predict(M, user, item, k, similarity=wrong), predict(M, user, item, k))
        assert not RC._tied(M, user, item, k, predict)


def test_precision_cases_tell_precision_from_recall_and_avoid_the_statement():
    public = {(3, 2 / 3), (2, 0.5)}
    for real, predicted, k, threshold in RC.precision_cases(rng(), public):
        hits = RC.precision_at_k(real, predicted, k, threshold) * k
        assert hits > 0 and np.sum(real >= threshold) != k
        assert not any(k == k_ and abs(hits / k - p) < 1e-9 for k_, p in public)
        assert len(set(predicted.tolist())) == len(predicted)


# --- judges -----------------------------------------------------------------------------------

def test_same_rating_matrix_explains_zeros_and_a_transposed_matrix():
    want = RC.rating_matrix([(0, 0, 5.0), (1, 2, 3.5)], 2, 3)
    assert same_rating_matrix(want.copy(), want).score == 1
    assert "np.nan" in same_rating_matrix(np.nan_to_num(want), want).params["hint"]
    assert "filas" in same_rating_matrix(want.T, want).params["hint"]
    moved = same_rating_matrix(RC.rating_matrix([(0, 0, 3.5), (1, 2, 5.0)], 2, 3), want)
    assert moved.score == 0 and "casilla" in moved.params["hint"]
    assert same_rating_matrix("matriz", want).score == 0


def test_same_factors_points_at_a_v_updated_with_the_new_u():
    R3 = np.array([[5.0, 3.0, n], [4.0, n, 1.0], [n, 1.0, 5.0]])
    U0, V0 = np.full((3, 2), 0.5), np.full((3, 2), 0.4)
    U, V = RC.factorize(R3, U0, V0, 0.05, 0.1, 1)
    assert same_factors((U, V), (U, V)).score == 1
    assert "época anterior" in same_factors((U, V + 0.01), (U, V)).params["hint"]
    assert "E = M" in same_factors((U + 0.01, V), (U, V)).params["hint"]
    assert "forma" in same_factors((U.T, V), (U, V)).params["hint"]
    assert "dos cosas" in same_factors(U, (U, V)).params["hint"]


# --- the practice's data and its model judge ---------------------------------------------------

def test_the_practice_data_is_the_dense_part_of_movielens():
    from grader import holdout
    from grader.checks import load_module
    from conftest import ROOT

    dataset = load_module(ROOT / "solutions/recommenders/dataset.py")
    X, y = dataset.load()
    assert X.shape == (24683, 2) and X[:, 0].max() == 430 and X[:, 1].max() == 199
    assert set(np.unique(y)) <= set(np.arange(1, 11) / 2)
    assert len({tuple(row) for row in X}) == len(X)  # one rating per pair
    assert "rmse" in holdout.METRICS and "media_item" in holdout.BASELINES


def test_a_model_no_better_than_the_film_means_gets_nothing():
    y = np.array([4.0, 3.0, 5.0, 2.0])
    means = np.array([3.8, 3.2, 4.7, 2.4])  # RMSE about 0.27
    judge = dict(metric="rmse", threshold=0.9, baseline=1.2, share=0.5, rule=means, rule_name=RC.ITEM_MEAN)
    assert learns_and_beats_baseline([y + 0.1, -y - 0.1], y, **judge).score == 1
    same = learns_and_beats_baseline([means, -means], y, **judge)
    assert same.score == 0 and "media de cada película" in same.params["hint"]
