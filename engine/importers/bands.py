"""Table rows printed as bands of lines, a blank line between rows (pdftotext -layout of a table whose ruled rows are
taller than one line): one row's amounts, code and name each on a line of their own, its 款 under its 类, its name
wrapped over two lines. Laid on the table's column grid, each band is one row: its lines are merged cell by cell.

A band holds more than one row when a code or an amount cell would be filled twice (two rows printed without a blank
between): a new row starts there. The merge is made only when the table is banded — most bands are one row each —
so a table of one-line rows with a blank line here and there is left as it is (its wrapped names are joined by
align._merge, which knows no bands).
"""
from __future__ import annotations

import re
from typing import Callable

from engine.importers.lines import SourceLine

_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff（）()]) (?=[\u4e00-\u9fff（）()])")  # 因 公 出 国: letters spaced out


def _bands(lines: list[SourceLine]) -> list[list[SourceLine]]:
    """Consecutive lines (no blank line or page break between them) as one band."""
    out: list[list[SourceLine]] = []
    for line in lines:
        if out and line.page == out[-1][-1].page and line.line == out[-1][-1].line + 1:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _rows(band: list[SourceLine], kinds: list[str], starts_row: Callable[[str], bool]) -> list[list[SourceLine]]:
    """A band split where a code or amount cell would be filled twice, or where a label that starts a row of its
    own (a total) is printed; amounts printed on lines of their own just above that go with it (a band prints its
    amounts first)."""
    rows: list[list[SourceLine]] = []
    filled: set[int] = set()
    for line in band:
        cells = {i for i, c in enumerate(line.cells) if c.strip() and i < len(kinds) and kinds[i] != "text"}
        labels = [c.strip() for i, c in enumerate(line.cells) if c.strip() and i < len(kinds) and kinds[i] == "text"]
        if rows and not cells & filled and not any(starts_row(t) for t in labels):
            rows[-1].append(line)
            filled |= cells
            continue
        moved: list[SourceLine] = []
        if not cells and labels:
            while rows and len(rows[-1]) > 1 and _amounts_only(rows[-1][-1], kinds):
                moved.insert(0, rows[-1].pop())
        rows.append(moved + [line])
        filled = _filled(rows[-1], kinds)
    return rows


def _filled(lines: list[SourceLine], kinds: list[str]) -> set[int]:
    return {i for line in lines for i, c in enumerate(line.cells) if c.strip() and i < len(kinds) and kinds[i] != "text"}


def _amounts_only(line: SourceLine, kinds: list[str]) -> bool:
    filled = [i for i, c in enumerate(line.cells) if c.strip()]
    return bool(filled) and all(i < len(kinds) and kinds[i] == "amount" for i in filled)


def _joined(lines: list[SourceLine], width: int) -> SourceLine:
    cells = [""] * width
    for line in lines:
        for i, c in enumerate(line.cells):
            if c.strip():
                cells[i] = _CJK_GAP.sub("", f"{cells[i]}{c.strip()}")
    first = next((line for line in lines if any(c.strip() for c in line.cells)), lines[0])
    return SourceLine(cells=cells, line=first.line, page=first.page)


def banded(lines: list[SourceLine], kinds: list[str], starts_row: Callable[[str], bool]) -> bool:
    """Are the rows printed as bands: several bands, most of more than one line, nearly all one row each?"""
    bands = _bands(lines)
    if len(bands) < 3:
        return False
    tall = sum(1 for band in bands if len(band) > 1)
    single = sum(1 for band in bands if len(_rows(band, kinds, starts_row)) == 1)
    return tall >= 0.5 * len(bands) and single >= 0.8 * len(bands)


def merge_bands(lines: list[SourceLine], kinds: list[str], starts_row: Callable[[str], bool]) -> list[SourceLine]:
    """Each band (each part of a band that holds several rows) as one line; `kinds`: code | amount | text a column;
    `starts_row`: a label that is a row of its own, never the tail of a wrapped name (a total). Lines are returned
    as they are when the table is not banded."""
    if not banded(lines, kinds, starts_row):
        return lines
    return [_joined(row, len(kinds)) for band in _bands(lines) for row in _rows(band, kinds, starts_row)]
