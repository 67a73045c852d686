"""Recommender systems (Práctica 14): trusted references and fresh cases.

The course's definitions, one function each:

- the rating matrix: users in rows, items in columns, ``nan`` where a user rated nothing;
- cosine similarity and Pearson correlation of two rating vectors, computed on the items
  *both* rated (each vector centred on its own mean over those items, for Pearson); 0 when
  they share no item (cosine), fewer than two (Pearson), or a norm is 0;
- user-based collaborative filtering: the ``k`` users most similar by Pearson among those
  who rated the item, ``r̄_u + Σ s·(r_vi − r̄_v) / Σ |s|``; item-based: the ``k`` items most
  similar by cosine (over the users who rated both) among those the user rated,
  ``Σ s·r_uj / Σ |s|``; ties go to the lower index; the user's mean when ``Σ |s| = 0``;
- matrix factorisation by full-batch gradient descent on the observed entries of
  ``R ≈ U·Vᵀ`` with L2 regularisation, both factors updated from the previous ones:
  ``E = M ⊙ (R − U Vᵀ)``, ``U ← U + α (E V − λ U)``, ``V ← V + α (Eᵀ U − λ V)``;
- RMSE, and precision@k of one user: of the ``k`` items with the highest predicted rating,
  the share whose real rating reaches the relevance threshold.

Case makers draw fresh inputs from a check's seeded generator and keep only cases where the
known wrong answers of ``solutions/recommenders/variants.py`` differ from the right one, so a
mistake loses every case of a check.
"""
from __future__ import annotations

import numpy as np

# The similarities, the predictions built on them and the RMSE are written "by hand" (the
# statement's words): their functions must not call a library's (see grader_client.rules).
BY_HAND_SIMILARITY = ("scipy", "sklearn", "numpy.corrcoef", "numpy.cov", "statistics", ".corr", ".corrwith")
BY_HAND_ERROR = ("sklearn.metrics",)

# --- references ---------------------------------------------------------------------------


def rating_matrix(ratings, n_users: int, n_items: int) -> np.ndarray:
    R = np.full((n_users, n_items), np.nan)
    for user, item, rating in ratings:
        R[int(user), int(item)] = float(rating)
    return R


def _both(a, b) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    shared = ~np.isnan(a) & ~np.isnan(b)
    return a[shared], b[shared]


def cosine(a, b) -> float:
    a, b = _both(a, b)
    norms = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / norms) if len(a) and norms > 0 else 0.0


def pearson(a, b) -> float:
    a, b = _both(a, b)
    if len(a) < 2:
        return 0.0
    a, b = a - a.mean(), b - b.mean()
    norms = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / norms) if norms > 0 else 0.0


def _top(similarities: list[float], k: int) -> list[int]:
    """Positions of the ``k`` highest similarities, ties to the lower position."""
    return sorted(range(len(similarities)), key=lambda j: -similarities[j])[:k]


def user_based(R, user: int, item: int, k: int, similarity=pearson) -> float:
    R = np.asarray(R, dtype=float)
    others = [v for v in range(len(R)) if v != user and not np.isnan(R[v, item])]
    sims = [similarity(R[user], R[v]) for v in others]
    chosen = [(sims[j], others[j]) for j in _top(sims, k)]
    mean = float(np.nanmean(R[user]))
    weight = sum(abs(s) for s, _ in chosen)
    if weight == 0:
        return mean
    return mean + sum(s * (R[v, item] - np.nanmean(R[v])) for s, v in chosen) / weight


def item_based(R, user: int, item: int, k: int, similarity=cosine) -> float:
    R = np.asarray(R, dtype=float)
    rated = [j for j in range(R.shape[1]) if j != item and not np.isnan(R[user, j])]
    sims = [similarity(R[:, item], R[:, j]) for j in rated]
    chosen = [(sims[j], rated[j]) for j in _top(sims, k)]
    weight = sum(abs(s) for s, _ in chosen)
    if weight == 0:
        return float(np.nanmean(R[user]))
    return float(sum(s * R[user, j] for s, j in chosen) / weight)


def factorize(R, U, V, alpha: float, regularization: float, epochs: int) -> tuple[np.ndarray, np.ndarray]:
    R = np.asarray(R, dtype=float)
    U, V = np.array(U, dtype=float), np.array(V, dtype=float)
    observed = ~np.isnan(R)
    known = np.where(observed, R, 0.0)
    for _ in range(int(epochs)):
        E = np.where(observed, known - U @ V.T, 0.0)
        U, V = U + alpha * (E @ V - regularization * U), V + alpha * (E.T @ U - regularization * V)
    return U, V


