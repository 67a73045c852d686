"""Hidden checks of "Práctica 11: Retropropagación por dentro" (instructor only, never released).

Totals: hidden 9 checks = 12 points; with the 8 public points of
assignments/backprop/checks.py the practice totals 20 points.

Every check calls the student's function on fresh inputs drawn from the check's seeded
generator and compares with the trusted references of :mod:`grader.references.backprop`:
the backward pass on networks of fresh sizes against the gradient by central differences,
the softmax with logits beyond ±700, the training function on fresh XOR-like point clouds
(judged by the share of new points it classifies right), dropout in both modes.  The case
makers keep only cases where the known-wrong variants of ``variants.py`` give another
answer, so a variant loses a whole check.
"""
from functools import partial

from grader.checks import Call, Check, per_case
from grader.references import backprop as B
from grader_client.judges.backprop import same_result, solves_task

CHECKS = [
    Check(id="h1_derivadas", question="q1", points=1, hidden=True,
          ask=Call("derivadas", cases=B.derivative_cases), expected=per_case(B.derivatives_expected),
          judge=same_result, description="derivadas con vectores y matrices nuevos"),
    Check(id="h2_softmax", question="q2", points=1.5, hidden=True,
          ask=Call("softmax", cases=B.softmax_cases), expected=per_case(B.softmax_expected),
          judge=same_result, description="softmax con matrices nuevas, también con logits muy grandes"),
    Check(id="h3_perdidas_binarias", question="q3", points=1, hidden=True,
          ask=Call("perdidas_binarias", cases=B.binary_loss_cases), expected=per_case(B.binary_losses_expected),
          judge=same_result, description="perdidas_binarias con etiquetas y probabilidades nuevas"),
    Check(id="h4_entropia_categorica", question="q4", points=1, hidden=True,
          ask=Call("entropia_categorica", cases=B.categorical_loss_cases), expected=per_case(B.categorical_expected),
          judge=same_result, description="entropia_categorica con etiquetas y probabilidades nuevas"),
    Check(id="h5_propagacion", question="q5", points=1.5, hidden=True,
          ask=Call("propagacion", cases=B.forward_cases), expected=per_case(B.forward_expected),
          judge=same_result, description="propagacion con redes de otros tamaños (sigmoide y tanh)"),
    Check(id="h6_retropropagacion", question="q6", points=3, hidden=True,
          ask=Call("retropropagacion", cases=B.network_cases), expected=per_case(B.gradients_expected),
          judge=partial(same_result, rel=1e-5, abs_tol=1e-7),
          description="retropropagacion con redes de otros tamaños, frente al gradiente numérico"),
    Check(id="h7_entrenar_y_predecir", question="q7", points=2, hidden=True,
          ask=Call("entrenar_y_predecir", cases=B.xor_task_cases), expected=per_case(B.xor_task_expected),
          judge=partial(solves_task, bar=0.9),
          description="entrenar_y_predecir con nubes de puntos nuevas del XOR: al menos el 90 % de aciertos"),
    Check(id="h8_dropout_entrenando", question="q8", points=0.5, hidden=True,
          ask=Call("dropout", cases=partial(B.dropout_cases, training=True)), expected=per_case(B.dropout_expected),
          judge=same_result, description="dropout al entrenar, con capas nuevas"),
    Check(id="h8_dropout_prueba", question="q8", points=0.5, hidden=True,
          ask=Call("dropout", cases=partial(B.dropout_cases, training=False)), expected=per_case(B.dropout_expected),
          judge=same_result, description="dropout al predecir, con capas nuevas"),
]
