"""Public checks of "Proyecto final: Detección de fraudes bancarios" (shipped to students).

Totals: public 6 checks = 8 points (q2 and q4 are worth 2, the rest 1); hidden
(solutions/fraud/hidden.py) 8 checks = 32 points; project total 40 points.

Only literal cases and literal expected values: students read this file.
"""
from functools import partial

import numpy as np

from grader_client import judges
from grader_client.checks import Call, Check, Value
from grader_client.judges.networks import number_between, same_architecture, same_decisions, same_metrics


UMBRAL_A = [0.42, 0.03, 0.88, 0.16, 0.7, 0.36, 0.91, 0.06, 0.5, 0.45, 0.24, 0.76]
UMBRAL_B = [0.03, 0.05, 0.09, 0.22, 0.23, 0.24, 0.37, 0.59, 0.65, 0.66, 0.8, 0.85]

CHECKS = [
    Check(id="q1_exactitud_nunca_fraude", question="q1", points=1,
          ask=Call("exactitud_nunca_fraude", cases=[
              (np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),), (np.array([0, 1, 0, 0]),),
              (np.array([0] * 998 + [1, 1]),)]),
          expected=[0.9, 0.75, 0.998], judge=partial(judges.close_to, rel=1e-9),
          description="exactitud_nunca_fraude con los ejemplos del enunciado"),
    Check(id="q2_metricas_fraude", question="q2", points=2,
          ask=Call("metricas_fraude", cases=[
              (np.array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]), np.array([0, 0, 0, 0, 0, 0, 1, 0, 1, 0])),
              (np.array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]), np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
              (np.array([0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]), np.array([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0]))]),
          expected=[{"exactitud": 0.8, "precision": 0.5, "recall": 0.5, "f1": 0.5},
                    {"exactitud": 0.8, "precision": 0.0, "recall": 0.0, "f1": 0.0},
                    {"exactitud": 0.75, "precision": 0.5, "recall": 1.0, "f1": 0.6666666666666666}],
          judge=same_metrics,
          description="metricas_fraude con los ejemplos del enunciado (también el modelo constante)"),
    Check(id="q3_areas_bajo_curva", question="q3", points=1,
          ask=Call("areas_bajo_curva", cases=[
              (np.array([0, 0, 1, 0, 0, 0, 1, 0, 0, 0]),
               np.array([0.1, 0.3, 0.35, 0.8, 0.2, 0.05, 0.9, 0.4, 0.15, 0.6])),
              (np.array([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]),
               np.array([0.2, 0.1, 0.7, 0.3, 0.65, 0.05, 0.15, 0.25, 0.4, 0.5, 0.12, 0.95]))]),
          expected=[{"roc_auc": 0.8125, "pr_auc": 0.7}, {"roc_auc": 0.95, "pr_auc": 0.8333333333333333}],
          judge=same_metrics,
          description="areas_bajo_curva con los ejemplos del enunciado"),
    Check(id="q4_elegir_umbral", question="q4", points=2,
          ask=Call("elegir_umbral", cases=[
              (np.array(UMBRAL_A), np.array([0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1])),
              (np.array(UMBRAL_B), np.array([0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0]))]),
          expected=[{"umbral": 0.36, "puntuaciones": UMBRAL_A}, {"umbral": 0.24, "puntuaciones": UMBRAL_B}],
          judge=same_decisions,
          description="elegir_umbral con los ejemplos del enunciado"),
    Check(id="q5_crear_modelo", question="q5", points=1,
          ask=Call("crear_modelo", cases=[(30,)]),
          expected=[[("Dense", [16], 496, "relu"), ("Dense", [8], 136, "relu"), ("Dense", [1], 9, "sigmoid")]],
          judge=same_architecture,
          description="crear_modelo(30): capas, formas y parámetros"),
    Check(id="q6_pr_auc_prueba", question="q6", points=1,
          ask=Value("pr_auc_prueba"), expected=(0.5, 1.0), judge=number_between,
          description="pr_auc_prueba: la PR-AUC de tu modelo en tu conjunto de prueba, al menos 0.5"),
]
