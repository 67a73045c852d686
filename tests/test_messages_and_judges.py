"""Judges are pure and decide correctly; messages never reveal a hidden expected value."""
from __future__ import annotations

from functools import partial

import numpy as np

from grader import judges
from grader_client import messages
from grader_client.report import check_question


def test_hidden_templates_never_show_the_expected_value():
    for lang in messages.LANGUAGES:
        for key, templates in messages.catalog(lang).items():
            assert "{expected}" not in templates["hidden"], (lang, key)


def test_both_languages_have_the_same_messages():
    assert messages.catalog("es").keys() == messages.catalog("en").keys()


def test_equals_and_types():
    assert judges.equals(3, 3.0).score == 1
    assert judges.equals([1, 2], [1, 3]).score == 0
    assert judges.same_type_and_value(3.0, 3).key == "wrong_type"
    assert judges.same_type_and_value(3, 3).score == 1


def test_close_to_numbers_and_arrays():
    assert judges.close_to(0.1 + 0.2, 0.3).score == 1
    assert judges.close_to(0.31, 0.3).score == 0
    assert partial(judges.close_to, rel=0.1)(0.31, 0.3).score == 1
    assert judges.close_to(np.array([1.0, 2.0]), [1.0, 2.0]).score == 1
    assert judges.close_to(np.array([1.0]), [1.0, 2.0]).key == "wrong_shape"
    assert judges.close_to("3", 3).key == "not_a_number"


def test_same_text_explains_near_misses():
    assert judges.same_text("hola ", "hola").key == "text_spaces"
    assert judges.same_text("Hola", "hola").key == "text_case"
    assert judges.same_text(5, "hola").key == "not_text"


def test_a_hidden_failure_message_keeps_the_answer_secret():
    verdict = judges.same_text("adios", "secreto-esperado")
    text = messages.render(verdict.key, verdict.params, hidden=True)
    assert "secreto-esperado" not in text and "adios" in text


def test_in_notebook_check_shows_a_table(mini_course):
    folder = mini_course.folder("release", "mini")
    report = check_question("q1", folder=folder, namespace={"doble": lambda x: 2 * x})
    assert report.passed
    assert "<table>" in report._repr_html_() and "Correcto." in report._repr_html_()
    wrong = check_question("q1", folder=folder, namespace={"doble": lambda x: x})
    assert not wrong.passed and "Se esperaba 4" in repr(wrong)


def _macro(mc):
    """Precision, recall and F1 averaged over classes, from a confusion matrix."""
    mc = np.asarray(mc, dtype=float)
    precision = np.diag(mc) / mc.sum(axis=0)
    recall = np.diag(mc) / mc.sum(axis=1)
    f1 = 2 * precision * recall / (precision + recall)
    return (precision.mean(), recall.mean(), f1.mean())


def test_a_hidden_answer_holding_the_expected_values_is_not_quoted():
    """Precision and recall swapped give back the right numbers in the wrong places:
    quoting that answer would hand over the hidden expected value."""
    from grader.checks import Call, Check, per_case
    from grader.scoring import score

    matrices = [([[26, 7], [4, 7]],), ([[9, 1, 0], [2, 8, 3], [0, 1, 7]],)]
    check = Check("h8_macro", "q8", 1.0, Call("promedio_macro", lambda rng: matrices),
                  per_case(_macro), partial(judges.close_to, rel=1e-4), "promedio_macro", hidden=True)
    right = [_macro(m) for (m,) in matrices]
    swapped = {"cases": [{"ok": [r, p, f]} for p, r, f in right]}
    result = score(check, matrices, swapped, "es")
    assert result.score == 0
    for number in (n for values in right for n in values):
        assert repr(number)[:6] not in result.message and repr(number)[:6] not in result.messages["en"]
    assert "contiene valores de la respuesta esperada" in result.message

    # nor one that holds them negated (a gradient with the wrong sign)
    negated = {"cases": [{"ok": [-v for v in values]} for values in right]}
    assert "contiene valores de la respuesta esperada" in score(check, matrices, negated, "es").message

    # an answer with nothing in common is still quoted: that helps and reveals nothing
    unrelated = {"cases": [{"ok": [0.1111, 0.2222, 0.3333]}, {"ok": [0.1111, 0.2222, 0.3333]}]}
    assert "0.1111" in score(check, matrices, unrelated, "es").message


def test_a_hidden_hint_that_quotes_the_expected_value_is_withheld():
    """A judge's own hint may quote the answer; the hidden check still does not show a
    number of its expected value in it."""
    from grader.checks import Check, Value
    from grader.scoring import score

    quoting = lambda answer, expected: judges.hint(f"Tu valor {answer} tiene el signo cambiado.")  # noqa: E731
    check = Check("h1_pendiente", "q1", 1.0, Value("pendiente"), 3.14159, quoting, "pendiente", hidden=True)
    result = score(check, None, {"value": {"ok": -3.14159}}, "es")
    assert "3.14159" not in result.message and "contiene valores de la respuesta esperada" in result.message
    public = Check("q1_pendiente", "q1", 1.0, Value("pendiente"), 3.14159, quoting, "pendiente")
    assert "-3.14159" in score(public, None, {"value": {"ok": -3.14159}}, "es").message


def test_a_hidden_call_with_missing_cases_is_scored_zero_with_the_reason():
    """A kernel that answers fewer cases than it was asked (a broken witness answer) gets
    no points for the check, and the message says why; the grader does not fail."""
    from grader.checks import Call, Check, per_case
    from grader.scoring import score

    inputs = [(1,), (2,), (3,)]
    check = Check("h1_doble", "q1", 1.0, Call("doble", lambda rng: inputs), per_case(lambda x: 2 * x),
                  judges.equals, "doble", hidden=True)
    for outcome in ({"cases": []}, {"cases": [{"ok": 2}]}, {}):
        result = score(check, inputs, outcome, "es")
        assert result.score == 0 and "faltan casos" in result.message
