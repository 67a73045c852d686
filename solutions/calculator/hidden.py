"""Hidden checks of "Práctica 1: Python como calculadora" (instructor only, never released).

Totals: hidden 6 checks = 14 points (h2 and h3 are worth 3, the rest 2); with the 6 public
points of assignments/calculator/checks.py the practice totals 20 points.

Each check calls the student's function on fresh inputs drawn from the check's seeded
generator and compares with the trusted reference below.  The generators keep every case
where the known-wrong variants of ``variants.py`` give a different answer (see the
comment on each one), so a variant loses a whole check, never part of one.
"""
from functools import partial

from grader import judges
from grader.checks import Call, Check, per_case
from grader.references import draw_cases

close = partial(judges.close_to, rel=1e-9)

N_CASES = 8


# --- trusted reference ------------------------------------------------------------------

def media(a, b, c):
    return (a + b + c) / 3


def division_entera(a, b):
    return a // b


def dia_semana(dia, dias):
    return (dia + dias) % 7


def convertir_segundos(segundos):
    return segundos // 3600, segundos % 3600 // 60, segundos % 60


def distancia(x1, y1, x2, y2):
    return ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5


def ultima_cifra(n):
    return abs(n) % 10


# --- fresh inputs -----------------------------------------------------------------------

def _draw(rng, make, keep):
    """``N_CASES`` cases from ``make(rng)``, keeping only those that satisfy ``keep``."""
    return draw_cases(rng, lambda rng, _: make(rng), keep, N_CASES)


def media_cases(rng):
    # Half integers, half floats with one decimal.  a + b stays away from 0, where
    # ``a + b + c / 3`` (missing parentheses) would coincide with the mean.
    def make(rng):
        if rng.random() < 0.5:
            return tuple(int(v) for v in rng.integers(-100, 101, size=3))
        return tuple(round(float(v), 1) for v in rng.uniform(-100, 100, size=3))

    return _draw(rng, make, lambda a, b, c: abs(a + b) >= 0.5)


def division_entera_cases(rng):
    # Never an exact division (so ``/`` differs in value, not only in type); every other
    # case has operands of opposite sign, where ``//`` rounds down and not towards zero.
    # Results 3 and -4 (the statement's examples) are avoided so that copying them
    # cannot pass by chance.
    cases = []
    while len(cases) < N_CASES:
        a, b = int(rng.integers(10, 1001)), int(rng.integers(2, 21))
        if len(cases) % 2 == 0:
            a, b = (-a, b) if rng.random() < 0.5 else (a, -b)
        elif rng.random() < 0.5:
            a, b = -a, -b
        if a % b != 0 and a // b not in (3, -4):
            cases.append((a, b))
    return cases


def dia_semana_cases(rng):
    # Half the shifts go back in time (negative ``dias``).  The week always wraps around
    # (dia + dias % 7 >= 7), where ``dia + dias % 7`` (missing parentheses) leaves 0..6.
    cases = []
    for i in range(N_CASES):
        dia = int(rng.integers(1, 7))
        rest = int(rng.integers(7 - dia, 7))
        weeks = int(rng.integers(-9, 0)) if i % 2 == 0 else int(rng.integers(0, 10))
        cases.append((dia, rest + 7 * weeks))
    return cases


def convertir_segundos_cases(rng):
    # At least one hour, where forgetting to take the hours out of the minutes shows;
    # the statement's examples (3725 and 7384 s) are left out.
    def make(rng):
        return (int(rng.integers(3600, 400_000)),)

    return _draw(rng, make, lambda s: s not in (3725, 7384))


def distancia_cases(rng):
    # Squared distance never 0 or 4, the only values where ``** 1/2`` (that is, halving)
    # equals the square root.
    def make(rng):
        return tuple(int(v) for v in rng.integers(-50, 51, size=4))

    return _draw(rng, make, lambda x1, y1, x2, y2: (x2 - x1) ** 2 + (y2 - y1) ** 2 not in (0, 4))


def ultima_cifra_cases(rng):
    # Negative numbers whose last digit is not 0 or 5, where ``n % 10`` (no abs) differs.
    def make(rng):
        return (-int(rng.integers(1, 1_000_000)),)

    return _draw(rng, make, lambda n: n % 10 not in (0, 5))


CHECKS = [
    Check(id="h1_media", question="q1", points=2, hidden=True,
          ask=Call("media", cases=media_cases), expected=per_case(media), judge=close,
          description="media con entradas nuevas"),
    Check(id="h2_division_entera", question="q2", points=3, hidden=True,
          ask=Call("division_entera", cases=division_entera_cases),
          expected=per_case(division_entera), judge=judges.same_type_and_value,
          description="division_entera con entradas nuevas (también negativas)"),
    Check(id="h3_dia_semana", question="q3", points=3, hidden=True,
          ask=Call("dia_semana", cases=dia_semana_cases),
          expected=per_case(dia_semana), judge=judges.same_type_and_value,
          description="dia_semana con entradas nuevas (también hacia atrás)"),
    Check(id="h4_convertir_segundos", question="q4", points=2, hidden=True,
          ask=Call("convertir_segundos", cases=convertir_segundos_cases),
          expected=per_case(convertir_segundos), judge=judges.equals,
          description="convertir_segundos con entradas nuevas"),
    Check(id="h5_distancia", question="q5", points=2, hidden=True,
          ask=Call("distancia", cases=distancia_cases), expected=per_case(distancia),
          judge=close, description="distancia con entradas nuevas"),
    Check(id="h6_ultima_cifra", question="q6", points=2, hidden=True,
          ask=Call("ultima_cifra", cases=ultima_cifra_cases),
          expected=per_case(ultima_cifra), judge=judges.same_type_and_value,
          description="ultima_cifra con entradas nuevas (números negativos)"),
]
