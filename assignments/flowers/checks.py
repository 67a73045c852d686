"""Public checks of "Práctica 8.1: Clasificación de flores (iris)" (shipped to students).

6.5 of the practice's 30 points (hidden: solutions/flowers/hidden.py).  They are every
classification practice's, with literal cases and values from the course's examples (read
them in grader/references/classification_practice.py); only crear_red's case is iris's:
4 measurements, 3 species.
"""
from grader.references.classification_practice import public_checks

CHECKS = public_checks(network=(4, 3))
