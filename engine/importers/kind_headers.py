"""Column names printed in pieces (pdfplumber's `extract_text` of a header cell that wraps: `一般公共 / 预算财政 /
拨款`) → the kind's columns, when the pieces can stand for nothing else.

A header names its columns in order; when a piece is no column name, the table's kind still says what its columns
are (the catalogue's order). The kind's columns are taken only when every name that is recognised stands at its own
column's place (as many names as the kind has columns), or, pieces stacked in narrow columns being no count of
columns, when the names recognised come in the kind's order; the table then says so
(columns_by_kind), and the arithmetic decides where each amount goes as before."""
from __future__ import annotations

from collections.abc import Sequence

from engine.catalogue import TableSpec
from engine.importers.errors import Warnings
from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.said import joined, say

_TOTALS = ("合计", "小计")
_CODE_PARTS = ("类", "款", "项")  # the 科目编码's own headings (a line of them names no amount column)


def by_kind(spec: TableSpec, names: Sequence[str], kind: Sequence[str]) -> bool:
    """Do the printed `names` stand for the `kind` columns (same count, every name a part of the column at its
    place; else the names that are parts of the kind's columns in the kind's order)?"""
    keys = [spec.column_key(n) for n in names]
    if None not in keys and len(set(keys)) == len(keys):
        return False  # every column named: nothing to stand in for
    spelt = [_column_names(spec, k) for k in kind]
    if len(names) == len(kind):
        # a piece naming no column stands for the column at its place only when it is a part of that one's name
        return all(k == want if k is not None else part_of(n, names_of)
                   for n, k, want, names_of in zip(names, keys, kind, spelt))
    # pieces of names stacked in narrow columns (`财` `算`) are not one a column: every piece must still be a part
    # of one of the kind's names, and they must come in the kind's order
    return None in keys and all(k is None or k in kind for k in keys) and in_order(names, spelt)


def part_of(piece: str, names: Sequence[str]) -> bool:
    """Is the printed `piece` (a name wrapped in its cell: `一般公共`, `（境）费`) a part of one of `names`?"""
    text = normalise(piece)
    if text in _TOTALS:  # a total printed 合计 where the catalogue says 小计 (or back): the same column
        return any(word in name for word in _TOTALS for name in names)
    return bool(text) and any(text in name for name in names)


def in_order(pieces: Sequence[str], spelt: Sequence[Sequence[str]]) -> bool:
    """Can each piece be a part of one of the columns (each column's names in `spelt`), in the columns' order?
    A piece that is a part of none fails: it is no piece of these columns."""
    at = 0
    for piece in pieces:
        at = next((n for n in range(at, len(spelt)) if part_of(piece, spelt[n])), -1)
        if at < 0:
            return False
    return True


def _column_names(spec: TableSpec, key: str) -> list[str]:
    return [name for c in spec.columns if c.key == key for name in (c.key, *c.aliases)]


def sided_header(spec: TableSpec, header: list[SourceLine], warnings: Warnings | None) -> list[SourceLine]:
    """A two-sided table's header with the line of items (项目 [行次] names … 项目 [行次] names …) naming each side's
    columns by the kind's keys where the names came in pieces; the lines of those pieces are then dropped (they are
    the names, not rows). As given when every side names its columns."""
    at = next((i for i, h in enumerate(header) if h.cells.count("项目") == len(spec.sides)), None)
    if at is None:
        return header
    items = header[at].cells
    width = items.index("项目", 1)
    cells: list[str] = []
    replaced = []
    for side, part in zip(spec.sides, [items[:width], items[width:]]):
        lead = [c for c in part if normalise(c) in ("项目", "行次")]
        names = [c for c in part if normalise(c) not in ("项目", "行次")]
        kind = [c.key for c in spec.columns if c.side == side]
        if by_kind(spec, names, kind) and all(spec.column_key(n, side) in (None, *kind) for n in names):
            names = kind
            replaced.append(side)
        cells += lead + names
    if not replaced:
        return header
    say_by_kind(spec, [c.key for c in spec.columns if c.side in replaced], warnings, header[at].line)
    keep = [h for i, h in enumerate(header) if i == at or [normalise(c) for c in h.cells] == list(spec.sides)]
    return [SourceLine(cells=cells, line=h.line, page=h.page) if h is header[at] else h for h in keep]


def coded_header(spec: TableSpec, header: list[SourceLine], body: list[SourceLine],
                 warnings: Warnings | None) -> list[SourceLine]:
    """A coded table's header whose column names come in pieces (`本年收入合` / `计`) names no column: its numeric
    columns are then its kind's, in the catalogue's order (a placement that does not fit them is not made), when
    each piece is a part of the kind's names and they come in its order. So too
    when the line of names names some of the kind's columns, in order, and each missing one is spelt by pieces on
    lines of their own (`附属单位` / `上缴收入`: a name wrapped in a narrow column)."""
    names = next((h for h in reversed(header) if len(h.cells) >= 3), None)
    keys = [spec.column_key(c) for c in names.cells[2:]] if names is not None else []
    kind = [c.key for c in spec.columns]
    if spec.economic or not body:
        return header
    if keys and None not in keys and len(set(keys)) == len(keys):
        missing = [k for k in kind if k not in keys]
        found = [kind.index(k) for k in keys if k in kind]
        if not missing or found != sorted(found) or len(found) != len(keys) \
                or not all(_spelt(spec, key, [h for h in header if h is not names]) for key in missing):
            return header
    elif names is not None and not in_order([c for c in names.cells[2:] if c and normalise(c) not in _CODE_PARTS],
                                            [_column_names(spec, k) for k in kind]):
        return header  # pieces that are no parts of the kind's names in its order: they may name other columns
    at = header[0] if header else body[0]
    say_by_kind(spec, kind, warnings, at.line)
    return [SourceLine(cells=["科目编码", "科目名称"] + kind, line=at.line, page=at.page)]


def _spelt(spec: TableSpec, key: str, lines: list[SourceLine]) -> bool:
    """Is the column `key` printed on the header's other lines: whole, or in two or three pieces on successive
    lines of the header (a name wrapped in its cell: `年初结转和` … `结余`)?"""
    words = [[w for v in line.values for w in v.split()] for line in lines]
    for i, first in enumerate(words):
        for a in first:
            if spec.column_key(a) == key:
                return True
            for j in range(i + 1, len(words)):
                for b in words[j]:
                    if spec.column_key(a + b) == key:
                        return True
                    if any(spec.column_key(a + b + c) == key for later in words[j + 1:] for c in later):
                        return True
    return False


def say_by_kind(spec: TableSpec, kind: Sequence[str], warnings: Warnings | None, line: int | None) -> None:
    if warnings is not None:
        warnings.add("columns_by_kind", say("I108", table=spec.id, columns=joined(list(kind), "、")), line)
