"""Document structure: 目录 entries against the body, 行次/栏次 numbering, the cover's year and 部门/单位 wording."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.catalogue import load_catalogue
from engine.model import Disclosure, Source, SpacerLine, TocEntry
from engine.functions import structure

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "yangquan-czj-2024.json"


@pytest.fixture()
def doc() -> Disclosure:
    return Disclosure.model_validate_json(SAMPLE.read_text("utf-8"))


def _retitle(doc: Disclosure, old: str, new: str) -> None:
    entry = next(e for e in doc.toc if e.title == old)
    entry.title = new


@pytest.mark.parametrize("new", ["（二）机构设置情况", "二.机构设置情况……4", "二、机构设置", "2、机构设置情况说明",
                                 "二、 机构设置 情况"])
def test_title_variants_still_match(doc: Disclosure, new: str) -> None:
    _retitle(doc, "二、机构设置情况", new)
    assert structure.toc_missing(structure.toc_placement(doc, load_catalogue())) == ()


@pytest.mark.parametrize("old,new", [("五、一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出决算表（公开05表）"),
                                     ("第三部分 情况说明", "第三部分 阳泉市财政局2024年度单位决算情况说明"),
                                     ("十、其他重要事项情况说明", "十、其他重要事项的情况说明")])
def test_table_and_part_variants_match(doc: Disclosure, old: str, new: str) -> None:
    _retitle(doc, old, new)
    assert structure.toc_missing(structure.toc_placement(doc, load_catalogue())) == ()
    assert structure.toc_out_of_order(structure.toc_placement(doc, load_catalogue())) == ()


def test_missing_entry_names_the_toc_line(doc: Disclosure) -> None:
    doc.toc.append(TocEntry(title="十一、国有资产占用情况说明", page="21", source=Source(line=50)))
    missing = structure.toc_missing(structure.toc_placement(doc, load_catalogue()))
    assert [(m.label, m.source.line) for m in missing] == [("十一、国有资产占用情况说明", 50)]


def test_missing_part_is_reported(doc: Disclosure) -> None:
    doc.narrative.glossary = []
    doc.parts = [p for p in doc.parts if "名词解释" not in p.text]
    assert [m.label for m in structure.toc_missing(structure.toc_placement(doc, load_catalogue()))] == ["第四部分 名词解释"]


def test_missing_table_is_left_to_c01(doc: Disclosure) -> None:
    assert "公开03" not in doc.tables and any("支出决算表" in e.title for e in doc.toc)
    assert structure.toc_missing(structure.toc_placement(doc, load_catalogue())) == ()


def test_one_misplaced_entry_is_reported_once(doc: Disclosure) -> None:
    # the 目录 lists 名词解释 first: only that entry is out of order, not every entry it jumps over
    glossary = next(e for e in doc.toc if e.title == "第四部分 名词解释")
    doc.toc.remove(glossary)
    doc.toc.insert(0, glossary)
    out = structure.toc_out_of_order(structure.toc_placement(doc, load_catalogue()))
    assert [o.label.split("（")[0] for o in out] == ["第四部分 名词解释"]


def test_swapped_sections_report_one(doc: Disclosure) -> None:
    titles = [e.title for e in doc.toc]
    i, j = titles.index("七、政府性基金预算财政拨款收支决算情况说明"), titles.index("八、国有资本经营预算财政拨款支出决算情况说明")
    doc.toc[i], doc.toc[j] = doc.toc[j], doc.toc[i]
    assert len(structure.toc_out_of_order(structure.toc_placement(doc, load_catalogue()))) == 1


def test_line_gap_names_the_numbers_and_line(doc: Disclosure) -> None:
    gaps = structure.line_number_gaps(doc.tables["公开10"])
    assert [(g.label, g.source.line, g.table) for g in gaps] == [("15 → 17", 397, "公开10")]


def test_two_sided_spacer_rows_count(doc: Disclosure) -> None:
    gk01 = doc.tables["公开01"]
    assert structure.line_number_gaps(gk01) == ()
    gk01.spacer_lines = [s for s in gk01.spacer_lines if s.number != "12"]
    assert [g.label for g in structure.line_number_gaps(gk01)] == ["11 → 13"]


def test_repeated_line_number(doc: Disclosure) -> None:
    gk01 = doc.tables["公开01"]
    gk01.spacer_lines.append(SpacerLine(number="30", side="收入", source=Source(line=148)))
    assert [g.label for g in structure.line_number_gaps(gk01)] == ["30 重复"]


def test_column_gap(doc: Disclosure) -> None:
    gk02 = doc.tables["公开02"]
    gk02.columns[3].number = "9"
    assert [g.label for g in structure.column_number_gaps(gk02)] == ["3 → 9", "9 → 5"]


@pytest.mark.parametrize("text,year,kind", [("2024年度单位决算公开", 2024, "单位决算"), ("2023 年部门决算", 2023, "部门决算"),
                                            ("部门决算公开相关信息统计表", None, None), ("本部门（单位）职责", None, None),
                                            ("2024年度", 2024, None)])
def test_year_and_designation(text: str, year: int | None, kind: str | None) -> None:
    assert (structure.year_in(text) or (None,))[0] == year
    assert (structure.kind_in(text) or (None,))[0] == kind


@pytest.mark.parametrize("rule,expect", [
    ("计数(行次断号(公开05.合计)) == 0", """<规则>:1:9: 错误 E206 行次断号需要表，这里是行
  |
