"""Positions on the page for a PDF's finished document: each printed cell (a table cell, a form field) gets the box
of its characters, every other Source (a row, a sentence, a heading) the box of its printed line, so a report can
outline on the page image what a finding reads."""
from __future__ import annotations

from dataclasses import replace

from engine.importers.pages import map_sources
from engine.model import Disclosure, Source, Printed

Box = tuple[float, float, float, float]


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def place(doc: Disclosure, pdf) -> None:
    """`pdf`: the PdfSource the document was recognised from (its lines, their cells' boxes, and each running
    line's place on its page, which is what the document's Sources say after relocation)."""
    by_place: dict[tuple[int | None, int], list[tuple[str, Box]]] = {}
    for line in pdf.lines:
        pieces = pdf.positions.get(line.line)
        if pieces:
            by_place[(line.page, pdf.page_lines.get(line.line, line.line))] = pieces
    taken: dict[tuple[int | None, int], set[int]] = {}  # a cell printed twice on a line: each copy once, in order

    def placed(source: Source, owner: object = None) -> Source:
        key = (source.page, source.line)
        pieces = by_place.get(key)
        if pieces is None or source.box is not None:
            return source
        text = "".join(owner.text.split()) if isinstance(owner, Printed) else ""  # a cell or a form field
        if text:
            used = taken.setdefault(key, set())
            for i, (printed, box) in enumerate(pieces):
                if i not in used and "".join(printed.split()) == text:
                    used.add(i)
                    return replace(source, box=box)
        return replace(source, box=_union([b for _, b in pieces]))

    map_sources(doc, placed)
