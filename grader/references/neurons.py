"""The neuron and the perceptron (Práctica 10): trusted references and fresh cases; their
judges are the client's (:mod:`grader_client.judges.neurons`).

The course's conventions, from its slides:

- a neuron computes z = w·x + b and its step activation gives 1 when z >= 0, 0 otherwise
  (so the slides' AND, w = (2, 1), b = -3, fires on (1, 1), where z is exactly 0);
- the perceptron starts from w = 0, b = 0, visits the examples in their order, predicts
  with the step, updates w += η (y - ŷ) x and b += η (y - ŷ), counts the examples it got
  wrong in each epoch and stops after the first epoch without errors;
- ADALINE (Widrow-Hoff) visits the examples the same way but updates with the error
  before the threshold, y - z, and records the mean squared error (1/m)·Σ(y - z)² after
  each epoch.

Perceptron cases have integer inputs and learning rates 1, 1/2 or 1/4: every product and
sum is then exact in floating point, so any correct implementation reaches the same
weights bit for bit, and the ties z = 0 that the step convention decides really happen.

Case makers keep only cases where every known mistake of ``solutions/neurons/variants.py``
(a strict step, a forgotten bias, a flipped update, an early or late stop...) gives another
answer, so a mistake loses a whole check.  The mistakes are keyword arguments of the
references, which the tests and the hints' ``otras`` use.
"""
from __future__ import annotations

from itertools import product

import numpy as np

from grader.references import draw_cases

N_CASES = 8
RATES = (1.0, 0.5, 0.25)  # exact in binary floating point


# --- the neuron ---------------------------------------------------------------------------

def weighted_sum(X, w, b, *, bias: bool = True) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    return X @ np.asarray(w, dtype=float) + (float(b) if bias else 0.0)


def fires(z, *, strict: bool = False) -> np.ndarray:
    """The step: 1 where z >= 0 (``strict``: where z > 0, the known mistake)."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0 if strict else z >= 0, 1, 0)


def neuron(X, w, b, *, strict: bool = False, bias: bool = True) -> np.ndarray:
    return fires(weighted_sum(X, w, b, bias=bias), strict=strict)


def neuron_expected(X, w, b) -> dict:
    """What the judge needs: the outputs, and where z is exactly 0 (to name the step rule)."""
    z = weighted_sum(X, w, b)
    return {"salidas": neuron(X, w, b).tolist(), "z_cero": np.flatnonzero(z == 0).tolist()}


def binary_inputs(n: int) -> list[list[int]]:
    """The 2ⁿ rows of a truth table, in the usual order (00, 01, 10, 11 for n = 2)."""
    return [list(row) for row in product((0, 1), repeat=n)]


def at_least(k: int, n: int) -> list[int]:
    """The truth table of "at least k of the n inputs are 1" (AND: k = n; OR: k = 1)."""
    return [int(sum(row) >= k) for row in binary_inputs(n)]


def at_least_expected(k: int, n: int) -> dict:
    return {"entradas": binary_inputs(n), "salidas": at_least(k, n)}


def layer(X, W, b, *, step: bool = True) -> np.ndarray:
    """A layer of step neurons, one per column of W (``step=False``: the bare z)."""
    z = np.asarray(X, dtype=float) @ np.asarray(W, dtype=float) + np.asarray(b, dtype=float)
    return fires(z) if step else z


def layer_expected(X, W, b) -> dict:
    z = layer(X, W, b, step=False)
    return {"salidas": layer(X, W, b).tolist(), "z_cero": np.flatnonzero(z.ravel() == 0).tolist()}


def xor_expected(X) -> dict:
    X = np.asarray(X)
    return {"salidas": (X[:, 0] != X[:, 1]).astype(int).tolist()}


# --- the perceptron -----------------------------------------------------------------------

def perceptron_step(x, y, w, b, eta, *, sign: int = 1, rate: bool = True, bias: bool = True):
    """One update on the example (x, y); the keywords give the known mistakes (the update
    with its sign flipped, without the learning rate, without moving the bias)."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    error = y - int(fires(x @ w + b))
    step = sign * (eta if rate else 1.0) * error
    return w + step * x, float(b) + (step if bias else 0.0)


def step_expected(x, y, w, b, eta) -> dict:
    right = perceptron_step(x, y, w, b, eta)
    others = {"signo": perceptron_step(x, y, w, b, eta, sign=-1),
              "sin_tasa": perceptron_step(x, y, w, b, eta, rate=False),
              "sin_sesgo": perceptron_step(x, y, w, b, eta, bias=False)}
    return {"w": right[0].tolist(), "b": right[1],
            "otras": {name: {"w": v[0].tolist(), "b": v[1]} for name, v in others.items()}}


