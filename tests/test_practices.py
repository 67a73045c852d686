"""Invariant 5, for every ready practice of the bundled course: the reference scores full
marks, the blank release scores zero on every hidden check, each known-wrong variant
loses exactly the points of the checks it gets wrong, each acceptable solution of a model
practice gets full marks, and a corrupt file is an error that does not stop the batch.
Also, on the same graded classes: a "by hand" rule takes its checks' points and says
which call broke it, and a scaler fitted on the rows to predict is caught whatever the
model."""
from __future__ import annotations

import json

import nbformat
import pytest

from grader.course import load_course
from grader.release import load_practice_checks
from grader.samples import UNSEEDED, sample_class
from grader.variants import SEEDING_CALLS, load_acceptable, load_variants, reference_notebook, seeds_its_answers
from grader_client.rules import NotebookCode

from conftest import COURSE_YML, ready_practice_ids

PRACTICES = ready_practice_ids()
COURSE = load_course(COURSE_YML)
SEEDED = [p for p in PRACTICES if seeds_its_answers(reference_notebook(COURSE.practice(p).source_notebook()))]
MODELS = [p for p in PRACTICES if COURSE.practice(p).dataset_path.exists()]
RULED = [p for p in PRACTICES if any(c.forbidden for c in sum(load_practice_checks(COURSE.practice(p)), []))]
SCALING = [p for p in MODELS if "h3_escalado_entrenamiento" in {c.id for c in load_practice_checks(COURSE.practice(p))[1]}]
pytestmark = pytest.mark.slow


def _scores(result: dict) -> dict[str, float]:
    return {c["id"]: c["score"] for c in result["checks"]}


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_reference_scores_full_marks(graded_class, course_workspace, practice_id):
    _, results = graded_class[practice_id]
    practice = course_workspace.practice(practice_id)
    reference = results["ana"]
    assert reference["status"] == "ok", reference["reason"]
    failing = {c["id"]: c["message"] for c in reference["checks"] if not c["passed"]}
    assert failing == {}
    assert reference["score"] == pytest.approx(practice.points)


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_blank_release_scores_zero_on_every_hidden_check(graded_class, course_workspace, practice_id):
    _, results = graded_class[practice_id]
    _, hidden = load_practice_checks(course_workspace.practice(practice_id))
    assert hidden, "every practice needs hidden checks"
    scores = _scores(results["bruno"])
    assert {c.id: scores[c.id] for c in hidden} == {c.id: 0.0 for c in hidden}


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_each_variant_loses_exactly_its_checks(graded_class, course_workspace, practice_id):
    samples, results = graded_class[practice_id]
    practice = course_workspace.practice(practice_id)
    public, hidden = load_practice_checks(practice)
    points = {c.id: c.points for c in public + hidden}
    variants = [s for s in samples if s.kind.startswith("variant:")]
    assert len(variants) >= 3, "at least three known-wrong variants per practice"
    for sample in variants:
        scores = _scores(results[sample.student])
        expected = {cid: (0.0 if cid in sample.loses else pts) for cid, pts in points.items()}
        assert scores == expected, sample.kind
        assert set(sample.loses) <= set(points), f"{sample.kind} names unknown checks"


def test_every_practice_that_trains_keras_in_a_checked_function_has_an_unseeded_pair(course_workspace):
    """The unseeded pair is graded where a checked function seeds a generator (a Keras
    model trained inside it); elsewhere removing the seeds changes nothing graded."""
    assert {"fraud", "nn-vs-cnn", "sequences"} <= set(SEEDED), SEEDED
    for practice_id in PRACTICES:
        practice = course_workspace.practice(practice_id)
        kinds = {s.kind for s in sample_class(practice, course_workspace.folder("release", practice_id))}
        assert ("unseeded" in kinds) == (practice_id in SEEDED), practice_id


