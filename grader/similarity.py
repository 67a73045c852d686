"""Submissions whose code is suspiciously alike, for a person to look at.

Part of ``grader report``: it never changes a score.  It reads the submitted notebooks,
the released notebook and the instructor source's non-solution cells (the code the
release gives everybody), and the result documents; nothing else, and nothing leaves the
machine.  Fingerprints in the spirit of MOSS (Schleimer, Wilkerson and Aiken, *Winnowing:
local algorithms for document fingerprinting*, SIGMOD 2003):

1. Each code cell is cut into tokens by Python's own :mod:`tokenize`: comments, blank
   lines, docstrings and whitespace vanish; the names a student chooses become ``V``,
   numbers ``N`` and strings ``S``, so renaming and rewording change nothing.  Keywords,
   operators, builtins, what the submission imports (``KNeighborsClassifier``), keyword
   arguments (``max_depth=``) and attributes (``.fit``) stay: nobody renames those, and
   they tell one model from another.
2. The lines the release gives (statement, examples, stubs) are taken out of each cell,
   and any k-gram found in the released code is ignored: two students who both kept the
   statement's code have not copied each other.
3. Every run of :data:`K` tokens is hashed and the hashes are winnowed (the smallest of
   each :data:`WINDOW` consecutive ones is kept): any common run of at least
   ``K + WINDOW - 1`` tokens leaves a common fingerprint.  Cells are fingerprinted one by
   one, so the order of cells (and of functions in different cells) does not matter.
4. A fingerprint that many submissions hold is an idiom, not a copy (MOSS's ``-m``): it
   is ignored (:func:`common_limit`: a tenth of the class, at least 10; half of a small one).
5. An index from fingerprint to holders counts, for each pair sharing any, how many they
   share; a pair is listed when they share at least :data:`MIN_SHARED` and that is at
   least :data:`SIMILAR` of the smaller submission's fingerprints.

A second signal comes from the result documents: two submissions whose answers to a check
that can be right in many ways (what a model predicts on the holdout) are identical, when
hardly anybody else answered so (:func:`shared_answers`).
"""
from __future__ import annotations

import bisect
import builtins
import io
import itertools
import json
import keyword
import math
import re
import tokenize
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple, Sequence

K = 5  # tokens per k-gram
WINDOW = 4  # k-grams per winnowing window: a common run of 8 tokens is always seen
SIMILAR = 0.5  # share of the smaller submission's fingerprints found in the other
MIN_SHARED = 8  # fingerprints in common, at least: one shared idiom is no copy
COMMON_MIN, COMMON_SHARE = 10, 0.1  # held by more submissions than both: an idiom
RARE_MIN, RARE_SHARE = 2, 0.02  # an answer given by at most this many is a signal
MAX_PAIRS = 60  # the report lists the most similar pairs first, this many at most
MAX_CELLS = 6  # matching cells shown side by side per pair

NEWLINE, INDENT, DEDENT = "⏎", "→", "←"
STRUCTURE = {tokenize.NEWLINE: NEWLINE, tokenize.INDENT: INDENT, tokenize.DEDENT: DEDENT}
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
MAGIC = re.compile(r"^[ \t]*[%!].*$", re.MULTILINE)  # IPython magics and shell escapes
IMPORTS = re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+(\([^)]*\)|[^\n#;]+)", re.MULTILINE)


# --- tokens and fingerprints ---------------------------------------------------------------

class Token(NamedTuple):  # a tuple: a class has hundreds of thousands
    kind: str  # normalised: what is compared
    text: str  # as written
    line: int  # where it starts, from 1
    last: int  # where it ends


def imported_names(sources: Iterable[str]) -> frozenset:
    """The names ``import`` statements bring in as they are (``import numpy as np``: numpy;
    ``from sklearn.svm import SVC``: SVC); an alias is the student's own choice."""
    found = set()
    for source in sources:
        for match in IMPORTS.finditer(source):
            for part in match.group(1).strip("() \t").replace("\n", " ").split(","):
                words = part.split()
                if words and words[0] != "*":
                    found.add(words[0].split(".")[0])
    return frozenset(found)


def tokens(source: str, keep: frozenset = frozenset()) -> list[Token]:
    """The cell's tokens, normalised (names in ``keep`` stay as they are); docstrings and
    string statements left out.  Code that does not tokenize to the end keeps the tokens
    read before the error."""
    found: list[Token] = []
    previous = ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(MAGIC.sub("", source)).readline):
            if tok.type in SKIPPED:
                continue
            if tok.type in STRUCTURE:
                kind = STRUCTURE[tok.type]
            elif tok.type == tokenize.NAME:
                kind = tok.string if tok.string in KEPT_NAMES or tok.string in keep or previous == "." else "V"
            elif tok.type == tokenize.NUMBER:
                kind = "N"
            elif tok.type == tokenize.STRING:
                kind = "S"
            else:
                kind = tok.string
            found.append(Token(kind, tok.string, tok.start[0], tok.end[0]))
            previous = tok.string
    except (tokenize.TokenError, SyntaxError):  # IndentationError is a SyntaxError
        pass
    return _tidy(found)


