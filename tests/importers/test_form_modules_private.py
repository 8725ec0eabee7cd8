"""The 自评表 reader's modules (forms.py, form_rows.py, form_scores.py, form_national.py) use none of each other's
private names (review F3): what one of them needs from another is public there. Stricter than
tests/architecture/test_private_names.py, which lets modules of one package share helpers."""
from __future__ import annotations

import ast
from pathlib import Path

IMPORTERS = Path(__file__).resolve().parents[2] / "engine" / "importers"
FORM_MODULES = ("forms", "form_rows", "form_scores", "form_national")


def _private_uses(module: str) -> set[str]:
    tree = ast.parse((IMPORTERS / f"{module}.py").read_text(encoding="utf-8"))
    bound = {}  # local name -> the form module it stands for
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module.rpartition(".")[2]
            for alias in node.names:
                if node.module == "engine.importers" and alias.name in FORM_MODULES:
                    bound[alias.asname or alias.name] = alias.name
                elif base in FORM_MODULES and base != module and alias.name.startswith("_"):
                    found.add(f"{base}.{alias.name}")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and isinstance(node.value, ast.Name)
                and node.value.id in bound and bound[node.value.id] != module):
            found.add(f"{bound[node.value.id]}.{node.attr}")
    return found


def test_no_form_module_uses_another_ones_private_names() -> None:
    used = {m: sorted(_private_uses(m)) for m in FORM_MODULES}
    assert {m: names for m, names in used.items() if names} == {}
