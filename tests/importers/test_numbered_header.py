"""A table printing no amount, only its 栏次 under a header of several lines (yangquan's 公开09: 预算数 and 决算数 over
six items each, `因公出国 (境) 费` words one space apart), laid out with spaces: the column numbers are the grid,
whatever the widths the text tool gave the columns. Read as the tab-separated original is."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from engine.importers import import_text

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "yangquan-czj-2024.txt"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _laid_out(text: str, gap: int, extra: int) -> str:
    """Tabbed lines → columns padded with spaces, a block of consecutive tabbed lines sharing one grid; `gap` spaces
    at least between columns, and `extra` more on every second column (columns of unequal widths)."""
    out, block = [], []

    def flush() -> None:
        widths: dict[int, int] = {}
        for cells in block:
            for k, c in enumerate(cells):
                widths[k] = max(widths.get(k, 0), _width(c))
        for cells in block:
            line = ""
            for k, c in enumerate(cells):
                pad = widths[k] + gap + (extra if k % 2 else 0) - _width(c)
                line += c + (" " * pad if k + 1 < len(cells) else "")
            out.append(line.rstrip())
        block.clear()

    for line in text.split("\n"):
        if "\t" in line:
            block.append(line.split("\t"))
            continue
        flush()
        out.append(line)
    flush()
    return "\n".join(out)


def _header(doc) -> list[tuple]:
    table = doc.tables["公开09"]
    return [(r.key, tuple(sorted(r.cells))) for r in table.rows], [c for c in table.columns]


@pytest.mark.parametrize(("gap", "extra"), [(2, 0), (3, 7), (6, 1)])
def test_a_table_of_numbered_columns_and_no_amount_reads_as_its_tabbed_original(gap, extra):
    text = SAMPLE.read_text("utf-8")
    tabbed = import_text(text.encode("utf-8"), name="tabs.txt")
    spaced = import_text(_laid_out(text, gap, extra).encode("utf-8"), name="spaces.txt")
    status = {r.item: r.status for r in spaced.reading}
    assert status["公开09"] == {r.item: r.status for r in tabbed.reading}["公开09"] == "read"
    assert _header(spaced) == _header(tabbed)
