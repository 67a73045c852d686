"""Trusted references, fresh inputs and judges of the classification practices
(flowers, wines, digits).

Every metric is computed by scikit-learn in the grader's process: a confusion matrix is
turned back into label vectors (one pair of labels per counted case) and handed to
``sklearn.metrics``, so the student's hand-written formulas are compared with the library
the course shows them, not with a second hand-written copy.  Specificity, which
scikit-learn lacks, is the recall of "not this class".

The case makers draw from the check's seeded generator; a ``keep`` predicate refuses the
cases where a known-wrong answer would pass by coincidence (precision equal to recall, a
symmetric matrix, a value of the statement's examples...), so that the practices' variants
lose a whole check, never part of one.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from grader.judges import Verdict
from grader.references import draw_cases
from grader_client.judges.classification import stratified_split

N_CASES = 8
MATRIX_DTYPE = np.int64


# --- references: a confusion matrix (rows: true class, columns: predicted class) ----------

def labels_from_matrix(matrix) -> tuple[np.ndarray, np.ndarray]:
    """``y_true, y_pred`` whose confusion matrix is ``matrix``."""
    matrix = np.asarray(matrix, dtype=MATRIX_DTYPE)
    pairs = [(t, p) for t in range(len(matrix)) for p in range(len(matrix)) for _ in range(matrix[t, p])]
    y_true, y_pred = (np.array(side, dtype=MATRIX_DTYPE) for side in zip(*pairs))
    return y_true, y_pred


def confusion(y_true, y_pred, n_classes: int) -> np.ndarray:
    from sklearn.metrics import confusion_matrix

    return confusion_matrix(y_true, y_pred, labels=list(range(n_classes)))


def accuracy(matrix) -> float:
    from sklearn.metrics import accuracy_score

    return float(accuracy_score(*labels_from_matrix(matrix)))


def _per_class(score, matrix, label: int) -> float:
    y_true, y_pred = labels_from_matrix(matrix)
    return float(score(y_true, y_pred, labels=[label], average=None, zero_division=0)[0])


def precision(matrix, label: int) -> float:
    from sklearn.metrics import precision_score

    return _per_class(precision_score, matrix, label)


def recall(matrix, label: int) -> float:
    from sklearn.metrics import recall_score

    return _per_class(recall_score, matrix, label)


def f1(matrix, label: int) -> float:
    from sklearn.metrics import f1_score

    return _per_class(f1_score, matrix, label)


def specificity(matrix, label: int) -> float:
    """TN / (TN + FP): the recall of "not ``label``" in the one-vs-rest problem."""
    from sklearn.metrics import recall_score

    y_true, y_pred = labels_from_matrix(matrix)
    return float(recall_score(y_true != label, y_pred != label, zero_division=0))


def _averaged(matrix, average: str) -> tuple[float, float, float]:
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(*labels_from_matrix(matrix), average=average,
                                                 zero_division=0)
    return float(p), float(r), float(f)


def macro_average(matrix) -> tuple[float, float, float]:
    """(precision, recall, F1), each the plain mean over classes ("macro avg")."""
    return _averaged(matrix, "macro")


def weighted_average(matrix) -> tuple[float, float, float]:
    """(precision, recall, F1), each weighted by the class's support ("weighted avg")."""
    return _averaged(matrix, "weighted")


def correlation_strength(r: float) -> str:
    """How the course reads a correlation coefficient: |r| >= 0.8 strong, >= 0.5 weak."""
    if abs(r) >= 0.8:
        return "fuerte"
    if abs(r) >= 0.5:
        return "débil"
    return "nula"


# --- fresh inputs -------------------------------------------------------------------------

def _draw(rng, make: Callable, keep: Callable[..., bool] | None, n: int = N_CASES) -> list[tuple]:
    return draw_cases(rng, make, keep, n)


def random_matrix(rng: np.random.Generator, n_classes: int) -> np.ndarray:
    """A confusion matrix of a decent classifier: every class has true cases and
    predictions (no zero denominators), errors scattered off the diagonal."""
    matrix = rng.integers(0, 12, size=(n_classes, n_classes))
    matrix[np.diag_indices(n_classes)] = rng.integers(5, 60, size=n_classes)
    return matrix.astype(MATRIX_DTYPE)