def _tidy(found: list[Token]) -> list[Token]:
    """Docstrings and strings left alone on their line taken out; keyword arguments (a
    name followed by ``=`` inside brackets) keep their names."""
    kept: list[Token] = []
    depth = 0
    for number, tok in enumerate(found):
        depth += (tok.kind in ("(", "[", "{")) - (tok.kind in (")", "]", "}"))
        if tok.kind == "V" and depth > 0 and number + 1 < len(found) and found[number + 1].kind == "=":
            tok = tok._replace(kind=tok.text)
        if tok.kind == NEWLINE and kept and kept[-1].kind == "S" and (
                len(kept) == 1 or kept[-2].kind in (NEWLINE, INDENT, DEDENT)):
            kept.pop()
            continue
        kept.append(tok)
    return kept


def line_keys(found: Sequence[Token]) -> dict[int, tuple[str, ...]]:
    """Per line, its tokens as written (whitespace and comments aside)."""
    keys: dict[int, list[str]] = defaultdict(list)
    for tok in found:
        if tok.kind not in (NEWLINE, INDENT, DEDENT):
            keys[tok.line].append(tok.text)
    return {line: tuple(texts) for line, texts in keys.items()}


def kgram_hashes(found: Sequence[Token], k: int = K) -> list[int]:
    """A stable 32-bit hash of every run of ``k`` normalised tokens, in order."""
    kinds = [tok.kind for tok in found]
    return [zlib.crc32("\x1f".join(kinds[i:i + k]).encode()) for i in range(len(kinds) - k + 1)]


def winnow(hashes: Sequence[int], window: int = WINDOW) -> list[int]:
    """Positions of the hashes winnowing keeps: the rightmost smallest of each window."""
    if not hashes:
        return []
    if len(hashes) <= window:
        return [min(range(len(hashes)), key=lambda i: (hashes[i], -i))]
    chosen: list[int] = []
    for start in range(len(hashes) - window + 1):
        block = hashes[start:start + window]
        position = start + window - 1 - block[::-1].index(min(block))
        if not chosen or chosen[-1] != position:
            chosen.append(position)
    return chosen


@dataclass(frozen=True)
class Base:
    """The code the release gives: its cells, their lines as written, all their k-grams,
    and the names they import."""

    sources: frozenset = frozenset()
    lines: frozenset = frozenset()
    grams: frozenset = frozenset()
    imports: frozenset = frozenset()


def released_base(sources: Iterable[str], k: int = K) -> Base:
    sources = frozenset(sources)
    imports = imported_names(sources)
    lines, grams = set(), set()
    for source in sources:
        found = tokens(source, imports)
        lines.update(line_keys(found).values())
        grams.update(kgram_hashes(found, k))
    return Base(sources, frozenset(lines), frozenset(grams), imports)


def fingerprints(source: str, base: Base = Base(), keep: frozenset = frozenset(), k: int = K,
                 window: int = WINDOW) -> list[tuple[int, int, int]]:
    """The winnowed fingerprints of a cell's own code, ``(hash, first line, last line)``;
    the names in ``keep`` (what the submission imports) stay as they are."""
    if source in base.sources:
        return []
    found = tokens(source, keep | base.imports)
    keys = line_keys(found)
    own = [tok for tok in found if keys.get(tok.line) not in base.lines]
    hashes = kgram_hashes(own, k)
    return [(hashes[i], own[i].line, own[i + k - 1].last) for i in winnow(hashes, window)
            if hashes[i] not in base.grams]


# --- submissions ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CodeCell:
    notebook: str
    index: int  # its position in the notebook, from 1
    source: str


@dataclass
class Submission:
    student: str
    cells: list[CodeCell]
    prints: list[frozenset]  # per cell: fingerprints of code the release does not give
    imports: frozenset = frozenset()  # names its own code imports
    every: frozenset = field(init=False)

    def __post_init__(self) -> None:
        self.every = frozenset().union(*self.prints)


