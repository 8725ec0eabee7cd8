"""No engine module reaches into another package's private names: a name with a leading underscore is its module's
own, and a module of another package that needs it gets a public one instead (a private name can change without
notice to whoever uses it). Within one package, modules share their helpers freely. Read from the source, imports
inside functions included, and `module._name` after `from pkg import module` / `import pkg.module as m` too."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.imports import modules

# (importing module, module it reaches into, name) allowed to reach a private name: none (the five found in session 11
# were given public names in session 12).
KNOWN: set[tuple[str, str, str]] = set()


def _package(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _resolve(node: ast.ImportFrom, package: str) -> str:
    base = node.module or ""
    if node.level:  # relative: from the package, up level-1 packages
        up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        base = ".".join([*up, base] if base else up)
    return base


def reaches(source: str, name: str, path: Path, known: dict[str, Path]) -> set[tuple[str, str, str]]:
    """(module, target module, private name) for every private name of another package's module `source` uses."""
    package = _package(name, path)
    tree = ast.parse(source)
    found: set[tuple[str, str, str]] = set()
    bound: dict[str, str] = {}  # local name -> the engine module it stands for

    def foreign(target: str) -> bool:
        return target in known and _package(target, known[target]) != package and target != name

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _resolve(node, package)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in known:  # a module: its attributes are looked at below
                    bound[alias.asname or alias.name] = sub
                    if _private(alias.name) and foreign(base):
                        found.add((name, base, alias.name))
                elif _private(alias.name) and foreign(base):
                    found.add((name, base, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known and alias.asname:
                    bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            dotted = _dotted(node.value)
            target = bound.get(dotted) or (dotted if dotted in known else None) if dotted else None
            if target is not None and foreign(target):
                found.add((name, target, node.attr))
    return found


def _dotted(node: ast.expr) -> str | None:
    """`a.b.c` as text, for a chain of names; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def test_the_finder_sees_private_names_imported_or_looked_up_across_packages() -> None:
    known = modules()
    here = known["engine.checking.cluster"]
    source = ("from engine.rules.loader import _Reader, load_rulebook\n"
              "from engine.checking.job import _same_package\n"
              "def f():\n"
              "    from engine.rules import loader\n"
              "    import engine.rules.cache as kept\n"
              "    return loader._read_book, kept._digest, loader.__doc__, engine.rules.loader._lines\n")
    assert reaches(source, "engine.checking.cluster", here, known) == {
        ("engine.checking.cluster", "engine.rules.loader", "_Reader"),
        ("engine.checking.cluster", "engine.rules.loader", "_read_book"),
        ("engine.checking.cluster", "engine.rules.cache", "_digest"),
        ("engine.checking.cluster", "engine.rules.loader", "_lines"),
    }


def test_no_module_uses_another_packages_private_names() -> None:
    known = modules()
    found: set[tuple[str, str, str]] = set()
    for name, path in known.items():
        found |= reaches(path.read_text(encoding="utf-8"), name, path, known)
    assert found - KNOWN == set(), "private names used across packages (give them a public name)"
    assert KNOWN - found == set(), "no longer used: remove from KNOWN"
