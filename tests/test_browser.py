"""The report and a feedback page as a person sees them: rendered by headless Chromium
(Debian's ``chromium`` package, installed here when missing) with the network cut off.
A small probe script, added to a copy of each page, records what loaded and what is
visible; the assertions read it back from the rendered DOM.  Screenshots go to pytest's
tmp_path only."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from grader.feedback import build_feedback
from grader.report import build_course_report

from helpers import GOOD_DOBLE, GOOD_SALUDO
from test_feedback import hidden_secrets, leaks_in, own_text
from test_report import MODELS, OLGA, WRONG_DOBLE, graded_minicourse, read_csv

pytestmark = pytest.mark.slow

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--mute-audio", "--host-resolver-rules=MAP * ~NOTFOUND"]  # no page may load anything

# The grading kernel runs matplotlib on Agg (no inline figures), so the plot is shown as an image.
PLOT = "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 3, 2])\nplt.show()"
EXTERNAL = ("from IPython.display import HTML\n"
            "HTML(\"<img id='fuera' src='http://example.com/x.png'><script>document.title='cambiado'</script>\")")
# irene's doble, and jaime's copy of it: renamed, re-commented, re-spaced; neither defines saludo.
IRENE = ("def doble(x):\n    # sumo x dos veces, sin multiplicar\n    resultado = 0\n    for vez in range(2):\n"
         "        resultado = resultado + x\n    if resultado != x + x:\n        raise ValueError('no cuadra')\n"
         "    return resultado")
JAIME = ("def doble(x):\n    acumulado = 0  # empiezo en cero\n\n    for paso in range( 2 ):\n"
         "        acumulado = acumulado+x   # una vez más\n    if acumulado != x+x:\n"
         "        raise ValueError('algo falla')\n    return acumulado")

PROBE = """<script>
window.addEventListener("load", function () {
  var probe = {title: document.title, text: document.body.innerText, images: []};
  Array.prototype.forEach.call(document.images, function (img) {
    probe.images.push({id: img.id, width: img.naturalWidth, loaded: img.complete && img.naturalWidth > 0});
  });
  var table = document.getElementById("students");
  if (table) {
    var rows = function () {
      return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
        var final = row.querySelector("td.final");
        return [row.getAttribute("data-student"), final ? parseFloat(final.getAttribute("data-sort")) : null];
      });
    };
    probe.rows = rows();
    var header = Array.prototype.find.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim() === "Final"; });
    if (header) {
      header.click(); probe.ascending = rows();
      header.click(); probe.descending = rows();
    }
  }
  var judgements = document.getElementById("judgements");
  probe.judgements = judgements ? judgements.innerText : null;
  probe.flagged = Array.prototype.map.call(document.querySelectorAll("#check-review li"), function (li) {
    return [li.getAttribute("data-check"), li.textContent.replace(/\\s+/g, " ").trim()];
  });
  var similar = document.getElementById("similar-pairs");
  if (similar) {
    probe.pairs = Array.prototype.map.call(similar.tBodies[0].rows, function (row) {
      return [row.getAttribute("data-pair"), row.cells[1].textContent.trim()];
    });
    var pair = document.querySelector("details.pair");
    pair.open = true;
    probe.pair = pair.innerText;
    var shared = pair.querySelectorAll(".line.shared");
    probe.sharedLines = shared.length;
    probe.sharedBackground = shared.length ? getComputedStyle(shared[0]).backgroundColor : null;
  }
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(probe);
  document.body.appendChild(out);
});
</script>"""


def find_or_install_chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() != 0:
        pytest.fail("Chromium is missing and these tests cannot install it without root: "
                    "run `apt-get install -y chromium` (Debian) first.")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    done = subprocess.run(install, env=env, capture_output=True, text=True)
    if done.returncode != 0:  # stale package lists: refresh them once
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, text=True)
        done = subprocess.run(install, env=env, capture_output=True, text=True)
    found = shutil.which("chromium")
    if not found:
        pytest.fail("could not install Debian's chromium package for the browser tests:\n"
                    + (done.stdout + done.stderr)[-2000:])
    return found


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_or_install_chromium()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The report's class, plus pablo, whose notebook draws a plot and shows an HTML output
    with an external image and a script; irene and jaime, who share a doble and no saludo;
    lalo, whose saludo is right and whose doble is wrong: saludo is passed by weaker
    students than fail it; olga, whose doble uses what the hidden check forbids; and
    modelo handed in by nico, whose model falls short of the target, and rita, whose
    scaler leaks."""
    course = graded_minicourse(tmp_path_factory.mktemp("browser") / "minicourse",
                               extra={"pablo": ("2026-10-01 12:00:00", [GOOD_DOBLE, GOOD_SALUDO, PLOT, EXTERNAL]),
                                      "irene": ("2026-10-01 12:00:00", [IRENE]),
                                      "jaime": ("2026-10-01 13:00:00", [JAIME]),
                                      "lalo": ("2026-10-01 12:00:00", [WRONG_DOBLE, GOOD_SALUDO]), **OLGA},
                               models=MODELS)
    build_course_report(course)
    build_feedback(course, course.practice("mini"))
    return course


def render(chromium: str, page: Path, tmp_path: Path) -> dict:
    """Open a probed copy of ``page`` (beside it, so relative links still resolve) and
    return what the probe saw."""
    probed = page.with_name(f"probed-{page.name}")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "\n</body>"), encoding="utf-8")
    try:
        done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                               "--virtual-time-budget=5000", probed.as_uri()],
                              capture_output=True, text=True, timeout=120)
    finally:
        probed.unlink()
    probe = BeautifulSoup(done.stdout, "html.parser").find(id="probe")
    assert probe is not None, f"the page did not finish loading in Chromium:\n{done.stderr[-2000:]}"
    return json.loads(probe.get_text())


