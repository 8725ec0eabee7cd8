"""公开01/04 with 收入 printed above 支出 (each side's name on a line of its own, then its header and rows) → the two
sides side by side, as layouts.parse_two_sided reads them.

Known by the side names alone on their lines, in the catalogue's order (收入, then 支出), before any row of the
first; each side's header is its lines before its first row (项目 | 行次 | 金额 …, the 栏次). Lines keep their numbers:
a row of the left side has the right side's cells empty, and the other way round. Only for sources that give cells
(tabs, Excel, HTML, Word, PDF grids): text laid out with spaces is not yet read so (its table is then not read, and
says so)."""
from __future__ import annotations

from engine.catalogue import TableSpec
from engine.importers.layouts import is_colnum_row
from engine.importers.lines import SourceLine
from engine.labels import normalise

_HEAD_WORDS = {"项目", "行次", "栏次", "金额"}


def _header_end(lines: list[SourceLine]) -> int:
    """How many lines at the top of a side are its header: blank, 项目 …, or the 栏次."""
    n = 0
    while n < len(lines) and (lines[n].blank or is_colnum_row(lines[n])
                              or normalise(lines[n].cells[0] if lines[n].cells else "") in _HEAD_WORDS):
        n += 1
    return n


def _padded(line: SourceLine, before: int, width: int, after: int) -> SourceLine:
    cells = [""] * before + (list(line.cells) + [""] * width)[:width] + [""] * after
    return SourceLine(cells=cells, line=line.line, page=line.page, possible=line.possible)


def side_by_side(spec: TableSpec, lines: list[SourceLine]) -> list[SourceLine]:
    """The lines of a two-sided table printed stacked, put side by side; any other lines as they are."""
    if len(spec.sides) != 2 or any(line.starts is not None for line in lines):
        return lines
    marks = [i for i, line in enumerate(lines) if line.single and normalise(line.text) in spec.sides]
    if [normalise(lines[i].text) for i in marks] != list(spec.sides) or any(not line.blank for line in lines[:marks[0]]):
        return lines
    sections = [lines[marks[0] + 1:marks[1]], lines[marks[1] + 1:]]
    heads = [_header_end(section) for section in sections]
    if not all(heads) or not all(any(not line.blank for line in s[:h]) for s, h in zip(sections, heads)):
        return lines  # a side without its header: not this layout
    widths = [max(len(line.cells) for line in section) for section in sections]
    top = lines[marks[0]]
    out = [SourceLine(cells=[spec.sides[0]] + [""] * (widths[0] - 1) + [spec.sides[1]] + [""] * (widths[1] - 1),
                      line=top.line, page=top.page)]
    left, right = ([line for line in s[:h] if not line.blank] for s, h in zip(sections, heads))
    for k in range(max(len(left), len(right))):
        a = left[k] if k < len(left) else None
        b = right[k] if k < len(right) else None
        at = a or b
        assert at is not None
        cells = (list(a.cells) if a else []) + [""] * widths[0]
        cells = cells[:widths[0]] + ((list(b.cells) if b else []) + [""] * widths[1])[:widths[1]]
        out.append(SourceLine(cells=cells, line=at.line, page=at.page))
    out += [_padded(line, 0, widths[0], widths[1]) for line in sections[0][heads[0]:]]
    out += [_padded(line, widths[0], widths[1], 0) for line in sections[1][heads[1]:]]
    return out
