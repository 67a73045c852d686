"""Models judged on data the student never loaded (grader.holdout): the holdout labels stay
in the grader, a function that does not learn from the rows it is given gets nothing
(even with the full data set loaded from scikit-learn), preprocessing fitted on the test
rows is caught whatever the model, targets come from the measured spread of a family of
acceptable solutions, and a model between a baseline and its target earns a share."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from grader import holdout, judges
from grader_client import messages
from grader_client.judges.classification import as_labels
from grader.checks import load_module
from grader.release import kernel_files, load_practice_checks, release
from grader.scoring import grade_notebook, plan

from helpers import write_notebook

LOAD = "import pandas as pd\ndatos = pd.read_csv('data/iris.csv')\nn_filas = len(datos)"
HONEST = '''
def entrenar_y_predecir(X_train, y_train, X_nuevo):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train).predict(X_nuevo)
'''
FULL_DATA = '''
def entrenar_y_predecir(X_train, y_train, X_nuevo):
    from sklearn.datasets import load_iris
    from sklearn.neighbors import KNeighborsClassifier
    X, y = load_iris(return_X_y=True)  # every row, the holdout included
    return KNeighborsClassifier(1).fit(X, y).predict(X_nuevo)
'''
SCALED_ON_EVERYTHING = '''
def entrenar_y_predecir(X_train, y_train, X_nuevo):
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    escala = StandardScaler().fit(np.vstack([X_train, X_nuevo]))
    modelo = LogisticRegression(max_iter=1000).fit(escala.transform(X_train), y_train)
    return modelo.predict(escala.transform(X_nuevo))
'''
CONSTANT_WITH_PATCHED_METRICS = '''
import sklearn.metrics
sklearn.metrics.accuracy_score = lambda *a, **k: 1.0
import numpy as np
np.mean = lambda *a, **k: 1.0
def entrenar_y_predecir(X_train, y_train, X_nuevo):
    return np.zeros(len(X_nuevo), dtype=int)
'''


@pytest.fixture
def model_practice(mini_course):
    practice = mini_course.practice("modelo")
    release(practice, mini_course.folder("release", "modelo"))
    return mini_course, practice


def _grade(model_practice, tmp_path, *cells):
    course, practice = model_practice
    public, hidden = load_practice_checks(practice)
    notebook = write_notebook(tmp_path / "modelo.ipynb", *cells)
    folder = course.folder("release", "modelo")
    grade = grade_notebook(notebook, public + hidden, seed=course.seed, limits=practice.limits,
                           extra_files=kernel_files(folder),
                           hide=[course.root, course.workspace])
    return {r.id: r for r in grade.results}


def _split(practice):
    return holdout.course_split(load_module(practice.dataset_path))


# --- pure parts ------------------------------------------------------------------------------

def test_renamed_classes_shift_by_one_and_wrap():
    assert holdout.renamed([0, 1, 2, 2], [0, 1, 2]).tolist() == [1, 2, 0, 0]
    assert holdout.renamed(np.array(["a", "c"]), ["a", "b", "c"]).tolist() == ["b", "a"]
    assert holdout.control_truth(np.array([1.5, -2.0])).tolist() == [-1.5, 2.0]
    assert holdout.control_truth(np.array([0, 1]), "columns").tolist() == [0, 1]


def test_softmax_scores_become_labels():
    scores = np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]])
    assert as_labels(scores).tolist() == [1, 0]
    assert as_labels(np.array([[2], [0]])).tolist() == [2, 0]


def test_the_model_judge_needs_both_the_task_and_its_control():
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    good = judges.learns_on_holdout([y, holdout.renamed(y, y)], y, metric="accuracy", threshold=0.9)
    assert good.score == 1 and good.key == "model_ok"
    ignores = judges.learns_on_holdout([y, y], y, metric="accuracy", threshold=0.9)
    assert ignores.score == 0 and ignores.key == "model_ignores_training"
    weak = judges.learns_on_holdout([np.zeros(10), np.ones(10)], y, metric="accuracy", threshold=0.9)
    assert weak.key == "model_below" and weak.params["value"] == "0.400"
    short = judges.learns_on_holdout([y[:3], y], y, metric="accuracy", threshold=0.9)
    assert short.key == "bad_predictions"


def test_error_metrics_are_bounded_from_above():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    close = judges.learns_on_holdout([y + 0.1, -y - 0.1], y, metric="mae", threshold=0.5)
    assert close.score == 1
    far = judges.learns_on_holdout([y + 2, -y], y, metric="mae", threshold=0.5)
    assert far.key == "model_below" and far.params["bound"] == "como mucho"


def test_shared_rows_must_be_predicted_the_same_way():
    assert judges.same_predictions_on_shared_rows([[0, 1, 2], [0, 1, 2, 9, 9]], 3).score == 1
    changed = judges.same_predictions_on_shared_rows([[0, 1, 2], [0, 0, 0, 9]], 3)
    assert changed.score == 0 and changed.params["share"] == "33 %"
    scores = np.eye(3)[[0, 1, 2, 2]]  # class scores count by their largest
    assert judges.same_predictions_on_shared_rows([scores[:3] * 0.9, scores], 3).score == 1
    flips = [np.arange(20) % 3, np.r_[np.arange(20) % 3][[*range(18), 0, 0]]]  # 2 labels of 20 flip
    assert judges.same_predictions_on_shared_rows(flips, 20).score == 1  # an unseeded retraining


# --- the scale of a model check ---------------------------------------------------------------

def test_a_model_between_baseline_and_target_earns_a_share():
    scale = dict(threshold=0.9, higher_is_better=True, baseline=0.3, share=0.5)
    assert holdout.scaled(0.95, **scale) == 1 and holdout.scaled(0.9, **scale) == 1
    assert holdout.scaled(0.6, **scale) == 0.25  # halfway: half the share
    assert holdout.scaled(0.3, **scale) == 0 and holdout.scaled(0.1, **scale) == 0
    assert holdout.scaled(0.89, threshold=0.9, higher_is_better=True) == 0  # no baseline: all or nothing
    errors = dict(threshold=100.0, higher_is_better=False, baseline=300.0, share=0.5)
    assert holdout.scaled(90, **errors) == 1 and holdout.scaled(200, **errors) == 0.25
    assert holdout.scaled(400, **errors) == 0 and holdout.scaled(float("nan"), **errors) == 0


def test_targets_and_baselines_are_rounded_to_printable_numbers():
    assert holdout.readable(0.8497, higher_is_better=True) == 0.84  # a target: towards the student
    assert holdout.readable(0.3333, higher_is_better=True, lenient=False) == 0.34  # a baseline: away
    assert holdout.readable(13811.5, higher_is_better=False) == 14000
    assert holdout.readable(20345.0, higher_is_better=False, lenient=False) == 20000
    assert holdout.readable(0.0961, higher_is_better=False) == 0.097


def test_the_model_judge_scores_on_the_scale_and_says_where_the_student_stands():
    y = np.repeat([0, 1, 2], 10)
    almost = y.copy()
    almost[:4] = (almost[:4] + 1) % 3  # 26 of 30 right: 0.867
    scale = dict(metric="accuracy", threshold=0.9, baseline=0.34, share=0.5)
    partial_ = judges.learns_on_holdout([almost, holdout.renamed(almost, y)], y, **scale)
    assert partial_.key == "model_partial" and 0 < partial_.score < 0.5
    text = messages.render(partial_.key, partial_.params, hidden=True)
    assert "0.867" in text and "al menos 0.9" in text and "0.34" in text
    assert "accuracy" in messages.render(partial_.key, partial_.params, hidden=True, lang="en")
    assert "exactitud" not in messages.render(partial_.key, partial_.params, hidden=True, lang="en")
    ok = judges.learns_on_holdout([y, holdout.renamed(y, y)], y, **scale)
    assert ok.score == 1 and "el objetivo es al menos 0.9" in messages.render(ok.key, ok.params, hidden=True)
    constant = np.zeros(30, dtype=int)
    assert judges.learns_on_holdout([constant, constant], y, **scale).score == 0
    control = judges.learns_on_holdout([y, holdout.renamed(almost, y)], y, **scale)
    assert control.key == "model_control_partial" and control.score == partial_.score


# --- a scaler fitted on the rows to predict, whatever the model --------------------------------

def _family(model: str, fitted_on: str):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.preprocessing import StandardScaler

    make = {"linear": lambda: LogisticRegression(max_iter=1000), "knn": KNeighborsClassifier,
            "tree": lambda: RandomForestClassifier(n_estimators=50)}[model]  # unseeded: retrained, it varies

    def entrenar_y_predecir(X_train, y_train, X_nuevo):
        scaler = StandardScaler().fit(np.vstack([X_train, X_nuevo]) if fitted_on == "both" else X_train)
        fitted = make().fit(scaler.transform(X_train), y_train)
        new = StandardScaler().fit_transform(X_nuevo) if fitted_on == "new" else scaler.transform(X_nuevo)
        return fitted.predict(new)

    return entrenar_y_predecir


@pytest.mark.parametrize("practice_id", ["flowers", "wines", "digits"])
def test_a_leak_shows_whatever_the_model(practice_id):
    """The batches of the scaling check move any statistic fitted on the rows to predict far
    from the training rows': every family that fits its scaler on them is caught, every
    honest one keeps its predictions (a scaler fitted on training and new rows together
    cannot change a tree's predictions, and is not a leak for it)."""
    from grader.checks import check_rng
    from grader.course import load_course

    from conftest import COURSE_YML

    course = load_course(COURSE_YML)
    split = _split(course.practice(practice_id))
    cases = holdout.batch_cases(split, check_rng(course.seed, "h3_escalado_entrenamiento"))
    verdicts = {}
    for model in ("linear", "knn", "tree"):
        for fitted_on in ("train", "both", "new"):
            f = _family(model, fitted_on)
            answers = [f(*case) for case in cases]
            verdicts[model, fitted_on] = judges.same_predictions_on_shared_rows(answers, len(split.y_holdout)).score
    assert verdicts == {(m, w): float(w == "train" or (m, w) == ("tree", "both"))
                        for m in ("linear", "knn", "tree") for w in ("train", "both", "new")}


# --- through a kernel ------------------------------------------------------------------------

@pytest.mark.slow
def test_release_ships_only_the_released_rows(model_practice):
    course, practice = model_practice
    released = pd.read_csv(course.folder("release", "modelo", "data", "iris.csv"))
    split = _split(practice)
    assert len(released) == len(split.X) == 120
    assert np.allclose(released.drop(columns="especie").to_numpy(), split.X)


def test_holdout_labels_never_enter_the_kernel(mini_course):
    practice = mini_course.practice("modelo")
    _, hidden = load_practice_checks(practice)
    split = _split(practice)
    _, requests = plan(hidden, mini_course.seed)
    sent = [array for _, arrays in requests.values() for array in arrays.values()]
    assert any(np.array_equal(array, split.X_holdout) for array in sent)  # features go
    for array in sent:  # labels do not, renamed or not
        for secret in (split.y_holdout, holdout.renamed(split.y_holdout, split.y)):
            assert not np.array_equal(np.asarray(array).ravel()[:len(secret)], secret)


@pytest.mark.slow
def test_an_honest_model_scores_full_marks(model_practice, tmp_path):
    results = _grade(model_practice, tmp_path, LOAD, HONEST)
    assert {k: r.score for k, r in results.items()} == {"q1_filas": 1, "h1_modelo": 3, "h2_escalado": 1}
    assert "datos que no habías visto" in results["h1_modelo"].message


@pytest.mark.slow
def test_loading_the_full_data_set_gains_nothing(model_practice, tmp_path):
    results = _grade(model_practice, tmp_path, LOAD, FULL_DATA)
    assert results["h1_modelo"].score == 0
    assert "no aprende de los datos" in results["h1_modelo"].message


@pytest.mark.slow
def test_scaling_fitted_on_the_new_rows_is_caught(model_practice, tmp_path):
    results = _grade(model_practice, tmp_path, LOAD, SCALED_ON_EVERYTHING)
    assert results["h1_modelo"].score == 3
    assert results["h2_escalado"].score == 0
    assert "solo con los datos de entrenamiento" in results["h2_escalado"].message


@pytest.mark.slow
def test_patching_metrics_in_the_kernel_gains_nothing(model_practice, tmp_path):
    results = _grade(model_practice, tmp_path, LOAD, CONSTANT_WITH_PATCHED_METRICS)
    assert results["h1_modelo"].score == 0
    assert "0.333" in results["h1_modelo"].message or "0.3" in results["h1_modelo"].message


@pytest.mark.slow
def test_calibration_records_why_the_threshold_is_what_it_is(mini_course):
    from grader.calibrate import calibrate

    practice = mini_course.practice("modelo")
    (practice.solutions / holdout.THRESHOLDS).unlink()  # a first calibration: none measured yet
    path = calibrate(practice, splits=6)
    record = json.loads(path.read_text(encoding="utf-8"))
    accuracy = record["metrics"]["accuracy"]
    assert record["splits"] == 6 and record["control"] == "classes"
    assert record["family"] == ["referencia"] and record["seconds"]["referencia"] > 0
    assert accuracy["threshold"] == pytest.approx(
        min(accuracy["reference"]["p5"], accuracy["reference_on_control"]["p5"]) - accuracy["margin"], abs=0.02)
    assert accuracy["threshold"] == round(accuracy["threshold"], 2)  # printable in a statement
    assert accuracy["baseline"] == 0.34 and accuracy["share"] == 0.5  # iris's most frequent class: a third
    assert accuracy["baseline_model"]["task"]["max"] <= accuracy["baseline"]
    assert "percentil" in record["why"] and "la clase más frecuente" in record["why"]
    assert holdout.read_thresholds(path.parent) == {"accuracy": {
        "threshold": accuracy["threshold"], "baseline": accuracy["baseline"], "share": 0.5}}


def test_a_practice_never_calibrated_says_how_to_fix_it(mini_course):
    from grader.checks import ChecksError

    practice = mini_course.practice("modelo")
    (practice.solutions / holdout.THRESHOLDS).unlink()
    with pytest.raises(ChecksError, match="grader calibrate modelo"):
        load_practice_checks(practice)
