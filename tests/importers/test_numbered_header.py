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



@pytest.mark.parametrize("index", [1, 2])
def test_a_forms_total_printed_off_the_grid_is_read_and_the_form_not_declined(index):
    """A 自评表's 总分 printed one column right of 自评得分 (a merged cell, as yangquan prints it) stands off the
    indicator rows' grid: its score is read all the same (the row's last number), and the form is not declined.
    Generated documents laid out with spaces, each 总分's score moved right."""
    import re

    from bench.generate import Generator
    from engine.render import derive

    gen = Generator(seed=11)
    doc = import_text(gen.published_text(gen.document(index)).encode("utf-8"), name="g.txt")
    text = derive.from_model(doc, "spaces").decode("utf-8")
    moved, count = re.subn(r"^(\s*总\s*分\s.*?)(\S+)$", lambda m: m[1] + " " * 9 + m[2], text, flags=re.M)
    assert count >= 3
    want, got = import_text(text.encode("utf-8"), name="s.txt"), import_text(moved.encode("utf-8"), name="m.txt")
    forms = [(r.item, r.status) for r in want.reading if r.kind == "form"]
    assert forms and all(status == "read" for _, status in forms)
    assert [(r.item, r.status) for r in got.reading if r.kind == "form"] == forms
    assert [f.total_score.value for f in got.attachments] == [f.total_score.value for f in want.attachments]