def _n_classes(rng, index: int) -> int:
    """Binary for even cases, three to six classes for odd ones."""
    return 2 if index % 2 == 0 else int(rng.integers(3, 7))


def matrix_cases(rng, keep=None, n: int = N_CASES) -> list[tuple]:
    """``(matrix,)`` cases, binary and multiclass."""
    return _draw(rng, lambda rng, i: (random_matrix(rng, _n_classes(rng, i)),), keep, n)


def class_cases(rng, keep=None, n: int = N_CASES) -> list[tuple]:
    """``(matrix, label)`` cases, binary and multiclass; any class may be asked for."""
    def make(rng, i):
        matrix = random_matrix(rng, _n_classes(rng, i))
        return matrix, int(rng.integers(len(matrix)))

    return _draw(rng, make, keep, n)


def label_cases(rng, keep=None, n: int = N_CASES) -> list[tuple]:
    """``(y_true, y_pred, n_classes)`` cases: labels of a classifier right about 60 % of the
    time, so every cell of the matrix may be filled."""
    def make(rng, i):
        k = _n_classes(rng, i)
        y_true = rng.integers(0, k, size=int(rng.integers(20, 61)))
        wrong = rng.random(len(y_true)) < 0.4
        y_pred = np.where(wrong, rng.integers(0, k, size=len(y_true)), y_true)
        return y_true.astype(MATRIX_DTYPE), y_pred.astype(MATRIX_DTYPE), k

    return _draw(rng, make, keep, n)


def correlation_cases(rng, n: int = 12) -> list[tuple]:
    """``(r,)`` cases: the boundaries ±0.8 and ±0.5 themselves, and values of each kind and
    sign (two decimals, as a correlation table prints them)."""
    boundaries = [0.8, -0.8, 0.5, -0.5]
    cases = [(float(rng.choice(boundaries[:2])),), (float(rng.choice(boundaries[2:])),)]
    ranges = [(0.81, 1.0), (0.5, 0.79), (0.0, 0.49)]
    while len(cases) < n:
        low, high = ranges[len(cases) % 3]
        value = round(float(rng.uniform(low, high)), 2) * (1 if rng.random() < 0.5 else -1)
        cases.append((value if value != 0 else 0.0,))
    order = rng.permutation(len(cases))
    return [cases[i] for i in order]


def split_cases(rng, keep=None, n: int = 4) -> list[tuple]:
    """``(X, y, test_fraction, seed)`` cases: imbalanced classes, rows all different."""
    def make(rng, i):
        k = int(rng.integers(3, 6))
        counts = rng.integers(6, 40, size=k)
        y = rng.permutation(np.repeat(np.arange(k), counts)).astype(MATRIX_DTYPE)
        X = np.round(rng.normal(size=(len(y), 3)), 3)
        return X, y, float(rng.choice([0.2, 0.25, 0.3])), int(rng.integers(0, 10_000))

    return _draw(rng, make, keep, n)


def split_facts(X, y, test_fraction, seed) -> dict:
    """What a judge of a train/test split needs (the seed does not matter to it)."""
    return {"X": np.asarray(X), "y": np.asarray(y), "test_fraction": test_fraction}


def evaluation_cases(X, y, rng, *, test_size: float = 0.3) -> list[tuple]:
    """``(X_train, y_train, X_test, y_test)`` twice: a fresh stratified split of the given
    rows, then the same split with every test label moved to the next class.  Evaluated on
    the test rows, the second score falls; evaluated on the training rows, it does not."""
    from sklearn.model_selection import train_test_split

    from grader.holdout import renamed

    X, y = np.asarray(X), np.asarray(y)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, stratify=y,
                                              random_state=int(rng.integers(0, 2**31 - 1)))
    return [(X_tr, y_tr, X_te, y_te), (X_tr, y_tr, X_te, renamed(y_te, y))]


def network_facts(n_inputs: int, n_classes: int) -> dict:
    """What :func:`softmax_network` checks a network against."""
    return {"n_entradas": n_inputs, "n_clases": n_classes}


def network_cases(rng, *, avoid: tuple[int, int], n: int = 4) -> list[tuple]:
    """``(n_inputs, n_classes)`` cases; never the statement's sizes (``avoid``), so a
    network with the example's sizes written in does not pass."""
    def make(rng, i):
        return int(rng.integers(2, 81)), int(rng.integers(2, 13))

    return _draw(rng, make, lambda n_in, k: n_in != avoid[0] and k != avoid[1], n)


