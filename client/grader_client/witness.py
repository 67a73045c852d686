"""The only grader code that runs inside the student's kernel.

It answers requests: the value of a name, or the results of calling a student function
on the cases the grader sent.  It judges nothing and knows no expected value.  Its source
is sent to the kernel as the text of a cell, so it depends on the standard library and
numpy only, and it is kept short enough to audit in one reading.

Values cross the boundary as JSON with a few tags; numeric arrays travel as ``.npy``
files that the grader loads with ``allow_pickle=False``.  The grader imports this same
module to decode answers, so both sides speak one format.
"""
import contextlib
import io
import json
import os

MAX_ITEMS = 100_000


def _kind(value):
    return type(value).__module__.split(".")[0] + "." + type(value).__name__


def encode(value, arrays, depth=0):
    """Turn a value into JSON-able data; numeric arrays go into ``arrays`` by name."""
    import numpy as np

    if depth > 20:
        return {"__unsupported__": "estructura demasiado anidada"}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "to_numpy") and not isinstance(value, np.ndarray):
        try:
            value = value.to_numpy()
        except Exception:
            return {"__unsupported__": _kind(value)}
    if isinstance(value, np.ndarray):
        if value.size > MAX_ITEMS * 100:
            return {"__unsupported__": "array demasiado grande"}
        if value.dtype.kind in "biufcUSM":
            name = "a%d.npy" % len(arrays)
            arrays[name] = value
            return {"__ndarray__": name}
        return {"__list__": encode(value.tolist(), arrays, depth + 1)}
    if isinstance(value, (list, tuple, set, frozenset)):
        if len(value) > MAX_ITEMS:
            return {"__unsupported__": "colección demasiado grande"}
        items = [encode(v, arrays, depth + 1) for v in value]
        if isinstance(value, list):
            return items
        return {"__tuple__" if isinstance(value, tuple) else "__set__": items}
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            return {"__unsupported__": "diccionario demasiado grande"}
        return {"__dict__": [[encode(k, arrays, depth + 1), encode(v, arrays, depth + 1)]
                             for k, v in value.items()]}
    if hasattr(value, "layers") and hasattr(value, "count_params"):
        return encode(_describe_model(value), arrays, depth + 1)
    return {"__unsupported__": _kind(value)}


def _attempt(get):
    try:
        return get()
    except Exception:
        return None


def _describe_model(model):
    """A Keras model as data: its layers' kind, size, activation and parameter count."""
    layers = []
    for layer in model.layers:
        config = _attempt(layer.get_config) or {}
        shape = _attempt(lambda: [d for d in layer.output.shape[1:]])
        layers.append({
            "class": type(layer).__name__,
            "units": config.get("units"), "filters": config.get("filters"),
            "kernel_size": config.get("kernel_size"), "strides": config.get("strides"),
            "padding": config.get("padding"), "activation": config.get("activation"),
            "output_shape": shape, "params": _attempt(layer.count_params),
        })
    return {"class": type(model).__name__, "params": _attempt(model.count_params), "layers": layers}


class Unsupported:
    """An answer the kernel could not send as data (an open file, a model object...)."""

    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return "<%s>" % self.kind


def decode(data, load_array):
    """Inverse of :func:`encode`; ``load_array(name)`` returns the named array."""
    if isinstance(data, list):
        return [decode(v, load_array) for v in data]
    if not isinstance(data, dict):
        return data
    if "__ndarray__" in data:
        return load_array(data["__ndarray__"])
    if "__list__" in data:
        return decode(data["__list__"], load_array)
    if "__tuple__" in data:
        return tuple(decode(v, load_array) for v in data["__tuple__"])
    if "__set__" in data:
        return set(decode(v, load_array) for v in data["__set__"])
    if "__dict__" in data:
        return {_hashable(decode(k, load_array)): decode(v, load_array) for k, v in data["__dict__"]}
    if "__unsupported__" in data:
        return Unsupported(str(data["__unsupported__"]))
    raise ValueError("dato desconocido en la respuesta")


