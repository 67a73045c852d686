"""The trusted side of the regression practices (houses, gasoline): the course's rules on
the course's example, case makers that keep their promise (every known wrong rule gives
another answer on every case) and judges that explain a rule without a hidden value."""
from __future__ import annotations

import numpy as np
import pytest

from grader.references import statistics as S
from grader_client.judges.statistics import close, descends, evaluated_on_test, same_bins, same_cost, same_gradient, same_one_hot, same_quartiles

EXAMPLE = [30, 36, 47, 50, 52, 52, 56, 60, 63, 70, 70, 110]
WEIBULL = S.OTHER_QUARTILE_RULES["la posición (N + 1)/4"]


def test_course_example():
    q1, q2, q3 = S.quartiles(EXAMPLE)
    assert (q1, q3, q3 - q1) == (49.25, 64.75, 15.5)
    assert WEIBULL(EXAMPLE) == [47.75, 54.0, 68.25]
    assert S.outliers(EXAMPLE) == {"leves": [110], "extremos": []}
    assert S.central_tendency(EXAMPLE)["modas"] == [52, 70]


@pytest.mark.parametrize("seed", range(5))
def test_case_makers_separate_the_wrong_rules(seed):
    rng = np.random.default_rng(seed)
    for (x,) in S.samples(rng):
        assert len(S.modes(x)) < len(set(x))
    for (x,) in S.quartile_samples(rng):
        assert not np.allclose(S.quartiles(x), WEIBULL(x))
    for (x,) in S.outlier_samples(rng):
        found = S.outliers(x)
        assert found != S.outliers(x, rule=WEIBULL) and found != S.outliers(x, from_median=True)
    cases = S.descent_cases(rng)
    for case, want in zip(cases, S.descent_expected(cases)):
        theta, history = S.gradient_descent(*case)
        assert (want == "diverge") == S.diverges(history)
        assert want == "diverge" or close(theta, want, rel=1e-4, abs_tol=1e-4)
    for case in S.overfit_cases(rng):
        parts = S.test_and_train_metrics(*case)
        assert parts["entrenamiento"]["r2"] - parts["prueba"]["r2"] > 0.1


def test_quartile_judge_names_the_rule_and_hides_the_answer():
    x = S.quartile_samples(np.random.default_rng(0), 1)[0][0]
    expected = {"curso": S.quartiles(x), "otras": {r: f(x) for r, f in S.OTHER_QUARTILE_RULES.items()}}
    assert same_quartiles(S.quartiles(x), expected).score == 1
    verdict = same_quartiles(WEIBULL(x), expected)
    assert verdict.score == 0 and "(N + 1)/4" in verdict.params["hint"]
    assert all(repr(q) not in verdict.params["hint"].replace(repr(WEIBULL(x)), "") for q in S.quartiles(x))


def test_descent_judge_needs_convergence_and_divergence():
    X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
    y = np.array([1.0, 3.0, 5.0, 7.0])
    good, bad = S.gradient_descent(X, y, 0.1, 1000), S.gradient_descent(X, y, 0.3, 20)
    assert descends([good, bad], [[1.0, 2.0], "diverge"]).score == 1
    assert descends([good, good], [[1.0, 2.0], "diverge"]).score == 0
    uphill = S.gradient_descent(X, -y, 0.1, 50)
    assert descends([uphill, bad], [[1.0, 2.0], "diverge"]).score == 0


def test_hints_for_known_mistakes():
    assert "1/2" in same_cost(10.5, 21.0).params["hint"]
    assert "signo" in same_gradient([8.0, 17.0], [-8.0, -17.0]).params["hint"]
    assert "k − 1" in same_bins([0, 0, 1, 1, 2, 3], [0, 0, 1, 1, 2, 2]).params["hint"]
    assert "ordenadas" in same_one_hot((["b", "a"], [[1, 0], [0, 1]]), (["a", "b"], [[0, 1], [1, 0]])).params["hint"]
    train = {"prueba": 0.6, "entrenamiento": 0.64}
    assert "entrenaste" in evaluated_on_test(0.64, train).params["hint"]
