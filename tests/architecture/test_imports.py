"""The package's imports form no cycle (imports inside functions included), and the language never imports a
built-in function: the registry is handed to it."""
from __future__ import annotations

from tests.architecture.imports import cycles, graph


def test_the_cycle_finder_finds_a_cycle_through_a_lazy_import() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_imports_inside_functions_are_edges() -> None:
    edges = graph()  # engine/rules/loader.py imports the environment inside a function, to start fast
    assert "engine.language.environment" in edges["engine.rules.loader"]
    assert "engine.functions.builtins" in edges["engine.cli.eval"]


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_the_language_never_imports_a_function() -> None:
    edges = graph()
    crossing = sorted((a, b) for a, targets in edges.items() for b in targets
                      if a.startswith("engine.language") and b.startswith("engine.functions"))
    assert crossing == []


def test_the_compiler_dispatches_every_node_type_through_its_table() -> None:
    from engine.language import nodes as n
    from engine.language.compiler.dispatch import HANDLERS

    expression_types = {t for t in vars(n).values() if isinstance(t, type) and issubclass(t, n.Node)
                        and t is not n.Node and t not in (n.Key, n.Level, n.Prefix, n.Range, n.All, n.Same)}
    assert set(HANDLERS) == expression_types  # selectors are compiled by their Index
