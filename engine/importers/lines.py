"""The intermediate form every source produces: one printed line split into cells, with where it came from."""
from __future__ import annotations

from dataclasses import dataclass

from engine.model import Source


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A printed line: cells as printed (tabs in text, word columns in PDF), 1-based line, page when known."""

    cells: list[str]
    line: int  # in the whole source: orders lines and identifies them inside the importer
    page: int | None = None
    page_line: int | None = None  # the line on its page, as a reader counts it (PDF, text with form feeds)

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
        """Where a reader finds it: page and line on that page when the source has pages, else the line."""
        if self.page is not None and self.page_line is not None:
            return Source(line=self.page_line, page=self.page)
        return Source(line=self.line, page=self.page)
