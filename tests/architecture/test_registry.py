"""Every built-in function is one registry entry, compiled by its own hook and by nothing else; the README's function
table and `rulebook functions` are generated from the registry."""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.diagnostics import DiagnosticError
from engine.functions.builtins import BUILTINS
from engine.functions.reference import markdown, readme_section
from engine.functions.registry import Function, Registry
from engine.language.environment import Environment
from tests.architecture.imports import modules

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = list(BUILTINS)


def _recording(entries: list[Function], seen: list[str]) -> Registry:
    """The same entries, each hook noting its entry's name before it compiles."""
    def wrap(fn: Function) -> Function:
        def hook(compiler, node, entry):  # type: ignore[no-untyped-def]
            seen.append(entry.name)
            return fn.compile(compiler, node)
        return dataclasses.replace(fn, hook=hook)
    return Registry([wrap(fn) for fn in entries], BUILTINS.document)


@pytest.mark.parametrize("fn", ENTRIES, ids=[f.name for f in ENTRIES])
def test_every_name_of_a_function_is_compiled_by_its_entry(fn: Function) -> None:
    assert fn.example.split("(")[0] in fn.names
    call_args = fn.example[fn.example.index("("):]
    for name in fn.names:
        seen: list[str] = []
        Environment.build(functions=_recording(ENTRIES, seen)).compile(name + call_args)
        assert fn.name in seen  # (an argument may call another function: 数值不符(文中数值(…), …))
        assert seen[0] == fn.name


@pytest.mark.parametrize("fn", ENTRIES, ids=[f.name for f in ENTRIES])
def test_without_its_entry_a_function_is_unknown(fn: Function) -> None:
    others = Registry([f for f in ENTRIES if f is not fn], BUILTINS.document)
    with pytest.raises(DiagnosticError) as caught:
        Environment.build(functions=others).compile(fn.example)
    assert [d.code for d in caught.value.diagnostics] == ["E204"]


def test_a_new_function_is_one_entry() -> None:
    """同比增长率(本年, 上年): one entry added to a registry, nothing else."""
    from decimal import Decimal

    from engine.language.numbers import Amount
    from tests.eval.fixtures import disclosure

    growth = Function("growth", ("growth", "同比增长率"), ("num", "num"), "num", "同比增长率（%）", "growth rate (%)",
                      lambda this, last: (this - last) / last * Amount.exact(100), example="同比增长率(110, 100)")
    env = Environment.build(functions=Registry([*ENTRIES, growth], BUILTINS.document))
    assert env.compile("同比增长率(110, 100)").value(disclosure()).value == Decimal(10)


def test_the_compiler_names_no_function() -> None:
    """No Chinese function name is written anywhere in the language (a name there would be compiled beside the
    registry); English names double as value kinds (blank, count), so they are checked by the tests above."""
    names = {x for fn in ENTRIES for x in fn.names if not x.isascii()}
    found = []
    for module, path in modules().items():
        if module.startswith("engine.language"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                    found.append((module, node.lineno, node.value))
    assert found == []


def test_readme_function_table_is_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown(BUILTINS) in readme
    assert readme_section(readme, BUILTINS) == readme, "regenerate: python -m engine.functions.reference README.md"


def test_rulebook_functions_lists_every_function_in_chinese_and_english() -> None:
    from engine.cli.main import cli

    zh = CliRunner().invoke(cli, ["functions"])
    en = CliRunner().invoke(cli, ["--lang", "en", "functions"])
    assert zh.exit_code == en.exit_code == 0
    for fn in ENTRIES:
        for out in (zh.output, en.output):
            assert fn.signature("zh") in out and fn.signature("en") in out
        assert fn.zh in zh.output and fn.en in en.output
    assert "求和(数值列表) → 数值" in zh.output and "sum(list) → number" in en.output
