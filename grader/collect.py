"""``grader collect PRACTICE SOURCE``: lay submissions out as nbgrader expects.

SOURCE is a folder or a .zip: a plain folder, an LMS bulk download or nbgrader's
exchange.  Who handed a notebook in is read, in order, from:

- the notebook's metadata (``metadata.grader.student_id``);
- nbgrader's exchange: ``<student>+<practice>+<time>[+<random>]/`` (inbound), with its
  ``timestamp.txt``;
- a Moodle download: ``<Full Name>_<number>_assignsubmission_file_/<file>`` (a folder per
  student) or the same prefix on the file name (flat downloads);
- a Canvas download: ``<login>[_LATE]_<user id>_<attachment id>_<file>``;
- a plain top folder (``ana/calculadora.ipynb``) or the file name less the practice's
  notebook name (``ana_calculadora.ipynb``).

With a roster (course.yml ``roster:``) names, logins and emails become the course's ids.
A file whose name is one of the practice's notebooks goes there; in a one-notebook
practice any notebook goes there (renamed, and said so).  The latest of two files for the
same student and notebook is kept (by the exchange's or the archive's time); every file
found gets one line in the summary.  Nothing is dropped silently.

``collect_exchange`` (``grader collect P --exchange [DIR]``) reads the practice's
submissions from nbgrader's exchange, the other half of ``grader release P --exchange``
(:mod:`grader.exchange`).  ``nbgrader submit`` hands in the whole fetched folder: the
exchange's own files (``timestamp.txt``, read for the time, and ``submission_secret.txt``)
are not listed, and the released files a student handed back unchanged (the wheel,
``checks.json``, ``data/``…) get one line per submission.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.course import Course, Practice

MAX_ZIP_BYTES = 2 * 1024**3
IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints", ".DS_Store"}
EXCHANGE = re.compile(r"^(?P<student>[^+]+)\+(?P<practice>[^+]+)\+(?P<time>[^+]+)(\+.*)?$")
MOODLE = re.compile(r"^(?P<name>.+?)_(?P<number>\d+)_assignsubmission_[a-z]+_(?P<rest>.*)$")
CANVAS = re.compile(r"^(?P<login>[a-z0-9]+)(?P<late>_LATE)?_(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>.+)$")
RESUBMITTED = re.compile(r"-\d+$")  # Canvas adds '-1' to a file handed in again
EXCHANGE_FILES = {"timestamp.txt", "submission_secret.txt"}  # what nbgrader submit adds


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


@dataclass
class Found:
    """One notebook in the source, and what its location says about it."""

    path: Path
    relative: Path
    student: str | None = None
    name: str = ""  # the file name the student gave it, LMS prefixes removed
    stamp: float | None = None  # submission time (seconds since the epoch)
    notes: list[str] = field(default_factory=list)


def _safe_id(raw: str) -> str:
    """A folder-safe id: 'José Pérez' -> 'Jose_Perez'."""
    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_text.strip()).strip("._-")
    return cleaned[:64]


def _metadata_student(path: Path) -> str | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        value = meta.get("grader", {}).get("student_id")
    except (ValueError, UnicodeDecodeError, AttributeError, OSError):
        return None
    return _safe_id(str(value)) if value else None


def _exchange_time(folder: Path, fallback: str) -> float | None:
    from nbgrader.utils import parse_utc

    text = (folder / "timestamp.txt").read_text(encoding="utf-8").strip() \
        if (folder / "timestamp.txt").is_file() else fallback
    try:
        return parse_utc(text).replace(tzinfo=dt.timezone.utc).timestamp()
    except Exception:
        return None


def _by_file_name(stem: str, notebook_names: list[str]) -> str | None:
    """``ana_calculadora`` -> ``ana`` for a practice whose notebook is calculadora.ipynb."""
    for name in notebook_names:
        nb_stem = Path(name).stem
        for candidate in (f"_{nb_stem}", f"-{nb_stem}"):
            if stem.lower().endswith(candidate.lower()) and len(stem) > len(candidate):
                return stem[: -len(candidate)]
    return None


def identify(found: Found, root: Path, practice: Practice) -> Found:
    """Fill in who handed ``found`` in, under which name and when, from where it lies."""
    parts = [p for p in found.relative.parts[:-1] if p not in IGNORED_PARTS]
    found.name = found.relative.name
    top = parts[0] if parts else None
    if top and (match := EXCHANGE.match(top)):
        found.student = match["student"]
        found.stamp = _exchange_time(root / top, match["time"])
        if match["practice"] != practice.id:
            found.notes.append(f"es de la práctica {match['practice']}")
    elif (match := MOODLE.match(top or found.relative.name)):
        found.student = match["name"]
        if not top:
            found.name = match["rest"]
    elif not top and (match := CANVAS.match(found.relative.name)):
        found.student = match["login"]
        found.name = RESUBMITTED.sub("", Path(match["file"]).stem) + Path(match["file"]).suffix
        if match["late"]:
            found.notes.append("Canvas la marca como tardía")
    elif top:
        found.student = top
    else:
        found.student = _by_file_name(found.relative.stem, practice.notebooks)
        if found.student is None and found.relative.stem.lower() not in {
                Path(n).stem.lower() for n in practice.notebooks}:
            found.student = found.relative.stem
    found.student = _metadata_student(found.path) or found.student
    return found


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


def _target(found: Found, practice: Practice) -> tuple[str | None, str]:
    """The practice notebook a file stands for, and a note when it was renamed."""
    by_name = {n.lower(): n for n in practice.notebooks}
    if found.name.lower() in by_name:
        return by_name[found.name.lower()], ""
    if len(practice.notebooks) == 1:
        return practice.notebooks[0], f"renombrado a {practice.notebooks[0]}"
    return None, f"no corresponde a ningún cuaderno de la práctica ({', '.join(practice.notebooks)})"


def collect_exchange(course: Course, practice: Practice, exchange: str | Path | None = None) -> CollectSummary:
    """The practice's submissions in nbgrader's exchange (its inbound folder)."""
    from grader.exchange import inbound

    folder = inbound(course, exchange)
    if not folder.is_dir():
        raise CollectError(f"{folder}: no existe; ¿se publicó la práctica con "
                           f"`grader release {practice.id} --exchange`?")
    tops = sorted(p for p in folder.glob(f"*+{practice.id}+*") if p.is_dir())
    return _collect_folder(course, practice, folder, {}, tops)


def _released_copy(relative: Path, path: Path, released: Path) -> bool:
    """A file of an exchange submission that is the released file, unchanged."""
    original = released.joinpath(*relative.parts[1:])
    return original.is_file() and original.stat().st_size == path.stat().st_size \
        and original.read_bytes() == path.read_bytes()


def _collect_folder(course: Course, practice: Practice, root: Path, times: dict[str, float],
                    tops: list[Path] | None = None) -> CollectSummary:
    summary = CollectSummary(practice.id)
    roster = course.roster()
    chosen: dict[tuple[str, str], tuple[Found, str]] = {}
    released = course.folder("release", practice.id)
    handed_back: dict[str, list[str]] = {}  # exchange submission -> released files in it, unchanged
    paths = (p for top in tops for p in top.rglob("*")) if tops is not None else root.rglob("*")
    for path in sorted(p for p in paths if p.is_file()):
        relative = path.relative_to(root)
        if any(part in IGNORED_PARTS for part in relative.parts):
            continue
        if len(relative.parts) > 1 and EXCHANGE.match(relative.parts[0]) and path.suffix.lower() != ".ipynb":
            if len(relative.parts) == 2 and relative.name in EXCHANGE_FILES:
                continue
            if _released_copy(relative, path, released):
                handed_back.setdefault(relative.parts[0], []).append(Path(*relative.parts[1:]).as_posix())
                continue
        if path.suffix.lower() != ".ipynb":
            summary.lines.append(Line(str(relative), None, "ignored", "no es un cuaderno .ipynb"))
            continue
        found = identify(Found(path, relative), root, practice)
        if found.student is None:
            summary.lines.append(Line(str(relative), None, "ignored",
                                      "no se sabe de qué estudiante es (nómbralo ana_<cuaderno>.ipynb "
                                      "o ponlo en una carpeta con su id)"))
            continue
        if any(note.startswith("es de la práctica") for note in found.notes):
            summary.lines.append(Line(str(relative), found.student, "ignored", found.notes[0]))
            continue
        if roster is not None:
            match = roster.find(found.student)
            if match is None:
                found.notes.append(f"{found.student!r} no figura en la lista de clase")
            found.student = match.id if match else found.student
        found.student = _safe_id(found.student)
        target, note = _target(found, practice)
        if target is None:
            summary.lines.append(Line(str(relative), found.student, "ignored", note))
            continue
        found.notes.append(note)
        found.stamp = found.stamp if found.stamp is not None else times.get(str(relative), path.stat().st_mtime)
        key = (found.student, target)
        if key in chosen:
            older, newer = sorted([chosen[key][0], found], key=lambda f: f.stamp)
            summary.lines.append(Line(str(older.relative), found.student, "replaced",
                                      f"hay una entrega posterior del mismo estudiante: {newer.relative}"))
            found = newer
        chosen[key] = (found, target)
    for top, names in handed_back.items():
        summary.lines.append(Line(f"{top}/", _safe_id(EXCHANGE.match(top)["student"]), "ignored",
                                  f"lo publicado, devuelto sin cambios: {', '.join(names)}"))
    latest: dict[str, float] = {}
    for (student, _), (found, target) in sorted(chosen.items()):
        folder = course.folder("submitted", student, practice.id)
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(found.path, folder / target)
        latest[student] = max(latest.get(student, found.stamp), found.stamp)
        summary.lines.append(Line(str(found.relative), student, "collected",
                                  "; ".join(n for n in found.notes if n)))
    for student, stamp in latest.items():  # the submission time the late policy reads
        when = dt.datetime.fromtimestamp(stamp, dt.timezone.utc)
        (course.folder("submitted", student, practice.id, "timestamp.txt")).write_text(
            when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), encoding="utf-8")
    from grader import coursedir  # submitted/ is read by nbgrader's formgrader too

    coursedir.keep(course, practices=[practice])
    return summary
