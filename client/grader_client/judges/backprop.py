"""Judges of the backpropagation practice (backprop).

:func:`same_result` compares a number, an array or a dict of them (derivatives, a softmax,
losses, a forward pass, gradients, a dropout layer) with ``expected["valor"]``, and when
the answer is what a known mistake gives (``expected["otras"]``, computed on the
instructor's side) says which rule it breaks; ``expected["regla"]`` names the rule to
recall otherwise.  :func:`solves_task` measures the predictions of a trained network
against the expected labels.  No judge computes a right answer, and no message quotes one.
"""
from __future__ import annotations

import numpy as np

from grader_client.judges import Verdict, hint, show

RULES = {
    "derivadas": "σ'(z) = σ(z)·(1 − σ(z)) y tanh'(z) = 1 − tanh(z)², elemento a elemento.",
    "softmax": "softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ), en cada fila por separado.",
    "perdidas": ("ECM = media((y − p)²) y entropía cruzada binaria = −media(y·ln p + (1 − y)·ln(1 − p)), "
                 "con el logaritmo natural."),
    "categorica": "La entropía cruzada categórica es −(1/m)·Σ Σ Y·ln P: la suma por clases, la media por ejemplos.",
    "propagacion": "A1 = f(X·W1 + b1) con la activación pedida, y P = softmax(A1·W2 + b2) fila a fila.",
    "gradientes": ("Con softmax y entropía cruzada, dZ2 = (P − Y)/m; dW2 = A1ᵀ·dZ2, db2 = suma por filas de dZ2; "
                   "dZ1 = (dZ2·W2ᵀ)·f'(Z1) elemento a elemento; dW1 = Xᵀ·dZ1, db1 = suma por filas de dZ1."),
    "dropout": ("Dropout invertido: al entrenar se apagan (valen 0) las neuronas con U < p y las demás se "
                "dividen entre 1 − p; en la prueba la capa devuelve A sin tocarla."),
}

MISTAKES = {
    "tanh_sin_cuadrado": "La derivada de tanh es 1 − tanh(z)², con el cuadrado.",
    "sigmoide_de_z": "La derivada de la sigmoide es σ(z)·(1 − σ(z)): se calcula con σ(z), no con z.",
    "softmax_columnas": ("Has normalizado por columnas: la softmax se calcula por filas (un ejemplo por fila), "
                         "así que cada fila debe sumar 1 (axis=1, keepdims=True)."),
    "log10": "La entropía cruzada usa el logaritmo natural (np.log), no el decimal.",
    "suma": "Es una media, no una suma: divide entre el número de ejemplos.",
    "sin_signo": "Falta el signo menos: la entropía cruzada es −media(...), un número positivo.",
    "media_de_todo": ("Divides entre el número de ejemplos por el de clases: la media es solo por ejemplos "
                      "(la suma por clases de cada fila se deja entera)."),
    "oculta_sin_activacion": "La capa oculta no aplica la activación: A1 = f(X·W1 + b1), no X·W1 + b1.",
    "sin_media": ("Tus gradientes son m veces los correctos: la pérdida es la media de los m ejemplos, así que "
                  "dZ2 = (P − Y)/m."),
    "signo_salida": "Tus gradientes tienen el signo cambiado: en la salida, dZ2 = (P − Y)/m, no (Y − P)/m.",
    "sin_derivada": ("Falta multiplicar por la derivada de la activación oculta: dZ1 = (dZ2·W2ᵀ)·f'(Z1), "
                     "elemento a elemento."),
    "sin_escalar": ("Al entrenar, las neuronas que quedan se dividen entre 1 − p (dropout invertido): así la "
                    "salida media de la capa es la misma que sin dropout."),
    "dropout_en_prueba": "En la prueba (entrenando=False) no se apaga ninguna neurona: la capa devuelve A tal cual.",
    "escala_en_prueba": ("Con dropout invertido la compensación ya se hizo al entrenar (dividiendo entre 1 − p): "
                         "en la prueba A no se multiplica por nada."),
}


