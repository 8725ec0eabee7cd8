"""The rulebook loader: bilingual keys, positions, extends, and diagnostics instead of tracebacks."""
from decimal import Decimal

import pytest

from engine.checking.check import check
from engine.diagnostics import render
from engine.rules.loader import RulebookError, load_rulebook

BASE = """\
rulebook:
  id: base
  版本: "1"
定义:
  基本合计: 公开05.合计.基本支出
规则:
  - 编号: T11
    名称: 一般公共预算表横向平衡
    级别: error
    类别: 表内平衡
    规则: 每个 r 属于 公开05[*]：r.合计 == r.基本支出 + r.项目支出
  - id: X99
    name: 基本支出不少于10
    severity: warning
    category: 表内平衡
    expr: 基本合计 >= 10
"""


def test_chinese_and_english_keys_load_the_same_rule(write, tiny_doc):
    book = load_rulebook(write("default.yaml", BASE))
    assert [r.id for r in book.rules] == ["T11", "X99"]
    assert book.rule("T11").severity == "error" and book.rule("X99").severity == "warning"
    assert book.rule("T11").origins["expr"].line == 11
    assert check(tiny_doc, book).summary.passed == 2


def test_a_province_extends_switches_off_and_raises_severity(write, tiny_doc):
    write("default.yaml", BASE)
    province = write("shanxi.yaml", """\
rulebook:
  id: shanxi
  扩展: default.yaml
  停用: [T11]
  级别调整: {X99: error}
""")
    book = load_rulebook(province)
    assert [r.id for r in book.rules] == ["X99"]
    assert book.rule("X99").severity == "error"
    tiny_doc.tables["公开05"].rows[0].cells["基本支出"].value = Decimal("0.00")
    report = check(tiny_doc, book)
    assert [(f.rule, f.severity) for f in report.findings] == [("X99", "error")]


def test_unknown_key_and_duplicate_id_are_diagnosed_with_position(write):
    path = write("default.yaml", BASE.replace("    类别: 表内平衡\n    规则: 每个", "    类型: 表内平衡\n    规则: 每个", 1)
                 + BASE[BASE.index("  - id: X99"):])
    with pytest.raises(RulebookError) as caught:
        load_rulebook(path)
    codes = sorted(d.code for d in caught.value.diagnostics)
    assert codes == ["E503", "E504", "E510"]
    unknown = next(d for d in caught.value.diagnostics if d.code == "E503")
    text = render(unknown)
    assert text.startswith(f"{path}:10:5: 错误 E503 无法识别的键「类型」")
    assert "类别" in text  # the suggestion


def test_a_bad_expression_points_at_the_file_line_and_column(write):
    path = write("default.yaml", BASE.replace("r.合计 == r.基本支出", "r.合计 == r.基本支处"))
    with pytest.raises(RulebookError) as caught:
        load_rulebook(path)
    (diag,) = caught.value.diagnostics
    line, column = diag.position()
    assert (line, column) == (11, 33)  # the reference r.基本支处
    assert "基本支出" in render(diag)


def test_yaml_syntax_error_is_a_diagnostic(write):
    path = write("default.yaml", "rulebook:\n  id: [x\n")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(path)
    assert caught.value.diagnostics[0].code == "E502"
