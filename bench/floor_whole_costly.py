"""Hand-written floor functions for the costly rules of each class (session 15): the 自评表 indicator rules, the
per-类 percentage and year-on-year rules, the list scans of structure and text. bench/floor_whole_rules.SAMPLE had
the cheap rules of each class only; with these each class's sample holds its costly rules as well (the docstring of
bench/floor_whole.py says how the sample is chosen).

Written as a user would instead of rulebook: plain Python over json.loads output (FloorDoc: the flat dict, the
情况说明 flattened once per document), regular expressions precompiled once, a pattern per printed name cached as a
user would (functools.lru_cache), Decimal with the same rounding-aware tolerance. Where a rule's meaning is
intricate (when an indicator's 完成值 falls short of its 指标值) it is written out here. Imported by
bench/floor_whole_rules (below its helpers), which merges COSTLY into the floor.
"""
from __future__ import annotations

import operator
import re
from bisect import bisect_right
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from bench import floor as fl
from bench import floor_whole_rules as fw

ZERO = Decimal(0)
HUNDRED = Decimal(100)


# 自评表: the forms' fields -------------------------------------------------------------------------------------

class Missing(Exception):
    """A field the rule reads is absent from a form: the rule is an error."""


def _field(f: dict, name: str):
    """A form's numeric field: None when the field is absent, (value or None) otherwise."""
    x = f.get(name)
    if x is None:
        return None
    return ("v", None if x.get("value") is None else Decimal(x["value"]))


def _category(f: dict, name: str):
    x = (f.get("category_scores") or {}).get(name)
    if x is None:
        return None
    return ("v", None if x.get("value") is None else Decimal(x["value"]))


def _present(field) -> bool:
    return field is not None and field[1] is not None


def _value(field) -> Decimal:
    """The field's value for arithmetic: absent is an error, blank is 0."""
    if field is None:
        raise Missing
    return ZERO if field[1] is None else field[1]


def _fund(f: dict, name: str) -> Decimal:
    x = f.get(name)
    if x is None:
        raise Missing
    return ZERO if x["total"].get("value") is None else Decimal(x["total"]["value"])


def _forms_rule(check):
    """Every form: the worst of `check(form)` (the first fail or error decides); a missing field is an error."""
    def rule(d):
        out = "pass"
        for f in d.data.get("attachments") or ():
            try:
                s = check(f)
            except Missing:
                return "error"
            if s == "fail" or s == "error":
                return s
        return out
    return rule


def _p02(f):
    score = _field(f, "execution_score")
    if not _present(score):
        return "fail"
    available = _fund(f, "available")
    executed = _fund(f, "executed")
    if available == 0:
        return "error"
    pct = executed / available * HUNDRED
    target = Decimal(10) if pct >= 100 else pct / 10
    return "pass" if abs(score[1] - target) <= Decimal("0.5") else "fail"


_CATEGORIES = (("产出指标", 50), ("效益指标", 30), ("满意度指标", 10))


def _p03(f):
    score = _field(f, "execution_score")
    cats = [_category(f, c) for c, _ in _CATEGORIES]
    if not (_present(score) and all(_present(c) for c in cats)):
        return "pass"
    total = _value(_field(f, "total_score"))
    return "pass" if total == score[1] + sum(c[1] for c in cats) else "fail"


def _p04(f):
    for field, most in ((_field(f, "execution_score"), 10), *((_category(f, c), k) for c, k in _CATEGORIES),
                        (_field(f, "total_score"), 100)):
        if _present(field) and field[1] > most:
            return "fail"
    return "pass"


