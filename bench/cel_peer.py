"""The peer: the floor's 20 rules in CEL (cel-python), compiled once and evaluated over an activation per document.

CEL has no decimal type, so amounts become exact integers of 0.0001 (value and half-width); CEL has no fold, so
one extension function `sum(list)` is registered. A rule evaluates to 0 pass, 1 rounding, 2 fail, 3 not applicable.
"""
from __future__ import annotations

from decimal import Decimal

from bench.floor import COLS02, COLS05, INCOME8, SANGONG, SOURCES02  # the same 20 rules' labels
from engine.model import Disclosure

SCALE = Decimal(10000)
STATUS = {0: "pass", 1: "rounding", 2: "fail", 3: "not_applicable"}


def _amount(cell) -> tuple[int, int]:
    if cell is None or cell.kind != "number" or cell.value is None:
        return 0, 0
    exponent = cell.value.as_tuple().exponent
    return int(cell.value * SCALE), int(Decimal("0.5").scaleb(exponent) * SCALE)


def activation(doc: Disclosure) -> dict:
    """The model as CEL data: d[table].by[row key] and d[table].rows, each row with v/w per column and main m/mw."""
    out = {}
    for tid, table in doc.tables.items():
        rows, by = [], {}
        for r in table.rows:
            v, w = {}, {}
            for c in table.columns:
                v[c.key], w[c.key] = _amount(r.cells.get(c.key))
            main = table.main_column(r)
            item = {"key": r.key, "code": r.code or "", "line": int(r.line_no) if (r.line_no or "").isdigit() else 0,
                    "side": r.side or "", "level": r.level or "", "v": v, "w": w,
                    "m": v.get(main, 0), "mw": w.get(main, 0),
                    "has": {k: c.kind == "number" for k, c in r.cells.items()}}
            rows.append(item)
            for name in (r.key, r.code, r.line_no):
                if name and name not in by:
                    by[name] = item
        out[tid] = {"rows": rows, "by": by}
    return out


# --- rule texts, written with a few text helpers so that 20 rules stay readable -------------------------

def ref(t: str, key: str, col: str | None = None) -> tuple[str, str]:
    base = f'd["{t}"].by["{key}"]'
    return (f'{base}.v["{col}"]', f'{base}.w["{col}"]') if col else (f"{base}.m", f"{base}.mw")


def plus(*terms) -> tuple[str, str]:
    return " + ".join(t[0] for t in terms), " + ".join(t[1] for t in terms)


def cmp(op: str, a, b) -> str:
    d, t = f"(({a[0]}) - ({b[0]}))", f"(({a[1]}) + ({b[1]}))"
    if op == "==":
        return f"({d} == 0 ? 0 : ({d} <= {t} && -{d} <= {t} ? 1 : 2))"
    if op == "<=":
        return f"({d} <= 0 ? 0 : ({d} <= {t} ? 1 : 2))"
    return f"({d} >= 0 ? 0 : (-{d} <= {t} ? 1 : 2))"


def worst(list_expr: str) -> str:
    return f"[{list_expr}].map(L, 2 in L ? 2 : (1 in L ? 1 : 0))[0]"


def all_of(*checks: str) -> str:
    return worst("[" + ", ".join(checks) + "]")


def rowsum(rows: str, col: str | None) -> tuple[str, str]:
    v, w = (f'x.v["{col}"]', f'x.w["{col}"]') if col else ("x.m", "x.mw")
    return f"sum({rows}.map(x, {v}))", f"sum({rows}.map(x, {w}))"


def kids(t: str) -> str:
    return f'd["{t}"].rows.filter(k, k.code != "" && size(k.code) == size(r.code) + 2 && k.code.startsWith(r.code))'


def level(t: str, name: str, n: int) -> str:
    return f'd["{t}"].rows.filter(r, r.level == "{name}" || (r.level == "" && size(r.code) == {n}))'


def coded(t: str) -> str:
    return f'd["{t}"].rows.filter(r, r.code != "")'


def has(t: str, key: str, col: str) -> str:
    return f'("{t}" in d && "{key}" in d["{t}"].by && d["{t}"].by["{key}"].has["{col}"])'




def _row(col: str) -> tuple[str, str]:
    return f'r.v["{col}"]', f'r.w["{col}"]'


def _hier(t: str, name: str, n: int, cols) -> str:
    each = ", ".join(cmp("==", _row(c), rowsum(kids(t), c)) for c in cols)
    # a distinct name for the inner list: cel-python mis-scopes a macro variable reused in a nested macro
    return worst(f"{level(t, name, n)}.map(r, [[{each}]].map(M, 2 in M ? 2 : (1 in M ? 1 : 0))[0])")


