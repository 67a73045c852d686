"""Known-wrong variants of "Práctica 1: Python como calculadora" (instructor only).

Each variant replaces whole solution cells (by nbgrader ``grade_id``) with a plausible
student mistake and lists every check, public and hidden, that the mistake fails; it must
score full marks on every other check.  The hidden generators in ``hidden.py`` keep their
cases where these mistakes show on every case.
"""
from grader.variants import Variant

VARIANTS = [
    Variant(
        name="media_sin_parentesis",
        description="Olvida los paréntesis en la media: calcula a + b + c / 3.",
        replace={"ej1_media": '''def media(a, b, c):
    """Devuelve la media aritmética de a, b y c."""
    return a + b + c / 3
'''},
        loses=("q1_media", "h1_media"),
    ),
    Variant(
        name="division_real_en_vez_de_entera",
        description="Usa / en lugar de //: devuelve un float con decimales.",
        replace={"ej2_division_entera": '''def division_entera(a, b):
    """Devuelve el cociente entero (redondeado hacia abajo) de a entre b."""
    return a / b
'''},
        loses=("q2_division_entera", "h2_division_entera"),
    ),
    Variant(
        name="hard_coded_division_entera",
        description="Copia los resultados de los ejemplos del enunciado en lugar de calcularlos.",
        replace={"ej2_division_entera": '''def division_entera(a, b):
    """Devuelve el cociente entero (redondeado hacia abajo) de a entre b."""
    if a == 7 and b == 2:
        return 3
    return -4
'''},
        loses=("h2_division_entera",),
    ),
    Variant(
        name="resto_sin_parentesis",
        description="Olvida los paréntesis en el día de la semana: calcula dia + dias % 7.",
        replace={"ej3_dia_semana": '''def dia_semana(dia, dias):
    """Devuelve el día de la semana (0 a 6) que será dias días después de dia."""
    return dia + dias % 7
'''},
        loses=("q3_dia_semana", "h3_dia_semana"),
    ),
    Variant(
        name="minutos_sin_quitar_horas",
        description="Calcula los minutos como segundos // 60, sin quitar antes las horas.",
        replace={"ej4_convertir_segundos": '''def convertir_segundos(segundos):
    """Devuelve la tupla (horas, minutos, segundos) equivalente a segundos."""
    horas = segundos // 3600
    minutos = segundos // 60
    return horas, minutos, segundos % 60
'''},
        loses=("q4_convertir_segundos", "h4_convertir_segundos"),
    ),
    Variant(
        name="raiz_como_potencia_1_2",
        description="Escribe ** 1/2 para la raíz cuadrada, que es dividir entre 2.",
        replace={"ej5_distancia": '''def distancia(x1, y1, x2, y2):
    """Devuelve la distancia entre los puntos (x1, y1) y (x2, y2)."""
    return ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 1/2
'''},
        loses=("q5_distancia", "h5_distancia"),
    ),
    Variant(
        name="ultima_cifra_sin_abs",
        description="Calcula n % 10 sin abs: con n negativo el resto sigue el signo del divisor.",
        replace={"ej6_ultima_cifra": '''def ultima_cifra(n):
    """Devuelve la última cifra (de 0 a 9) del entero n, aunque sea negativo."""
    return n % 10
'''},
        loses=("q6_ultima_cifra", "h6_ultima_cifra"),
    ),
]
