"""Public checks of "Práctica 1: Python como calculadora" (shipped to students).

Totals: public 6 checks x 1 point = 6 points; hidden (solutions/calculator/hidden.py)
6 checks = 14 points; practice total 20 points.

Only literal cases and literal expected values: students read this file.
"""
from functools import partial

from grader_client import judges
from grader_client.checks import Call, Check

close = partial(judges.close_to, rel=1e-9)

CHECKS = [
    Check(id="q1_media", question="q1", points=1,
          ask=Call("media", cases=[(4, 5, 6), (1, 2, 4), (-3, 1, 8)]),
          expected=[5.0, 2.3333333333333335, 2.0], judge=close,
          description="media con los ejemplos del enunciado"),
    Check(id="q2_division_entera", question="q2", points=1,
          ask=Call("division_entera", cases=[(7, 2), (-7, 2), (7, -2)]),
          expected=[3, -4, -4], judge=judges.same_type_and_value,
          description="division_entera con los ejemplos del enunciado"),
    Check(id="q3_dia_semana", question="q3", points=1,
          ask=Call("dia_semana", cases=[(5, 3), (6, -3), (3, -10)]),
          expected=[1, 3, 0], judge=judges.same_type_and_value,
          description="dia_semana con los ejemplos del enunciado"),
    Check(id="q4_convertir_segundos", question="q4", points=1,
          ask=Call("convertir_segundos", cases=[(3725,), (7384,)]),
          expected=[(1, 2, 5), (2, 3, 4)], judge=judges.equals,
          description="convertir_segundos con los ejemplos del enunciado"),
    Check(id="q5_distancia", question="q5", points=1,
          ask=Call("distancia", cases=[(0, 0, 3, 4), (2, -1, -4, 7), (1, 1, 2, 2)]),
          expected=[5.0, 10.0, 1.4142135623730951], judge=close,
          description="distancia con los ejemplos del enunciado"),
    Check(id="q6_ultima_cifra", question="q6", points=1,
          ask=Call("ultima_cifra", cases=[(-123,), (-98,), (-7,)]),
          expected=[3, 8, 7], judge=judges.same_type_and_value,
          description="ultima_cifra con los ejemplos del enunciado (números negativos)"),
]
