"""Hidden checks of "Práctica 8.3: Reconocimiento de dígitos" (instructor only, never released).

As in every classification practice (grader/references/classification_practice.py), with
the model trained on the 1437 released images and judged on the 360 of the holdout against
thresholds.json (``grader calibrate digits``).
"""
from pathlib import Path

from grader import holdout
from grader.checks import load_module
from grader.references.classification_practice import hidden_checks

DATASET = load_module(Path(__file__).with_name("dataset.py"))
SPLIT = holdout.course_split(DATASET)
T = holdout.read_thresholds(Path(__file__).parent)

CHECKS = hidden_checks(SPLIT, T, public_network=(64, 10),  # crear_red's public case
                       unseen="360 imágenes que no están en data/digitos.csv")
