"""What a student's function must not use: "by hand" rules, read from the source.

Some exercises exist to be computed by hand (a mean without ``np.mean``, quartiles
without ``np.percentile``, a confusion matrix counted without the library's).  A check
declares what its function must not use (:attr:`grader_client.checks.Check.forbidden`),
each entry one of:

- a dotted name, ``"numpy.mean"`` or ``"statistics"``: that function, or anything inside
  that module, however it is reached (``import numpy as n``, ``from statistics import mean
  as m``, ``getattr(np, "me" + "an")``, ``__import__("statistics")``, a local import);
- a method, ``".mean"``: any attribute of that name (``x.mean()``, ``serie.mean``).

:class:`NotebookCode` holds the code of a notebook (its code cells, or a kernel's input
history), parsed once with :mod:`ast` and never run.  :meth:`NotebookCode.examine` reads
the last definition of a function and, through it, every helper it uses that the notebook
also defines, and returns :class:`Finding` objects: a forbidden use (with the name as
written and what it resolves to) or something that cannot be decided without running
the code (a computed attribute name, ``eval``/``exec``, a star import), which a person
should look at rather than have guessed.

The same analysis runs in ``grader.check("q1")`` (on the kernel's input history), in
``grader check NOTEBOOK`` (on the file) and in the instructor's grader (on the submitted
file, in its own process: what the kernel says about its code is never asked).
"""
from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from typing import Iterable

UNDECIDABLE_CALLS = {"eval": "usa eval", "exec": "usa exec", "compile": "usa compile",
                     "globals": "usa globals()", "locals": "usa locals()", "vars": "usa vars()"}
BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class Finding:
    """One use of something forbidden (``undecidable`` False) or one place where the
    analysis cannot tell (``undecidable`` True, ``why`` says what it saw)."""

    function: str  # the function the check asks about
    where: str  # the function the use is in: ``function`` itself or a helper it calls
    line: int  # line inside ``where``'s definition (1: the ``def`` line)
    written: str  # the code as written, shortened: ``np.mean``, ``m``
    resolved: str = ""  # what it is: ``numpy.mean``; empty when undecidable
    entry: str = ""  # the rule entry it breaks
    undecidable: bool = False
    why: str = ""


def describe_entries(entries: Iterable[str], lang: str = "es") -> str:
    """The rule as a student reads it: ```numpy.mean`, `statistics` ni `.mean()```."""
    shown = [f"`{e}()`" if e.startswith(".") else f"`{e}`" for e in entries]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + (" ni " if lang == "es" else " or ") + shown[-1]


def _matches(path: str, entry: str) -> bool:
    return path == entry or path.startswith(entry + ".")


