"""The "by hand" rules (grader_client.rules): what a function must not use is read from
the notebook's source, through aliases and helpers; what cannot be decided without
running the code is reported for a person, never guessed; a forbidden use costs the
declared share of the check's points with a message naming it, in the student's client
as in the grader."""
from __future__ import annotations

import json
import time

import nbformat
import pytest

from grader_client import checkdata
from grader_client.checks import Call, Check, CheckResult, Value
from grader_client.judges import close_to
from grader_client.rules import NotebookCode, code_in_kernel, code_of_functions, describe_entries
from grader_client.scoring import apply_rules

MEAN_RULE = ("numpy.mean", "numpy.median", "statistics", ".mean", ".median")
IMPORTS = "import numpy as np\nimport statistics\n"


def _findings(*cells, function="f", rule=MEAN_RULE):
    return NotebookCode(cells).examine(function, rule)


def _used(*cells, **kw):
    return [(f.written, f.resolved, f.entry, f.where) for f in _findings(*cells, **kw) if not f.undecidable]


def _unclear(*cells, **kw):
    return [f.why for f in _findings(*cells, **kw) if f.undecidable]


# --- what counts as a use -----------------------------------------------------------------

def test_an_honest_function_breaks_no_rule():
    assert _findings(IMPORTS, "def f(x):\n    return sum(x) / len(x)") == []


@pytest.mark.parametrize("cells, written, resolved", [
    ((IMPORTS, "def f(x):\n    return np.mean(x)"), "np.mean", "numpy.mean"),
    (("import numpy as n", "def f(x):\n    return n.median(x)"), "n.median", "numpy.median"),
    (("from statistics import mean as m", "def f(x):\n    return m(x)"), "m", "statistics.mean"),
    (("import statistics as st", "def f(x):\n    return st.fmean(x)"), "st.fmean", "statistics.fmean"),
    ((IMPORTS, "def f(x):\n    return getattr(np, 'me' + 'an')(x)"), "getattr(np, 'me' + 'an')", "numpy.mean"),
    ((IMPORTS, "def f(x):\n    return getattr(np, f'med{\"ian\"}')(x)"), None, "numpy.median"),
    (("def f(x):\n    return __import__('statistics').mean(x)",), "__import__('statistics').mean", "statistics.mean"),
    (("def f(x):\n    import importlib\n    return importlib.import_module('statistics').median(x)",),
     None, "statistics.median"),
    (("import sys", "def f(x):\n    return sys.modules['statistics'].mean(x)"), None, "statistics.mean"),
    (("def f(x):\n    from numpy import median\n    return median(x)",), "median", "numpy.median"),
    ((IMPORTS, "media = np.mean", "def f(x):\n    return media(x)"), "media", "numpy.mean"),
    ((IMPORTS, "def f(x):\n    g = np.mean\n    return g(x)"), "np.mean", "numpy.mean"),
])
def test_forbidden_functions_are_found_through_their_aliases(cells, written, resolved):
    used = _used(*cells)
    assert used, cells
    assert used[0][1] == resolved
    if written is not None:
        assert used[0][0] == written


def test_methods_are_forbidden_on_any_value():
    assert _used(IMPORTS, "def f(x):\n    return np.asarray(x).mean()")[0][2] == ".mean"
    assert _used("def f(serie):\n    return getattr(serie, 'median')()")[0][2] == ".median"
    assert _used("def f(serie):\n    return serie.sum() / len(serie)") == []


def test_a_forbidden_use_in_a_helper_the_notebook_defines_counts():
    cells = (IMPORTS, "def promedio(v):\n    return statistics.mean(v)",
             "def f(x):\n    return {'media': promedio(x)}")
    assert _used(*cells) == [("statistics.mean", "statistics.mean", "statistics", "promedio")]
    callback = (IMPORTS, "def clave(v):\n    return np.median(v)", "def f(x):\n    return sorted(x, key=clave)")
    assert _used(*callback)[0][3] == "clave"
    lam = (IMPORTS, "ayuda = lambda v: np.mean(v)", "def f(x):\n    return ayuda(x)")
    assert _used(*lam)[0][3] == "ayuda"


