"""Public checks as data: ``checks.json``, written by ``grader release`` next to the
student's notebook and, whole, into the notebook's metadata (``metadata.grader``) for a
notebook opened without its folder, as in Colab.

Schema :data:`SCHEMA` (one JSON object)::

    schema        this format's version; a client reads only its own
    client        version of the client that wrote it (for the error message)
    practice, title, notebooks, points, due
    kernel_seed   the seed ``grader check`` gives the kernel's generators, as autograde does
    hidden        {"checks": n, "points": p}: how much is graded after submission, never what
    files         released data files the notebook reads, relative to its folder
    checks        one object per public check:
        id, question, points, description, notebook
        ask       {"kind": "value", "name": N} or
                  {"kind": "call", "function": F, "together": bool, "cases": VALUE}
        expected  VALUE
        judge     {"name": a key of grader_client.judges.REGISTRY, "params": {...}}
        forbidden, forbidden_deduction
                  only when the check has a "by hand" rule: what the function must not
                  use (see grader_client.rules) and the share of the points it costs;
                  a reader takes () and 1.0 when they are absent
    arrays        {name: {"npy": base64 of a .npy file}}: the arrays VALUEs refer to

A VALUE is JSON with the witness's tags (``__tuple__``, ``__dict__``, ``__ndarray__``: a
name in ``arrays``...; see :mod:`grader_client.witness`), so public checks and answers
cross every boundary in one format.  A judge's parameter that is a function (a hint to
give) is ``{"__judge__": name}``.  Nothing here is code: a check is an ask, a literal
expected value and the name of a judge.
"""
from __future__ import annotations

import base64
import io
import json
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from grader_client import __version__, witness
from grader_client.checks import Call, Check, Value
from grader_client.judges import REGISTRY, name_of

SCHEMA = 1
FILE = "checks.json"
METADATA_KEY = "grader"


class CheckDataError(Exception):
    """Check data this client cannot use; ``str()`` is one line for the student."""


# --- writing (the instructor's release) ---------------------------------------------------

def _encode_arrays(arrays: dict) -> dict:
    encoded = {}
    for name, array in arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(array), allow_pickle=False)
        encoded[name] = {"npy": base64.b64encode(buffer.getvalue()).decode("ascii")}
    return encoded


def _param(value: Any, where: str) -> Any:
    if callable(value):
        name = name_of(value)
        if name is None:
            raise CheckDataError(f"{where}: el parámetro {value!r} no es una función de grader_client.judges")
        return {"__judge__": name}
    json.dumps(value)  # numbers, text, lists: anything else cannot be released as data
    return value


def _judge(judge: Any, where: str) -> dict:
    function, params = (judge.func, dict(judge.keywords)) if isinstance(judge, partial) else (judge, {})
    if isinstance(judge, partial) and judge.args:
        raise CheckDataError(f"{where}: el juez debe recibir sus parámetros por nombre")
    name = name_of(function)
    if name is None:
        raise CheckDataError(f"{where}: el juez {getattr(function, '__name__', function)!r} no es de "
                             "grader_client.judges: una comprobación pública solo puede usar jueces del cliente")
    return {"name": name, "params": {key: _param(value, where) for key, value in params.items()}}


def dump_check(check: Check, arrays: dict) -> dict:
    """One public check as data; refuses anything that is not data (a case maker, an
    expected value computed by a function, a judge the client does not have)."""
    where = f"comprobación {check.id!r}"
    if check.hidden:
        raise CheckDataError(f"{where}: es oculta y no se publica")
    if callable(check.expected):
        raise CheckDataError(f"{where}: el valor esperado de una comprobación pública debe ser literal")
    if isinstance(check.ask, Call):
        if callable(check.ask.cases):
            raise CheckDataError(f"{where}: los casos de una comprobación pública deben ser literales")
        ask = {"kind": "call", "function": check.ask.function, "together": check.ask.together,
               "cases": witness.encode([tuple(case) for case in check.ask.cases], arrays)}
    else:
        ask = {"kind": "value", "name": check.ask.name}
    entry = {"id": check.id, "question": check.question, "points": check.points,
             "description": check.description, "notebook": check.notebook, "ask": ask,
             "expected": witness.encode(check.expected, arrays), "judge": _judge(check.judge, where)}
    if check.forbidden:  # absent otherwise: check data without rules reads as it always did
        entry["forbidden"] = list(check.forbidden)
        entry["forbidden_deduction"] = check.forbidden_deduction
    return entry


def dump(checks: list[Check], **info: Any) -> dict:
    """The check data of a practice: ``info`` holds the fields of the module docstring
    other than ``schema``, ``client``, ``checks`` and ``arrays``."""
    arrays: dict = {}
    entries = [dump_check(check, arrays) for check in checks]
    return {"schema": SCHEMA, "client": __version__, **info, "checks": entries,
            "arrays": _encode_arrays(arrays)}


# --- reading (the client, and the grader for the public checks it grades) ----------------

def _array_loader(encoded: dict):
    def load(name: str) -> np.ndarray:
        raw = base64.b64decode(encoded[name]["npy"])
        return np.load(io.BytesIO(raw), allow_pickle=False)

    return load


def _resolve(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"__judge__"}:
        return REGISTRY[value["__judge__"]]
    return value


def load_check(entry: dict, load_array) -> Check:
    judge = REGISTRY[entry["judge"]["name"]]
    params = {key: _resolve(value) for key, value in entry["judge"].get("params", {}).items()}
    ask = entry["ask"]
    if ask["kind"] == "call":
        cases = [tuple(case) for case in witness.decode(ask["cases"], load_array)]
        request = Call(ask["function"], cases, together=bool(ask.get("together")))
    else:
        request = Value(ask["name"])
    return Check(id=entry["id"], question=entry["question"], points=entry["points"], ask=request,
                 expected=witness.decode(entry["expected"], load_array),
                 judge=partial(judge, **params) if params else judge,
                 description=entry.get("description", ""), notebook=entry.get("notebook"),
                 forbidden=tuple(entry.get("forbidden", ())),
                 forbidden_deduction=float(entry.get("forbidden_deduction", 1.0)))


def load(data: Any) -> list[Check]:
    """The public checks of ``data`` (a parsed ``checks.json``)."""
    if not isinstance(data, dict) or "checks" not in data:
        raise CheckDataError("los datos de las comprobaciones están dañados (no son un checks.json)")
    if data.get("schema") != SCHEMA:
        raise CheckDataError(
            f"estas comprobaciones son para la versión {data.get('client', '?')} del cliente del corrector "
            f"y tienes la {__version__}: instala el archivo .whl que viene con la práctica "
            f"(pip install course_grader_client-{data.get('client', '')}-py3-none-any.whl)")
    try:
        load_array = _array_loader(data.get("arrays", {}))
        return [load_check(entry, load_array) for entry in data["checks"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckDataError(f"los datos de las comprobaciones están dañados ({type(exc).__name__}: {exc})") from None


def read(path: Path) -> dict:
    """A ``checks.json`` file, parsed."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CheckDataError(f"no se puede leer {path} ({type(exc).__name__})") from None
