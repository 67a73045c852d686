"""The workspace as an nbgrader course directory.

nbgrader's own commands and its JupyterLab extensions (formgrader, the assignment list)
find a course by the ``nbgrader_config.py`` at its root, and formgrader lists the
assignments it finds in ``source/<assignment>/``.  The rest of the workspace has
nbgrader's layout already (its ``CourseDirectory`` defaults): ``release/<p>/``,
``submitted/<student>/<p>/`` with ``timestamp.txt``, ``autograded/<student>/<p>/`` and the
gradebook.  :func:`keep` writes the two missing pieces and keeps them current; ``grader
release``, ``collect``, ``autograde`` and ``lab`` call it.

- ``nbgrader_config.py``: course id, root, gradebook URL and, once a practice has been
  published there, the exchange.  Rewritten every time; an instructor's own nbgrader
  settings go in ``nbgrader_config_local.py`` beside it, which it loads last.
- ``source/<p>/``: read-only copies of the instructor notebooks (``assignments/<p>/``,
  still the one source of truth).

In this course directory nbgrader's own Generate and Autograde (formgrader's buttons,
``nbgrader generate_assignment``, ``nbgrader autograde``) are refused: they know nothing
of the course's checks, they would replace the release and the results, and nbgrader's
autograde runs student code outside the sandbox.

Only the standard library is imported at the top: the configuration file imports this
module inside nbgrader's and Jupyter's processes.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.course import Course, Practice

CONFIG = "nbgrader_config.py"
LOCAL_CONFIG = "nbgrader_config_local.py"
SOURCE = "source"
SOURCE_NOTE = """\
# source/: copias de solo lectura

formgrader (nbgrader) lista las prácticas que encuentra aquí. Son copias de los cuadernos
fuente, `assignments/<práctica>/`, que `grader` actualiza en cada release, collect,
autograde y `grader lab`: edita los de `assignments/`.
"""
HEADER = """\
# nbgrader's configuration of this course directory, written by `grader` (grader/coursedir.py)
# on every release, collect, autograde and `grader lab`: edits here are lost.  Put your own
# nbgrader settings in nbgrader_config_local.py, beside this file.
c = get_config()  # noqa: F821 (given by traitlets)
"""
GUARD = """
# nbgrader's own generate_assignment and autograde (formgrader's Generate and Autograde
# buttons too) do not know this course's checks and run student code outside the sandbox:
# `grader release` and `grader autograde` do those steps here.
try:
    from grader.coursedir import refuse_nbgrader_converters
except ImportError:  # an environment without this course's grader
    pass
else:
    refuse_nbgrader_converters()

load_subconfig("{local}", path=__import__("os").path.dirname(__file__))  # noqa: F821
"""
_EXCHANGE_LINE = re.compile(r"^c\.Exchange\.root = (.+)$", re.M)

REFUSED = {
    "GenerateAssignment": (
        "En este curso la versión del estudiante la escribe `grader release {assignment}` "
        "(cuaderno, checks.json, datos y el cliente); nbgrader generate_assignment está "
        "desactivado en {root}."),
    "Autograde": (
        "En este curso se califica con `grader autograde {assignment}` (kernels aislados y las "
        "comprobaciones del curso); nbgrader autograde está desactivado en {root}."),
}


def default_exchange() -> Path:
    """Where nbgrader's exchange lives when nothing says otherwise; students' nbgrader
    looks there without any configuration."""
    from nbgrader.exchange.default import Exchange

    return Path(Exchange.root.default_value)


def configured_exchange(course: Course) -> Path | None:
    """The exchange this course directory's nbgrader_config.py names, if any.  Read from
    the file grader wrote, not executed: reading it must not run its guard here."""
    try:
        text = (course.workspace / CONFIG).read_text(encoding="utf-8")
    except OSError:
        return None
    match = _EXCHANGE_LINE.search(text)
    return Path(ast.literal_eval(match[1])) if match else None


def exchange_root(course: Course, given: str | Path | None = None) -> Path:
    """The exchange to use: ``given``, else the one configured, else nbgrader's default."""
    if given:
        return Path(given).expanduser().resolve()
    return configured_exchange(course) or default_exchange()


def settings(course: Course, exchange: Path | None) -> dict[tuple[str, str], str]:
    """What nbgrader needs to know of this course, as (class, option) -> value."""
    values = {
        ("CourseDirectory", "course_id"): course.config.course.id,
        ("CourseDirectory", "root"): str(course.workspace.resolve()),
        ("CourseDirectory", "db_url"): course.gradebook_url,
    }
    if exchange is not None:
        values[("Exchange", "root")] = str(exchange)
    return values


def config_text(course: Course, exchange: Path | None) -> str:
    lines = [f"c.{section}.{key} = {value!r}" for (section, key), value in settings(course, exchange).items()]
    return HEADER + "\n".join(lines) + "\n" + GUARD.format(local=LOCAL_CONFIG)


def nbgrader_config(course: Course, exchange: Path | None = None):
    """nbgrader's configuration of this course, as its apps see it: the settings above,
    then the instructor's nbgrader_config_local.py."""
    from traitlets.config import Config, PyFileConfigLoader

    config = Config()
    for (section, key), value in settings(course, exchange or configured_exchange(course)).items():
        config[section][key] = value
    if (course.workspace / LOCAL_CONFIG).is_file():
        config.merge(PyFileConfigLoader(LOCAL_CONFIG, path=str(course.workspace)).load_config())
    return config


def nbgrader_api(course: Course):
    """nbgrader's API (what formgrader calls) on this course directory."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = nbgrader_config(course)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def write_config(course: Course, exchange: Path | None = None) -> Path:
    path = course.workspace / CONFIG
    text = config_text(course, exchange or configured_exchange(course))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    if re.search(r"://[^/@]*:[^/@]*@", course.gradebook_url):  # a database password
        path.chmod(0o600)
    return path


def sync_sources(course: Course, practices: list[Practice] | None = None) -> None:
    """``source/<p>/<notebook>``: a read-only copy of each instructor notebook (an edit
    made there would be lost, and the editor says so)."""
    root = course.folder(SOURCE)
    for practice in practices if practices is not None else course.ready_practices():
        folder = root / practice.id
        for name in practice.notebooks:
            original, copy = practice.source_notebook(name), folder / name
            if copy.is_file() and copy.read_bytes() == original.read_bytes():
                continue
            folder.mkdir(parents=True, exist_ok=True)
            copy.unlink(missing_ok=True)
            shutil.copyfile(original, copy)
            copy.chmod(0o444)
    note = root / "LEEME.md"
    if root.is_dir() and not note.exists():
        note.write_text(SOURCE_NOTE, encoding="utf-8")


def keep(course: Course, exchange: Path | None = None, practices: list[Practice] | None = None) -> Path:
    """Bring the course directory up to date (``practices``: the sources to refresh, all
    by default); returns the path of nbgrader_config.py."""
    sync_sources(course, practices)
    return write_config(course, exchange)


def refuse_nbgrader_converters() -> None:
    """Make nbgrader's GenerateAssignment and Autograde stop with one line saying which
    ``grader`` command does that step, before they touch any file."""
    from nbgrader.converters import Autograde, GenerateAssignment
    from nbgrader.converters.base import NbGraderException

    def refusing(message: str):
        def start(self) -> None:
            text = message.format(assignment=self.coursedir.assignment_id or "PRÁCTICA",
                                  root=self.coursedir.root)
            self.log.error(text)
            raise NbGraderException(text)

        return start

    GenerateAssignment.start = refusing(REFUSED["GenerateAssignment"])
    Autograde.start = refusing(REFUSED["Autograde"])
