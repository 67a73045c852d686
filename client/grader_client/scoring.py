"""Choose inputs, hear the witness, judge, score: the half of grading that never runs
student code.

Shared by ``grader.check("q1")`` and ``grader check`` (public checks, on the student's
machine) and by the instructor's ``grader autograde`` (public and hidden checks, whose
expected values are computed there, after the kernel has answered, and never sent to it).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader_client import messages
from grader_client.checks import Call, Check, CheckResult, draw_inputs
from grader_client.judges import Verdict, show
from grader_client.witness import Unsupported

# The kernel machinery (nbclient, nbformat) is imported where a notebook is run, not here:
# ``grader.check("q1")`` inside a student's kernel needs only the judging half.


@dataclass
class NotebookGrade:
    results: list[CheckResult]
    status: str  # ok | error | timeout | kernel_died
    reason: str = ""
    cell_errors: list = field(default_factory=list)  # grader_client.run.CellError
    executed: Any = None

    @property
    def score(self) -> float:
        return sum(r.score for r in self.results)

    @property
    def max_score(self) -> float:
        return sum(r.points for r in self.results)


WHOLE_FUNCTION_KEYS = {"not_implemented", "missing_name", "not_callable"}


def _engine_verdict(outcome: dict, name: str) -> Verdict | None:
    """Verdicts that need no judge: the kernel could not produce an answer."""
    if "missing" in outcome:
        return Verdict(0.0, "missing_name", {"name": name})
    if "not_callable" in outcome:
        return Verdict(0.0, "not_callable", {"name": name, "kind": outcome["not_callable"]})
    if "not_implemented" in outcome:
        return Verdict(0.0, "not_implemented", {"name": name})
    if "timeout" in outcome:
        return Verdict(0.0, "timeout", {"seconds": outcome["timeout"]})
    if "no_answer" in outcome:
        return Verdict(0.0, "no_answer", {"reason": outcome["no_answer"]})
    if "error" in outcome:
        error = outcome["error"]
        return Verdict(0.0, "raised", {"error": f"{error.get('type')}: {error.get('message', '')}"[:200]})
    return None


def _numbers(value: Any) -> list[float]:
    """The finite numbers inside an answer or an expected value, however nested."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [n for item in value for n in _numbers(item)]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return []
    return [float(value)] if math.isfinite(value) else []


NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")


def _distinctive(number: float) -> bool:
    """Three or more significant digits: 0.683 names a value, 0.25 or 4 could be anything."""
    return len(re.sub(r"[^0-9]", "", repr(number).split("e")[0]).lstrip("0")) >= 3


def _withhold(check: Check, verdict: Verdict, answer: Any, expected: Any) -> Verdict:
    """A hidden check does not quote an answer that holds one of its expected numbers (or
    its negative): precision and recall swapped give back the right values in the wrong
    places, a gradient with the wrong sign the right one negated, and quoting them would
    hand the student the hidden answer."""
    if not check.hidden or verdict.score >= 1.0:
        return verdict
    if "answer" in verdict.params:
        shown = _numbers(answer)
    elif verdict.key == "hint":  # a judge's own words may quote the answer too
        shown = [float(n) for n in NUMBER.findall(verdict.params.get("hint", ""))]
    else:
        return verdict
    wanted = {f"{abs(n):.6g}" for n in _numbers(expected) if _distinctive(n)}
    if any(f"{abs(n):.6g}" in wanted for n in shown):
        return Verdict(verdict.score, "holds_expected", {})
    return verdict


def _judge_value(check: Check, value: Any, expected: Any) -> Verdict:
    if isinstance(value, Unsupported):
        return Verdict(0.0, "unsupported_answer", {"kind": value.kind})
    try:
        return check.judge(value, expected)
    except Exception:  # odd student data must not crash the grader
        return Verdict(0.0, "unsupported_answer", {"kind": type(value).__name__})


def _judge_case(check: Check, name: str, case: dict, expected: Any) -> Verdict:
    return _engine_verdict(case, name) or _judge_value(check, case.get("ok"), expected)


