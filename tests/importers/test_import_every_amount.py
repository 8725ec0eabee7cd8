"""Every amount printed in the sample's tables 公开01–公开10 is in the model at its table, row and column.

The expected set is counted from the text independently of the importer: every cell that looks like an
amount (digits with a decimal point) or a not-applicable mark, on the table lines between the end of 概况
and 第三部分, is attributed to the table whose 公开NN number precedes it (公开01 before the first number).
"""
import re
from collections import Counter
from decimal import Decimal

from importer_paths import SAMPLE_TXT

AMOUNT = re.compile(r"^\d[\d,]*\.\s*\d+$")


def _printed():
    lines = SAMPLE_TXT.read_text("utf-8").splitlines()
    start = next(i for i, l in enumerate(lines) if "\t" in l and i > 60)  # first table row after 概况
    end = next(i for i, l in enumerate(lines) if l.strip() == "第三部分 情况说明" and i > start)
    table, colnums, found, marks = "公开01", {}, [], []
    for i in range(start, end):
        cells = lines[i].split("\t")
        if m := re.match(r"^公开(\d\d)", lines[i].strip()):
            table, colnums = f"公开{m[1]}", {}
        if cells[0].strip() == "栏次":
            colnums = {p: c.strip() for p, c in enumerate(cells) if c.strip()}
        for p, cell in enumerate(cells):
            if AMOUNT.match(cell.strip()):
                value = Decimal(re.sub(r"[\s,]", "", cell))
                found.append((table, i + 1, value, colnums.get(p)))
            elif cell.strip() == "——":
                marks.append((table, i + 1))
    return found, marks


def _model(doc):
    found, marks = [], []
    for table in doc.tables.values():
        numbers = {(c.side, c.key): c.number for c in table.columns}
        for row in table.rows:
            for key, cell in row.cells.items():
                if cell.kind == "number":
                    found.append((table.id, cell.source.line, cell.value, numbers.get((row.side, key))))
                    assert row.source.line == cell.source.line, (table.id, row.key)
                elif cell.kind == "na":
                    marks.append((table.id, cell.source.line))
    return found, marks


def test_no_amount_missing_and_none_extra(sample):
    printed, printed_marks = _printed()
    model, model_marks = _model(sample)
    assert len(printed) > 100  # the sample prints over a hundred amounts in its tables
    assert Counter(printed) == Counter(model)
    assert Counter(printed_marks) == Counter(model_marks)


def test_amounts_keep_printed_precision(sample):
    cell = sample.tables["公开01"].row("210").cells["金额"]
    assert str(cell.value) == "40.20"
    total = sample.tables["公开01"].row("收入总计").cells["金额"]
    assert total.value == Decimal("2014.44") and total.text == "2014. 44"
