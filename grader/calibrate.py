"""``grader calibrate PRACTICE``: measure the holdout thresholds on the reference solution.

The reference notebook runs once in a kernel; its training function is then trained on
many random splits of the full data set (the released size, the holdout size), once on the
task and once on its control (see :func:`grader.holdout.model_cases`).  The metrics are
computed here.  The threshold of each metric is a low percentile of all those scores less
a margin.  Everything measured goes to ``solutions/<practice>/thresholds.json``, which the
hidden checks read, so an instructor can see why a threshold is what it is.

``dataset.CALIBRATION`` says what to measure (``control`` is optional)::

    CALIBRATION = {"function": "entrenar_y_predecir", "control": "classes",
                   "metrics": {"accuracy": {"margin": 0.05}, "macro_f1": {"margin": 0.05}}}
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import nbformat
import numpy as np

from grader import holdout
from grader.checks import Call, load_module
from grader.course import Practice

PERCENTILE = 5
SEED_BASE = 10_000  # calibration splits: seeds SEED_BASE, SEED_BASE + 1, ... (not the course's)


def _predictions(practice: Practice, function: str, cases: list[tuple], timeout: int) -> list:
    """The reference solution's answers (the instructor's own code: it runs unsandboxed)."""
    from grader.release import kernel_files, release
    from grader.variants import reference_notebook
    from grader_client.run import testify

    with tempfile.TemporaryDirectory(prefix="grader-calibrate-") as tmp:
        tmp = Path(tmp)
        release(practice, tmp / "release")
        notebook = tmp / practice.notebooks[0]
        nbformat.write(reference_notebook(practice.source_notebook()), notebook)
        arrays: dict = {}
        request = Call(function, cases).request(cases, arrays)
        testimony = testify(notebook, {"calibrate": (request, arrays)}, tmp / "scratch", seed=0,
                            cell_timeout=timeout, notebook_timeout=timeout,
                            extra_files=kernel_files(tmp / "release"))
    answer = testimony.answers["calibrate"]
    outcomes = answer.get("cases")
    if testimony.status != "ok" or not outcomes or any("ok" not in c for c in outcomes):
        raise RuntimeError(f"la solución de referencia no respondió: {testimony.reason or answer}")
    return [c["ok"] for c in outcomes]


def _summary(scores: list[float]) -> dict:
    return {"min": round(min(scores), 4), f"p{PERCENTILE}": round(float(np.percentile(scores, PERCENTILE)), 4),
            "median": round(float(np.median(scores)), 4), "max": round(max(scores), 4)}


def calibrate(practice: Practice, *, splits: int = 30, timeout: int = 1800) -> Path:
    holdout._calibrating = True
    try:
        return _calibrate(practice, splits, timeout)
    finally:
        holdout._calibrating = False


def _calibrate(practice: Practice, splits: int, timeout: int) -> Path:
    holdout.use_sources(practice.data_sources)
    dataset = load_module(practice.dataset_path)
    spec = dataset.CALIBRATION
    X, y = dataset.load()
    fraction, stratify = dataset.HOLDOUT["fraction"], dataset.HOLDOUT.get("stratify", True)
    rng = np.random.default_rng(SEED_BASE)
    control = spec.get("control")
    parts = [holdout.split(X, y, fraction=fraction, seed=SEED_BASE + i, stratify=stratify)
             for i in range(splits)]
    cases = [case for part in parts for case in holdout.model_cases(part, rng, control)]
    predictions = _predictions(practice, spec["function"], cases, timeout)
    metrics = {}
    for key, options in spec["metrics"].items():
        info = holdout.METRICS[key]
        task = [holdout.measure(key, p.y_holdout, pred) for p, pred in zip(parts, predictions[0::2])]
        renamed = [holdout.measure(key, holdout.control_truth(p.y_holdout, control, y), pred)
                   for p, pred in zip(parts, predictions[1::2])]
        threshold = holdout.threshold_from(task + renamed, higher_is_better=info.higher_is_better,
                                           percentile=PERCENTILE, margin=options["margin"])
        metrics[key] = {"threshold": threshold, "margin": options["margin"],
                        "reference": _summary(task), "reference_on_control": _summary(renamed)}
    record = {
        "practice": practice.id,
        "function": spec["function"],
        "measured": dt.date.today().isoformat(),
        "splits": splits,
        "holdout_fraction": fraction,
        "percentile": PERCENTILE,
        "why": (f"La solución de referencia se entrenó con {splits} particiones aleatorias de los datos "
                f"completos (reservando un {fraction:.0%} cada vez), con las etiquetas reales y con el "
                "control (clases o valores renombrados, o columnas reordenadas). El umbral de cada métrica "
                f"es el percentil {PERCENTILE} de todos esos resultados menos el margen. Un modelo que no "
                "aprende de los datos que recibe falla el control."),
        "control": control or holdout.control_for(y),
        "metrics": metrics,
    }
    path = practice.solutions / holdout.THRESHOLDS
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