def rmse(real, predicted) -> float:
    real, predicted = np.asarray(real, dtype=float), np.asarray(predicted, dtype=float)
    return float(np.sqrt(np.mean((real - predicted) ** 2)))


def precision_at_k(real, predicted, k: int, threshold: float) -> float:
    order = np.argsort(-np.asarray(predicted, dtype=float), kind="stable")[:k]
    return float(np.sum(np.asarray(real, dtype=float)[order] >= threshold) / k)


def item_mean_baseline(X_train, y_train, X_new) -> np.ndarray:
    """Each item's mean rating in the training rows (the overall mean for an item nobody
    rated there): the baseline a recommender must beat."""
    X_train, X_new = np.asarray(X_train).astype(int), np.asarray(X_new).astype(int)
    size = int(max(X_train[:, 1].max(), X_new[:, 1].max())) + 1
    sums = np.bincount(X_train[:, 1], weights=np.asarray(y_train, dtype=float), minlength=size)
    counts = np.bincount(X_train[:, 1], minlength=size)
    means = np.where(counts > 0, sums / np.maximum(counts, 1), float(np.mean(y_train)))
    return means[X_new[:, 1]]


ITEM_MEAN = "la media de cada película"


def register_rating_metrics() -> None:
    """The metric and the baseline of the model check, for :mod:`grader.holdout`
    (calibration and judges): the RMSE of predicted ratings, and each item's mean rating
    (``"media_item"``)."""
    from grader.holdout import Metric, register_metric
    from grader.references.baselines import register_baseline

    register_metric("rmse", Metric("raíz del error cuadrático medio (RMSE)",
                                   lambda y, pred: rmse(y, np.asarray(pred, dtype=float).reshape(len(y))),
                                   higher_is_better=False, name_en="root mean squared error (RMSE)"))
    register_baseline("media_item", ITEM_MEAN, item_mean_baseline)


# --- the known wrong answers the case makers steer clear of -------------------------------

def _cosine_zero_filled(a, b) -> float:
    a, b = np.nan_to_num(np.asarray(a, dtype=float)), np.nan_to_num(np.asarray(b, dtype=float))
    norms = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / norms) if norms > 0 else 0.0


