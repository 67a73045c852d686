"""The ``grader`` command.  Each verb is a thin click function over its module."""
from __future__ import annotations

import os
import sys
from functools import wraps
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from grader.checks import ChecksError
from grader.course import Course, CourseError, load_course
from grader.sandbox import SandboxError

# Written to a file or a pipe (a CI log, ``| tee``), rich would wrap at 80 columns and cut
# the names in the grade tables; a terminal, or COLUMNS, still decides when there is one.
console = Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160)
USER_ERRORS = (CourseError, ChecksError, SandboxError)


def _user_errors(func):
    """Bad input becomes one clear line and exit status 2, never a traceback."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        from grader.collect import CollectError
        from grader.exchange import ExchangeFailure

        try:
            return func(*args, **kwargs)
        except (*USER_ERRORS, CollectError, ExchangeFailure) as exc:
            console.print(f"[red]error:[/red] {exc}", highlight=False)
            sys.exit(2)

    return wrapper


def _announce_isolation() -> None:
    """Say once, loudly, when student kernels cannot be fully isolated on this machine."""
    import warnings

    from grader import sandbox

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sandbox.mode()
    for warning in caught:
        console.print(f"[bold red]{warning.message}[/bold red]", highlight=False)


def _course(ctx: click.Context) -> Course:
    return load_course(ctx.obj["course"], ctx.obj["workspace"])


@click.group(help="Autocorrector del curso: publica, comprueba, recoge, califica e informa.")
@click.option("--course", "course_path", type=click.Path(path_type=Path),
              default=lambda: os.environ.get("GRADER_COURSE", "course.yml"), show_default="course.yml",
              help="Archivo de definición del curso.")
@click.option("--workspace", type=click.Path(path_type=Path), default=None,
              help="Carpeta de trabajo (release/, submitted/, ...); por defecto la de course.yml.")
@click.version_option(package_name="course-grader")
@click.pass_context
def main(ctx: click.Context, course_path: Path, workspace: Path | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj.update(course=course_path, workspace=workspace)


@main.command(help="Genera la versión del estudiante de una práctica (sin soluciones ni comprobaciones ocultas).")
@click.argument("practice", required=False)
@click.option("--all", "all_practices", is_flag=True, help="Publica todas las prácticas listas.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Carpeta de salida (por defecto <workspace>/release/<práctica>).")
@click.option("--exchange", is_flag=False, flag_value="", default=None, metavar="[DIR]",
              help="Además, la publica en el exchange de nbgrader (DIR, o el de nbgrader_config.py, "
                   "o el de nbgrader por defecto) para `nbgrader fetch_assignment`.")
@click.pass_context
@_user_errors
def release(ctx, practice, all_practices, out, exchange):
    from grader.release import release as do_release

    course = _course(ctx)
    if not practice and not all_practices:
        hint = f" (¿querías `grader release {exchange} --exchange`?)" if exchange in course.practices else ""
        raise click.UsageError(f"indica una PRÁCTICA o --all{hint}")
    if exchange is not None and out:
        raise click.UsageError("--exchange publica <workspace>/release/<práctica>: no se combina con --out")
    chosen = course.ready_practices() if all_practices else [course.practice(practice)]
    for item in chosen:
        target = out if (out and not all_practices) else course.folder("release", item.id)
        summary = do_release(item, target)
        console.print(f"{item.id}: {summary.public_checks} públicas, {summary.hidden_checks} ocultas → {target}")
        if exchange is not None:
            from grader.coursedir import default_exchange
            from grader.exchange import publish

            published = publish(course, item, exchange or None)
            for note in published.notes:
                console.print(f"  [yellow]nbgrader:[/yellow] {note}", highlight=False)
            console.print(f"  publicada en el exchange: {published.outbound} ({len(published.files)} archivos); "
                          f"los estudiantes: `nbgrader fetch_assignment {item.id} --course {published.course_id}`"
                          + ("" if published.exchange == default_exchange()
                             else f" con `c.Exchange.root = '{published.exchange}'` en su nbgrader_config.py"),
                          highlight=False)


@main.command(help="Ejecuta el cuaderno en un kernel nuevo y pasa las comprobaciones públicas.")
@click.argument("notebook", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["es", "en"]), default=None, show_default="el del curso")
@click.option("--timeout", type=int, default=600, show_default=True, help="Segundos máximos para el cuaderno.")
def check(notebook: Path, lang: str | None, timeout: int):
    # The student's own command, from the client: the same check as students get.
    from grader_client.cli import check_notebook

    sys.exit(check_notebook(notebook, lang=lang, timeout=timeout, out=sys.stdout))


@main.command(help="Recoge las entregas (carpeta o .zip, o el exchange de nbgrader con --exchange) "
                   "en submitted/<estudiante>/<práctica>/.")
@click.argument("practice")
@click.argument("source", type=click.Path(path_type=Path), required=False)
@click.option("--exchange", is_flag=False, flag_value="", default=None, metavar="[DIR]",
              help="Recoge lo entregado con `nbgrader submit` en el exchange (DIR, o el de "
                   "nbgrader_config.py, el de `grader release --exchange`).")
@click.pass_context
@_user_errors
def collect(ctx, practice, source, exchange):
    from grader.collect import collect as do_collect, collect_exchange

    course = _course(ctx)
    if (source is None) == (exchange is None):
        raise click.UsageError("indica un ORIGEN (carpeta o .zip) o --exchange [DIR], uno de los dos")
    if exchange is not None:
        summary = collect_exchange(course, course.practice(practice), exchange or None)
    else:
        summary = do_collect(course, course.practice(practice), source)
    table = Table(title=f"Recogida de {practice}")
    for title in ("Archivo", "Estudiante", "Acción", "Detalle"):
        table.add_column(title)
    labels = {"collected": "[green]recogido[/green]", "replaced": "[yellow]sustituido[/yellow]",
              "ignored": "[red]ignorado[/red]"}
    for line in summary.lines:
        table.add_row(line.file, line.student or "—", labels[line.action], line.reason)
    console.print(table)
    console.print(f"{len(summary.students)} entregas recogidas en {course.folder('submitted')}")


@main.command(help="Califica todas las entregas recogidas y guarda las notas en el gradebook.")
@click.argument("practice")
@click.option("--workers", type=int, default=os.cpu_count() or 1, show_default="núcleos",
              help="Entregas calificadas a la vez.")
@click.option("--cluster", metavar="tcp://HOST:PUERTO", default=None,
              help="Califica en un clúster Dask (sus workers no necesitan ver el curso).")
@click.option("--force", is_flag=True, help="Vuelve a calificar también lo ya calificado.")
@click.pass_context
@_user_errors
def autograde(ctx, practice, workers, cluster, force):
    from grader.autograde import autograde as do_autograde, pending_jobs

    course = _course(ctx)
    item = course.practice(practice)
    _announce_isolation()
    jobs, reused = pending_jobs(course, item, force)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("fallidas: {task.fields[failed]} · quedan {task.remaining:.0f}"),
               TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Calificando", total=len(jobs), failed=0)
        failed = 0

        def advance(result):
            nonlocal failed
            failed += result["status"] != "ok"
            progress.update(task, advance=1, failed=failed)

        summary = do_autograde(course, item, force=force, workers=workers, cluster=cluster,
                               on_result=advance)
    console.print(f"{summary.graded} calificadas, {summary.reused} ya estaban calificadas "
                  f"(usa --force para repetirlas). Resumen: {summary.csv_path}")


@main.command(help="Escribe el informe de una práctica (HTML, CSV y archivos para Moodle y Canvas).")
@click.argument("practice", required=False)
@click.option("--all", "all_practices", is_flag=True,
              help="Informe de cada práctica lista y la página del curso (reports/index.html).")
@click.pass_context
@_user_errors
def report(ctx, practice, all_practices):
    from grader.report import build_course_report, build_report

    course = _course(ctx)
    if bool(practice) == all_practices:
        raise click.UsageError("indica una PRÁCTICA o --all")
    if all_practices:
        result = build_course_report(course)
        for item in result.reports:
            console.print(f"{item.grades.practice.id}: {item.html}")
        console.print(f"Curso: {result.html}\nCSV: {result.csv}\nMoodle: {result.moodle}\nCanvas: {result.canvas}")
        return
    result = build_report(course, course.practice(practice))
    console.print(f"Informe: {result.html}\nCSV: {result.csv}\nMoodle: {result.moodle}\nCanvas: {result.canvas}")


@main.command(help="Escribe una página de resultados por estudiante (feedback/<práctica>/<estudiante>.html).")
@click.argument("practice")
@click.option("--lang", type=click.Choice(["es", "en"]), default=None, show_default="idioma del curso",
              help="Idioma de las páginas.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              show_default="núcleos, menos en una clase pequeña", help="Procesos que escriben páginas a la vez.")
@click.pass_context
@_user_errors
def feedback(ctx, practice, lang, workers):
    from grader.feedback import plan_pages, write_pages

    course = _course(ctx)
    pages = plan_pages(course, course.practice(practice), lang=lang)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Escribiendo páginas", total=len(pages))
        write_pages(pages, workers=workers, on_page=lambda _: progress.advance(task))
    console.print(f"{len(pages)} páginas de resultados en {course.folder('feedback', practice)}")


@main.command(help="Mide los umbrales de los modelos con la solución de referencia (thresholds.json).")
@click.argument("practice")
@click.option("--splits", type=int, default=30, show_default=True,
              help="Particiones aleatorias de los datos con que se entrena la referencia.")
@click.pass_context
@_user_errors
def calibrate(ctx, practice, splits):
    from grader.calibrate import calibrate as do_calibrate

    chosen = _course(ctx).practice(practice)
    if not chosen.dataset_path.exists():
        raise ChecksError(f"{practice}: no tiene {chosen.dataset_path.name}; no hay modelo que calibrar")
    with console.status(f"Entrenando la referencia con {splits} particiones…"):
        path = do_calibrate(chosen, splits=splits)
    console.print(f"{practice}: umbrales → {path}")


@main.command(help="Copia el gradebook del curso a otra base de datos vacía (p. ej. PostgreSQL).")
@click.option("--to", "target", required=True, metavar="URL",
              help="URL SQLAlchemy del destino, p. ej. postgresql+psycopg://usuaria@servidor/curso")
@click.pass_context
@_user_errors
def migrate(ctx, target):
    from grader.migrate import MigrateError, migrate as do_migrate

    course = _course(ctx)
    try:
        copied = do_migrate(course, target)
    except MigrateError as exc:
        raise CourseError(f"migrate: {exc}") from None
    total = sum(copied.rows.values())
    console.print(f"{total} filas copiadas de {copied.source} a {copied.target} "
                  f"({copied.rows.get('grade', 0)} notas, {copied.rows.get('submitted_assignment', 0)} entregas).")
    console.print(f"Ahora pon en {course.path.name}:  gradebook: {target}", highlight=False, markup=False)


@main.command(help="Abre JupyterLab sobre el curso (en 127.0.0.1), con formgrader en su gradebook. "
                   "Los argumentos que siguen a `--` van a `jupyter lab`.",
              context_settings={"ignore_unknown_options": True})
@click.option("--port", type=click.IntRange(1, 65535), default=None, show_default="uno libre")
@click.option("--no-browser", is_flag=True, help="No abre el navegador; basta con la URL que se escribe.")
@click.argument("jupyter_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
@_user_errors
def lab(ctx, port, no_browser, jupyter_args):
    from grader.lab import start

    start(_course(ctx), port=port, open_browser=not no_browser, extra=tuple(jupyter_args),
          announce=lambda line: console.print(line, highlight=False, markup=False, soft_wrap=True))


@main.command(help="Ciclo completo sobre el curso incluido y una clase simulada.")
@click.option("--workers", type=int, default=2, show_default=True)
@click.option("--full", is_flag=True,
              help="La clase simulada entera (todas las variantes erróneas), no solo cuatro entregas por práctica.")
@click.pass_context
@_user_errors
def demo(ctx, workers, full):
    from grader.demo import run_demo

    if ctx.obj["workspace"] is None:
        ctx.obj["workspace"] = Path("demo-output")
    run_demo(_course(ctx), console, workers=workers, full=full)


if __name__ == "__main__":
    main()