def _grade_of(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def _p05(f):
    grade, total = f.get("grade") or "", _field(f, "total_score")
    if not grade.strip() or not _present(total):
        return "pass"
    return "pass" if grade == _grade_of(total[1]) else "fail"


# 自评表: an indicator's 完成值 against its 指标值 (written out: the semantics rulebook's 未达标 and 数值不符 document)

_OPS = (("大于等于", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("小于等于", "<="),
        ("不高于", "<="), ("不超过", "<="), ("不多于", "<="), ("不大于", "<="), (">=", ">="), ("≥", ">="),
        ("≧", ">="), ("<=", "<="), ("≤", "<="), ("≦", "<="), ("大于", ">"), ("高于", ">"), ("超过", ">"),
        (">", ">"), ("小于", "<"), ("低于", "<"), ("<", "<"), ("等于", "="), ("=", "="), ("约", "~"),
        ("大约", "~"), ("近", "~"))
_SUFFIX_OPS = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("左右", "~"))
_VALUE = re.compile(r"^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)([^\d,，。；;:：、()（）]{0,6})$")
_UNITS = {"平米": "平方米", "㎡": "平方米", "名": "人", "人次": "人", "场": "次", "场次": "次", "期": "次"}
_LOWER_IS_BETTER = ("发生率", "差错率", "错误率", "出错率", "投诉率", "失误率", "事故", "故障率", "误差", "超支", "空置率",
                    "流失率", "不合格率", "返工率", "成本", "费用", "耗时", "时长", "用时", "周期", "延误", "逾期")
_DURATIONS = ("天", "日", "小时", "分钟", "个月", "月", "年", "周", "工作日")
_DEADLINE = re.compile(r"[前后内底之起止旬]|^[年月日号]")
_NEGATIVE = frozenset({"未完成", "未达到", "未达标", "未实现", "未开展", "未按时完成", "不合格", "不达标", "不及时",
                       "否", "无", "差", "较差", "没有完成", "未执行"})
_CMP = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def _flat(text: str) -> str:
    return fw._flat(text)


def _unit(unit: str) -> str:
    unit = unit[:-2] if unit.endswith("/年") else unit
    return _UNITS.get(unit, unit)


@lru_cache(maxsize=4096)
def _parse(flat: str):
    """(op, value, unit) of a printed value (≥5次, 约95%), None for words."""
    op = "="
    for word, sym in _OPS:
        if flat.startswith(word):
            op, flat = sym, flat[len(word):]
            break
    for word, sym in _SUFFIX_OPS:
        if flat.endswith(word) and op == "=":
            op, flat = sym, flat[:-len(word)]
            break
    m = _VALUE.match(flat)
    if m is None or _DEADLINE.search(m.group(2).split("/")[0]):
        return None
    return op, Decimal(m.group(1).replace(",", "")), _unit(m.group(2))


def _same_unit(a, b) -> bool:
    return a[2] == b[2] or (a[1] == 0 and a[2] == "") or (b[1] == 0 and b[2] == "")


def _unmet(actual: str, target: str, name: str) -> bool:
    """The 完成值 clearly falls short of the 指标值 (undecidable pairs never do)."""
    a_flat, t_flat = _flat(actual), _flat(target)
    if not t_flat or a_flat == t_flat:
        return False
    if not a_flat or a_flat in _NEGATIVE:
        return True
    t, a = _parse(t_flat), _parse(a_flat)
    if t is None or a is None or not _same_unit(a, t) or a[0] == "~" or t[0] == "~":
        return False
    op = t[0]
    if op == "=":  # a plain target: at least it, at most it (0, less is better), or unknown (money, durations)
        if t[1] == 0 or any(w in _flat(name) for w in _LOWER_IS_BETTER):
            op = "<="
        elif "/" in t[2] or t[2].endswith(("元", "万元")) or t[2] in _DURATIONS:
            op = None
        else:
            op = ">="
    if a[0] != "=":  # the actual is itself a bound: it meets the target or cannot be decided
        return False
    if op is None:
        return False
    return not _CMP[op](a[1], t[1])


_FILLER = "(?:量|数|数量)?(?:为|达|达到|共|共计|累计|合计|总计)?"
_FIGURE = r"((?:约|近|超过)?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?:约|近|超过)?\d+(?:\.\d+)?)(%|[^\W\d_]{1,3})?"


@lru_cache(maxsize=2048)
def _name_pattern(name: str, gap: int = 0) -> re.Pattern[str]:
    body = re.escape(name) if not gap else re.escape(name[:gap]) + "[\u4e00-\u9fff]{1,2}?" + re.escape(name[gap:])
    return re.compile(body + _FILLER + _FIGURE)


def _stated_figure(flat: str, name: str) -> str:
    """The figure a (flattened) 自评结论 states after an indicator's name, with 1–2 characters between allowed."""
    key = _flat(name)
    if len(key) < 3 or key[:2] not in flat or key[-2:] not in flat:
        return ""
    m = _name_pattern(key).search(flat)
    if m is None and len(key) <= 40:
        for gap in range(2, len(key) - 1):
            if key[:gap] in flat and key[gap:] in flat:
                m = _name_pattern(key, gap).search(flat)
                if m:
                    break
    return m.group(1) + (m.group(2) or "") if m else ""


def _contradicts(stated: str, actual: str) -> bool:
    s, a = _parse(_flat(stated)), _parse(_flat(actual))
    if s is None or a is None or s[0] != "=" or a[0] == "~":
        return False
    if not _same_unit(s, a) and not any(_unit(s[2][:k]) == a[2] for k in range(1, len(s[2]))):
        return False
    return not _CMP[a[0]](s[1], a[1])


def _indicators(f: dict):
    return [i for i in f.get("indicators") or () if i.get("name") or i.get("target")]


def _p07(f):
    for i in _indicators(f):
        if _unmet(i.get("actual", ""), i.get("target", ""), i.get("name", "")) and not (i.get("shortfall_reason")
                                                                                          or "").strip():
            return "fail"
    return "pass"


def _p07b(f):
    full = {c: (s := _category(f, c)) is not None and s[1] is not None and s[1] == most for c, most in _CATEGORIES}
    for i in _indicators(f):
        if full.get(i.get("level1", "")) and _unmet(i.get("actual", ""), i.get("target", ""), i.get("name", "")):
            return "fail"
    return "pass"


def _p08(f):
    conclusion = _flat(f.get("conclusion") or "")
    for i in _indicators(f):
        if _contradicts(_stated_figure(conclusion, i.get("name", "")), i.get("actual", "")):
            return "fail"
    return "pass"


# 自评表: what the 情况说明 says of the forms ------------------------------------------------------------------------

_NUMBER = fw._NUMBER
_JOIN = fw._JOIN
_SELF_RATED = re.compile("绩效自评个数" + _JOIN + _NUMBER + "个")
_FUNDS = re.compile("涉及资金" + _JOIN + _NUMBER + "万元")
_GRADES = {g: (re.compile(_NUMBER + '个项目自评等级为"' + g + '"'), re.compile('评级为"' + g + '"的项目' + _JOIN + _NUMBER + "个"))
           for g in "优良中差"}


def c12(d):
    forms = d.data.get("attachments") or ()
    if not forms:
        return "not_applicable"
    for s in d.sections:
        m = _SELF_RATED.search(s.text)
        if m is not None and Decimal(m.group(1).replace(",", "")) != len(forms):
            return "fail"
    return "pass"


def p09(d):
    forms = d.data.get("attachments") or ()
    if not forms:
        return "not_applicable"
    out = []
    for s in d.sections:
        stated = fw._amount(_FUNDS.search(s.text))
        if stated is None:
            continue
        try:
            spent = (sum((_fund(f, "executed") for f in forms), ZERO), ZERO)
            first = fl.compare("==", stated, spent, tolerance=Decimal("0.05"))
            if first in ("pass", "rounding"):
                out.append(first)
                continue
            budget = (sum((_fund(f, "budget") for f in forms), ZERO), ZERO)
        except Missing:
            return "error"
        out.append(fl.compare("==", stated, budget, tolerance=Decimal("0.05")))
        if out[-1] == "fail":
            return "fail"
    return fl.worst(out)


def _rated(forms, grade: str) -> int:
    n = 0
    for f in forms:
        g = f.get("grade") or ""
        if g == grade:
            n += 1
        elif not g.strip():
            total = _value(_field(f, "total_score"))
            n += _grade_of(total) == grade
    return n


def _p09_grade(grade: str):
    patterns = _GRADES[grade]
    needles = ('个项目自评等级为"' + grade + '"', '评级为"' + grade + '"的项目')  # a number leads the first pattern

    def rule(d):
        forms = d.data.get("attachments") or ()
        if not forms:
            return "not_applicable"
        count = None
        for s in d.sections:
            for needle, pattern in zip(needles, patterns):
                m = pattern.search(s.text) if needle in s.text else None
                if m is None:
                    continue
                try:
                    count = _rated(forms, grade) if count is None else count
                except Missing:
                    return "error"
                if Decimal(m.group(1).replace(",", "")) != count:
                    return "fail"
        return "pass"
    return rule


COSTLY = {
    "P02": _forms_rule(_p02), "P03": _forms_rule(_p03), "P04": _forms_rule(_p04), "P05": _forms_rule(_p05),
    "P07": _forms_rule(_p07), "P07b": _forms_rule(_p07b), "P08": _forms_rule(_p08),
    "C12": c12, "P09": p09, "P09b": _p09_grade("优"), "P09c": _p09_grade("良"), "P09d": _p09_grade("中"),
    "P09e": _p09_grade("差"),
}


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
_DIR = "(" + "|".join(fw._DIRECTION) + ")"
_NUM = fw._NUMBER  # one group
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
    sign = fw._DIRECTION[m.group(d_group)]
    if m.group(a_group) is None:
        return ZERO, ZERO
    v, h = _number(m.group(a_group))
    return v * sign, h


def _classes(d, table: str = "公开05"):
    """The 类 rows of a table with the name `{r}` stands for (the printed label, normalised)."""
    raw = {r["key"]: r.get("label") or r["key"] for r in d.data["tables"].get(table, {}).get("rows", ())}
    return [(fw._flat(fw.normalise(raw.get(r.key, r.key))), r) for r in fl.level(d.v, table, "类")]


def _part(d, *words):
    s = fw.section(d.sections, "一般公共预算财政拨款支出决算情况", *words)
    return s


def _ok(s: str) -> bool:
    return s == "pass" or s == "rounding"


def _per_class(d, words: str, element) -> str:
    s = _part(d, words)
    if s is None:
        return "not_applicable"
    out = []
    for label, r in _classes(d):
        one = element(label, r, s.text)
        if one == "fail" or one == "error":
            return one
        out.append(one)
    return fl.worst(out)


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


# structure: the fixed rows, the 行次 numbering, the 目录 against the body ---------------------------------------
# The catalogue (rulebook/catalogue.yaml) is data a user's script would carry as its own constants: read once.

def _catalogue():
    import yaml

    raw = yaml.safe_load((Path(__file__).resolve().parent.parent / "rulebook" / "catalogue.yaml").read_text("utf-8"))
    fixed, titles = {}, {}
    for tid, spec in raw["tables"].items():
        rows = []
        for r in spec.get("rows", ()):
            key = fw.normalise(r["key"])
            names = frozenset({key, *(fw.normalise(str(a)) for a in r.get("aliases") or ())})
            rows.append((r.get("side"), key.split("/")[0] if "/" in key else None, names))
        fixed[tid] = rows
        for title in (spec["title"], *(spec.get("aliases") or ())):
            titles.setdefault(fw.normalise(str(title)), tid)
    return fixed, titles


_FIXED, _TITLES = _catalogue()


def c13(d):
    """No table leaves out a fixed row of its form (a row keyed 甲/乙 only where the table prints 甲's breakdown)."""
    for tid, t in d.data["tables"].items():
        spec, rows = _FIXED.get(tid), t.get("rows")
        if spec is None or not rows:
            continue
        printed, parents = set(), set()
        for r in rows:
            key = fw.normalise(r["key"])
            printed.add((key, r.get("side")))
            printed.add((key, None))
            if "/" in r["key"]:
                parents.add(key.split("/")[0])
        for side, parent, names in spec:
            if parent is not None and parent not in parents:
                continue
            if not any((name, side) in printed for name in names):
                return "fail"
    return "pass"


def _order(source) -> tuple[int, int]:
    return ((source.get("page") or 0), (source.get("line") or 0)) if source else (0, 0)


def t21a(d):
    """行次 runs 1, 2, 3 … on each side, in printed order: no number skipped or repeated."""
    for t in d.data["tables"].values():
        sides: dict = {}
        for r in t.get("rows", ()):
            n = r.get("line_no")
            if n and n.isdigit():
                sides.setdefault(r.get("side"), []).append((_order(r.get("source")), int(n)))
        for s in t.get("spacer_lines") or ():
            if s["number"].isdigit():
                sides.setdefault(s.get("side"), []).append((_order(s.get("source")), int(s["number"])))
        for printed in sides.values():
            printed.sort()
            for (_, before), (_, after) in zip(printed, printed[1:]):
                if after != before + 1:
                    return "fail"
    return "pass"


_PART_HEAD = re.compile(r"^第\s*[一二三四五六七八九十\d]+\s*部分\s*(.*)$")
_PART_WORDS = (("概况", "overview"), ("决算表", "tables"), ("情况说明", "narrative"), ("名词解释", "glossary"),
               ("附件", "attachments"))
_TABLE_SUFFIX = re.compile(r"\(公开\d+表?\)$")
_TITLE_TAIL = re.compile(r"(?:的)?(?:情况说明|说明|情况)$")
_LEADER = re.compile(r"[.…·\-—]*\d*$")


def _key(title: str) -> str:
    text = _TABLE_SUFFIX.sub("", _LEADER.sub("", fw.normalise(title)))
    return _TITLE_TAIL.sub("", text) or text


def _part_kind(title: str):
    m = _PART_HEAD.match(fw.normalise(title))
    if not m:
        return None
    return next((kind for word, kind in _PART_WORDS if word in m[1]), "unknown")


def _at(source):
    """A body place ((page, line) to order by), or None when its line is unknown."""
    return None if not source or source.get("line") is None else ((source.get("page") or 0), source["line"])


def _placement(d):
    """Each 目录 entry as (found in the body, where the body prints it or None): a 第N部分 by its heading or its
    content, a table as found (C01 reports a missing one), the rest by title (the same title first, then one inside
    the other), each body entry taken once. Made once per document for C02 and C02b, as a user would."""
    found = d.shared.get("placement")
    if found is None:
        found = d.shared["placement"] = _place(d)
    return found


def _place(d):
    data = d.data
    narrative = data.get("narrative") or {}
    body = {"overview": [(_key(s["title"]), _at(s.get("source"))) for s in narrative.get("overview") or ()],
            "narrative": [(_key(s["title"]), _at(s.get("source"))) for s in narrative.get("sections") or ()],
            "glossary": [(_key(s["title"]), _at(s.get("source"))) for s in narrative.get("glossary") or ()],
            "attachments": [(_key(f["project"]), _at(f.get("source"))) for f in data.get("attachments") or ()],
            "tables": [(t, _at(x.get("source"))) for t, x in data["tables"].items()]}
    headings = [(_part_kind(h["text"]), _key(h["text"]), h.get("source")) for h in data.get("parts") or ()]
    used: set = set()
    part, out = None, []
    for entry in data.get("toc") or ():
        title = entry.get("title", "")
        kind = _part_kind(title)
        if kind is not None:
            part = kind
            key = _key(title)
            heading = next((h for h in headings if h[0] == kind != "unknown" or h[1] == key), None)
            lines = [line for _, line in body.get(kind, []) if line is not None]
            line = _at(heading[2]) if heading is not None else (min(lines) if lines else None)
            out.append((heading is not None or bool(body.get(kind)), line))
            continue
        tid = _TITLES.get(fw.normalise(_TABLE_SUFFIX.sub("", _LEADER.sub("", fw.normalise(title)))))
        if tid is not None:
            table = data["tables"].get(tid)
            out.append((True, _at(table.get("source")) if table else None))
            continue
        key = _key(title)
        kinds = [part] if part in body else []
        kinds += [k for k in body if k not in kinds and k != "tables"]
        free = [(k, i, name, line) for k in kinds for i, (name, line) in enumerate(body[k]) if (k, i) not in used]
        hit = next(((k, i, line) for k, i, name, line in free if name == key), None) or next(
            ((k, i, line) for k, i, name, line in free
             if min(len(key), len(name)) >= 2 and (key in name or name in key)), None)
        if hit is not None:
            used.add(hit[:2])
        out.append((hit is not None, hit[2] if hit else None))
    return out


def _has_toc(d) -> bool:
    return bool("\n".join(e.get("title", "") for e in d.data.get("toc") or ()).strip())


def c02(d):
    """Every 目录 entry is found in the body."""
    if not _has_toc(d):
        return "not_applicable"
    return "pass" if all(found for found, _ in _placement(d)) else "fail"


def c02b(d):
    """The body prints the 目录's entries in its order: the longest run in order holds every placed entry."""
    if not _has_toc(d):
        return "not_applicable"
    lines = [line for _, line in _placement(d) if line is not None]
    best: list = []  # patience: the smallest last line of an in-order run of each length
    for line in lines:
        i = bisect_right(best, line)
        if i == len(best):
            best.append(line)
        else:
            best[i] = line
    return "pass" if len(best) == len(lines) else "fail"


def t21b(d):
    """栏次 runs 1, 2, 3 … under each table's header."""
    for t in d.data["tables"].values():
        numbers = [int(c["number"]) for c in t.get("columns", ()) if c.get("number") and c["number"].isdigit()]
        if any(after != before + 1 for before, after in zip(numbers, numbers[1:])):
            return "fail"
    return "pass"


COSTLY.update({"C13": c13, "T21a": t21a, "C02": c02, "C02b": c02b, "T21b": t21b})


# text: how amounts are printed, template leftovers, 元 written for 万元 ----------------------------------------------

_MONEY = re.compile(r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)\s*(万元|元)")
_THRESHOLD_BEFORE = re.compile(r"(?:单价|价值|金额在)\s*$")
_THRESHOLD_AFTER = re.compile(r"\s*[(（]?含?[)）]?\s*(?:及)?(?:以上|以下|以内)")


def n16(d):
    """Every amount in 万元 in the 情况说明 has two decimals (0 aside; thresholds such as 单价100万元以上 are not amounts)."""
    for s in d.sections:
        flat = s.text
        for m in _MONEY.finditer(flat):
            if (m.group(2) != "万元" or _THRESHOLD_BEFORE.search(flat, max(0, m.start() - 16), m.start())
                    or _THRESHOLD_AFTER.match(flat, m.end())):
                continue
            value = Decimal(m.group(1).replace(",", ""))
            e = value.as_tuple().exponent
            if (-e if isinstance(e, int) and e < 0 else 0) != 2 and value != 0:
                return "fail"
    return "pass"


_DIRECTION_WORD = "增加|减少|增长|下降|上升|大于|小于|高于|低于|提高|降低"
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ])[XxＸｘ]{2,}(?![A-Za-zＡ-Ｚａ-ｚ])|[×＊*]{2,}|○{2,}|□+|待填写?|待补充|此处填写|请填写"
    rf"|(?:{_DIRECTION_WORD})\s*(?:[（(]\s*(?:{_DIRECTION_WORD})\s*[)）]|/\s*(?:{_DIRECTION_WORD}))"
    r"|[（(]?(?:不涉及的不列|如持平作持平表述|按上述格式依次说明|作下述说明)[)）]?"
    r"|【\s*】|[（(][ \t\u3000]*[)）]")
