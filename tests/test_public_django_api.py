"""The project uses Django through its public API only: no private names, no compiler internals.

The next Django release may rename or remove anything private (DESIGN.md). Every project
Python file outside migrations is read with ``ast`` (nothing is imported from it) for:
a private Django module or name imported; a private name read on a Django module; a
subclass of a Django class overriding or reading the private names it inherits (as the
home-made cache backends did); and query compilers' and cache backends' internals.
"""

import ast
import functools
import importlib
import importlib.util
from pathlib import Path

from django.conf import settings

SCANNED = ["pophariini", "articles", "music", "bench", "tests"]
# What query compilers and cache backends keep for themselves: the shape of a compiled
# query's rows and converters, a backend's method table.
COMPILER_INTERNALS = frozenset(
    {"klass_info", "get_related_populators", "annotation_col_map", "get_converters", "_methods"}
)
# Underscored by name, public by documentation (the Model _meta API, Model._state, managers).
DOCUMENTED = frozenset({"_meta", "_state", "_default_manager", "_base_manager"})


def project_files():
    root = Path(settings.BASE_DIR)
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" not in path.relative_to(root).parts:
                yield path


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_django(module: str) -> bool:
    return module == "django" or module.startswith("django.")


@functools.cache
def is_module(path: str) -> bool:
    try:
        return importlib.util.find_spec(path) is not None
    except (ImportError, ValueError):  # a parent that is a module, not a package
        return False


def django_imports(tree):
    """Import offences of one file, and the local names its imports bind to Django modules and classes."""
    found, modules, classes = [], {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not is_django(alias.name):
                    continue
                if any(is_private(part) for part in alias.name.split(".")):
                    found.append((node.lineno, f"import {alias.name}"))
                modules[alias.asname or "django"] = alias.name if alias.asname else "django"
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module and is_django(node.module):
            if any(is_private(part) for part in node.module.split(".")):
                found.append((node.lineno, f"from {node.module} import ..."))
            for alias in node.names:
                if is_private(alias.name) or alias.name in COMPILER_INTERNALS:
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
                if is_module(f"{node.module}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                elif isinstance(value := public_value(node.module, alias.name), type):
                    classes[alias.asname or alias.name] = value
    return found, modules, classes


def public_value(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def module_of(node, modules):
    """The Django module an expression names (``models.sql`` is ``django.db.models.sql``), or None."""
    if isinstance(node, ast.Name):
        return modules.get(node.id)
    if isinstance(node, ast.Attribute):
        base = module_of(node.value, modules)
        if base and is_module(f"{base}.{node.attr}"):
            return f"{base}.{node.attr}"
    return None


def django_class_of(node, modules, classes):
    """The Django class a base-class expression names (``FileBasedCache``, ``models.QuerySet``), or None."""
    if isinstance(node, ast.Name) and node.id in classes:
        return classes[node.id]
    if isinstance(node, ast.Attribute) and (module := module_of(node.value, modules)):
        value = public_value(module, node.attr)
        return value if isinstance(value, type) else None
    return None


def inherited_private_names(tree, modules, classes):
    """(line, what) for subclasses of Django classes that override or read the private names they inherit."""
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        bases = [django_class_of(base, modules, classes) for base in cls.bases]
        inherited = {
            name
            for base in bases
            if base
            for name in dir(base)
            if is_private(name) and name not in DOCUMENTED
        }
        for node in ast.walk(cls):
            if isinstance(node, ast.FunctionDef) and node.name in inherited:
                yield node.lineno, f"overrides Django's private {cls.name}.{node.name}"
            elif (
                isinstance(node, ast.Attribute)
                and node.attr in inherited
                and isinstance(node.value, ast.Name | ast.Call)  # self._x, cls._x, super()._x
            ):
                yield node.lineno, f"reads Django's private {cls.name}.{node.attr}"


def attributes_read(tree):
    """(node, owner expression, attribute name) for ``owner.name`` and ``getattr(owner, "name")``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            yield node, node.value, node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr", "setattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            yield node, node.args[0], node.args[1].value


def offences_in(source: str) -> list[tuple[int, str]]:
    """Private Django names and compiler internals one file uses, as (line, what)."""
    tree = ast.parse(source)
    found, modules, classes = django_imports(tree)
    found += inherited_private_names(tree, modules, classes)
    for node, owner, name in attributes_read(tree):
        if name in COMPILER_INTERNALS:
            found.append((node.lineno, f"compiler internals: {name}"))
        elif is_private(name) and (module := module_of(owner, modules)):
            found.append((node.lineno, f"private name: {module}.{name}"))
    # A compiler function imported by name, then called.
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in COMPILER_INTERNALS:
            found.append((node.lineno, f"compiler internals: {node.id}"))
    return sorted(set(found))


def test_the_checker_finds_each_kind_of_offence():
    source = """
import django.db.models._private
from django.db.models.sql import compiler
from django.db.models.query import get_related_populators
from django.utils import timezone
from django.utils.functional import _lazy_proxy
from django.db import connection, models
from django.core.cache.backends.filebased import FileBasedCache

class Files(FileBasedCache):
    def _cull(self):
        self._own = self._key_to_file("k")

class Article(models.Model):
    def save(self):
        self._meta.get_field("title")

compiler._helper
getattr(timezone, "_get_timezone_name")
rows = query.klass_info
converters = compiler_object.get_converters(expressions)
cache._cache._methods
connection.ops.quote_name("a")
model._meta.get_field("title")
timezone.__name__
"""
    assert [what for _line, what in offences_in(source)] == [
        "import django.db.models._private",
        "from django.db.models.query import get_related_populators",
        "from django.utils.functional import _lazy_proxy",
        "overrides Django's private Files._cull",
        "reads Django's private Files._key_to_file",
        "private name: django.db.models.sql.compiler._helper",
        "private name: django.utils.timezone._get_timezone_name",
        "compiler internals: klass_info",
        "compiler internals: get_converters",
        "compiler internals: _methods",
    ]


def test_project_code_uses_only_public_django_names():
    root = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(root)}:{line}: {what}"
        for path in project_files()
        for line, what in offences_in(path.read_text())
    ]
    assert not found, "Private Django names or compiler internals:\n" + "\n".join(found)
