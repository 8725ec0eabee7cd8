"""The floor: 20 rules of the default rulebook written by hand as plain Python over the model, with Decimal.

Same semantics as the engine (domain.md §3): a printed amount is an interval of ±half its last digit; blank and ——
count as 0; `==` passes exactly, is `rounding` when only the intervals overlap, else `fail`; a rule's verdict is the
worst of its comparisons; a missing table makes it `not_checkable`, a missing row an `error`.
Each function is what a programmer would write for one rule: no precomputed indexes shared between rules.
"""
from __future__ import annotations

from decimal import Decimal

from engine.model import Disclosure, Row, Table

ZERO = Decimal(0)
HALF = Decimal("0.5")
RANK = {"pass": 0, "rounding": 1, "error": 3, "fail": 4}
LEVEL_LENGTH = {"类": 3, "款": 5}


class Missing(Exception):
    """A table the rule reads is absent: the rule is not checkable."""


class NoRow(Exception):
    """A row the rule names is absent: the rule is an error."""


def table(doc: Disclosure, tid: str) -> Table:
    found = doc.tables.get(tid)
    if found is None:
        raise Missing(tid)
    return found


def row(t: Table, key: str, side: str | None = None) -> Row:
    for r in t.rows:
        if (r.key == key or r.code == key or r.line_no == key) and (side is None or r.side in (None, side)):
            return r
    raise NoRow(key)


def amount(t: Table, r: Row, col: str | None = None) -> tuple[Decimal, Decimal]:
    """(value, half-width) of a cell; a bare row means its side's first column."""
    if col is None:
        cols = [c for c in t.columns if c.side == r.side] or t.columns
        col = cols[0].key
    c = r.cells.get(col)
    if c is None or c.kind != "number" or c.value is None:
        return ZERO, ZERO
    exponent = c.value.as_tuple().exponent
    return c.value, HALF.scaleb(exponent)


def cell(doc: Disclosure, tid: str, key: str, col: str | None = None, side: str | None = None):
    t = table(doc, tid)
    return amount(t, row(t, key, side), col)


def total(amounts) -> tuple[Decimal, Decimal]:
    v, w = ZERO, ZERO
    for a, b in amounts:
        v += a
        w += b
    return v, w


def compare(op: str, a, b) -> str:
    d, tol = a[0] - b[0], a[1] + b[1]
    if op == "==":
        return "pass" if d == 0 else ("rounding" if abs(d) <= tol else "fail")
    if op == "<=":
        return "pass" if d <= 0 else ("rounding" if d <= tol else "fail")
    return "pass" if d >= 0 else ("rounding" if -d <= tol else "fail")  # >=


def worst(statuses) -> str:
    return max(statuses, key=RANK.__getitem__, default="pass")


def coded(t: Table) -> list[Row]:
    rows = [r for r in t.rows if r.code]
    return rows or t.rows


def level(t: Table, name: str) -> list[Row]:
    n = LEVEL_LENGTH[name]
    return [r for r in t.rows if r.level == name or (r.level is None and r.code is not None and len(r.code) == n)]


def kids(t: Table, r: Row) -> list[Row]:
    return [k for k in t.rows if k.code and r.code and len(k.code) == len(r.code) + 2 and k.code.startswith(r.code)]


def has_value(doc: Disclosure, tid: str, key: str, col: str) -> bool:
    t = doc.tables.get(tid)
    if t is None:
        return False
    r = next((x for x in t.rows if x.key == key or x.code == key or x.line_no == key), None)
    c = r.cells.get(col) if r else None
    return c is not None and c.kind == "number"


# --- the 20 rules ----------------------------------------------------------------------------------

INCOME8 = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
           "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
SOURCES02 = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
COLS02 = ("本年收入合计",) + SOURCES02
COLS05 = ("合计", "基本支出", "项目支出")
SANGONG = ("因公出国(境)费", "公务用车购置及运行维护费", "公务接待费")


def t01(doc):
    return compare("==", cell(doc, "公开01", "本年收入合计"), total(cell(doc, "公开01", k) for k in INCOME8))


def t02(doc):
    t = table(doc, "公开01")
    side = [r for r in t.rows if r.side == "支出"]
    spending = [r for r in side if r.code] or side
    return compare("==", cell(doc, "公开01", "本年支出合计"), total(amount(t, r) for r in spending))


def t05(doc):
    return compare("==", cell(doc, "公开01", "收入总计"), cell(doc, "公开01", "支出总计"))


def t06(doc):
    t = table(doc, "公开02")
    return worst(compare("==", amount(t, r, "本年收入合计"), total(amount(t, r, c) for c in SOURCES02))
                 for r in coded(t))