# --- the hidden checks' cases: never where a known mistake answers right by chance -------

# What the public checks show: the course's worked examples (the spam filter 70/10/15/5
# and the four-class example).  A hidden case never expects one of these values, so an
# answer copied from the statement cannot pass.
EXAMPLE_VALUES = (0.25, 1 / 3, 0.75, 0.8, 0.875, 1.0, 0.8235294117647058, 0.6666666666666666,
                  0.8888888888888888, 0.2857142857142857, 0.8484848484848485, 0.8571428571428571)


def _new(value: float) -> bool:
    return not np.isclose(value, EXAMPLE_VALUES, rtol=0, atol=1e-3).any()


def _apart(a: float, b: float) -> bool:
    return abs(a - b) > 1e-3


def _unstratified_differs(X, y, test_fraction, seed) -> bool:
    from sklearn.model_selection import train_test_split

    parts = train_test_split(X, y, test_size=test_fraction, random_state=seed)
    return stratified_split(tuple(parts), split_facts(X, y, test_fraction, seed)).score == 0


def stratification_cases(rng) -> list[tuple]:
    """Splits where ``train_test_split`` without ``stratify`` (same seed) leaves some class
    off its share."""
    return split_cases(rng, keep=_unstratified_differs)


def asymmetric_label_cases(rng) -> list[tuple]:
    """Labels whose confusion matrix is not symmetric: its transpose is wrong."""
    def keep(y_true, y_pred, k) -> bool:
        matrix = confusion(y_true, y_pred, k)
        return not np.array_equal(matrix, matrix.T)

    return label_cases(rng, keep=keep)


def accuracy_cases(rng) -> list[tuple]:
    """Accuracy differs from every example (0.75 is both examples' accuracy)."""
    return matrix_cases(rng, keep=lambda m: _new(accuracy(m)))


def precision_cases(rng) -> list[tuple]:
    """Precision differs from recall (the two formulas swapped) and from every example."""
    def keep(matrix, label) -> bool:
        value = precision(matrix, label)
        return _apart(value, recall(matrix, label)) and _new(value)

    return class_cases(rng, keep=keep)


def recall_cases(rng) -> list[tuple]:
    """Recall differs from precision (the two formulas swapped) and from every example."""
    def keep(matrix, label) -> bool:
        value = recall(matrix, label)
        return _apart(value, precision(matrix, label)) and _new(value)

    return class_cases(rng, keep=keep)


def specificity_cases(rng) -> list[tuple]:
    """False positives differ from false negatives: TN / (TN + FN) is not the specificity."""
    def keep(matrix, label) -> bool:
        false_positives = matrix[:, label].sum() - matrix[label, label]
        false_negatives = matrix[label, :].sum() - matrix[label, label]
        return false_positives != false_negatives and _new(specificity(matrix, label))

    return class_cases(rng, keep=keep)


def f1_cases(rng) -> list[tuple]:
    """Precision differs from recall, so their plain mean is not their harmonic mean."""
    return class_cases(rng, keep=lambda m, c: _apart(precision(m, c), recall(m, c)) and _new(f1(m, c)))


def _averages_keep(average):
    def keep(matrix) -> bool:
        p, r, _ = average(matrix)
        return _apart(p, r) and _new(p)

    return keep


def macro_cases(rng) -> list[tuple]:
    """Macro precision differs from macro recall and from every example."""
    return matrix_cases(rng, keep=_averages_keep(macro_average))


def weighted_cases(rng) -> list[tuple]:
    """Weighted precision differs from weighted recall and from every example."""
    return matrix_cases(rng, keep=_averages_keep(weighted_average))


def predicts_holdout_alike(answers: list, y_holdout: Any, *, agreement: float = 0.85) -> Verdict:
    """:func:`grader.judges.same_predictions_on_shared_rows` with the holdout's labels as the
    expected value (only their number is used): an expected value that is a sequence, as
    for every other check of a call."""
    from grader.judges import same_predictions_on_shared_rows

    return same_predictions_on_shared_rows(answers, len(y_holdout), agreement=agreement)


