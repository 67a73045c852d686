"""Hidden checks of "Práctica 8.1: Clasificación de flores (iris)" (instructor only, never released).

The 15 checks of every classification practice (grader/references/classification_practice.py,
which says how each is judged), 23.5 of the 30 points.  Here the model is trained on the
120 released flowers and judged on the 30 of the holdout, against thresholds.json (``grader
calibrate flowers`` wrote it and says why the bar is where it is).
"""
from pathlib import Path

from grader import holdout
from grader.checks import load_module
from grader.references.classification_practice import hidden_checks

DATASET = load_module(Path(__file__).with_name("dataset.py"))
SPLIT = holdout.course_split(DATASET)
T = holdout.read_thresholds(Path(__file__).parent)

CHECKS = hidden_checks(SPLIT, T, public_network=(4, 3),  # crear_red's public case
                       unseen="30 flores que no están en data/flores.csv")
