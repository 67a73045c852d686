"""What the instructor's report gathers of the judgements a person should confirm
(grader.judgements): the points lost to a "by hand" rule and the uses no analysis could
decide, the scaling checks lost to a data leak, the models scored between a baseline and
the target.  First on result documents written by hand, then on what grading writes
into them: the verdict's kind and a few numbers, never an expected value or a label."""
from __future__ import annotations

import json
from functools import partial

import numpy as np
import pytest

from grader.holdout import renamed
from grader.judgements import gather
from grader.judges import learns_on_holdout, same_predictions_on_shared_rows
from grader_client.checks import Call, Check, CheckResult
from grader_client.judges import equals
from grader_client.rules import NotebookCode
from grader_client.scoring import apply_rules, score


def entry(check: str, score: float, points: float, kind: str = "", **details) -> dict:
    """One check of a result document, as autograde writes it (``kind`` and ``details``
    left out when empty, as in the documents written before they existed)."""
    found = {"id": check, "question": "q1", "points": points, "score": score, "hidden": True,
             "message": "…", "messages": {"es": "…"}, "answer": "", "passed": score >= points}
    if kind:
        found["kind"] = kind
    if details:
        found["details"] = details
    return found


def result(student: str, *entries: dict) -> dict:
    return {"student": student, "practice": "p", "status": "ok", "reason": "", "checks": list(entries)}


USED = dict(function="media", written="m", resolved="statistics.mean", where="media", line=3, why="", lost=1.5,
            verdict="correct")
UNCLEAR = dict(function="media", written="eval('statistics.mean(x)')", resolved="", where="ayuda", line=2,
               why="usa eval", lost=0.0, verdict="correct")
PARTIAL = dict(value=0.8, control=0.82, threshold=0.9, baseline=0.4, fraction=0.4)


def test_a_forbidden_use_names_the_call_as_written_what_it_is_and_the_points_lost():
    found = gather({"ana": result("ana", entry("h1_media", 0.0, 1.5, "forbidden_use", **USED),
                                  entry("h2_otra", 1.0, 1.0, "correct"))})
    assert [(r.student, r.check, r.written, r.resolved, r.where, r.line, r.lost, r.points) for r in found.rules] \
        == [("ana", "h1_media", "m", "statistics.mean", "media", 3, 1.5, 1.5)]
    assert found.reviews == found.leaks == found.models == [] and not found.empty
    as_written = gather({"ana": result("ana", entry("h1", 0.5, 1.0, "forbidden_use",
                                                    **{**USED, "written": "statistics.mean", "lost": 0.5}))})
    assert as_written.rules[0].resolved == ""  # nothing to add to what the student wrote


def test_a_forbidden_use_that_cost_nothing_is_not_listed():
    """The answers had earned nothing already: the rule took nothing away."""
    found = gather({"ana": result("ana", entry("h1_media", 0.0, 1.5, "forbidden_use", **{**USED, "lost": 0.0}))})
    assert found.empty


def test_an_undecidable_use_is_listed_for_a_person_and_costs_nothing():
    found = gather({"beto": result("beto", entry("h1_media", 1.5, 1.5, "forbidden_unclear", **UNCLEAR))})
    assert found.rules == []
    assert [(r.student, r.check, r.function, r.why, r.where, r.line) for r in found.reviews] \
        == [("beto", "h1_media", "media", "usa eval", "ayuda", 2)]


def test_a_lost_scaling_check_is_a_leak_with_the_rows_that_agreed():
    found = gather({"carla": result("carla", entry("h3_escalado", 0.0, 1.0, "depends_on_batch", share=0.31, fraction=0.0)),
                    "dani": result("dani", entry("h3_escalado", 1.0, 1.0, "correct"))})
    assert [(leak.student, leak.check, leak.agreement, leak.lost) for leak in found.leaks] \
        == [("carla", "h3_escalado", 0.31, 1.0)]


def test_only_models_between_the_baseline_and_the_target_are_near_it():
    results = {
        "ana": result("ana", entry("h1_modelo", 3.0, 3.0, "model_ok", **{**PARTIAL, "value": 0.95, "fraction": 1.0})),
        "beto": result("beto", entry("h1_modelo", 1.2, 3.0, "model_partial", **PARTIAL)),
        "carla": result("carla", entry("h1_modelo", 0.9, 3.0, "model_control_partial",
                                       **{**PARTIAL, "value": 0.95, "control": 0.75, "fraction": 0.3})),
        "dani": result("dani", entry("h1_modelo", 0.0, 3.0, "model_below", **{**PARTIAL, "value": 0.3, "fraction": 0})),
        "eva": result("eva", entry("h1_modelo", 0.0, 3.0, "model_ignores_training", **{**PARTIAL, "fraction": 0})),
    }
    found = gather(results).models
    assert [(m.student, m.kind, m.value, m.control, m.baseline, m.threshold, m.fraction, m.score) for m in found] == [
        ("beto", "model_partial", 0.8, 0.82, 0.4, 0.9, 0.4, 1.2),
        ("carla", "model_control_partial", 0.95, 0.75, 0.4, 0.9, 0.3, 0.9)]


def test_a_rule_on_a_model_check_keeps_the_models_judgement():
    """A rule's kind replaces the judge's: the judge's survives in its details."""
    details = {**PARTIAL, **USED, "lost": 0.6, "verdict": "model_partial"}
    found = gather({"ana": result("ana", entry("h1_modelo", 0.6, 3.0, "forbidden_use", **details))})
    assert [r.lost for r in found.rules] == [0.6]
    assert [(m.value, m.fraction) for m in found.models] == [(0.8, 0.4)]