def screenshot(chromium: str, page: Path, target: Path) -> Path:
    subprocess.run([chromium, *FLAGS, f"--user-data-dir={target.parent / 'profile-shot'}",
                    "--window-size=1280,2000", f"--screenshot={target}", page.as_uri()],
                   capture_output=True, timeout=120)
    return target


def visible_leaks(course, practice_id: str, student: str, text: str) -> list[str]:
    practice = course.practice(practice_id)
    own = own_text(course, practice, student)
    return [s.text for s in leaks_in([text], hidden_secrets(course, practice), own)]


def test_the_report_in_a_browser(chromium, course, tmp_path):
    page = course.folder("reports", "mini", "report.html")
    seen = render(chromium, page, tmp_path)
    assert [student for student, _ in seen["rows"]] == ["ana", "beto", "carla", "dani", "fede", "irene", "jaime",
                                                        "lalo", "olga", "pablo", "zoe"]
    assert {img["id"] for img in seen["images"]} == {"histogram", "pass-rates"}
    assert all(img["loaded"] and img["width"] > 200 for img in seen["images"]), seen["images"]
    finals = [final for _, final in seen["ascending"]]
    assert finals == sorted(finals) and finals[0] == 0 and finals[-1] == 6
    assert [final for _, final in seen["descending"]] == sorted(finals, reverse=True)
    text = seen["text"]
    assert "Distribución de notas" in text and "Comprobaciones: qué fallan más" in text
    assert "entregada 2.5 días tarde (−30 %)" in text and "Sin entrega (1): eva (Eva Luna)." in text
    assert "no es un cuaderno válido" in text
    for student in ("beto", "pablo", "zoe"):
        assert not visible_leaks(course, "mini", student, text)
    # The checks that look wrong: saludo is failed by stronger students than pass it.
    assert "Comprobaciones que conviene revisar" in text and "Discriminación" in text
    assert [check for check, _ in seen["flagged"]] == ["q2_saludo"]
    assert "discriminación negativa" in seen["flagged"][0][1]
    # The copied doble, side by side, its shared lines marked; nobody else is listed.
    assert "Entregas parecidas" in text
    assert seen["pairs"] == [["irene jaime", "100 %"]]
    assert "irene · mini.ipynb, celda 1" in seen["pair"] and "jaime · mini.ipynb, celda 1" in seen["pair"]
    assert "acumulado = acumulado+x" in seen["pair"] and "resultado = resultado + x" in seen["pair"]
    assert seen["sharedLines"] >= 8 and seen["sharedBackground"] == "rgb(255, 241, 168)"
    # olga's forbidden call, as she wrote it and what it is, and the points it cost her.
    assert "Reglas «a mano»" in seen["judgements"]
    assert "olga\th1_doble\tpor (es operator.mul)\tdoble, línea 2\t−2 de 4" in seen["judgements"]
    assert "Ninguna entrega perdió puntos por una fuga de datos." in seen["judgements"]
    shot = screenshot(chromium, page, tmp_path / "report.png")
    assert shot.stat().st_size > 20_000
    # modelo: rita's leak, and the share nico's model earned short of the target.
    models = render(chromium, course.folder("reports", "modelo", "report.html"), tmp_path)["judgements"]
    assert "Fugas de datos" in models and "rita\th2_escalado\t" in models
    nico = float({r["student"]: r for r in read_csv(course.folder("reports", "modelo", "grades.csv"))}
                 ["nico"]["h1_modelo"])
    assert "Modelos cerca del objetivo" in models
    assert f"\t0.34\t0.85\t{100 * nico / 3:.0f} %\t{nico:g} de 3" in models, models


def test_a_feedback_page_in_a_browser(chromium, course, tmp_path):
    page = course.folder("feedback", "mini", "pablo.html")
    seen = render(chromium, page, tmp_path)
    assert seen["title"] == "Práctica mínima: tus resultados"  # the notebook's script never ran
    assert len(seen["images"]) == 1, seen["images"]  # the plot; the external image was left out
    assert seen["images"][0]["loaded"] and seen["images"][0]["width"] > 100
    text = seen["text"]
    for line in ("doble con los ejemplos", "valor de saludo", "doble con entradas nuevas (oculta)",
                 "Nota final", "6 / 6", "[imagen omitida: no está incluida en el cuaderno]", "ax.plot([1, 3, 2])"):
        assert line in text, line
    assert not visible_leaks(course, "mini", "pablo", text)
    beto = render(chromium, course.folder("feedback", "mini", "beto.html"), tmp_path)
    assert "Fallan 8 de 8 casos con entradas nuevas" in beto["text"]
    assert "Entregada 2.5 días tarde: se resta el 30 % de la nota." in beto["text"]
    assert not visible_leaks(course, "mini", "beto", beto["text"])
    assert screenshot(chromium, page, tmp_path / "feedback.png").stat().st_size > 20_000


def test_the_course_page_in_a_browser(chromium, course, tmp_path):
    seen = render(chromium, course.folder("reports", "index.html"), tmp_path)
    assert {img["id"] for img in seen["images"]} == {"histogram", "practice-means"}
    assert all(img["loaded"] for img in seen["images"])
    assert "Práctica con modelo" in seen["text"] and "pablo" in seen["text"]
