"""Late policy: from a submission time to a penalty, as course.yml describes it.

Per practice (``late:`` in course.yml): a grace period after the due date, a penalty in
percent of the raw score for each day (or hour) begun after it, a floor (the percent of
the raw score always kept) and per-student extensions (their own due date).  Without a
policy, lateness is only flagged.  Pure functions: the report applies them.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

UNIT = {"day": dt.timedelta(days=1), "hour": dt.timedelta(hours=1)}


@dataclass(frozen=True)
class Lateness:
    due: dt.datetime  # the student's own due date (an extension, or the practice's)
    late_by: dt.timedelta  # zero when on time (grace included)
    units: int  # days or hours begun after due + grace
    percent: float  # of the raw score lost

    @property
    def late(self) -> bool:
        return self.late_by > dt.timedelta(0)

    def describe(self) -> str:
        if not self.late:
            return ""
        hours = self.late_by.total_seconds() / 3600
        span = f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} días"
        return f"entregada {span} tarde" + (f" (−{self.percent:g} %)" if self.percent else "")


def assess(due: dt.datetime, submitted: dt.datetime | None, student: str, policy=None) -> Lateness:
    """How late ``student`` handed in; ``policy`` is a :class:`grader.course.LateConfig`."""
    if policy is not None and student in policy.extensions:
        due = policy.extensions[student]
    if submitted is None:  # no time known: never punish on a guess
        return Lateness(due, dt.timedelta(0), 0, 0.0)
    grace = dt.timedelta(minutes=policy.grace_minutes) if policy is not None else dt.timedelta(0)
    late_by = max(submitted - (due + grace), dt.timedelta(0))
    if policy is None or not late_by:
        return Lateness(due, late_by, 0, 0.0)
    units = math.ceil(late_by / UNIT[policy.per])
    percent = min(units * policy.penalty, 100 - policy.floor)
    return Lateness(due, late_by, units, round(percent, 4))


def apply(raw: float, lateness: Lateness) -> tuple[float, float]:
    """``(penalty, final)`` in points for a raw score."""
    penalty = round(raw * lateness.percent / 100, 4)
    return penalty, round(raw - penalty, 4)
