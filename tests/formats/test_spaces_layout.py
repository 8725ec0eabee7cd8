"""The aligned-text writer lays out a table as a tool prints it: a table continued on the next page keeps its columns."""
from __future__ import annotations

from engine.render import Printed, write
from engine.render.text import width


def _column_of(text: str, cell: str) -> int:
    line = next(line for line in text.splitlines() if cell in line)
    return width(line[:line.index(cell)])


def test_a_table_continued_on_the_next_page_keeps_its_columns():
    first = [["表一"], ["科目编码", "科目名称", "决算数"], ["208", "社会保障和就业支出", "754.75"]]
    second = [["2080501", "行政单位离退休", "54.53"]]  # the page opens with the table's rows: it goes on
    text = write(Printed(pages=[first, second]), "spaces").decode()
    assert _column_of(text, "754.75") == _column_of(text, "54.53") == _column_of(text, "决算数")


def test_a_page_that_opens_with_a_heading_starts_its_own_grid():
    first = [["表一"], ["科目编码", "科目名称", "决算数"], ["208", "社会保障和就业支出", "754.75"]]
    second = [["表二"], ["项目", "金额"], ["合计", "1.00"]]
    text = write(Printed(pages=[first, second]), "spaces").decode()
    assert _column_of(text, "1.00") < _column_of(text, "754.75")