def train_perceptron(X, y, eta, epochs, *, sign: int = 1, stop: bool = True, epochs_run=None):
    """``(w, b, errors per epoch)`` from w = 0, b = 0.  ``stop=False``: never stops early;
    ``epochs_run``: how many epochs the loop runs (a ``range(1, epochs)`` runs one less)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs if epochs_run is None else epochs_run):
        wrong = 0
        for x_i, y_i in zip(X, y):
            wrong += int(fires(x_i @ w + b)) != y_i
            w, b = perceptron_step(x_i, y_i, w, b, eta, sign=sign)
        errors.append(int(wrong))
        if stop and wrong == 0:
            break
    return w, b, errors


def _as_training(result) -> dict:
    w, b, history = result
    return {"w": np.asarray(w, dtype=float).tolist(), "b": float(b), "historial": list(history)}


def perceptron_expected(X, y, eta, epochs) -> dict:
    """The reference's training and, in ``otras``, what each known mistake returns."""
    return {**_as_training(train_perceptron(X, y, eta, epochs)), "epocas": int(epochs),
            "otras": {"sin_parar": _as_training(train_perceptron(X, y, eta, epochs, stop=False)),
                      "una_epoca_menos": _as_training(train_perceptron(X, y, eta, epochs, epochs_run=epochs - 1))}}


# --- ADALINE ------------------------------------------------------------------------------

def train_adaline(X, y, eta, epochs, *, thresholded: bool = False):
    """Widrow-Hoff, example by example: ``(w, b, mean squared error after each epoch)``.
    ``thresholded``: the error after the step, which is the perceptron's rule."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b, history = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            out = x_i @ w + b
            error = y_i - (float(fires(out)) if thresholded else out)
            w, b = w + eta * error * x_i, b + eta * error
        history.append(float(np.mean((y - (X @ w + b)) ** 2)))
    return w, b, history


def adaline_expected(X, y, eta, epochs) -> dict:
    return {**_as_training(train_adaline(X, y, eta, epochs)), "epocas": int(epochs),
            "otras": {"con_escalon": _as_training(train_adaline(X, y, eta, epochs, thresholded=True))}}


# --- fresh cases --------------------------------------------------------------------------

def _draw(rng, make, keep, n: int = N_CASES) -> list[tuple]:
    return draw_cases(rng, lambda rng, _: make(rng), keep, n)


def _int_matrix(rng, rows: int, cols: int, low: int = -3, high: int = 3) -> np.ndarray:
    return rng.integers(low, high + 1, size=(rows, cols)).astype(float)


def neuron_cases(rng) -> list[tuple]:
    """``(X, w, b)`` with integer entries: each table has rows where z is exactly 0 (a
    strict step answers them 0) and the bias always changes some output."""
    def make(rng):
        m, n = int(rng.integers(5, 11)), int(rng.integers(2, 5))
        return _int_matrix(rng, m, n), rng.integers(-3, 4, size=n).astype(float), float(rng.integers(-4, 5))

    def keep(X, w, b):
        right = neuron(X, w, b)
        return (b != 0 and 0 < right.sum() < len(right)
                and not np.array_equal(right, neuron(X, w, b, strict=True))
                and not np.array_equal(right, neuron(X, w, b, bias=False)))

    return _draw(rng, make, keep)


STATEMENT_AT_LEAST = {(2, 2), (1, 2), (2, 3)}


def at_least_cases(rng) -> list[tuple]:
    """``(k, n)`` with 3 to 6 inputs, never a case of the statement."""
    pairs = [(k, n) for n in range(3, 7) for k in range(1, n + 1) if (k, n) not in STATEMENT_AT_LEAST]
    chosen = rng.choice(len(pairs), size=N_CASES, replace=False)
    return [tuple(int(v) for v in pairs[i]) for i in chosen]


def layer_cases(rng) -> list[tuple]:
    """``(X, W, b)``: integer layers of 2 to 4 neurons whose bare z is not already 0/1."""
    def make(rng):
        m, n, k = int(rng.integers(3, 7)), int(rng.integers(2, 5)), int(rng.integers(2, 5))
        return _int_matrix(rng, m, n), _int_matrix(rng, n, k), rng.integers(-3, 4, size=k).astype(float)

    def keep(X, W, b):
        z = layer(X, W, b, step=False)
        return not np.isin(z, (0, 1)).all() and 0 < layer(X, W, b).sum() < z.size

    return _draw(rng, make, keep)


def xor_cases(rng) -> list[tuple]:
    """``(X,)``: 5 to 12 rows of 0/1 pairs in any order, always (0, 0) and (1, 1) among them
    (a single OR neuron errs on (1, 1)); never the statement's four rows."""
    def make(rng):
        return (rng.integers(0, 2, size=(int(rng.integers(5, 13)), 2)),)

    def keep(X):
        rows = {tuple(r) for r in X.tolist()}
        return (0, 0) in rows and (1, 1) in rows

    return _draw(rng, make, keep)


