"""``grader calibrate PRACTICE``: measure the model targets on a family of acceptable solutions.

The family is the reference solution and the ``ACCEPTABLE`` variants of
``solutions/<practice>/variants.py`` (the statement's pipeline with fewer or more epochs,
other batch sizes, other reasonable models: work an honest student hands in, which must
get full marks).  Each member's notebook runs once in a kernel; its training function is
then trained on many random splits of the full data set (the released size, the holdout
size), once on the task and once on its control (see :func:`grader.holdout.model_cases`).
The metrics are computed here.  For each metric:

- the target (``threshold``) is the lowest of the members' low percentiles (task and
  control together), less a margin, rounded towards the student to a number the
  statement can print (:func:`grader.holdout.readable`);
- the ``baseline`` is the best that a model that barely learns reaches on the same
  splits (:data:`grader.holdout.BASELINES`: the most frequent class, the mean target...),
  rounded away from the student; between it and the target a model earns up to ``share``
  of the points (:func:`grader.holdout.scaled`).

Everything measured goes to ``solutions/<practice>/thresholds.json`` (what each member
reached, the baseline, how long each member took), which the hidden checks read, so an
instructor can see why a target is what it is.

``dataset.CALIBRATION`` says what to measure (``control`` and ``baseline`` are optional;
``share`` defaults to :data:`DEFAULT_SHARE`; a metric's ``why``, when a metric is scored
otherwise, is copied to the record)::

    CALIBRATION = {"function": "entrenar_y_predecir", "control": "classes", "baseline": "majority",
                   "metrics": {"accuracy": {"margin": 0.05, "share": 0.5}}}
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

from grader import holdout
from grader.checks import Call, load_module
from grader.course import Practice

PERCENTILE = 5
SEED_BASE = 10_000  # calibration splits: seeds SEED_BASE, SEED_BASE + 1, ... (not the course's)
DEFAULT_SHARE = 0.5
REFERENCE = "referencia"


def family(practice: Practice) -> list[tuple[str, object]]:
    """The notebooks calibrated: the reference, then each acceptable variant."""
    from grader.variants import apply_variant, load_acceptable, reference_notebook

    reference = reference_notebook(practice.source_notebook())
    members = load_acceptable(practice.variants_path) if practice.variants_path.exists() else []
    return [(REFERENCE, reference)] + [(member.name, apply_variant(reference, member)) for member in members]


def _predictions(practice: Practice, notebook, function: str, cases: list[tuple], timeout: int) -> list:
    """The answers of one member of the family (the instructor's own code: it runs
    unsandboxed)."""
    from grader.release import kernel_files, release
    from grader_client.run import testify

    with tempfile.TemporaryDirectory(prefix="grader-calibrate-") as tmp:
        tmp = Path(tmp)
        release(practice, tmp / "release")
        path = tmp / practice.notebooks[0]
        nbformat.write(notebook, path)
        arrays: dict = {}
        request = Call(function, cases).request(cases, arrays)
        testimony = testify(path, {"calibrate": (request, arrays)}, tmp / "scratch", seed=0,
                            cell_timeout=timeout, notebook_timeout=timeout,
                            extra_files=kernel_files(tmp / "release"))
    answer = testimony.answers["calibrate"]
    outcomes = answer.get("cases")
    if testimony.status != "ok" or not outcomes or any("ok" not in c for c in outcomes):
        raise RuntimeError(f"la solución no respondió: {testimony.reason or answer}")
    return [c["ok"] for c in outcomes]


def _summary(scores: list[float]) -> dict:
    return {"min": round(min(scores), 4), f"p{PERCENTILE}": round(float(np.percentile(scores, PERCENTILE)), 4),
            "median": round(float(np.median(scores)), 4), "max": round(max(scores), 4)}


def calibrate(practice: Practice, *, splits: int = 30, timeout: int = 1800,
              why: str = "") -> Path:
    """Measure every metric of ``practice`` on its family over ``splits`` splits and write
    thresholds.json; ``why`` adds a sentence to the record (fewer splits than usual...)."""
    holdout._calibrating = True
    try:
        return _calibrate(practice, splits, timeout, why)
    finally:
        holdout._calibrating = False


def _low(scores: list[float], higher_is_better: bool) -> float:
    return float(np.percentile(scores, PERCENTILE if higher_is_better else 100 - PERCENTILE))


def _calibrate(practice: Practice, splits: int, timeout: int, why: str) -> Path:
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
    members, seconds = {}, {}
    for name, notebook in family(practice):
        started = time.perf_counter()
        members[name] = _predictions(practice, notebook, spec["function"], cases, timeout)
        seconds[name] = round(time.perf_counter() - started, 1)
    kind = spec.get("baseline") or holdout.baseline_kind(y)
    described, barely = holdout.BASELINES[kind]
    baseline_predictions = [barely(*case) for case in cases]
    metrics = {}
    for key, options in spec["metrics"].items():
        info = holdout.METRICS[key]
        higher = info.higher_is_better

        def measured(predictions):
            task = [holdout.measure(key, p.y_holdout, pred) for p, pred in zip(parts, predictions[0::2])]
            renamed = [holdout.measure(key, holdout.control_truth(p.y_holdout, control, y), pred)
                       for p, pred in zip(parts, predictions[1::2])]
            return task, renamed

        reached = {name: measured(predictions) for name, predictions in members.items()}
        lowest = min(_low(task + renamed, higher) for task, renamed in reached.values())
        margin = options["margin"]
        threshold = holdout.readable(lowest - margin if higher else lowest + margin, higher_is_better=higher)
        base_task, base_renamed = measured(baseline_predictions)
        best = max(base_task + base_renamed) if higher else min(base_task + base_renamed)
        baseline = holdout.readable(best, higher_is_better=higher, lenient=False)
        task, renamed = reached[REFERENCE]
        metrics[key] = {
            "threshold": threshold, "margin": margin, "baseline": baseline,
            "share": options.get("share", DEFAULT_SHARE),
            "reference": _summary(task), "reference_on_control": _summary(renamed),
            "family": {name: {"task": _summary(t), "control": _summary(r)} for name, (t, r) in reached.items()},
            "baseline_model": {"task": _summary(base_task), "control": _summary(base_renamed)},
        }
        if options.get("why"):
            metrics[key]["why"] = options["why"]
    names = ", ".join(members)
    record = {
        "practice": practice.id,
        "function": spec["function"],
        "measured": dt.date.today().isoformat(),
        "splits": splits,
        "holdout_fraction": fraction,
        "percentile": PERCENTILE,
        "family": list(members),
        "baseline": {"kind": kind, "model": described},
        "seconds": seconds,
        "why": (f"Se entrenaron la solución de referencia y las soluciones aceptables ({names}) con "
                f"{splits} particiones aleatorias de los datos completos (reservando un {fraction:.0%} cada "
                "vez), con las etiquetas reales y con el control (clases o valores renombrados, o columnas "
                f"reordenadas). El objetivo de cada métrica es el percentil {PERCENTILE} más bajo de la "
                "familia menos el margen, redondeado a favor del estudiante para que el enunciado pueda "
                f"decirlo. La referencia mínima («baseline») es lo mejor que logra {described} en esas "
                "particiones; entre ella y el objetivo un modelo obtiene, en proporción, hasta «share» de "
                "los puntos, y nada por debajo. Un modelo que no aprende de los datos que recibe falla "
                "el control." + (f" {why}" if why else "")),
        "control": control or holdout.control_for(y),
        "metrics": metrics,
    }
    path = practice.solutions / holdout.THRESHOLDS
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
