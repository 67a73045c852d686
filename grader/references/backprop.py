"""Backpropagation by hand (Práctica 11): trusted references and fresh cases; their judges
are the client's (:mod:`grader_client.judges.backprop`).

The network of the practice: ``A1 = f(X·W1 + b1)`` with f the sigmoid or tanh, then
``P = softmax(A1·W2 + b2)`` row by row, and the loss is the mean categorical cross-entropy
``-(1/m)·Σ Y·ln P``.  The gradients a student's backward pass must return are computed here
by **central differences** on that loss (:func:`numerical_gradients`), not by a second
hand derivation, so the reference cannot share a student's algebra mistake; the analytic
formulas (:func:`analytic_gradients`, whose keywords give the known mistakes) only name a
mistake in a hint, and the tests check them against the numerical ones.

Dropout is inverted dropout: at training a unit is switched off where the given uniform
number ``U < p`` and the rest are divided by ``1 - p``; at test time the layer is the
identity.

Case makers keep only cases where each known mistake of ``solutions/backprop/variants.py``
gives another answer, so a mistake loses a whole check.
"""
from __future__ import annotations

import numpy as np

N_CASES = 6
GRADIENT_STEP = 1e-6


# --- activations, softmax, losses ---------------------------------------------------------

def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def derivatives(z) -> dict:
    s, t = sigmoid(z), np.tanh(np.asarray(z, dtype=float))
    return {"sigmoide": s * (1 - s), "tanh": 1 - t ** 2}


def derivatives_expected(z) -> dict:
    t = np.tanh(np.asarray(z, dtype=float))
    z = np.asarray(z, dtype=float)
    return {"valor": derivatives(z), "regla": "derivadas",
            "otras": {"tanh_sin_cuadrado": {**derivatives(z), "tanh": 1 - t},
                      "sigmoide_de_z": {**derivatives(z), "sigmoide": z * (1 - z)}}}


def softmax(Z, axis: int = 1) -> np.ndarray:
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def softmax_expected(Z) -> dict:
    return {"valor": softmax(Z), "regla": "softmax", "otras": {"softmax_columnas": softmax(Z, axis=0)}}


def binary_losses(y, p, *, log=np.log, mean=True, sign=-1) -> dict:
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    reduce = np.mean if mean else np.sum
    return {"ecm": float(reduce((y - p) ** 2)),
            "entropia_cruzada": float(sign * reduce(y * log(p) + (1 - y) * log(1 - p)))}


def binary_losses_expected(y, p) -> dict:
    return {"valor": binary_losses(y, p), "regla": "perdidas",
            "otras": {"log10": binary_losses(y, p, log=np.log10), "suma": binary_losses(y, p, mean=False),
                      "sin_signo": binary_losses(y, p, sign=1)}}


def categorical_cross_entropy(Y, P, *, log=np.log, per_row=True) -> float:
    Y, P = np.asarray(Y, dtype=float), np.asarray(P, dtype=float)
    total = -float(np.sum(Y * log(P)))
    return total / len(Y) if per_row else total


def categorical_expected(Y, P) -> dict:
    Y = np.asarray(Y, dtype=float)
    return {"valor": categorical_cross_entropy(Y, P), "regla": "categorica",
            "otras": {"suma": categorical_cross_entropy(Y, P, per_row=False),
                      "log10": categorical_cross_entropy(Y, P, log=np.log10),
                      "media_de_todo": categorical_cross_entropy(Y, P, per_row=False) / Y.size}}


# --- the network --------------------------------------------------------------------------

def _activation(name: str):
    return sigmoid if name == "sigmoide" else np.tanh


def forward(X, params: dict, activation: str, *, hidden_activation: bool = True) -> dict:
    Z1 = np.asarray(X, dtype=float) @ params["W1"] + params["b1"]
    A1 = _activation(activation)(Z1) if hidden_activation else Z1
    return {"A1": A1, "P": softmax(A1 @ params["W2"] + params["b2"])}


def forward_expected(X, params, activation) -> dict:
    return {"valor": forward(X, params, activation), "regla": "propagacion",
            "otras": {"oculta_sin_activacion": forward(X, params, activation, hidden_activation=False)}}


def loss(X, Y, params: dict, activation: str) -> float:
    return categorical_cross_entropy(Y, forward(X, params, activation)["P"])


def numerical_gradients(X, Y, params: dict, activation: str, h: float = GRADIENT_STEP) -> dict:
    """The gradient of :func:`loss` by central differences, one parameter at a time."""
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    grads = {}
    for name, value in params.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            kept = value[index]
            value[index] = kept + h
            up = loss(X, Y, params, activation)
            value[index] = kept - h
            down = loss(X, Y, params, activation)
            value[index] = kept
            grad[index] = (up - down) / (2 * h)
        grads[name] = grad
    return grads


