"""Invariant 5, for every ready practice of the bundled course: the reference scores full
marks, the blank release scores zero on every hidden check, each known-wrong variant
loses exactly the points of the checks it gets wrong, and a corrupt file is an error that
does not stop the batch."""
from __future__ import annotations

import nbformat
import pytest

from grader.course import load_course
from grader.release import load_practice_checks
from grader.samples import UNSEEDED
from grader.variants import SEEDING_CALLS, load_variants

from conftest import COURSE_YML, ready_practice_ids

PRACTICES = ready_practice_ids()
TENSORFLOW = [p for p in PRACTICES if "tensorflow" in load_course(COURSE_YML).practice(p).preload]
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


@pytest.mark.parametrize("practice_id", TENSORFLOW)
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


def test_course_lists_the_nine_practices_of_the_lab_list():
    course = load_course(COURSE_YML)
    assert {"calculator", "strings", "flowers", "wines", "digits", "houses", "gasoline", "fraud",
            "nn-vs-cnn"} <= {p.id for p in course.ready_practices()}
