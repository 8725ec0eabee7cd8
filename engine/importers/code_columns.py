"""科目编码 printed in columns of its own (类 | 款 | 项) → one code cell, the layout every table reader expects.

The 决算 software and many provinces head the code with 类 款 项 (公开06: 类 款) and print each row's code cut into
those columns (`201 | 01 | 01`), or whole in the first of them (a cell merged over the three), or only its own part
under the row it belongs to (`201 | |` then ` | 06 |` then ` | | 01`: the parts above are left blank, or merged down
in a sheet): the code of the nearest row above that printed one gives the parts left blank, when it has them. Known
by the header words, never by digits alone (a 2-digit cell may be an amount or a 行次). A row whose parts do not make
a code (`201 | | 01`, letters among digits, ` | 06 |` with no 类 above) keeps its cells joined as printed: it is then
a row without a code, and the table says so (partly read, `unread` below), never a guessed code.

Only for sources that give cells (tabs, Excel, HTML, Word, PDF grids): text laid out with spaces is put on its
grid by align.py, which joins split codes itself."""
from __future__ import annotations

import re

from engine.importers.lines import SourceLine
from engine.labels import normalise

_WORDS = ("类", "款", "项")
_PARTS = (re.compile(r"^\d{3}$"), re.compile(r"^\d{2}$"), re.compile(r"^\d{2}$"))
_WHOLE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_HEAD_LINES = 8  # the 类 款 项 line is among the header lines at the top of the block


def _runs(line: SourceLine) -> list[tuple[int, int]]:
    """(first position, width) of each 类 款 (项) run of header cells on a line."""
    words = [normalise(c) for c in line.cells]
    runs = []
    for p, word in enumerate(words):
        if word == "类" and p + 1 < len(words) and words[p + 1] == "款":
            runs.append((p, 3 if p + 2 < len(words) and words[p + 2] == "项" else 2))
    return runs


def _code(parts: list[str], above: str | None) -> str | None:
    """The code a row prints across the run: its parts in order (201 | 01 | 01, 201 | 01 | blank), whole in the
    first cell, or only its last parts (blank | 06 | blank) under `above`, the code of the row above that printed one,
    which gives the parts left blank; None when the cells are no code."""
    parts = [p.strip() for p in parts]
    if parts[0] and _WHOLE.match(parts[0]) and not any(parts[1:]):
        return parts[0]
    printed = [p for p in parts if p]
    if not printed:
        return None
    first = parts.index(printed[0])
    if parts[first:first + len(printed)] != printed:  # a gap between parts (201 | | 01): no code
        return None
    if not all(_PARTS[first + i].match(p) for i, p in enumerate(printed)):
        return None
    lead = 3 + 2 * (first - 1) if first else 0  # the digits the blank parts stand for (类: 3, 类款: 5)
    if first and (above is None or len(above) < lead):
        return None  # its parts above are not printed on any row above: no code
    return (above[:lead] if first and above else "") + "".join(printed)


def join_code_columns(lines: list[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """The block's lines with each 类 款 (项) run of columns made one (a code where the cells print one, the cells'
    words joined otherwise), and the lines whose run prints digits that make no code (the table is partly read for
    them). The lines come back as they were when there is no such run."""
    if any(line.starts is not None for line in lines):
        return lines, []
    runs = next((r for line in lines[:_HEAD_LINES] if (r := _runs(line))), [])
    if not runs:
        return lines, []
    out, unread = [], []
    above: dict[int, str | None] = {}  # run → the code of the last row that printed one (None after 合计, a header)
    for line in lines:
        cells = list(line.cells)
        for start, width in reversed(runs):  # right to left: positions to the left stay where they are
            parts = (cells[start:start + width] + [""] * width)[:width]
            code = _code(parts, above.get(start))
            words = " ".join(p.strip() for p in parts if p.strip())
            if code is not None or words:
                above[start] = code
            if code is None and any(ch.isdigit() for ch in words) and line not in unread:
                unread.append(line)
            cells[start:start + width] = [code if code is not None else words]
        out.append(SourceLine(cells=cells, line=line.line, page=line.page, possible=line.possible))
    return out, unread
