"""Model validation (Práctica 12): trusted references and fresh cases; their judges are the
client's (:mod:`grader_client.judges.validation`).

The references are scikit-learn's, so a student's hand-written folds, curve and area are
compared with the library the course shows them: ``KFold`` without shuffling (the first
n % k folds one element larger), ``cross_val_score`` of a k-nearest-neighbours classifier
on those folds, ``roc_curve`` with every threshold (``drop_intermediate=False``: one point
per distinct score, from (0, 0)), the trapezoidal area, ``Lasso`` and ``Ridge`` with their
defaults.  The course's own rules (the threshold of least cost, the diagnosis of a learning
curve, choosing the neighbours by 5-fold cross-validation on the training part and using
the test part once) are written out here.

Case makers draw from a check's seeded generator and keep only cases where every known
mistake of ``solutions/validation/variants.py`` gives another answer (the extra elements in
the last fold, scores measured on the training folds, rectangles for trapezoids, the two
costs swapped, a hyper-parameter chosen on the test part...), so a mistake loses a whole
check.  The mistakes are keyword arguments of the references.
"""
from __future__ import annotations

import numpy as np

N_CASES = 6
CANDIDATES = [1, 3, 5, 7, 9, 11, 13, 15]
CHOICE_FOLDS = 5
GOAL, GAP = 0.8, 0.1  # the diagnosis rule's bars (the statement's OBJETIVO and HUECO)
# The "by hand" exercises (rules of grader_client.rules): the folds and the cross-validation
# without scikit-learn's model_selection, the ROC curve without its metrics, the area
# without a library's integral.
BY_HAND_FOLDS = ("sklearn.model_selection",)
BY_HAND_CURVE = ("sklearn.metrics",)
BY_HAND_AREA = ("sklearn.metrics", "numpy.trapezoid", "numpy.trapz", "scipy.integrate")


def _one_thread(function):
    """Runs ``function`` with one thread for OpenMP and BLAS: on a busy machine the nearest
    neighbours' OpenMP threads wait for each other and take ten times as long."""
    from functools import wraps

    @wraps(function)
    def run(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):
            return function(*args, **kwargs)

    return run


# --- folds ----------------------------------------------------------------------------------

def kfold(n: int, k: int, *, extra_last: bool = False) -> list[tuple[list[int], list[int]]]:
    """``KFold(k)`` on ``n`` rows; ``extra_last``: the known mistake that gives the n % k
    extra rows to the last folds instead of the first."""
    from sklearn.model_selection import KFold

    if extra_last:
        sizes = [n // k + (i >= k - n % k) for i in range(k)]
        edges = np.cumsum([0, *sizes])
        tests = [list(range(edges[i], edges[i + 1])) for i in range(k)]
        return [([j for j in range(n) if j not in set(t)], t) for t in tests]
    return [(train.tolist(), test.tolist()) for train, test in KFold(k).split(np.zeros((n, 1)))]


def is_stratified(folds, y, k: int) -> bool:
    """Test parts that split the rows and hold every class in its share, within one row."""
    y = np.asarray(y)
    tests = [sorted(test) for _, test in folds]
    if len(folds) != k or sorted(i for t in tests for i in t) != list(range(len(y))):
        return False
    for label in np.unique(y):
        share = np.sum(y == label) / k
        if any(not np.floor(share) <= np.sum(y[t] == label) <= np.ceil(share) for t in tests):
            return False
    return True


def stratified_expected(y, k) -> dict:
    return {"y": np.asarray(y).tolist(), "k": int(k)}


# --- cross-validation -----------------------------------------------------------------------

def _neighbours(k: int):
    from sklearn.neighbors import KNeighborsClassifier

    return KNeighborsClassifier(n_neighbors=int(k))


def cv_scores(X, y, k: int, neighbours: int, *, on_train: bool = False, extra_last: bool = False) -> list[float]:
    """Accuracy on each test fold (``on_train``: on the fold's own training rows)."""
    from sklearn.model_selection import cross_validate

    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if extra_last:
        folds = [(np.array(tr), np.array(te)) for tr, te in kfold(len(y), k, extra_last=True)]
        scores = []
        for train, test in folds:
            model = _neighbours(neighbours).fit(X[train], y[train])
            rows = train if on_train else test
            scores.append(float(np.mean(model.predict(X[rows]) == y[rows])))
        return scores
    from sklearn.model_selection import KFold

    result = cross_validate(_neighbours(neighbours), X, y, cv=KFold(k), return_train_score=True)
    return [float(v) for v in result["train_score" if on_train else "test_score"]]


@_one_thread
def cv_expected(X, y, k, neighbours) -> dict:
    return {"valor": cv_scores(X, y, k, neighbours),
            "otras": {"entrenamiento": cv_scores(X, y, k, neighbours, on_train=True),
                      "resto_al_final": cv_scores(X, y, k, neighbours, extra_last=True)}}


# --- the ROC curve, its area and a threshold ------------------------------------------------

def roc_points(y, scores) -> dict:
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, scores, drop_intermediate=False)
    return {"fpr": fpr.tolist(), "tpr": tpr.tolist()}