def _judge_together(check: Check, name: str, cases: list[dict], inputs: list[tuple]) -> Verdict:
    """One verdict on all the answers of a ``together`` call; any case that failed to
    answer decides alone (a model that raised is not judged on half its answers)."""
    if len(cases) != len(inputs):
        return Verdict(0.0, "no_answer", {"reason": "faltan casos"})
    for case in cases:
        verdict = _engine_verdict(case, name)
        if verdict is not None:
            return verdict
    answers = [case.get("ok") for case in cases]
    unsupported = next((a for a in answers if isinstance(a, Unsupported)), None)
    if unsupported is not None:
        return Verdict(0.0, "unsupported_answer", {"kind": unsupported.kind})
    try:
        return check.judge(answers, check.expected_for(inputs))
    except Exception:  # odd student data must not crash the grader
        return Verdict(0.0, "unsupported_answer", {"kind": "datos inesperados"})


# What a result document keeps of a verdict besides its words, for the instructor's report
# (grader.judgements): by message key, the parameters kept, each a number about the student's
# own answer (its metric, on the task and on the control) or the check's scale, as messages
# word them.  Never an expected value, a holdout label or a hidden input.
MODEL_DETAILS = ("value", "control", "threshold", "baseline")
DETAILS = {key: MODEL_DETAILS for key in ("model_ok", "model_partial", "model_control_partial",
                                          "model_below", "model_ignores_training")}
DETAILS["depends_on_batch"] = ("share",)


def _number(text: str) -> float | None:
    """``"0.874"`` or ``"62 %"`` as a number (a share as a fraction); None when empty."""
    text = str(text).strip()
    if not text:
        return None
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def details(verdict: Verdict) -> dict:
    """The structured part of a verdict kept in the result document (see :data:`DETAILS`),
    with the fraction of the points it earned."""
    kept = DETAILS.get(verdict.key, ())
    if not kept:
        return {}
    found = {name: _number(verdict.params[name]) for name in kept if name in verdict.params}
    return {**found, "fraction": verdict.score}


def score(check: Check, inputs: Any, outcome: dict, lang: str) -> CheckResult:
    """Judge one check's answer; partial credit is the fraction of cases passed.  The
    message is kept in every language of the catalog, ``lang`` first."""
    fraction, verdict, describe = _assess(check, inputs, outcome)
    texts = {code: describe(lambda v, code=code: messages.render(
        v.key, v.params, hidden=check.hidden, lang=code)) for code in messages.LANGUAGES}
    return CheckResult(id=check.id, question=check.question, points=check.points,
                       score=round(check.points * fraction, 4), hidden=check.hidden,
                       message=texts[lang], description=check.description, messages=texts,
                       answer=digest(outcome), kind=verdict.key, details=details(verdict))


def digest(value: Any) -> str:
    """A short fingerprint of an answer as decoded data (arrays by their bytes): two
    submissions whose models predicted the same holdout the same way share it."""
    import hashlib

    sha = hashlib.sha256()

    def feed(item: Any) -> None:
        if hasattr(item, "tobytes") and hasattr(item, "dtype"):
            sha.update(f"{item.dtype}{item.shape}".encode())
            sha.update(item.tobytes())
        elif isinstance(item, dict):
            for key in sorted(item, key=repr):
                sha.update(repr(key).encode())
                feed(item[key])
        elif isinstance(item, (list, tuple, set)):
            sha.update(type(item).__name__.encode())
            for element in (sorted(item, key=repr) if isinstance(item, set) else item):
                feed(element)
        else:
            sha.update(repr(item).encode())

    feed(value)
    return sha.hexdigest()[:16]