def analytic_gradients(X, Y, params: dict, activation: str, *, mean: bool = True, sign: int = 1,
                       derivative: bool = True) -> dict:
    """The chain rule, with the known mistakes as keywords: no division by m, the output
    error Y - P instead of P - Y, no derivative of the hidden activation."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    out = forward(X, params, activation)
    A1, P = out["A1"], out["P"]
    dZ2 = sign * (P - Y) / (len(X) if mean else 1)
    dA1 = dZ2 @ params["W2"].T
    slope = (A1 * (1 - A1) if activation == "sigmoide" else 1 - A1 ** 2) if derivative else 1.0
    dZ1 = dA1 * slope
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def gradients_expected(X, Y, params, activation) -> dict:
    return {"valor": numerical_gradients(X, Y, params, activation), "regla": "gradientes",
            "otras": {"sin_media": analytic_gradients(X, Y, params, activation, mean=False),
                      "signo_salida": analytic_gradients(X, Y, params, activation, sign=-1),
                      "sin_derivada": analytic_gradients(X, Y, params, activation, derivative=False)}}


# --- dropout ------------------------------------------------------------------------------

def dropout(A, p, training, U, *, scale: bool = True, at_test: bool = False, test_scale: bool = False):
    """Inverted dropout; the keywords give the known mistakes (no 1/(1 - p) at training,
    dropping at test time too, the classic (1 - p) scaling at test time)."""
    A, U = np.asarray(A, dtype=float), np.asarray(U, dtype=float)
    if not training and not at_test:
        return A * (1 - p) if test_scale else A.copy()
    kept = A * (U >= p)
    return kept / (1 - p) if scale else kept


def dropout_expected(A, p, training, U) -> dict:
    others = ({"sin_escalar": dropout(A, p, True, U, scale=False)} if training else
              {"dropout_en_prueba": dropout(A, p, False, U, at_test=True),
               "escala_en_prueba": dropout(A, p, False, U, test_scale=True)})
    return {"valor": dropout(A, p, training, U), "regla": "dropout", "otras": others}


# --- training a network on XOR (the reference notebook's recipe) ---------------------------

def train_and_predict(X, y, X_new, *, hidden: int = 8, eta: float = 0.5, epochs: int = 2000, **mistakes):
    """Standardise with the training rows, a tanh hidden layer, softmax output, full-batch
    gradient descent from seeded normal weights: the statement's recipe (``mistakes``: the
    keywords of :func:`analytic_gradients`, to train with a known-wrong backward pass)."""
    X, X_new, y = np.asarray(X, dtype=float), np.asarray(X_new, dtype=float), np.asarray(y, dtype=int)
    center, spread = X.mean(axis=0), X.std(axis=0)
    Xs, Y = (X - center) / spread, np.eye(2)[y]
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(0, 1, (X.shape[1], hidden)), "b1": np.zeros(hidden),
              "W2": rng.normal(0, 1, (hidden, 2)), "b2": np.zeros(2)}
    for _ in range(epochs):
        grads = analytic_gradients(Xs, Y, params, "tanh", **mistakes)
        params = {k: v - eta * grads[k] for k, v in params.items()}
    return forward((X_new - center) / spread, params, "tanh")["P"].argmax(axis=1)


def linear_accuracy(X, y, X_new, y_new) -> float:
    """The best a model without hidden layer does here (a logistic regression)."""
    from sklearn.linear_model import LogisticRegression

    return float(np.mean(LogisticRegression().fit(X, y).predict(X_new) == y_new))


# --- fresh cases --------------------------------------------------------------------------

def _params(rng, n: int, hidden: int, classes: int, scale: float = 0.8) -> dict:
    return {"W1": rng.normal(0, scale, (n, hidden)), "b1": rng.normal(0, 0.3, hidden),
            "W2": rng.normal(0, scale, (hidden, classes)), "b2": rng.normal(0, 0.3, classes)}


def _one_hot(rng, m: int, classes: int) -> np.ndarray:
    labels = rng.integers(0, classes, size=m)
    labels[:min(m, classes)] = np.arange(min(m, classes))  # every class present, if m allows
    return np.eye(classes)[rng.permutation(labels)]


def derivative_cases(rng) -> list[tuple]:
    """``(z,)``: vectors and matrices of real numbers, never 0 or 1 only."""
    cases = []
    for i in range(N_CASES):
        shape = (int(rng.integers(3, 8)),) if i % 2 == 0 else (int(rng.integers(2, 4)), int(rng.integers(2, 5)))
        cases.append((np.round(rng.normal(0, 2, size=shape), 3),))
    return cases


def softmax_cases(rng) -> list[tuple]:
    """``(Z,)``: 2 to 6 rows of 2 to 5 logits; in every case one row far above 700 and one
    far below -700, where exponentials taken as they come overflow (inf / inf) or vanish."""
    cases = []
    for _ in range(N_CASES):
        m, k = int(rng.integers(3, 7)), int(rng.integers(2, 6))
        Z = np.round(rng.normal(0, 3, size=(m, k)), 2)
        high, low = rng.choice(m, size=2, replace=False)
        Z[high] += float(rng.integers(750, 1200))
        Z[low] -= float(rng.integers(750, 1200))
        cases.append((Z,))
    return cases


def binary_loss_cases(rng) -> list[tuple]:
    """``(y, p)``: 0/1 labels (both present) and probabilities away from 0 and 1."""
    cases = []
    for _ in range(N_CASES):
        m = int(rng.integers(5, 21))
        y = rng.integers(0, 2, size=m)
        y[:2] = [0, 1]
        cases.append((rng.permutation(y), np.round(rng.uniform(0.02, 0.98, size=m), 3)))
    return cases


def categorical_loss_cases(rng) -> list[tuple]:
    """``(Y, P)``: one-hot labels and rows of probabilities (a softmax of random logits)."""
    cases = []
    for _ in range(N_CASES):
        m, k = int(rng.integers(3, 11)), int(rng.integers(2, 6))
        cases.append((_one_hot(rng, m, k), softmax(rng.normal(0, 1.5, size=(m, k)))))
    return cases


def network_cases(rng, n_cases: int = N_CASES) -> list[tuple]:
    """``(X, Y, parametros, activacion)``: fresh layer sizes (2 to 5 inputs, 2 to 6 hidden
    units, 2 to 4 classes), 3 to 8 rows, the sigmoid and tanh in turn."""
    cases = []
    for i in range(n_cases):
        m, n = int(rng.integers(3, 9)), int(rng.integers(2, 6))
        hidden, classes = int(rng.integers(2, 7)), int(rng.integers(2, 5))
        X = np.round(rng.normal(0, 1, size=(m, n)), 3)
        cases.append((X, _one_hot(rng, m, classes), _params(rng, n, hidden, classes),
                      "sigmoide" if i % 2 == 0 else "tanh"))
    return cases


def forward_cases(rng) -> list[tuple]:
    return [(X, params, activation) for X, _, params, activation in network_cases(rng)]


def _xor_cloud(rng, centers, labels, per_corner: int, noise: float):
    X = np.vstack([c + rng.normal(0, noise, size=(per_corner, 2)) for c in centers])
    y = np.repeat(labels, per_corner)
    order = rng.permutation(len(y))
    return np.round(X[order], 3), y[order]


def xor_task_expected(X, y, X_new) -> list[int]:
    """The label of each new point: that of its nearest training point (the clusters are
    far apart, so this is the label of its corner; the case maker makes sure of it)."""
    X, X_new = np.asarray(X, dtype=float), np.asarray(X_new, dtype=float)
    nearest = np.argmin(((X_new[:, None, :] - X[None, :, :]) ** 2).sum(axis=2), axis=1)
    return np.asarray(y)[nearest].tolist()


def xor_task_cases(rng, n_cases: int = 4) -> list[tuple]:
    """``(X, y, X_nuevo)``: the four corners of a square (turned, stretched and moved),
    labelled as XOR or as its negation, with noisy points around each; ``X_nuevo`` are new
    points around the same corners.  Kept where the statement's recipe solves the task
    (97 % or more) and neither a model without hidden layer nor the recipe trained with the
    known-wrong backward passes (no derivative of the activation, the output error with its
    sign flipped) reach 80 %."""
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    cases = []
    while len(cases) < n_cases:
        angle, size = rng.uniform(0, 2 * np.pi), rng.uniform(1, 4)
        turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        centers = (corners - 0.5) @ turn.T * size + rng.uniform(-3, 3, size=2)
        labels = np.array([0, 1, 1, 0]) if len(cases) % 2 == 0 else np.array([1, 0, 0, 1])
        X, y = _xor_cloud(rng, centers, labels, int(rng.integers(10, 21)), 0.08 * size)
        X_new, y_new = _xor_cloud(rng, centers, labels, 10, 0.08 * size)
        wrong = [train_and_predict(X, y, X_new, derivative=False), train_and_predict(X, y, X_new, sign=-1)]
        if (xor_task_expected(X, y, X_new) == y_new.tolist()
                and np.mean(train_and_predict(X, y, X_new) == y_new) >= 0.97
                and linear_accuracy(X, y, X_new, y_new) <= 0.8
                and all(np.mean(pred == y_new) <= 0.8 for pred in wrong)):
            cases.append((X, y, X_new))
    return cases


def dropout_cases(rng, training: bool) -> list[tuple]:
    """``(A, p, entrenando, U)``: activations, a rate, the mode, uniform numbers rounded to
    two decimals and never equal to p; some units are switched off, some kept."""
    cases = []
    while len(cases) < N_CASES:
        shape = (int(rng.integers(2, 6)), int(rng.integers(3, 7)))
        A = np.round(np.abs(rng.normal(0, 1.5, size=shape)) + 0.1, 3)
        p = float(rng.choice([0.2, 0.25, 0.4, 0.5]))
        U = np.round(rng.uniform(0, 1, size=shape), 2)
        if not np.any(U == p) and 0 < np.sum(U < p) < U.size:
            cases.append((A, p, training, U))
    return cases