def trapezoid_area(fpr, tpr) -> float:
    from sklearn.metrics import auc

    return float(auc(fpr, tpr))


def rectangle_areas(fpr, tpr) -> list[float]:
    """Left and right rectangle sums: the known mistakes where the curve goes diagonally."""
    widths = np.diff(np.asarray(fpr, dtype=float))
    tpr = np.asarray(tpr, dtype=float)
    return [float(np.sum(widths * tpr[:-1])), float(np.sum(widths * tpr[1:]))]


def area_expected(fpr, tpr) -> dict:
    return {"area": trapezoid_area(fpr, tpr), "rectangulos": rectangle_areas(fpr, tpr)}


def costs(y, scores, cost_fp, cost_fn) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct score as a threshold (positive when score >= threshold), highest first,
    and the total cost of its decisions."""
    y, scores = np.asarray(y), np.asarray(scores, dtype=float)
    thresholds = np.unique(scores)[::-1]
    flagged = scores[None, :] >= thresholds[:, None]
    fp = np.sum(flagged & (y == 0), axis=1)
    fn = np.sum(~flagged & (y == 1), axis=1)
    return thresholds, cost_fp * fp + cost_fn * fn


def least_cost_threshold(y, scores, cost_fp, cost_fn) -> float:
    """The threshold of least cost; in a tie, the highest (the first of :func:`costs`)."""
    thresholds, total = costs(y, scores, cost_fp, cost_fn)
    return float(thresholds[int(np.argmin(total))])


def cost_expected(y, scores, cost_fp, cost_fn) -> dict:
    return {"umbral": least_cost_threshold(y, scores, cost_fp, cost_fn),
            "puntuaciones": np.asarray(scores, dtype=float).tolist(),
            "intercambiado": least_cost_threshold(y, scores, cost_fn, cost_fp)}


# --- learning curves ------------------------------------------------------------------------

def diagnosis(train, validation, *, first: bool = False, gap_only: bool = False) -> str:
    """The course's rule on the last point of the curves (``first``: on the first point;
    ``gap_only``: without the underfitting rule, the known mistakes)."""
    at = 0 if first else -1
    if not gap_only and train[at] < GOAL:
        return "subajuste"
    if train[at] - validation[at] > GAP:
        return "sobreajuste"
    return "bien"


def diagnoses_expected(cases) -> list[str]:
    return [diagnosis(*case) for case in cases]


# --- regularisation -------------------------------------------------------------------------

def paths(X, y, alphas, *, swapped: bool = False) -> dict:
    from sklearn.linear_model import Lasso, Ridge

    lasso = np.array([Lasso(alpha=float(a)).fit(X, y).coef_ for a in alphas])
    ridge = np.array([Ridge(alpha=float(a)).fit(X, y).coef_ for a in alphas])
    return {"lasso": ridge, "ridge": lasso} if swapped else {"lasso": lasso, "ridge": ridge}


def zeroed(X, y, alpha) -> list[int]:
    from sklearn.linear_model import Lasso

    return np.flatnonzero(Lasso(alpha=float(alpha)).fit(X, y).coef_ == 0).tolist()


def zeroed_expected(X, y, alpha) -> dict:
    kept = sorted(set(range(np.shape(X)[1])) - set(zeroed(X, y, alpha)))
    return {"anulados": zeroed(X, y, alpha), "conservados": kept}


# --- choosing a hyper-parameter, and the test part used once --------------------------------

_MARKS: dict = {}


def cv_marks(X_train, y_train, candidates, *, on_train: bool = False) -> list[float]:
    """Mean 5-fold cross-validation accuracy of each number of neighbours (remembered: a
    split is asked about with its test labels and shuffled, and they do not enter here)."""
    X_train, y_train = np.asarray(X_train, dtype=float), np.asarray(y_train)
    key = (X_train.tobytes(), y_train.tobytes(), tuple(candidates), on_train)
    if key not in _MARKS:
        if len(_MARKS) > 64:
            _MARKS.clear()
        _MARKS[key] = [float(np.mean(cv_scores(X_train, y_train, CHOICE_FOLDS, k, on_train=on_train)))
                       for k in candidates]
    return _MARKS[key]


def _test_accuracies(X_train, y_train, X_test, labels: list, candidates) -> list[list[float]]:
    """Per candidate, the test accuracy of the model fitted on the whole training part, for
    each labelling of the test rows in ``labels``."""
    found = []
    for k in candidates:
        predicted = _neighbours(k).fit(X_train, y_train).predict(X_test)
        found.append([float(np.mean(predicted == np.asarray(y))) for y in labels])
    return found


@_one_thread
def choose_neighbours(X_train, y_train, X_test, y_test, candidates, *, on_test: bool = False,
                      on_train: bool = False) -> dict:
    """The number of neighbours of best mean 5-fold cross-validation accuracy on the training
    part (in a tie, the smallest), and the test accuracy of that model fitted on the whole
    training part.  ``on_test``: chosen by test accuracy; ``on_train``: by the accuracy on
    each fold's training rows (the known mistakes)."""
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if on_test:
        marks = [row[0] for row in _test_accuracies(X_train, y_train, X_test, [y_test], candidates)]
    else:
        marks = cv_marks(X_train, y_train, candidates, on_train=on_train)
    best = int(candidates[int(np.argmax(marks))])
    accuracy = _test_accuracies(X_train, y_train, X_test, [y_test], [best])[0][0]
    return {"vecinos": best, "exactitud_prueba": accuracy}