@pytest.mark.parametrize("practice_id", SEEDED)
def test_an_unseeded_solution_gets_full_marks_identically_twice(graded_class, course_workspace, practice_id):
    """The reference without any seeding call, handed in by two students and graded in two
    kernels: full marks both times, with the same scores and the same messages (which
    quote the metrics the models reached), because the grader seeds every kernel."""
    samples, results = graded_class[practice_id]
    unseeded = [s for s in samples if s.kind == "unseeded"]
    assert [s.student for s in unseeded] == list(UNSEEDED)
    code = "\n".join(c.source for c in nbformat.reads(unseeded[0].content.decode(), 4).cells if c.cell_type == "code")
    assert not any(call in code for call in SEEDING_CALLS)
    first, second = (results[student] for student in UNSEEDED)
    failing = {c["id"]: c["message"] for c in first["checks"] if not c["passed"]}
    assert failing == {} and first["status"] == "ok", first["reason"]
    assert first["score"] == pytest.approx(course_workspace.practice(practice_id).points)
    assert [(c["id"], c["score"], c["message"]) for c in first["checks"]] == \
        [(c["id"], c["score"], c["message"]) for c in second["checks"]]


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_a_hard_coded_answer_passes_public_but_loses_hidden(course_workspace, practice_id):
    variants = load_variants(course_workspace.practice(practice_id).variants_path)
    hard_coded = [v for v in variants if "hard" in v.name or "literal" in v.name]
    assert hard_coded, "each practice needs a hard-coded variant"
    for variant in hard_coded:
        assert any(cid.startswith("h") for cid in variant.loses)


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_corrupt_submission_is_an_error_and_the_batch_goes_on(graded_class, practice_id):
    samples, results = graded_class[practice_id]
    corrupt = results["zoe"]
    assert corrupt["status"] == "error"
    assert "no es un cuaderno válido" in corrupt["reason"]
    assert corrupt["score"] == 0
    assert set(results) == {s.student for s in samples}


@pytest.mark.parametrize("practice_id", MODELS)
def test_every_acceptable_solution_gets_full_marks(graded_class, course_workspace, practice_id):
    """The family the model targets were calibrated on (thresholds.json says what each member
    reached): other honest ways of solving the model exercise lose nothing."""
    samples, results = graded_class[practice_id]
    practice = course_workspace.practice(practice_id)
    acceptable = [s for s in samples if s.kind.startswith("acceptable:")]
    assert 1 <= len(acceptable) <= 3, "a small family of acceptable solutions per model practice"
    record = json.loads((practice.solutions / "thresholds.json").read_text(encoding="utf-8"))
    assert record["family"] == ["referencia", *(s.kind.split(":", 1)[1] for s in acceptable)]
    for sample in acceptable:
        result = results[sample.student]
        failing = {c["id"]: c["message"] for c in result["checks"] if not c["passed"]}
        assert failing == {} and result["status"] == "ok", (sample.kind, failing)
        assert result["score"] == pytest.approx(practice.points)