def t11(doc):
    t = table(doc, "公开05")
    out = [compare("==", amount(t, r, "合计"), total([amount(t, r, "基本支出"), amount(t, r, "项目支出")]))
           for r in coded(t)]
    r = row(t, "合计")
    out.append(compare("==", amount(t, r, "合计"), total([amount(t, r, "基本支出"), amount(t, r, "项目支出")])))
    return worst(out)


def t12(doc):
    t = table(doc, "公开06")
    return worst(compare("==", amount(t, r), total(amount(t, k) for k in kids(t, r))) for r in level(t, "类"))


def t13(doc):
    return compare("==", cell(doc, "公开06", "人员经费合计"),
                   total([cell(doc, "公开06", "301"), cell(doc, "公开06", "303")]))


def t17(doc):
    if not sangong_has_data(doc):
        return "not_applicable"
    return worst(compare("==", cell(doc, "公开09", "合计", col), total(cell(doc, "公开09", k, col) for k in SANGONG))
                 for col in ("预算数", "决算数"))


def t19(doc):
    if "公开10" not in doc.tables:
        return "not_applicable"
    return compare("==", cell(doc, "公开10", "合计"), total(cell(doc, "公开10", k) for k in ("货物", "工程", "服务")))


def t20(doc):
    if "公开10" not in doc.tables:
        return "not_applicable"
    t = table(doc, "公开10")
    cars = [r for r in t.rows if r.line_no and r.line_no.isdigit() and 8 <= int(r.line_no) <= 15]
    return compare("==", cell(doc, "公开10", "车辆数合计(辆)"), total(amount(t, r) for r in cars))


def _hierarchy(doc, tid: str, depth: str, cols) -> str:
    t = table(doc, tid)
    return worst(compare("==", amount(t, r, c), total(amount(t, k, c) for k in kids(t, r)))
                 for r in level(t, depth) for c in cols)


def h01c(doc):
    return _hierarchy(doc, "公开05", "类", COLS05)


def h02c(doc):
    return _hierarchy(doc, "公开05", "款", COLS05)


def h03c(doc):
    t = table(doc, "公开05")
    top = row(t, "合计")
    return worst(compare("==", amount(t, top, c), total(amount(t, r, c) for r in level(t, "类"))) for c in COLS05)


def h03a(doc):
    t = table(doc, "公开02")
    top = row(t, "合计")
    return worst(compare("==", amount(t, top, c), total(amount(t, r, c) for r in level(t, "类"))) for c in COLS02)


def x01(doc):
    return compare("==", cell(doc, "公开01", "本年收入合计"), cell(doc, "公开02", "合计", "本年收入合计"))


def x02(doc):
    return compare("==", total(cell(doc, "公开01", k) for k in INCOME8[:3]), cell(doc, "公开02", "合计", "财政拨款收入"))


def x05b(doc):
    return compare("==", cell(doc, "公开04", "本年支出合计", "一般公共预算财政拨款"), cell(doc, "公开05", "合计", "合计"))


def x08(doc):
    return compare("==", cell(doc, "公开05", "合计", "基本支出"),
                   total([cell(doc, "公开06", "人员经费合计"), cell(doc, "公开06", "公用经费合计")]))


def x14a(doc):
    if "公开10" not in doc.tables:
        return "not_applicable"
    running = total([cell(doc, "公开10", "行政单位"), cell(doc, "公开10", "参照公务员法管理事业单位")])
    return compare("<=", running, cell(doc, "公开06", "公用经费合计"))


def x09b(doc):
    return compare("<=", cell(doc, "公开04", "本年支出合计", "合计"), cell(doc, "公开01", "本年支出合计"))


def sangong_has_data(doc) -> bool:
    return (has_value(doc, "公开09", "合计", "预算数") or has_value(doc, "公开09", "合计", "决算数")
            or any(has_value(doc, "公开09", k, "决算数") for k in SANGONG))


RULES = {
    "T01": t01, "T02": t02, "T05": t05, "T06": t06, "T11": t11, "T12": t12, "T13": t13, "T17": t17, "T19": t19,
    "T20": t20, "H01c": h01c, "H02c": h02c, "H03c": h03c, "H03a": h03a,
    "X01": x01, "X02": x02, "X05b": x05b, "X08": x08, "X09b": x09b, "X14a": x14a,
}


def verdict(rule_id: str, doc: Disclosure) -> str:
    """pass / rounding / fail / error / not_checkable / not_applicable, as the engine reports a rule."""
    try:
        return RULES[rule_id](doc)
    except Missing:
        return "not_checkable"
    except NoRow:
        return "error"


def run_all(doc: Disclosure) -> dict[str, str]:
    return {rule_id: verdict(rule_id, doc) for rule_id in RULES}
