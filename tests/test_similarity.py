"""Copied work flagged for a person: planted copies (renamed, reordered, re-commented)
among honest solutions written by hand, on the calculator practice; the released code
never makes two submissions alike; identical rare answers as a second signal; the
side-by-side view is inert markup.  No kernel runs here: only notebooks and result
documents are read."""
from __future__ import annotations

import io
import json
import random
import tokenize

import pytest

from grader import similarity
from grader.course import load_course
from grader.release import CODE_STUB, release
from grader.report import _environment

from conftest import COURSE_YML

NOTEBOOK = "calculadora.ipynb"

# Six students who solved the calculator's six functions on their own, each in a style of
# their own (a body per exercise; the released header and docstring stay).
HONEST = {
    "alba": {
        "ej1_media": "suma = a + b + c\nreturn suma / 3",
        "ej2_division_entera": "return int(a // b)",
        "ej3_dia_semana": "resultado = dia + dias\nresultado = resultado % 7\nreturn resultado",
        "ej4_convertir_segundos": "h = segundos // 3600\nresto = segundos - h * 3600\nm = resto // 60\n"
                                  "s = resto - m * 60\nreturn (h, m, s)",
        "ej5_distancia": "dx = x2 - x1\ndy = y2 - y1\nreturn (dx * dx + dy * dy) ** 0.5",
        "ej6_ultima_cifra": "if n < 0:\n    n = -n\nreturn n % 10",
    },
    "bruno": {
        "ej1_media": "return (a + b + c) / 3",
        "ej2_division_entera": "cociente = a // b\nreturn cociente",
        "ej3_dia_semana": "return (dia + dias) % 7",
        "ej4_convertir_segundos": "horas, resto = divmod(segundos, 3600)\nminutos, segs = divmod(resto, 60)\n"
                                  "return horas, minutos, segs",
        "ej5_distancia": "return ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** (1 / 2)",
        "ej6_ultima_cifra": "return abs(n) % 10",
    },
    "celia": {
        "ej1_media": "total = 0\nfor x in (a, b, c):\n    total += x\nreturn total / 3",
        "ej2_division_entera": "q = a / b\nif q < 0 and a % b != 0:\n    return int(q) - 1\nreturn int(q)",
        "ej3_dia_semana": "d = (dia + dias) % 7\nif d < 0:\n    d += 7\nreturn d",
        "ej4_convertir_segundos": "horas = segundos // 3600\nminutos = (segundos // 60) % 60\n"
                                  "resto = segundos % 60\nreturn horas, minutos, resto",
        "ej5_distancia": "cuadrado = (x1 - x2) ** 2 + (y1 - y2) ** 2\nlongitud = cuadrado ** 0.5\nreturn longitud",
        "ej6_ultima_cifra": "texto = str(n)\nreturn int(texto[-1])",
    },
    "dario": {
        "ej1_media": "return sum([a, b, c]) / len([a, b, c])",
        "ej2_division_entera": "return (a - a % b) // b",
        "ej3_dia_semana": "semana = [0, 1, 2, 3, 4, 5, 6]\nreturn semana[(dia + dias) % len(semana)]",
        "ej4_convertir_segundos": "minutos_totales = segundos // 60\n"
                                  "return minutos_totales // 60, minutos_totales % 60, segundos % 60",
        "ej5_distancia": "a = x2 - x1\nb = y2 - y1\nc2 = a ** 2 + b ** 2\nreturn c2 ** 0.5",
        "ej6_ultima_cifra": "return -n % 10 if n < 0 else n % 10",
    },
    "eloy": {
        "ej1_media": "numeros = [a, b, c]\nmedia = sum(numeros) / 3\nreturn media",
        "ej2_division_entera": "return a // b",
        "ej3_dia_semana": "nuevo = dia\nnuevo += dias\nreturn nuevo % 7",
        "ej4_convertir_segundos": "h = segundos // 3600\nm = segundos % 3600 // 60\ns = segundos % 60\nreturn h, m, s",
        "ej5_distancia": "return (abs(x2 - x1) ** 2 + abs(y2 - y1) ** 2) ** 0.5",
        "ej6_ultima_cifra": "n = abs(n)\nwhile n >= 10:\n    n = n - 10\nreturn n",
    },
    "fausto": {
        "ej1_media": "m = (a + b + c) / 3.0\nreturn m",
        "ej2_division_entera": "import math\nreturn math.floor(a / b)",
        "ej3_dia_semana": "dias_totales = dia + dias\nwhile dias_totales < 0:\n    dias_totales += 7\n"
                          "return dias_totales % 7",
        "ej4_convertir_segundos": "horas = int(segundos / 3600)\nminutos = int((segundos - horas * 3600) / 60)\n"
                                  "return horas, minutos, segundos - horas * 3600 - minutos * 60",
        "ej5_distancia": "import math\nreturn math.sqrt((x2 - x1) ** 2 + (y2 - y1) ** 2)",
        "ej6_ultima_cifra": "if n >= 0:\n    return n % 10\nreturn (-n) % 10",
    },
}
# Who copied whom, and how.
COPIES = {"copia_celia": "celia", "copia_bruno": "bruno", "copia_alba": "alba"}


