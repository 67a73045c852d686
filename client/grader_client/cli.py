"""The ``grader`` command.

For a student, one verb: ``grader check NOTEBOOK`` runs the whole notebook in a fresh
kernel (as the grader will), asks it the public checks and prints a table; exit status 0
when every public check passes, 1 when some fail, 2 when the notebook cannot be checked.

Where the instructor's grader is installed too, it registers itself under the entry-point
group ``grader_client.commands`` and this command hands it every verb (its ``check`` is
this one): one ``grader`` command, owned by the client, never the other way round.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from grader_client import __version__
from grader_client.checkdata import FILE, CheckDataError, load, read
from grader_client.locate import missing_files, notebook_check_data
from grader_client.report import HEADERS, hidden_note, missing_note


def _instructor():
    """The instructor's command line, when its package is installed here."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="grader_client.commands"):
        if entry.name == "instructor":
            try:
                return entry.load()
            except ImportError:  # its metadata is visible but the package is not importable
                return None
    return None


def _check_data(notebook: Path) -> tuple[dict, Path]:
    folder = notebook.resolve().parent
    if (folder / FILE).is_file():
        return read(folder / FILE), folder
    data = notebook_check_data(notebook)
    if data is None:
        raise CheckDataError(f"no encuentro las comprobaciones de {notebook.name}: el cuaderno debe estar en la "
                             f"carpeta de la práctica publicada, junto a {FILE}, o ser el cuaderno tal como se publicó")
    return data, folder


def released_inputs(data: dict, folder: Path) -> list[Path]:
    """What the kernel gets besides the notebook: the check data and the released files."""
    tops = dict.fromkeys(Path(name).parts[0] for name in data.get("files", []))
    return [p for p in [folder / FILE, *(folder / top for top in tops)] if p.exists()]


def _paint(text: str, colour: str, enabled: bool) -> str:
    codes = {"green": "32", "red": "31", "yellow": "33"}
    return f"\033[{codes[colour]}m{text}\033[0m" if enabled else text


class Unchecked(Exception):
    """The notebook cannot be checked; ``str()`` says why, in one line."""


def run_check(notebook: Path, *, lang: str | None = None, timeout: int = 600):
    """Run ``notebook`` in a fresh kernel and judge its public checks: the notebook's grade,
    its check data and the folder its released files are relative to."""
    from grader_client.rules import NotebookCode
    from grader_client.run import testify
    from grader_client.scoring import judge_testimony, plan, read_notebook

    if not notebook.is_file():
        raise Unchecked(f"{notebook}: no existe el cuaderno")
    try:
        data, folder = _check_data(notebook)
        checks = load(data)
    except CheckDataError as exc:
        raise Unchecked(str(exc)) from None
    nb, notes = read_notebook(notebook)
    if nb is None:
        raise Unchecked(notes[0])
    inputs, requests = plan(checks, 0)
    with tempfile.TemporaryDirectory(prefix="grader-check-") as tmp:
        testimony = testify(notebook, requests, Path(tmp), seed=data.get("kernel_seed", 0),
                            cell_timeout=min(timeout, 120), notebook_timeout=timeout,
                            extra_files=released_inputs(data, folder))
    code = NotebookCode.for_checks(nb, checks)  # the file, as submitted
    return judge_testimony(checks, inputs, testimony, notes, lang or data.get("language", "es"), code), data, folder


def check_notebook(notebook: Path, *, lang: str | None = None, timeout: int = 600, out=None) -> int:
    """``grader check NOTEBOOK``: runs it, prints the table; returns the exit status."""
    out = out or sys.stdout
    colour = getattr(out, "isatty", lambda: False)()
    say = lambda text="": print(text, file=out, flush=True)  # noqa: E731
    say("Ejecutando el cuaderno en un kernel nuevo…" if lang != "en" else "Running the notebook in a fresh kernel…")
    try:
        grade, data, folder = run_check(notebook, lang=lang, timeout=timeout)
    except Unchecked as exc:
        say(_paint(f"error: {exc}", "red", colour))
        return 2
    lang = lang or data.get("language", "es")
    head = HEADERS[lang]
    if grade.status != "ok":
        say(_paint(grade.reason, "red", colour))
    for error in grade.cell_errors[:5]:
        say(_paint(f"La {error.describe()}" if lang == "es" else f"Cell {error.index}: {error.ename}: "
                   f"{error.evalue[:200]}", "yellow", colour))
    say(f"\n{notebook.name} · {' · '.join(head[:4])}")
    for r in grade.results:
        mark = _paint(f"✔ {head[4]}", "green", colour) if r.passed else _paint(f"✘ {head[5]}", "red", colour)
        say(f"{mark}  {r.score:g}/{r.points:g}  {r.description or r.id}")
        if not r.passed:
            say(f"      {r.message}")
    passed = sum(r.passed for r in grade.results)
    say(f"\n{passed}/{len(grade.results)} " + ("comprobaciones públicas superadas" if lang == "es"
                                             else "public checks passed"))
    for note in (hidden_note(data, lang), missing_note(missing_files(data, folder), lang)):
        if note:
            say(note)
    return 0 if grade.results and passed == len(grade.results) and grade.status == "ok" else 1


def student_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="grader", description="Comprueba tu cuaderno con las comprobaciones "
                                     "públicas de la práctica.")
    parser.add_argument("--version", action="version", version=f"course-grader-client {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True)
    check = verbs.add_parser("check", help="Ejecuta el cuaderno en un kernel nuevo y pasa las comprobaciones públicas.")
    check.add_argument("notebook", type=Path)
    check.add_argument("--lang", choices=["es", "en"], default=None)
    check.add_argument("--timeout", type=int, default=600, help="Segundos máximos para el cuaderno.")
    args = parser.parse_args(argv)
    return check_notebook(args.notebook, lang=args.lang, timeout=args.timeout)


def main(argv: list[str] | None = None) -> int:
    instructor = _instructor()
    if instructor is not None:
        return instructor(args=argv)
    return student_main(argv)


if __name__ == "__main__":
    sys.exit(main())
