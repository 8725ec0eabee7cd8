"""Hand-written floor functions for every 自评表 rule (session 15): the fields of each form, each indicator's
完成值 against its 指标值 written out as rulebook's 未达标/数值不符/文中数值 document them, and what the 情况说明 says of
the forms. Part of bench/floor_whole_costly.COSTLY (bench/floor_whole.FLOOR)."""
from __future__ import annotations

import operator
import re
from decimal import Decimal
from functools import lru_cache

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
    return fw.flatten(text)


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

_NUMBER = fw.NUMBER
_JOIN = fw.JOIN
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
        stated = fw.stated_amount(_FUNDS.search(s.text))
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


FORMS = {
    "P02": _forms_rule(_p02), "P03": _forms_rule(_p03), "P04": _forms_rule(_p04), "P05": _forms_rule(_p05),
    "P07": _forms_rule(_p07), "P07b": _forms_rule(_p07b), "P08": _forms_rule(_p08),
    "C12": c12, "P09": p09, "P09b": _p09_grade("优"), "P09c": _p09_grade("良"), "P09d": _p09_grade("中"),
    "P09e": _p09_grade("差"),
}
