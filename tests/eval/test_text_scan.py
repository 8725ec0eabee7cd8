"""Free text the rules scan: placeholders with their lines, amounts with a money unit, empty tables, section text."""
from __future__ import annotations

from decimal import Decimal

import pytest

from engine.model import Cell, Note, Row, Section, Source, Table
from engine.functions.narrative import flatten
from engine.functions.text import money_amounts, notes_located, placeholders, section_located, sections_located, table_empty


def _section() -> Section:
    return Section(number="十", title="其他重要事项情况说明", text="（一）机关运行经费\n支出134.83万元。\n（二）国有资产\n共有车辆XX辆。",
                   source=Source(line=500), subsections=[
                       Section(number="(一)", title="（一）机关运行经费", text="支出134.83万元。", source=Source(line=502)),
                       Section(number="(二)", title="（二）国有资产", text="共有车辆XX辆。", source=Source(line=506))])


@pytest.mark.parametrize("text,found", [
    ("XX市财政局2024年度决算", ["XX"]), ("××单位", ["××"]), ("联系电话：待填", ["待填"]), ("（此处填写单位职责）", ["此处填写"]),
    ("执行XXXX年预算", ["XXXX"]), ("ＸＸ局", ["ＸＸ"]), ("【部门职责】", []),
    ("Excel 表格", []), ("XXL 号", []), ("第十一条", []), ("2024年度单位决算", []),
])
def test_placeholders(text: str, found: list[str]) -> None:
    items = placeholders(text)
    assert [next(w for w in found if w in i.label) for i in items] == found


def test_placeholder_points_at_its_paragraph() -> None:
    (item,) = placeholders(section_located(_section()))
    assert "车辆XX辆" in item.label and item.source.line == 506


def test_narrative_text_starts_each_section_at_its_line() -> None:
    first = Section(number="一", title="收入", text="收入总计100.00万元。", source=Source(line=400))
    text = sections_located([first, _section()], "情况说明")
    assert text.name == "情况说明" and text.source_at(text.index("收入总计")).line == 400
    assert text.source_at(text.index("134.83")).line == 502


def test_section_text_includes_parts_printed_only_as_parts() -> None:
    flat = Section(number="五", title="一般公共预算", source=Source(line=420), subsections=[
        Section(number="(一)", title="总体情况", text="支出2.60万元。", source=Source(line=422))])
    text = section_located(flat)
    assert "支出2.60万元" in text and text.source_at(text.index("2.60")).line == 422


@pytest.mark.parametrize("text,unit,amounts", [
    ("支出2,014.44万元，占比77.65%，增长2.6%", "万元", ["2014.44"]),
    ("2024年12月31日，共有车辆3辆、在职人员45人，第17行", "万元", []),
    ("单价100万元（含）以上设备2台，50万元以上的项目", "万元", []),
    ("收入6.2 万元，人均补助1500元", "万元", ["6.2"]),
    ("收入6.2 万元，人均补助1500元", "元", ["1500"]),
    ("支出０．３万元", "万元", ["0.3"]),
])
def test_money_amounts(text: str, unit: str, amounts: list[str]) -> None:
    found = money_amounts(flatten(text), unit)
    assert [str(v) for v, _, _ in found] == amounts
    assert all(isinstance(v, Decimal) for v, _, _ in found)


def _table(*values: tuple[str, str | None], notes: list[Note] | None = None) -> Table:
    cells = {f"c{i}": Cell(kind=kind, value=Decimal(v) if kind == "number" else None, text=v or "")
             for i, (kind, v) in enumerate(values)}
    return Table(id="公开07", title="政府性基金", rows=[Row(key="合计", label="合计", cells=cells)], notes=notes or [])


def test_empty_table() -> None:
    assert table_empty(_table(("blank", None), ("na", None)))
    assert table_empty(Table(id="公开09", title="三公"))
    assert not table_empty(_table(("blank", None), ("number", "0.00")))  # printed zeros are figures, not "no data"
    assert not table_empty(_table(("blank", None), ("number", "0.01")))
    assert not table_empty(_table(("text", "见说明")))


def test_notes_as_text_keep_their_lines() -> None:
    notes = [Note(text="注：本表反映……", source=Source(line=329)), Note(text="说明：本表无数据", kind="no_data",
                                                                    source=Source(line=331))]
    text = notes_located(_table(("blank", None), notes=notes))
    assert text.name == "公开07表注" and text.source_at(text.index("无数据")).line == 331


def test_placeholder_scan_tries_the_pattern_only_where_a_match_can_start() -> None:
    import random

    from engine.functions.text import _PLACEHOLDER, _placeholder_matches

    rng = random.Random(5)
    alphabet = "XxＸｘ×＊*○待填写补充此处请A中 "
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(2000)]
    found = 0
    for text in texts:
        expected = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
        assert [(m.start(), m.end()) for m in _placeholder_matches(text)] == expected, text
        found += len(expected)
    assert found > 500  # the strings do hold placeholders, so the comparison compares something


@pytest.mark.parametrize("fast, plain, alphabet", [
    ("engine.functions.text:_MONEY", "engine.functions.text:_MONEY_PLAIN", "0123456789.,万元 中"),
    ("engine.functions.stated:_PERCENT", "engine.functions.stated:_PERCENT_PLAIN", "0123456789.,-% 中"),
])
def test_amount_patterns_match_what_they_say_as_written(fast: str, plain: str, alphabet: str) -> None:
    import importlib
    import random
    import re

    def get(path: str):
        module, name = path.split(":")
        return getattr(importlib.import_module(module), name)

    rewritten, written = get(fast), re.compile(get(plain))
    rng = random.Random(9)
    matched = 0
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        expected = [(m.span(), m.groups()) for m in written.finditer(text)]
        assert [(m.span(), m.groups()) for m in rewritten.finditer(text)] == expected, text
        matched += len(expected)
    assert matched > 1000


@pytest.mark.parametrize("spaced", ["较上年减少0.15 万元，下降（增长）27.78%，其他", "较上年减少 0.15　万元，下降（增长）27.78%，其他",
                                    "较上年减少0.15万元， 下降（增长）27.78%， 其他"])
def test_the_words_quoted_around_a_placeholder_do_not_depend_on_layout_spaces(spaced: str) -> None:
    """A space before 万元 (or a full-width one) is layout: the finding quotes the same printed characters."""
    plain = "较上年减少0.15万元，下降（增长）27.78%，其他"
    assert [i.label for i in placeholders(spaced)] == [i.label for i in placeholders(plain)]
    assert [i.label for i in placeholders(plain)] == ["少0.15万元，下降（增长）27.78%，其"]
