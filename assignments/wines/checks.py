"""Public checks of "Práctica 8.2: Clasificación de vinos" (shipped to students): the
13 checks (6.5 points of 30) that every classification practice has, on the course's
examples, literal, in grader/references/classification_practice.py; crear_red is asked
for the wine set's 13 measurements and 3 cultivars."""
from grader.references.classification_practice import public_checks

CHECKS = public_checks(network=(13, 3))
