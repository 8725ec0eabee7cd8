"""Hand-written floor functions for the costly rules of each class (session 15): the 自评表 indicator rules, the
per-类 percentage and year-on-year rules, the list scans of structure and text. bench/floor_whole_rules.SAMPLE had
the cheap rules of each class only; with these each class's sample holds its costly rules as well (the docstring of
bench/floor_whole.py says how the sample is chosen).

Written as a user would instead of rulebook: plain Python over json.loads output (FloorDoc: the flat dict, the
情况说明 flattened once per document), regular expressions precompiled once, a pattern per printed name cached as a
user would (functools.lru_cache, per process, as rulebook's own engine/functions/indicators caches _flat, parse and
_name_pattern with the same sizes; what several rules read of one document is made once, in d.shared), Decimal with the same rounding-aware tolerance. Where a rule's meaning is
intricate (when an indicator's 完成值 falls short of its 指标值) it is written out. This module holds the template
rules (percentage, yoy, narrative) and the arithmetic/cross-table ones, and gathers into COSTLY the 自评表 rules of
bench/floor_whole_forms.py and the structure/text/codes scans of bench/floor_whole_scans.py. These modules import
the helpers of bench/floor_whole_rules (which imports none of them); bench/floor_whole merges COSTLY into FLOOR.
"""
from __future__ import annotations

import re
from decimal import Decimal

from bench import floor as fl
from bench import floor_whole_rules as fw
from bench.floor_whole_forms import FORMS
from bench.floor_whole_scans import SCANS

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_NUMBER = fw.NUMBER
_JOIN = fw.JOIN

COSTLY = {**FORMS, **SCANS}


# comparisons as rulebook makes them: a printed figure against a computed one with more decimals is judged by what
# the printed figure stands for (its rounding interval); a quotient's interval is kept asymmetric (value, up, down)

def _exponent(value: Decimal) -> int:
    e = value.as_tuple().exponent
    return e if isinstance(e, int) else 0


def _stated(p, h, c, up, down) -> str:
    if c.quantize(p, rounding="ROUND_HALF_UP") == p:
        return "pass"
    return "rounding" if c + up >= p - h and c - down < p + h else "fail"


def eq(printed, computed) -> str:
    """A printed (value, half) == a computed (value, up, down)."""
    p, h = printed
    c, up, down = computed
    if _exponent(c) < _exponent(p):
        return _stated(p, h, c, up, down)
    diff = p - c
    if diff == 0:
        return "pass"
    return "rounding" if abs(diff) <= (h + down if diff < 0 else h + up) else "fail"


def percent(part, whole):
    """占比: part ÷ whole × 100 over both intervals, as (value, up, down); None when whole is 0."""
    (a, ta), (b, tb) = part, whole
    if b == 0:
        return None
    q = a / b
    if not (ta or tb):
        up = down = ZERO
    elif b - tb <= 0 <= b + tb:
        up = down = ta / abs(b) + abs(a) * tb / (b * b)
    else:
        corners = ((a - ta) / (b - tb), (a - ta) / (b + tb), (a + ta) / (b - tb), (a + ta) / (b + tb))
        up, down = max(corners) - q, q - min(corners)
    return q * HUNDRED, up * HUNDRED, down * HUNDRED


# per-类 templates of the 一般公共预算 parts: what follows the 类's printed name, matched where the name stands

_ANY = "(?:[^。；;]{0,40}?)"
_DIR = "(" + "|".join(fw.DIRECTION) + ")"
_NUM = fw.NUMBER  # one group
_OPT = "(?:" + _NUMBER + ")?"
_T_SPENT = re.compile("年初预算" + _ANY + "支出决算" + _JOIN + _NUM + "万元")
_T_BUDGET = re.compile("年初预算" + _JOIN + _NUM + "万元")
_T_DONE = re.compile("年初预算" + _ANY + "完成年初预算的" + _NUM + "%")
_T_DONE_REASON = re.compile("年初预算" + _ANY + "完成年初预算的" + _NUM + "%" + _ANY + "原因")
_T_CHANGE = re.compile("年初预算" + _ANY + "%" + _ANY + "。较上年决算" + _DIR + _OPT + "万元")
_T_RATE = re.compile("年初预算" + _ANY + "%" + _ANY + "。较上年决算" + _DIR + _OPT + "万元," + _DIR + _NUM
                     + "(?:%|[。，,；;])")
