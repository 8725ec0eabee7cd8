"""The honest floor: the 40 workload rules as a programmer would write them, one function per rule, in plain Python
with Decimal over the flat dict of bench/flat.py (built from the same JSON, the conversion timed with the rules).

Same semantics as the engine (domain.md §3): a printed amount is an interval of ±half its last digit; blank and ——
count as 0; `==` passes exactly, is `rounding` when only the intervals overlap, else `fail`; a rule's verdict is the
worst of its comparisons; a missing table makes it `not_checkable`, a missing row an `error`.
No index shared between rules: each function reads what it needs.
"""
from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

from bench.flat import NIL, ZERO, View, view

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")
LEVEL_LENGTH = {"类": 3, "款": 5, "项": 7}


class Missing(Exception):
    """A table the rule reads is absent: the rule is not checkable."""


class NoRow(Exception):
    """A row the rule names is absent: the rule is an error."""


ERR = (None, None)  # a named row that is absent: the comparison reading it is an error


def cell(d: View, t: str, r: str, col: str | None = None):
    found = d.cells.get((t, r, col))
    if found is None:
        if t not in d.rows:
            raise Missing(t)
        return ERR
    return found


def rows(d: View, t: str):
    found = d.rows.get(t)
    if found is None:
        raise Missing(t)
    return found


def total(amounts):
    v = w = ZERO
    for a, b in amounts:
        if a is None:
            return ERR
        v += a
        w += b
    return v, w


def minus(a, *bs):
    v, w = a
    if v is None:
        return ERR
    for b in bs:
        if b[0] is None:
            return ERR
        v -= b[0]
        w += b[1]
    return v, w


def _exponent(value: Decimal) -> int:
    e = value.as_tuple().exponent
    return e if isinstance(e, int) else 0


def compare(op: str, a, b, tolerance=None) -> str:
    if a[0] is None or b[0] is None:
        return "error"
    d, tol = a[0] - b[0], (a[1] + b[1]) if tolerance is None else tolerance
    if op == "==":
        if d == 0:
            return "pass"
        # a figure printed with fewer decimals than the other side stands for what that side rounds to (rulebook's
        # reading, e.g. 0 printed against 0.34, 1783.8 against 1783.79)
        if tolerance is None and _exponent(b[0]) < _exponent(a[0]) and b[0].quantize(a[0], ROUND_HALF_UP) == a[0]:
            return "pass"
        return "rounding" if abs(d) <= tol else "fail"
    if op == "<=":
        return "pass" if d <= 0 else ("rounding" if d <= tol else "fail")
    return "pass" if d >= 0 else ("rounding" if -d <= tol else "fail")  # >=


def worst(statuses) -> str:
    """The engine's order: the first fail or error decides (`且` stops there), else rounding beats pass."""
    out = "pass"
    for s in statuses:
        if s == "fail" or s == "error":
            return s
        if s == "rounding":
            out = s
    return out


def every(statuses) -> str:
    """每个 over rows: rulebook goes through every row, so a failing row beats an earlier row that is an error."""
    out = list(statuses)
    return "fail" if "fail" in out else worst(out)


def coded(d: View, t: str, side: str | None = None):
    rs = [r for r in rows(d, t) if side is None or r.side == side]
    return [r for r in rs if r.code] or rs


def level(d: View, t: str, name: str):
    n = LEVEL_LENGTH[name]
    return [r for r in rows(d, t) if r.level == name or (r.level is None and r.code and len(r.code) == n)]


def kids(d: View, t: str, parent):
    p = parent.code
    return [k for k in rows(d, t) if k.code and p and len(k.code) == len(p) + 2 and k.code.startswith(p)]


def v(r, col):
    return r.v.get(col, NIL)


def has_value(d: View, t: str, r: str, col: str) -> bool:
    return d.cells.get((t, r, col), NIL) is not NIL


def sangong_has_data(d: View) -> bool:
    return (has_value(d, "公开09", "合计", "预算数") or has_value(d, "公开09", "合计", "决算数")
            or any(has_value(d, "公开09", k, "决算数") for k in SANGONG))


INCOME8 = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
           "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
SOURCES02 = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
COLS02 = ("本年收入合计",) + SOURCES02
COLS04 = ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
COLS05 = ("合计", "基本支出", "项目支出")
SANGONG = ("因公出国(境)费", "公务用车购置及运行维护费", "公务接待费")


# --- the 40 rules ----------------------------------------------------------------------------------

def t01(d):
    return compare("==", cell(d, "公开01", "本年收入合计"), total(cell(d, "公开01", k) for k in INCOME8))


def t02(d):
    return compare("==", cell(d, "公开01", "本年支出合计"), total(r.m for r in coded(d, "公开01", "支出")))


def t03(d):
    return compare("==", cell(d, "公开01", "收入总计"), total(cell(d, "公开01", k) for k in
                                                            ("本年收入合计", "使用非财政拨款结余(含专用结余)", "年初结转和结余")))


