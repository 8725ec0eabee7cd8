"""Printed precision and title blocks: where findings from 小数位数/文中所有百分比 and 表头 point."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from engine.functions.stated import all_percents
from engine.functions.narrative import flatten
from engine.importers import load_disclosure
from engine.functions.builtins import BUILTINS
from engine.language.environment import Environment

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "yangquan-czj-2024.json"


def test_all_percents_keep_printed_precision_and_words():
    found = all_percents(flatten("收入增长1,234.5％，占比61.08%；完成率100%。2024年12个月"))
    assert [p.value for p in found] == [Decimal("1234.5"), Decimal("61.08"), Decimal("100")]
    assert [str(p.value) for p in found] == ["1234.5", "61.08", "100"]
    assert [p.tol for p in found] == [Decimal("0.05"), Decimal("0.005"), Decimal("0.5")]
    assert [p.snippet for p in found] == ["收入增长1,234.5%", "占比61.08%", "完成率100%"]


def test_precision_finding_points_at_the_stated_words():
    doc = load_disclosure(SAMPLE)
    rule = Environment.build(functions=BUILTINS).compile("每个 s 属于 情况说明: 每个 p 属于 文中所有百分比(s): 小数位数(p) == 2")
    (v,) = [v for v in rule.run(doc).violations if v.status == "fail"]
    assert v.element.endswith("/ 2.6") and (v.left, v.right) == (Decimal(1), Decimal(2))
    (ref,) = v.refs
    assert ref.label == "增长2.6%" and ref.value == Decimal("2.6")
    printed = SAMPLE.with_suffix(".txt").read_text("utf-8").splitlines()
    (line,) = [i for i, text in enumerate(printed, start=1) if "增长2.6%" in text]  # the sentence, not its heading
    assert ref.source is not None and ref.source.line == line != doc.narrative.sections[4].source.line


def test_header_finding_names_only_the_unprinted_elements():
    doc = load_disclosure(SAMPLE)
    env = Environment.build(functions=BUILTINS)
    run = env.compile('有值(表头(公开02, "年度")) 且 为空(表头(公开01, "年度"))').run(doc, trace=True)
    assert run.status == "pass"
    failed = env.compile('为空(表头(公开02, "年度")) 或 有值(表头(公开01, "表名"))').run(doc)
    (v,) = failed.violations
    assert [(r.table, r.label) for r in v.refs] == [("公开01", "表名")]
    assert v.refs[0].source.line == doc.tables["公开01"].source.line