def _constant_text(node: ast.AST) -> str | None:
    """The value of an expression built only of string constants (``"me" + "an"``,
    ``f"me{'an'}"``), or None when it is computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _constant_text(node.left), _constant_text(node.right)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.format_spec is not None or value.conversion not in (-1, None):
                    return None
                text = _constant_text(value.value)
            else:
                text = _constant_text(value)
            if text is None:
                return None
            parts.append(text)
        return "".join(parts)
    return None


def _short(node: ast.AST, limit: int = 60) -> str:
    try:
        text = " ".join(ast.unparse(node).split())
    except Exception:  # a node ast cannot print back is still a finding
        text = type(node).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _target_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


@dataclass
class _Names:
    """What names mean in one scope: dotted paths (imports and aliases), names bound to
    something else, callables the notebook defines, star imports."""

    paths: dict[str, str] = field(default_factory=dict)
    other: set[str] = field(default_factory=set)
    defined: dict[str, ast.AST] = field(default_factory=dict)
    stars: list[str] = field(default_factory=list)

    def bind_path(self, name: str, path: str) -> None:
        self.paths[name] = path
        self.other.discard(name)
        self.defined.pop(name, None)

    def bind_other(self, name: str) -> None:
        self.paths.pop(name, None)
        self.defined.pop(name, None)
        self.other.add(name)

    def bind_defined(self, name: str, node: ast.AST) -> None:
        self.paths.pop(name, None)
        self.other.discard(name)
        self.defined[name] = node

    def knows(self, name: str) -> bool:
        return name in self.paths or name in self.other or name in self.defined


def _bind_import(names: _Names, node: ast.AST) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                names.bind_path(alias.asname, alias.name)
            else:
                top = alias.name.split(".")[0]
                names.bind_path(top, top)
    elif isinstance(node, ast.ImportFrom):
        if node.level or not node.module:
            for alias in node.names:
                names.bind_other(alias.asname or alias.name)
            return
        for alias in node.names:
            if alias.name == "*":
                names.stars.append(node.module)
            else:
                names.bind_path(alias.asname or alias.name, f"{node.module}.{alias.name}")


class NotebookCode:
    """The code cells of a notebook, parsed, and the names its top level binds (in the
    order the cells run: the last binding of a name is the one a function sees)."""

    def __init__(self, sources: Iterable[str]):
        self.module = _Names()
        self.unparsed = 0  # cells that are not Python even after IPython's transforms
        for source in sources:
            tree = _parse(source)
            if tree is None:
                self.unparsed += 1
                continue
            self._bind_statements(tree.body)
        self._examined: dict[tuple, list[Finding]] = {}

    @classmethod
    def from_notebook(cls, nb) -> "NotebookCode":
        """From an nbformat notebook (or its dict): its code cells, in order."""
        cells = nb.get("cells", []) if isinstance(nb, dict) else nb.cells
        return cls(_text(cell.get("source", "")) for cell in cells if cell.get("cell_type") == "code")

    @classmethod
    def for_checks(cls, nb, checks) -> "NotebookCode | None":
        """The code of ``nb`` when one of ``checks`` has a "by hand" rule to apply to it."""
        return cls.from_notebook(nb) if any(c.forbidden for c in checks) else None

    def _bind_statements(self, body: list[ast.stmt]) -> None:
        names = self.module
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                _bind_import(names, node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.bind_defined(node.name, node)
            elif isinstance(node, ast.ClassDef):
                names.bind_other(node.name)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind_assignment(target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                for name in _target_names(node.target):
                    names.bind_other(name)
            elif isinstance(node, ast.Delete):
                for target in node.targets:
                    for name in _target_names(target):
                        names.paths.pop(name, None)
                        names.defined.pop(name, None)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.If)):
                if isinstance(node, (ast.For, ast.AsyncFor)):
                    for name in _target_names(node.target):
                        names.bind_other(name)
                self._bind_statements(node.body)
                self._bind_statements(node.orelse)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        for name in _target_names(item.optional_vars):
                            names.bind_other(name)
                self._bind_statements(node.body)
            elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
                self._bind_statements(node.body)
                for handler in node.handlers:
                    if handler.name:
                        names.bind_other(handler.name)
                    self._bind_statements(handler.body)
                self._bind_statements(node.orelse)
                self._bind_statements(node.finalbody)

    def _bind_assignment(self, target: ast.AST, value: ast.AST) -> None:
        names = self.module
        if isinstance(target, ast.Name):
            if isinstance(value, ast.Lambda):
                names.bind_defined(target.id, value)
                return
            path = _Resolver(names, _Names()).path(value)
            if isinstance(path, str):
                names.bind_path(target.id, path)
            elif isinstance(value, ast.Name) and value.id in names.defined:
                names.bind_defined(target.id, names.defined[value.id])
            else:
                names.bind_other(target.id)
        else:
            for name in _target_names(target):
                names.bind_other(name)

    def examine(self, function: str, forbidden: Iterable[str]) -> list[Finding]:
        """Every forbidden use in ``function`` and the helpers it reaches, then every place
        that cannot be decided (among them, a function that no ``def`` of the notebook
        defines, which the kernel may still have: ``exec``, ``globals()[...]``)."""
        forbidden = tuple(forbidden)
        key = (function, forbidden)
        if key not in self._examined:
            self._examined[key] = self._examine(function, forbidden)
        return self._examined[key]

    def _examine(self, function: str, forbidden: tuple[str, ...]) -> list[Finding]:
        if not forbidden:
            return []
        if function in self.module.paths:  # the function *is* an imported one: tendencia_central = np.mean
            path = self.module.paths[function]
            entry = next((e for e in forbidden if not e.startswith(".") and _matches(path, e)), "")
            return [Finding(function, function, 1, function, path, entry)] if entry else []
        if function not in self.module.defined:  # defined some other way (exec, globals()[...])
            return [Finding(function, function, 1, function, undecidable=True,
                            why="ningún `def` del cuaderno la define")]
        found: list[Finding] = []
        queue, seen = [function], set()
        while queue:
            name = queue.pop(0)
            node = self.module.defined.get(name)
            if name in seen or node is None:
                continue
            seen.add(name)
            visitor = _Visitor(self.module, function, name, node, forbidden)
            visitor.run()
            found += visitor.found
            queue += [helper for helper in visitor.helpers if helper not in seen]
        unique, keys = [], set()
        for finding in sorted(found, key=lambda f: (f.undecidable, f.where != function, f.line)):
            identity = (finding.where, finding.line, finding.written, finding.entry, finding.why)
            if identity not in keys:
                keys.add(identity)
                unique.append(finding)
        return unique


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _transformed(source: str) -> str:
    """IPython's syntax (``%pip``, ``!ls``, ``x?``) turned into Python, as the kernel does."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        lines = source.splitlines()
        if lines and lines[0].lstrip().startswith("%%"):
            return ""
        return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)
    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # IPython could not make sense of it: the cell is left as it is
        return source


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        pass
    try:
        return ast.parse(_transformed(source))
    except (SyntaxError, ValueError):
        return None


