"""The similarity pass of ``grader report`` on a generated class, against a naive baseline.

    python benchmarks/similarity.py [--practice flowers] [--students 300] [--seed 0] [--repeat 3]

Writes a class of submitted notebooks of one practice of the bundled course into a
temporary workspace:

- honest students: every stub of the released notebook replaced by a body written
  independently (a small random program generator: assignments, loops, conditions,
  comprehensions, NumPy calls), so no two of them share more than idioms;
- copies of honest students, each renamed, re-commented, re-spaced and reordered (cells
  moved, or every function gathered into one last cell in another order);
- a family built from the bundled reference and its known-wrong variants, each
  transformed the same way: all of them alike, as students passing one solution round;
- blank releases;

and result documents whose model checks answer the same when the code was copied.  Then
times, in this one process, on the same files:

- the pass the report runs (:func:`grader.similarity.practice_similarity`: read the
  notebooks, fingerprint, pair through an index of fingerprints, the side-by-side cells);
- the baseline: the same pass, but every pair of submissions compared directly (a set
  intersection per pair, no index);

and prints the best wall time of ``--repeat`` runs and the peak memory of each
(tracemalloc, in one more run, as it slows Python down), the process's peak resident size,
and how many planted pairs were found.
"""
from __future__ import annotations

import argparse
import io
import itertools
import json
import random
import resource
import sys
import tempfile
import time
import tokenize
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from grader import similarity  # noqa: E402
from grader.course import load_course  # noqa: E402
from grader.release import CODE_STUB, release  # noqa: E402
from grader.variants import apply_variant, load_variants, reference_notebook  # noqa: E402

WORDS = ["valor", "total", "suma", "fila", "dato", "media", "lista", "cuenta", "clase", "peso", "nota", "tabla",
         "resto", "paso", "mayor", "menor", "indice", "previo", "nuevo", "aux", "parcial", "acum", "salida"]
CALLS = ["np.mean", "np.sum", "np.sqrt", "np.abs", "np.max", "np.argmax", "np.asarray", "len", "sum", "abs",
         "float", "int", "round", "sorted", "np.zeros", "np.unique", "np.dot", "np.log", "min", "max"]
METHODS = [".sum()", ".mean()", ".copy()", ".shape[0]", ".tolist()", ".max()", ".reshape(-1)", ".T"]
OPS = ["+", "-", "*", "/", "//", "%", "**"]
COMPARE = ["<", ">", "<=", ">=", "==", "!="]
NOISE = ["# ahora lo calculo", "# paso intermedio", "# ojo con los negativos", "# esto devuelve el resultado",
         "# lo he probado con el ejemplo", "# TODO repasar"]


# --- honest code: a small random program generator -------------------------------------------