_PLACEHOLDER_START = re.compile(r"[XxＸｘ×＊*○□待此请增减上下大小高低提降（(不如按作【]")


def _has_placeholder(text: str) -> bool:
    at = 0
    while (start := _PLACEHOLDER_START.search(text, at)) is not None:
        if _PLACEHOLDER.match(text, start.start()):
            return True
        at = start.start() + 1
    return False


def _full(raw: dict) -> str:
    """A section's printed text with the parts its own text lacks (their titles and texts) appended."""
    text = raw.get("text", "")
    return text + "".join(s.get("title", "") + _full(s) for s in raw.get("subsections") or ()
                          if s.get("text") and s["text"] not in text)


def _part_text(sections) -> str:
    return "\n".join(f"{s.get('number', '')}、{s.get('title', '')}\n" + _full(s) for s in sections)


def c11a(d):
    """No template leftover (XX, ××, 待填, 增加（减少）…) on the cover, in the 目录, 概况, 情况说明 or 名词解释."""
    data = d.data
    narrative = data.get("narrative") or {}
    texts = ("\n".join(c.get("text", "") for c in data.get("cover") or ()),
             "\n".join(e.get("title", "") for e in data.get("toc") or ()),
             _part_text(narrative.get("overview") or ()), _part_text(narrative.get("sections") or ()),
             _part_text(narrative.get("glossary") or ()))
    return "fail" if any(_has_placeholder(t) for t in texts) else "pass"


