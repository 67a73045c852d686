"""``grader check NOTEBOOK`` and ``grader.check("q1")``: the student's own check.

Both run only the public checks that were released next to the notebook (``checks.py``)
and say how many hidden checks remain.  The command runs the whole notebook in a fresh
kernel, like the autograder; the in-notebook call asks the running kernel directly, so a
student sees the result of the cells they have run so far.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from grader import witness
from grader.checks import Check, CheckResult, ChecksError, check_rng, load_checks

MANIFEST = "grader.json"  # written by grader.release; kept literal to avoid importing nbgrader here

HEADERS = {
    "es": ("Comprobación", "Puntos", "¿Superada?", "Mensaje", "Sí", "No"),
    "en": ("Check", "Points", "Passed?", "Message", "Yes", "No"),
}


def find_checks(folder: Path) -> tuple[list[Check], dict]:
    """The public checks and manifest of a released practice folder."""
    path = folder / "checks.py"
    if not path.exists():
        raise ChecksError(
            f"no encuentro checks.py en {folder}: el cuaderno debe estar en la carpeta de la "
            "práctica publicada, junto a checks.py")
    manifest_path = folder / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    return load_checks(path, hidden=False), manifest


def released_files(folder: Path) -> list[Path]:
    """What a kernel may see besides the notebook: the public checks, manifest and data."""
    return [p for p in (folder / "checks.py", folder / MANIFEST, folder / "data") if p.exists()]


def hidden_note(manifest: dict, lang: str) -> str:
    hidden = manifest.get("hidden", {})
    count, points = hidden.get("checks", 0), hidden.get("points", 0)
    if not count:
        return ""
    if lang == "en":
        return (f"{count} hidden checks ({points:g} points) are not graded here: they are "
                "graded after you submit, with fresh inputs.")
    if count == 1:
        return (f"Queda 1 comprobación oculta ({points:g} puntos) sin calificar aquí: "
                "se califica tras la entrega, con entradas nuevas.")
    return (f"Quedan {count} comprobaciones ocultas ({points:g} puntos) sin calificar aquí: "
            "se califican tras la entrega, con entradas nuevas.")


@dataclass
class QuestionReport:
    """What ``grader.check("q1")`` returns: shown as a table in JupyterLab."""

    question: str
    results: list[CheckResult]
    lang: str = "es"

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def _repr_html_(self) -> str:
        head = HEADERS[self.lang]
        rows = "".join(
            f"<tr><td>{html.escape(r.description or r.id)}</td><td>{r.score:g} / {r.points:g}</td>"
            f"<td>{'✅ ' + head[4] if r.passed else '❌ ' + head[5]}</td>"
            f"<td>{html.escape(r.message)}</td></tr>" for r in self.results)
        return (f"<p><b>{html.escape(self.question)}</b></p><table><thead><tr>"
                + "".join(f"<th>{h}</th>" for h in head[:4]) + f"</tr></thead><tbody>{rows}</tbody></table>")

    def __repr__(self) -> str:
        head = HEADERS[self.lang]
        lines = [f"{self.question}:"]
        for r in self.results:
            mark = head[4] if r.passed else head[5]
            lines.append(f"  {r.description or r.id} [{r.score:g}/{r.points:g}] {mark}: {r.message}")
        return "\n".join(lines)


def _namespace() -> dict:
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            return shell.user_ns
    except ImportError:
        pass
    import __main__

    return vars(__main__)


def check_question(question: str, *, folder: Path | None = None, namespace: dict | None = None,
                   lang: str = "es") -> QuestionReport:
    """Run the public checks of one question against the live kernel namespace."""
    from grader.scoring import score  # judges and messages only; no kernel machinery

    checks, _ = find_checks(folder or Path.cwd())
    chosen = [c for c in checks if c.question == question]
    if not chosen:
        known = sorted({c.question for c in checks})
        raise ChecksError(f"no hay comprobaciones para {question!r} (hay: {', '.join(known)})")
    ns = _namespace() if namespace is None else namespace
    results = []
    for check in chosen:
        inputs = check.ask.inputs(check_rng(0, check.id))
        arrays: dict = {}
        request = check.ask.request(inputs, arrays)
        # The same JSON round trip as in the autograder, so both see the same answer.
        answer_arrays: dict = {}
        raw = witness.answer(json.loads(json.dumps(request)), ns, answer_arrays, arrays.__getitem__)
        outcome = witness.decode_answer(json.loads(json.dumps(raw)), answer_arrays.__getitem__)
        results.append(score(check, inputs, outcome, lang))
    return QuestionReport(question, results, lang)