@pytest.fixture(scope="module")
def calculator(tmp_path_factory):
    course = load_course(COURSE_YML, tmp_path_factory.mktemp("similarity"))
    practice = course.practice("calculator")
    release(practice, course.folder("release", practice.id))
    return course, practice


def released(course) -> dict:
    return json.loads(course.folder("release", "calculator", NOTEBOOK).read_text(encoding="utf-8"))


def solved(nb: dict, bodies: dict[str, str]) -> dict:
    """The released notebook with each stub replaced by the student's body."""
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in bodies:
            body = "\n".join("    " + line for line in bodies[grade_id].splitlines())
            stub = "\n".join("    " + line for line in CODE_STUB.splitlines())
            cell["source"] = "".join(cell["source"]).replace(stub, body)
    return nb


def renamed(source: str, names: dict[str, str]) -> str:
    out = [(tok.type, names.get(tok.string, tok.string) if tok.type == tokenize.NAME else tok.string)
           for tok in tokenize.generate_tokens(io.StringIO(source).readline)]
    return tokenize.untokenize(out)


def own_cells(nb: dict, given: dict) -> list[dict]:
    texts = {"".join(c["source"]) for c in given["cells"]}
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]) not in texts]


def copy_renamed(nb: dict, given: dict) -> dict:
    """Every variable renamed (the functions asked for keep their names)."""
    names = {"total": "acumulado", "x": "valor", "q": "cociente", "d": "dia_final", "horas": "hh",
             "minutos": "mm", "resto": "sobrante", "cuadrado": "suma_cuadrados", "longitud": "dist",
             "texto": "cadena"}
    nb = json.loads(json.dumps(nb))
    for cell in own_cells(nb, given):
        cell["source"] = renamed("".join(cell["source"]), names)
    return nb