# --- fresh cases ----------------------------------------------------------------------------

def kfold_cases(rng) -> list[tuple]:
    """``(n, k)`` with n % k != 0 (where the extra rows show), never the statement's (10, 3)."""
    cases = []
    while len(cases) < N_CASES:
        n, k = int(rng.integers(7, 40)), int(rng.integers(2, 7))
        if n % k and (n, k) != (10, 3) and n >= 2 * k:
            cases.append((n, k))
    return cases


def stratified_cases(rng) -> list[tuple]:
    """``(y, k)``: 2 or 3 classes of uneven sizes in blocks (as a data set sorted by class),
    so consecutive folds are not stratified; every class has at least k rows."""
    cases = []
    while len(cases) < N_CASES:
        k, classes = int(rng.integers(3, 6)), int(rng.integers(2, 4))
        sizes = rng.integers(k, 4 * k + 1, size=classes)
        y = np.repeat(rng.permutation(classes), sizes)
        if len(y) >= 3 * k and not is_stratified(kfold(len(y), k), y, k):
            cases.append((y, k))
    return cases


def _blobs(rng, n: int, features: int, classes: int = 2, spread: float = 1.0):
    centers = rng.normal(0, 1.5, size=(classes, features))
    y = rng.integers(0, classes, size=n)
    y[:classes] = np.arange(classes)
    X = centers[y] + rng.normal(0, spread, size=(n, features))
    return np.round(X, 3), y