_T_REASON = re.compile("年初预算" + _ANY + "%" + _ANY + "。较上年决算" + _DIR + _OPT + "万元" + _ANY + "原因"
                       + "([^。；;]{1,200})")
_T_SHARE = re.compile(r"\(类\)" + _JOIN + _NUM + "万元,占" + _ANY + _NUM + "%")
_T_CLASS = re.compile(r"\(类\)" + _JOIN + _NUM + "万元")


def _after(label: str, tail: re.Pattern[str], text: str):
    """The first match of label·tail in text: tail matched right after each place the label stands."""
    at = text.find(label)
    while at >= 0:
        m = tail.match(text, at + len(label))
        if m is not None:
            return m
        at = text.find(label, at + 1)
    return None


def _number(text: str):
    """A printed number as (value, half a unit of its last digit)."""
    text = text.replace(",", "")
    dot = text.find(".")
    return Decimal(text), Decimal("0.5").scaleb(-(0 if dot < 0 else len(text) - dot - 1))


def _signed(m, d_group: int, a_group: int):
    """文中增减: the amount signed by its direction word (0 when 持平 stands without one)."""
    sign = fw.DIRECTION[m.group(d_group)]
    if m.group(a_group) is None:
        return ZERO, ZERO
    v, h = _number(m.group(a_group))
    return v * sign, h


def _classes(d, table: str = "公开05"):
    """The 类 rows of a table with the name `{r}` stands for (the printed label, normalised); made once a document
    (d.shared), as a user's script would keep them for its rules."""
    key = ("classes", table)
    found = d.shared.get(key)
    if found is None:
        raw = {r["key"]: r.get("label") or r["key"] for r in d.data["tables"].get(table, {}).get("rows", ())}
        found = d.shared[key] = [(fw.flatten(fw.label(raw.get(r.key, r.key))), r)
                                 for r in fl.level(d.v, table, "类")]
    return found


def _part(d, *words):
    """A part of 一般公共预算财政拨款支出决算情况, found once a document (d.shared)."""
    key = ("part", words)
    if key not in d.shared:
        d.shared[key] = fw.section(d.sections, "一般公共预算财政拨款支出决算情况", *words)
    return d.shared[key]


def _ok(s: str) -> bool:
    return s == "pass" or s == "rounding"


def _per_class(d, words: str, element) -> str:
    s = _part(d, words)
    if s is None:
        return "not_applicable"
    out = []
    for label, r in _classes(d):  # 每个 goes through every 类: a fail beats an earlier 类 that cannot be read
        one = element(label, r, s.text)
        if one == "fail":
            return one
        out.append(one)
    return "error" if "error" in out else fl.worst(out)


def _n07c(label, r, text):
    spent, done = _after(label, _T_SPENT, text), _after(label, _T_DONE, text)
    if spent is None or done is None:
        return "pass"
    first = fl.compare("==", _number(spent.group(1)), fl.v(r, "合计"))
    if not _ok(first):
        return first
    budget = _after(label, _T_BUDGET, text)
    if budget is None:
        return "error"
    share = percent(fl.v(r, "合计"), _number(budget.group(1)))
    if share is None:
        return "error"
    return fl.worst([first, eq(_number(done.group(1)), share)])


def _n08(label, r, text):
    spent, done = _after(label, _T_SPENT, text), _after(label, _T_DONE, text)
    if spent is None or done is None:
        return "pass"
    budget = _after(label, _T_BUDGET, text)
    if budget is None:
        return "error"
    same = fl.compare("==", _number(spent.group(1)), _number(budget.group(1)))
    if _ok(same):
        return same
    return "pass" if _after(label, _T_DONE_REASON, text) is not None else "fail"


def _y01f(label, r, text):
    rate = _after(label, _T_RATE, text)
    if rate is None:
        return "pass"
    spent = _after(label, _T_SPENT, text)
    if spent is None:
        return "error"
    change = _after(label, _T_CHANGE, text)
    if change is None:
        return "error"
    (s, sh), (c, ch) = _number(spent.group(1)), _signed(change, 1, 2)
    base = s - c
    if base == 0:
        return "pass"
    if abs(base) <= sh + ch:
        return "rounding"
    share = percent((abs(c), ch), (base, sh + ch))
    if share is None:
        return "error"
    return eq(_number(rate.group(4)), share)