def copy_gathered(nb: dict, given: dict) -> dict:
    """Every function moved into one last cell, in reverse order, docstrings turned into
    comments, other comments added, spacing changed; the stubs left where they were."""
    nb = json.loads(json.dumps(nb))
    mine = own_cells(nb, given)
    stubs = {c["metadata"].get("nbgrader", {}).get("grade_id"): c["source"] for c in given["cells"]}
    functions = []
    for cell in reversed(mine):
        text = "".join(cell["source"]).replace('    """', "    # ").replace('."""', ".")
        functions.append(text.replace(" + ", "+").replace("    return", "    # mi solución\n    return"))
        cell["source"] = stubs[cell["metadata"]["nbgrader"]["grade_id"]]
    nb["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                        "source": "\n\n\n".join(functions)})
    return nb


def copy_reordered(nb: dict, given: dict) -> dict:
    """Its cells shuffled, comments and blank lines added."""
    nb = json.loads(json.dumps(nb))
    for cell in own_cells(nb, given):
        lines = "".join(cell["source"]).splitlines()
        lines.insert(2, "    # lo he hecho yo")
        lines.append("")
        cell["source"] = "\n".join(lines)
    random.Random(3).shuffle(nb["cells"])
    return nb


def write(course, student: str, nb: dict) -> None:
    path = course.folder("submitted", student, "calculator", NOTEBOOK)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")


@pytest.fixture(scope="module")
def submitted(calculator):
    """Six honest students, three copies of them and two blank releases, on disk."""
    course, _ = calculator
    given = released(course)
    notebooks = {student: solved(given, bodies) for student, bodies in HONEST.items()}
    notebooks["copia_celia"] = copy_renamed(notebooks["celia"], given)
    notebooks["copia_bruno"] = copy_gathered(notebooks["bruno"], given)
    notebooks["copia_alba"] = copy_reordered(notebooks["alba"], given)
    notebooks["blanco1"] = notebooks["blanco2"] = given
    for student, nb in notebooks.items():
        write(course, student, nb)
    return sorted(notebooks)


def test_the_copies_are_found_and_honest_pairs_are_not(calculator, submitted):
    course, practice = calculator
    found = similarity.practice_similarity(course, practice, submitted, {})
    pairs = {(p.a, p.b) for p in found.pairs}
    assert pairs == {tuple(sorted((copy, source))) for copy, source in COPIES.items()}
    assert all(p.similarity >= 0.8 for p in found.pairs), found.pairs
    assert found.compared == 9  # the two blank releases have no code of their own


def test_honest_solutions_share_only_idioms(calculator, submitted):
    course, practice = calculator
    code = {s: similarity.notebook_code(course.folder("submitted", s, "calculator", NOTEBOOK)) for s in HONEST}
    base = similarity.released_base(similarity.released_code(
        course.folder("release", "calculator", NOTEBOOK), practice.source_notebook()))
    subs = similarity.fingerprint_class(code, base)
    closest = similarity.similar_pairs(subs, similar=0.0, min_shared=1)
    assert closest, "some idioms are shared"
    assert max(m.similarity for m in closest) <= 0.35 < similarity.SIMILAR, closest[:3]


def test_the_released_code_alone_is_nobodys(calculator):
    """Two blank submissions, one that also played with the statement's examples and one
    whose stubs were re-indented and re-commented: nothing of theirs is their own."""
    course, practice = calculator
    given = released(course)
    played = json.loads(json.dumps(given))
    for cell in played["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "code" and text.startswith("print(2 + 3 * 4)"):
            cell["source"] = text.replace("2 + 3 * 4", "5 + 6 * 7")  # the same code, other numbers
        elif "raise NotImplementedError()" in text:
            cell["source"] = text.replace("    ", "  ").replace("# ESCRIBE AQUÍ TU CÓDIGO", "# aún no")
    code = {"uno": [similarity.CodeCell(NOTEBOOK, i, "".join(c["source"])) for i, c in enumerate(given["cells"])
                    if c["cell_type"] == "code"],
            "dos": [similarity.CodeCell(NOTEBOOK, i, "".join(c["source"])) for i, c in enumerate(played["cells"])
                    if c["cell_type"] == "code"]}
    code["tres"] = list(code["uno"])
    found = similarity.compare_class(code, similarity.released_code(
        course.folder("release", "calculator", NOTEBOOK), practice.source_notebook()))
    assert found.pairs == [] and found.compared == 0
    # The statement's code matches itself perfectly: without the release taken out, two
    # blank submissions would be a copy of each other.
    assert similarity.compare_class({s: code[s] for s in ("uno", "tres")}, []).pairs


def test_models_written_apart_are_not_copies_of_each_other():
    """Every model is fitted and asked to predict the same way: what tells a copy from an
    honest solution is the rest, which names the library's classes and arguments."""
    header = "def entrenar_y_predecir(X_train, y_train, X_nuevo):\n"
    knn = ("from sklearn.neighbors import KNeighborsClassifier\nfrom sklearn.preprocessing import MinMaxScaler\n"
           "escala = MinMaxScaler().fit(X_train)\nvecinos = KNeighborsClassifier(n_neighbors=7, weights='distance')\n"
           "vecinos.fit(escala.transform(X_train), y_train)\nreturn vecinos.predict(escala.transform(X_nuevo))")
    bodies = {
        "ana": knn,
        "beto": knn.replace("escala", "normalizador").replace("vecinos", "modelo") + "  # hecho por mí",
        "carla": "from sklearn.linear_model import LogisticRegression\n"
                 "from sklearn.preprocessing import StandardScaler\n"
                 "esc = StandardScaler().fit(X_train)\nm = LogisticRegression(max_iter=500)\n"
                 "m.fit(esc.transform(X_train), y_train)\nreturn m.predict(esc.transform(X_nuevo))",
        "dani": "from sklearn.tree import DecisionTreeClassifier\n"
                "arbol = DecisionTreeClassifier(max_depth=2, random_state=0)\n"
                "arbol.fit(X_train, y_train)\nreturn arbol.predict(X_nuevo)",
        "eva": "from sklearn.naive_bayes import GaussianNB\nreturn GaussianNB().fit(X_train, y_train).predict(X_nuevo)",
        "fede": "from sklearn.svm import SVC\nfrom sklearn.pipeline import make_pipeline\n"
                "from sklearn.preprocessing import StandardScaler\n"
                "tuberia = make_pipeline(StandardScaler(), SVC(C=0.3))\ntuberia.fit(X_train, y_train)\n"
                "return tuberia.predict(X_nuevo)",
    }
    code = {s: [similarity.CodeCell("m.ipynb", 2, header + "\n".join("    " + line for line in body.splitlines()))]
            for s, body in bodies.items()}
    released = [header + "\n".join("    " + line for line in CODE_STUB.splitlines())]
    assert [(p.a, p.b) for p in similarity.compare_class(code, released).pairs] == [("ana", "beto")]


def test_the_instructor_sources_given_cells_count_as_released(calculator, tmp_path):
    _, practice = calculator
    given = similarity.released_code(tmp_path / "no-existe.ipynb", practice.source_notebook())
    assert any("import grader_client as grader" in text for text in given)
    assert not any("return (a + b + c) / 3" in text for text in given)  # the solutions are not given


# --- the pieces ---------------------------------------------------------------------------------

def test_tokens_forget_names_comments_spacing_and_docstrings():
    one = 'def f(total, n):\n    """Suma."""\n    # acumula\n    s = total + n * 2  # fin\n    return s.sum()\n'
    two = "def g(acc,k):\n\n  r=acc+k*7\n  return r.sum()"

    def kinds(source):
        return [t.kind for t in similarity.tokens(source)]

    assert kinds(one) == kinds(two)
    assert "sum" in kinds(one) and "V" in kinds(one) and "N" in kinds(one)
    assert kinds("print(len(x))") == ["print", "(", "len", "(", "V", ")", ")", similarity.NEWLINE]  # builtins stay
    assert kinds("%pip install numpy\n!ls\nx = 1") == ["V", "=", "N", similarity.NEWLINE]
    assert kinds("y = 1\nz = (2,\n") == ["V", "=", "N", similarity.NEWLINE, "V", "=", "(", "N", ","]  # until the error


def test_imported_names_and_keyword_arguments_stay():
    """They are the library's, not the student's, and tell one model from another."""
    source = "from sklearn.svm import SVC as Modelo, LinearSVC\nimport numpy as np\nm = LinearSVC(C=0.5).fit(X, y)"
    keep = similarity.imported_names([source, "from x import (a,\n    b as c)\nimport os.path, sys"])
    assert keep == {"SVC", "LinearSVC", "numpy", "a", "b", "os", "sys"}
    kinds = [t.kind for t in similarity.tokens(source, keep)]
    assert kinds[-16:-1] == ["V", "=", "LinearSVC", "(", "C", "=", "N", ")", ".", "fit", "(", "V", ",", "V", ")"]
    assert "Modelo" not in kinds and "np" not in kinds  # aliases are the student's choice


def test_winnowing_keeps_a_fingerprint_of_every_long_enough_match():
    rng = random.Random(0)
    for _ in range(200):
        hashes = [rng.randrange(50) for _ in range(rng.randint(1, 40))]
        chosen = similarity.winnow(hashes, 4)
        assert chosen == sorted(set(chosen))
        for start in range(max(1, len(hashes) - 3)):  # every window holds a chosen position
            assert any(start <= c < start + 4 for c in chosen)
    common = "y = x * 2\nfor i in range(y):\n    print(i + y)\n"
    a = similarity.fingerprints("a = 1\nb = [a]\n" + common)
    b = similarity.fingerprints("while True:\n    break\n" + common.replace("y", "z"))
    assert {h for h, _, _ in a} & {h for h, _, _ in b}


def test_idioms_the_whole_class_writes_are_ignored():
    def cell(student):
        source = (f"def f(v):\n    acc = 0\n    for i in range(len(v)):\n        acc += v[i] * {student}\n"
                  "    return acc\n")
        return [similarity.CodeCell("p.ipynb", 1, source)]

    subs = similarity.fingerprint_class({f"s{i}": cell(i) for i in range(30)}, similarity.Base())
    assert similarity.similar_pairs(subs, limit=10) == []  # held by all 30: an idiom
    assert len(similarity.similar_pairs(subs, limit=30)) == 30 * 29 // 2


def result(student: str, answers: dict[str, tuple[str, float]]) -> dict:
    return {"student": student, "checks": [{"id": c, "points": 1.0, "score": score, "answer": answer}
                                           for c, (answer, score) in answers.items()]}


def test_identical_rare_answers_of_model_checks_are_a_second_signal():
    results = {f"s{i}": result(f"s{i}", {"q_valor": ("42", 1.0), "h_modelo": (f"pred{i}", 1.0),
                                          "h_fallo": ("no_answer", 0.0)}) for i in range(60)}
    results["s1"]["checks"][1]["answer"] = "pred0"  # s1's model predicted exactly what s0's did
    for i in range(10, 20):  # the usual model: ten students, the same predictions
        results[f"s{i}"]["checks"][1]["answer"] = "comun"
    assert similarity.varied_checks(results.values()) == {"h_modelo"}  # every right q_valor is "42"
    assert similarity.shared_answers(results) == {("s0", "s1"): ["h_modelo"]}


def test_the_side_by_side_view_is_inert(calculator):
    hostile = ('def doble(x):\n    html = "</pre></td><script>alert(1)</script><img src=x onerror=alert(2)>"\n'
               '    for vez in range(2):\n        html = html + str(x) + "<marquee>"\n    return html, x * 2 + 1\n')
    code = {"ana": [similarity.CodeCell("p.ipynb", 3, hostile)],
            "eva": [similarity.CodeCell("p.ipynb", 5, hostile.replace("html", "txt"))]}
    found = similarity.compare_class(code, [])
    assert [(p.a, p.b) for p in found.pairs] == [("ana", "eva")]
    cells = found.pairs[0].cells
    assert (cells[0].left.index, cells[0].right.index) == (3, 5)
    assert any(line.shared for line in cells[0].left_lines)
    page = _environment().get_template("_similarity.html.j2").render(similar=found, rows=[1])
    assert "<script" not in page and "<img" not in page and "<marquee" not in page
    assert "&lt;/pre&gt;&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<pre>") == page.count("</pre>") == 2
