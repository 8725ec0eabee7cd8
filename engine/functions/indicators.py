"""Printed 绩效指标 values (≥5次, 约95%, 0%, 有效提升) and whether a 全年完成值 meets its 年度指标值.

Semantics (conservative: a pair that cannot be decided is never a finding):
- a value is a comparator (≥ ≤ > < = 约, also 不低于/不少于/不超过/以上/以下/左右), a Decimal and a unit;
  anything else is qualitative text;
- units must match after normalisation (平米 = 平方米, 名 = 人 = 人次, 场 = 次 = 场次, a trailing /年 is dropped
  because the forms are annual); a bare 0 matches any unit;
- target ≥ t / > t: met when actual ≥ t / > t; ≤ / <: lower is better; = t: equal;
  a plain t: at least t, except 0 (发生率-type: lower is better) and money, per-unit costs and durations
  (元, 元/人, 天…: direction unknown, decided only when equal);
- 约 on either side: approximately, so not decidable; an actual that is itself a bound (≥10次) is decidable only
  when it already satisfies the target;
- the indicator's name may say lower is better (发生率, 差错率, 投诉率, 成本, 费用, 时长…): a plain target is then
  an upper bound;
- a blank actual, or a negative word (未完成, 不合格 …), against a printed target is unmet; against a qualitative
  target any other non-empty actual is met.
"""
from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Callable

from engine.functions import reasons
from engine.functions.registry import Function
from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.compiler.calls import argument
from engine.language.numbers import Amount
from engine.language.printer import to_text
from engine.language.runtime import FALSE, TRUE, CellRef, Ctx, Truth
from engine.language.types import TEXT, CompiledNode

_OPS = (("大于等于", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("小于等于", "<="),
        ("不高于", "<="), ("不超过", "<="), ("不多于", "<="), ("不大于", "<="), (">=", ">="), ("≥", ">="),
        ("≧", ">="), ("<=", "<="), ("≤", "<="), ("≦", "<="), ("大于", ">"), ("高于", ">"), ("超过", ">"),
        (">", ">"), ("小于", "<"), ("低于", "<"), ("<", "<"), ("等于", "="), ("=", "="), ("约", "~"),
        ("大约", "~"), ("近", "~"))
_SUFFIX_OPS = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("左右", "~"))
_VALUE = re.compile(r"^(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>[^\d,，。；;:：、()（）]{0,6})$")
_UNIT_ALIASES = {"平米": "平方米", "㎡": "平方米", "名": "人", "人次": "人", "场": "次", "场次": "次", "期": "次"}
_MONEY = ("元", "万元")
# Indicator names where less is better: a plain target under such a name is a ceiling.
LOWER_IS_BETTER = ("发生率", "差错率", "错误率", "出错率", "投诉率", "失误率", "事故", "故障率", "误差", "超支", "空置率",
                   "流失率", "不合格率", "返工率", "成本", "费用", "耗时", "时长", "用时", "周期", "延误", "逾期")
# Durations: shorter may be better or worse, so a plain duration target is decided only when equal.
_DURATIONS = ("天", "日", "小时", "分钟", "个月", "月", "年", "周", "工作日")
# Words of a deadline or date (12月底前, 1个月内, 2024年年底): such values are text, not quantities.
_DEADLINE = re.compile(r"[前后内底之起止旬]|^[年月日号]")
NEGATIVE = frozenset({"未完成", "未达到", "未达标", "未实现", "未开展", "未按时完成", "不合格", "不达标", "不及时",
                      "否", "无", "差", "较差", "没有完成", "未执行"})


@dataclass(frozen=True, slots=True)
class Printed:
    """A parsed value: `op` is >=, <=, >, <, = or ~ (约); `unit` normalised ("" when none)."""

    op: str
    value: Decimal
    unit: str


@lru_cache(maxsize=4096)
def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def unit_key(unit: str) -> str:
    unit = unit[:-2] if unit.endswith("/年") else unit
    return _UNIT_ALIASES.get(unit, unit)


@lru_cache(maxsize=4096)
def parse(text: str) -> Printed | None:
    """`≥5次` -> Printed(>=, 5, 次); `约95%` -> (~, 95, %); qualitative text or several numbers -> None."""
    flat = _flat(text)
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
    if m is None or _DEADLINE.search(m.group("unit").split("/")[0]):
        return None
    return Printed(op, Decimal(m.group("num").replace(",", "")), unit_key(m.group("unit")))


def _same_unit(a: Printed, b: Printed) -> bool:
    return a.unit == b.unit or (a.value == 0 and a.unit == "") or (b.value == 0 and b.unit == "")


_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}


def _satisfies(value: Decimal, op: str, bound: Decimal) -> bool:
    return _COMPARE[op](value, bound)


def _plain_direction(target: Printed, name: str) -> str | None:
    """What a target printed without a comparator asks for: at least it, at most it (0, or a name where less is
    better), or unknown (money, per-unit costs, durations)."""
    if target.value == 0 or any(word in name for word in LOWER_IS_BETTER):
        return "<="
    if "/" in target.unit or target.unit.endswith(_MONEY) or target.unit in _DURATIONS:
        return None
    return ">="


