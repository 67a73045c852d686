"""Hidden checks of "Práctica 2: Cadenas de caracteres" (instructor only, never released).

Totals: hidden 6 checks = 14 points (h2 and h4 are worth 3, the rest 2); with the 6 public
points of assignments/strings/checks.py the practice totals 20 points.

Each check calls the student's function on fresh inputs drawn from the check's seeded
generator and compares with the trusted reference below.  The generators keep every case
where the known-wrong variants of ``variants.py`` give a different answer (see the
comment on each one), so a variant loses a whole check, never part of one.
"""
from grader import judges
from grader.checks import Call, Check, per_case

N_CASES = 8

LETTERS = "abcdefghijklmnñopqrstuvwxyzáéíóúü" + "abcdefghijklmnñopqrstuvwxyzáéíóúü".upper()

# Product and person names for the formatting and normalising exercises.  The statement's
# examples (pan, leche, queso...) are not here, so copying them cannot pass by chance.
PRODUCTS = ["arroz", "azúcar", "café", "harina", "huevos", "aceite", "tomates", "lentejas",
            "yogur", "agua", "sal", "miel", "atún", "pera", "uvas", "kiwi", "galletas", "limón",
            "cebolla", "ajo", "fresas", "nata", "pasta", "jamón"]
FIRST_NAMES = ["lucía", "martín", "sofía", "hugo", "paula", "daniel", "valeria", "álvaro",
               "carmen", "iván", "inés", "óscar", "nuria", "raúl", "elena", "tomás", "begoña",
               "josé luis", "ana belén", "ángel", "íñigo", "zoe", "rocío", "adrián"]
SURNAMES = ["gómez", "martínez", "rodríguez", "fernández", "sánchez", "pérez", "muñoz",
            "álvarez", "romero", "núñez", "ruiz", "díaz", "moreno", "jiménez", "ortega",
            "castillo", "iglesias", "rubio", "marín", "sanz", "ibáñez", "vázquez", "peña"]


# --- trusted reference ------------------------------------------------------------------

def extremos(texto):
    return texto[0] + texto[-1]


def fragmento(texto, inicio, longitud):
    return texto[inicio:inicio + longitud]


def formatear_precio(nombre, precio):
    return "%s: %.2f €" % (nombre, precio)


def fila_tabla(nombre, cantidad):
    return f"|{nombre:<10}|{cantidad:>5}|"


def fecha_iso(fecha):
    return "-".join(fecha.split("/")[::-1])


def normalizar_nombre(nombre):
    return nombre.strip().title()


# --- fresh inputs -----------------------------------------------------------------------

def _word(rng, low, high):
    """A random string of letters (accented ones included), low <= length <= high."""
    return "".join(str(c) for c in rng.choice(list(LETTERS), size=int(rng.integers(low, high + 1))))


def extremos_cases(rng):
    # Any non-empty text: a 1-based ``texto[len(texto)]`` always raises IndexError.
    return [(_word(rng, 1, 12),) for _ in range(N_CASES)]


def fragmento_cases(rng):
    # inicio >= 1 and the fragment fits in the text, so ``texto[inicio:longitud]`` (taking
    # the length for the end position) is always shorter than the right fragment.
    cases = []
    for _ in range(N_CASES):
        texto = _word(rng, 6, 15)
        inicio = int(rng.integers(1, len(texto) - 1))
        longitud = int(rng.integers(1, len(texto) - inicio + 1))
        cases.append((texto, inicio, longitud))
    return cases


def formatear_precio_cases(rng):
    # Prices from 0.10 to 1000 with one to four decimals: "%f" (six decimals) never
    # gives two.
    names = rng.choice(PRODUCTS, size=N_CASES, replace=False)
    return [(str(name), round(float(10 ** rng.uniform(-1, 3)), int(rng.integers(1, 5))))
            for name in names]


def fila_tabla_cases(rng):
    # Names shorter than the column (10), so aligning them to the right shows.
    cases = []
    for i in range(N_CASES):
        nombre = str(rng.choice(PRODUCTS)) if i % 2 == 0 else _word(rng, 1, 9).lower()
        cantidad = int(rng.integers(0, 10 ** int(rng.integers(1, 6))))  # 1 to 5 digits
        cases.append((nombre, cantidad))
    return cases


def fecha_iso_cases(rng):
    # Any valid date: replacing "/" by "-" leaves the day first, never the year.
    return [(f"{int(rng.integers(1, 29)):02d}/{int(rng.integers(1, 13)):02d}/{int(rng.integers(1900, 2101))}",)
            for _ in range(N_CASES)]


def _mangle_case(rng, text):
    style = int(rng.integers(0, 4))
    if style == 0:
        return text.lower()
    if style == 1:
        return text.upper()
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def normalizar_nombre_cases(rng):
    # Always spaces at the start, at the end or both (forgetting strip shows), and at
    # least two words (capitalize instead of title shows).
    cases = []
    for _ in range(N_CASES):
        nombre = f"{_mangle_case(rng, str(rng.choice(FIRST_NAMES)))} {_mangle_case(rng, str(rng.choice(SURNAMES)))}"
        before, after = (int(v) for v in rng.integers(0, 4, size=2))
        if before + after == 0:
            before = 1
        cases.append((" " * before + nombre + " " * after,))
    return cases


CHECKS = [
    Check(id="h1_extremos", question="q1", points=2, hidden=True,
          ask=Call("extremos", cases=extremos_cases), expected=per_case(extremos),
          judge=judges.same_text, description="extremos con entradas nuevas"),
    Check(id="h2_fragmento", question="q2", points=3, hidden=True,
          ask=Call("fragmento", cases=fragmento_cases), expected=per_case(fragmento),
          judge=judges.same_text, description="fragmento con entradas nuevas"),
    Check(id="h3_formatear_precio", question="q3", points=2, hidden=True,
          ask=Call("formatear_precio", cases=formatear_precio_cases),
          expected=per_case(formatear_precio), judge=judges.same_text,
          description="formatear_precio con entradas nuevas"),
    Check(id="h4_fila_tabla", question="q4", points=3, hidden=True,
          ask=Call("fila_tabla", cases=fila_tabla_cases), expected=per_case(fila_tabla),
          judge=judges.same_text, description="fila_tabla con entradas nuevas"),
    Check(id="h5_fecha_iso", question="q5", points=2, hidden=True,
          ask=Call("fecha_iso", cases=fecha_iso_cases), expected=per_case(fecha_iso),
          judge=judges.same_text, description="fecha_iso con entradas nuevas"),
    Check(id="h6_normalizar_nombre", question="q6", points=2, hidden=True,
          ask=Call("normalizar_nombre", cases=normalizar_nombre_cases),
          expected=per_case(normalizar_nombre), judge=judges.same_text,
          description="normalizar_nombre con entradas nuevas"),
]