_PERCENT_SIGN = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[%％]")
_INNER = re.compile(r"其中|包括|包含|具体|明细")


def _half(text: str) -> Decimal:
    places = len(text.split(".", 1)[1]) if "." in text else 0
    return Decimal(5) / Decimal(10) ** (places + 1)


def _ratios(a, b):
    """The intervals (in %) a printed pair allows for a share a/b, a rise a/(b−a) and a fall a/(b+a)."""
    (x, ex), (y, ey) = a, b
    if y - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey) * HUNDRED, (x + ex) / (y - ey) * HUNDRED
    if y - x - ex - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey - x + ex) * HUNDRED, (x + ex) / (y - ey - x - ex) * HUNDRED
    if x + y - ex - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey + x - ex) * HUNDRED, (x + ex) / (y - ey + x + ex) * HUNDRED


def _explained(amount, others, percents) -> bool:
    for other in others:
        for lo, hi in (*_ratios(amount, other), *_ratios(other, amount)):
            if any(lo < p + h and hi >= p - h for p, h in percents if p != 0):
                return True
    return False


def _sentence(flat: str, start: int, end: int):
    this = flat.rfind("。", 0, start) + 1
    before = flat.rfind("。", 0, max(0, this - 1)) + 1
    after = flat.find("。", end)
    return before, this, len(flat) if after < 0 else after


