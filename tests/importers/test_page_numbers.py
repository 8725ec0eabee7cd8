"""A bare number at a page's edge is a page number only when other pages' numbers agree with it (the same offset
from the page's place); a cell printed one cell a line (a 行次 above a note, a 目录's last page number) is content."""
from __future__ import annotations

import pytest

from engine.importers.text import read_text


def _texts(pages: list[list[str]]) -> list[str]:
    return [line.text for line in read_text("\n\f".join("\n".join(p) for p in pages).encode("utf-8")).lines
            if not line.blank]


def test_printed_page_numbers_go_and_cells_stay():
    pages = [["封面", "目录", "第一部分 概况", "1", "第五部分 附件", "22"],  # the 目录's last page number, last on its page
             ["公开10表", "（二）单价100万元（含）以上设备（不含车辆）", "17", "注：本表反映国有资产占用情况。", "3"],
             ["第三部分 情况说明", "一、收入支出决算总体情况说明", "4"],
             ["第四部分 名词解释", "一、财政拨款收入", "5"]]
    texts = _texts(pages)
    assert "22" in texts and "17" in texts  # cells, whatever their place on the page
    assert not {"3", "4", "5"} & set(texts)  # numbered pages: page 2 is 3, page 3 is 4, page 4 is 5


def test_a_lone_number_on_one_page_is_kept():
    pages = [["封面"], ["公开09表", "预算数", "决算数", "8"], ["第三部分 情况说明", "说明文字"]]
    assert "8" in _texts(pages)


@pytest.mark.parametrize("dressed", ["- 3 -", "— 3 —", "第3页", "第 3 页 共 25 页", "3/25"])
@pytest.mark.parametrize("at", ["top", "bottom"])
def test_a_dressed_page_number_on_one_page_alone_goes(dressed, at):
    """Dressed as a page number, at a page's top or bottom, it is one even when no other page prints a number to
    agree with (it would otherwise be read into the 情况说明's text)."""
    body = ["第三部分 情况说明", "一、收入支出决算总体情况说明"]
    pages = [["封面", "目录"], [dressed] + body if at == "top" else body + [dressed], ["第四部分 名词解释", "说明文字"]]
    texts = _texts(pages)
    assert dressed not in texts and not any("3" in t for t in texts)
    assert body[0] in texts and body[1] in texts


@pytest.mark.parametrize("row", ["309 ——", "17"])
def test_a_bare_number_or_a_code_and_a_dash_on_one_page_alone_stays(row):
    """Undressed, last on its page with no other page agreeing: a table row (a code and a dash) or a cell stays."""
    pages = [["封面"], ["公开06表", "302 商品和服务支出 20.00", row], ["第三部分 情况说明", "说明文字"]]
    assert any(row.split()[0] in t for t in _texts(pages))
