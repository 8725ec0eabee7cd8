"""What the document's other tables say about a table's cells, by definition: used to place amounts whose empty cells
left no trace when the table's own arithmetic leaves several ways (placement.py).

- 公开02 is 公开01's income broken down by 科目: its 合计 row is 公开01's income rows (财政拨款收入 the three 财政拨款
  rows together).
- 公开05 is the 一般公共预算财政拨款 part of 公开03's spending: a 公开03 row spends at least as much, 基本支出 and 项目支出
  each, as the 公开05 row of the same 科目.
Only tables read completely are used, and a fact is an amount as printed there (its rounding allowed for)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.model import Disclosure, Table


@dataclass(frozen=True)
class Fact:
    """A cell of this table (row by 科目编码, or "合计") equals (`==`) or is at least (`>=`) a sum of printed amounts."""

    row: str
    column: str
    op: str
    value: Decimal
    terms: int  # how many printed amounts the value adds up (each rounded)
    source: str = ""  # the table that prints the value: a rule comparing the two is no check of what it placed


_INCOME = {"本年收入合计": ("本年收入合计",),
           "财政拨款收入": ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入"),
           "上级补助收入": ("上级补助收入",), "事业收入": ("事业收入",), "经营收入": ("经营收入",),
           "附属单位上缴收入": ("附属单位上缴收入",), "其他收入": ("其他收入",)}


def facts_for(table_id: str, doc: Disclosure, read: set[str]) -> list[Fact]:
    """The facts other tables of `doc` (those in `read`: read completely) give about `table_id`."""
    if table_id == "公开02" and "公开01" in read:
        return _income(doc.tables["公开01"])
    if table_id == "公开03" and "公开05" in read:
        return _at_least(doc.tables["公开05"])
    return []


def _amount(table: Table, key: str, column: str) -> tuple[Decimal, int] | None:
    row = next((r for r in table.rows if r.key == key), None)
    if row is None:
        return None
    cell = row.cells.get(column)
    if cell is None or cell.kind in ("blank", "na"):
        return Decimal(0), 0
    return (cell.value, 1) if cell.kind == "number" and cell.value is not None else None


def _income(total: Table) -> list[Fact]:
    out = []
    for column, rows in _INCOME.items():
        found = [_amount(total, key, "金额") for key in rows]
        if any(f is None for f in found):
            continue
        out.append(Fact(row="合计", column=column, op="==", value=sum((f[0] for f in found), Decimal(0)),
                        terms=sum(f[1] for f in found), source=total.id))
    return out


def _at_least(part: Table) -> list[Fact]:
    out = []
    for row in part.rows:
        for column in ("基本支出", "项目支出"):
            cell = row.cells.get(column)
            if cell is not None and cell.kind == "number" and cell.value:
                out.append(Fact(row=row.code or row.key, column=column, op=">=", value=cell.value, terms=1,
                                source=part.id))
    return out


_NOT_WHOLE = {"unplaced_amounts", "unlabelled_row", "unknown_row", "duplicate_key", "unknown_column", "unaligned",
              "repeat_dropped", "code_unread"}


def reread(doc: Disclosure, spans: list[list], readings: list, warnings, read_table) -> None:
    """Tables left with unplaced amounts are read once more, now with what the tables read completely say about
    them; a table's new reading (its table, warnings and status) replaces the old one only when it places more.
    `spans` is [block, table id, first warning, warning count] per table read, `readings` their statuses (same order);
    `read_table` is tables.read_table (passed in: tables imports this module through align)."""
    from engine.importers import status
    from engine.importers.errors import Warnings

    for n, (block, table_id, first, count) in enumerate(spans):
        mine = warnings.items[first:first + count]
        if not any(w.code == "unplaced_amounts" for w in mine):
            continue
        # tables whose every amount is in place: read, or partly read for something else than an amount (names
        # stacked, columns by kind) with no amount left unplaced
        whole = {r.item for r, (_, _, at, k) in zip(readings, spans) if r.status == "read" or (
            r.status == "partly_read" and not any(w.code in _NOT_WHOLE for w in warnings.items[at:at + k]))}
        facts = facts_for(table_id, doc, whole)
        if not facts:
            continue
        local = Warnings()
        local.pages = warnings.pages
        table = read_table(block, set(doc.tables) - {table_id}, local, facts)
        if table is None or table.id != table_id:
            continue
        reading = status.table_reading(table, block.lines, local.items)
        decided = _decided(doc.tables[table_id], table)  # the rows those figures placed: what differs
        if decided:
            reading = reading.model_copy(update={"placed_by": {source: decided
                                                               for source in sorted({f.source for f in facts})}})
        if reading.status != "read" and _numbers(table) <= _numbers(doc.tables[table_id]):
            continue
        doc.tables[table_id], readings[n] = table, reading
        warnings.items[first:first + count] = local.items
        shift = len(local.items) - count
        spans[n][3] = len(local.items)
        for later in spans[n + 1:]:
            later[2] += shift


def _decided(before: Table, after: Table) -> list[str]:
    """Keys of the rows whose cells the second reading (with other tables' figures) reads otherwise."""
    was = {row.key: row.cells for row in before.rows}
    return [row.key for row in after.rows if was.get(row.key) != row.cells]


def _numbers(table: Table) -> int:
    return sum(1 for row in table.rows for cell in row.cells.values() if cell.kind == "number")