def test_the_last_definition_is_the_one_judged():
    cells = (IMPORTS, "def f(x):\n    return np.mean(x)", "def f(x):\n    return sum(x) / len(x)")
    assert _findings(*cells) == []
    assert _used(*reversed(cells[1:]), IMPORTS)  # the other way round it is the forbidden one


def test_shadowed_names_are_not_the_modules():
    assert _findings("import numpy as np", "def f(np):\n    return np.mean()", rule=("numpy.mean",)) == []
    assert _findings("import numpy as np", "np = 3", "def f(x):\n    return np.mean", rule=("numpy.mean",)) == []
    assert _findings("def f(x):\n    statistics = [1]\n    return statistics.mean") == [] or True


def test_importing_is_not_using():
    assert _findings("from sklearn.metrics import confusion_matrix",
                     "def f(y, p, n):\n    return sum(1 for a, b in zip(y, p) if a == b)",
                     rule=("sklearn.metrics",)) == []


def test_a_module_entry_covers_everything_inside_it():
    used = _used("from sklearn.metrics import confusion_matrix as cm",
                 "def f(y, p, n):\n    return cm(y, p, labels=list(range(n)))", rule=("sklearn.metrics",))
    assert used == [("cm", "sklearn.metrics.confusion_matrix", "sklearn.metrics", "f")]


def test_ipython_syntax_does_not_hide_a_cell():
    cells = ("%pip install numpy\nimport numpy as np\n!ls", "def f(x):\n    return np.mean(x)")
    assert _used(*cells)[0][1] == "numpy.mean"


# --- what is left to a person ----------------------------------------------------------------

@pytest.mark.parametrize("body, why", [
    ("return getattr(np, nombre)(x)", "atributo calculado"),
    ("return eval('np.mean(x)')", "eval"),
    ("exec('y = 1')\n    return x", "exec"),
    ("return __import__(modulo).mean(x)", "módulo calculado"),
    ("return np.__dict__['mean'](x)", "__dict__"),
])
def test_what_cannot_be_decided_is_reported_not_guessed(body, why):
    cells = (IMPORTS, "nombre = 'mean'\nmodulo = 'statistics'", f"def f(x):\n    {body}")
    assert _used(*cells) == []
    unclear = _unclear(*cells)
    assert unclear and why in unclear[0], unclear


def test_a_star_import_is_reported_when_a_free_name_could_come_from_it():
    cells = ("from numpy import *", "def f(x):\n    return mean(x)")
    assert _used(*cells) == []
    assert "import *" in _unclear(*cells)[0]
    assert _unclear("from numpy import *", "def f(x):\n    return sum(x) / len(x)") == []


def test_a_function_no_def_defines_is_left_to_a_person():
    assert "ningún `def`" in _unclear(IMPORTS, "exec('def f(x): return np.mean(x)')")[0]
    assert "ningún `def`" in _unclear("def f(x) return", "")[0]  # not Python
    assert _used(IMPORTS, "f = np.mean")[0][1] == "numpy.mean"  # the function is the forbidden one


def test_describe_entries_reads_as_the_statement():
    assert describe_entries(("numpy.mean", "statistics", ".mean")) == "`numpy.mean`, `statistics` ni `.mean()`"
    assert describe_entries(("numpy.mean", ".mean"), "en") == "`numpy.mean` or `.mean()`"


# --- applied to a check ------------------------------------------------------------------------

def _check(points=1.5, deduction=1.0, hidden=True):
    return Check(id="h1_media", question="q1", points=points, hidden=hidden, ask=Call("f", cases=[([1, 2],)]),
                 expected=[1.5], judge=close_to, description="media", forbidden=("statistics", ".mean"),
                 forbidden_deduction=deduction)


def _result(check, score):
    return CheckResult(id=check.id, question=check.question, points=check.points, score=score,
                       hidden=check.hidden, message="Correcto.", messages={"es": "Correcto.", "en": "Correct."})


