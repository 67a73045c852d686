"""Invariant 3: the kernel is a witness, not a judge.  Whatever a hostile notebook does
inside its own kernel (print success, exit, monkeypatch the judges or numpy, edit cell
metadata), only the answers it gives are judged, in the grader's process."""
from __future__ import annotations

import json

import numpy as np
import pytest

from grader_client.run import read_answer
from grader.release import load_practice_checks
from grader.scoring import grade_notebook

from helpers import GOOD_DOBLE, GOOD_SALUDO, write_notebook


def _grade(course, path):
    practice = course.practice("mini")
    public, hidden = load_practice_checks(practice)
    return grade_notebook(path, public + hidden, seed=course.seed, limits=practice.limits)


def _scores(grade):
    return {r.id: r.score for r in grade.results}


def test_reference_cells_score_everything(mini_course, tmp_path):
    grade = _grade(mini_course, write_notebook(tmp_path / "ok.ipynb", GOOD_DOBLE, GOOD_SALUDO))
    assert _scores(grade) == {"q1_doble": 1, "q2_saludo": 1, "h1_doble": 4}
    assert grade.status == "ok"


def test_printing_success_and_faking_metadata_gains_nothing(mini_course, tmp_path):
    path = write_notebook(
        tmp_path / "fake.ipynb",
        "def doble(x):\n    return x",
        "print('All tests passed! 6/6 puntos')",
        metadata={"nbgrader": {"score": 6}, "grader": {"score": 6}},
    )
    assert _scores(_grade(mini_course, path)) == {"q1_doble": 0, "q2_saludo": 0, "h1_doble": 0}


def test_monkeypatching_judges_and_numpy_in_the_kernel_gains_nothing(mini_course, tmp_path):
    path = write_notebook(
        tmp_path / "patch.ipynb",
        "import grader_client.judges as j, numpy as np\n"
        "j.equals = lambda a, e: j.Verdict(1.0, 'correct')\n"
        "np.array_equal = lambda *a, **k: True",
        "def doble(x):\n    return 0",
        GOOD_SALUDO,
    )
    assert _scores(_grade(mini_course, path)) == {"q1_doble": 0, "q2_saludo": 1, "h1_doble": 0}


def test_a_kernel_that_breaks_itself_is_killed_and_scored_zero(mini_course, tmp_path):
    """Replacing a builtin breaks the kernel's own protocol; the watchdog ends it."""
    from grader.kernel import Limits

    path = write_notebook(tmp_path / "broken.ipynb", GOOD_DOBLE,
                          "import builtins; builtins.isinstance = lambda *a: True", GOOD_SALUDO)
    practice = mini_course.practice("mini")
    public, hidden = load_practice_checks(practice)
    grade = grade_notebook(path, public + hidden, seed=1, limits=Limits(cell_timeout=2, notebook_timeout=30))
    assert grade.status == "kernel_died"
    assert _scores(grade) == {"q1_doble": 0, "q2_saludo": 0, "h1_doble": 0}


def test_sys_exit_in_a_cell_gains_nothing_and_loses_nothing_done(mini_course, tmp_path):
    path = write_notebook(tmp_path / "exit.ipynb", GOOD_DOBLE, "import sys\nsys.exit(0)", GOOD_SALUDO)
    assert _scores(_grade(mini_course, path)) == {"q1_doble": 1, "q2_saludo": 1, "h1_doble": 4}


def test_killing_the_kernel_scores_zero_with_a_reason(mini_course, tmp_path):
    path = write_notebook(tmp_path / "kill.ipynb", GOOD_DOBLE, "import os\nos._exit(3)", GOOD_SALUDO)
    grade = _grade(mini_course, path)
    assert grade.status == "kernel_died"
    assert "kernel" in grade.reason
    assert _scores(grade) == {"q1_doble": 0, "q2_saludo": 0, "h1_doble": 0}


def test_an_infinite_loop_hits_the_cell_limit_and_the_rest_is_graded(mini_course, tmp_path):
    path = write_notebook(tmp_path / "loop.ipynb", GOOD_DOBLE, "while True:\n    pass", GOOD_SALUDO)
    practice = mini_course.practice("mini")
    public, hidden = load_practice_checks(practice)
    from grader.kernel import Limits

    grade = grade_notebook(path, public + hidden, seed=1, limits=Limits(cell_timeout=2, notebook_timeout=30))
    assert _scores(grade) == {"q1_doble": 1, "q2_saludo": 1, "h1_doble": 4}
    assert any(e.ename == "Timeout" for e in grade.cell_errors)


