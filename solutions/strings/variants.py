"""Known-wrong variants of "Práctica 2: Cadenas de caracteres" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  The hidden generators in ``hidden.py`` keep their
cases where these mistakes show on every case.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="indices_desde_uno",
        description="Cuenta las posiciones desde 1: usa texto[1] y texto[len(texto)] (IndexError).",
        replace={"ej1_extremos": '''def extremos(texto):
    """Devuelve el primer y el último carácter de texto, juntos."""
    return texto[1] + texto[len(texto)]
'''},
        loses=("q1_extremos", "h1_extremos"),
    ),
    Variant(
        name="longitud_como_final",
        description="Usa la longitud como final de la porción: texto[inicio:longitud].",
        replace={"ej2_fragmento": '''def fragmento(texto, inicio, longitud):
    """Devuelve los longitud caracteres de texto que empiezan en la posición inicio."""
    return texto[inicio:longitud]
'''},
        loses=("q2_fragmento", "h2_fragmento"),
    ),
    Variant(
        name="precio_sin_precision",
        description="Usa %f sin indicar la precisión: el precio sale con seis decimales.",
        replace={"ej3_formatear_precio": '''def formatear_precio(nombre, precio):
    """Devuelve la etiqueta 'nombre: precio €' con el precio con dos decimales."""
    return "%s: %f €" % (nombre, precio)
'''},
        loses=("q3_formatear_precio", "h3_formatear_precio"),
    ),
    Variant(
        name="hard_coded_formatear_precio",
        description="Copia las etiquetas de los ejemplos del enunciado en lugar de construirlas.",
        replace={"ej3_formatear_precio": '''def formatear_precio(nombre, precio):
    """Devuelve la etiqueta 'nombre: precio €' con el precio con dos decimales."""
    if nombre == "pan":
        return "pan: 1.25 €"
    if nombre == "leche":
        return "leche: 0.90 €"
    return "queso: 12.35 €"
'''},
        loses=("h3_formatear_precio",),
    ),
    Variant(
        name="nombre_alineado_a_la_derecha",
        description="Alinea el nombre a la derecha ({nombre:>10}) en lugar de a la izquierda.",
        replace={"ej4_fila_tabla": '''def fila_tabla(nombre, cantidad):
    """Devuelve la fila '|nombre    |cantidad|' con columnas de 10 y 5 caracteres."""
    return f"|{nombre:>10}|{cantidad:>5}|"
'''},
        loses=("q4_fila_tabla", "h4_fila_tabla"),
    ),
    Variant(
        name="fecha_sin_invertir",
        description="Cambia las barras por guiones sin invertir el orden: da 'dd-mm-aaaa'.",
        replace={"ej5_fecha_iso": '''def fecha_iso(fecha):
    """Convierte una fecha 'dd/mm/aaaa' en 'aaaa-mm-dd'."""
    return fecha.replace("/", "-")
'''},
        loses=("q5_fecha_iso", "h5_fecha_iso"),
    ),
    Variant(
        name="olvida_strip",
        description="Pone las iniciales en mayúscula pero no quita los espacios de los extremos.",
        replace={"ej6_normalizar_nombre": '''def normalizar_nombre(nombre):
    """Devuelve nombre sin espacios en los extremos y con las iniciales en mayúscula."""
    return nombre.title()
'''},
        loses=("q6_normalizar_nombre", "h6_normalizar_nombre"),
    ),
    Variant(
        name="capitalize_en_vez_de_title",
        description="Usa capitalize(): solo la primera palabra queda con inicial mayúscula.",
        replace={"ej6_normalizar_nombre": '''def normalizar_nombre(nombre):
    """Devuelve nombre sin espacios en los extremos y con las iniciales en mayúscula."""
    return nombre.strip().capitalize()
'''},
        loses=("q6_normalizar_nombre", "h6_normalizar_nombre"),
    ),
]
