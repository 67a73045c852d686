"""Public checks of "Práctica 8.3: Reconocimiento de dígitos" (shipped to students).

The family's checks (grader/references/classification_practice.py: literal cases and
expected values, the spam filter and the four-class example), 6.5 points; crear_red's
network is sized for 8 × 8 images of 10 digits.
"""
from grader.references.classification_practice import public_checks

CHECKS = public_checks(network=(64, 10))
