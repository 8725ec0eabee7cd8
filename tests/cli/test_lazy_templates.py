"""Narrative templates compile on their first search past the needle test; E240 stays a lint diagnostic and is an
error finding (not a traceback) if an over-budget template is searched during a check."""
import json

from click.testing import CliRunner

from engine.cli.main import cli
from engine.functions.narrative import TemplateError, compile_template
from engine.language.runtime import EvalError
from engine.resources import sample

SAMPLE = str(sample("yangquan-czj-2024.json"))
# RE2 expands each {*}/{原因} into up to 200 copies of a multi-byte class: 80 pairs exceed its memory budget
HUGE = "".join("收入{*}支出{原因}" for _ in range(80)) + "{金额}万元"


def test_a_template_is_compiled_only_past_its_needles():
    tpl = compile_template("本年度一般公共预算财政拨款支出{金额}万元测试专用")
    assert tpl.find("没有这些字的一段话") is None
    assert not tpl._compiled  # no search reached RE2
    assert tpl.find("本年度一般公共预算财政拨款支出12.5万元测试专用").amount.value == 12.5
    assert len(tpl._compiled) == 1


def test_over_budget_is_raised_by_verify_and_is_an_eval_error_on_search():
    tpl = compile_template(HUGE)  # compiling the template itself stays cheap
    try:
        tpl.verify()
        raise AssertionError("verify should have raised E240")
    except TemplateError as err:
        assert err.code == "E240"
    assert tpl.find("与此无关") is None  # the needles answer first
    try:
        tpl.find("收入和支出共1万元")
        raise AssertionError("a search should have raised E240")
    except EvalError as err:
        assert err.code == "E240"


def _book(tmp_path):
    book = tmp_path / "huge.yaml"
    book.write_text(
        "rulebook: {id: t, 版本: '1'}\n规则:\n  - 编号: X01\n    名称: 过长模板\n    级别: error\n    类别: 文表一致\n"
        f"    规则: 文中金额(情况说明.一, \"{HUGE}\") == 公开01.收入总计\n", "utf-8")
    return str(book)


def test_lint_reports_e240_and_check_reports_an_error_finding(tmp_path):
    runner = CliRunner()
    linted = runner.invoke(cli, ["lint", "--rulebook", _book(tmp_path), "--format", "json"])
    assert linted.exit_code == 1, linted.output
    assert "E240" in {d["code"] for d in json.loads(linted.stdout)["diagnostics"]}
    # at run time the first search past the needles meets RE2's budget: the rule is 不可核 with the reason
    checked = runner.invoke(cli, ["check", SAMPLE, "--rulebook", _book(tmp_path), "--format", "json"])
    assert checked.exception is None or isinstance(checked.exception, SystemExit), checked.output
    findings = [f for f in json.loads(checked.stdout)["findings"] if f["rule"] == "X01"]
    assert [f["status"] for f in findings] == ["not_checkable"]
    assert "过于复杂" in findings[0]["message"]


def test_a_presence_test_of_a_template_over_budget_is_not_checkable_not_missing(tmp_path):
    """有值(…) answers from the fast probe: a template RE2 cannot compile is no proof the words are missing."""
    book = tmp_path / "probe.yaml"
    book.write_text(
        "rulebook: {id: t, 版本: '1'}\n规则:\n  - 编号: X02\n    名称: 过长模板\n    级别: error\n    类别: 文表一致\n"
        f"    规则: 有值(文中金额(情况说明.一, \"{HUGE}\"))\n", "utf-8")
    checked = CliRunner().invoke(cli, ["check", SAMPLE, "--rulebook", str(book), "--format", "json"])
    findings = [f for f in json.loads(checked.stdout)["findings"] if f["rule"] == "X02"]
    assert [f["status"] for f in findings] == ["not_checkable"], findings
    assert "过于复杂" in findings[0]["message"]
