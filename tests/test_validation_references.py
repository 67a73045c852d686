"""The trusted side of the model-validation practice (validation): the course's folds and
rules on the statement's examples, case makers that keep their promise (every known mistake
gives another answer on every case, a choice made on the test part changes when only the
test labels do) and judges that name a rule without giving a hidden value away."""
from __future__ import annotations

import numpy as np
import pytest

from grader.references import validation as V
from grader_client.judges.validation import (same_area, same_choice, same_cost_decisions, same_curve,
                                             same_diagnoses, same_folds, same_indices, same_paths, same_scores,
                                             selects_without_test, stratified_folds)


def test_folds_of_the_statement():
    folds = V.kfold(10, 3)
    assert [test for _, test in folds] == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert [len(test) for _, test in V.kfold(10, 3, extra_last=True)] == [3, 3, 4]
    assert same_folds([(np.array(tr), np.array(te)) for tr, te in folds], folds).score == 1
    wrong = V.kfold(10, 3, extra_last=True)
    assert "n % k primeros" in same_folds(wrong, folds).params["hint"]


def test_stratified_folds_are_judged_by_what_makes_them_stratified():
    y = np.array([0] * 6 + [1] * 9)
    expected = V.stratified_expected(y, 3)
    tests = [[0, 1, 6, 7, 8], [2, 3, 9, 10, 11], [4, 5, 12, 13, 14]]
    shuffled = [[5, 0, 14, 6, 9], [1, 2, 7, 13, 10], [3, 4, 8, 11, 12]]  # another valid split
    for parts in (tests, shuffled):
        folds = [(sorted(set(range(15)) - set(t)), t) for t in parts]
        assert V.is_stratified(folds, y, 3) and stratified_folds(folds, expected).score == 1
    verdict = stratified_folds(V.kfold(15, 3), expected)
    assert verdict.score == 0 and "Reparte los índices de cada clase" in verdict.params["hint"]


def test_roc_curve_area_and_the_rectangles():
    y, scores = np.array([0, 1, 1, 0, 1]), np.array([0.2, 0.8, 0.5, 0.5, 0.9])
    curve = V.roc_points(y, scores)
    assert curve["fpr"][0] == 0 and curve["tpr"][0] == 0 and len(curve["fpr"]) == 5
    assert V.trapezoid_area(curve["fpr"], curve["tpr"]) == pytest.approx(5.5 / 6)
    assert "(0, 0)" in same_curve({"fpr": curve["fpr"][1:], "tpr": curve["tpr"][1:]}, curve).params["hint"]
    expected = V.area_expected(curve["fpr"], curve["tpr"])
    assert "rectángulos" in same_area(expected["rectangulos"][0], expected).params["hint"]


def test_threshold_of_least_cost_and_the_swapped_costs():
    y = np.array([0, 0, 1, 0, 1, 0, 1, 0, 1, 1])
    scores = np.array([0.15, 0.3, 0.35, 0.42, 0.55, 0.61, 0.7, 0.78, 0.86, 0.93])
    expected = V.cost_expected(y, scores, 1, 4)
    assert expected["umbral"] == 0.35 and expected["intercambiado"] == 0.86
    assert same_cost_decisions(0.34, expected).score == 1  # the same decisions
    assert "intercambiado" in same_cost_decisions(0.86, expected).params["hint"]


def test_diagnosis_rule_and_judge():
    curves = [(np.array([1.0, 0.97]), np.array([0.55, 0.78])), (np.array([0.9, 0.7]), np.array([0.45, 0.68])),
              (np.array([1.0, 0.91]), np.array([0.5, 0.87]))]
    assert V.diagnoses_expected(curves) == ["sobreajuste", "subajuste", "bien"]
    assert [V.diagnosis(*c, gap_only=True) for c in curves] == ["sobreajuste", "bien", "bien"]
    assert same_diagnoses(["sobreajuste", "subajuste", "bien"], V.diagnoses_expected(curves)).score == 1
    assert "Curva 2" in same_diagnoses(["sobreajuste", "bien", "bien"], V.diagnoses_expected(curves)).params["hint"]