def _completes(flat: str, m, value: Decimal) -> bool:
    """Read in 万元, the amount makes the parts after the nearest 其中 add up to the 万元 whole just before it."""
    at = flat.rfind("其中", 0, m.start())
    if at < 0 or "。" in flat[at:m.start()]:
        return False
    before, this, _ = _sentence(flat, at, at)
    wholes = list(_MONEY.finditer(flat, before, at))
    if not wholes or wholes[-1][2] != "万元":
        return False
    whole = Decimal(wholes[-1][1].replace(",", ""))
    end = _sentence(flat, m.start(), m.end())[2]
    if _INNER.search(flat, this, at) and (semicolon := flat.find(";", at, end)) >= 0:
        end = semicolon
    parts, mine, last = [], False, at + 2
    for x in _MONEY.finditer(flat, at, end):
        between = flat[last:x.start()]
        last = x.end()
        if _INNER.search(between[between.rfind(";") + 1:]) or _THRESHOLD_AFTER.match(flat, x.end()):
            continue
        parts.append(x)
        mine = mine or x.start() == m.start()
    if not mine or len(parts) < 2:
        return False
    others = sum((Decimal(x[1].replace(",", "")) / (1 if x[2] == "万元" else 10000) for x in parts
                  if x.start() != m.start()), ZERO)
    slack = sum((_half(x[1]) for x in parts), _half(wholes[-1][1]))
    return abs(others + value - whole) <= slack < abs(others + value / 10000 - whole)


