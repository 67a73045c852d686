"""Public checks of "Práctica 2: Cadenas de caracteres" (shipped to students).

Totals: public 6 checks x 1 point = 6 points; hidden (solutions/strings/hidden.py)
6 checks = 14 points; practice total 20 points.

Only literal cases and literal expected values: students read this file.
"""
from grader_client import judges
from grader_client.checks import Call, Check

CHECKS = [
    Check(id="q1_extremos", question="q1", points=1,
          ask=Call("extremos", cases=[("hola",), ("Python",), ("a",)]),
          expected=["ha", "Pn", "aa"], judge=judges.same_text,
          description="extremos con los ejemplos del enunciado"),
    Check(id="q2_fragmento", question="q2", points=1,
          ask=Call("fragmento", cases=[("programación", 3, 4), ("Python", 1, 3), ("aprendizaje", 7, 4)]),
          expected=["gram", "yth", "zaje"], judge=judges.same_text,
          description="fragmento con los ejemplos del enunciado"),
    Check(id="q3_formatear_precio", question="q3", points=1,
          ask=Call("formatear_precio", cases=[("pan", 1.25), ("leche", 0.9), ("queso", 12.3456)]),
          expected=["pan: 1.25 €", "leche: 0.90 €", "queso: 12.35 €"], judge=judges.same_text,
          description="formatear_precio con los ejemplos del enunciado"),
    Check(id="q4_fila_tabla", question="q4", points=1,
          ask=Call("fila_tabla", cases=[("pan", 3), ("manzanas", 12), ("té", 250)]),
          expected=["|pan       |    3|", "|manzanas  |   12|", "|té        |  250|"],
          judge=judges.same_text,
          description="fila_tabla con los ejemplos del enunciado"),
    Check(id="q5_fecha_iso", question="q5", points=1,
          ask=Call("fecha_iso", cases=[("02/10/2026",), ("25/12/1999",)]),
          expected=["2026-10-02", "1999-12-25"], judge=judges.same_text,
          description="fecha_iso con los ejemplos del enunciado"),
    Check(id="q6_normalizar_nombre", question="q6", points=1,
          ask=Call("normalizar_nombre", cases=[("  ana garcía ",), ("   JUAN pérez",), ("maría LÓPEZ   ",)]),
          expected=["Ana García", "Juan Pérez", "María López"], judge=judges.same_text,
          description="normalizar_nombre con los ejemplos del enunciado"),
]
