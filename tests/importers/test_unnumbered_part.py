"""A part heading printed without its 第N部分 (上海市…局2024年度部门决算表 on the page the tables start) is still the
part's heading: it is read into the part headings, so the checks of the unit name and year in headings see it."""
from __future__ import annotations

import pytest

from engine.checking.check import check
from engine.importers import import_text
from importer_paths import SAMPLE_TXT

_BEFORE_TABLES = "收入\t\t\t支出\t\t\n项目\t行次\t金额"


def _with_heading(heading: str):
    text = SAMPLE_TXT.read_text("utf-8")
    assert text.count(_BEFORE_TABLES) == 1
    return import_text(text.replace(_BEFORE_TABLES, f"{heading}\n\n{_BEFORE_TABLES}").encode("utf-8"))


@pytest.fixture(scope="module")
def book():
    from engine.rules.loader import load_rulebook

    return load_rulebook()


def _c10f(doc, book):
    return [f for f in check(doc, book).findings if f.rule == "C10f" and f.status == "fail"]


@pytest.mark.parametrize("heading", ["阳泉市财政局2024年度部门决算表", "阳泉市财政局 2024 年度 部门决算表",
                                     "阳泉市财政局2024年单位决算表"])
def test_an_unnumbered_part_heading_is_a_part_heading(heading, book):
    doc = _with_heading(heading)
    assert [p.text for p in doc.parts][:3] == ["第一部分 概况", heading, "第三部分 情况说明"]
    assert heading not in "".join(s.text for s in doc.narrative.overview)  # no longer glued to the 概况
    assert _c10f(doc, book) == []
    assert "公开01" in doc.tables and doc.tables["公开01"].rows


def test_its_unit_name_is_checked(book):
    [finding] = _c10f(_with_heading("阳泉市审计局2024年度部门决算表"), book)
    assert "阳泉市审计局" in finding.message


@pytest.mark.parametrize("line", ["2024年度一般公共预算财政拨款支出决算表", "阳泉市财政局2024年度部门决算公开"])
def test_a_table_title_or_the_documents_name_is_no_part_heading(line):
    doc = _with_heading(line)
    assert line not in [p.text for p in doc.parts]
