"""Data of "Proyecto final: Detección de fraudes bancarios": card transactions, as the grader
sees them (see grader/holdout.py for the contract).

Sources, chosen by course.yml's ``data:`` entry of the practice:

- ``data: {creditcard: path/to/creditcard.csv}``: the well-known file of card transactions
  by European cardholders in September 2013 (ULB Machine Learning Group; 284,807 rows,
  492 frauds, 0.172 %; columns Time, V1–V28, Amount, Class), loaded whole.  Grading then
  trains on about 170,000 rows: run ``grader calibrate fraud`` again, since the thresholds
  in thresholds.json were measured on the generated data.
- otherwise: a **synthetic** set made by :func:`generate` with a fixed seed (no network
  needed).  Same columns and the same fraud rate, 60,000 rows (104 frauds): the holdout
  (40 %, stratified) keeps 42 frauds, enough for a stable recall and PR-AUC, while a
  Keras model still trains in about 2 s on two CPU cores.  It is labelled as synthetic in
  ``data/ORIGEN.txt`` and in the notebook.

``load()`` returns ``X`` (n, 30): Time, V1..V28, Amount as floats, and ``y`` (n,): Class
(1 = fraude).  The student's ``entrenar_y_predecir(X_train, y_train, X_nuevo)`` receives
these numpy arrays (the released rows; then the holdout rows, or the control: the same rows
with their columns in another order) and returns an (m, 2) array: the fraud score and the
0/1 decision of each row of ``X_nuevo``.  ``release_data`` writes the released rows to
``data/transacciones.csv`` (with Class) and the origin of the data to ``data/ORIGEN.txt``.

Importing this module registers the fraud metrics (PR-AUC, and precision and recall of the
fraud class) with grader.holdout, for the hidden checks and for ``grader calibrate``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from grader import holdout
from grader.references import networks

FEATURES = ["Time"] + [f"V{i}" for i in range(1, 29)] + ["Amount"]
TARGET = "Class"
RELEASED_FILE = "transacciones.csv"
ORIGIN_FILE = "ORIGEN.txt"

ROWS = 60_000
FRAUD_RATE = 492 / 284_807  # as in the real file
SEED = 2013
TWO_DAYS = 172_792  # seconds, the span of Time in the real file

HOLDOUT = {"fraction": 0.4, "seed": 2027, "stratify": True}
CALIBRATION = {"function": "entrenar_y_predecir", "control": "columns", "baseline": "never",
               "metrics": {"pr_auc": {"margin": 0.05, "share": 0.5},
                           "precision_fraude": {"margin": 0.1, "share": 0.0, "why": (
                               "La precisión de las decisiones puntúa todo o nada: decidir con 0.5 sin elegir el "
                               "umbral, el error que enseña el proyecto, deja la precisión por debajo del objetivo "
                               "pero lejos de la de un modelo que no aprende, y no debe puntuar a medias.")},
                           "recall_fraude": {"margin": 0.1, "share": 0.5}}}

networks.register_fraud_metrics()

# Where frauds differ from ordinary transactions, and in which direction: the components
# that separate frauds in the real file (V14, V12, V10, V17 low; V4, V11 high; ...).
FRAUD_SIGNAL = {14: -1.0, 12: -0.9, 10: -0.8, 17: -0.9, 4: 0.7, 11: 0.6, 3: -0.6, 16: -0.5,
                7: -0.5, 2: 0.4}


def generate(rows: int = ROWS, seed: int = SEED):
    """A synthetic table with the columns and fraud rate of the real file (a DataFrame).

    V1..V28 play the role of the real file's principal components: centred, with spreads
    falling from about 1.9 to 0.3.  Frauds are of two kinds: blatant ones (60 %), far out on
    the components of ``FRAUD_SIGNAL``, and subtle ones, only a few spreads away, so that
    a model ranks them high but not with certainty and the decision threshold matters.
    Amounts are log-normal (median about 20); half the frauds are tiny test charges.
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    frauds = int(round(rows * FRAUD_RATE))
    y = np.zeros(rows, dtype=int)
    y[rng.choice(rows, size=frauds, replace=False)] = 1
    spread = np.linspace(1.9, 0.3, 28)
    V = rng.normal(size=(rows, 28)) * spread
    blatant = rng.random(frauds) < 0.6
    strength = np.where(blatant, 5.0, 3.0)
    shift = np.zeros((frauds, 28))
    for component, direction in FRAUD_SIGNAL.items():
        j = component - 1
        shift[:, j] = direction * strength * spread[j] * rng.uniform(0.5, 1.5, frauds)
    V[y == 1] = (V[y == 1] + shift) * np.where(blatant, 1.5, 1.0)[:, None]
    amount = np.exp(rng.normal(3.0, 1.3, rows))
    tiny = rng.random(frauds) < 0.5
    amount[y == 1] = np.where(tiny, rng.uniform(0.0, 5.0, frauds), np.exp(rng.normal(4.5, 1.2, frauds)))
    time = np.sort(rng.uniform(0, TWO_DAYS, rows)).round()
    table = pd.DataFrame(V.round(6), columns=FEATURES[1:29])
    table.insert(0, "Time", time)
    table["Amount"] = amount.round(2)
    table[TARGET] = y
    return table


def table():
    """The full table: the configured real file, or the synthetic one."""
    import pandas as pd

    path = holdout.source("creditcard")
    return pd.read_csv(path) if path is not None else generate()


def load() -> tuple[np.ndarray, np.ndarray]:
    frame = table()
    return frame[FEATURES].to_numpy(dtype=float), frame[TARGET].to_numpy(dtype=int)


ORIGIN_SYNTHETIC = """\
DATOS SINTÉTICOS. Estas transacciones no son reales: las ha generado un programa, con una
semilla fija, imitando el conjunto de datos de transacciones con tarjeta de crédito del
ULB Machine Learning Group (septiembre de 2013): las mismas columnas (Time, V1 a V28,
Amount, Class) y la misma proporción de fraudes (0,172 %), pero {rows} filas en lugar de
284.807. Aquí se publica una parte ({released} filas, {frauds} fraudes); el resto se guarda
para evaluar tu modelo tras la entrega.
"""
ORIGIN_REAL = """\
Transacciones reales con tarjeta de crédito de titulares europeos (septiembre de 2013),
publicadas por el ULB Machine Learning Group; las columnas V1 a V28 son componentes
principales de los datos originales, que no se publican por confidencialidad. Aquí se
publica una parte ({released} filas, {frauds} fraudes); el resto se guarda para evaluar tu
modelo tras la entrega.
"""


def release_data(folder: Path) -> None:
    import pandas as pd

    part = holdout.course_split(sys.modules[__name__])
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(part.X, columns=FEATURES)
    frame[TARGET] = part.y
    frame.sort_values("Time", kind="stable").to_csv(folder / RELEASED_FILE, index=False)
    origin = ORIGIN_REAL if holdout.source("creditcard") is not None else ORIGIN_SYNTHETIC
    (folder / ORIGIN_FILE).write_text(origin.format(
        rows=f"{len(part.y) + len(part.y_holdout):,}".replace(",", "."),
        released=f"{len(part.y):,}".replace(",", "."), frauds=int(part.y.sum())), encoding="utf-8")
