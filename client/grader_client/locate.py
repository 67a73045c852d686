"""Where a student's notebook finds its public checks.

In order: ``checks.json`` in the working folder (the released folder, as JupyterLab,
Jupyter and VS Code open it); the notebook's own metadata, read from the notebook file
(the one Jupyter names in ``JPY_SESSION_NAME``, the one VS Code names in
``__vsc_ipynb_file__``, or the only released notebook in the working folder); in Google
Colab, where an uploaded notebook has no file on disk, the notebook as Colab holds it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from grader_client.checkdata import FILE, METADATA_KEY, CheckDataError, read


def notebook_check_data(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(METADATA_KEY)
    except (OSError, ValueError, AttributeError):
        return None
    return data if isinstance(data, dict) else None


def _named_notebooks(namespace: dict) -> list[Path]:
    named = [os.environ.get("JPY_SESSION_NAME"), namespace.get("__vsc_ipynb_file__")]
    return [Path(name) for name in named if name and str(name).endswith(".ipynb")]


def _from_colab() -> dict | None:
    try:
        from google.colab import _message  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        notebook = _message.blocking_request("get_ipynb", request="", timeout_sec=10)["ipynb"]
    except Exception:
        return None
    data = notebook.get("metadata", {}).get(METADATA_KEY)
    return data if isinstance(data, dict) else None


def check_data(folder: Path | None = None, namespace: dict | None = None) -> tuple[dict, Path]:
    """The parsed check data and the folder the notebook's released files are relative to."""
    folder = Path(folder or Path.cwd())
    if (folder / FILE).is_file():
        return read(folder / FILE), folder
    for path in _named_notebooks(namespace or {}):
        data = notebook_check_data(path if path.is_absolute() else folder / path)
        if data is not None:
            return data, folder
    found = {path: data for path in sorted(folder.glob("*.ipynb"))
             if (data := notebook_check_data(path)) is not None}
    practices = {data.get("practice") for data in found.values()}
    if len(practices) == 1:
        return next(iter(found.values())), folder
    if len(practices) > 1:
        names = ", ".join(path.name for path in found)
        raise CheckDataError(f"hay cuadernos de varias prácticas en {folder} ({names}): abre cada uno en su carpeta")
    data = _from_colab()
    if data is not None:
        return data, folder
    raise CheckDataError(
        f"no encuentro las comprobaciones públicas: abre el cuaderno publicado en su carpeta (junto a {FILE}), "
        "o sube a Colab el cuaderno tal como se publicó")


def missing_files(data: dict, folder: Path) -> list[str]:
    """Released data files the notebook reads that are not where it reads them."""
    return [name for name in data.get("files", []) if not (folder / name).exists()]