def _n17(label, r, text):
    m = _after(label, _T_REASON, text)
    if m is None:
        return "pass"
    product = _direction(m.group(3)) * _signed(m, 1, 2)[0]
    return "pass" if product >= 0 else "fail"


_UP = ("增加", "增长", "增大", "增多", "提高", "上升", "新增", "增资", "扩大", "上涨", "提标", "补发", "调增", "追加")
_DOWN = ("减少", "下降", "降低", "压减", "缩减", "减小", "节约", "取消", "下调", "核减", "减支", "调减", "削减", "精简")
_WORDS = re.compile("|".join(sorted(_UP + _DOWN, key=len, reverse=True)))
_NEGATION = ("未", "不", "没有", "无", "非", "不再", "未再")


def _direction(reason: str) -> int:
    """Which way a stated reason points: +1, −1, or 0 (mixed, negated, none)."""
    signs = set()
    for m in _WORDS.finditer(reason):
        if reason[:m.start()].endswith(_NEGATION):
            return 0
        signs.add(1 if m.group(0) in _UP else -1)
    return signs.pop() if len(signs) == 1 else 0


def n07c(d):
    return _per_class(d, "具体情况", _n07c)


def n08(d):
    return _per_class(d, "具体情况", _n08)


def y01f(d):
    return _per_class(d, "具体情况", _y01f)


def n17(d):
    return _per_class(d, "具体情况", _n17)


def n06b(d):
    s = _part(d, "结构情况")
    if s is None:
        return "not_applicable"
    whole = fl.cell(d.v, "公开05", "合计", "合计")
    out = []
    for label, _ in _classes(d):
        m = _after(label, _T_SHARE, s.text)
        if m is None:
            continue
        amount = _after(label, _T_CLASS, s.text)
        if amount is None or whole[0] is None:
            return "error"
        share = percent(_number(amount.group(1)), whole)
        if share is None:
            return "error"
        one = eq(_number(m.group(2)), share)
        if one == "fail":
            return one
        out.append(one)
    return fl.worst(out)


_OVERALL_CHANGE = re.compile("一般公共预算财政拨款支出" + _DIR + _OPT + "万元")
_CHANGE = re.compile("较上年决算" + _DIR + _OPT + "万元")


def y03a(d):
    overall = _part(d, "总体情况")
    m = None if overall is None else _OVERALL_CHANGE.search(overall.text)
    if m is None:
        return "not_applicable"
    s = _part(d, "具体情况")
    if s is None:
        return "not_applicable"
    if "公开05" not in d.v.rows:  # count(公开05[类]) of an absent table: the 适用 does not hold
        return "not_applicable"
    classes = _classes(d)
    changes = list(_CHANGE.finditer(s.text))
    if not classes or len(changes) != len(classes):  # the n-th change stated, not the n+1-th
        return "not_applicable"
    total = ZERO
    tol = ZERO
    for label, _ in classes:
        c = _after(label, _T_CHANGE, s.text)
        if c is not None:
            v, h = _signed(c, 1, 2)
            total += v
            tol += h
    return eq(_signed(m, 1, 2), (total, tol, tol))


COSTLY.update({"N07c": n07c, "N08": n08, "N06b": n06b, "Y01f": y01f, "N17": n17, "Y03a": y03a})


# narrative: stated amounts against the tables and against each other ------------------------------------------

_BUDGET_ANY = re.compile("年初预算" + _JOIN + _NUM + "万元")
_OVERALL_BUDGET = re.compile("一般公共预算财政拨款支出年初预算" + _JOIN + _NUM + "万元")


def n07b(d):
    """The 一般公共预算 budget stated in 具体情况 is the sum of the 类's budgets stated there (when every 类 and the
    total state one: count(类) + 1 budgets in the part)."""
    s = _part(d, "具体情况")
    total = None if s is None else _OVERALL_BUDGET.search(s.text)
    if total is None:
        return "not_applicable"
    if "公开05" not in d.v.rows:  # count(公开05[类]) of an absent table: the 适用 does not hold
        return "not_applicable"
    classes = _classes(d)
    if len(_BUDGET_ANY.findall(s.text)) != len(classes) + 1:
        return "not_applicable"
    value = tol = ZERO
    for label, _ in classes:
        m = _after(label, _T_BUDGET, s.text)
        if m is not None:
            v, h = _number(m.group(1))
            value += v
            tol += h
    return eq(_number(total.group(1)), (value, tol, tol))