class _Undecidable(str):
    """A reason why a name cannot be resolved without running the code."""


class _Resolver:
    """Dotted paths of expressions, seen from a function: its own names first, then the
    notebook's top level."""

    def __init__(self, module: _Names, local: _Names):
        self.module, self.local = module, local

    def name(self, name: str):
        for scope in (self.local, self.module):
            if name in scope.paths:
                return scope.paths[name]
            if name in scope.other or name in scope.defined:
                return None
        return None

    def path(self, node: ast.AST):
        """A dotted path (str), an :class:`_Undecidable` reason, or None (not a module's name)."""
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute):
            base = self.path(node.value)
            if isinstance(base, _Undecidable):
                return base
            if base is None:
                return None
            if node.attr == "__dict__":
                return _Undecidable(f"lee `{_short(node)}`")
            return f"{base}.{node.attr}"
        if isinstance(node, ast.Call):
            return self._call_path(node)
        if isinstance(node, ast.Subscript):
            base = self.path(node.value)
            if isinstance(base, _Undecidable):
                return base
            if base == "sys.modules":
                key = _constant_text(node.slice)
                return key if key is not None else _Undecidable(f"elige un módulo calculado: `{_short(node)}`")
            return None
        return None

    def _call_path(self, node: ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and not self.local.knows(func.id) and not self.module.knows(func.id):
            if func.id == "getattr" and len(node.args) >= 2:
                base = self.path(node.args[0])
                attribute = _constant_text(node.args[1])
                if isinstance(base, _Undecidable):
                    return base
                if attribute is None:
                    return _Undecidable(f"pide un atributo calculado: `{_short(node)}`")
                return f"{base}.{attribute}" if base is not None else None
            if func.id == "__import__" and node.args:
                module = _constant_text(node.args[0])
                if module is None:
                    return _Undecidable(f"importa un módulo calculado: `{_short(node)}`")
                fromlist = node.args[3] if len(node.args) > 3 else next(
                    (k.value for k in node.keywords if k.arg == "fromlist"), None)
                has_fromlist = fromlist is not None and not (
                    isinstance(fromlist, ast.Constant) and not fromlist.value)
                return module if has_fromlist else module.split(".")[0]
        target = self.path(func)
        if target == "importlib.import_module" and node.args:
            module = _constant_text(node.args[0])
            return module if module is not None else _Undecidable(f"importa un módulo calculado: `{_short(node)}`")
        if isinstance(target, _Undecidable):
            return target
        return None


class _Visitor(ast.NodeVisitor):
    """Reads one function's definition: its own bindings first, then every use."""

    def __init__(self, module: _Names, function: str, where: str, node: ast.AST, forbidden: tuple[str, ...]):
        self.function, self.where, self.node = function, where, node
        self.dotted = [e for e in forbidden if not e.startswith(".")]
        self.methods = {e[1:]: e for e in forbidden if e.startswith(".")}
        self.local = _Names()
        self.resolver = _Resolver(module, self.local)
        self.module = module
        self.found: list[Finding] = []
        self.helpers: list[str] = []
        self.first_line = getattr(node, "lineno", 1)

    # --- bindings ----------------------------------------------------------------------

    def _bind_locals(self) -> None:
        """Parameters, assignments and imports anywhere in the definition are the
        function's own names (the whole body is read at once: a local import counts
        wherever it is)."""
        local = self.local
        for node in ast.walk(self.node):
            if isinstance(node, ast.arguments):
                for arg in [*node.posonlyargs, *node.args, *node.kwonlyargs, node.vararg, node.kwarg]:
                    if arg is not None:
                        local.bind_other(arg.arg)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                _bind_import(local, node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not self.node:
                local.bind_other(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                if node.id not in local.paths:
                    local.bind_other(node.id)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                local.bind_other(node.name)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                for name in node.names:
                    local.paths.pop(name, None)
                    local.other.discard(name)
        for node in ast.walk(self.node):  # aliases: f = np.mean, m = statistics
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                path = self.resolver.path(node.value)
                if isinstance(path, str):
                    local.bind_path(node.targets[0].id, path)
            elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                path = self.resolver.path(node.value)
                if isinstance(path, str):
                    local.bind_path(node.target.id, path)

    # --- findings ----------------------------------------------------------------------

    def _line(self, node: ast.AST) -> int:
        return getattr(node, "lineno", self.first_line) - self.first_line + 1

    def _forbidden(self, node: ast.AST, resolved: str, entry: str) -> None:
        self.found.append(Finding(self.function, self.where, self._line(node), _short(node), resolved, entry))

    def _undecidable(self, node: ast.AST, why: str) -> None:
        self.found.append(Finding(self.function, self.where, self._line(node), _short(node),
                                  undecidable=True, why=why))

    def _check_path(self, node: ast.AST, path) -> None:
        if isinstance(path, _Undecidable):
            self._undecidable(node, str(path))
            return
        if not isinstance(path, str):
            return
        for entry in self.dotted:
            if _matches(path, entry):
                self._forbidden(node, path, entry)
                return
        last = path.rsplit(".", 1)[-1]
        if "." in path and last in self.methods:
            self._forbidden(node, path, self.methods[last])

    def run(self) -> None:
        self._bind_locals()
        if isinstance(self.node, ast.Lambda):
            self.visit(self.node.body)
        else:
            for child in ast.iter_child_nodes(self.node):
                self.visit(child)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        path = self.resolver.path(node)
        if path is not None:
            self._check_path(node, path)
            if not isinstance(path, _Undecidable):
                self._visit_calls_inside(node.value)
            return
        if node.attr in self.methods:
            self._forbidden(node, "", self.methods[node.attr])
        if node.attr == "__dict__":
            self._undecidable(node, f"lee `{_short(node)}`")
        self.visit(node.value)

    def _visit_calls_inside(self, node: ast.AST) -> None:
        """The arguments of calls inside a resolved chain (``__import__(x).mean``)."""
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        if isinstance(node, ast.Call):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                self.visit(arg)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            return
        name = node.id
        if self.local.knows(name):
            if name in self.local.paths:
                self._check_path(node, self.local.paths[name])
            return
        if name in self.module.defined:
            self.helpers.append(name)
            return
        if name in self.module.paths:
            self._check_path(node, self.module.paths[name])
            return
        if name in self.module.other:
            return
        if name in UNDECIDABLE_CALLS:
            self._undecidable(node, UNDECIDABLE_CALLS[name])
        elif name not in BUILTIN_NAMES and (self.module.stars or self.local.stars):
            stars = ", ".join(f"`from {m} import *`" for m in [*self.local.stars, *self.module.stars])
            self._undecidable(node, f"`{name}` puede venir de {stars}")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("getattr", "__import__") \
                and not self.local.knows(func.id) and not self.module.knows(func.id):
            path = self.resolver.path(node)
            self._check_path(node, path)
            if func.id == "getattr" and len(node.args) >= 2 and path is None:
                attribute = _constant_text(node.args[1])
                if attribute in self.methods:
                    self._forbidden(node, "", self.methods[attribute])
                elif attribute is None:
                    self._undecidable(node, f"pide un atributo calculado: `{_short(node)}`")
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                self.visit(arg)
            return
        path = self.resolver.path(func)
        if path == "importlib.import_module":
            self._check_path(node, self.resolver.path(node))
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                self.visit(arg)
            return
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        path = self.resolver.path(node)
        if path is not None:
            self._check_path(node, path)
            self.visit(node.slice)
            return
        self.generic_visit(node)


def code_in_kernel(namespace: dict) -> NotebookCode | None:
    """The code a live kernel ran: IPython's input history (``In``), cell by cell; None
    outside IPython (see :func:`code_of_functions`)."""
    history = namespace.get("In")
    if isinstance(history, list) and all(isinstance(cell, str) for cell in history):
        return NotebookCode(history)
    return None


def code_of_functions(namespace: dict, functions: Iterable[str]) -> NotebookCode:
    """Outside IPython: the source of each function of the namespace's own module, with the
    namespace's modules and imported functions written back as the imports that bound them."""
    import inspect
    import textwrap
    import types

    lines = []
    for name, value in namespace.items():
        if not name.isidentifier():
            continue
        if isinstance(value, types.ModuleType):
            lines.append(f"import {value.__name__} as {name}")
            continue
        module, attribute = getattr(value, "__module__", None), getattr(value, "__name__", None)
        if callable(value) and isinstance(module, str) and module != "__main__" and isinstance(attribute, str) \
                and all(part.isidentifier() for part in module.split(".")) and attribute.isidentifier():
            lines.append(f"from {module} import {attribute} as {name}")
    sources = ["\n".join(lines)]
    own = {name for name, value in namespace.items()
           if inspect.isfunction(value) and value.__module__ == "__main__"}
    for name in sorted(set(functions) | own):
        function = namespace.get(name)
        if inspect.isfunction(function):
            try:
                sources.append(textwrap.dedent(inspect.getsource(function)))
            except (OSError, TypeError):
                continue
            if function.__name__ != name and function.__name__.isidentifier():
                sources.append(f"{name} = {function.__name__}")
    return NotebookCode(sources)