def t04(d):
    return compare("==", cell(d, "公开01", "支出总计"), total(cell(d, "公开01", k) for k in
                                                            ("本年支出合计", "结余分配", "年末结转和结余")))


def t05(d):
    return compare("==", cell(d, "公开01", "收入总计"), cell(d, "公开01", "支出总计"))


def t06(d):
    return every(compare("==", v(r, "本年收入合计"), total(v(r, c) for c in SOURCES02)) for r in coded(d, "公开02"))


def t06b(d):
    return compare("==", cell(d, "公开02", "合计", "本年收入合计"),
                   total(cell(d, "公开02", "合计", c) for c in SOURCES02))


def t08(d):
    return compare("==", cell(d, "公开04", "本年收入合计"), total(cell(d, "公开04", k) for k in
                                                                ("一般公共预算财政拨款", "政府性基金预算财政拨款",
                                                                 "国有资本经营预算财政拨款")))


def t10(d):
    spending = coded(d, "公开04", "支出")
    out = [compare("==", cell(d, "公开04", "本年支出合计", c), total(v(r, c) for r in spending)) for c in COLS04]
    out.append(compare("==", cell(d, "公开04", "支出总计", "合计"),
                       total([cell(d, "公开04", "本年支出合计", "合计"), cell(d, "公开04", "年末财政拨款结转和结余", "合计")])))
    out.append(compare("==", cell(d, "公开04", "收入总计"), cell(d, "公开04", "支出总计", "合计")))
    return worst(out)


def t11(d):
    out = [compare("==", v(r, "合计"), total([v(r, "基本支出"), v(r, "项目支出")])) for r in coded(d, "公开05")]
    out.append(compare("==", cell(d, "公开05", "合计", "合计"),
                       total([cell(d, "公开05", "合计", "基本支出"), cell(d, "公开05", "合计", "项目支出")])))
    return worst(out)


def t12(d):
    return every(compare("==", r.m, total(k.m for k in kids(d, "公开06", r))) for r in level(d, "公开06", "类"))


def t13(d):
    return compare("==", cell(d, "公开06", "人员经费合计"), total([cell(d, "公开06", "301"), cell(d, "公开06", "303")]))


def t14(d):
    classes = total(r.m for r in level(d, "公开06", "类"))
    return compare("==", cell(d, "公开06", "公用经费合计"),
                   minus(classes, cell(d, "公开06", "301"), cell(d, "公开06", "303")))


def t16(d):
    out = [compare("==", v(r, "合计"), total([v(r, "基本支出"), v(r, "项目支出")])) for r in coded(d, "公开08")]
    out.append(compare("==", cell(d, "公开08", "合计", "合计"),
                       total([cell(d, "公开08", "合计", "基本支出"), cell(d, "公开08", "合计", "项目支出")])))
    return worst(out)


def t17(d):
    if not sangong_has_data(d):
        return "not_applicable"
    return worst(compare("==", cell(d, "公开09", "合计", c), total(cell(d, "公开09", k, c) for k in SANGONG))
                 for c in ("预算数", "决算数"))


def t18(d):
    if not sangong_has_data(d):
        return "not_applicable"
    return worst(compare("==", cell(d, "公开09", "公务用车购置及运行维护费", c),
                         total([cell(d, "公开09", "公务用车购置费", c), cell(d, "公开09", "公务用车运行维护费", c)]))
                 for c in ("预算数", "决算数"))


def t19(d):
    if "公开10" not in d.rows:
        return "not_applicable"
    return compare("==", cell(d, "公开10", "合计"), total(cell(d, "公开10", k) for k in ("货物", "工程", "服务")))


def t20(d):
    if "公开10" not in d.rows:
        return "not_applicable"
    return compare("==", cell(d, "公开10", "车辆数合计(辆)"),
                   total(r.m for r in rows(d, "公开10") if 8 <= r.line <= 15))


def _hierarchy(d, t: str, depth: str, cols) -> str:
    return worst(compare("==", v(r, c), total(v(k, c) for k in kids(d, t, r)))
                 for r in level(d, t, depth) for c in cols)


def _top(d, t: str, cols) -> str:
    classes = level(d, t, "类")
    return worst(compare("==", cell(d, t, "合计", c), total(v(r, c) for r in classes)) for c in cols)


def h01a(d):
    return _hierarchy(d, "公开02", "类", COLS02)


def h02a(d):
    return _hierarchy(d, "公开02", "款", COLS02)


def h03a(d):
    return _top(d, "公开02", COLS02)


def h01c(d):
    return _hierarchy(d, "公开05", "类", COLS05)


def h02c(d):
    return _hierarchy(d, "公开05", "款", COLS05)


def h03c(d):
    return _top(d, "公开05", COLS05)


def h01e(d):
    return _hierarchy(d, "公开08", "类", COLS05)


def h03e(d):
    return _top(d, "公开08", COLS05)


