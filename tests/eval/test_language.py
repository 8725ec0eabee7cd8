"""Definitions, cycles, traces, explanations and `rulebook eval` on the fixture and the sample."""
from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli.main import cli
from engine.diagnostics import DiagnosticError, Origin
from engine.checking.explain import explain
from engine.functions.builtins import BUILTINS
from engine.language.environment import Environment
from tests.eval.fixtures import disclosure

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "yangquan-czj-2024.json"


def test_definitions_read_as_written():
    env = Environment.build(functions=BUILTINS, definitions={"三公决算": ("公开09.合计.决算数", None), "三公预算": ("公开09.合计.预算数", None)})
    compiled = env.compile("三公决算 <= 三公预算")
    result = compiled.run(disclosure())
    assert result.status == "fail"
    (v,) = result.violations
    assert (v.left, v.right, v.difference) == (Decimal("12.50"), Decimal("12.00"), Decimal("0.50"))
    assert {r.column for r in v.refs} == {"决算数", "预算数"}
    assert compiled.tables == frozenset({"公开09"})


def test_definition_cycle_is_diagnosed_where_written():
    with pytest.raises(DiagnosticError) as err:
        Environment.build(functions=BUILTINS, definitions={"甲": ("乙 + 1", Origin("rules.yaml", 3, 9)), "乙": ("甲 * 2", Origin("rules.yaml", 4, 9))})
    cycles = [d for d in err.value.diagnostics if d.code == "E207"]
    assert cycles and "甲" in cycles[0].message_zh and "乙" in cycles[0].message_zh
    assert cycles[0].origin.file == "rules.yaml"


def test_unknown_name_in_definition_suggests():
    with pytest.raises(DiagnosticError) as err:
        Environment.build(functions=BUILTINS, definitions={"x": ("公开01.本年支出合记", Origin("d.yaml", 2, 5))})
    (d,) = err.value.diagnostics
    assert d.code == "E202" and "是否是「本年支出合计」？" in d.hint_zh and d.position() == (2, 5)


def test_rule_diagnostics_are_all_reported():
    with pytest.raises(DiagnosticError) as err:
        Environment.build(functions=BUILTINS).compile("公开05.合记 == 公开01.本年支出合记")
    assert [d.code for d in err.value.diagnostics] == ["E202", "E202"]


def test_violation_carries_cells_and_steps_when_traced():
    compiled = Environment.build(functions=BUILTINS).compile("每个 r 属于 公开05[*]: r.合计 == r.基本支出 + r.项目支出")
    result = compiled.run(disclosure(), trace=True)
    fail = next(v for v in result.violations if v.status == "fail")
    assert fail.element.startswith("2080505")
    assert [(r.column, r.value) for r in fail.refs] == [("合计", Decimal("40.00")), ("基本支出", Decimal("30.00")),
                                                        ("项目支出", None)]
    assert all(r.source is not None and r.source.line for r in fail.refs)
    assert any(s.text == "r.基本支出 + r.项目支出" and s.value == Decimal("30.00") for s in fail.steps)
    error = next(v for v in result.violations if v.status == "error")
    assert error.code == "E403" and "待定" in error.message_zh


def test_fast_run_has_no_trace_but_same_verdict():
    compiled = Environment.build(functions=BUILTINS).compile("sum(公开06[302*]) == 公开06[302]")
    fast, traced = compiled.run(disclosure()), compiled.run(disclosure(), trace=True)
    assert fast.status == traced.status == "rounding"
    assert fast.violations[0].steps is None and traced.violations[0].steps
    assert traced.violations[0].tolerance == Decimal("0.020")


def test_explain_reads_like_worked_arithmetic():
    doc = disclosure()
    text = explain(Environment.build(functions=BUILTINS).compile("sum(公开06[302*]) == 公开06[302]"), doc)
    assert "公开06[30201] 办公费「决算数」 = 3.33" in text
    assert "容差 ±0.015" in text  # the sum of three printed items
    assert "尾数差异" in text and "相差 0.01" in text and "±0.020" in text
    english = explain(Environment.build(functions=BUILTINS).compile("公开09.合计.决算数 <= 公开09.合计.预算数"), doc, lang="en")
    assert "fails" in english and "12.50" in english


def test_explain_not_checkable_names_the_table():
    text = explain(Environment.build(functions=BUILTINS).compile("公开10.合计 == 0"), disclosure())
    assert "无法核对" in text and "公开10" in text


def test_cli_eval_on_sample():
    runner = CliRunner()
    out = runner.invoke(cli, ["eval", "公开05.合计.基本支出", str(SAMPLE)])
    assert out.exit_code == 0 and out.output.startswith("1230.37")
    out = runner.invoke(cli, ["eval", "sum(公开06[302*]) == 公开06[302]", str(SAMPLE)])
    assert out.exit_code == 0 and out.output.startswith("true") and "尾数差异" in out.output
    out = runner.invoke(cli, ["eval", "公开05.合计 == 公开01.本年支出合计", str(SAMPLE), "--explain"])
    assert out.exit_code == 0 and "（第" in out.output and "结论：成立" in out.output


def test_cli_eval_reports_bad_rule_and_bad_file_in_chinese():
    runner = CliRunner()
    out = runner.invoke(cli, ["eval", "公开05.合计 == 公开01.本年支出合记", str(SAMPLE)])
    assert out.exit_code == 2 and "是否是「本年支出合计」？" in out.output and "^^^" in out.output
    out = runner.invoke(cli, ["eval", "公开05.合计", "/nonexistent/x.json"])
    assert out.exit_code == 2 and "读取文件失败" in out.output and "Traceback" not in out.output


def test_compiled_once_runs_fast():
    compiled = Environment.build(functions=BUILTINS).compile("每个 r 属于 公开05[*]: r.合计 == r.基本支出 + r.项目支出")
    doc = disclosure()
    start = time.perf_counter()
    for _ in range(200):
        compiled.run(doc)
    assert (time.perf_counter() - start) / 200 < 0.005  # well under 5 ms per run, traced re-run included


def test_a_sum_chain_adds_as_its_operators_do():
    """`a + b - c …` runs as one closure, except when explained (which shows each partial sum): both give the
    same value and tolerance, and a comparison reports the same difference."""
    from engine.importers import load_disclosure

    doc = load_disclosure(SAMPLE)
    chain = "公开06[301] + 公开06[302] - 公开06[30201] + 0.005 - 公开06[30101]"
    explained = Environment.build(functions=BUILTINS).compile(chain).value(doc, trace=True)
    assert explained.status == "ok" and len([s for s in explained.steps if "+" in s.text or "-" in s.text]) == 4
    result = Environment.build(functions=BUILTINS).compile(f"{chain} == 0").run(doc)
    (v,) = result.violations
    assert (v.left, v.tolerance) == (explained.value, explained.tolerance) and v.left != 0
