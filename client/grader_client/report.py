"""``grader.check("q1")``: the public checks of one question against the live kernel, and
the table a student reads (HTML in a notebook, text in a terminal).

The answers make the same JSON round trip as in the grader's witness, so a student sees
what the grader will see.  A problem that stops the check (no check data, a client of
another version, an unknown question) is shown as one line, not as a traceback.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from grader_client import witness
from grader_client.checkdata import CheckDataError, load
from grader_client.checks import CheckResult, draw_inputs
from grader_client.locate import check_data, missing_files

HEADERS = {
    "es": ("Comprobación", "Puntos", "¿Superada?", "Mensaje", "Sí", "No"),
    "en": ("Check", "Points", "Passed?", "Message", "Yes", "No"),
}


def hidden_note(data: dict, lang: str) -> str:
    hidden = data.get("hidden", {})
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


def missing_note(names: list[str], lang: str) -> str:
    if not names:
        return ""
    if lang == "en":
        return (f"Data files missing next to the notebook: {', '.join(names)}. Upload them with the "
                "notebook (in Colab: Files panel, Upload), keeping their folder.")
    return (f"Faltan archivos de datos junto al cuaderno: {', '.join(names)}. Súbelos con el cuaderno "
            "(en Colab: panel «Archivos», «Subir»), en su misma carpeta.")


@dataclass
class QuestionReport:
    """What ``grader.check("q1")`` returns: shown as a table in JupyterLab."""

    question: str
    results: list[CheckResult]
    lang: str = "es"
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    def _repr_html_(self) -> str:
        head = HEADERS[self.lang]
        rows = "".join(
            f"<tr><td>{html.escape(r.description or r.id)}</td><td>{r.score:g} / {r.points:g}</td>"
            f"<td>{'✅ ' + head[4] if r.passed else '❌ ' + head[5]}</td>"
            f"<td>{html.escape(r.message)}</td></tr>" for r in self.results)
        notes = "".join(f"<p>⚠️ {html.escape(note)}</p>" for note in self.notes)
        return (f"<p><b>{html.escape(self.question)}</b></p>{notes}<table><thead><tr>"
                + "".join(f"<th>{h}</th>" for h in head[:4]) + f"</tr></thead><tbody>{rows}</tbody></table>")

    def __repr__(self) -> str:
        head = HEADERS[self.lang]
        lines = [f"{self.question}:", *(f"  ! {note}" for note in self.notes)]
        for r in self.results:
            mark = head[4] if r.passed else head[5]
            lines.append(f"  {r.description or r.id} [{r.score:g}/{r.points:g}] {mark}: {r.message}")
        return "\n".join(lines)


@dataclass
class Unavailable:
    """The check could not run: one line saying why and what to do."""

    question: str
    problem: str
    passed: bool = False

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(self.question)}</b>: ❌ {html.escape(self.problem)}</p>"

    def __repr__(self) -> str:
        return f"{self.question}: {self.problem}"


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


def _kernel_code(namespace: dict, checks: list):
    """The code this kernel ran, for the checks' "by hand" rules: IPython's input history,
    or (outside IPython) the source of the functions."""
    from grader_client.checks import Call
    from grader_client.rules import code_in_kernel, code_of_functions

    asked = [c.ask.function for c in checks if c.forbidden and isinstance(c.ask, Call)]
    if not asked:
        return None
    return code_in_kernel(namespace) or code_of_functions(namespace, asked)


def check_question(question: str, *, folder: Path | None = None, namespace: dict | None = None,
                   lang: str | None = None):
    """Run the public checks of one question against the live kernel namespace."""
    from grader_client.scoring import apply_rules, score  # judges and messages only; no kernel machinery

    ns = _namespace() if namespace is None else namespace
    try:
        data, base = check_data(folder, ns)
        checks = load(data)
    except CheckDataError as exc:
        return Unavailable(question, str(exc))
    lang = lang or data.get("language", "es")
    chosen = [c for c in checks if c.question == question]
    if not chosen:
        known = ", ".join(sorted({c.question for c in checks}))
        return Unavailable(question, f"no hay comprobaciones para {question!r} (hay: {known})")
    results, code = [], _kernel_code(ns, chosen)
    for check in chosen:
        inputs = draw_inputs(check, 0)
        arrays: dict = {}
        request = check.ask.request(inputs, arrays)
        answer_arrays: dict = {}
        raw = witness.answer(json.loads(json.dumps(request)), ns, answer_arrays, arrays.__getitem__)
        outcome = witness.decode_answer(json.loads(json.dumps(raw)), answer_arrays.__getitem__)
        results.append(apply_rules(check, score(check, inputs, outcome, lang), code, lang)[0])
    notes = [note for note in [missing_note(missing_files(data, base), lang)] if note]
    return QuestionReport(question, results, lang, notes)
