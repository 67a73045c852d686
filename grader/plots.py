"""The report's figures: matplotlib drawings returned as PNG ``data:`` URIs.

Each figure is embedded in the page as ``<img src="data:image/png;base64,...">`` so a
report is one file that opens offline.  Figures are built with :class:`Figure` and the
Agg canvas directly, never through pyplot, so no global backend or figure registry is
touched (reports may be built inside a notebook server or a test run).
"""
from __future__ import annotations

import base64
import io
from typing import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

BAR = "#3b6ea8"
FAIL = "#c0504d"


def _data_uri(fig: Figure) -> str:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def score_histogram(scores: Sequence[float], max_score: float, *, xlabel: str = "Nota final",
                    ylabel: str = "Estudiantes") -> str | None:
    """Distribution of scores from 0 to ``max_score``; None when there is nothing to draw."""
    if not scores or max_score <= 0:
        return None
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.add_subplot()
    bins = min(20, max(5, int(max_score))) if max_score >= 5 else 10
    ax.hist(list(scores), bins=bins, range=(0, max_score), color=BAR, edgecolor="white")
    ax.set_xlim(0, max_score)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    return _data_uri(fig)


def pass_rate_bars(labels: Sequence[str], rates: Sequence[float], *,
                   xlabel: str = "Superada por (%)") -> str | None:
    """Horizontal bars, one per check, in the order given (the caller puts the checks
    most students fail first); rates are fractions from 0 to 1."""
    if not labels:
        return None
    fig = Figure(figsize=(6.4, 0.8 + 0.38 * len(labels)))
    ax = fig.add_subplot()
    positions = range(len(labels))
    colours = [FAIL if rate < 0.5 else BAR for rate in rates]
    ax.barh(list(positions), [100 * r for r in rates], color=colours)
    ax.set_yticks(list(positions), labels=list(labels))
    ax.invert_yaxis()  # the first label (most failed) on top
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    for y, rate in zip(positions, rates):
        ax.text(min(100 * rate + 1, 92), y, f"{100 * rate:.0f} %", va="center", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _data_uri(fig)