def meets(actual: str, target: str, name: str = "") -> bool | None:
    """True: the actual meets the target; False: clearly does not; None: not decidable (never a finding)."""
    actual_flat, target_flat = _flat(actual), _flat(target)
    if not target_flat:
        return None
    if actual_flat == target_flat:
        return True
    if not actual_flat or actual_flat in NEGATIVE:
        return False
    t, a = parse(target_flat), parse(actual_flat)
    if t is None:  # qualitative target
        return True
    if a is None or not _same_unit(a, t) or "~" in (a.op, t.op):
        return None
    op = t.op if t.op != "=" else _plain_direction(t, _flat(name))
    if a.op != "=":  # the actual is itself a bound: decidable only when the bound already meets the target
        return True if op is not None and a.op in (op, op[0]) and _satisfies(a.value, op, t.value) else None
    if op is None:
        return True if a.value == t.value else None
    return _satisfies(a.value, op, t.value)


def unmet(actual: str, target: str, name: str = "") -> bool:
    return meets(actual, target, name) is False


def contradicts(stated: str, actual: str) -> bool:
    """A figure stated in words (8场) clearly disagrees with the printed actual (≥10次/年): both numbers in
    compatible units; a bound actual must be satisfied, a plain one equalled. Anything else: False."""
    s, a = parse(stated), parse(actual)
    if s is None or a is None or s.op != "=" or a.op == "~":
        return False
    if not _same_unit(s, a) and not any(unit_key(s.unit[:k]) == a.unit for k in range(1, len(s.unit))):
        return False  # the words after the figure may run on (500人参加): a unit prefix is enough
    return not _satisfies(s.value, a.op, a.value)


_FILLER = "(?:量|数|数量)?(?:为|达|达到|共|共计|累计|合计|总计)?"
_NUMBER_UNIT = r"(?P<figure>(?:约|近|超过)?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?:约|近|超过)?\d+(?:\.\d+)?)(?P<unit>%|[^\W\d_]{1,3})?"


GAP_MAX_NAME = 40  # a gap is looked for only in a name up to this long (an indicator name is a short phrase):
# each gap position is its own pattern, so a long name would cost names × text (issue 15 #5)


@lru_cache(maxsize=2048)
def _name_pattern(name: str, gap: int = 0) -> re.Pattern[str]:
    """The name as printed (gap 0), or with a gap of 1–2 Chinese characters before position `gap` (培训[总]人数)."""
    body = re.escape(name) if not gap else re.escape(name[:gap]) + "[\u4e00-\u9fff]{1,2}?" + re.escape(name[gap:])
    return re.compile(body + _FILLER + _NUMBER_UNIT)


def stated_figure(text: str, name: str) -> str:
    """The figure the text states for an indicator name (`开展业务培训场次8场` -> `8场`), "" when none."""
    m = _find(text, name)
    return m.group("figure") + (m.group("unit") or "") if m else ""


def stated_words(text: str, name: str) -> str:
    """The words that state it (`培训总人数500人次`), for findings."""
    m = _find(text, name)
    return m.group(0) if m else ""


def _find(text: str, name: str) -> re.Match[str] | None:
    """Names shorter than 3 characters are too ambiguous to look for; the first mention counts."""
    flat, key = _flat(text), _flat(name)
    if len(key) < 3 or key[:2] not in flat or key[-2:] not in flat:  # a gap never splits the ends: skip early
        return None
    m = _name_pattern(key).search(flat)
    if m or len(key) > GAP_MAX_NAME:
        return m
    for gap in range(2, len(key) - 1):
        if key[:gap] in flat and key[gap:] in flat:  # a pattern is built only where both halves are printed
            m = _name_pattern(key, gap).search(flat)
            if m:
                return m
    return None


# --- the built-ins over these semantics ---------------------------------------------------------------------------

def _truth(flag: bool) -> Truth:
    return TRUE if flag else FALSE


def _stated_figure_call(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    """文中数值(结论, 指标名称): a finding quotes the words that state the figure."""
    text_fn, name_fn = (argument(compiler, node, "text", arg).fn for arg in node.args)
    where = to_text(node.args[0])

    def figure(ctx: Ctx) -> str:
        text, name = text_fn(ctx), name_fn(ctx)
        if ctx.refs is not None and (words := stated_words(text, name)):
            ctx.refs.append(CellRef(None, where, None, words, None, words, None))
        return stated_figure(text, name)
    return CompiledNode(figure, TEXT, compiler.text(node))


FUNCTIONS = (
    Function("unmet", ("unmet", "未达标"), ("text", "text", "text"), "bool",
             "能明确判断完成值差于指标值时成立（判断不了的不报）",
             "holds when the actual value is clearly worse than the target (undecidable pairs never are)",
             lambda actual, target, name="": _truth(unmet(actual, target, name)), optional=1,
             reads=(), example="未达标(\"95%\", \"≥98%\")"),
    Function("contradicts", ("contradicts", "数值不符"), ("text", "text"), "bool",
             "结论所写的数与完成值单位相容且不一致时成立", "holds when the stated figure and the actual value have "
             "compatible units and disagree", lambda stated, actual: _truth(contradicts(stated, actual)),
             reads=(), example="数值不符(文中数值(\"全年培训120人\", \"培训\"), \"100人\")"),
    Function("stated_figure", ("stated_figure", "文中数值"), ("text", "text"), "text",
             "文字中指标名称之后所写的数（可容 1～2 字的间隔）", "the figure a text states after the indicator's name",
             hook=_stated_figure_call,
             reads=(), example="文中数值(\"全年培训120人\", \"培训\")"),
    Function("reason_direction", ("reason_direction", "原因方向"), ("text",), "num",
             "原因文字的增减方向：增 1、减 -1，有增有减、否定或没有方向词 0",
             "the direction of a stated reason: 1 up, -1 down, 0 mixed, negated or none",
             lambda reason: Amount.exact(reasons.direction(reason)),
             reads=(), example="原因方向(\"主要是人员增加\")"),
)