def _levels_agree(d, t: str, col: str) -> str:
    sums = [total(v(r, col) for r in level(d, t, name)) for name in ("项", "款", "类")]
    return worst([compare("==", sums[0], sums[1]), compare("==", sums[1], sums[2])])


def h04a(d):
    return _levels_agree(d, "公开02", "本年收入合计")


def h04c(d):
    return _levels_agree(d, "公开05", "合计")


def x01(d):
    return compare("==", cell(d, "公开01", "本年收入合计"), cell(d, "公开02", "合计", "本年收入合计"))


def x02(d):
    return compare("==", total(cell(d, "公开01", k) for k in INCOME8[:3]), cell(d, "公开02", "合计", "财政拨款收入"))


def x02b(d):
    return worst(compare("==", cell(d, "公开01", k), cell(d, "公开02", "合计", k)) for k in SOURCES02[1:])


def x04(d):
    return worst(compare("==", cell(d, "公开04", k), cell(d, "公开01", k + "收入")) for k in COLS04[1:])


def x05a(d):
    classes = level(d, "公开05", "类")
    if classes:
        rows(d, "公开04")  # an absent table: not checkable
    # a 类 that 公开04 does not print is 0 there (rulebook: 公开04[r] of an absent subject)
    return every(compare("==", v(r, "合计"), d.cells.get(("公开04", r.code, "一般公共预算财政拨款"), NIL))
                 for r in classes)


def x05b(d):
    return compare("==", cell(d, "公开04", "本年支出合计", "一般公共预算财政拨款"), cell(d, "公开05", "合计", "合计"))


def x07(d):
    spending = total(v(r, "国有资本经营预算财政拨款") for r in coded(d, "公开04", "支出"))
    top = cell(d, "公开08", "合计", "合计")
    return worst([compare("==", spending, top),
                  compare("==", cell(d, "公开04", "本年支出合计", "国有资本经营预算财政拨款"), top)])


def x08(d):
    return compare("==", cell(d, "公开05", "合计", "基本支出"),
                   total([cell(d, "公开06", "人员经费合计"), cell(d, "公开06", "公用经费合计")]))


def x09b(d):
    return compare("<=", cell(d, "公开04", "本年支出合计", "合计"), cell(d, "公开01", "本年支出合计"))


def x14a(d):
    if "公开10" not in d.rows:
        return "not_applicable"
    running = total([cell(d, "公开10", "行政单位"), cell(d, "公开10", "参照公务员法管理事业单位")])
    return compare("<=", running, cell(d, "公开06", "公用经费合计"))


def _percent(part, whole):
    """part ÷ whole × 100 with first-order interval propagation, as 占比 is defined (domain.md §3)."""
    if whole[0] == 0:
        raise ZeroDivisionError
    q = part[0] / whole[0]
    tol = part[1] / abs(whole[0]) + abs(part[0]) * whole[1] / (whole[0] * whole[0])
    return q * HUNDRED, tol * HUNDRED


def p01(d):
    out = []
    for f in d.forms:
        if f["rate"] is None:
            continue
        try:
            pct = _percent(f["executed"] or NIL, f["available"] or NIL)
        except ZeroDivisionError:
            out.append("error")
            continue
        rounded = (pct[0].quantize(CENT, rounding=ROUND_HALF_UP), pct[1] + HALF_CENT)
        out.append(compare("==", f["rate"], rounded))
    return worst(out)


def p06(d):
    return worst(compare("<=", f["executed"] or NIL, f["available"] or NIL, tolerance=ZERO) for f in d.forms)


RULES = {
    "T01": t01, "T02": t02, "T03": t03, "T04": t04, "T05": t05, "T06": t06, "T06b": t06b, "T08": t08, "T10": t10,
    "T11": t11, "T12": t12, "T13": t13, "T14": t14, "T16": t16, "T17": t17, "T18": t18, "T19": t19, "T20": t20,
    "H01a": h01a, "H02a": h02a, "H03a": h03a, "H01c": h01c, "H02c": h02c, "H03c": h03c, "H01e": h01e, "H03e": h03e,
    "H04a": h04a, "H04c": h04c,
    "X01": x01, "X02": x02, "X02b": x02b, "X04": x04, "X05a": x05a, "X05b": x05b, "X07": x07, "X08": x08,
    "X09b": x09b, "X14a": x14a,
    "P01": p01, "P06": p06,
}


def verdict(rule_id: str, d: View) -> str:
    """pass / rounding / fail / error / not_checkable / not_applicable, as the engine reports a rule."""
    try:
        return RULES[rule_id](d)
    except Missing:
        return "not_checkable"
    except NoRow:
        return "error"


def run_all(text: str | bytes) -> dict[str, str]:
    """The whole floor for one document: parse the JSON, build the flat dict, run every rule."""
    d = view(json.loads(text))
    return {rule_id: verdict(rule_id, d) for rule_id in RULES}