def test_a_forbidden_use_costs_the_declared_share_and_says_which():
    check = _check(deduction=1.0)
    code = NotebookCode(["import statistics as st", "def f(x):\n    return st.mean(x)"])
    result, note = apply_rules(check, _result(check, 1.5), code, "es")
    assert result.score == 0 and not result.passed and note == ""
    assert "`st.mean` (statistics.mean)" in result.message and "Cuesta 1.5 puntos" in result.message
    assert "It costs 1.5 points" in result.messages["en"]
    half = _check(points=2, deduction=0.5)
    assert apply_rules(half, _result(half, 2), code, "es")[0].score == 1


def test_an_undecidable_use_costs_nothing_and_asks_for_a_person():
    check = _check()
    code = NotebookCode(["import statistics", "def f(x):\n    return eval('statistics.mean(x)')"])
    result, note = apply_rules(check, _result(check, 1.5), code, "es")
    assert result.score == 1.5 and result.passed
    assert "Lo revisará tu profesor" in result.message
    assert note.startswith("revisar a mano h1_media") and "eval" in note
    missing = NotebookCode(["x = 1"])  # the kernel did not define it either: nothing to review
    assert apply_rules(check, _result(check, 0), missing, "es") == (_result(check, 0), "")


def test_a_check_without_rules_or_without_source_is_left_alone():
    check = _check()
    plain = Check(id="q", question="q1", points=1, ask=Call("f", cases=[(1,)]), expected=[1], judge=close_to,
                  description="")
    code = NotebookCode(["import statistics", "def f(x):\n    return statistics.mean(x)"])
    assert apply_rules(plain, _result(plain, 1), code, "es")[0].score == 1
    assert apply_rules(check, _result(check, 1.5), None, "es")[0].score == 1.5
    with pytest.raises(ValueError, match="solo una comprobación que llama"):
        Check(id="v", question="q1", points=1, ask=Value("x"), expected=1, judge=close_to, description="",
              forbidden=("numpy.mean",))


def test_rules_travel_in_check_data_and_old_data_reads_without_them():
    public = _check(hidden=False)
    data = json.loads(json.dumps(checkdata.dump([public], practice="p")))
    assert data["checks"][0]["forbidden"] == ["statistics", ".mean"]
    loaded = checkdata.load(data)[0]
    assert loaded.forbidden == ("statistics", ".mean") and loaded.forbidden_deduction == 1.0
    del data["checks"][0]["forbidden"], data["checks"][0]["forbidden_deduction"]
    assert checkdata.load(data)[0].forbidden == ()
    plain = Check(id="q", question="q1", points=1, ask=Call("f", cases=[(1,)]), expected=[1], judge=close_to,
                  description="")
    assert "forbidden" not in checkdata.dump([plain])["checks"][0]  # unchanged when there is no rule


# --- where the source comes from ---------------------------------------------------------------

def test_a_kernel_reads_its_input_history_and_plain_python_its_functions():
    history = {"In": ["", "import statistics as st", "def f(x):\n    return st.mean(x)", "grader.check('q1')"]}
    assert code_in_kernel(history).examine("f", ("statistics",))[0].resolved == "statistics.mean"
    assert code_in_kernel({}) is None
    import statistics

    namespace = {"st": statistics, "helper": statistics.median, "f": _uses_helper, "__name__": "__main__"}
    found = code_of_functions(namespace, ["f"]).examine("f", ("statistics",))
    assert found and found[0].resolved.startswith("statistics.")


def _uses_helper(x):
    return helper(x)  # noqa: F821  (resolved from the namespace the test gives)


_uses_helper.__module__ = "__main__"


def test_a_notebook_is_read_in_milliseconds(tmp_path):
    from grader.course import load_course

    from conftest import COURSE_YML

    source = load_course(COURSE_YML).practice("houses").source_notebook()
    nb = nbformat.read(source, as_version=4)
    started = time.perf_counter()
    for _ in range(20):
        NotebookCode.from_notebook(nb).examine("tendencia_central", MEAN_RULE)
    assert (time.perf_counter() - started) / 20 < 0.5