def _said(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern + _JOIN + _NUM + "万元")


_PROCUREMENT = {
    "total": (re.compile("政府采购金额" + _ANY + _NUM + "万元"), _said("政府采购支出总额")),
    "goods": (_said("货物采购金额"), _said("政府采购货物支出")),
    "works": (_said("工程采购金额"), _said("政府采购工程支出")),
    "services": (_said("服务采购金额"), _said("政府采购服务支出")),
}


def _procured(text: str, what: str):
    first, second = _PROCUREMENT[what]
    m = first.search(text) or second.search(text)
    return None if m is None else _number(m.group(1))


def n84(d):
    """The procurement total stated equals its goods + works + services stated."""
    s = fw.section(d.sections, "其他重要事项", "政府采购")
    if s is None:
        return "not_applicable"
    said = [_procured(s.text, w) for w in ("total", "goods", "works", "services")]
    if any(x is None for x in said):
        return "not_applicable"
    total, *parts = said
    value = sum((p[0] for p in parts), ZERO)
    tol = sum((p[1] for p in parts), ZERO)
    return eq(total, (value, tol, tol))


_BASIC = {"工资福利支出": (_said("工资福利支出"), "301"), "对个人和家庭的补助": (re.compile("对个人和家庭的补助" + _ANY + _NUM + "万元"), "303"),
          "商品和服务支出": (_said("商品和服务支出"), "302"), "资本性支出": (_said("资本性支出"), "310")}


def n09b(d):
    """The 经济分类 amounts stated in 基本支出决算情况 are 公开06's."""
    s = fw.section(d.sections, "基本支出决算情况")
    if s is None:
        return "not_applicable"
    out = []
    for pattern, code in _BASIC.values():
        m = pattern.search(s.text)
        if m is None:
            continue
        one = fl.compare("==", _number(m.group(1)), fl.cell(d.v, "公开06", code))
        if one == "fail" or one == "error":
            return one
        out.append(one)
    return fl.worst(out)


_PURCHASES = ((_said("政府采购支出总额"), "合计"), (_said("政府采购货物支出"), "货物"), (_said("政府采购工程支出"), "工程"),
              (_said("政府采购服务支出"), "服务"))


def n13a(d):
    """Every procurement amount the 情况说明 states is 公开10's."""
    if "公开10" not in d.v.rows:
        return "not_applicable"
    out = []
    for s in d.sections:
        for pattern, row in _PURCHASES:
            m = pattern.search(s.text)
            if m is None:
                continue
            one = fl.compare("==", _number(m.group(1)), fl.cell(d.v, "公开10", row))
            if one == "fail" or one == "error":
                return one
            out.append(one)
    return fl.worst(out)


