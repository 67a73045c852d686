"""The class list (course.yml ``roster:``, a CSV with columns id, name, email).

LMS downloads name submissions by the student's full name (Moodle) or by a login and an
LMS number (Canvas); the roster maps those to the course's student ids.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


class RosterError(Exception):
    pass


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    email: str


def normal(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: 'José  Pérez' -> 'jose perez'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass
class Roster:
    students: list[Student]

    def find(self, text: str) -> Student | None:
        """The student whose id, email, login (email before @) or full name is ``text``."""
        key = normal(text)
        if not key:
            return None
        for student in self.students:
            login = student.email.split("@")[0]
            if key in {normal(student.id), normal(student.email), normal(login), normal(student.name)}:
                return student
        compact = key.replace(" ", "")  # Canvas squashes the sortable name: 'garcialopezana'
        matches = [s for s in self.students if compact in _squashed(s.name)]
        return matches[0] if len(matches) == 1 else None


def _squashed(name: str) -> set[str]:
    """A full name without spaces, in every rotation of its words (given names first or last)."""
    words = normal(name).split()
    return {"".join(words[i:] + words[:i]) for i in range(len(words))}


def load_roster(path: Path) -> Roster:
    if not path.is_file():
        raise RosterError(f"{path}: no existe el archivo de la lista de clase (roster)")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RosterError(f"{path}: no se puede leer como CSV UTF-8 ({exc})") from None
    if not rows or not {"id", "name", "email"} <= set(rows[0]):
        raise RosterError(f"{path}: debe tener las columnas id, name, email")
    students, seen = [], set()
    for number, row in enumerate(rows, start=2):
        student_id = (row.get("id") or "").strip()
        if not student_id:
            raise RosterError(f"{path}: línea {number}: falta el id")
        if student_id in seen:
            raise RosterError(f"{path}: línea {number}: id repetido {student_id!r}")
        seen.add(student_id)
        students.append(Student(student_id, (row.get("name") or "").strip(), (row.get("email") or "").strip()))
    return Roster(students)
