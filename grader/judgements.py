"""What the report shows of the judgements that need a person's eye: the points lost to a
"by hand" rule (and the uses no analysis could decide), the scaling checks lost to a data
leak, and the models scored on the part of their scale between a baseline and the target.

Pure functions: result documents in (``autograded/<student>/<practice>/result.json``, by
student), rows out.  They read the ``kind`` and ``details`` each check's entry carries
(:data:`grader_client.scoring.DETAILS` and :func:`grader_client.scoring.apply_rules` say
what goes in them); an entry without them, from before they were written, shows nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, Iterator, Mapping

PARTIAL_MODEL_KINDS = ("model_partial", "model_control_partial")


@dataclass(frozen=True)
class RuleBreak:
    """A forbidden use that cost points."""

    student: str
    check: str
    function: str  # the function the check asks about
    written: str  # the use as the student wrote it
    resolved: str  # what it is, when that differs from how it is written
    where: str  # the function it is in: ``function`` or a helper of it
    line: int
    lost: float
    points: float
    by_hand: bool = False  # a person has since set this check's score


@dataclass(frozen=True)
class Review:
    """A use the analysis could not decide: it cost nothing, and a person should look."""

    student: str
    check: str
    function: str
    why: str
    where: str
    line: int
    by_hand: bool = False


@dataclass(frozen=True)
class Leak:
    """A scaling check lost: predictions of the same rows changed with the batch."""

    student: str
    check: str
    agreement: float | None  # the share of the rows predicted the same both times
    lost: float
    by_hand: bool = False


@dataclass(frozen=True)
class NearTarget:
    """A model scored on the part of its scale between the baseline and the target."""

    student: str
    check: str
    kind: str  # model_partial, or model_control_partial when the control task decided
    value: float | None  # the metric on the holdout
    control: float | None  # the metric on the control task
    baseline: float | None
    threshold: float | None
    fraction: float  # the share of the check's points earned
    score: float
    points: float
    by_hand: bool = False


@dataclass
class Judgements:
    rules: list[RuleBreak] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)
    models: list[NearTarget] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.rules or self.reviews or self.leaks or self.models)


def _entries(results: Mapping[str, Mapping]) -> Iterator[tuple[str, Mapping, Mapping]]:
    """Each check entry that says what its verdict was: (student, entry, its details)."""
    for student in sorted(results):
        for entry in results[student].get("checks", []):
            if entry.get("kind"):
                yield student, entry, entry.get("details") or {}


def gather(results: Mapping[str, Mapping], manual: Mapping[str, Collection[str]] | None = None) -> Judgements:
    """The judgements of a practice's ``results`` (student -> result document), by student
    and then in the order of the checks; ``manual`` (student -> ids of the checks a person
    scored) marks those whose score a person has set since.  A forbidden use that cost
    nothing (the answers had earned nothing already) is left out."""
    manual = manual or {}
    found = Judgements()
    for student, entry, details in _entries(results):
        check, kind = entry["id"], entry["kind"]
        by_hand = check in manual.get(student, ())
        points, score = float(entry.get("points", 0.0)), float(entry.get("score", 0.0))
        if kind == "forbidden_use" and float(details.get("lost", 0.0)) > 0:
            written, resolved = details.get("written", ""), details.get("resolved", "")
            found.rules.append(RuleBreak(student, check, details.get("function", ""), written,
                                         resolved if resolved != written else "", details.get("where", ""),
                                         int(details.get("line", 0)), float(details["lost"]), points, by_hand))
        elif kind == "forbidden_unclear":
            found.reviews.append(Review(student, check, details.get("function", ""), details.get("why", ""),
                                        details.get("where", ""), int(details.get("line", 0)), by_hand))
        # A rule's kind hides the judge's: the rule keeps it as its "verdict".
        verdict = details.get("verdict", "") if kind.startswith("forbidden_") else kind
        if verdict == "depends_on_batch":
            found.leaks.append(Leak(student, check, details.get("share"), round(points - score, 4), by_hand))
        elif verdict in PARTIAL_MODEL_KINDS:
            fraction = details.get("fraction", score / points if points else 0.0)
            found.models.append(NearTarget(student, check, verdict, details.get("value"), details.get("control"),
                                           details.get("baseline"), details.get("threshold"), float(fraction),
                                           score, points, by_hand))
    return found