def n80(d):
    """No amount in 元 that was meant in 万元: explained as such by a percentage or a 其中 sum, or its digits an amount
    printed in 万元 (in the 情况说明 or, only when some is left unexplained, a table)."""
    in_wan, unexplained = set(), []
    for s in d.sections:
        flat = s.text
        for m in _MONEY.finditer(flat):
            value = Decimal(m[1].replace(",", ""))
            if value == 0 or _THRESHOLD_BEFORE.search(flat[max(0, m.start() - 6):m.start()]) \
                    or _THRESHOLD_AFTER.match(flat, m.end()):
                continue
            if m[2] == "万元":
                in_wan.add(value)
                continue
            before, this, end = _sentence(flat, m.start(), m.end())
            wan = [(Decimal(x[1].replace(",", "")), _half(x[1])) for x in _MONEY.finditer(flat[before:end])
                   if x[2] == "万元"]
            percents = [(Decimal(x[1]), _half(x[1])) for x in _PERCENT_SIGN.finditer(flat[this:end])]
            if _explained((value, _half(m[1])), wan, percents) or _completes(flat, m, value):
                return "fail"
            unexplained.append(value)
    if not unexplained:
        return "pass"
    if any(v in in_wan for v in unexplained):
        return "fail"
    for t in d.data["tables"].values():
        if t.get("unit") in ("万元", None, ""):
            for r in t.get("rows", ()):
                for c in r.get("cells", {}).values():
                    if c.get("kind", "number") == "number" and c.get("value") is not None:
                        v = Decimal(c["value"])
                        if v != 0 and v in unexplained:
                            return "fail"
    return "pass"