@_one_thread
def cv_cases(rng) -> list[tuple]:
    """``(X, y, k, vecinos)`` with n % k != 0, where the extra-rows mistake and scores measured
    on the training folds both change the scores."""
    cases = []
    while len(cases) < N_CASES:
        k = int(rng.integers(3, 7))
        X, y = _blobs(rng, int(rng.integers(25, 60)), int(rng.integers(2, 4)), spread=1.3)
        neighbours = int(rng.choice([1, 3, 5]))
        if len(y) % k == 0:
            continue
        right = cv_scores(X, y, k, neighbours)
        if (not np.allclose(right, cv_scores(X, y, k, neighbours, on_train=True))
                and not np.allclose(right, cv_scores(X, y, k, neighbours, extra_last=True))):
            cases.append((X, y, k, neighbours))
    return cases


def _scored(rng, m: int, decimals: int):
    y = (rng.random(m) < rng.uniform(0.3, 0.6)).astype(int)
    y[:2] = [0, 1]
    y = rng.permutation(y)
    scores = np.where(y == 1, rng.beta(3, 2, m), rng.beta(2, 3, m))
    return y, np.round(scores, decimals)


def roc_cases(rng) -> list[tuple]:
    """``(y, puntuaciones)``: 12 to 30 labels and scores with one or two decimals."""
    return [_scored(rng, int(rng.integers(12, 31)), int(rng.integers(1, 3))) for _ in range(N_CASES)]


def area_cases(rng) -> list[tuple]:
    """``(fpr, tpr)``: ROC curves of fresh scores with ties between the classes, so that some
    stretch is diagonal and rectangles (left or right) give another area."""
    cases = []
    while len(cases) < N_CASES:
        curve = roc_points(*_scored(rng, int(rng.integers(10, 30)), 1))
        fpr, tpr = np.array(curve["fpr"]), np.array(curve["tpr"])
        area = trapezoid_area(fpr, tpr)
        if all(abs(area - r) > 1e-9 for r in rectangle_areas(fpr, tpr)):
            cases.append((fpr, tpr))
    return cases


STATEMENT_THRESHOLDS = (0.35, 0.9)  # the answers of the statement's examples


def cost_cases(rng) -> list[tuple]:
    """``(y, puntuaciones, coste_fp, coste_fn)`` with unequal costs and one threshold of least
    cost, whose decisions differ from those with the costs swapped, with 0.5 and with the
    statement's thresholds."""
    cases = []
    while len(cases) < N_CASES:
        y, scores = _scored(rng, int(rng.integers(30, 81)), 3)
        cost_fp, cost_fn = (int(c) for c in rng.choice(np.arange(1, 11), size=2, replace=False))
        thresholds, total = costs(y, scores, cost_fp, cost_fn)
        best = least_cost_threshold(y, scores, cost_fp, cost_fn)
        decisions = scores >= best
        others = [least_cost_threshold(y, scores, cost_fn, cost_fp), 0.5, *STATEMENT_THRESHOLDS]
        if (np.sum(total == total.min()) == 1
                and all(not np.array_equal(decisions, scores >= t) for t in others)):
            cases.append((y, scores, cost_fp, cost_fn))
    return cases


def _curve(rng, train_end: float, validation_end: float, points: int):
    """A learning curve: training scores falling from near 1, validation scores rising from
    far below, to the given last values."""
    steps = np.linspace(0, 1, points) ** 0.6
    train_start = min(1.0, max(train_end + 0.05, rng.uniform(0.95, 1.0)))
    validation_start = rng.uniform(0.3, 0.5)
    train = train_start + (train_end - train_start) * steps
    validation = validation_start + (validation_end - validation_start) * steps
    return np.round(train, 3), np.round(validation, 3)


