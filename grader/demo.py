"""``grader demo``: the whole cycle on the bundled course and a simulated class.

release every ready practice → ``grader check`` on two samples → collect a zip of sample
submissions → autograde → report (per practice and for the course) and feedback pages,
then a per-student score table.  By default each practice's class is four submissions
(the reference, the blank release, a late variant, a corrupt file); ``full`` grades every
sample of :func:`grader.samples.sample_class`.
"""
from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.table import Table

from grader.autograde import autograde
from grader.collect import collect
from grader.course import Course
from grader.release import release
from grader.feedback import build_feedback
from grader.report import build_course_report
from grader.samples import sample_class, write_inbox_zip
from grader_client.cli import Unchecked, run_check


def run_demo(course: Course, console: Console, workers: int = 2, full: bool = False) -> None:
    if course.workspace.exists():
        shutil.rmtree(course.workspace)
    practices = course.ready_practices()
    console.rule("[bold]1. grader release")
    for practice in practices:
        summary = release(practice, course.folder("release", practice.id))
        console.print(f"  {practice.id}: {', '.join(summary.notebooks)} · "
                      f"{summary.public_checks} comprobaciones públicas, {summary.hidden_checks} ocultas "
                      f"→ {summary.folder}")

    console.rule("[bold]2. grader check (lo que ve un estudiante antes de entregar)")
    inbox = course.workspace / "inbox"
    samples_by_practice = {p.id: sample_class(p, course.folder("release", p.id), full=full) for p in practices}
    checked = [(practice, sample) for practice in practices
               for sample in samples_by_practice[practice.id][:2]]  # the reference and the blank release
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:  # each check runs its own kernel
        outcomes = pool.map(lambda pair: _student_check(course, inbox, *pair), checked)
        for (practice, sample), (grade, error) in zip(checked, outcomes):
            if error:
                console.print(f"  {practice.id} · {sample.student}: [red]{error}[/red]")
                continue
            passed = sum(r.passed for r in grade.results)
            console.print(f"  {practice.id} · {sample.student} ({sample.kind}): "
                          f"{passed}/{len(grade.results)} comprobaciones públicas superadas")

    console.rule("[bold]3. grader collect")
    for practice in practices:
        archive = write_inbox_zip(practice, samples_by_practice[practice.id],
                                  inbox / f"{practice.id}-entregas.zip")
        summary = collect(course, practice, archive)
        console.print(f"  {practice.id}: {len(summary.students)} entregas de {archive.name}")

    console.rule("[bold]4. grader autograde")
    for practice in practices:
        result = autograde(course, practice, workers=workers)
        console.print(f"  {practice.id}: {result.graded} calificadas → {result.csv_path}")

    console.rule("[bold]5. grader report y grader feedback")
    rows: dict[str, dict[str, str]] = {}
    course_report = build_course_report(course)
    for report in course_report.reports:
        practice = report.grades.practice
        pages = build_feedback(course, practice)
        console.print(f"  {practice.id}: {report.html} · {len(pages)} páginas en {course.folder('feedback', practice.id)}")
        for row in report.rows:
            mark = f"{row.final:g}/{row.max_score:g}"
            rows.setdefault(row.student, {})[practice.id] = mark if row.status == "ok" \
                else f"{mark} ({row.status_label})"
    console.print(_score_table(rows, [p.id for p in practices]))
    console.print(f"Informe del curso: [bold]{course_report.html}[/bold]; "
                  f"Moodle: {course_report.moodle}; Canvas: {course_report.canvas}")


def _student_check(course: Course, inbox: Path, practice, sample):
    """``grader check`` on one sample in a copy of its released folder, as a student runs
    it: (the notebook's grade, None) or (None, why it could not be checked)."""
    released = course.folder("release", practice.id)
    folder = inbox / "check" / sample.student / practice.id
    shutil.copytree(released, folder)
    notebook = folder / practice.notebooks[0]
    notebook.write_bytes(sample.content)
    try:
        grade, _, _ = run_check(notebook, lang=course.language, timeout=practice.limits.notebook_timeout)
    except Unchecked as exc:
        return None, str(exc)
    return grade, None


def _score_table(rows: dict[str, dict[str, str]], practices: list[str]) -> Table:
    """Final marks, student by practice; the longer list runs down the table, so that a
    few students and many practices still fit a terminal."""
    students = sorted(rows)
    by_practice = len(practices) > len(students)
    table = Table(title="Notas finales" + (" por práctica" if by_practice else " por estudiante"))
    across, down = (students, practices) if by_practice else (practices, students)
    table.add_column("Práctica" if by_practice else "Estudiante")
    for name in across:
        table.add_column(name, justify="right")
    for name in down:
        marks = [rows[s].get(name, "—") for s in students] if by_practice else \
            [rows[name].get(p, "—") for p in practices]
        table.add_row(name, *marks)
    return table
