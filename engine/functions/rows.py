"""缺少固定行: the fixed rows the catalogue lists for a table (本年收入合计, 其他收入, 年初结转和结余 …) that the printed
table does not have. A template row with nothing to report is still printed (blank or 0): leaving it out drops a line
of the table's sums, which the arithmetic rules cannot see when the row carried an amount. 科目 rows (coded tables,
the 功能分类 类 list) are not fixed rows: a unit prints only the 科目 it has. A breakdown row (年初财政拨款结转和结余 /
一般公共预算财政拨款) is required when the table prints that breakdown as rows at all."""
from __future__ import annotations

from engine.catalogue import load_catalogue
from engine.functions.document import _gaps
from engine.functions.registry import Function
from engine.labels import normalise
from engine.language.runtime import Item
from engine.model import Table
from engine.said import say, side as side_said


def missing_fixed_rows(table: Table) -> tuple[Item, ...]:
    spec = load_catalogue().tables.get(table.id)
    if spec is None or not table.rows:
        return ()
    printed = {(normalise(r.key), r.side) for r in table.rows} | {(normalise(r.key), None) for r in table.rows}
    parents = {normalise(r.key).split("/")[0] for r in table.rows if "/" in r.key}
    out = []
    for row in spec.rows:
        if "/" in row.key and normalise(row.key).split("/")[0] not in parents:
            continue  # the breakdown is printed in columns (公开04 支出 side), not as rows
        names = {normalise(row.key), *(normalise(a) for a in row.aliases)}
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
