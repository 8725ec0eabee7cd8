"""Runs tests/eval/cases.yaml: expression on a document → value, rule status, error code or diagnostic."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from engine.diagnostics import DiagnosticError
from engine.functions.builtins import BUILTINS
from engine.language.environment import Environment
from tests.eval.fixtures import disclosure

CASES = YAML(typ="safe").load((Path(__file__).parent / "cases.yaml").read_text("utf-8"))


@lru_cache(maxsize=None)
def _doc(name: str):
    if name == "sample":
        from engine.importers import load_disclosure
        return load_disclosure(Path(__file__).resolve().parents[2] / "samples" / "yangquan-czj-2024.json")
    return disclosure()


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment.build(functions=BUILTINS)


def _expected(value):
    if isinstance(value, list):
        return [_expected(v) for v in value]
    if isinstance(value, bool):
        return value
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return value


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    if "diagnostic" in case:
        with pytest.raises(DiagnosticError) as err:
            _env().compile(case["expr"])
        codes = [d.code for d in err.value.diagnostics]
        assert case["diagnostic"] in codes, codes
        if "hint" in case:
            assert any(case["hint"] in d.hint_zh for d in err.value.diagnostics), [d.hint_zh for d in err.value.diagnostics]
        return
    compiled = _env().compile(case["expr"])
    doc = _doc(case.get("doc", "fixture"))
    result = compiled.value(doc)
    if "error" in case:
        assert (result.status, result.code) == ("error", case["error"]), result
        assert result.message_zh and result.message_en
    if "not_checkable" in case:
        assert result.status == "not_checkable"
        assert case["not_checkable"] in result.message_zh
    if "value" in case:
        assert result.status == "ok", result
        assert result.value == _expected(case["value"])
    if "tolerance" in case:
        assert result.tolerance == Decimal(case["tolerance"])
    if "status" in case:
        tol = Decimal(case["rule_tolerance"]) if "rule_tolerance" in case else None
        run = compiled.run(doc, tolerance=tol)
        assert run.status == case["status"], run
        if case["status"] == "not_checkable":
            assert run.missing_tables == [case["not_checkable"]]
        if "elements" in case:
            assert [v.element for v in run.violations if v.status != "rounding"] == case["elements"]
