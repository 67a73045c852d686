"""``grader demo``: the whole cycle on the bundled course and a simulated class.

release every ready practice → ``grader check`` on two samples → collect a zip of sample
submissions → autograde → report (per practice and for the course) and feedback pages,
then a per-student score table.  By default each practice's class is four submissions
(the reference, the blank release, a late variant, a corrupt file); ``full`` grades every
sample of :func:`grader.samples.sample_class`.
"""
from __future__ import annotations

import shutil

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
    samples_by_practice = {}
    for practice in practices:
        released = course.folder("release", practice.id)
        samples = sample_class(practice, released, full=full)
        samples_by_practice[practice.id] = samples
        for sample in samples[:2]:  # the reference and the blank release, each in its released folder
            folder = inbox / "check" / sample.student / practice.id
            shutil.copytree(released, folder)
            notebook = folder / practice.notebooks[0]
            notebook.write_bytes(sample.content)
            try:
                grade, _, _ = run_check(notebook, lang=course.language, timeout=practice.limits.notebook_timeout)
            except Unchecked as exc:
                console.print(f"  {practice.id} · {sample.student}: [red]{exc}[/red]")
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
    table = Table(title="Notas finales por estudiante")
    table.add_column("Estudiante")
    rows: dict[str, dict[str, str]] = {}
    course_report = build_course_report(course)
    for report in course_report.reports:
        practice = report.grades.practice
        pages = build_feedback(course, practice)
        console.print(f"  {practice.id}: {report.html} · {len(pages)} páginas en {course.folder('feedback', practice.id)}")
        table.add_column(practice.id, justify="right")
        for row in report.rows:
            mark = f"{row.final:g}/{row.max_score:g}"
            rows.setdefault(row.student, {})[practice.id] = mark if row.status == "ok" \
                else f"{mark} ({row.status_label})"
    for student, marks in sorted(rows.items()):
        table.add_row(student, *(marks.get(p.id, "—") for p in practices))
    console.print(table)
    console.print(f"Informe del curso: [bold]{course_report.html}[/bold]; "
                  f"Moodle: {course_report.moodle}; Canvas: {course_report.canvas}")
