"""``grader collect PRACTICE SOURCE``: lay submissions out as nbgrader expects.

SOURCE is a folder or a .zip.  A notebook's student id comes, in order, from the
notebook's metadata (``metadata.grader.student_id``), the top-level folder it sits in
(``ana/calculadora.ipynb``), or its file name less the practice's notebook name
(``ana_calculadora.ipynb``).  Every file found gets one line in the summary: collected,
replaced by a later one, or ignored with the reason.  Nothing is dropped silently.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.course import Course, Practice

MAX_ZIP_BYTES = 2 * 1024**3
IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints", ".DS_Store"}


class CollectError(Exception):
    pass


@dataclass
class Line:
    file: str
    student: str | None
    action: str  # collected | replaced | ignored
    reason: str = ""


@dataclass
class CollectSummary:
    practice: str
    lines: list[Line] = field(default_factory=list)

    @property
    def students(self) -> list[str]:
        return sorted({ln.student for ln in self.lines if ln.action == "collected" and ln.student})


def _safe_id(raw: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", raw.strip()).strip("._-")
    return cleaned[:64]


def _metadata_student(path: Path) -> str | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        value = meta.get("grader", {}).get("student_id")
    except (ValueError, UnicodeDecodeError, AttributeError, OSError):
        return None
    return _safe_id(str(value)) if value else None


def student_of(path: Path, relative: Path, notebook_names: list[str]) -> str | None:
    """Who handed in ``path`` (found at ``relative`` inside the source)."""
    from_metadata = _metadata_student(path)
    if from_metadata:
        return from_metadata
    parts = [p for p in relative.parts[:-1] if p not in IGNORED_PARTS]
    if parts:
        return _safe_id(parts[0]) or None
    stem = relative.stem
    for name in notebook_names:
        nb_stem = Path(name).stem
        for candidate in (f"_{nb_stem}", f"-{nb_stem}", nb_stem):
            if stem.lower().endswith(candidate.lower()) and len(stem) > len(candidate):
                return _safe_id(stem[: -len(candidate)]) or None
    if stem.lower() in {Path(n).stem.lower() for n in notebook_names}:
        return None
    return _safe_id(stem) or None


def _extract(zip_path: Path, into: Path) -> dict[str, float]:
    """Unzip with path checks (no '..', no absolute paths); returns entry timestamps."""
    times: dict[str, float] = {}
    try:
        archive = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile:
        raise CollectError(f"{zip_path}: no es un archivo .zip válido") from None
    with archive:
        if sum(i.file_size for i in archive.infolist()) > MAX_ZIP_BYTES:
            raise CollectError(f"{zip_path}: el contenido descomprimido supera 2 GiB")
        for info in archive.infolist():
            target = (into / info.filename).resolve()
            if not str(target).startswith(str(into.resolve())) or info.is_dir():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            times[str(target.relative_to(into.resolve()))] = dt.datetime(*info.date_time).timestamp()
    return times


def collect(course: Course, practice: Practice, source: Path) -> CollectSummary:
    source = Path(source)
    if not source.exists():
        raise CollectError(f"{source}: no existe (se esperaba una carpeta o un .zip)")
    with tempfile.TemporaryDirectory(prefix="grader-collect-") as tmp:
        times: dict[str, float] = {}
        if source.is_file():
            if source.suffix.lower() != ".zip":
                raise CollectError(f"{source}: se esperaba una carpeta o un archivo .zip")
            root = Path(tmp)
            times = _extract(source, root)
        else:
            root = source
        return _collect_folder(course, practice, root, times)


def _collect_folder(course: Course, practice: Practice, root: Path, times: dict[str, float]) -> CollectSummary:
    summary = CollectSummary(practice.id)
    chosen: dict[str, tuple[Path, Path, float]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        if any(part in IGNORED_PARTS for part in relative.parts):
            continue
        if path.suffix.lower() != ".ipynb":
            summary.lines.append(Line(str(relative), None, "ignored", "no es un cuaderno .ipynb"))
            continue
        student = student_of(path, relative, practice.notebooks)
        if student is None:
            summary.lines.append(Line(str(relative), None, "ignored",
                                      "no se sabe de qué estudiante es (nómbralo ana_<cuaderno>.ipynb "
                                      "o ponlo en una carpeta con su id)"))
            continue
        stamp = times.get(str(relative), path.stat().st_mtime)
        previous = chosen.get(student)
        if previous is not None:
            older, newer = sorted([previous, (path, relative, stamp)], key=lambda x: x[2])
            summary.lines.append(Line(str(older[1]), student, "replaced",
                                      f"hay una entrega posterior del mismo estudiante: {newer[1]}"))
            chosen[student] = newer
        else:
            chosen[student] = (path, relative, stamp)
    expected_name = practice.notebooks[0]
    for student, (path, relative, stamp) in sorted(chosen.items()):
        target = course.folder("submitted", student, practice.id)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / expected_name)
        when = dt.datetime.fromtimestamp(stamp, dt.timezone.utc)
        (target / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), encoding="utf-8")
        note = "" if relative.name == expected_name else f"renombrado a {expected_name}"
        summary.lines.append(Line(str(relative), student, "collected", note))
    return summary