def _top(t: str, cols) -> str:
    return all_of(*(cmp("==", ref(t, "合计", c), rowsum(level(t, "类", 3), c)) for c in cols))


SANGONG_DATA = " || ".join([has("公开09", "合计", "预算数"), has("公开09", "合计", "决算数")]
                           + [has("公开09", k, "决算数") for k in SANGONG])
HAS10 = '"公开10" in d'

RULES: dict[str, str] = {
    "T01": cmp("==", ref("公开01", "本年收入合计"), plus(*(ref("公开01", k) for k in INCOME8))),
    "T02": cmp("==", ref("公开01", "本年支出合计"),
               rowsum('d["公开01"].rows.filter(r, r.side == "支出" && r.code != "")', None)),
    "T05": cmp("==", ref("公开01", "收入总计"), ref("公开01", "支出总计")),
    "T06": worst(f'{coded("公开02")}.map(r, '
                 + cmp("==", _row("本年收入合计"), plus(*(_row(c) for c in SOURCES02))) + ")"),
    "T11": all_of(worst(f'{coded("公开05")}.map(r, ' + cmp("==", _row("合计"), plus(_row("基本支出"), _row("项目支出")))
                        + ")"),
                  cmp("==", ref("公开05", "合计", "合计"), plus(ref("公开05", "合计", "基本支出"),
                                                                 ref("公开05", "合计", "项目支出")))),
    "T12": worst(f'{level("公开06", "类", 3)}.map(r, ' + cmp("==", ("r.m", "r.mw"), rowsum(kids("公开06"), None)) + ")"),
    "T13": cmp("==", ref("公开06", "人员经费合计"), plus(ref("公开06", "301"), ref("公开06", "303"))),
    "T17": f"!({SANGONG_DATA}) ? 3 : " + all_of(*(cmp("==", ref("公开09", "合计", c),
                                                       plus(*(ref("公开09", k, c) for k in SANGONG)))
                                                   for c in ("预算数", "决算数"))),
    "T19": f"!({HAS10}) ? 3 : " + cmp("==", ref("公开10", "合计"),
                                      plus(*(ref("公开10", k) for k in ("货物", "工程", "服务")))),
    "T20": f"!({HAS10}) ? 3 : " + cmp("==", ref("公开10", "车辆数合计(辆)"),
                                      rowsum('d["公开10"].rows.filter(r, r.line >= 8 && r.line <= 15)', None)),
    "H01c": _hier("公开05", "类", 3, COLS05),
    "H02c": _hier("公开05", "款", 5, COLS05),
    "H03c": _top("公开05", COLS05),
    "H03a": _top("公开02", COLS02),
    "X01": cmp("==", ref("公开01", "本年收入合计"), ref("公开02", "合计", "本年收入合计")),
    "X02": cmp("==", plus(*(ref("公开01", k) for k in INCOME8[:3])), ref("公开02", "合计", "财政拨款收入")),
    "X05b": cmp("==", ref("公开04", "本年支出合计", "一般公共预算财政拨款"), ref("公开05", "合计", "合计")),
    "X08": cmp("==", ref("公开05", "合计", "基本支出"), plus(ref("公开06", "人员经费合计"), ref("公开06", "公用经费合计"))),
    "X09b": cmp("<=", ref("公开04", "本年支出合计", "合计"), ref("公开01", "本年支出合计")),
    "X14a": f"!({HAS10}) ? 3 : " + cmp("<=", plus(ref("公开10", "行政单位"), ref("公开10", "参照公务员法管理事业单位")),
                                       ref("公开06", "公用经费合计")),
}


def _sum(values):
    import celpy.celtypes as ct

    total = 0
    for v in values:
        total += int(v)
    return ct.IntType(total)


def compile_rules(ids=None) -> dict:
    """Each rule's CEL text compiled once into a program."""
    import celpy

    env = celpy.Environment()
    return {rid: env.program(env.compile(RULES[rid]), functions={"sum": _sum}) for rid in (ids or RULES)}


def run_all(programs: dict, doc: Disclosure) -> dict[str, str]:
    import celpy

    act = {"d": celpy.json_to_cel(activation(doc))}
    out = {}
    for rid, program in programs.items():
        try:
            out[rid] = STATUS[int(program.evaluate(act))]
        except celpy.CELEvalError:
            out[rid] = "error"  # a missing table or row
    return out
