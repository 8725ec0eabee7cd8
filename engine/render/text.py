"""Printed → text, as the tools that make text of a disclosure write it: tab-separated cells; cells aligned by
runs of spaces (as `pdftotext -layout`); cells separated by one space; one cell a line; pages by form feeds."""
from __future__ import annotations

import unicodedata

from engine.render.printed import Printed


def width(text: str) -> int:
    """Columns a text takes in a fixed-width rendering (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(rows: list[list[str]]) -> list[int]:
    cols = max((len(r) for r in rows), default=0)
    return [max((width(r[c].strip()) for r in rows if c < len(r)), default=0) for c in range(cols)]


def _aligned(rows: list[list[str]], widths: list[int]) -> list[str]:
    cols = len(widths)
    out = []
    for row in rows:
        parts = []
        for c in range(cols):
            cell = row[c].strip() if c < len(row) else ""
            parts.append(cell + " " * (widths[c] - width(cell)))
        out.append("   ".join(parts).rstrip())
    return out


def _goes_on(heading: str) -> bool:
    """A page headed 续表 or 「title（续）」: the table of the page before goes on, on its columns."""
    heading = heading.strip()
    return heading.startswith("续表") or heading.endswith(("（续）", "(续)"))


def _page_widths(printed: Printed) -> list[list[int]]:
    """Column widths of each page: one grid a page, as a tool lays out a page (a table broken by a blank line keeps
    its columns). A page that opens with table rows, or headed 续表, goes on with the table of the page before, which a
    printed table keeps at the same columns: such pages share one grid."""
    chains: list[list[int]] = []
    for n, page in enumerate(printed.pages):
        first = next(((kind, rows) for kind, rows in printed.blocks(page) if kind != "blank"), None)
        if chains and first and (first[0] == "table" or first[0] == "para" and _goes_on(first[1][0][0])):
            chains[-1].append(n)
        else:
            chains.append([n])
    out: list[list[int]] = [[] for _ in printed.pages]
    for chain in chains:
        widths = _widths([row for n in chain for kind, block in printed.blocks(printed.pages[n]) if kind == "table"
                          for row in block])
        for n in chain:
            out[n] = widths
    return out


def write_text(printed: Printed, form: str, *, form_feeds: bool = True) -> str:
    pages = []
    for page, widths in zip(printed.pages, _page_widths(printed)):
        lines: list[str] = []
        for kind, rows in printed.blocks(page):
            if kind == "blank":
                lines.append("")
            elif kind == "para":
                lines.append(rows[0][0].strip())
            elif form == "tabs":
                lines += ["\t".join(r) for r in rows]
            elif form == "spaces":
                lines += _aligned(rows, widths)
            elif form == "single-space":
                lines += [" ".join(c.strip() for c in r if c.strip()) for r in rows]
            else:  # cell-lines
                lines += [c.strip() for r in rows for c in r if c.strip()]
        pages.append("\n".join(lines))
    return ("\n\f" if form_feeds else "\n\n").join(pages) + "\n"