def _hashable(key):
    return tuple(key) if isinstance(key, list) else key


def _outcome(produce, arrays):
    """Run ``produce()`` quietly; report its value or the error it raised."""
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            value = produce()
    except NotImplementedError:
        return {"not_implemented": True}
    except Exception as exc:  # the student's error is an answer, not a crash
        return {"error": {"type": type(exc).__name__, "message": str(exc)[:300]}}
    return {"ok": encode(value, arrays)}


def answer(request, namespace, arrays, load_array):
    """Answer one request against the student's namespace."""
    kind = request["kind"]
    name = request["name"] if kind == "value" else request["function"]
    if name not in namespace:
        return {"missing": name}
    target = namespace[name]
    if kind == "value":
        return {"value": _outcome(lambda: target, arrays)}
    if not callable(target):
        return {"not_callable": _kind(target)}
    cases = decode(request["cases"], load_array)
    return {"cases": [_outcome(lambda args=args: target(*args), arrays) for args in cases]}


def decode_answer(raw, load_array):
    """Decode the values inside an answer (see :func:`answer`), leaving its shape."""
    def case(outcome):
        if "ok" in outcome:
            return {"ok": decode(outcome["ok"], load_array)}
        return outcome

    if "value" in raw:
        raw["value"] = case(raw["value"])
    if "cases" in raw:
        raw["cases"] = [case(c) for c in raw["cases"]]
    return raw


class _SeedOnImport:
    """Seeds TensorFlow's global generator as soon as the student's code imports it (a
    post-import hook: it steps aside after the first import)."""

    def __init__(self, seed):
        self.seed = seed

    def find_spec(self, name, path=None, target=None):
        if name != "tensorflow":
            return None
        import importlib.util
        import sys

        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = getattr(getattr(spec, "loader", None), "exec_module", None)
        if run is not None:
            def exec_module(module, run=run, seed=self.seed):
                run(module)
                _seed_tensorflow(module, seed)

            spec.loader.exec_module = exec_module
        return spec


def _seed_tensorflow(tf, seed):
    try:
        tf.random.set_seed(seed)
    except Exception:  # a TensorFlow too broken to seed fails later, in the student's cell
        pass


def seed_everything(seed):
    """Seed Python's, NumPy's and TensorFlow's global generators (TensorFlow now if it is
    imported, else when it is): unseeded code then draws the same numbers on every run,
    and TensorFlow's deterministic mode accepts its random operations."""
    import random
    import sys

    random.seed(seed)
    try:
        import numpy

        numpy.random.seed(seed)
    except ImportError:
        pass
    if "tensorflow" in sys.modules:
        _seed_tensorflow(sys.modules["tensorflow"], seed)
    elif not any(type(f).__name__ == "_SeedOnImport" for f in sys.meta_path):
        sys.meta_path.insert(0, _SeedOnImport(seed))


def _prefix(path):
    return os.path.splitext(os.path.basename(path))[0] + "-"


def serve(request_path, answer_path, namespace):
    """Kernel entry point: read a request file, write the answer file and its arrays.

    Arrays of ``request-N.json`` are ``request-N-<name>``; those of ``answer-N.json``,
    ``answer-N-<name>``: every file stays inside the exchange folder.
    """
    import numpy as np

    folder = os.path.dirname(os.path.abspath(request_path))

    def load_array(name):
        path = os.path.join(folder, _prefix(request_path) + os.path.basename(name))
        return np.load(path, allow_pickle=False)

    with open(request_path, encoding="utf-8") as fh:
        request = json.load(fh)
    arrays = {}
    result = answer(request, namespace, arrays, load_array)
    for name, array in arrays.items():
        np.save(os.path.join(folder, _prefix(answer_path) + name), array, allow_pickle=False)
    with open(answer_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
