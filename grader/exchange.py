"""``grader release P --exchange [DIR]``: publish the student version to nbgrader's exchange.

The round trip, with nbgrader's own commands on the students' side:

```
grader release P --exchange DIR   release/P/ ─► DIR/<course id>/outbound/P/
                                  (nbgrader's ExchangeReleaseAssignment, as ``nbgrader release_assignment``)
nbgrader fetch_assignment P --course <course id>     (or JupyterLab's Assignments tab)
nbgrader submit P --course <course id>            ─► DIR/<course id>/inbound/<student>+P+<time>+…/
grader collect P --exchange DIR   inbound ─► submitted/<student>/P/   (grader/collect.py)
```

Everything in the release folder travels (notebooks, ``checks.json``, ``data/``, the
client's wheel, ``LEEME.md``); nbgrader skips some files with only a log line (over
``CourseDirectory.max_file_size``, or matching ``CourseDirectory.ignore``), so what
arrived is checked file by file.  DIR is written into the course directory's
nbgrader_config.py (:mod:`grader.coursedir`) and reused when omitted; before any, it is
nbgrader's default, ``/usr/local/share/nbgrader/exchange``, where students' nbgrader looks
without configuration.
"""
from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from grader import coursedir
from grader.course import Course, Practice


class ExchangeFailure(Exception):
    """The exchange refused the step; ``str()`` is the one line to show."""


@dataclass
class Published:
    practice: str
    course_id: str
    exchange: Path
    outbound: Path
    files: list[str]
    notes: list[str] = field(default_factory=list)  # nbgrader's warnings, e.g. a folder it created


def inbound(course: Course, exchange: str | Path | None = None) -> Path:
    """Where students' ``nbgrader submit`` leaves their work (nbgrader's ExchangeCollect
    reads the same folder)."""
    return coursedir.exchange_root(course, exchange) / course.config.course.id / "inbound"


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


class _Notes(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def publish(course: Course, practice: Practice, exchange: str | Path | None = None) -> Published:
    """Copy ``release/<practice>/`` to the exchange, replacing an earlier publication
    (students who fetched it keep their copy)."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError
    from nbgrader.exchange.default import ExchangeReleaseAssignment

    from grader.gradebook import open_gradebook, register_assignment

    released = course.folder("release", practice.id)
    if not released.is_dir():
        raise ExchangeFailure(f"{released}: no existe; ejecuta antes `grader release {practice.id}`")
    root = coursedir.exchange_root(course, exchange)
    config = coursedir.nbgrader_config(course, root)
    directory = CourseDirectory(config=config)
    directory.assignment_id = practice.id
    step = ExchangeReleaseAssignment(coursedir=directory, authenticator=Authenticator(config=config),
                                     config=config)
    step.force = True
    notes = _Notes()
    step.log.addHandler(notes)
    try:
        step.start()
    except ExchangeError as exc:
        hint = (f" (créalo con permisos para todos, `sudo mkdir -p {root} && sudo chmod 777 {root}`, "
                "o elige otro con --exchange DIR)") if "permission" in str(exc).lower() else ""
        raise ExchangeFailure(f"exchange de nbgrader en {root}: {exc}{hint}") from None
    finally:
        step.log.removeHandler(notes)
    outbound = Path(step.dest_path)
    files = _files(released)
    missing = [name for name in files if not (outbound / name).is_file()]
    if missing:  # half a practice is worse than none: students would fetch it
        shutil.rmtree(outbound, ignore_errors=True)
        raise ExchangeFailure(
            f"nbgrader no copió al exchange {', '.join(missing)} (¿más de "
            f"{directory.max_file_size} KB, CourseDirectory.max_file_size, o en CourseDirectory.ignore?); "
            "la práctica no queda publicada")
    coursedir.keep(course, exchange=root, practices=[practice])  # nbgrader_config.py names it from now on
    with open_gradebook(course) as gb:  # formgrader shows it with its due date from now on
        register_assignment(gb, practice)
    return Published(practice.id, course.config.course.id, Path(step.root), outbound, files, notes.lines)