def _assess(check: Check, inputs: Any, outcome: dict):
    """The fraction earned, the verdict (for a call judged case by case, one that only
    names the outcome), and how to put it into words given a ``say(verdict)``."""
    name = check.ask.function if isinstance(check.ask, Call) else check.ask.name
    verdict = _engine_verdict(outcome, name)
    if verdict is not None:
        return 0.0, verdict, lambda say: say(verdict)
    if isinstance(check.ask, Call) and check.ask.together:
        verdict = _judge_together(check, name, outcome.get("cases", []), inputs)
        return verdict.score, verdict, lambda say: say(verdict)
    if isinstance(check.ask, Call):
        expected = check.expected_for(inputs)
        cases = outcome.get("cases", [])
        if len(cases) == len(inputs):
            verdicts = [_judge_case(check, name, case, want) for case, want in zip(cases, expected)]
        else:
            cases = [{}] * len(inputs)
            verdicts = [Verdict(0.0, "no_answer", {"reason": "faltan casos"})] * len(inputs)
        failed = [(i, v) for i, v in enumerate(verdicts) if v.score < 1.0]
        fraction = sum(v.score for v in verdicts) / max(len(verdicts), 1)
        if not failed:
            return fraction, Verdict(1.0, "correct"), lambda say: say(Verdict(1.0, "correct"))
        if len(failed) == len(verdicts) and failed[0][1].key in WHOLE_FUNCTION_KEYS:
            whole = failed[0][1]  # about the function, not a case
            return fraction, whole, lambda say: say(whole)
        index, first = failed[0]
        first = _withhold(check, first, cases[index].get("ok"), expected)
        call = f"{name}({', '.join(show(a, 30) for a in inputs[index])})"
        return fraction, Verdict(fraction, "cases"), lambda say: say(Verdict(fraction, "cases", {
            "failed": len(failed), "total": len(verdicts), "call": call, "detail": say(first)}))
    verdict = _engine_verdict(outcome.get("value", {}), name)
    if verdict is None:
        value, expected = outcome["value"]["ok"], check.expected_for(inputs)
        verdict = _withhold(check, _judge_value(check, value, expected), value, expected)
    return verdict.score, verdict, lambda say: say(verdict)


def plan(checks: list[Check], seed: int) -> tuple[dict[str, Any], dict[str, tuple[dict, dict]]]:
    """Inputs per check (drawn from the check's own seeded generator) and the requests,
    each a JSON-able dict with the arrays it refers to."""
    inputs = {c.id: draw_inputs(c, seed) for c in checks}
    requests = {}
    for check in checks:
        arrays: dict = {}
        requests[check.id] = (check.ask.request(inputs[check.id], arrays), arrays)
    return inputs, requests


def read_notebook(path: Path):
    """The notebook at ``path`` as nbformat 4, and notes on what is odd about it (an old
    format, no cells); ``None`` and the reason when it is not a notebook at all."""
    import nbformat

    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        version = nb.nbformat
        nb = nbformat.convert(nb, 4) if version != 4 else nb  # converts in place
    except Exception as exc:  # not JSON, not a notebook, empty file...
        return None, [f"no es un cuaderno válido ({type(exc).__name__}: {str(exc)[:120]})"]
    notes = []
    if version < 4:
        notes.append(f"formato de cuaderno antiguo (v{version}), convertido")
    if not nb.cells:
        notes.append("el cuaderno no tiene celdas")
    return nb, notes


def _rule_params(check: Check, finding, lost: float) -> dict:
    from grader_client.rules import describe_entries

    resolved = f" ({finding.resolved})" if finding.resolved and finding.resolved != finding.written else ""
    helper = finding.where != finding.function
    return {"function": finding.function, "written": finding.written, "resolved": resolved,
            "via": f" a través de `{finding.where}`" if helper else "",
            "via_en": f" through `{finding.where}`" if helper else "",
            "rule": describe_entries(check.forbidden), "rule_en": describe_entries(check.forbidden, "en"),
            "lost": f"{lost:g} punto" + ("" if lost == 1 else "s"),
            "lost_en": f"{lost:g} point" + ("" if lost == 1 else "s"),
            "why": finding.why, "line": finding.line, "where": finding.where}


