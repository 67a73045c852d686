"""Grade files that an LMS gradebook import accepts: Moodle and Canvas.

Both files hold the *final* score (after the late penalty; a manual score from formgrader
already counted), in points, with a dot as decimal separator, UTF-8 (Canvas and Moodle
both read it).  Only students with a grade are written: an LMS import leaves everyone
else as they were.

``moodle.csv`` (Calificaciones → Importar → Archivo CSV)
    ``ID number``      the course's student id (Moodle's user field "ID number").
    ``Email address``  from the class list (course.yml ``roster:``); empty when unknown.
    ``Full name``      from the class list; for reading only, Moodle does not map it.
    one column per practice, headed by the practice's title, in points.
    On import, map "ID number" (or "Email address") to the user field of the same name,
    and each practice column to its grade item (or "new grade item").

``canvas.csv`` (Calificaciones → Importar)
    ``Student``        full name from the class list, else the student id.
    ``ID``             Canvas's internal user id: left empty, Canvas matches by the next ones.
    ``SIS User ID``    the course's student id.
    ``SIS Login ID``   the email from the class list (the login at many institutions).
    ``Section``        left empty.
    one column per practice, headed by the practice's title.  Canvas creates an
    assignment of that name on the first import and matches it by name afterwards; to
    fill an assignment that already exists in Canvas under another name, rename the
    header to that assignment's column name in a Canvas export, ``Title (12345)``.
    The first data row, ``Points Possible``, gives each practice's maximum, as in a
    Canvas export.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

MOODLE_COLUMNS = ["ID number", "Email address", "Full name"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_POSSIBLE = "    Points Possible"  # how a Canvas export labels the row


@dataclass(frozen=True)
class GradeItem:
    """One gradebook column: a practice."""

    key: str  # practice id
    title: str
    max_score: float


@dataclass
class LmsRow:
    student: str
    name: str = ""
    email: str = ""
    grades: dict[str, float] = field(default_factory=dict)  # item key -> final score


def number(value: float) -> str:
    """A score as both LMSs read it: dot decimal, no trailing zeros."""
    return f"{round(value, 4):g}"


def write_moodle(path: Path, items: list[GradeItem], rows: list[LmsRow]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(MOODLE_COLUMNS + [item.title for item in items])
        for row in rows:
            writer.writerow([row.student, row.email, row.name]
                            + [number(row.grades[i.key]) if i.key in row.grades else "" for i in items])
    return path


def write_canvas(path: Path, items: list[GradeItem], rows: list[LmsRow]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CANVAS_COLUMNS + [item.title for item in items])
        writer.writerow([POINTS_POSSIBLE, "", "", "", ""] + [number(i.max_score) for i in items])
        for row in rows:
            writer.writerow([row.name or row.student, "", row.student, row.email, ""]
                            + [number(row.grades[i.key]) if i.key in row.grades else "" for i in items])
    return path