def test_result_documents_from_before_kinds_were_written_show_nothing():
    old = {"ana": result("ana", entry("h1_media", 0.0, 1.5)), "beto": {"student": "beto"}}
    assert gather(old).empty and gather({}).empty


def test_a_score_a_person_set_since_is_marked():
    results = {"ana": result("ana", entry("h1_media", 0.0, 1.5, "forbidden_use", **USED)),
               "beto": result("beto", entry("h1_media", 1.5, 1.5, "forbidden_unclear", **UNCLEAR))}
    found = gather(results, {"ana": ["h1_media"], "beto": ["otra"]})
    assert [r.by_hand for r in found.rules] == [True] and [r.by_hand for r in found.reviews] == [False]


def test_the_section_lists_what_to_review_and_marks_scores_set_by_hand():
    from bs4 import BeautifulSoup

    from grader.report import _environment

    found = gather({"ana": result("ana", entry("h1_media", 0.0, 1.5, "forbidden_use", **USED)),
                    "beto": result("beto", entry("h1_media", 1.5, 1.5, "forbidden_unclear", **UNCLEAR)),
                    "carla": result("carla", entry("h1_modelo", 0.9, 3.0, "model_control_partial",
                                                   **{**PARTIAL, "value": 0.95, "control": 0.75, "fraction": 0.3}))},
                   {"ana": ["h1_media"]})
    page = BeautifulSoup(_environment().get_template("_judgements.html.j2").render(judgements=found, rows=[None]),
                         "html.parser")

    def rows(table):
        return [" | ".join(" ".join(td.get_text().split()) for td in tr.find_all("td"))
                for tr in page.select(f"#{table} tbody tr")]

    assert rows("forbidden-uses") == ["ana | h1_media | m (es statistics.mean) | media, línea 3 | −1.5 de 1.5 a mano"]
    assert rows("to-review") == ["beto | h1_media | media: usa eval (línea 2 de ayuda)"]
    assert rows("near-target") == ["carla | h1_modelo | 0.95 (con el control: 0.75) | 0.4 | 0.9 | 30 % | 0.9 de 3"]
    assert " ".join(page.find(id="no-judgements").get_text().split()) \
        == "Ninguna entrega perdió puntos por una fuga de datos."


# --- what grading writes into the result document ----------------------------------------

def test_a_model_between_baseline_and_target_carries_its_place_on_the_scale():
    """Only the metric and the scale are kept: no holdout label, no prediction."""
    y = np.array([0, 1, 2] * 10)
    predictions = np.where(np.arange(30) < 9, (y + 1) % 3, y)  # 9 of 30 wrong: 0.7
    check = Check(id="h1_modelo", question="q1", points=3, hidden=True,
                  ask=Call("f", cases=[(0,), (1,)], together=True), expected=y,
                  judge=partial(learns_on_holdout, metric="accuracy", threshold=0.9, baseline=0.4, share=0.5),
                  description="exactitud")
    outcome = {"cases": [{"ok": predictions}, {"ok": renamed(predictions, y)}]}  # the control, as well
    graded = score(check, [(0,), (1,)], outcome, "es")
    share = 0.5 * (0.7 - 0.4) / (0.9 - 0.4)  # half the points at most, for 3/5 of the way
    assert graded.kind == "model_partial" and graded.score == pytest.approx(3 * share)
    assert graded.details == {"value": 0.7, "control": 0.7, "threshold": 0.9, "baseline": 0.4,
                              "fraction": pytest.approx(share)}
    assert all(value is None or isinstance(value, float) for value in graded.details.values())


def test_a_leak_carries_the_share_of_rows_that_agreed():
    verdict = same_predictions_on_shared_rows([[0, 1, 1, 0], [1, 1, 0, 0, 2, 2]], 4)
    assert verdict.key == "depends_on_batch"
    from grader_client.scoring import details

    assert details(verdict) == {"share": 0.5, "fraction": 0.0}


def test_a_case_by_case_check_keeps_no_details_of_its_hidden_inputs():
    check = Check(id="h1_doble", question="q1", points=4, hidden=True, ask=Call("doble", cases=[(123457,), (2,)]),
                  expected=[246914, 4], judge=equals, description="doble")
    graded = score(check, [(123457,), (2,)], {"cases": [{"ok": 1}, {"ok": 4}]}, "es")
    assert graded.kind == "cases" and graded.details == {}  # the failed call, 123457 in it, stays in words


def test_a_forbidden_use_carries_the_finding_and_the_points_it_cost():
    check = Check(id="h1_media", question="q1", points=1.5, hidden=True, ask=Call("media", cases=[([1, 2],)]),
                  expected=[1.5], judge=equals, description="media", forbidden=("statistics",),
                  forbidden_deduction=1.0)
    passed = CheckResult(id=check.id, question="q1", points=1.5, score=1.5, hidden=True, message="Correcto.",
                         messages={"es": "Correcto."}, kind="correct")
    code = NotebookCode(["from statistics import mean as m", "def media(x):\n    return m(x)"])
    graded, _ = apply_rules(check, passed, code, "es")
    assert graded.kind == "forbidden_use" and graded.score == 0
    assert {k: graded.details[k] for k in ("written", "resolved", "where", "lost", "verdict")} \
        == {"written": "m", "resolved": "statistics.mean", "where": "media", "lost": 1.5, "verdict": "correct"}
    found = gather({"ana": result("ana", json.loads(json.dumps(vars(graded))))})
    assert [(r.written, r.resolved, r.lost) for r in found.rules] == [("m", "statistics.mean", 1.5)]