class Writer:
    def __init__(self, rng: random.Random, params: list[str]):
        self.rng, self.names = rng, list(params) or ["x"]

    def name(self) -> str:
        return self.rng.choice(self.names)

    def fresh(self) -> str:
        word = f"{self.rng.choice(WORDS)}{self.rng.choice(['', '_', '2', '_i', 's'])}"
        self.names.append(word)
        return word

    def expr(self, depth: int = 0) -> str:
        pick = self.rng.random() if depth < 2 else self.rng.random() * 0.45
        if pick < 0.2:
            return self.name()
        if pick < 0.3:
            return str(self.rng.choice([0, 1, 2, 3, 10, 0.5, 100]))
        if pick < 0.45:
            return f"{self.name()}[{self.expr(depth + 1)}]" if self.rng.random() < 0.5 else \
                f"{self.name()}{self.rng.choice(METHODS)}"
        if pick < 0.7:
            return f"{self.expr(depth + 1)} {self.rng.choice(OPS)} {self.expr(depth + 1)}"
        if pick < 0.85:
            return f"{self.rng.choice(CALLS)}({self.expr(depth + 1)})"
        if pick < 0.93:
            var = self.rng.choice("ijkc")
            return f"[{var} {self.rng.choice(OPS)} {self.expr(depth + 1)} for {var} in {self.name()}]"
        return f"({self.expr(depth + 1)})"

    def block(self, indent: str, size: int, depth: int = 0) -> list[str]:
        lines = []
        for _ in range(size):
            pick = self.rng.random() if depth < 2 else 0.0
            if pick < 0.55:
                target = self.fresh() if self.rng.random() < 0.6 else self.name()
                lines.append(f"{indent}{target} {self.rng.choice(['=', '+=', '-=', '='])} {self.expr()}")
            elif pick < 0.75:
                var, loop = self.fresh(), self.rng.choice(["range(", "enumerate(", "zip("])
                lines.append(f"{indent}for {var} in {loop}{self.expr(2)}):")
                lines += self.block(indent + "    ", self.rng.randint(1, 3), depth + 1)
            elif pick < 0.92:
                lines.append(f"{indent}if {self.expr(1)} {self.rng.choice(COMPARE)} {self.expr(1)}:")
                lines += self.block(indent + "    ", self.rng.randint(1, 2), depth + 1)
                if self.rng.random() < 0.5:
                    lines.append(f"{indent}else:")
                    lines += self.block(indent + "    ", 1, depth + 1)
            else:
                lines.append(f"{indent}{self.name()}.append({self.expr(1)})")
        return lines


def honest_body(rng: random.Random, params: list[str], indent: str) -> str:
    writer = Writer(rng, params)
    lines = writer.block(indent, rng.randint(2, 6))
    return "\n".join(lines + [f"{indent}return {writer.expr()}"])


def parameters(before: str) -> list[str]:
    """The parameters of the last ``def`` before a stub."""
    header = [line for line in before.splitlines() if line.lstrip().startswith("def ")]
    if not header:
        return []
    inside = header[-1].split("(", 1)[1].rsplit(")", 1)[0]
    return [p.split("=")[0].strip() for p in inside.split(",") if p.strip()]


def honest_notebook(released, rng: random.Random):
    nb = nbformat.from_dict(json.loads(json.dumps(released)))
    first, second = CODE_STUB.splitlines()
    for cell in nb.cells:
        if cell.cell_type != "code" or second not in cell.source:
            continue
        lines, out = cell.source.splitlines(), []
        for number, line in enumerate(lines):
            if line.strip() == first:
                continue
            if line.strip() == second:
                indent = line[:len(line) - len(line.lstrip())]
                out.append(honest_body(rng, parameters("\n".join(lines[:number])), indent))
            else:
                out.append(line)
        cell.source = "\n".join(out)
    return nb


# --- copies ---------------------------------------------------------------------------------

def protected_names(released) -> set[str]:
    """Names a copier keeps: those of the released code (functions asked for, imports)."""
    return {tok.text for cell in released.cells if cell.cell_type == "code"
            for tok in similarity.tokens(cell.source) if tok.kind == "V"}


def disguise(source: str, rng: random.Random, keep: set[str]) -> str:
    """The cell renamed, its comments rewritten and its spacing changed."""
    renames: dict[str, str] = {}
    out = []
    try:
        previous = ""
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            text = tok.string
            if tok.type == tokenize.NAME and text not in similarity.KEPT_NAMES and text not in keep \
                    and previous != ".":
                text = renames.setdefault(text, f"{rng.choice(WORDS)}_{len(renames)}")
            if tok.type == tokenize.COMMENT:
                text = rng.choice(NOISE)
            out.append((tok.type, text))
            previous = tok.string
        disguised = tokenize.untokenize(out)
    except (tokenize.TokenError, SyntaxError):
        return source
    lines = disguised.splitlines()
    for _ in range(rng.randint(1, 3)):  # comments and blank lines of its own
        at = rng.randint(0, len(lines))
        lines.insert(at, "" if rng.random() < 0.5 else rng.choice(NOISE))
    return "\n".join(lines)


