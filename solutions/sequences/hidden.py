"""Hidden checks of "Práctica 13: Secuencias con redes recurrentes (RNN y LSTM)"
(instructor only, never released).

Totals: hidden 9 checks = 22 points; with the 8 public points of
assignments/sequences/checks.py the practice totals 30 points.

The expected side of the layer arithmetic is Keras itself: for every fresh configuration
the grader builds the same layers in its own process (grader.references.networks) and
reads their parameter count and output shape; the student's functions must not ask Keras
(the "by hand" rule ``networks.BY_HAND_LAYERS``, as in nn-vs-cnn).  Windows and the naive
forecast are compared with grader.references.sequences on fresh series.  The generators
keep only cases where the known-wrong variants of ``variants.py`` give another answer, so a
variant loses a whole check.

The recurrent model is trained on the released stretches and judged on the held-out ones
(``dataset.py``), whose targets never leave this process: its mean absolute error is scored
on the calibrated scale (``thresholds.json``, ``grader calibrate sequences``: full points at
the target, a share between the naive forecast's error and the target), also on the
control task (targets negated, see grader.holdout.model_cases), and must beat the naive
forecast on this very holdout, computed here.
"""
from functools import partial
from pathlib import Path

from grader import holdout, judges
from grader.checks import Call, Check, load_module, per_case
from grader.references import networks, sequences as S
from grader.references.baselines import learns_and_beats_baseline
from grader_client.judges.networks import same_architecture
from grader_client.judges.sequences import same_output_shape, same_windows

HERE = Path(__file__).parent
DATA = load_module(HERE / "dataset.py")
SPLIT = holdout.course_split(DATA)
T = holdout.read_thresholds(HERE)

# The statement's examples (assignments/sequences/checks.py): never a hidden case.
PUBLIC_SIZES = {"rnn": {(1, 32), (3, 8), (16, 4)}, "lstm": {(1, 16), (3, 8), (8, 16), (5, 3)},
                "gru": {(1, 16), (3, 8), (8, 4)}}


# --- trusted reference: the same layers, built by Keras ----------------------------------

def modelo(pasos, n_caracteristicas):
    return networks.recurrent_architecture((pasos, n_caracteristicas), [("lstm", 16), ("dense", 1)])


CHECKS = [
    Check(id="h1_parametros_simplernn", question="q1", points=2, hidden=True,
          ask=Call("parametros_simplernn", cases=lambda rng: S.layer_size_cases(rng, PUBLIC_SIZES["rnn"])),
          expected=per_case(partial(networks.recurrent_params, "rnn")), judge=judges.equals,
          description="parametros_simplernn con capas nuevas, comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h2_parametros_lstm", question="q2", points=2, hidden=True,
          ask=Call("parametros_lstm", cases=lambda rng: S.layer_size_cases(rng, PUBLIC_SIZES["lstm"])),
          expected=per_case(partial(networks.recurrent_params, "lstm")), judge=judges.equals,
          description="parametros_lstm con capas nuevas, comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h3_parametros_gru", question="q3", points=2, hidden=True,
          ask=Call("parametros_gru", cases=lambda rng: S.layer_size_cases(rng, PUBLIC_SIZES["gru"])),
          expected=per_case(partial(networks.recurrent_params, "gru")), judge=judges.equals,
          description="parametros_gru con capas nuevas, comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h4_forma_salida", question="q4", points=1, hidden=True,
          ask=Call("forma_salida", cases=S.output_shape_cases),
          expected=per_case(networks.recurrent_output_shape), judge=same_output_shape,
          description="forma_salida con capas y secuencias nuevas, comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h5_contar_parametros", question="q5", points=3, hidden=True,
          ask=Call("contar_parametros", cases=lambda rng: S.recurrent_model_cases(rng, PUBLIC_SIZES["lstm"])),
          expected=per_case(networks.recurrent_model_params), judge=judges.equals,
          description="contar_parametros con modelos apilados nuevos, comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h6_crear_ventanas", question="q6", points=3, hidden=True,
          ask=Call("crear_ventanas", cases=S.window_cases),
          expected=per_case(S.sliding_windows), judge=same_windows,
          description="crear_ventanas con series y tamaños de ventana nuevos"),
    Check(id="h7_prediccion_ingenua", question="q7", points=1, hidden=True,
          ask=Call("prediccion_ingenua", cases=S.naive_cases),
          expected=per_case(S.last_value_forecast), judge=judges.close_to,
          description="prediccion_ingenua con ventanas nuevas"),
    Check(id="h8_crear_modelo", question="q8", points=1, hidden=True,
          ask=Call("crear_modelo", cases=S.model_input_cases),
          expected=per_case(modelo), judge=same_architecture,
          description="crear_modelo con otros números de pasos y de características"),
    Check(id="h9_modelo_holdout", question="q9", points=7, hidden=True,
          ask=Call("entrenar_y_predecir", cases=lambda rng: holdout.model_cases(SPLIT, rng), together=True),
          expected=lambda cases: SPLIT.y_holdout,
          judge=partial(learns_and_beats_baseline, metric="mae_mw", **T["mae_mw"],
                        rule=S.last_value_forecast(SPLIT.X_holdout), rule_name=S.NAIVE),
          description="error absoluto medio de tu red con tramos de la serie que no has visto, "
                      "frente a la predicción ingenua"),
]
