"""Column names printed in pieces (pdfplumber's `extract_text` of a header cell that wraps: `一般公共 / 预算财政 /
拨款`) → the kind's columns, when the pieces can stand for nothing else.

A header names its columns in order; when a piece is no column name, the table's kind still says what its columns
are (the catalogue's order). The kind's columns are taken only when every name that is recognised stands at its own
column's place (as many names as the kind has columns), or, pieces stacked in narrow columns being no count of
columns, when the names recognised come in the kind's order; the table then says so
(columns_by_kind), and the arithmetic decides where each amount goes as before."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from engine.catalogue import TableSpec
from engine.importers.amounts import parse_number
from engine.importers.errors import Warnings
from engine.importers.lines import SourceLine
from engine.importers.placement import WIDE_SUMS
from engine.importers.split_rows import AMOUNT, words
from engine.labels import normalise
from engine.said import joined, say


def by_kind(spec: TableSpec, names: Sequence[str], kind: Sequence[str]) -> bool:
    """Do the printed `names` stand for the `kind` columns (same count, every recognised name in its place)?"""
    keys = [spec.column_key(n) for n in names]
    if None not in keys and len(set(keys)) == len(keys):
        return False  # every column named: nothing to stand in for
    if len(names) == len(kind):
        return all(k is None or k == want for k, want in zip(keys, kind))
    # pieces of names stacked in narrow columns (`财` `算`) are not one a column: the names recognised must still
    # come in the kind's order
    found = [kind.index(k) for k in keys if k is not None]
    return None in keys and all(k is None or k in kind for k in keys) and found == sorted(set(found))


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
    _say(spec, [c.key for c in spec.columns if c.side in replaced], warnings, header[at].line)
    keep = [h for i, h in enumerate(header) if i == at or [normalise(c) for c in h.cells] == list(spec.sides)]
    return [SourceLine(cells=cells, line=h.line, page=h.page) if h is header[at] else h for h in keep]


def wide_items(spec: TableSpec, header: list[SourceLine], body: list[SourceLine],
               warnings: Warnings | None) -> list[SourceLine]:
    """公开09 with its line of items printed in pieces (`合计 公务用车 公务用车 公务接待费` / `（境）费 小计` …): the
    kind's items, in the catalogue's order, when the line of 预算数 决算数 names a pair for each of them. A row
    printed in full must then hold the kind's sums (合计 = Σ items, 公务用车… = 购置 + 运行维护), else the order is
    not the kind's and the header is left as it is (the table is not read)."""
    pairs = next((h for h in header if len(h.cells) >= 2 and all(spec.column_key(c) for c in h.cells)), None)
    if pairs is None or any(h is not pairs and len(h.cells) >= 2 and all(spec.row_key(c) for c in h.cells)
                            for h in header):
        return header
    columns = list(dict.fromkeys(spec.column_key(c) for c in pairs.cells))
    kind = [r.key for r in spec.rows]
    if len(pairs.cells) != len(columns) * len(kind) or [spec.column_key(c) for c in pairs.cells] != columns * len(kind):
        return header
    printed = [w for line in body for w in words(line) if AMOUNT.match(w)]
    if len(printed) == len(pairs.cells) and not _sums_hold(kind, columns, printed):
        return header
    _say(spec, kind, warnings, pairs.line)
    items = SourceLine(cells=kind, line=pairs.line, page=pairs.page)
    return [items, pairs]  # the other lines are the pieces of the items' names (and the banner over them)


def _sums_hold(kind: list[str], columns: list[str], printed: list[str]) -> bool:
    cells = {f"{item}|{column}": parse_number(text) or Decimal(0)
             for (item, column), text in zip(((i, c) for i in kind for c in columns), printed)}
    places = max((len(t.rsplit(".", 1)[1]) for t in printed if "." in t), default=0)
    half = Decimal(5) / 10 ** (places + 1)
    for column in columns:
        for total, parts in WIDE_SUMS:
            keys = [f"{total}|{column}"] + [f"{p}|{column}" for p in parts]
            if all(k in cells for k in keys) and abs(cells[keys[0]] - sum(cells[k] for k in keys[1:])) > half * len(keys):
                return False
    return True


def coded_header(spec: TableSpec, header: list[SourceLine], body: list[SourceLine],
                 warnings: Warnings | None) -> list[SourceLine]:
    """A coded table's header whose column names come in pieces (`本年收入合` / `计`) names no column: its numeric
    columns are then its kind's, in the catalogue's order (a placement that does not fit them is not made). So too
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
    at = header[0] if header else body[0]
    _say(spec, kind, warnings, at.line)
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


def _say(spec: TableSpec, kind: Sequence[str], warnings: Warnings | None, line: int | None) -> None:
    if warnings is not None:
        warnings.add("columns_by_kind", say("I108", table=spec.id, columns=joined(list(kind), "、")), line)