def notebook_code(path: Path) -> list[CodeCell]:
    """The code cells of a notebook file; none when it cannot be read as one.  Plain JSON,
    not nbformat: validating 300 notebooks would cost more than comparing them."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = nb["cells"] if "cells" in nb else nb["worksheets"][0]["cells"]  # v4, or v3
        found = []
        for index, cell in enumerate(cells, 1):
            source = cell.get("source", cell.get("input", ""))
            source = "".join(source) if isinstance(source, list) else source
            if cell.get("cell_type") == "code" and isinstance(source, str):
                found.append(CodeCell(Path(path).name, index, source))
        return found
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return []


def fingerprint_class(code: Mapping[str, list[CodeCell]], base: Base) -> list[Submission]:
    """Every student's submission fingerprinted; a cell's text is fingerprinted once
    however many submissions hold it (unchanged stubs, examples, copies)."""
    seen: dict[tuple[str, frozenset], frozenset] = {}

    def cell_prints(source: str, keep: frozenset) -> frozenset:
        if (source, keep) not in seen:
            seen[source, keep] = frozenset(h for h, _, _ in fingerprints(source, base, keep))
        return seen[source, keep]

    subs = []
    for student, cells in code.items():
        keep = imported_names(c.source for c in cells)
        subs.append(Submission(student, cells, [cell_prints(c.source, keep) for c in cells], keep))
    return subs


def common_limit(submissions: int) -> int:
    """Fingerprints held by more submissions than this are idioms, not copies: more than
    a tenth of the class (and than 10), or in a small class more than half of it."""
    return max(2, min(max(COMMON_MIN, math.ceil(COMMON_SHARE * submissions)), submissions // 2))


@dataclass(frozen=True)
class Match:
    a: str  # the two students, in alphabetical order
    b: str
    shared: int  # fingerprints in common (idioms aside)
    similarity: float  # shared / fingerprints of the smaller submission


def similar_pairs(subs: Sequence[Submission], *, similar: float = SIMILAR, min_shared: int = MIN_SHARED,
                  limit: int | None = None) -> list[Match]:
    """Pairs of submissions that share enough of their own code; the most similar first.
    Each submission counts what it shares with the later ones through the index, so
    memory grows with the class, not with its pairs."""
    limit = common_limit(len(subs)) if limit is None else limit
    index: dict[int, list[int]] = defaultdict(list)
    for number, sub in enumerate(subs):
        for h in sub.every:
            index[h].append(number)  # holders in ascending order
    own = [[h for h in sub.every if 1 < len(index[h]) <= limit] for sub in subs]
    sizes = [sum(len(index[h]) <= limit for h in sub.every) for sub in subs]
    found = []
    for i, prints in enumerate(own):
        if len(prints) < min_shared:
            continue
        counts: Counter = Counter()
        for h in prints:
            holders = index[h]
            counts.update(holders[bisect.bisect_right(holders, i):])
        for j, shared in counts.items():
            smaller = min(sizes[i], sizes[j])
            if shared >= min_shared and shared / smaller >= similar:
                found.append(Match(*sorted((subs[i].student, subs[j].student)), shared, shared / smaller))
    return sorted(found, key=lambda m: (-m.similarity, -m.shared, m.a, m.b))


def common_prints(subs: Sequence[Submission], limit: int | None = None) -> frozenset:
    limit = common_limit(len(subs)) if limit is None else limit
    held = Counter(h for sub in subs for h in sub.every)
    return frozenset(h for h, n in held.items() if n > limit)


# --- the side-by-side view ------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    number: int
    text: str
    shared: bool  # covered by a fingerprint both submissions hold


@dataclass(frozen=True)
class CellPair:
    left: CodeCell
    right: CodeCell
    shared: int
    left_lines: list[Line]
    right_lines: list[Line]


def _lines(source: str, covered: set[int]) -> list[Line]:
    return [Line(n, text, n in covered) for n, text in enumerate(source.splitlines() or [""], 1)]


def matching_cells(a: Submission, b: Submission, base: Base, common: frozenset = frozenset(),
                   most: int = MAX_CELLS, spans: dict | None = None) -> list[CellPair]:
    """The cells of ``a`` and ``b`` that share fingerprints, most shared first, with the
    lines those fingerprints cover on each side.  ``spans`` caches the fingerprints of a
    cell's text with their lines, computed only for the cells shown."""
    spans = {} if spans is None else spans

    def covered(source: str, keep: frozenset, shared: frozenset) -> set[int]:
        if (source, keep) not in spans:
            spans[source, keep] = fingerprints(source, base, keep)
        return {line for h, first, last in spans[source, keep] if h in shared for line in range(first, last + 1)}

    found = []
    for i, j in itertools.product(range(len(a.cells)), range(len(b.cells))):
        shared = (a.prints[i] & b.prints[j]) - common
        if shared:
            found.append((len(shared), a.cells[i], b.cells[j], shared))
    found.sort(key=lambda f: (-f[0], f[1].index, f[2].index))
    return [CellPair(left, right, count, _lines(left.source, covered(left.source, a.imports, shared)),
                     _lines(right.source, covered(right.source, b.imports, shared)))
            for count, left, right, shared in found[:most]]