@pytest.mark.parametrize("seed", range(3))
def test_case_makers_separate_the_known_mistakes(seed):
    rng = np.random.default_rng(seed)
    for n, k in V.kfold_cases(rng):
        assert n % k and V.kfold(n, k) != V.kfold(n, k, extra_last=True)
    for y, k in V.stratified_cases(rng):
        assert not V.is_stratified(V.kfold(len(y), k), y, k)
    for case in V.cv_cases(rng):
        expected = V.cv_expected(*case)
        assert all(not np.allclose(other, expected["valor"]) for other in expected["otras"].values())
    for fpr, tpr in V.area_cases(rng):
        expected = V.area_expected(fpr, tpr)
        assert all(abs(r - expected["area"]) > 1e-9 for r in expected["rectangulos"])
    for case in V.cost_cases(rng):
        expected = V.cost_expected(*case)
        scores = case[1]
        for other in (expected["intercambiado"], 0.5, *V.STATEMENT_THRESHOLDS):
            assert not np.array_equal(scores >= other, scores >= expected["umbral"])
    curves = V.curve_cases(rng)
    labels = V.diagnoses_expected(curves)
    assert sorted(set(labels)) == ["bien", "sobreajuste", "subajuste"]
    assert [V.diagnosis(*c, gap_only=True) for c in curves] != labels
    assert [V.diagnosis(*c, first=True) for c in curves] != labels
    for train, validation in curves:
        assert abs(train[-1] - V.GOAL) >= 0.03 and abs(train[-1] - validation[-1] - V.GAP) >= 0.03
    for X, y, alphas in V.path_cases(rng):
        assert not np.allclose(V.paths(X, y, alphas)["lasso"], V.paths(X, y, alphas)["ridge"])
    for case in V.zeroed_cases(rng):
        expected = V.zeroed_expected(*case)
        assert expected["anulados"] and expected["conservados"]


def test_an_honest_choice_ignores_the_test_labels_and_a_test_choice_does_not():
    cases = V.choice_cases(np.random.default_rng(1), pairs=1)
    real, shuffled = cases
    honest = [V.choose_neighbours(*c) for c in cases]
    cheat = [V.choose_neighbours(*c, on_test=True) for c in cases]
    assert honest[0]["vecinos"] == honest[1]["vecinos"] != 1
    assert honest[0]["exactitud_prueba"] != honest[1]["exactitud_prueba"]
    assert cheat[0]["vecinos"] != cheat[1]["vecinos"]
    expected = V.choices_expected(cases)
    assert selects_without_test(honest, expected).score == 1
    verdict = selects_without_test(cheat, expected)
    assert verdict.score == 0 and "mirando el conjunto de prueba" in verdict.params["hint"]
    assert same_choice(honest[0], expected[0]).score == 1
    on_train = V.choose_neighbours(*real, on_train=True)
    assert on_train["vecinos"] == 1 and same_choice(on_train, expected[0]).score == 0
    assert np.array_equal(real[2], shuffled[2]) and sorted(real[3]) == sorted(shuffled[3])


def test_regularisation_judges():
    X, y = V.regression_data(np.random.default_rng(0), 60, 5, zeros=2)
    paths = V.paths(X, y, [0.1, 1.0])
    assert same_paths(paths, paths).score == 1
    swapped = {"lasso": paths["ridge"], "ridge": paths["lasso"]}
    assert "intercambiados" in same_paths(swapped, paths).params["hint"]
    expected = V.zeroed_expected(X, y, 1.0)
    assert same_indices(expected["anulados"], expected).score == 1
    assert "conserva" in same_indices(expected["conservados"], expected).params["hint"]
    assert "Ridge" in same_indices([], expected).params["hint"]
    scores = {"valor": [0.5, 0.75], "otras": {"entrenamiento": [1.0, 1.0]}}
    assert "pliegue" in same_scores([1.0, 1.0], scores).params["hint"]
