"""``grader lab``: JupyterLab on the course, with nbgrader's formgrader on its gradebook.

The workspace is brought up to date as an nbgrader course directory first
(:mod:`grader.coursedir`), every ready practice is registered in the gradebook with its
due date, and ``jupyter lab`` (this environment's) replaces this process:

- in the workspace as its working directory, where nbgrader's extensions look for
  ``nbgrader_config.py``;
- serving the course folder (the one with course.yml), so the instructor notebooks in
  ``assignments/`` open with nbgrader's Create Assignment toolbar; formgrader needs the
  course directory inside what the server serves, so a workspace outside the course
  folder is served instead;
- on 127.0.0.1 only, on a free port unless one is given, with a fresh token passed in the
  environment (never on the command line, which other users of the machine can read).

The URL, token included, is printed before the server starts; extra arguments go to
``jupyter lab`` unchanged.
"""
from __future__ import annotations

import os
import secrets
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from grader.course import Course


@dataclass(frozen=True)
class Launch:
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    url: str
    formgrader: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_folder(course: Course) -> Path:
    workspace, root = course.workspace.resolve(), course.root.resolve()
    return root if workspace.is_relative_to(root) else workspace


def prepare(course: Course, port: int | None = None, open_browser: bool = False,
            extra: tuple[str, ...] = ()) -> Launch:
    """Bring the course directory up to date and say how to start JupyterLab on it."""
    from grader import coursedir
    from grader.gradebook import open_gradebook, register_assignment

    coursedir.keep(course)
    with open_gradebook(course) as gb:  # Manage Assignments shows each practice with its due date
        for practice in course.ready_practices():
            register_assignment(gb, practice)
    port = port or free_port()
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_urlsafe(24)
    argv = [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", f"--ServerApp.root_dir={served_folder(course)}"]
    if not open_browser:
        argv.append("--no-browser")
    if getattr(os, "geteuid", lambda: -1)() == 0:  # Jupyter refuses root unless told
        argv.append("--allow-root")
    base = f"http://127.0.0.1:{port}"
    return Launch([*argv, *extra], {**os.environ, "JUPYTER_TOKEN": token}, course.workspace.resolve(),
                  f"{base}/lab?token={token}", f"{base}/formgrader?token={token}")


def start(course: Course, port: int | None = None, open_browser: bool = True, extra: tuple[str, ...] = (),
          announce: Callable[[str], None] = print) -> None:
    """Start JupyterLab in place of this process."""
    import importlib.util

    if importlib.util.find_spec("jupyterlab") is None:
        raise SystemExit("error: JupyterLab no está instalado en este entorno: pip install jupyterlab")
    launch = prepare(course, port, open_browser, extra)
    announce(f"JupyterLab: {launch.url}")
    announce(f"formgrader: {launch.formgrader} (también en el menú Nbgrader → Formgrader)")
    announce("Ctrl-C dos veces para pararlo.")
    sys.stdout.flush()
    os.chdir(launch.cwd)
    os.execve(launch.argv[0], launch.argv, launch.env)
