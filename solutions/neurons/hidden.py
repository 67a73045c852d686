"""Hidden checks of "Práctica 10: La neurona y el perceptrón" (instructor only, never released).

Totals: hidden 8 checks = 13 points; with the 7 public points of assignments/neurons/checks.py
the practice totals 20 points.

Every check calls the student's function on fresh inputs drawn from the check's seeded
generator and compares with the trusted references of :mod:`grader.references.neurons`
(integer tables where z = 0 happens, truth tables of 3 to 6 inputs, updates worked out on
misclassified examples, separable and non-separable training sets).  The case makers keep
only cases where the known-wrong variants of ``variants.py`` give another answer, so a
variant loses a whole check.
"""
from grader.checks import Call, Check, per_case
from grader.references import neurons as N
from grader_client.judges.neurons import realizes_table, same_outputs, same_step, same_training

CHECKS = [
    Check(id="h1_neurona", question="q1", points=1.5, hidden=True,
          ask=Call("neurona", cases=N.neuron_cases), expected=per_case(N.neuron_expected),
          judge=same_outputs, description="neurona con tablas, pesos y sesgos nuevos (también z = 0)"),
    Check(id="h2_pesos_al_menos", question="q2", points=1.5, hidden=True,
          ask=Call("pesos_al_menos", cases=N.at_least_cases), expected=per_case(N.at_least_expected),
          judge=realizes_table, description="pesos_al_menos con otros k y n (tablas de 3 a 6 entradas)"),
    Check(id="h3_capa", question="q3", points=1, hidden=True,
          ask=Call("capa", cases=N.layer_cases), expected=per_case(N.layer_expected),
          judge=same_outputs, description="capa con tablas y capas nuevas"),
    Check(id="h4_red_xor", question="q4", points=1.5, hidden=True,
          ask=Call("red_xor", cases=N.xor_cases), expected=per_case(N.xor_expected),
          judge=same_outputs, description="red_xor con tablas nuevas (otras filas, en otro orden)"),
    Check(id="h5_paso_perceptron", question="q5", points=1.5, hidden=True,
          ask=Call("paso_perceptron", cases=N.step_cases), expected=per_case(N.step_expected),
          judge=same_step, description="paso_perceptron con ejemplos nuevos"),
    Check(id="h6_perceptron_separable", question="q6", points=2, hidden=True,
          ask=Call("entrenar_perceptron", cases=N.separable_cases), expected=per_case(N.perceptron_expected),
          judge=same_training,
          description="entrenar_perceptron con conjuntos nuevos linealmente separables: converge y para"),
    Check(id="h6_perceptron_no_separable", question="q6", points=2, hidden=True,
          ask=Call("entrenar_perceptron", cases=N.non_separable_cases), expected=per_case(N.perceptron_expected),
          judge=same_training,
          description="entrenar_perceptron con conjuntos nuevos no separables: recorre todas las épocas"),
    Check(id="h7_entrenar_adaline", question="q7", points=2, hidden=True,
          ask=Call("entrenar_adaline", cases=N.adaline_cases), expected=per_case(N.adaline_expected),
          judge=same_training, description="entrenar_adaline con conjuntos nuevos"),
]
