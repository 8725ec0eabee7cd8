"""A table printed one cell a line → its printed rows, as text with single spaces would give them.

Some tools write each cell of a table on a line of its own (and none for an empty cell). The rows come back from the
kinds of the cells: the header is the words before the first amount, 科目编码 or 栏次 (a two-sided table's side names
and its 项目 … line apart, 公开09's items and its 预算数/决算数 apart); a body row starts at a 科目编码, or at a label
after a row's name or amounts (a two-sided table: each side's label starts a row of its own). Which column each amount
is in is then for the single-space reader to say (align.py, placement.py)."""
from __future__ import annotations

import re

from engine.catalogue import TableSpec
from engine.importers.amounts import PRINTED_AMOUNT
from engine.importers.lines import SourceLine
from engine.labels import normalise

_AMOUNT = PRINTED_AMOUNT
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+\.)")
_TOTALS = {"合计", "总计"}
_NUMBERED_LABEL = re.compile(r"^\d+\.$")


def one_cell_a_line(spec: TableSpec, lines: list[SourceLine]) -> bool:
    """Is this block printed one cell a line: nearly every line one cell, among them at least three amounts (or, a
    table with no rows, at least three of its column names)?"""
    filled = [line for line in lines if not line.blank and not re.match(r"^(注|说明)\s*[:：]", line.text)]
    # `1. 副部（省）级…` (a numbered label) or `2014. 44` (a cut amount) come in two pieces and are still one cell
    single = [line for line in filled if len(line.values) == 1 or _AMOUNT.match(line.text)
              or (len(line.values) == 2 and _NUMBERED_LABEL.match(line.values[0]))]
    marks = sum(1 for line in filled if _AMOUNT.match(line.text) or spec.column_key(line.text))
    # an empty table prints only its column names (预算数 / 决算数): all of them, each on its own line, is enough
    return bool(filled) and len(single) >= 0.9 * len(filled) and (marks >= 3 or 2 <= marks == len(filled))


_STARTS = {"收入": ("支出",), "项目": ("行次", "金额", "合计", "栏次"), "预算数": ("决算数",)}


def untitled_start(lines: list[SourceLine]) -> int | None:
    """Where a table printed one cell a line without its title begins among `lines` (the text before the first
    titled table): its header words (收入 then 支出; 项目 then 行次, 金额 or 合计; 预算数 then 决算数), each on a
    line of its own, and from there nearly every line one cell with at least three amounts among them. Found by
    what it is, not where: the first such place, or None."""
    for i, line in enumerate(lines):
        follow = _STARTS.get(normalise(line.text)) if len(line.values) == 1 else None
        if follow is None:
            continue
        words = [normalise(x.text) for x in lines[i + 1:i + 8] if not x.blank]
        if not any(w in follow for w in words[:6]):
            continue
        rest = [x for x in lines[i:] if not x.blank]
        single = sum(1 for x in rest if len(x.values) == 1)
        amounts = sum(1 for x in rest if _AMOUNT.match(x.text) and "." in x.text)
        if single >= 0.9 * len(rest) and amounts >= 3:
            return i
    return None


def regroup(spec: TableSpec, lines: list[SourceLine]) -> list[SourceLine]:
    """The block's cells → header lines and row lines (each a SourceLine of the cells, at the first cell's line)."""
    cells = [line for line in lines if not line.blank]
    start = next((i for i, line in enumerate(cells) if _starts_body(spec, line.text)), len(cells))
    if start and start < len(cells) and normalise(cells[start - 1].values[0]) in _TOTALS \
            and not _CODE.match(cells[start].values[0]):
        start -= 1  # the 合计 row printed first: its label ends the header's words
    header, body = cells[:start], cells[start:]
    out = _header(spec, header)
    row: list[SourceLine] = []
    for line in body:
        text = line.text
        if row and _new_row(spec, row, text):
            out.append(_joined(row))
            row = []
        row.append(line)
    if row:
        out.append(_joined(row))
    return out


def _starts_body(spec: TableSpec, text: str) -> bool:
    if _AMOUNT.match(text) and "." in text or normalise(text) == "栏次":
        return True
    if spec.sides:
        return bool(_NUMBERED.match(text))
    if spec.coded:
        return bool(_CODE.match(text))
    # 公开09/10: the header is 项目, 行次 and the column names (公开09: its items too); anything else is a row
    key = normalise(text)
    wide = any(c.key == "预算数" for c in spec.columns)
    return not (key in ("项目", "行次") or spec.column_key(text) or (wide and spec.row_key(text)))


def _new_row(spec: TableSpec, row: list[SourceLine], text: str) -> bool:
    values = [line.text for line in row]
    if normalise(values[0]) == "栏次":
        return not text.isdigit()
    if _CODE.match(text) and spec.coded:
        return True
    if spec.sides and text.isdigit() and any(v.isdigit() for v in values[1 if not _AMOUNT.match(values[0]) else 0:]):
        numbers = values[1:] if not _AMOUNT.match(values[0]) else values
        if len(numbers) == 1 and numbers[0].isdigit() and int(text) > int(numbers[0]) + 1:
            return False  # the right side of the same printed line, without its label (… 29 | | 61): numbered on
        return True  # a second 行次: the next side (or the next line's side with no label)
    if _AMOUNT.match(text):
        return False
    # a label: it starts a row unless the row so far is only a code (the label is its name)
    return not (len(values) == 1 and _CODE.match(values[0]))


def _header(spec: TableSpec, header: list[SourceLine]) -> list[SourceLine]:
    """Header words → lines: the side names apart from the rest; 公开09's items apart from 预算数/决算数;
    a trailing 合计/总计 (an empty table's only row) a line of its own."""
    groups: list[list[SourceLine]] = []
    kind = None
    for line in header:
        text = normalise(line.text)
        if spec.sides:
            now = "sides" if text in spec.sides else "items"
        elif any(c.key == "预算数" for c in spec.columns):
            now = "pairs" if spec.column_key(text) else "items"
        else:
            now = "names"
        if text in _TOTALS and line is header[-1] and not spec.sides:
            now = "total"
        if now != kind:
            groups.append([])
            kind = now
        groups[-1].append(line)
    return [_joined(group) for group in groups]


def _joined(cells: list[SourceLine]) -> SourceLine:
    return SourceLine(cells=[line.text for line in cells], line=cells[0].line, page=cells[0].page, starts=())
