"""Amounts as tables print them: negatives in brackets or after another minus sign are numbers; a cell in an amount
column that prints no amount (a mark, a sign the reader does not know) makes the table partly read, never read."""
from __future__ import annotations

from decimal import Decimal

import pytest

from engine.importers import import_text
from engine.importers.amounts import signed, to_cell
from engine.model import Source
from importer_paths import SAMPLE_TXT

ROW = "2010602\t一般行政管理事务\t784.07\t\t784.07"


@pytest.mark.parametrize("printed, value", [("(1.50)", "-1.50"), ("（1,234.50）", "-1234.50"), ("－3.00", "-3.00"),
                                            ("−0.25", "-0.25"), ("( 2.00 )", "-2.00")])
def test_negative_amounts_in_brackets_or_after_a_minus_are_numbers(printed, value):
    cell = to_cell(printed, Source(line=1))
    assert cell.kind == "number" and cell.value == Decimal(value) and cell.text == printed


@pytest.mark.parametrize("printed", ["(-1.50)", "(abc)", "－－1.00", "1.00△", "(1)(2)"])
def test_anything_else_is_no_negative(printed):
    assert signed(printed) is None


@pytest.mark.parametrize("printed, kind, status", [("(784.07)", "number", "read"), ("－784.07", "number", "read"),
                                                   ("784.07△", "text", "partly_read"), ("784.07*", "text", "partly_read")])
def test_a_table_with_a_cell_it_cannot_read_as_an_amount_is_not_read(printed, kind, status):
    text = SAMPLE_TXT.read_text("utf-8")
    assert ROW in text
    doc = import_text(text.replace(ROW, ROW[: -len("784.07")] + printed).encode("utf-8"), name="x.txt")
    assert doc.tables["公开05"].row("2010602").cells["项目支出"].kind == kind
    reading = next(r for r in doc.reading if r.item == "公开05")
    assert reading.status == status
    if status != "read":
        assert "不是金额" in reading.reason
