"""The figures a finding prints are the ones its rule compared (issue 18 point 11): a wrong stated rate is shown
against the rate the tables give (never a prior-year base or an exemption's 0), and one finding is printed once."""
import re
from decimal import Decimal
from pathlib import Path

import pytest

from engine.checking.check import check
from engine.importers import load_disclosure
from engine.rules.examples import build_document, normalise_example
from engine.rules.loader import load_rulebook

BOOK = load_rulebook()
ROOT = Path(__file__).resolve().parents[2]
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def _rate_cases():
    """Failing examples of rules printing `{左}% … {右}%` that change only a stated percentage."""
    for rule in BOOK.rules:
        if "{左}%" not in (rule.message or "") or "{右}%" not in (rule.message or ""):
            continue
        for index, raw in enumerate(rule.examples):
            example = normalise_example(raw)
            if str(example.get("expect")).strip() not in ("fail", "不通过") or example.get("set"):
                continue
            for _, old, new in example.get("replace") or []:
                was, now = _PERCENT.findall(old), _PERCENT.findall(new)
                if len(was) == len(now) == 1 and _PERCENT.sub("", old) == _PERCENT.sub("", new):
                    yield pytest.param(rule, example, Decimal(was[0]), Decimal(now[0]), id=f"{rule.id}/{index}")


CASES = list(_rate_cases())


def test_there_are_rate_cases():
    assert len({c.values[0].id for c in CASES}) >= 6  # Y01a–g, N03c, N06b …: the test is not vacuous


@pytest.mark.parametrize("rule, example, right_rate, stated", CASES)
def test_a_wrong_rate_is_shown_against_the_computed_rate(rule, example, right_rate, stated):
    doc = build_document(rule, example)
    report = check(doc, type(BOOK)(**{**BOOK.__dict__, "rules": [rule]}))
    findings = [f for f in report.findings if f.rule == rule.id and f.status == "fail"]
    assert findings, report.findings
    half = Decimal(1).scaleb(-len(str(right_rate).partition(".")[2])) / 2  # the printed rate's rounding
    for finding in findings:
        figures = [Decimal(x) for x in _PERCENT.findall(finding.message)]
        # the stated (injected) rate, then the rate computed from the tables: the one the document printed before
        assert figures[:1] == [stated], finding.message
        assert len(figures) >= 2 and abs(figures[1] - right_rate) <= half + Decimal("0.0001"), finding.message


_DOUBLE = """rulebook:
  id: double
  版本: "1"
  扩展: default
规则:
  - 编号: D01
    名称: 同一部分写了两次
    级别: error
    类别: 表内平衡
    规则: (公开01.本年收入合计 == 1 且 公开01.本年收入合计 == 1) 且 公开01.本年支出合计 == 2
    提示: 公开01 金额 {左} 不是 {右}
    英文提示: "公开01 amount {左} is not {右}"
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_same_finding_is_reported_once(tmp_path, lang):
    """A part read twice fails twice with the same text: one finding; a different part is still its own."""
    book_file = tmp_path / "double.yaml"
    book_file.write_text(_DOUBLE, "utf-8")
    book = load_rulebook(book_file, strict=False)
    book = type(book)(**{**book.__dict__, "rules": [r for r in book.rules if r.id == "D01"]})
    doc = load_disclosure(ROOT / "samples" / "yangquan-czj-2024.json")
    findings = [f for f in check(doc, book, lang=lang).findings if f.rule == "D01"]
    messages = [f.message for f in findings]
    assert len(messages) == len(set(messages)) == 2, messages  # 本年收入合计 once, 本年支出合计 once
