"""Hidden checks of "Práctica 14: Sistemas de recomendación" (instructor only, never released).

Totals: hidden 9 checks = 22 points; with the 8 public points of
assignments/recommenders/checks.py the practice totals 30 points.

The functions are called on fresh inputs drawn from each check's seeded generator and
compared with the trusted references of :mod:`grader.references.recommenders`; the
generators keep only cases where the known-wrong variants of ``variants.py`` give another
answer, so a variant loses a whole check.  The similarities, the predictions built on them
and the RMSE are "by hand": their functions must not call a library's (``BY_HAND_*``).

The model is trained on the released ratings and judged on the held-out ones
(``dataset.py``), which never enter the kernel: its RMSE is scored on the calibrated scale
(``thresholds.json``, ``grader calibrate recommenders``: full points at the target, a share
between the film-mean rule's RMSE and the target), also on the control task (ratings
negated, see grader.holdout.model_cases), and must beat each film's mean rating on this
very holdout, computed here from the released ratings.
"""
from functools import partial
from pathlib import Path

from grader import holdout, judges
from grader.checks import Call, Check, load_module, per_case
from grader.references import recommenders as RC
from grader.references.baselines import learns_and_beats_baseline
from grader_client.judges.recommenders import same_factors, same_rating_matrix

HERE = Path(__file__).parent
DATA = load_module(HERE / "dataset.py")
SPLIT = holdout.course_split(DATA)
T = holdout.read_thresholds(HERE)

PUBLIC_PRECISION = {(3, 2 / 3), (2, 0.5)}  # (k, precision) of the statement's examples

CHECKS = [
    Check(id="h1_matriz_valoraciones", question="q1", points=1.5, hidden=True,
          ask=Call("matriz_valoraciones", cases=RC.matrix_cases), expected=per_case(RC.rating_matrix),
          judge=same_rating_matrix, description="matriz_valoraciones con listas de valoraciones nuevas"),
    Check(id="h2_similitud_coseno", question="q2", points=2, hidden=True,
          ask=Call("similitud_coseno", cases=RC.vector_pair_cases), expected=per_case(RC.cosine),
          judge=judges.close_to, description="similitud_coseno con vectores de valoraciones nuevos",
          forbidden=RC.BY_HAND_SIMILARITY),
    Check(id="h3_similitud_pearson", question="q3", points=2, hidden=True,
          ask=Call("similitud_pearson", cases=RC.vector_pair_cases), expected=per_case(RC.pearson),
          judge=judges.close_to, description="similitud_pearson con vectores de valoraciones nuevos",
          forbidden=RC.BY_HAND_SIMILARITY),
    Check(id="h4_predecir_usuario", question="q4", points=3, hidden=True,
          ask=Call("predecir_usuario", cases=RC.user_based_cases), expected=per_case(RC.user_based),
          judge=judges.close_to, description="predecir_usuario con matrices nuevas",
          forbidden=RC.BY_HAND_SIMILARITY),
    Check(id="h5_predecir_item", question="q5", points=3, hidden=True,
          ask=Call("predecir_item", cases=RC.item_based_cases), expected=per_case(RC.item_based),
          judge=judges.close_to, description="predecir_item con matrices nuevas",
          forbidden=RC.BY_HAND_SIMILARITY),
    Check(id="h6_factorizar", question="q6", points=3, hidden=True,
          ask=Call("factorizar", cases=RC.factorization_cases), expected=per_case(RC.factorize),
          judge=same_factors, description="factorizar con matrices, factores y épocas nuevos"),
    Check(id="h7_rmse", question="q7", points=1, hidden=True,
          ask=Call("rmse", cases=RC.rmse_cases), expected=per_case(RC.rmse),
          judge=judges.close_to, description="rmse con valoraciones nuevas", forbidden=RC.BY_HAND_ERROR),
    Check(id="h7_precision_en_k", question="q7", points=1.5, hidden=True,
          ask=Call("precision_en_k", cases=lambda rng: RC.precision_cases(rng, PUBLIC_PRECISION)),
          expected=per_case(RC.precision_at_k), judge=judges.close_to,
          description="precision_en_k con usuarios nuevos"),
    Check(id="h8_modelo_holdout", question="q8", points=5, hidden=True,
          ask=Call("entrenar_y_predecir", cases=lambda rng: holdout.model_cases(SPLIT, rng), together=True),
          expected=lambda cases: SPLIT.y_holdout,
          judge=partial(learns_and_beats_baseline, metric="rmse", **T["rmse"],
                        rule=RC.item_mean_baseline(SPLIT.X, SPLIT.y, SPLIT.X_holdout), rule_name=RC.ITEM_MEAN),
          description="RMSE de tu modelo con valoraciones que no has visto, frente a la media de cada película"),
]