def _count(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_SANGONG = (  # (count stated, amount stated, a count is needed when the amount is not 0 / must be 0 when it is 0)
    (re.compile("团组" + _ANY + _NUM + "个"), _said(r"因公出国\(境\)费支出"), True),
    (re.compile("购置公务用车" + _JOIN + _NUM + "辆"), _said("公务用车购置费支出"), True),
    (re.compile("保有量" + _ANY + _NUM + "辆"), _said("公务用车运行维护费支出"), False),
    (re.compile("接待" + _JOIN + _NUM + "批次"), _said("公务接待费支出"), True),
)


def s03(d):
    """三公: a count stated beside a non-zero amount is at least 1, beside 0 it is 0 (the vehicles kept: at least 1
    when their running costs are not 0)."""
    s = fw.section(d.sections, "三公")
    if s is None:
        return "not_applicable"
    for count_re, amount_re, both in _SANGONG:
        c, a = count_re.search(s.text), amount_re.search(s.text)
        if c is None or a is None:
            continue
        n, v = Decimal(c.group(1).replace(",", "")), Decimal(a.group(1).replace(",", ""))
        ok = (v > 0 and n >= 1) or (v == 0 and n == 0) if both else (v == 0 or n >= 1)
        if not ok:
            return "fail"
    return "pass"


_SANGONG_SPENT = _said("支出决算")


def c05c(d):
    """No 三公 spending stated when the 三公 table has none."""
    if fl.sangong_has_data(d.v):
        total = fl.cell(d.v, "公开09", "合计", "决算数")
        if total[0] is None or fl.compare("==", total, (ZERO, ZERO)) == "fail":
            return "not_applicable"
    s = fw.section(d.sections, "三公")
    m = None if s is None else _SANGONG_SPENT.search(s.text)
    if m is None:
        return "pass"
    return fl.compare("==", _number(m.group(1)), (ZERO, ZERO))


COSTLY.update({"N07b": n07b, "N84": n84, "N09b": n09b, "N13a": n13a, "S03": s03, "C05c": c05c})


# year on year: rates of change and the reasons a change must give --------------------------------------------------

_RATE_WITHOUT_SIGN = re.compile("(?:增长|下降)" + _JOIN + _NUMBER + "[。,;]|(?:上升|降低)" + _JOIN + _NUMBER + "[。,]")


def y07b(d):
    """A rate of change is printed with its % sign (增长13.95。 leaves it out)."""
    return "fail" if any(_RATE_WITHOUT_SIGN.search(s.text) for s in d.sections) else "pass"


def _reasons(words: str):
    """文中增减 of `words`{增减}{金额}万元, and whether a reason follows in the sentence or the next one."""
    head = words + _DIR + _OPT + "万元"
    return re.compile(head), re.compile(head + _ANY + "原因"), re.compile(head + _ANY + "。" + _ANY + "原因")


def _explains(sec, patterns) -> bool:
    """A change stated in `sec` is 0 or gives a reason (no section, no change stated: nothing to explain)."""
    if sec is None:
        return True
    change, near, next_sentence = patterns
    m = change.search(sec.text)
    if m is None or _signed(m, 1, 2)[0] == 0:
        return True
    return near.search(sec.text) is not None or next_sentence.search(sec.text) is not None


_INCOME_REASON, _FISCAL_SPEND_REASON = _reasons("收入总计"), _reasons("财政拨款支出总计")
_GENERAL_REASON = _reasons("一般公共预算财政拨款支出")
_RUNNING_REASON = _reasons("机关运行经费支出" + _ANY + "比" + _ANY)


def y04a(d):
    ok = (_explains(fw.section(d.sections, "收入支出决算总体情况"), _INCOME_REASON)
          and _explains(fw.fiscal_overview(d), _FISCAL_SPEND_REASON))
    return "pass" if ok else "fail"


def y04b(d):
    ok = (_explains(_part(d, "总体情况"), _GENERAL_REASON)
          and all(_explains(s, _RUNNING_REASON) for s in d.sections))
    return "pass" if ok else "fail"


def _rate(words: str):
    return (re.compile(words + _DIR + _OPT + "万元," + _DIR + _NUM + "(?:%|[。，,；;])"),
            re.compile(words + _DIR + _OPT + "万元"))


_FISCAL_RATES = (
    (_rate("财政拨款收入总计"), ("公开04", "收入总计", None)),
    (_rate("财政拨款支出总计"), ("公开04", "支出总计", "合计")),
    (_rate("财政拨款收入支出总计"), ("公开04", "支出总计", "合计")),
)


def y01b(d):
    """A stated rate of change of the 财政拨款 totals is the change ÷ last year's total (this year's − the change)."""
    s = fw.fiscal_overview(d)
    if s is None:
        return "not_applicable"
    out = []
    for (rate_re, change_re), (t, r, col) in _FISCAL_RATES:
        m = rate_re.search(s.text)
        if m is None:
            out.append("pass")
            continue
        c = change_re.search(s.text)
        if c is None:
            return "error"
        now = fl.cell(d.v, t, r, col)
        if now[0] is None:
            return "error"
        value, half = _signed(c, 1, 2)
        share = percent((abs(value), half), (now[0] - value, now[1] + half))
        if share is None:
            return "error"
        one = eq(_number(m.group(4)), share)
        if one == "fail":
            return one
        out.append(one)
    return fl.worst(out)


COSTLY.update({"Y07b": y07b, "Y04a": y04a, "Y04b": y04b, "Y01b": y01b})


# percentage: shares of the year's spending, the 一般公共预算 budget's completion --------------------------------

_SPENDING_SHARES = tuple((_said(k), re.compile(k + _JOIN + _NUM + "万元,占" + _ANY + _NUM + "%"))
                         for k in ("基本支出", "项目支出", "经营支出"))


def n03c(d):
    """基本/项目/经营支出 stated with their share of the year's spending: the share is amount ÷ 本年支出合计."""
    s = fw.section(d.sections, "支出决算情况")
    if s is None:
        return "not_applicable"
    out = []
    for amount_re, share_re in _SPENDING_SHARES:
        m = share_re.search(s.text)
        if m is None:
            continue
        a = amount_re.search(s.text)
        whole = fl.cell(d.v, "公开01", "本年支出合计")
        if a is None or whole[0] is None:
            return "error"
        share = percent(_number(a.group(1)), whole)
        if share is None:
            return "error"
        one = eq(_number(m.group(2)), share)
        if one == "fail":
            return one
        out.append(one)
    return fl.worst(out)


_GENERAL = "一般公共预算财政拨款支出年初预算"
_GENERAL_BUDGET = re.compile(_GENERAL + _ANY + _NUM + "万元")
_GENERAL_SPENT = re.compile(_GENERAL + _ANY + "支出决算" + _ANY + _NUM + "万元")
_GENERAL_DONE = re.compile(_GENERAL + _ANY + "完成年初预算的" + _NUM + "%")


def n07a(d):
    """The 一般公共预算 spending stated in 具体情况 is 公开05's; without it, the stated completion rate is 公开05's
    spending ÷ the stated budget."""
    s = _part(d, "具体情况")
    budget = None if s is None else _GENERAL_BUDGET.search(s.text)
    if budget is None:
        return "not_applicable"
    m = _GENERAL_SPENT.search(s.text)
    if m is not None:
        return fl.compare("==", _number(m.group(1)), fl.cell(d.v, "公开05", "合计", "合计"))
    done = _GENERAL_DONE.search(s.text)
    if done is None:
        return "error"
    spent = fl.cell(d.v, "公开05", "合计", "合计")
    if spent[0] is None:
        return "error"
    share = percent(spent, _number(budget.group(1)))
    return "error" if share is None else eq(_number(done.group(1)), share)


COSTLY.update({"N03c": n03c, "N07a": n07a})


# arithmetic and cross-table rules not in the 40 (the costliest of their classes, and a few beside them) ---------

def _eq_sum(printed, parts) -> str:
    """A printed cell == a sum of cells: a sum with more decimals than the cell is judged by the cell's rounding."""
    total = fl.total(parts)
    if printed[0] is None or total[0] is None:
        return "error"
    if printed[1]:  # printed (a blank cell is exact 0)
        return eq(printed, (total[0], total[1], total[1]))
    return fl.compare("==", printed, total)


_FUNDS04 = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def t09(d):
    """公开04 支出: each row's 合计 is the sum of its three funds, and so are 本年支出合计 and 支出总计."""
    out = []
    for r in fl.coded(d.v, "公开04", "支出"):
        one = _eq_sum(fl.v(r, "合计"), [fl.v(r, c) for c in _FUNDS04])
        if one in ("fail", "error"):
            return one
        out.append(one)
    for row in ("本年支出合计", "支出总计"):
        one = _eq_sum(fl.cell(d.v, "公开04", row, "合计"), [fl.cell(d.v, "公开04", row, c) for c in _FUNDS04])
        if one in ("fail", "error"):
            return one
        out.append(one)
    return fl.worst(out)


def t22a(d):
    """No negative amount in 公开02's 本年收入合计 and 财政拨款收入, nor in 公开05's three columns."""
    for t, cols in (("公开02", ("本年收入合计", "财政拨款收入")), ("公开05", ("合计", "基本支出", "项目支出"))):
        for r in fl.coded(d.v, t):
            if any(fl.v(r, c)[0] < 0 for c in cols):
                return "fail"
    return "pass"


def x06(d):
    """公开04's 政府性基金 column against 公开07's totals."""
    v = d.v
    fund = "政府性基金预算财政拨款"
    spent = fl.total(fl.v(r, fund) for r in fl.coded(v, "公开04", "支出"))
    return fl.worst(_all_until_failed((
        lambda: _eq_sum(fl.cell(v, "公开07", "合计", "本年支出"), [spent]) if spent[0] is not None else "error",
        lambda: fl.compare("==", fl.cell(v, "公开04", "本年支出合计", fund), fl.cell(v, "公开07", "合计", "本年支出")),
        lambda: fl.compare("==", fl.cell(v, "公开04", fund), fl.cell(v, "公开07", "合计", "本年收入")),
        lambda: fl.compare("==", fl.cell(v, "公开04", "年初财政拨款结转和结余/" + fund),
                           fl.cell(v, "公开07", "合计", "年初结转和结余")),
        lambda: fl.compare("==", fl.cell(v, "公开04", "年末财政拨款结转和结余", fund),
                           fl.cell(v, "公开07", "合计", "年末结转和结余")))))


def _all_until_failed(parts):
    for part in parts:
        s = part()
        yield s
        if s in ("fail", "error"):
            return


def _has_cell(v, t, r, col=None) -> bool:
    return fl.has_value(v, t, r, col) if t in v.rows else False


def _x10(code6: str, code5: str):
    def rule(d):
        v = d.v
        if not (_has_cell(v, "公开06", code6) and _has_cell(v, "公开05", code5, "基本支出")):
            return "not_applicable"
        return fl.compare("==", fl.cell(v, "公开06", code6), fl.cell(v, "公开05", code5, "基本支出"))
    return rule


def x12(d):
    """No 三公-type 经济科目 spending in 公开06 when the 三公 table has none."""
    v = d.v
    if fl.sangong_has_data(v):
        total = fl.cell(v, "公开09", "合计", "决算数")
        if total[0] is None or fl.compare("==", total, (ZERO, ZERO)) == "fail":
            return "not_applicable"
    parts = fl.total(fl.cell(v, "公开06", c) for c in ("30212", "30217", "30231", "31013"))
    if parts[0] is None:
        return "error"
    return fl.compare("==", parts, (ZERO, ZERO))


COSTLY.update({"T09": t09, "T22a": t22a, "X06": x06, "X10a": _x10("30108", "2080505"),
               "X10c": _x10("30113", "2210201"), "X12": x12})


_BASIC_TOTALS = ((_said("基本支出"), ("公开05", "合计", "基本支出")), (_said("人员经费"), ("公开06", "人员经费合计", None)),
                 (_said("公用经费"), ("公开06", "公用经费合计", None)))


def n09a(d):
    """基本支出, 人员经费 and 公用经费 stated in 基本支出决算情况 are the tables'."""
    s = fw.section(d.sections, "基本支出决算情况")
    if s is None:
        return "not_applicable"
    out = []
    for pattern, (t, r, col) in _BASIC_TOTALS:
        m = pattern.search(s.text)
        if m is None:
            continue
        one = fl.compare("==", _number(m.group(1)), fl.cell(d.v, t, r, col))
        if one in ("fail", "error"):
            return one
        out.append(one)
    return fl.worst(out)


_ANY_WAN = re.compile(_NUMBER + "万元")


def c05a(d):
    """No amount stated for 政府性基金 when 公开07 has none."""
    v = d.v
    total = fl.total(fl.cell(v, "公开07", "合计", c) for c in ("年初结转和结余", "本年收入", "本年支出"))
    if total[0] is None or fl.compare("==", total, (ZERO, ZERO)) == "fail":
        return "not_applicable"
    s = fw.section(d.sections, "政府性基金")
    return "fail" if s is not None and "万元" in s.text and _ANY_WAN.search(s.text) else "pass"


_SME = (_said("授予中小企业合同金额"), re.compile("授予中小企业合同金额" + _JOIN + _NUM + "万元,占政府采购支出总额的" + _NUM + "%"))
_SMALL = (_said("授予小微企业合同金额"), re.compile("授予小微企业合同金额" + _JOIN + _NUM + "万元,占政府采购支出总额的" + _NUM + "%"))


def _contract(text: str, amount_re, share_re, at_most, total) -> str:
    """A contract amount stated: at most `at_most` (a thunk: it is read only then), and its share of the total."""
    m = amount_re.search(text)
    if m is None:
        return "pass"
    amount = _number(m.group(1))
    first = fl.compare("<=", amount, at_most())
    if not _ok(first):
        return first
    p = share_re.search(text)
    if p is None:
        return first
    share = percent(amount, total)
    return "error" if share is None else fl.worst([first, eq(_number(p.group(2)), share)])


def n13b(d):
    """授予中小（小微）企业合同金额 stated: within the procurement total (小微 within 中小), its share of it right."""
    v = d.v
    if "公开10" not in v.rows:
        return "not_applicable"
    total = fl.cell(v, "公开10", "合计")
    if total[0] is None or total[0] == 0:
        return "not_applicable"
    out = []
    for s in d.sections:
        def sme(text=s.text):
            m = _SME[0].search(text)
            return (None, None) if m is None else _number(m.group(1))
        for one in (_contract(s.text, *_SME, lambda: total, total), _contract(s.text, *_SMALL, sme, total)):
            if one in ("fail", "error"):
                return one
            out.append(one)
    return fl.worst(out)


COSTLY.update({"N09a": n09a, "C05a": c05a, "N13b": n13b})


# the rest of the unsampled rules above their class's mean that read no claims ------------------------------------

_RUNNING = "机关运行经费支出" + _ANY + "比" + _ANY
_RUNNING_RATE = re.compile(_RUNNING + _DIR + _OPT + "万元," + _DIR + _NUM + "(?:%|[。，,；;])")
_RUNNING_CHANGE = re.compile(_RUNNING + _DIR + _OPT + "万元")
_RUNNING_SPENT = _said("机关运行经费支出")


def y01d(d):
    """A stated rate of change of 机关运行经费 is the change ÷ last year's (this year's stated − the change)."""
    out = []
    for s in d.sections:
        m = _RUNNING_RATE.search(s.text)
        if m is None:
            out.append("pass")
            continue
        change, spent = _RUNNING_CHANGE.search(s.text), _RUNNING_SPENT.search(s.text)
        if change is None or spent is None:
            return "error"
        c, ch = _signed(change, 1, 2)
        v, h = _number(spent.group(1))
        share = percent((abs(c), ch), (v - c, h + ch))
        if share is None:
            return "error"
        one = eq(_number(m.group(4)), share)
        if one == "fail":
            return one
        out.append(one)
    return fl.worst(out)


def n82(d):
    """The 一般公共预算 budget stated in 具体情况 is the sum of the other budgets stated there (when there is one
    for each 项 and the total)."""
    s = _part(d, "具体情况")
    overall = None if s is None else _OVERALL_BUDGET.search(s.text)
    if overall is None:
        return "not_applicable"
    budgets = [_number(m.group(1)) for m in _BUDGET_ANY.finditer(s.text)]
    if len(budgets) != len(fl.level(d.v, "公开05", "项")) + 1:
        return "not_applicable"
    total = _number(overall.group(1))
    value = sum((b[0] for b in budgets), ZERO) - total[0]
    tol = sum((b[1] for b in budgets), ZERO) + total[1]
    return eq(total, (value, tol, tol))


def _reasoned(words: str):
    head = words + _DIR + _OPT + "万元" + _ANY
    return re.compile(head + "原因([^。；;]{1,200})"), re.compile(head + "。" + _ANY + "原因([^。；;]{1,200})")


def _reason_agrees(sec, patterns) -> bool:
    """The reason given for a change (in its sentence, else in the next) points the change's way (or nowhere)."""
    if sec is None:
        return True
    near, next_sentence = patterns
    m = near.search(sec.text) or next_sentence.search(sec.text)
    return m is None or _direction(m.group(3)) * _signed(m, 1, 2)[0] >= 0


_INCOME_REASONED, _RUNNING_REASONED = _reasoned("收入总计"), _reasoned(_RUNNING)


def n17b(d):
    ok = (_reason_agrees(fw.section(d.sections, "收入支出决算总体情况"), _INCOME_REASONED)
          and all(_reason_agrees(s, _RUNNING_REASONED) for s in d.sections))
    return "pass" if ok else "fail"


COSTLY.update({"Y01d": y01d, "N82": n82, "N17b": n17b, "X10b": _x10("30109", "2080506")})
