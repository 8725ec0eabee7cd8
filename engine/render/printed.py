"""What a renderer prints: pages of lines, each line its cells (one cell: a heading or paragraph)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator


@dataclass
class Printed:
    pages: list[list[list[str]]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # a name per page (the sheet name in a workbook)

    @classmethod
    def from_lines(cls, lines: Iterable) -> "Printed":
        """An importer's SourceLines (text, PDF, …) as printed: a new page where the page number changes."""
        printed = cls()
        page = object()
        for line in lines:
            if line.page != page or not printed.pages:
                printed.pages.append([])
                page = line.page
            printed.pages[-1].append(list(line.cells))
        return printed

    def blocks(self, page: list[list[str]]) -> Iterator[tuple[str, list[list[str]]]]:
        """('para', [line]) for a one-cell line, ('table', rows) for a run of lines of several cells, ('blank', [])."""
        run: list[list[str]] = []
        for cells in page:
            values = [c for c in cells if c.strip()]
            if len(cells) > 1 and values:
                run.append(cells)
                continue
            if run:
                yield "table", run
                run = []
            yield ("para", [values]) if values else ("blank", [])
        if run:
            yield "table", run