1 | 计数(行次断号(公开05.合计)) == 0
  |               ^^^^^^^^^^^"""),
    ("年份(公开01) == 2024", """<规则>:1:4: 错误 E206 年份需要文字或情况说明章节，这里是表
  |
1 | 年份(公开01) == 2024
  |      ^^^^^^"""),
    ("计数(占位符(公开05)) == 0", """<规则>:1:8: 错误 E206 占位符需要文字或情况说明章节，这里是表
  |
1 | 计数(占位符(公开05)) == 0
  |             ^^^^^^"""),
    ('计数(文中所有金额(情况说明, "万")) > 0', """<规则>:1:17: 错误 E239 金额单位「万」无法识别，可用：万元、元
  |
1 | 计数(文中所有金额(情况说明, "万")) > 0
  |                             ^^^^
  = 提示：是否是「万元」？"""),
    ("求和(每个 r 属于 公开05[类]: r.合计 > 0) > 0", """<规则>:1:21: 错误 E206 求和(每个…属于…)需要数值，这里是真/假判断
  |
1 | 求和(每个 r 属于 公开05[类]: r.合计 > 0) > 0
  |                              ^^^^^^^^^^"""),
])
def test_misuse_is_a_chinese_diagnostic_with_carets(rule: str, expect: str) -> None:
    from engine.diagnostics import DiagnosticError, render
    from engine.language.environment import Environment
    with pytest.raises(DiagnosticError) as caught:
        from engine.functions.builtins import BUILTINS
        Environment.build(functions=BUILTINS).compile(rule)
    assert render(caught.value.diagnostics[0]) == expect


def test_a_part_with_only_its_heading_is_present(doc: Disclosure) -> None:
    # 第五部分 附件 printed with “无” and no 自评表: the heading is there, so the entry is found
    doc.attachments = []
    assert structure.toc_missing(structure.toc_placement(doc, load_catalogue())) == ()
    doc.parts = [p for p in doc.parts if "附件" not in p.text]
    assert [m.label for m in structure.toc_missing(structure.toc_placement(doc, load_catalogue()))] == ["第五部分 附件"]


def test_a_part_without_its_heading_is_placed_by_its_content(doc: Disclosure) -> None:
    # the sample prints no 第二部分 heading: its tables are there, so 目录 l.28 is found, placed at 公开01 (l.115)
    assert not any("第二部分" in p.text for p in doc.parts)
    placed = {p.title: p for p in structure.toc_placement(doc, load_catalogue())}
    assert placed["第二部分 2024年部门决算表"].found and placed["第二部分 2024年部门决算表"].line.line == 115


def test_the_same_title_wins_over_a_containing_one(doc: Disclosure) -> None:
    # 目录 lists 三 before 一: “支出决算” must still find section 三, not 一 “收入支出决算总体”
    titles = [e.title for e in doc.toc]
    i, j = titles.index("一、收入支出决算总体情况说明"), titles.index("三、支出决算情况说明")
    doc.toc[i], doc.toc[j] = doc.toc[j], doc.toc[i]
    placed = {p.title: p.line and p.line.line for p in structure.toc_placement(doc, load_catalogue())}
    assert placed["三、支出决算情况说明"] == 413 and placed["一、收入支出决算总体情况说明"] == 403
