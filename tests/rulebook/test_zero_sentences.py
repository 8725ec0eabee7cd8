"""Zero spending and zero bases (issue 18, class 8), on the real sample, as a checker uses it.

The sample's 三公 section is the template's "no such spending" case: every amount 0 and each reason the template's
own sentence (本单位无因公出国(境)支出). That sentence, in any of the wordings departments use, must satisfy every
"explain the change" rule: replacing it changes no finding. A rise on a zero base is stated as 新增; stated as a
percentage it is reported (Y06b), wherever it is written."""
from pathlib import Path

import pytest

from engine.checking.check import check
from engine.rules.examples import build_document, outcome
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "yangquan-czj-2024.json"
REASON = "主要原因是：本单位无因公出国（境）支出"


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook")


def _findings(book, replace):
    rule = book.rule("S04")  # any rule: build_document only needs it to find the sample
    doc = build_document(rule, {"sample": SAMPLE, "replace": replace})
    report = check(doc, book)
    return sorted((f.rule, f.severity, f.element or "", f.message) for f in report.findings
                  if f.severity in ("error", "warning"))


@pytest.mark.parametrize("wording", [
    "主要原因是：本年度无此项支出",
    "主要原因是：未发生因公出国（境）费支出",
    "主要原因是：本单位没有因公出国（境）安排",
    "主要原因是：无此项支出",
])
def test_a_zero_spending_sentence_in_any_wording_changes_no_finding(book, wording):
    before = _findings(book, [])
    after = _findings(book, [["情况说明.九", REASON, wording]])
    assert after == before


def test_the_zero_spending_sentence_removed_is_reported(book):
    """The control: without any reason the 三公 change is unexplained (S04), so the test above can fail."""
    rule = book.rule("S04")
    doc = build_document(rule, {"sample": SAMPLE, "replace": [["情况说明.九", "主要原因是：", ""],
                                                               ["情况说明.九.(一)", "主要原因是：", ""]]})
    assert outcome(rule, doc)[0] == "fail"


@pytest.mark.parametrize("section,old,new,expected", [
    # 机关运行经费 134.83 万元: a rise of all of it is a zero base
    ("情况说明.十", "比2023年增加10.71万元，增长8.63%", "比2023年增加134.83万元，增长100.00%", "fail"),
    ("情况说明.十", "比2023年增加10.71万元，增长8.63%", "比2023年新增134.83万元", "pass"),
    # the rise one cent short of the whole is within rounding of it: still a zero base
    ("情况说明.十", "比2023年增加10.71万元，增长8.63%", "比2023年增加134.82万元，增长100.00%", "fail"),
    # a rise that leaves a base (134.83 − 100.00) is a rate like any other
    ("情况说明.十", "比2023年增加10.71万元，增长8.63%", "比2023年增加100.00万元，增长286.04%", "pass"),
])
def test_a_rate_on_a_zero_base_is_stated_as_new(book, section, old, new, expected):
    rule = book.rule("Y06b")
    status, _ = outcome(rule, build_document(rule, {"sample": SAMPLE, "replace": [[section, old, new]]}))
    assert status == expected