def copy_of(nb, released, rng: random.Random, keep: set[str]):
    copied = nbformat.from_dict(json.loads(json.dumps(nb)))
    given = {c.source for c in released.cells}
    own = [c for c in copied.cells if c.cell_type == "code" and c.source not in given]
    for cell in own:
        cell.source = disguise(cell.source, rng, keep)
    if rng.random() < 0.5:  # every function of its own in one last cell, shuffled
        rng.shuffle(own)
        copied.cells = [c for c in copied.cells if c not in own]
        copied.cells.append(nbformat.v4.new_code_cell("\n\n\n".join(c.source for c in own)))
    else:  # its cells moved around
        code = [i for i, c in enumerate(copied.cells) if c.cell_type == "code"]
        moved = [copied.cells[i] for i in code]
        rng.shuffle(moved)
        for i, cell in zip(code, moved):
            copied.cells[i] = cell
    return copied


# --- the class --------------------------------------------------------------------------------

MODEL_CHECKS = ("h_modelo", "h_modelo_control", "h_lotes")
PLAIN_CHECKS = ("q1", "q2", "h1", "h2", "h3")


def result_document(student: str, model_answers: dict[str, str]) -> dict:
    checks = [{"id": c, "points": 1.0, "score": 1.0, "answer": f"correcta-{c}"} for c in PLAIN_CHECKS]
    checks += [{"id": c, "points": 2.0, "score": 2.0, "answer": model_answers[c]} for c in MODEL_CHECKS]
    return {"student": student, "status": "ok", "checks": checks}


