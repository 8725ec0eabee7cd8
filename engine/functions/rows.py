"""缺少固定行: the fixed rows the catalogue lists for a table (本年收入合计, 其他收入, 年初结转和结余 …) that the printed
table does not have. A template row with nothing to report is still printed (blank or 0): leaving it out drops a line
of the table's sums, which the arithmetic rules cannot see when the row carried an amount. 科目 rows (coded tables,
the 功能分类 类 list) are not fixed rows: a unit prints only the 科目 it has. A breakdown row (年初财政拨款结转和结余 /
一般公共预算财政拨款) is required when the table prints that breakdown as rows at all."""
from __future__ import annotations

from engine.catalogue import RowSpec, TableSpec, load_catalogue
from engine.functions.document import _gaps
from engine.functions.registry import Function
from engine.labels import normalise
from engine.language.runtime import Item
from engine.model import Table
from engine.said import say, side as side_said


Fixed = tuple[tuple[RowSpec, str | None, frozenset[str]], ...]
_FIXED: dict[int, tuple[TableSpec, Fixed]] = {}  # id(spec) -> (spec, its rows as compared)


def _fixed(spec: TableSpec) -> Fixed:
    """The catalogue's rows of a table with what is compared of them (the normalised breakdown parent of a row
    keyed 甲/乙, the normalised key and aliases): the catalogue does not change, so once per process, not per table
    and document (the spec is kept with them, so its id is not reused)."""
    found = _FIXED.get(id(spec))
    if found is None or found[0] is not spec:
        if len(_FIXED) > 256:  # catalogues reloaded many times over (load_catalogue keeps 8): start afresh
            _FIXED.clear()
        found = _FIXED[id(spec)] = (spec, tuple(
            (row, normalise(row.key).split("/")[0] if "/" in row.key else None,
             frozenset({normalise(row.key), *(normalise(a) for a in row.aliases)})) for row in spec.rows))
    return found[1]


def missing_fixed_rows(table: Table) -> tuple[Item, ...]:
    spec = load_catalogue().tables.get(table.id)
    if spec is None or not table.rows:
        return ()
    keys = [(normalise(r.key), r.side, "/" in r.key) for r in table.rows]
    printed = {*((key, side) for key, side, _ in keys), *((key, None) for key, _, _ in keys)}
    parents = {key.split("/")[0] for key, _, split in keys if split}
    out = []
    for row, parent, names in _fixed(spec):
        if parent is not None and parent not in parents:
            continue  # the breakdown is printed in columns (公开04 支出 side), not as rows
        if not any((name, row.side) in printed for name in names):
            shown = row.printed or row.key.split("/")[-1]
            said = say("I57", table=table.id, row=shown, side=side_said(row.key.split("/")[0])) if "/" in row.key \
                else say("I56", table=table.id, row=shown)
            out.append(Item(said, table.source, table.id))
    return tuple(out)


FUNCTIONS = (
    Function("missing_fixed_rows", ("missing_fixed_rows", "缺少固定行"), ("table",), "items",
             "表式规定的固定行（本年收入合计、其他收入、年初结转和结余……）中表里没有印出的",
             "the fixed rows of the table's form (本年收入合计, 其他收入 …) that the printed table lacks",
             hook=_gaps(missing_fixed_rows), reads=(), example="缺少固定行(公开01)"),
)
