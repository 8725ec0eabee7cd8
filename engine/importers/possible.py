"""Rows whose amounts could not be placed, handed on to the model with every way they may stand.

placement.py lists each group's possible readings by printed line (and side); here they are named by the rows and
columns of the table as read. A group any of whose cells names no row of the table (or a row printed twice on that
line) is dropped: its rows stay unread, never placed by a guess.
"""
from __future__ import annotations

from engine.importers.lines import SourceLine
from engine.importers.placement import Handed
from engine.model import Ambiguity, PossibleCell, Row, Source


def ambiguities(rows: list[Row], lines: list[SourceLine]) -> list[Ambiguity]:
    """The table's groups of possible readings, from what its lines carry (SourceLine.possible)."""
    by_line: dict[tuple[int | None, int | None, str | None], list[Row]] = {}
    for row in rows:
        by_line.setdefault((row.source.line, row.source.page, row.side), []).append(row)
    keys = {row.key for row in rows}
    out = []
    for group in (g for line in lines for g in line.possible):
        found = _named(group, by_line, keys)
        if found is not None:
            out.append(found)
    return out


def _named(group: Handed, by_line: dict, keys: set[str]) -> Ambiguity | None:
    readings, named, lines = [], {}, {}
    for reading in group.readings:
        cells = []
        for line, page, side, row_key, column, text in reading:
            if row_key is None:
                on_line = by_line.get((line, page, side), [])
                if len(on_line) != 1:
                    return None
                row_key = on_line[0].key
            elif row_key not in keys:
                return None
            named[row_key] = None
            lines[(line, page)] = None
            cells.append(PossibleCell(row=row_key, column=column, text=text))
        readings.append(cells)
    if not readings:
        return None
    return Ambiguity(rows=list(named), readings=readings, solved=group.solved,
                     lines=[Source(line=line, page=page) for line, page in lines])