def curve_cases(rng, per_kind: int = 3) -> list[tuple]:
    """``(entrenamiento, validacion)``: learning curves of the three kinds, ``per_kind`` each,
    in a random order, every last point at least 0.03 away from the rule's bars."""
    kinds = []
    for _ in range(per_kind):
        train = rng.uniform(0.9, 1.0)
        kinds.append((train, train - rng.uniform(0.15, 0.35)))  # sobreajuste
        train = rng.uniform(0.55, 0.75)
        kinds.append((train, train - rng.uniform(0.0, 0.06)))  # subajuste
        train = rng.uniform(0.85, 0.97)
        kinds.append((train, train - rng.uniform(0.0, 0.06)))  # bien
    return [_curve(rng, *kinds[i], int(rng.integers(5, 9))) for i in rng.permutation(len(kinds))]


def regression_data(rng, m: int, n: int, *, zeros: int):
    """Standardised features and a target that depends on all but ``zeros`` of them."""
    X = rng.normal(size=(m, n))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    beta = rng.uniform(0.5, 3, size=n) * rng.choice([-1, 1], size=n)
    beta[rng.choice(n, size=zeros, replace=False)] = 0
    return np.round(X, 4), np.round(X @ beta + rng.normal(0, 1, size=m), 4)


def path_cases(rng) -> list[tuple]:
    """``(X, y, alfas)``: 40 to 80 rows of 4 to 7 standardised features, 3 to 5 alphas."""
    cases = []
    for _ in range(N_CASES):
        n = int(rng.integers(4, 8))
        X, y = regression_data(rng, int(rng.integers(40, 81)), n, zeros=int(rng.integers(1, n - 1)))
        alphas = np.round(np.sort(10 ** rng.uniform(-2, 0.5, size=int(rng.integers(3, 6)))), 3)
        cases.append((X, y, alphas))
    return cases


def zeroed_cases(rng) -> list[tuple]:
    """``(X, y, alfa)`` where Lasso sets some coefficients, not all, to exactly 0 and keeps the
    others clearly away from it."""
    from sklearn.linear_model import Lasso

    cases = []
    while len(cases) < N_CASES:
        n = int(rng.integers(4, 9))
        X, y = regression_data(rng, int(rng.integers(40, 81)), n, zeros=int(rng.integers(1, n - 1)))
        alpha = float(np.round(rng.uniform(0.1, 1.0), 2))
        coef = Lasso(alpha=alpha).fit(X, y).coef_
        if 0 < np.sum(coef == 0) < n and np.all((coef == 0) | (np.abs(coef) > 1e-3)):
            cases.append((X, y, alpha))
    return cases


@_one_thread
def choice_cases(rng, pairs: int = 2) -> list[tuple]:
    """``(X_train, y_train, X_test, y_test, candidatos)``, each split twice: with its test
    labels and with them shuffled.  Kept where the cross-validated choice is one (no tie,
    and not 1, the choice of scores measured on the training folds), and where choosing on
    the test part changes with the shuffled labels; the test accuracy differs too."""
    cases = []
    while len(cases) < 2 * pairs:
        X, y = _blobs(rng, int(rng.integers(12, 21)) * CHOICE_FOLDS + 40, int(rng.integers(2, 4)), spread=1.6)
        X_train, y_train, X_test, y_test = X[:-40], y[:-40], X[-40:], y[-40:]
        shuffled = rng.permutation(y_test)
        marks = cv_marks(X_train, y_train, CANDIDATES)
        best = int(np.argmax(marks))
        accuracies = np.array(_test_accuracies(X_train, y_train, X_test, [y_test, shuffled], CANDIDATES))
        if (np.sort(marks)[-1] - np.sort(marks)[-2] > 1e-9 and CANDIDATES[best] != 1
                and np.argmax(accuracies[:, 0]) != np.argmax(accuracies[:, 1])
                and abs(accuracies[best, 0] - accuracies[best, 1]) > 1e-9):
            cases += [(X_train, y_train, X_test, y_test, list(CANDIDATES)),
                      (X_train, y_train, X_test, shuffled, list(CANDIDATES))]
    return cases


@_one_thread
def choices_expected(cases) -> list[dict]:
    return [choose_neighbours(*case) for case in cases]
