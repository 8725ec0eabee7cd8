"""The intermediate form every source produces: one printed line split into cells, with where it came from."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from engine.model import Source

# A printed page number: `3`, `- 3 -`, `第3页`, `第3页 共25页`, `3/25`, `page 3 of 25`.
PAGE_NUMBER = re.compile(r"^(?:[-—–_·•\s]*\d+[-—–_·•\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
                         r"page\s*\d+(?:\s*of\s*\d+)?)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A printed line: cells as printed (tabs in text, word columns in PDF), 1-based line, page when known."""

    cells: list[str]
    line: int
    page: int | None = None
    # Text laid out with spaces: the character column where each cell starts (None for tabs, PDF and sheets).
    starts: tuple[int, ...] | None = None
    # `starts` counted in display columns (a CJK character two: text laid out for a fixed-width font), not characters
    wide: bool = False
    # rows of the table whose amounts could not be placed, and every way they may stand (placement.Handed; on one
    # line of the table, for the model: engine/importers/possible.py)
    possible: tuple = ()

    def width(self, cell: str) -> int:
        """How many of the columns `starts` counts a cell takes."""
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell) if self.wide else len(cell)

    @property
    def values(self) -> list[str]:
        """The non-empty cells, stripped."""
        return [c.strip() for c in self.cells if c.strip()]

    @property
    def text(self) -> str:
        """The line's words with cells joined by one space (for headings and narrative)."""
        return " ".join(self.values)

    @property
    def blank(self) -> bool:
        return not self.values

    @property
    def single(self) -> bool:
        """One non-empty cell: a heading or a paragraph rather than a table row."""
        return len(self.values) == 1

    def cell(self, index: int) -> str:
        return self.cells[index].strip() if 0 <= index < len(self.cells) else ""

    @property
    def source(self) -> Source:
        return Source(line=self.line, page=self.page)


# a line that goes on from the line before: a figure or a quote first (never a numbered item: `2、`, `3.`)
_CONTINUES = re.compile(r"^(?![\d]+[、．.](?!\d))[\d“\"（(]")
_ENDS = re.compile(r"[。！？；：!?;:]\s*$")  # a sentence (or a clause) complete at the end of a line
_FINISHED = re.compile(r"[。！？!?]\s*$")  # a paragraph complete (`主要用于：` goes on)


def in_reading_order(raws: list[str]) -> list[str]:
    """Paragraph lines a PDF-to-text tool printed in the wrong order, put back. pdftotext -layout orders lines by
    their baseline; a line that starts with a figure or a quote sits a little off the others, and now and then it is
    printed above the line it continues, the two standing apart with a blank line on each side:
    `…基本养老` / `` / `161.62万元，支出决算为…` / `…在职人员的基本养老保险支出。年初预算为` / ``. Such a pair
    (its first line starting with a figure or a quote, its second ending mid-sentence, the paragraph before it
    unfinished too) is swapped back; nothing else moves."""
    out = list(raws)
    i = 1
    while i + 2 < len(out):
        first, second = out[i].replace("\f", ""), out[i + 1].replace("\f", "")
        before = next((out[k] for k in range(i - 2, -1, -1) if out[k].strip()), "")
        if not out[i - 1].strip() and not out[i + 2].strip() and first.strip() and second.strip() \
                and "\f" not in out[i] + out[i + 1] and _CONTINUES.match(first.strip()) \
                and not _ENDS.search(second) and before.strip() and not _FINISHED.search(before) \
                and "  " not in first.strip() and "  " not in second.strip():  # prose, not a table row
            out[i], out[i + 1] = out[i + 1], out[i]
            i += 3
            continue
        i += 1
    return out
