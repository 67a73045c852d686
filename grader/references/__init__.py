"""Trusted reference computations shared by several practices' hidden checks.

They run in the grader's process only, never in a student's kernel, and are the "expected"
side of checks whose inputs are drawn fresh for every course seed.
"""


def draw_cases(rng, make, keep, n: int) -> list[tuple]:
    """``n`` cases from ``make(rng, index)`` (``index``: how many are kept so far), keeping
    those that satisfy ``keep(*case)`` (all when it is None); a filter that almost nothing
    passes is an error of the check, said after 1000 draws per case, not an endless loop."""
    cases: list[tuple] = []
    for _ in range(1000 * n):
        case = make(rng, len(cases))
        if keep is None or keep(*case):
            cases.append(case)
            if len(cases) == n:
                return cases
    raise RuntimeError("no se encontraron casos válidos: revisa el filtro de casos")
