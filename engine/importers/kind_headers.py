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


def _say(spec: TableSpec, kind: Sequence[str], warnings: Warnings | None, line: int | None) -> None:
    if warnings is not None:
        warnings.add("columns_by_kind", f"{spec.id}：表头的列名断成几段，无法逐列读出；按本表种类的标准列序"
                     f"（{'、'.join(kind)}）定位金额", line)