def _printed(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if abs(value) >= 1000 else f"{value:g}"


@pytest.mark.parametrize("practice_id", MODELS)
def test_the_statement_tells_the_student_the_targets(practice_id):
    """What thresholds.json measured is what the notebook's markdown says (recalibrating
    means copying the new targets into the statement)."""
    practice = COURSE.practice(practice_id)
    record = json.loads((practice.solutions / "thresholds.json").read_text(encoding="utf-8"))
    markdown = "\n".join(c.source for c in nbformat.read(practice.source_notebook(), 4).cells
                         if c.cell_type == "markdown")
    words = " ".join(markdown.split())
    for key, metric in record["metrics"].items():
        higher = metric["baseline"] < metric["threshold"]
        assert f"{'al menos' if higher else 'como mucho'} {_printed(metric['threshold'])}" in words, key
        if metric["share"]:
            assert _printed(metric["baseline"]) in words, key


@pytest.mark.parametrize("practice_id", MODELS)
def test_a_model_check_says_where_the_model_stands_against_its_target(graded_class, course_workspace,
                                                                      practice_id):
    _, results = graded_class[practice_id]
    practice = course_workspace.practice(practice_id)
    record = json.loads((practice.solutions / "thresholds.json").read_text(encoding="utf-8"))
    model_checks = [c for c in results["ana"]["checks"] if "objetivo" in c["message"]]
    assert model_checks, "the reference's model checks quote their target"
    for metric in record["metrics"].values():  # what a model that barely learns gets earns nothing
        higher = metric["baseline"] < metric["threshold"]
        worst = metric["baseline_model"]["task"]["max" if higher else "min"]
        assert (worst <= metric["baseline"]) if higher else (worst >= metric["baseline"])
    for check in model_checks:
        assert check["messages"]["en"] and "target" in check["messages"]["en"]
        assert "exactitud" not in check["messages"]["en"]


@pytest.mark.parametrize("practice_id", RULED)
def test_a_by_hand_rule_takes_its_checks_points_and_names_the_call(graded_class, course_workspace, practice_id):
    """Every function with a "by hand" rule has a variant that computes the right values
    with a forbidden call: it loses exactly the checks with that rule (the variant test
    above), and each says which call, in the grader as in grader.check."""
    samples, results = graded_class[practice_id]
    public, hidden = load_practice_checks(course_workspace.practice(practice_id))
    ruled = {c.id: c for c in public + hidden if c.forbidden}
    proven = set()
    for sample in samples:
        if not sample.kind.startswith("variant:"):
            continue
        code = NotebookCode.from_notebook(nbformat.reads(sample.content.decode(), 4))
        for check_id, check in ruled.items():
            used = [f for f in code.examine(check.ask.function, check.forbidden) if not f.undecidable]
            if not used:
                continue
            assert check_id in sample.loses, (sample.kind, check_id)
            by_id = {c["id"]: c for c in results[sample.student]["checks"]}
            assert "No vale" in by_id[check_id]["message"] and f"`{used[0].written}`" in by_id[check_id]["message"]
            proven.add(check.ask.function)
    for sample in samples:
        if sample.kind in ("reference", "unseeded") or sample.kind.startswith("acceptable:"):
            assert not any("No vale" in c["message"] for c in results[sample.student]["checks"]), sample.kind
    assert proven == {c.ask.function for c in ruled.values()}, "a variant proves each rule"


@pytest.mark.parametrize("practice_id", SCALING)
def test_a_scaler_fitted_on_the_rows_to_predict_is_caught_whatever_the_model(graded_class, practice_id):
    samples, results = graded_class[practice_id]
    scaling = "h3_escalado_entrenamiento"
    leaks = [s for s in samples if s.kind.startswith("variant:") and s.loses == (scaling,)]
    honest = [s for s in samples if s.kind in ("reference", "unseeded") or s.kind.startswith("acceptable:")]
    assert leaks and honest
    for sample in leaks:
        lost = next(c for c in results[sample.student]["checks"] if c["id"] == scaling)
        assert lost["score"] == 0 and "solo con los datos de entrenamiento" in lost["message"], sample.kind
    for sample in honest:
        kept = next(c for c in results[sample.student]["checks"] if c["id"] == scaling)
        assert kept["passed"], (sample.kind, kept["message"])


def test_every_family_of_model_leaks_somewhere_and_is_honest_somewhere():
    """Across the classification practices, a scaler fitted on the rows to predict with a
    linear model, k-NN, a tree ensemble and a Keras network, and each family without it."""
    leaking, honest = set(), set()
    for practice_id in SCALING:
        path = COURSE.practice(practice_id).variants_path
        leaking |= {v.name.rsplit("_", 1)[-1] for v in load_variants(path) if v.loses == ("h3_escalado_entrenamiento",)}
        honest |= {v.name for v in load_acceptable(path)}
    assert {"datos", "vecinos", "bosque", "keras"} <= leaking, leaking  # escalado_con_todos_los_datos: linear
    assert {"modelo_k_vecinos", "modelo_bosque", "modelo_red_keras"} <= honest, honest


def test_course_lists_the_nine_practices_of_the_lab_list():
    course = load_course(COURSE_YML)
    assert {"calculator", "strings", "flowers", "wines", "digits", "houses", "gasoline", "fraud",
            "nn-vs-cnn"} <= {p.id for p in course.ready_practices()}
