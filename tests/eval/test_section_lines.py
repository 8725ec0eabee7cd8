"""Narrative findings point at the printed line of the words, not at the heading of their section."""
from __future__ import annotations

import pytest

from engine.checking.check import check
from engine.importers import load_disclosure
from engine.importers.lines import SourceLine
from engine.importers.narrative import sections
from engine.model import Section, Source
from engine.resources import sample
from engine.rules.loader import load_rulebook
from engine.functions.narrative import flatten
from engine.functions.text import line_anchors, placeholders, section_located, section_source_at, section_text


def _lines(*numbers: int) -> list[Source]:
    return [Source(line=n) for n in numbers]


def test_offset_maps_to_the_line_in_flattened_text() -> None:
    # flattened: 甲乙丙丁戊 — the space and the line breaks are gone, so offsets shift against the raw text
    section = Section(number="一", title="t", text="甲乙\n丙 丁\n戊", source=Source(line=9), lines=_lines(10, 12, 15))
    assert [section_source_at(section, i).line for i in range(5)] == [10, 10, 12, 12, 15]


def test_appended_part_keeps_its_own_lines() -> None:
    # the part's text is not in the parent's, so section_text() appends title + text: 总述。（一）细节甲乙
    part = Section(number="(一)", title="（一）细节", text="甲\n乙", source=Source(line=21), lines=_lines(22, 24))
    section = Section(number="一", title="t", text="总述。", source=Source(line=19), lines=_lines(20),
                      subsections=[part])
    assert [section_source_at(section, i).line for i in (0, 2, 3, 7, 8, 9)] == [20, 20, 21, 21, 22, 24]


@pytest.mark.parametrize("lines", [[], _lines(10, 12)])
def test_unknown_or_stale_lines_fall_back_to_the_section(lines: list[Source]) -> None:
    section = Section(number="一", title="t", text="甲\n乙\n丙", source=Source(line=9), lines=lines)
    assert section_source_at(section, 2).line == 9


def _all(sections: list[Section]) -> list[Section]:
    return [x for s in sections for x in [s, *_all(s.subsections)]]


@pytest.mark.parametrize("name", ["yangquan-czj-2024.json", "shanghai-putuo-czj-2024.json"])
def test_one_normalisation_gives_the_flattened_full_text(name: str) -> None:
    # line_anchors normalises each text once and joins the lines: the same text as flattening it whole
    doc = load_disclosure(sample(name))
    found = _all(doc.narrative.sections)
    assert len(found) > 10
    for section in found:
        assert line_anchors(section)[0] == flatten(section_text(section))
        assert line_anchors(section, flat=False)[0] == section_text(section)


def test_located_text_points_at_the_placeholder_line() -> None:
    section = Section(number="十", title="t", text="甲。\n共有车辆XX辆。", source=Source(line=500), lines=_lines(502, 504))
    (item,) = placeholders(section_located(section))
    assert item.source.line == 504


def test_importer_records_each_paragraph_line() -> None:
    printed = ["一、收入支出决算总体情况说明", "本年收入合计100.00万元，支出合计100.00万元，其中基本支出", "其余为项目支出。",
               "（一）收入", "财政拨款收入100.00万元。"]
    (top,), _ = sections([SourceLine([text], line=40 + 2 * i) for i, text in enumerate(printed)])
    assert [s.line for s in top.lines] == [42, 46, 48]  # the broken sentence is one paragraph at its first line
    assert [s.line for s in top.subsections[0].lines] == [48]
    assert len(top.lines) == len(top.text.split("\n"))


@pytest.fixture(scope="module")
def findings():
    return check(load_disclosure(sample("yangquan-czj-2024.txt")), load_rulebook()).findings


@pytest.mark.parametrize("rule,element,line", [
    ("N17", "221 住房保障支出", 455),  # 文中增减/原因 look-up
    ("N08", "210 卫生健康支出", 453),
    ("Y07", None, 453),  # a stated percentage: “增长2.6%”
])
def test_sample_finding_points_at_its_sentence(findings, rule: str, element: str | None, line: int) -> None:
    (finding,) = [f for f in findings if f.rule == rule and (element is None or f.element == element)]
    assert {r.line for r in finding.refs if r.table is None} == {line}
