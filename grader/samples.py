"""Sample submissions of a practice: the reference, the blank release, every known-wrong
variant, every acceptable solution (other honest ways of solving a model exercise, which
must get full marks) and one corrupt file; for a practice whose solutions seed a generator
(a Keras model trained inside a checked function), its reference without any seeding
call, twice (the grader seeds every kernel: both must get full marks, identically).  Used
by ``grader demo`` (a small class by default, the full one with ``--full``), the tests and
the benchmarks.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grader.course import Practice
from grader.variants import (apply_variant, load_acceptable, load_variants, reference_notebook, seeds_its_answers,
                             without_seeding)

NAMES = ["carla", "diego", "elena", "fabian", "gloria", "hugo", "irene", "jorge", "lucia", "mario",
         "nuria", "oscar", "paula", "quique", "rosa", "sergio", "tania", "ulises", "vera", "xavi"]
CORRUPT = b'{"cells": [ esto no es JSON'
UNSEEDED = ("nadia", "nora")  # the same unseeded notebook, handed in by two students
SMALL = ("ana", "bruno", "diego", "zoe")  # reference, blank, a (late) variant, corrupt


@dataclass(frozen=True)
class Sample:
    student: str
    kind: str  # reference | blank | variant:<name> | acceptable:<name> | unseeded | corrupt
    content: bytes
    loses: tuple[str, ...] | None = None  # check ids it must fail; None: all (blank/corrupt)


def sample_class(practice: Practice, release_folder: Path, *, full: bool = True) -> list[Sample]:
    """One sample per kind of submission, each with a distinct student id; ``full=False``:
    only the students of :data:`SMALL`."""
    name = practice.notebooks[0]
    reference = reference_notebook(practice.source_notebook(name))
    samples = [
        Sample("ana", "reference", nbformat.writes(reference).encode(), ()),
        Sample("bruno", "blank", (release_folder / name).read_bytes(), None),
    ]
    variants = load_variants(practice.variants_path) if practice.variants_path.exists() else []
    acceptable = load_acceptable(practice.variants_path) if practice.variants_path.exists() else []
    kinds = [("variant", v) for v in variants] + [("acceptable", v) for v in acceptable]
    if len(kinds) > len(NAMES):
        raise ValueError(f"{practice.id}: {len(kinds)} variantes y solo {len(NAMES)} nombres de muestra")
    for student, (kind, variant) in zip(NAMES, kinds):
        nb = apply_variant(reference, variant)
        samples.append(Sample(student, f"{kind}:{variant.name}", nbformat.writes(nb).encode(),
                              tuple(variant.loses)))
    if seeds_its_answers(reference):  # elsewhere removing the seeds changes nothing graded
        unseeded = nbformat.writes(without_seeding(reference)).encode()
        samples += [Sample(student, "unseeded", unseeded, ()) for student in UNSEEDED]
    samples.append(Sample("zoe", "corrupt", CORRUPT, None))
    return samples if full else [s for s in samples if s.student in SMALL]


LATE = {"diego": dt.timedelta(hours=26)}  # handed in a day and two hours after the due date


def handed_in(practice: Practice, student: str) -> dt.datetime:
    """When a sample student handed in: two hours before the due date, or late (``LATE``)."""
    return practice.due + LATE.get(student, -dt.timedelta(hours=2))


def write_inbox_zip(practice: Practice, samples: list[Sample], path: Path) -> Path:
    """A zip as an instructor would download it: ``<student>_<notebook>.ipynb`` files,
    dated when each was handed in (zip times are local times, as an LMS writes them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for sample in samples:
            local = handed_in(practice, sample.student).astimezone()
            info = zipfile.ZipInfo(f"{sample.student}_{practice.notebooks[0]}", local.timetuple()[:6])
            archive.writestr(info, sample.content, zipfile.ZIP_DEFLATED)
    return path