def step_cases(rng) -> list[tuple]:
    """``(x, y, w, b, eta)`` with a wrong prediction (so the update moves the weights),
    η ≠ 1 and x not all 0: the flipped, rate-less and bias-less updates all differ."""
    def make(rng):
        n = int(rng.integers(2, 5))
        x = rng.integers(-3, 4, size=n).astype(float)
        w = rng.integers(-4, 5, size=n) / 2
        b = float(rng.integers(-4, 5)) / 2
        y = 1 - int(fires(x @ w + b))  # the label the neuron gets wrong
        return x, y, w, b, float(rng.choice(RATES[1:]))

    return _draw(rng, make, lambda x, y, w, b, eta: bool(np.any(x != 0)))


def _separable(rng):
    n = int(rng.integers(2, 4))
    true_w = rng.integers(-3, 4, size=n)
    while not true_w.any():
        true_w = rng.integers(-3, 4, size=n)
    true_b = int(rng.integers(-3, 4))
    points = []
    while len(points) < int(rng.integers(10, 19)):
        x = rng.integers(-4, 5, size=n)
        if x @ true_w + true_b != 0:
            points.append(x)
    X = np.array(points, dtype=float)
    return X, (X @ true_w + true_b > 0).astype(int)


def separable_cases(rng, n: int = 6) -> list[tuple]:
    """``(X, y, eta, epochs)``: linearly separable integer sets (labels from a hidden line)
    on which the perceptron converges after at least 2 epochs and 2 or more epochs before
    the limit (so running on, or one epoch less, shows); the flipped update differs."""
    cases = []
    while len(cases) < n:
        X, y = _separable(rng)
        eta = float(rng.choice(RATES))
        if not 3 <= y.sum() <= len(y) - 3:
            continue
        _, _, errors = train_perceptron(X, y, eta, 40)
        if errors[-1] != 0 or not 2 <= len(errors) <= 15:
            continue
        epochs = len(errors) + int(rng.integers(2, 5))
        case = (X, y, eta, epochs)
        right = _as_training(train_perceptron(*case))
        if right != _as_training(train_perceptron(*case, sign=-1)):
            cases.append(case)
    return cases


def non_separable_cases(rng, n: int = 6) -> list[tuple]:
    """``(X, y, eta, epochs)``: separable sets plus one point repeated with the opposite
    label (so no line separates them): the perceptron never has an epoch without errors."""
    cases = []
    while len(cases) < n:
        X, y = _separable(rng)
        i = int(rng.integers(len(y)))
        X, y = np.vstack([X, X[i]]), np.append(y, 1 - y[i])
        order = rng.permutation(len(y))
        case = (X[order], y[order], float(rng.choice(RATES)), int(rng.integers(5, 11)))
        right = _as_training(train_perceptron(*case))
        if right != _as_training(train_perceptron(*case, sign=-1)):
            cases.append(case)
    return cases


def adaline_cases(rng, n: int = 6) -> list[tuple]:
    """``(X, y, eta, epochs)``: small real-valued sets with 0/1 labels and a learning rate
    small enough for the mean squared error to go down."""
    cases = []
    while len(cases) < n:
        m, d = int(rng.integers(8, 21)), int(rng.integers(2, 4))
        X = np.round(rng.normal(0, 1, size=(m, d)), 2)
        y = (X @ rng.normal(size=d) + rng.normal(0, 0.5, size=m) > 0).astype(int)
        eta = float(rng.choice([0.01, 0.02, 0.05]))
        epochs = int(rng.integers(5, 16))
        history = train_adaline(X, y, eta, epochs)[2]
        if 2 <= y.sum() <= m - 2 and history[-1] < history[0]:
            cases.append((X, y, eta, epochs))
    return cases