def write_class(course, practice, students: int, seed: int):
    """The class on disk; returns the result documents and the planted pairs."""
    rng = random.Random(seed)
    release(practice, course.folder("release", practice.id))
    name = practice.notebooks[0]
    released = nbformat.read(course.folder("release", practice.id, name), as_version=4)
    keep = protected_names(released)
    reference = reference_notebook(practice.source_notebook(name))
    family = [reference] + [apply_variant(reference, v) for v in load_variants(practice.variants_path)]
    family = family[:8]
    blanks, copies = max(2, students // 50), students // 10
    honest = students - len(family) - blanks - copies
    notebooks: dict[str, object] = {}
    origin: dict[str, str] = {}  # student -> whose work it is
    for i in range(honest):
        notebooks[f"h{i:03d}"] = honest_notebook(released, rng)
    for i, nb in enumerate(family):
        notebooks[f"f{i:03d}"] = copy_of(nb, released, rng, keep)
        origin[f"f{i:03d}"] = "familia"
    for i in range(copies):
        source = f"h{rng.randrange(honest):03d}"
        notebooks[f"c{i:03d}"] = copy_of(notebooks[source], released, rng, keep)
        origin[f"c{i:03d}"] = source
    for i in range(blanks):
        notebooks[f"b{i:03d}"] = released
    results = {}
    for student, nb in notebooks.items():
        target = course.folder("submitted", student, practice.id, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        whose = origin.get(student, student)
        results[student] = result_document(student, {c: f"{c}-{whose}" for c in MODEL_CHECKS})
    groups: dict[str, set[str]] = {}
    for student in notebooks:
        groups.setdefault(origin.get(student, student), set()).add(student)
    planted = {tuple(sorted(p)) for members in groups.values() for p in itertools.combinations(members, 2)}
    return results, planted


# --- the baseline ------------------------------------------------------------------------------

def all_pairs(subs, *, similar=similarity.SIMILAR, min_shared=similarity.MIN_SHARED, limit=None):
    """:func:`grader.similarity.similar_pairs` without its index: every pair compared."""
    common = similarity.common_prints(subs, limit)
    own = [sub.every - common for sub in subs]
    found = []
    for i, j in itertools.combinations(range(len(subs)), 2):
        shared = len(own[i] & own[j])
        smaller = min(len(own[i]), len(own[j]))
        if shared >= min_shared and shared / smaller >= similar:
            found.append(similarity.Match(*sorted((subs[i].student, subs[j].student)), shared, shared / smaller))
    return sorted(found, key=lambda m: (-m.similarity, -m.shared, m.a, m.b))


def measure(run, *, traced: bool = False, repeat: int = 1):
    """What ``run`` returns, its best wall time of ``repeat`` runs and, ``traced``, its
    peak of traced memory."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        outcome = run()
        best = min(best, time.perf_counter() - started)
        if traced:
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
    return outcome, best, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practice", default="flowers")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="similarity-bench-") as tmp:
        course = load_course(ROOT / "course.yml", Path(tmp))
        practice = course.practice(args.practice)
        started = time.perf_counter()
        results, planted = write_class(course, practice, args.students, args.seed)
        print(f"{args.students} submissions of {practice.id} written in {time.perf_counter() - started:.1f} s; "
              f"{len(planted)} planted pairs")
        students = sorted(results)

        def indexed():
            return similarity.practice_similarity(course, practice, students, results)

        def baseline():
            original = similarity.similar_pairs
            similarity.similar_pairs = all_pairs
            try:
                return similarity.practice_similarity(course, practice, students, results)
            finally:
                similarity.similar_pairs = original

        # Interleaved, best of --repeat: the machine may be busy with something else.
        passes = (("indexed (the report's pass)", indexed), ("baseline: all pairs, no index", baseline))
        best = dict.fromkeys([label for label, _ in passes], float("inf"))
        outcomes = {}
        for _ in range(args.repeat):
            for label, run in passes:
                outcomes[label], elapsed, _ = measure(run)
                best[label] = min(best[label], elapsed)
        rows = [(label, outcomes[label], best[label], measure(run, traced=True)[2]) for label, run in passes]
        for label, outcome, elapsed, peak in rows:
            print(f"  {label:32s} {elapsed:6.2f} s (best of {args.repeat})   "
                  f"peak {peak / 2**20:6.1f} MiB (tracemalloc)")
        same = [(p.a, p.b, p.similarity) for p in rows[0][1].pairs] == \
            [(p.a, p.b, p.similarity) for p in rows[1][1].pairs]
        print(f"  same pairs both ways: {same}; baseline / indexed: {rows[1][2] / rows[0][2]:.1f}x")
        # Pairing alone, on fingerprints computed once.
        code = {s: [c for n in practice.notebooks
                    for c in similarity.notebook_code(course.folder("submitted", s, practice.id, n))]
                for s in students}
        given = [t for n in practice.notebooks for t in similarity.released_code(
            course.folder("release", practice.id, n), practice.source_notebook(n))]
        subs, fingerprinting, _ = measure(lambda: similarity.fingerprint_class(
            code, similarity.released_base(given)), repeat=args.repeat)
        _, pairing, _ = measure(lambda: similarity.similar_pairs(subs), repeat=args.repeat)
        _, naive, _ = measure(lambda: all_pairs(subs), repeat=args.repeat)
        print(f"  of which: fingerprinting {fingerprinting:.2f} s; pairing {pairing:.3f} s with the index, "
              f"{naive:.3f} s comparing all {len(subs) * (len(subs) - 1) // 2} pairs")
        by_code = {(m.a, m.b) for m in similarity.similar_pairs(subs)}
        print(f"  code: {len(by_code & planted)}/{len(planted)} planted pairs found, "
              f"{len(by_code - planted)} other pairs (the report lists the first {similarity.MAX_PAIRS})")
        by_answers = set(similarity.shared_answers(results))
        print(f"  answers: {len(by_answers & planted)}/{len(planted)} planted pairs share model answers, "
              f"{len(by_answers - planted)} other pairs")
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak resident size of this process: {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
