"""公开09's header printed out of the kind's order (pdfplumber stacks wrapped labels line by line): read by the kind's
order only where the order cannot matter — the printed amounts give the same cells, or the same possible readings,
under every order of the items."""
from __future__ import annotations

from engine.catalogue import load_catalogue
from engine.importers.lines import SourceLine
from engine.importers.wide import wide_items

# 普陀区财政局's 公开09 as pdfplumber prints it: 公务接待费 above 公务用车购置费, 合计 beside 因公出国（境）费
HEADER = [SourceLine(cells=[text], line=n) for n, text in enumerate(
    ["财政拨款“三公”经费", "公务用车购置及运行费"], 1)] + [
    SourceLine(cells=["合计", "因公出国（境）费"], line=3), SourceLine(cells=["小计", "公务用车运行费"], line=4),
    SourceLine(cells=["公务接待费"], line=5), SourceLine(cells=["公务用车购置费"], line=6),
    SourceLine(cells=["预算数", "决算数"] * 6, line=7)]


def _body(*amounts: str) -> list[SourceLine]:
    return [SourceLine(cells=list(amounts), line=8)]


def test_equal_amounts_are_read_by_the_kinds_order_whatever_the_header_order():
    """0.95 0.95: 合计 and one item of the same column, in any order of the items: the same possible readings."""
    spec = load_catalogue().tables["公开09"]
    out = wide_items(spec, HEADER, _body("0.95", "0.95"), None)
    assert out is not HEADER and out[0].cells == [r.key for r in spec.rows]


def test_amounts_whose_cells_depend_on_the_order_are_not_read():
    """0.95 0.50 0.45: which of 因公出国 and 公务接待 holds 0.50 depends on which is printed first: not read."""
    spec = load_catalogue().tables["公开09"]
    assert wide_items(spec, HEADER, _body("0.95", "0.50", "0.45"), None) is HEADER
