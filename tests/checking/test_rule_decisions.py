"""check.py decides what a rule needs and whether its pass is a table's own arithmetic from the compiled rule
(engine/language/analysis.py), not from its text: a part named only inside a string is not needed; a part read
through a function or a definition is; an own sum in any category is one; a `>=` of sums or a `+` inside a string is
not."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.checking.check import _needs_unread, check
from engine.importers import load_disclosure
from engine.model import Reading
from engine.rules.loader import load_rulebook
from engine.said import say

ROOT = Path(__file__).resolve().parents[2]
_RULES = (
    # 情况说明 only inside a string: reads the cover alone
    ("Z1", "名称年度", '非 包含(封面, "情况说明里没有的字样")'),
    # an own sum written in another category
    ("Z2", "文表一致", "公开05[20106].合计 == 公开05[20106].基本支出 + 公开05[20106].项目支出"),
    # a >= of sums, with an == elsewhere: not an identity
    ("Z3", "表内平衡", "公开05[20106].基本支出 + 公开05[20106].项目支出 >= 公开05[20106].合计 且 1 == 1"),
    # a + inside a string
    ("Z4", "表内平衡", '公开05[20106].合计 >= 0 或 表头(公开05, "表名") == "收入 + 支出"'),
)
_BOOK = """rulebook:
  id: decisions
  版本: "1"
  扩展: default
规则:
""" + "".join(f"""  - 编号: {rule_id}
    名称: 判定{rule_id}
    级别: error
    类别: {category}
    规则: '{text}'
""" for rule_id, category, text in _RULES)
# real rules: Y02 reads the 情况说明 through 方向词不符(), N01 through the definition 收支总体说明
_REAL = ("Y02", "N01")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "decisions.yaml"
    path.write_text(_BOOK, "utf-8")
    loaded = load_rulebook(path, strict=False)
    assert not loaded.errors
    rules = [r for r in loaded.rules if r.id.startswith("Z") or r.id in _REAL]
    return type(loaded)(**{**loaded.__dict__, "rules": rules})


def _outcomes(book, reading: list[Reading]) -> dict[str, tuple[str, str]]:
    doc = load_disclosure(ROOT / "samples" / "yangquan-czj-2024.json")
    doc.reading = reading
    return dict(check(doc, book).outcomes)


def test_as_read_every_rule_is_judged(book):
    outcomes = _outcomes(book, [])
    assert {rule_id: status for rule_id, (status, _) in outcomes.items()} == dict.fromkeys(
        ["Z1", "Z2", "Z3", "Z4", "Y02", "N01"], "pass")


def test_a_partly_read_narrative_makes_the_rules_reading_it_not_checkable(book):
    outcomes = _outcomes(book, [Reading(item="情况说明", kind="part", status="partly_read", reason="章节未能全部分开")])
    assert outcomes["Y02"] == ("not_checkable", "情况说明")  # through a function
    assert outcomes["N01"] == ("not_checkable", "情况说明")  # through a definition
    assert outcomes["Z1"] == ("pass", "")  # the word inside a string is not the part


def test_own_sums_over_placed_rows_are_not_passes_whatever_the_category(book):
    placed = Reading(item="公开05", kind="table", status="read", placed_by_sums=["20106"],
                     reason=say("I22", table="公开05", n=1, lines="10"))
    outcomes = _outcomes(book, [placed])
    assert outcomes["Z2"] == ("not_checkable", "公开05")  # 文表一致, but 公开05's own sum over the placed row
    assert outcomes["Z3"] == ("pass", "")  # >= of sums: a check, not the arithmetic that placed the row
    assert outcomes["Z4"] == ("pass", "")  # the + is inside a string


@pytest.fixture(scope="module")
def every_table():
    """Rules reading every table: through a function (同表科目重复, 金额单位疑误: 情况说明 and every table) and
    through 公开表 (T21a, 表内平衡; C10c, 完整性, whose pass stands)."""
    loaded = load_rulebook()
    return type(loaded)(**{**loaded.__dict__, "rules": [r for r in loaded.rules if r.id in ("H06", "N80", "C10c")]})


def test_a_table_partly_read_for_its_amounts_makes_the_rules_reading_every_table_not_checkable(every_table):
    assert {k: v[0] for k, v in _outcomes(every_table, []).items()} == dict.fromkeys(("H06", "N80", "C10c"), "pass")
    outcomes = _outcomes(every_table, [Reading(item="公开05", kind="table", status="partly_read", reason="行未能读全")])
    assert outcomes["H06"] == ("not_checkable", "公开05")  # names no table; its function reads every one
    assert outcomes["N80"] == ("not_checkable", "公开05")
    assert outcomes["C10c"] == ("pass", "")  # a 完整性 pass stands whatever was not read


def test_names_only_doubt_is_not_needed_by_reading_every_table(every_table):
    """A table whose amounts are certain and some rows' names in doubt is asked in the rule's run (names_read.py),
    not made 不可核 up front because the rule reads every table."""
    names = Reading(item="公开05", kind="table", status="partly_read", reason="名称存疑", uncertain=["names"],
                    rows=["20106"])
    amounts = Reading(item="公开06", kind="table", status="partly_read", reason="行未能读全")
    rule = next(r for r in every_table.rules if r.id == "H06")
    assert _needs_unread(rule, {"公开05": names, "公开06": amounts}) == ["公开06"]


def test_findings_of_a_rule_over_every_table_on_the_tables_read_stand():
    """T21a (行次断号 over every table) finds 公开10's numbering gap 15 → 17 in the sample. With 公开05 partly read the
    finding on 公开10 stands and T21a is listed under 公开05 as not checked there; with 公开10 itself partly read the
    finding is no longer one (不可核), and the rule is not a pass either."""
    loaded = load_rulebook()
    book = type(loaded)(**{**loaded.__dict__, "rules": [r for r in loaded.rules if r.id == "T21a"]})
    doc = load_disclosure(ROOT / "samples" / "yangquan-czj-2024.json")
    as_read = check(doc, book)
    assert as_read.outcomes["T21a"] == ("fail", "") and [f.refs[0].table for f in as_read.findings] == ["公开10"]
    for item, outcome, tables in (("公开05", ("fail", ""), ["公开10"]), ("公开10", ("not_checkable", "公开10"), [])):
        doc.reading = [Reading(item=item, kind="table", status="partly_read", reason="行未能读全")]
        report = check(doc, book)
        assert report.outcomes["T21a"] == outcome
        assert [f.refs[0].table for f in report.findings if f.rule == "T21a"] == tables
        assert report.notes["unread"] == {item: ["T21a"]}


def test_a_rule_over_every_table_is_judged_over_an_uncertain_tables_readings(tmp_path):
    """czj through pdfplumber prints 公开09 as 0.95 0.95 alone: four possible readings, no more. A rule reading every
    table (H06, C10e: Rule.reads.every_table, not its text) is judged in each of them, like a rule naming 公开09, and
    passes as in the PDF; it is not 不可核 for a table whose every reading it can check."""
    from engine.render.derive import pdfplumber_text

    text = tmp_path / "czj.txt"
    text.write_bytes(pdfplumber_text(ROOT / "samples" / "shanghai-putuo-czj-2024.pdf"))
    doc = load_disclosure(text)
    assert doc.tables["公开09"].ambiguous  # the premise: 公开09 is uncertain in this form
    outcomes = check(doc, load_rulebook()).outcomes
    assert load_rulebook().rule("H06").reads.every_table
    assert outcomes["H06"] == ("pass", "") and outcomes["C10e"] == ("pass", "")
