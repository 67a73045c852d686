"""``grader migrate --to URL``: move the course's gradebook to another database.

Every row of nbgrader's gradebook (assignments, notebooks, cells, students, submissions,
grades, comments: automatic and manual scores alike) is copied, table by table in the
order their foreign keys need, from the database course.yml names (SQLite by default) to
an empty database at ``URL`` (any SQLAlchemy URL nbgrader accepts, e.g.
``postgresql+psycopg://profesora@servidor/curso``), with nbgrader's schema version.  The
source is left as it was; once the copy is checked, course.yml's ``gradebook:`` points to
the new one.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, inspect, select, text

from grader.course import Course


class MigrateError(Exception):
    """The gradebook cannot be moved there; ``str()`` says why in one line."""


@dataclass
class Copied:
    source: str
    target: str
    rows: dict[str, int]  # table -> rows copied


def _safe(url: str) -> str:
    """The URL without its password, to print."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def copy_gradebook(source_url: str, target_url: str) -> Copied:
    from nbgrader.api import Base

    from grader.gradebook import _alembic_head

    if source_url == target_url:
        raise MigrateError("el destino es el gradebook actual")
    try:
        source, target = create_engine(source_url), create_engine(target_url)
        with target.connect():
            pass
    except Exception as exc:  # a driver missing, a server that does not answer...
        raise MigrateError(f"no puedo abrir {_safe(target_url)}: {type(exc).__name__}: {str(exc)[:200]}") from None
    if not inspect(source).get_table_names():
        raise MigrateError(f"{_safe(source_url)} está vacío: no hay notas que copiar")
    if set(inspect(target).get_table_names()) & {t.name for t in Base.metadata.sorted_tables}:
        raise MigrateError(f"{_safe(target_url)} ya tiene un gradebook: el destino debe ser una base de datos vacía")
    Base.metadata.create_all(target)
    rows = {}
    with source.connect() as reading, target.begin() as writing:
        for table in Base.metadata.sorted_tables:  # parents before children
            found = [dict(row) for row in reading.execute(select(table)).mappings()]
            if found:
                writing.execute(table.insert(), found)
            rows[table.name] = len(found)
        writing.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        writing.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": _alembic_head()})
    source.dispose()
    target.dispose()
    return Copied(_safe(source_url), _safe(target_url), rows)


def migrate(course: Course, target_url: str) -> Copied:
    return copy_gradebook(course.gradebook_url, target_url)
