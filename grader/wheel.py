"""The student client's wheel, which every release carries (the course may be offline).

The client is pure Python, so its wheel is its package folder plus the metadata its
``client/pyproject.toml`` declares, written with the ``wheel`` project's own
:class:`~wheel.wheelfile.WheelFile` (which records every file's hash).  Writing it here
takes milliseconds and needs no build tools nor write access to the repository, so an
instructor without rights over the installation can release; the same sources give the
same wheel, byte for byte.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import grader_client
from grader.checks import ChecksError

EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed file times: the same sources, the same wheel


def client_source() -> Path:
    source = Path(grader_client.__file__).resolve().parent.parent
    if not (source / "pyproject.toml").is_file():
        raise ChecksError(f"no encuentro el código del cliente ({source}/pyproject.toml) para escribir su .whl: "
                          "instala el calificador desde el repositorio (python3 run.py …)")
    return source


def _metadata(project: dict, readme: str) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project.get('description', '')}", f"Requires-Python: {project.get('requires-python', '')}",
             f"License: {project.get('license', {}).get('text', '')}",
             *(f"Requires-Dist: {dependency}" for dependency in project.get("dependencies", [])),
             "Description-Content-Type: text/markdown"]
    return "\n".join(lines) + "\n\n" + readme


def write_client_wheel(folder: Path) -> Path:
    """Write ``course_grader_client-<version>-py3-none-any.whl`` into ``folder``; returns its path."""
    from zipfile import ZIP_DEFLATED, ZipInfo

    from wheel.wheelfile import WheelFile

    source = client_source()
    project = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, version = "grader_client", project["version"]
    distribution = project["name"].replace("-", "_")  # the wheel's name must be the project's
    info = f"{distribution}-{version}.dist-info"
    readme = (source / project["readme"]).read_text(encoding="utf-8") if "readme" in project else ""
    scripts = "".join(f"{script} = {target}\n" for script, target in project.get("scripts", {}).items())
    path = Path(folder) / f"{distribution}-{version}-py3-none-any.whl"

    def add(wheel: WheelFile, arcname: str, data: bytes) -> None:
        entry = ZipInfo(arcname, EPOCH)
        entry.compress_type = ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        wheel.writestr(entry, data)

    with WheelFile(path, "w") as wheel:
        package = source / name
        for file in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            add(wheel, file.relative_to(source).as_posix(), file.read_bytes())
        add(wheel, f"{info}/METADATA", _metadata(project, readme).encode())
        add(wheel, f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: course-grader\nRoot-Is-Purelib: true\n"
                                    b"Tag: py3-none-any\n")
        add(wheel, f"{info}/entry_points.txt", f"[console_scripts]\n{scripts}".encode())
        add(wheel, f"{info}/top_level.txt", f"{name}\n".encode())
    return path
