"""course.yml, loaded once into plain typed objects and validated on load.

Every problem becomes one :class:`CourseError` line naming the file and the field
(``course.yml: practices.wines.due: fecha no válida ...``), never a traceback.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from grader.sandbox import Limits

PRACTICE_ID = r"^[a-z][a-z0-9-]*$"

# Files of the workspace that more than one step reads: written by autograde, read by
# report and feedback (which must not import autograde's checks machinery).
RESULT = "result.json"  # autograded/<student>/<practice>/
ATTEMPT = "attempt.json"  # next to it, while its grading has not finished
CHECKS_MANIFEST = "{practice}.checks.json"  # autograded/


class CourseError(Exception):
    """A course.yml that cannot be used; ``str()`` is the one line to show."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LimitsConfig(_Strict):
    cell_timeout: int = Field(60, gt=0, description="seconds a single cell may run")
    notebook_timeout: int = Field(600, gt=0, description="seconds the whole notebook may run")
    memory_mb: int = Field(4096, ge=256, description="private memory of one kernel, in MiB")
    processes: int = Field(512, ge=16, description="processes and threads of one kernel")
    file_size_mb: int = Field(200, gt=0, description="largest file a kernel may write, in MiB")
    output_kb: int = Field(2048, gt=0, description="notebook output kept, in KiB")

    def to_limits(self) -> Limits:
        return Limits(**self.model_dump())


class LateConfig(_Strict):
    """Late policy of a practice; see :mod:`grader.late`."""

    grace_minutes: int = Field(0, ge=0, description="minutes after the due date still on time")
    penalty: float = Field(10, ge=0, le=100, description="percent of the raw score lost per unit late")
    per: str = Field("day", pattern=r"^(day|hour)$", description="the unit: each day or hour begun")
    floor: float = Field(0, ge=0, le=100, description="percent of the raw score always kept")
    extensions: dict[str, dt.datetime] = Field(default_factory=dict,
                                               description="student id -> their own due date")

    @field_validator("extensions")
    @classmethod
    def _aware_extensions(cls, extensions: dict[str, dt.datetime]) -> dict[str, dt.datetime]:
        for student, due in extensions.items():
            if due.tzinfo is None:
                raise ValueError(f"{student}: la fecha debe llevar zona horaria")
        return extensions


class PracticeConfig(_Strict):
    title: str = Field(min_length=1)
    folder: Path
    notebooks: list[str] = Field(min_length=1)
    points: float = Field(gt=0)
    due: dt.datetime
    limits: Optional[LimitsConfig] = None
    draft: bool = Field(False, description="material not written yet: the folder may be missing")
    preload: list[str] = Field(default_factory=list,
                               description="modules imported once per worker; kernels are forked from there")
    late: Optional[LateConfig] = Field(None, description="late policy; none: lateness is only flagged")
    data: dict[str, Path] = Field(default_factory=dict,
                                  description="optional local data files by name (e.g. the real fraud file)")

    @field_validator("notebooks")
    @classmethod
    def _notebook_names(cls, names: list[str]) -> list[str]:
        for name in names:
            if not name.endswith(".ipynb") or "/" in name or "\\" in name:
                raise ValueError(f"{name!r} debe ser un nombre de archivo .ipynb sin carpeta")
        return names

    @field_validator("due")
    @classmethod
    def _aware(cls, due: dt.datetime) -> dt.datetime:
        if due.tzinfo is None:
            raise ValueError("la fecha debe llevar zona horaria, p. ej. 2026-10-01T23:59:00+02:00")
        return due


class CourseInfo(_Strict):
    id: str = Field(pattern=PRACTICE_ID)
    title: str
    language: str = Field("es", pattern=r"^(es|en)$")
    seed: int = 2026


class CourseConfig(_Strict):
    course: CourseInfo
    workspace: Path = Path("curso")
    gradebook: Optional[str] = None
    roster: Optional[Path] = Field(None, description="CSV with columns id, name, email")
    limits: LimitsConfig = LimitsConfig()
    practices: dict[str, PracticeConfig] = Field(min_length=1)

    @field_validator("practices")
    @classmethod
    def _ids(cls, practices: dict[str, PracticeConfig]) -> dict[str, PracticeConfig]:
        import re

        for key in practices:
            if not re.match(PRACTICE_ID, key):
                raise ValueError(f"{key!r} no es un identificador válido (minúsculas, cifras y '-')")
        return practices