def apply_rules(check: Check, result: CheckResult, code, lang: str) -> tuple[CheckResult, str]:
    """``result`` with the check's "by hand" rule applied to ``code`` (a
    :class:`grader_client.rules.NotebookCode`): a forbidden use costs the declared share
    of the points and is named in the message; a use that cannot be decided is named in
    the message, costs nothing, and comes back as a note for a person to look at."""
    if not check.forbidden or code is None or not isinstance(check.ask, Call):
        return result, ""
    from grader_client.rules import describe_entries

    findings = code.examine(check.ask.function, check.forbidden)
    used = next((f for f in findings if not f.undecidable), None)
    unclear = next((f for f in findings if f.undecidable), None)
    if used is not None:
        lost = round(min(result.score, check.points * check.forbidden_deduction), 4)
        key, finding, note = "forbidden_use", used, ""
    elif unclear is not None and result.score > 0:  # nothing to review in what earns nothing
        lost, key, finding = 0.0, "forbidden_unclear", unclear
        note = (f"revisar a mano {check.id}: no se puede saber si `{unclear.function}` usa "
                f"{describe_entries(check.forbidden)} ({unclear.why}, línea {unclear.line} de `{unclear.where}`)")
    else:
        return result, ""
    params = _rule_params(check, finding, round(check.points * check.forbidden_deduction, 4))
    texts = {language: " ".join(part for part in (result.messages.get(language, ""), messages.render(
        key, params, hidden=check.hidden, lang=language)) if part) for language in messages.LANGUAGES}
    # The rule's finding joins what was kept of the judge's verdict (``verdict``: its key).
    found = {"function": finding.function, "written": finding.written, "resolved": finding.resolved,
             "where": finding.where, "line": finding.line, "why": finding.why, "lost": lost,
             "verdict": result.kind}
    return replace(result, score=round(result.score - lost, 4), message=texts[lang], messages=texts,
                   kind=key, details={**result.details, **found}), note


def judge_testimony(checks: list[Check], inputs: dict, testimony, notes: list[str], lang: str,
                    code=None) -> NotebookGrade:
    """Score every check on what the kernel said (a :class:`grader_client.run.Testimony`),
    with the reason a student can act on: the notebook's notes, the names it does not
    define, the limits it reached, its first cell errors.  ``code``, the notebook's source
    (:class:`grader_client.rules.NotebookCode`, read by the caller from the notebook, not
    from the kernel), is where the checks' "by hand" rules are applied; uses that cannot
    be decided join the reason."""
    results, review = [], []
    for check in checks:
        result, note = apply_rules(check, score(check, inputs[check.id], testimony.answers[check.id], lang),
                                   code, lang)
        results.append(result)
        if note:
            review.append(note)
    missing = sorted({answer["missing"] for answer in testimony.answers.values() if "missing" in answer})
    notes = list(notes) + (["no define " + ", ".join(f"`{name}`" for name in missing)] if missing else [])
    notes += review
    errors = [e.describe() for e in testimony.cell_errors[:3]] if testimony.status == "ok" else []
    reason = "; ".join(part for part in [testimony.reason, *notes, *testimony.notes, *errors] if part)
    return NotebookGrade(results, testimony.status, reason, testimony.cell_errors, testimony.notebook)


def unreadable(checks: list[Check], reason: str, lang: str) -> NotebookGrade:
    """Every check at zero, for a file that is not a notebook."""
    return _all_zero(checks, "error", reason, lang)


def _all_zero(checks: list[Check], status: str, reason: str, lang: str) -> NotebookGrade:
    texts = {code: messages.render("no_answer", {"reason": reason}, hidden=False, lang=code)
             for code in messages.LANGUAGES}
    results = [CheckResult(id=c.id, question=c.question, points=c.points, score=0.0,
                           hidden=c.hidden, message=texts[lang], description=c.description,
                           messages=texts, kind="no_answer")
               for c in checks]
    return NotebookGrade(results, status, reason)