# --- identical answers ----------------------------------------------------------------------

def varied_checks(results: Iterable[Mapping]) -> set[str]:
    """Checks that can be passed with different answers (a model's predictions on the
    holdout), unlike a value every right answer shares: an identical answer only means
    something there."""
    passing: dict[str, set[str]] = defaultdict(set)
    for result in results:
        for check in result.get("checks", []):
            if check.get("answer") and check.get("score", 0) >= check.get("points", 0) - 1e-9:
                passing[check["id"]].add(check["answer"])
    return {check_id for check_id, answers in passing.items() if len(answers) > 1}


def rare_limit(submissions: int) -> int:
    return max(RARE_MIN, math.ceil(RARE_SHARE * submissions))


def shared_answers(results: Mapping[str, Mapping]) -> dict[tuple[str, str], list[str]]:
    """Per pair of students (in alphabetical order), the varied checks they answered
    identically, earning points, when hardly anybody else gave that answer."""
    varied = varied_checks(results.values())
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for student, result in results.items():
        for check in result.get("checks", []):
            if check.get("id") in varied and check.get("answer") and check.get("score", 0) > 0:
                holders[(check["id"], check["answer"])].append(student)
    limit = rare_limit(len(results))
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (check_id, _), students in sorted(holders.items()):
        if 1 < len(students) <= limit:
            for pair in itertools.combinations(sorted(students), 2):
                pairs[pair].append(check_id)
    return dict(pairs)


# --- what the report shows -------------------------------------------------------------------

@dataclass(frozen=True)
class SuspectPair:
    a: str
    b: str
    similarity: float  # 0 when only their answers coincide
    shared: int
    answers: list[str]  # checks answered identically (see :func:`shared_answers`)
    cells: list[CellPair]


@dataclass(frozen=True)
class Similarity:
    pairs: list[SuspectPair]
    compared: int  # submissions with code of their own
    left_out: int  # pairs beyond :data:`MAX_PAIRS`


def compare_class(code: Mapping[str, list[CodeCell]], released: Iterable[str],
                  results: Mapping[str, Mapping] | None = None) -> Similarity:
    """The pairs to look at: similar code, or identical rare answers; the most similar
    code first, then the most answers in common."""
    base = released_base(released)
    subs = fingerprint_class(code, base)
    by_student = {sub.student: sub for sub in subs}
    matches = {(m.a, m.b): m for m in similar_pairs(subs)}
    answers = shared_answers(results or {})
    ranked = sorted(set(matches) | set(answers), key=lambda pair: (
        -(matches[pair].similarity if pair in matches else 0.0), -len(answers.get(pair, ())), pair))
    common, spans = common_prints(subs), {}
    pairs = []
    for a, b in ranked[:MAX_PAIRS]:
        match = matches.get((a, b))
        cells = matching_cells(by_student[a], by_student[b], base, common, spans=spans) if match else []
        pairs.append(SuspectPair(a, b, match.similarity if match else 0.0, match.shared if match else 0,
                                 answers.get((a, b), []), cells))
    return Similarity(pairs, sum(bool(sub.every) for sub in subs), max(0, len(ranked) - MAX_PAIRS))


def released_code(release_notebook: Path, source_notebook: Path) -> list[str]:
    """The code every student was given: the released notebook's code cells and the
    instructor source's cells that are not solutions."""
    given = [c.source for c in notebook_code(release_notebook)]
    try:
        source = json.loads(Path(source_notebook).read_text(encoding="utf-8"))
        for cell in source.get("cells", []):
            if cell.get("cell_type") == "code" and not cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
                text = cell.get("source", "")
                given.append("".join(text) if isinstance(text, list) else text)
    except (OSError, ValueError, AttributeError):
        pass
    return given


def practice_similarity(course, practice, students: Iterable[str], results: Mapping[str, Mapping]) -> Similarity:
    """:func:`compare_class` on the submitted notebooks of ``students``."""
    code = {}
    for student in sorted(students):
        folder = course.folder("submitted", student, practice.id)
        code[student] = [cell for name in practice.notebooks for cell in notebook_code(folder / name)]
    released = [text for name in practice.notebooks
                for text in released_code(course.folder("release", practice.id, name), practice.source_notebook(name))]
    return compare_class(code, released, results)