def test_a_function_that_loops_forever_loses_only_its_checks(mini_course, tmp_path):
    path = write_notebook(tmp_path / "slow.ipynb", "def doble(x):\n    while True:\n        pass", GOOD_SALUDO)
    practice = mini_course.practice("mini")
    public, hidden = load_practice_checks(practice)
    from grader.kernel import Limits

    grade = grade_notebook(path, public + hidden, seed=1, limits=Limits(cell_timeout=2, notebook_timeout=60))
    assert _scores(grade) == {"q1_doble": 0, "q2_saludo": 1, "h1_doble": 0}
    assert "límite" in next(r.message for r in grade.results if r.id == "q1_doble")


def test_renamed_reordered_and_duplicated_cells_are_still_graded(mini_course, tmp_path):
    path = write_notebook(tmp_path / "otro-nombre.ipynb", GOOD_SALUDO, "x = 1", GOOD_DOBLE, GOOD_DOBLE)
    assert _scores(_grade(mini_course, path)) == {"q1_doble": 1, "q2_saludo": 1, "h1_doble": 4}


def test_hidden_inputs_are_fresh_but_stable(mini_course, tmp_path):
    """Same seed, same inputs (same score every run); another seed, other inputs."""
    from grader.checks import check_rng

    _, hidden = load_practice_checks(mini_course.practice("mini"))
    check = hidden[0]
    first = check.ask.inputs(check_rng(7, check.id))
    assert first == check.ask.inputs(check_rng(7, check.id))
    assert first != check.ask.inputs(check_rng(8, check.id))


def test_answers_are_read_as_data_never_unpickled(tmp_path):
    """An answer file pointing at a pickled object array is refused, not executed."""
    class Boom:
        def __reduce__(self):
            return (print, ("unpickled!",))

    np.save(tmp_path / "answer-0-a0.npy", np.array([Boom()], dtype=object), allow_pickle=True)
    (tmp_path / "answer-0.json").write_text(json.dumps({"value": {"ok": {"__ndarray__": "a0.npy"}}}))
    with pytest.raises(ValueError, match="pickle"):
        read_answer(tmp_path, "answer-0.json")


def test_expected_values_never_enter_the_kernel(mini_course):
    """What the kernel can read is a request: a name and the inputs, nothing else."""
    from grader.scoring import plan
    from grader_client.witness import decode

    public, hidden = load_practice_checks(mini_course.practice("mini"))
    inputs, requests = plan(public + hidden, mini_course.seed)
    for check in public + hidden:
        request, arrays = requests[check.id]
        if request["kind"] == "value":
            assert request == {"kind": "value", "name": check.ask.name}
        else:
            assert set(request) == {"kind", "function", "cases"}
            assert decode(request["cases"], arrays.__getitem__) == inputs[check.id]


def test_the_same_call_on_the_same_inputs_is_asked_once(tmp_path):
    """Two checks asking the same function the same cases (two metrics of one trained
    model) share one answer: the student's function runs once for both; other inputs
    are still asked on their own."""
    from grader.kernel import Limits
    from grader_client import judges
    from grader_client.checks import Call, Check

    counting = "llamadas = 0\ndef entrenar(x):\n    global llamadas\n    llamadas += 1\n    return [llamadas]"
    path = write_notebook(tmp_path / "cuenta.ipynb", counting)
    X = np.arange(6.0).reshape(3, 2)
    same = [(X,)]

    def check(id, cases):
        return Check(id=id, question="q1", points=1, ask=Call("entrenar", cases=cases, together=True),
                     expected=[[1]], judge=judges.equals, description=id)

    grade = grade_notebook(path, [check("exactitud", same), check("f1", same), check("otra", [(X + 1,)])],
                           seed=1, limits=Limits(cell_timeout=10, notebook_timeout=30))
    assert _scores(grade) == {"exactitud": 1, "f1": 1, "otra": 0}  # the second call answered 2