COSTLY.update({"N16": n16, "C11a": c11a, "N80": n80})


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


# codes: a name printed for two codes; 经济科目 listed under the wrong group ------------------------------------

def _coded(d):
    return [(r, r["code"]) for t in d.data["tables"].values() for r in t.get("rows", ())
            if r.get("code") and r["code"].isdigit()]


_GENERIC_ITEMS = {"01": "行政运行", "02": "一般行政管理事务", "03": "机关服务", "50": "事业运行"}
_QUALIFIER = re.compile(r"\([^)]*\)")


def _position(code: str) -> str:
    return code if len(code) <= 3 else code[-2:]


def _structural(codes: set, name: str, names: dict) -> bool:
    """The classification's own repeat: a generic 项 of the 功能分类 at its position, or parents that are one 科目
    in two variants (the same name once a bracketed qualifier is dropped)."""
    parents = {c[:-2] for c in codes if len(c) > 3}
    if len(parents) < 2:
        return False
    if all(len(c) == 7 and c[0] == "2" for c in codes):
        return name == _GENERIC_ITEMS.get(_position(min(codes)))
    printed = [names.get(p) for p in sorted(parents)]
    first = printed[0]
    return all(first is not None and other is not None and _QUALIFIER.sub("", first) == _QUALIFIER.sub("", other)
               for other in printed[1:])


def h05d(d):
    """No name printed for two codes of one classification and level, unless the classification repeats it."""
    coded = [(fw.normalise(r.get("label", "")), code) for r, code in _coded(d)]
    names: dict = {}
    for name, code in coded:
        names.setdefault(code, name)
    first: dict = {}
    for name, code in coded:
        if not name:
            continue
        seen = first.setdefault((code[0], len(code), name), code)
        if seen == code:
            continue
        if _position(code) == _position(seen) and _structural({seen, code}, name, names):
            continue
        return "fail"
    return "pass"


_CLAUSE = re.compile(r"[^；;。]+")
_PERSONNEL = frozenset({"301", "303"})


def h07(d):
    """经济科目 the 情况说明 lists under 人员经费 (or 公用经费) “包括” are printed in 公开06 under that group's 类."""
    if "公开06" not in d.v.rows:
        return "not_applicable"
    names: dict = {}
    for r in d.data["tables"]["公开06"].get("rows", ()):
        code = r.get("code") or ""
        if code.isdigit() and code[0] == "3" and len(code) in (3, 5) and (name := fw.normalise(r.get("label", ""))):
            names.setdefault(name, set()).add(code[:3])
    if not names:
        return "pass"
    longest = sorted(names, key=len, reverse=True)
    for s in d.sections:
        for clause in _CLAUSE.finditer(s.text):
            words = clause.group(0)
            labels = [label for label in ("人员经费", "公用经费") if label in words]
            if len(labels) != 1 or "包括" not in words[words.index(labels[0]):]:
                continue
            label = labels[0]
            listed = words[words.index("包括", words.index(label)):]
            taken: list = []
            for name in longest:
                at = listed.find(name)
                while at >= 0:
                    if not any(at < end and start < at + len(name) for start, end in taken):
                        taken.append((at, at + len(name)))
                        groups = {"人员经费" if c in _PERSONNEL else "公用经费" for c in names[name]}
                        if len(groups) == 1 and label not in groups:
                            return "fail"
                    at = listed.find(name, at + len(name))
    return "pass"


COSTLY.update({"H05d": h05d, "H07": h07})


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
          and _explains(fw._fiscal_overview(d), _FISCAL_SPEND_REASON))
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
    s = fw._fiscal_overview(d)
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


# structure: table headers, 类 with amounts broken down, no negative amounts ---------------------------------------

_HEADER = {"表号": lambda t: t.get("number") or "",
           "部门名称": lambda t: (t.get("header") or {}).get("部门名称") or (t.get("header") or {}).get("单位名称") or "",
           "年度": lambda t: (t.get("header") or {}).get("年度") or "",
           "金额单位": lambda t: (t.get("header") or {}).get("金额单位") or ""}
_TABLES = tuple(f"公开{i:02d}" for i in range(1, 11))


def _header(table: dict, element: str) -> bool:
    return bool(_HEADER[element](table).strip())


