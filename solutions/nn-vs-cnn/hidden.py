"""Hidden checks of "Práctica 9: Redes neuronales frente a redes convolucionales"
(instructor only, never released).

Totals: hidden 7 checks = 22 points; with the 8 public points of
assignments/nn-vs-cnn/checks.py the practice totals 30 points.

The expected side is Keras itself: for every fresh layer configuration the grader builds the
same layers in its own process (grader.references.networks) and reads their output size and
parameter count.  The generators keep only cases where the known-wrong variants of
``variants.py`` give a different answer (see each one), so a variant loses a whole check.
The CNN is trained on the released images and judged on the holdout, whose labels never
leave this process; the control (the same images with every digit renamed to the next one,
see grader.holdout.model_cases) trains it a second time, so the reference keeps its
training small (15 epochs of a 3,210-parameter CNN on 1,257 images of 8×8).
"""
from functools import partial
from pathlib import Path

from grader import holdout, judges
from grader.checks import Call, Check, load_module, per_case
from grader.references import networks
from grader_client.judges.networks import same_architecture

HERE = Path(__file__).parent
DATA = load_module(HERE / "dataset.py")
SPLIT = holdout.course_split(DATA)
N_CASES = 8


T = holdout.read_thresholds(HERE)


# --- trusted reference: the same layers, built by Keras ----------------------------------

def red_densa(forma_entrada, n_clases):
    return networks.sequential_architecture(
        forma_entrada, [("flatten",), ("dense", 64, "relu"), ("dense", n_clases, "softmax")])


def cnn(forma_entrada, n_clases):
    return networks.sequential_architecture(
        forma_entrada, [("conv", 32, 3, "relu"), ("pool", 2), ("flatten",), ("dense", n_clases, "softmax")])


# --- fresh inputs -----------------------------------------------------------------------

def _int(rng, low, high):
    return int(rng.integers(low, high + 1))


def parametros_densa_cases(rng):
    # Any sizes: a count without the biases (n_entradas * n_neuronas) is always short.
    return [(_int(rng, 2, 50_000), _int(rng, 1, 512)) for _ in range(N_CASES)]


def crear_red_densa_cases(rng):
    return [((_int(rng, 5, 30), _int(rng, 5, 30)), _int(rng, 2, 12)) for _ in range(4)]


def tamano_salida_cases(rng):
    # Half the cases with padding; strides up to 3, so that the division rounds down in
    # most of them.  The answer must be an int: a true division (/) gives a float.
    cases = []
    while len(cases) < N_CASES:
        n, k, s = _int(rng, 5, 64), _int(rng, 1, 7), _int(rng, 1, 3)
        p = _int(rng, 1, 3) if len(cases) % 2 == 0 else 0
        if k <= n:
            cases.append((n, k, p, s))
    return cases


PUBLIC_CONV = {(64, 3, 1), (32, 3, 1), (16, 3, 32), (8, 3, 3)}


def parametros_conv2d_cases(rng):
    # Never a configuration of the statement (a copied table of them fails every case).
    cases = []
    while len(cases) < N_CASES:
        case = (_int(rng, 1, 128), _int(rng, 1, 7), _int(rng, 1, 64))
        if case not in PUBLIC_CONV:
            cases.append(case)
    return cases


def contar_parametros_cases(rng):
    # Models of one or two blocks (one or two 'valid' convolutions, then a pooling that
    # shrinks the image), Flatten and one or two dense layers; images need not be square.
    # Every model has a convolution with fresh sizes (a count without biases, or a table
    # of the statement's layers, is wrong) and a pooling before a dense layer (forgetting
    # that pooling divides the image changes the dense layer's inputs).
    cases = []
    while len(cases) < 6:
        shape = (_int(rng, 10, 40), _int(rng, 10, 40), int(rng.choice([1, 3])))
        alto, ancho = shape[0], shape[1]
        capas = []
        for _ in range(_int(rng, 1, 2)):
            for _ in range(_int(rng, 1, 2)):
                k = int(rng.choice([2, 3, 5]))
                if min(alto, ancho) - k + 1 < 2:
                    break
                capas.append(("conv", _int(rng, 4, 64), k))
                alto, ancho = alto - k + 1, ancho - k + 1
            q = int(rng.choice([2, 3]))
            if min(alto, ancho) >= q:
                capas.append(("pool", q))
                alto, ancho = alto // q, ancho // q
        kinds = [capa[0] for capa in capas]
        if "conv" not in kinds or "pool" not in kinds:
            continue
        capas.append(("flatten",))
        capas += [("dense", _int(rng, 2, 128)) for _ in range(_int(rng, 1, 2))]
        cases.append((shape, capas))
    return cases


def crear_cnn_cases(rng):
    # 3×3 filters on images of at least 6×6: 'same' padding keeps the size, 'valid' does not.
    return [((_int(rng, 6, 30), _int(rng, 6, 30), int(rng.choice([1, 3]))), _int(rng, 2, 12))
            for _ in range(4)]


CHECKS = [
    Check(id="h1_parametros_densa", question="q1", points=2, hidden=True,
          ask=Call("parametros_densa", cases=parametros_densa_cases),
          expected=per_case(networks.dense_params), judge=judges.equals,
          description="parametros_densa con capas nuevas, comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h2_crear_red_densa", question="q2", points=1, hidden=True,
          ask=Call("crear_red_densa", cases=crear_red_densa_cases),
          expected=per_case(red_densa), judge=same_architecture,
          description="crear_red_densa con otros tamaños de imagen y de clases"),
    Check(id="h3_tamano_salida", question="q3", points=3, hidden=True,
          ask=Call("tamano_salida", cases=tamano_salida_cases),
          expected=per_case(networks.conv_output_size), judge=judges.same_type_and_value,
          description="tamano_salida con convoluciones nuevas (con relleno), comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h4_parametros_conv2d", question="q4", points=3, hidden=True,
          ask=Call("parametros_conv2d", cases=parametros_conv2d_cases),
          expected=per_case(networks.conv2d_params), judge=judges.equals,
          description="parametros_conv2d con capas nuevas, comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h5_contar_parametros", question="q5", points=4, hidden=True,
          ask=Call("contar_parametros", cases=contar_parametros_cases),
          expected=per_case(networks.sequential_params), judge=judges.equals,
          description="contar_parametros con modelos nuevos, comparada con Keras",
          forbidden=networks.BY_HAND_LAYERS),
    Check(id="h6_crear_cnn", question="q6", points=2, hidden=True,
          ask=Call("crear_cnn", cases=crear_cnn_cases),
          expected=per_case(cnn), judge=same_architecture,
          description="crear_cnn con otros tamaños de imagen, canales y clases"),
    Check(id="h7_cnn_holdout", question="q7", points=7, hidden=True,
          ask=Call("entrenar_y_predecir_cnn", cases=lambda rng: holdout.model_cases(SPLIT, rng),
                   together=True),
          expected=lambda cases: SPLIT.y_holdout,
          judge=partial(judges.learns_on_holdout, metric="accuracy", **T["accuracy"]),
          description="exactitud de tu CNN con imágenes que no has visto"),
]
