"""The 40 workload rules as texts for general-purpose expression engines, and the domain functions they call.

A team that picks simpleeval, json-logic or CEL instead of rulebook still has to say what a printed amount is: it
registers a few functions (a cell as a (value, half-width) interval, row sets, the rounding-aware comparison) and
writes each rule as an expression over them. The texts are written once, in Python expression syntax (what
simpleeval reads); bench/peers.py translates the same syntax tree to json-logic and to CEL, so every peer runs
exactly these rules. The functions are the floor's (bench/floor.py), so a disagreement is the peer's own.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from bench import floor
from bench.flat import NIL, ZERO

I8 = floor.INCOME8
S6 = floor.SOURCES02
C02 = floor.COLS02
C04 = floor.COLS04
C05 = floor.COLS05


def _q(s: str) -> str:
    return repr(s)


def _sum(t: str, keys, col: str | None = None) -> str:
    c = "" if col is None else f", {_q(col)}"
    return "total([" + ", ".join(f"cell({_q(t)}, {_q(k)}{c})" for k in keys) + "])"


def _rowsum(r: str, cols) -> str:
    return "total([" + ", ".join(f"v({r}, {_q(c)})" for c in cols) + "])"


def _hier(t: str, depth: str, cols) -> str:
    each = ", ".join(f"cmp('==', v(r, {_q(c)}), total([v(k, {_q(c)}) for k in kids({_q(t)}, r)]))" for c in cols)
    return f"worst([worst([{each}]) for r in level({_q(t)}, {_q(depth)})])"


def _top(t: str, cols) -> str:
    return "worst([" + ", ".join(
        f"cmp('==', cell({_q(t)}, '合计', {_q(c)}), total([v(r, {_q(c)}) for r in level({_q(t)}, '类')]))"
        for c in cols) + "])"


def _levels(t: str, col: str) -> str:
    s = {n: f"total([v(r, {_q(col)}) for r in level({_q(t)}, {_q(n)})])" for n in ("项", "款", "类")}
    return f"worst([cmp('==', {s['项']}, {s['款']}), cmp('==', {s['款']}, {s['类']})])"


def _both(t: str, lhs: str, parts, cols) -> str:
    return "worst([" + ", ".join(f"cmp('==', cell({_q(t)}, {_q(lhs)}, {_q(c)}), {_sum(t, parts, c)})"
                                 for c in cols) + "])"


def _across(t: str, row: str, cols) -> str:
    """The cells of one row, several columns, added."""
    return "total([" + ", ".join(f"cell({_q(t)}, {_q(row)}, {_q(c)})" for c in cols) + "])"


def _table_rows(t: str) -> str:
    each = f"worst([cmp('==', v(r, '合计'), {_rowsum('r', ('基本支出', '项目支出'))}) for r in coded({_q(t)}, '')])"
    top = f"cmp('==', cell({_q(t)}, '合计', '合计'), {_across(t, '合计', ('基本支出', '项目支出'))})"
    return f"worst([{each}, {top}])"


SANGONG = ("因公出国(境)费", "公务用车购置及运行维护费", "公务接待费")
CAR = ("公务用车购置费", "公务用车运行维护费")

TEXTS: dict[str, str] = {
    "T01": f"cmp('==', cell('公开01', '本年收入合计'), {_sum('公开01', I8)})",
    "T02": "cmp('==', cell('公开01', '本年支出合计'), total([m(r) for r in coded('公开01', '支出')]))",
    "T03": f"cmp('==', cell('公开01', '收入总计'), "
           f"{_sum('公开01', ('本年收入合计', '使用非财政拨款结余(含专用结余)', '年初结转和结余'))})",
    "T04": f"cmp('==', cell('公开01', '支出总计'), {_sum('公开01', ('本年支出合计', '结余分配', '年末结转和结余'))})",
    "T05": "cmp('==', cell('公开01', '收入总计'), cell('公开01', '支出总计'))",
    "T06": f"worst([cmp('==', v(r, '本年收入合计'), {_rowsum('r', S6)}) for r in coded('公开02', '')])",
    "T06b": f"cmp('==', cell('公开02', '合计', '本年收入合计'), {_across('公开02', '合计', S6)})",
    "T08": f"cmp('==', cell('公开04', '本年收入合计'), {_sum('公开04', C04[1:])})",
    "T10": "worst([" + ", ".join(f"cmp('==', cell('公开04', '本年支出合计', {_q(c)}), "
                                 f"total([v(r, {_q(c)}) for r in coded('公开04', '支出')]))" for c in C04)
           + ", cmp('==', cell('公开04', '支出总计', '合计'), total([cell('公开04', '本年支出合计', '合计'), "
             "cell('公开04', '年末财政拨款结转和结余', '合计')]))"
           + ", cmp('==', cell('公开04', '收入总计'), cell('公开04', '支出总计', '合计'))])",
    "T11": _table_rows("公开05"),
    "T12": "worst([cmp('==', m(r), total([m(k) for k in kids('公开06', r)])) for r in level('公开06', '类')])",
    "T13": f"cmp('==', cell('公开06', '人员经费合计'), {_sum('公开06', ('301', '303'))})",
    "T14": "cmp('==', cell('公开06', '公用经费合计'), minus(total([m(r) for r in level('公开06', '类')]), "
           "cell('公开06', '301'), cell('公开06', '303')))",
    "T16": _table_rows("公开08"),
    "T17": f"{_both('公开09', '合计', SANGONG, ('预算数', '决算数'))} if sangong() else 'not_applicable'",
    "T18": f"{_both('公开09', '公务用车购置及运行维护费', CAR, ('预算数', '决算数'))} if sangong() else 'not_applicable'",
    "T19": f"cmp('==', cell('公开10', '合计'), {_sum('公开10', ('货物', '工程', '服务'))}) "
           "if has('公开10') else 'not_applicable'",
    "T20": "cmp('==', cell('公开10', '车辆数合计(辆)'), total([m(r) for r in lines('公开10', 8, 15)])) "
           "if has('公开10') else 'not_applicable'",
    "H01a": _hier("公开02", "类", C02),
    "H02a": _hier("公开02", "款", C02),
    "H03a": _top("公开02", C02),
    "H01c": _hier("公开05", "类", C05),
    "H02c": _hier("公开05", "款", C05),
    "H03c": _top("公开05", C05),
    "H01e": _hier("公开08", "类", C05),
    "H03e": _top("公开08", C05),
    "H04a": _levels("公开02", "本年收入合计"),
    "H04c": _levels("公开05", "合计"),
    "X01": "cmp('==', cell('公开01', '本年收入合计'), cell('公开02', '合计', '本年收入合计'))",
    "X02": f"cmp('==', {_sum('公开01', I8[:3])}, cell('公开02', '合计', '财政拨款收入'))",
    "X02b": "worst([" + ", ".join(f"cmp('==', cell('公开01', {_q(k)}), cell('公开02', '合计', {_q(k)}))"
                                  for k in S6[1:]) + "])",
    "X04": "worst([" + ", ".join(f"cmp('==', cell('公开04', {_q(k)}), cell('公开01', {_q(k + '收入')}))"
                                 for k in C04[1:]) + "])",
    "X05a": "worst([cmp('==', v(r, '合计'), cell('公开04', code(r), '一般公共预算财政拨款')) "
            "for r in level('公开05', '类')])",
    "X05b": "cmp('==', cell('公开04', '本年支出合计', '一般公共预算财政拨款'), cell('公开05', '合计', '合计'))",
    "X07": "worst([cmp('==', total([v(r, '国有资本经营预算财政拨款') for r in coded('公开04', '支出')]), "
           "cell('公开08', '合计', '合计')), cmp('==', cell('公开04', '本年支出合计', '国有资本经营预算财政拨款'), "
           "cell('公开08', '合计', '合计'))])",
    "X08": f"cmp('==', cell('公开05', '合计', '基本支出'), {_sum('公开06', ('人员经费合计', '公用经费合计'))})",
    "X09b": "cmp('<=', cell('公开04', '本年支出合计', '合计'), cell('公开01', '本年支出合计'))",
    "X14a": f"cmp('<=', {_sum('公开10', ('行政单位', '参照公务员法管理事业单位'))}, cell('公开06', '公用经费合计')) "
            "if has('公开10') else 'not_applicable'",
    "P01": "worst([cmp('==', field(f, 'rate'), rnd(pct(field(f, 'executed'), field(f, 'available')), 2)) "
           "for f in forms() if filled(f, 'rate')])",
    "P06": "worst([cmp0('<=', field(f, 'executed'), field(f, 'available')) for f in forms()])",
}
assert list(TEXTS) == list(floor.RULES)


class Domain:
    """The registered functions, bound to the document being checked (`use` sets it)."""

    def __init__(self) -> None:
        self.d = None

    def use(self, d) -> None:
        self.d = d

    def functions(self) -> dict:
        d = self

        def rnd(x, places):  # rounding adds half a unit of the new last place
            q = Decimal(1).scaleb(-int(places))
            return x[0].quantize(q, rounding=ROUND_HALF_UP), x[1] + q / 2

        def pct(a, b):
            if b[0] == 0:
                raise floor.NoRow("E401")  # division by zero: an error verdict, as in the engine
            return floor._percent(a, b)
        return {
            "cell": lambda t, r, col=None: floor.cell(d.d, t, r, col),
            "coded": lambda t, side="": floor.coded(d.d, t, side or None),
            "level": lambda t, name: floor.level(d.d, t, name),
            "kids": lambda t, r: floor.kids(d.d, t, r),
            "lines": lambda t, lo, hi: [r for r in floor.rows(d.d, t) if lo <= r.line <= hi],
            "v": floor.v,
            "m": lambda r: r.m,
            "code": lambda r: r.code,
            "total": floor.total,
            "minus": floor.minus,
            "cmp": floor.compare,
            "cmp0": lambda op, a, b: floor.compare(op, a, b, tolerance=ZERO),
            "worst": floor.worst,
            "has": lambda t: t in d.d.rows,
            "sangong": lambda: floor.sangong_has_data(d.d),
            "forms": lambda: d.d.forms,
            "field": lambda f, name: f[name] or NIL,
            "filled": lambda f, name: f[name] is not None,
            "pct": pct,
            "rnd": rnd,
        }