def _array(value):
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def _matches(answer, want, rel: float, abs_tol: float) -> bool:
    if isinstance(want, dict):
        return isinstance(answer, dict) and all(key in answer and _matches(answer[key], value, rel, abs_tol)
                                                for key, value in want.items())
    a, e = _array(answer), _array(want)
    return (a is not None and e is not None and a.shape == e.shape
            and bool(np.allclose(a, e, rtol=rel, atol=abs_tol)))


def _shape_problem(answer, want) -> str | None:
    """Why the answer cannot be the expected one whatever its numbers: a missing key, a
    shape, values that are not finite numbers."""
    if isinstance(want, dict):
        if not isinstance(answer, dict):
            return f"Se esperaba un diccionario con las claves {', '.join(want)}; se obtuvo {show(answer, 60)}."
        missing = [key for key in want if key not in answer]
        if missing:
            return f"Faltan claves en el diccionario: {', '.join(missing)}."
        for key, value in want.items():
            problem = _shape_problem(answer[key], value)
            if problem:
                return f"«{key}»: {problem}"
        return None
    a, e = _array(answer), _array(want)
    if a is None:
        return f"Se esperaba un número o un array de números; se obtuvo {show(answer, 60)}."
    if a.shape != e.shape:
        extra = (" El gradiente de un sesgo suma las filas (np.sum(..., axis=0)) y tiene la forma del sesgo."
                 if a.ndim == e.ndim + 1 else "")
        return f"La forma es {list(a.shape)} y debería ser {list(e.shape)}.{extra}"
    if not np.all(np.isfinite(a)):
        return "Hay valores que no son números finitos (nan o inf)."
    return None


def same_result(answer, expected: dict, *, rel: float = 1e-6, abs_tol: float = 1e-9) -> Verdict:
    """``expected``: {"valor": the right answer (number, array or dict of them), "regla": a key
    of :data:`RULES`, "otras": {a key of :data:`MISTAKES`: what that mistake answers}}."""
    want = expected["valor"]
    if _matches(answer, want, rel, abs_tol):
        return Verdict(1.0, "correct")
    rule = RULES.get(expected.get("regla"), "")
    problem = _shape_problem(answer, want)
    if problem:
        if "finitos" in problem and expected.get("regla") == "softmax":
            problem += (" Con z grandes, np.exp(z) se desborda: resta a cada fila su máximo antes de "
                        "exponenciar (la softmax no cambia).")
        return hint(problem)
    said = next((MISTAKES[name] for name, other in expected.get("otras", {}).items()
                 if name in MISTAKES and _matches(answer, other, rel, abs_tol)), None)
    if said:
        return hint(said)
    if isinstance(want, dict):
        wrong = [key for key, value in want.items() if not _matches(answer[key], value, rel, abs_tol)]
        return hint(f"No son correctos: {', '.join(f'«{key}»' for key in wrong)}. {rule}")
    return hint(f"El resultado {show(answer, 50)} no es correcto. {rule}")


def solves_task(answer, expected, *, bar: float = 0.9) -> Verdict:
    """``answer``: one predicted label (0 or 1) per new point, or one row of class scores per
    point; ``expected``: the points' labels.  Right when the share of hits reaches ``bar``."""
    labels = np.asarray(expected)
    try:
        pred = np.asarray(answer, dtype=float)
        if pred.ndim == 2 and pred.shape[1] > 1:
            pred = pred.argmax(axis=1)
        pred = pred.reshape(-1)
    except (TypeError, ValueError):
        return hint(f"Se esperaba un array de etiquetas (0 o 1); se obtuvo {show(answer, 60)}.")
    if len(pred) != len(labels):
        return hint(f"Se esperaban {len(labels)} predicciones (una por fila de X_nuevo) y hay {len(pred)}.")
    share = float(np.mean(pred == labels))
    if share >= bar:
        return Verdict(1.0, "correct")
    return hint(f"Tu red acierta el {share:.0%} de los puntos nuevos; se pide al menos el {bar:.0%}. "
                "¿Aprende de verdad? Con una sola capa (sin capa oculta) el XOR no se puede resolver.")