class Practice:
    """One practice, with its paths resolved against the course root."""

    def __init__(self, practice_id: str, config: PracticeConfig, course: "Course"):
        self.id = practice_id
        self.config = config
        self.course = course
        self.title = config.title
        self.points = config.points
        self.due = config.due
        merged = course.config.limits.model_dump()  # a practice overrides only what it names
        merged.update(config.limits.model_dump(exclude_unset=True) if config.limits else {})
        self.limits = LimitsConfig(**merged).to_limits()
        self.folder = course.root / config.folder
        self.notebooks = list(config.notebooks)
        self.solutions = course.root / "solutions" / practice_id
        self.data_sources = {name: course.root / path for name, path in config.data.items()}
        # Every kernel imports numpy (the witness does); autograde forks them all from a
        # zygote that has, plus what the practice names (TensorFlow, say).
        self.preload = tuple(dict.fromkeys(["numpy", *config.preload]))

    @property
    def public_checks_path(self) -> Path:
        return self.folder / "checks.py"

    @property
    def hidden_checks_path(self) -> Path:
        return self.solutions / "hidden.py"

    @property
    def variants_path(self) -> Path:
        return self.solutions / "variants.py"

    @property
    def dataset_path(self) -> Path:
        """Optional: how the data is split into a released part and a holdout."""
        return self.solutions / "dataset.py"

    @property
    def data_folder(self) -> Path:
        return self.folder / "data"

    def source_notebook(self, name: str | None = None) -> Path:
        return self.folder / (name or self.notebooks[0])


class Course:
    """The loaded course: configuration plus the folders everything is read from and written to."""

    def __init__(self, config: CourseConfig, path: Path, workspace: Path | None = None):
        self.config = config
        self.path = path
        self.root = path.parent
        self.language = config.course.language
        self.seed = config.course.seed
        self.workspace = workspace or (self.root / config.workspace)
        self.practices = {pid: Practice(pid, pc, self) for pid, pc in config.practices.items()}

    def roster(self):
        """The class list, or None when course.yml names none."""
        if self.config.roster is None:
            return None
        from grader.roster import RosterError, load_roster

        try:
            return load_roster(self.root / self.config.roster)
        except RosterError as exc:
            raise CourseError(f"{self.path.name}: roster: {exc}") from None

    @property
    def gradebook_url(self) -> str:
        return self.config.gradebook or f"sqlite:///{(self.workspace / 'gradebook.db').resolve()}"

    def folder(self, step: str, *parts: str) -> Path:
        """``release``, ``submitted``, ``autograded``, ``reports`` or ``feedback`` folder."""
        return self.workspace.joinpath(step, *parts)

    def practice(self, practice_id: str) -> Practice:
        if practice_id not in self.practices:
            known = ", ".join(self.practices)
            raise CourseError(f"{self.path.name}: no existe la práctica {practice_id!r} (hay: {known})")
        practice = self.practices[practice_id]
        if practice.config.draft:
            raise CourseError(
                f"{self.path.name}: practices.{practice_id}: la práctica está marcada como "
                "borrador (draft: true); su material aún no está escrito")
        return practice

    def ready_practices(self) -> list[Practice]:
        return [p for p in self.practices.values() if not p.config.draft]


def _previewed_drafts() -> set[str]:
    """Draft practices an author is trying out: ``GRADER_DRAFTS=flowers,wines``."""
    return {name.strip() for name in os.environ.get("GRADER_DRAFTS", "").split(",") if name.strip()}


def _field(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(raíz)"


class _PlainLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text and are validated (with the
    field's name in the error) by the model, not half-parsed by the YAML reader."""


_PlainLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_course(path: Path | str, workspace: Path | None = None) -> Course:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseError(f"{path}: no existe el archivo de curso") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"{path}: no se puede leer el archivo de curso ({exc.strerror or exc})") from None
    try:
        raw = yaml.load(text, Loader=_PlainLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (línea {mark.line + 1})" if mark else ""
        raise CourseError(f"{path.name}{where}: YAML no válido: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict):
        raise CourseError(f"{path.name}: debe ser un diccionario YAML con 'course' y 'practices'")
    try:
        config = CourseConfig.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "campo desconocido"
        elif first["type"] == "missing":
            message = "falta este campo obligatorio"
        raise CourseError(f"{path.name}: {_field(first['loc'])}: {message}") from None
    previewed = _previewed_drafts() & set(config.practices)
    if previewed:
        practices = {pid: pc.model_copy(update={"draft": False}) if pid in previewed else pc
                     for pid, pc in config.practices.items()}
        config = config.model_copy(update={"practices": practices})
    course = Course(config, path.resolve(), workspace)
    for practice in course.practices.values():
        if practice.config.draft:
            continue
        if not practice.folder.is_dir():
            raise CourseError(
                f"{path.name}: practices.{practice.id}.folder: no existe la carpeta {practice.config.folder}")
        for name in practice.notebooks:
            if not (practice.folder / name).is_file():
                raise CourseError(
                    f"{path.name}: practices.{practice.id}.notebooks: no existe {practice.config.folder / name}")
    return course
