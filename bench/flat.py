"""The document as the floor and the peers read it: a flat dict of Decimals built from the parsed JSON.

What a programmer would build instead of a model: one pass over the JSON's tables, every cell as (value, half-width)
under (table, row name, column), a bare row's main column under column None; the rows of each table in order for
row sets (类/款/项 levels, 下级, a side, 行次 ranges); the 自评表 numbers. Blank, —— and words count as 0 (domain.md §3).
The conversion is timed with each engine: it is the floor's and every peer's share of reading the document.
"""
from __future__ import annotations

from decimal import Decimal

ZERO = Decimal(0)
NIL = (ZERO, ZERO)
_HALF: dict[int, Decimal] = {}


def amount(cell: dict | None) -> tuple[Decimal, Decimal]:
    """(value, half a unit of its last printed digit); (0, 0) for anything that is not a printed number."""
    if cell is None or cell.get("kind", "number") != "number" or cell.get("value") is None:
        return NIL
    text = cell["value"]
    dot = text.find(".")
    places = 0 if dot < 0 else len(text) - dot - 1
    half = _HALF.get(places)
    if half is None:
        half = _HALF[places] = Decimal("0.5").scaleb(-places)
    return Decimal(text), half


class Row:
    __slots__ = ("key", "code", "level", "side", "line", "v", "m")

    def __init__(self, key, code, level, side, line, v, m) -> None:
        self.key, self.code, self.level, self.side, self.line, self.v, self.m = key, code, level, side, line, v, m


class View:
    """cells: (table, row name, column or None) -> (value, half); rows: table -> [Row]; forms: [{field: amount}]."""

    __slots__ = ("cells", "rows", "forms")

    def __init__(self, cells, rows, forms) -> None:
        self.cells, self.rows, self.forms = cells, rows, forms


FORM_FIELDS = {"rate": "execution_rate", "available": "available", "executed": "executed"}


def view(data: dict) -> View:
    cells: dict = {}
    rows: dict = {}
    for tid, table in data.get("tables", {}).items():
        columns = table.get("columns", [])
        main_of: dict = {}
        for c in columns:
            main_of.setdefault(c.get("side"), c["key"])
        first = columns[0]["key"] if columns else None
        out = rows[tid] = []
        for r in table.get("rows", []):
            v = {k: amount(c) for k, c in r.get("cells", {}).items()}
            main = v.get(main_of.get(r.get("side"), first), NIL)
            line = r.get("line_no")
            row = Row(r["key"], r.get("code"), r.get("level"), r.get("side"),
                      int(line) if line and line.isdigit() else 0, v, main)
            out.append(row)
            for name in (r["key"], r.get("code"), line):
                if name and (tid, name, None) not in cells:
                    cells[tid, name, None] = main
                    for k, a in v.items():
                        cells[tid, name, k] = a
    forms = []
    for f in data.get("attachments", []):
        one = {}
        for short, field in FORM_FIELDS.items():
            x = f.get(field)
            if x is not None and "total" in x:
                x = x["total"]
            one[short] = None if x is None or x.get("value") is None else amount(x)
        forms.append(one)
    return View(cells, rows, forms)
