"""The table report fits the terminal (80 and 120 columns), aligned by display width with CJK text (wcwidth)."""
import re

import pytest

from engine.checking.check import check
from engine.checking.formats import as_table
from engine.checking.wrap import width, wrap
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook


@pytest.fixture(scope="module")
def report():
    return check(load_disclosure(sample("yangquan-czj-2024.txt")), load_rulebook(), file="yangquan-czj-2024.txt")


def _starts(line: str) -> dict[int, int]:
    """Display column at which each character of the line starts."""
    out, column = {}, 0
    for i, ch in enumerate(line):
        out[column] = i
        column += width(ch)
    return out


@pytest.mark.parametrize("columns", [80, 120])
def test_every_line_fits_and_every_cell_starts_in_its_column(report, columns):
    text = as_table(report, columns=columns)
    lines = text.splitlines()
    assert max(width(line) for line in lines) <= columns
    assert sum(bool(re.search(r"[\u4e00-\u9fff]", line)) for line in lines) > 50  # CJK text throughout
    blocks = 0
    for at, line in enumerate(lines):
        if not re.fullmatch(r"-+(  -+)+", line):
            continue
        blocks += 1
        starts = [m.start() for m in re.finditer(r"-+", line)][1:]  # ASCII: index = display column
        header, rows = lines[at - 1], []
        for row in lines[at + 1:]:
            if not row.strip():
                break
            rows.append(row)
        assert rows
        for row in [header] + rows:
            begins = _starts(row)
            for start in starts:
                if width(row) <= start:
                    continue
                assert start in begins, (columns, row)  # no wide character straddles a column edge
                i = begins[start]
                assert row[i - 2:i] == "  ", (columns, row)  # the gap before the column is blank
        # the message column of the header ("说明") starts where the dashes do
        assert _starts(header)[starts[-1]] == header.index("说明")
    assert blocks == 3  # 错误, 警告, 提示


def test_wrapping_never_breaks_a_number_or_a_rule_id(report):
    for finding in report.findings:
        for columns in (20, 45):
            lines = wrap(finding.message, columns)
            assert all(width(line) <= columns for line in lines)
            pieces = {t for line in lines for t in re.findall(r"\d[\d,.]*\d%?|[A-Z]\d+[a-z]?", line)}
            for token in re.findall(r"\d[\d,.]*\d%?|[A-Z]\d+[a-z]?", finding.message):
                assert token in pieces, (token, lines)
            assert "".join(lines).replace(" ", "") == finding.message.replace(" ", "").replace("\n", "")


def test_no_line_starts_with_closing_punctuation():
    lines = wrap("财政拨款收入支出决算总体情况说明（一般公共预算财政拨款），较上年增加12.34万元，增长5.67%。", 10)
    assert all(not line.startswith(tuple("，。）」、")) for line in lines), lines