def _c03h(tid: str):
    """A table prints each header element that some table prints (表号 in the shanxi10 profile)."""
    def rule(d):
        tables = d.data["tables"]
        shanxi = (d.data.get("metadata") or {}).get("profile") == "shanxi10"
        if tid not in tables or (tid == "公开10" and not shanxi):
            return "not_applicable"
        t = tables[tid]
        if not _header(t, "表号") and shanxi:
            return "fail"
        for element in ("部门名称", "年度", "金额单位"):
            if not _header(t, element) and any(_header(tables[x], element) for x in _TABLES if x in tables):
                return "fail"
        return "pass"
    return rule


def _c03t(tid: str):
    def rule(d):
        t = d.data["tables"].get(tid)
        if t is None or (tid == "公开10" and (d.data.get("metadata") or {}).get("profile") != "shanxi10"):
            return "not_applicable"
        return "pass" if (t.get("title") or "").strip() else "fail"
    return rule


def c08d(d):
    """Every 公开06 类 with an amount lists its 款."""
    for r in fl.level(d.v, "公开06", "类"):
        if r.m[0] != 0 and not fl.kids(d.v, "公开06", r):
            return "fail"
    return "pass"


def t22b(d):
    """No negative amount in 公开06, nor in 公开10's 行次 1–17."""
    if any(r.m[0] < 0 for r in fl.rows(d.v, "公开06")):
        return "fail"
    if "公开10" in d.v.rows and any(r.m[0] < 0 for r in d.v.rows["公开10"] if 1 <= r.line <= 17):
        return "fail"
    return "pass"


COSTLY.update({f"C03h{i:02d}": _c03h(f"公开{i:02d}") for i in range(1, 11)})
COSTLY.update({f"C03t{i:02d}": _c03t(f"公开{i:02d}") for i in range(1, 11) if i != 2})
COSTLY.update({"C08d": c08d, "T22b": t22b})


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


# text: the year and the unit name every heading states, against what most places state -----------------------

_H_YEAR = re.compile(r"(\d{4})\s*年(?:\s*度|(?=\s*(?:部门|单位)?\s*决算))")
_H_NUMBERING = re.compile(r"^\s*(?:第\s*[一二三四五六七八九十\d]+\s*部分|[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）])\s*")
_H_BEFORE_OVERVIEW = re.compile(r"^(.+?)\s*(?:部门|单位)?\s*概况\s*$")
_H_SPACE = re.compile(r"\s+")
_H_ORGANISATION = re.compile(r"(?:局|委员会|委|办公室|办|厅|部|院|中心|会|所|站|队|处|馆|校|室|社|团|司|署|公司|集团|大学|学院)$")


def _heading_texts(data: dict):
    """Every heading but the cover: part headings, 目录 entries, table titles, section titles (nested)."""
    yield from (p.get("text", "") for p in data.get("parts") or ())
    yield from (e.get("title", "") for e in data.get("toc") or ())
    yield from (t["title"] for t in data["tables"].values() if t.get("title"))

    def walk(sections):
        for s in sections:
            yield s.get("title", "")
            yield from walk(s.get("subsections") or ())
    narrative = data.get("narrative") or {}
    for part in ("overview", "sections", "glossary"):
        yield from walk(narrative.get(part) or ())


def _heading_year(text: str):
    m = _H_YEAR.search(text)
    return int(m[1]) if m else None


def _heading_unit(text: str):
    words = _H_NUMBERING.sub("", _H_SPACE.sub("", text))
    year = _H_YEAR.search(words)
    if year:
        words = words[:year.start()]
    else:
        overview = _H_BEFORE_OVERVIEW.match(words)
        if not overview:
            return None
        words = overview[1]
    words = fw.normalise(words)
    return words if len(words) >= 3 and _H_ORGANISATION.search(words) else None


def _odd_heading(d, read, cover_value) -> str:
    """fail when a heading states another value than most places (the cover counting and deciding a tie)."""
    values = [v for text in _heading_texts(d.data) if (v := read(text)) is not None]
    if cover_value is not None:
        values.insert(0, cover_value)
    if not values:
        return "pass"
    votes: dict = {}
    for v in values:
        votes[v] = votes.get(v, 0) + 1
    top = max(votes.values())
    leaders = [v for v, n in votes.items() if n == top]
    if len(leaders) > 1 and cover_value not in leaders:
        return "pass"
    reference = cover_value if cover_value in leaders else leaders[0]
    return "fail" if any(v != reference for v in values) else "pass"


def _cover(d) -> str:
    return "".join(c.get("text", "") for c in d.data.get("cover") or ())


def c10e(d):
    return _odd_heading(d, _heading_year, _heading_year(_cover(d)))


def c10f(d):
    text = _H_SPACE.sub("", _cover(d))
    year = _H_YEAR.search(text)
    words = fw.normalise(text[:year.start()] if year else "")
    return _odd_heading(d, _heading_unit, words if words and _H_ORGANISATION.search(words) else None)


COSTLY.update({"C10e": c10e, "C10f": c10f})