def _pearson_own_means(a, b) -> float:
    """Each vector centred on the mean of all its ratings, not of the shared ones."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    shared = ~np.isnan(a) & ~np.isnan(b)
    if shared.sum() < 2:
        return 0.0
    x, y = a[shared] - np.nanmean(a), b[shared] - np.nanmean(b)
    norms = np.linalg.norm(x) * np.linalg.norm(y)
    return float(x @ y / norms) if norms > 0 else 0.0


def _differ(a: float, b: float) -> bool:
    return abs(a - b) > 1e-6 * max(1.0, abs(b))


# --- fresh cases --------------------------------------------------------------------------

def _int(rng, low: int, high: int) -> int:
    return int(rng.integers(low, high + 1))


def random_matrix(rng, n_users: int, n_items: int, density: float = 0.6) -> np.ndarray:
    """Ratings 1 to 5 in half steps, ``nan`` elsewhere; every user and item rated at least twice."""
    while True:
        R = np.where(rng.random((n_users, n_items)) < density,
                     rng.integers(2, 11, size=(n_users, n_items)) / 2, np.nan)
        rated = ~np.isnan(R)
        if rated.sum(axis=1).min() >= 2 and rated.sum(axis=0).min() >= 2:
            return R


def matrix_cases(rng, count: int = 6) -> list[tuple]:
    """``(valoraciones, n_usuarios, n_items)``: lists of ``(usuario, item, valoracion)`` in a
    random order, some users and items with no rating at all (a row or column of nan)."""
    cases = []
    for _ in range(count):
        n_users, n_items = _int(rng, 3, 8), _int(rng, 3, 9)
        R = np.where(rng.random((n_users, n_items)) < 0.5, rng.integers(2, 11, size=(n_users, n_items)) / 2, np.nan)
        R[rng.integers(n_users)] = np.nan
        users, items = np.nonzero(~np.isnan(R))
        ratings = [(int(u), int(i), float(R[u, i])) for u, i in zip(users, items)]
        order = rng.permutation(len(ratings))
        cases.append(([ratings[j] for j in order], n_users, n_items))
    return cases


def vector_pair_cases(rng, count: int = 8) -> list[tuple]:
    """``(a, b)``: two rating vectors sharing at least three items, each with items the other
    did not rate (so filling the gaps with zeros, or centring on all of a user's ratings,
    changes the result)."""
    cases = []
    while len(cases) < count:
        n = _int(rng, 6, 15)
        a, b = (np.where(rng.random(n) < 0.7, rng.integers(2, 11, size=n) / 2, np.nan) for _ in range(2))
        shared = ~np.isnan(a) & ~np.isnan(b)
        only = (~np.isnan(a) & np.isnan(b)).any() and (np.isnan(a) & ~np.isnan(b)).any()
        if shared.sum() >= 3 and only and _differ(_cosine_zero_filled(a, b), cosine(a, b)) \
                and _differ(_pearson_own_means(a, b), pearson(a, b)) and pearson(a, b) != 0.0:
            cases.append((a, b))
    return cases


def _prediction_cases(rng, count: int, predict, wrong) -> list[tuple]:
    """``(R, usuario, item, k)`` of an unrated pair with more candidates than ``k``, no tie
    at the ``k``-th similarity, and a wrong similarity that changes the prediction."""
    cases = []
    while len(cases) < count:
        R = random_matrix(rng, _int(rng, 5, 9), _int(rng, 5, 9))
        missing = np.argwhere(np.isnan(R))
        if not len(missing):
            continue
        user, item = (int(v) for v in missing[rng.integers(len(missing))])
        k = _int(rng, 2, 3)
        right, mistaken = predict(R, user, item, k), wrong(R, user, item, k)
        if predict(R, user, item, k + 100) == right:  # k must matter: more candidates than k
            continue
        if _differ(mistaken, right) and not _tied(R, user, item, k, predict):
            cases.append((R, user, item, k))
    return cases


def _tied(R, user: int, item: int, k: int, predict) -> bool:
    """Whether the ``k``-th and ``k + 1``-th most similar candidates tie."""
    if predict is user_based:
        others = [v for v in range(len(R)) if v != user and not np.isnan(R[v, item])]
        sims = sorted((pearson(R[user], R[v]) for v in others), reverse=True)
    else:
        rated = [j for j in range(R.shape[1]) if j != item and not np.isnan(R[user, j])]
        sims = sorted((cosine(R[:, item], R[:, j]) for j in rated), reverse=True)
    return len(sims) > k and abs(sims[k - 1] - sims[k]) < 1e-9


def user_based_cases(rng, count: int = 6) -> list[tuple]:
    return _prediction_cases(rng, count, user_based,
                             lambda R, u, i, k: user_based(R, u, i, k, similarity=_pearson_own_means))


def item_based_cases(rng, count: int = 6) -> list[tuple]:
    return _prediction_cases(rng, count, item_based,
                             lambda R, u, i, k: item_based(R, u, i, k, similarity=_cosine_zero_filled))


def factorization_cases(rng, count: int = 4) -> list[tuple]:
    """``(R, U, V, alfa, regularizacion, epocas)``: small matrices with gaps, factors drawn
    around 0.5, a step small enough to converge."""
    cases = []
    for _ in range(count):
        n_users, n_items, factors = _int(rng, 3, 7), _int(rng, 3, 7), _int(rng, 2, 3)
        R = random_matrix(rng, n_users, n_items)
        U = np.round(rng.uniform(0.1, 1.0, size=(n_users, factors)), 2)
        V = np.round(rng.uniform(0.1, 1.0, size=(n_items, factors)), 2)
        cases.append((R, U, V, float(rng.choice([0.01, 0.02])), float(rng.choice([0.05, 0.1, 0.5])),
                      _int(rng, 3, 40)))
    return cases


def rmse_cases(rng, count: int = 6) -> list[tuple]:
    cases = []
    for _ in range(count):
        real = rng.integers(2, 11, size=_int(rng, 3, 15)) / 2
        cases.append((real, np.round(np.clip(real + rng.normal(0, 0.8, size=len(real)), 0.5, 5), 2)))
    return cases


def precision_cases(rng, public: set = frozenset(), count: int = 6) -> list[tuple]:
    """``(reales, predichas, k, umbral)`` of one user, without ties among the predictions, with
    as many relevant items as makes precision differ from recall, and never a ``(k,
    precision)`` of the statement's examples (``public``: copying their results fails)."""
    cases = []
    while len(cases) < count:
        n = _int(rng, 6, 15)
        real = rng.integers(2, 11, size=n) / 2
        predicted = np.round(np.clip(real + rng.normal(0, 1.0, size=n), 0.5, 5), 3)
        k, threshold = _int(rng, 2, min(5, n - 1)), float(rng.choice([3.5, 4.0]))
        relevant = int(np.sum(real >= threshold))
        hits = precision_at_k(real, predicted, k, threshold) * k
        if len(set(predicted.tolist())) == n and relevant not in (0, k) and hits > 0 \
                and not any(k == k_ and abs(hits / k - p) < 1e-9 for k_, p in public):
            cases.append((real, predicted, k, threshold))
    return cases
