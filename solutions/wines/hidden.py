"""Hidden checks of "Práctica 8.2: Clasificación de vinos" (instructor only, never released):
the family's 15 (grader/references/classification_practice.py) with the wine set, whose
model learns from 142 released wines and is judged on 36 held out, against the bars that
``grader calibrate wines`` measured into thresholds.json."""
from pathlib import Path

from grader import holdout
from grader.checks import load_module
from grader.references.classification_practice import hidden_checks

DATASET = load_module(Path(__file__).with_name("dataset.py"))
SPLIT = holdout.course_split(DATASET)
T = holdout.read_thresholds(Path(__file__).parent)

CHECKS = hidden_checks(SPLIT, T, public_network=(13, 3),  # crear_red's public case
                       unseen="36 vinos que no están en data/vinos.csv")
