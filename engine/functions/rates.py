"""完成率不符: a 完成(年初|全年)预算的P% that the 预算 and 决算 amounts stated with it (same or previous sentence) do
not allow, read at the percentage's printed precision (issue 18, class 2). 零基数增减率: a rise stated as a
percentage where the rise is the whole of this year's amount (last year was 0): the template writes 新增, a rate on a
zero base has no value (issue 18, class 8).

P printed with k decimals stands for [P − ½·10⁻ᵏ, P + ½·10⁻ᵏ); the amounts allow the exact interval
[(决算 − e)/(预算 + e), (决算 + e)/(预算 − e)] × 100, each amount ±half a unit of its last printed digit. Only when the two
intervals do not meet is the percentage wrong: rounding alone never makes a finding here (a computed value is never
rounded first, so a tolerance is never added twice). Amounts in 元 are read in 万元."""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from engine.functions.directions import _BUDGET, _DONE, _FINAL, _SENTENCE, _wan
from engine.functions.registry import Function
from engine.functions.stated import anchors_of
from engine.functions.text import Anchored, line_anchors, plain_digits, source_at
from engine.functions.units import half_unit
from engine.language.runtime import Ctx, Item
from engine.model import Disclosure
from engine.functions.items import listed
from engine.said import Said, say, unit

_HUNDRED = Decimal(100)
_TEN_THOUSAND = Decimal(10000)


def completion_interval(budget: Decimal, budget_half: Decimal, final: Decimal, final_half: Decimal
                        ) -> tuple[Decimal, Decimal] | None:
    """The exact interval (in %) of 决算 ÷ 预算 the printed amounts allow; None when the 预算 may be 0."""
    if budget - budget_half <= 0:
        return None
    return (max(final - final_half, Decimal(0)) / (budget + budget_half) * _HUNDRED,
            (final + final_half) / (budget - budget_half) * _HUNDRED)


def _half(m_text: str, unit: str) -> Decimal:
    half = half_unit(m_text)
    return half if unit == "万元" else half / _TEN_THOUSAND


def _scan(flat: str) -> list[tuple[int, Said]]:
    out = []
    for m in _DONE.finditer(flat):
        ends = [e.end() for e in _SENTENCE.finditer(flat, 0, m.start())]
        start = ends[-2] if len(ends) >= 2 else 0
        before = flat[start:m.start()]
        budgets, finals = list(_BUDGET.finditer(before)), list(_FINAL.finditer(before))
        if not budgets or not finals:
            continue
        b, f = budgets[-1], finals[-1]
        if b.start() <= f.start() < b.end():  # 年初预算决算: one figure, not two
            continue
        allowed = completion_interval(_wan(b), _half(b.group(1), b.group(2)), _wan(f), _half(f.group(1), f.group(2)))
        if allowed is None:
            continue
        stated, h = Decimal(m.group(1).replace(",", "")), half_unit(m.group(1))
        lo, hi = allowed
        if hi < stated - h or lo >= stated + h:
            computed = _wan(f) / _wan(b) * _HUNDRED
            # named by its figures, not its words: another phrasing of the same sentence is the same finding
            stated_as = say("I70", budget=plain_digits(b.group(1)), budget_unit=unit(b.group(2)),
                            final=plain_digits(f.group(1)), final_unit=unit(f.group(2)), rate=m.group(1))
            out.append((m.start(), say("I71", words=stated_as, stated=m.group(1), computed=f"{computed:.4f}",
                                       lo=f"{lo:.4f}", hi=f"{hi:.4f}")))
    return out


# 2,014.44万元，比上年增加2,014.44万元，增长100.00%: this year's amount, its rise, the rate of the rise
_RISE = re.compile(r"(\d[\d,]*(?:\.\d+)?)万元[^。；;%]{0,40}?(?:增加|增长|上升|提高)(?:了)?(\d[\d,]*(?:\.\d+)?)万元"
                   r"[，,、]?(?:增长|上升|提高|增加)(?:了)?(\d[\d,]*(?:\.\d+)?)%")


def _zero_bases(flat: str) -> list[tuple[int, Said]]:
    out = []
    for m in _RISE.finditer(flat):
        now, rise = Decimal(m.group(1).replace(",", "")), Decimal(m.group(2).replace(",", ""))
        if now != 0 and abs(now - rise) <= half_unit(m.group(1)) + half_unit(m.group(2)):
            stated_as = say("I72", amount=plain_digits(m.group(1)), increase=plain_digits(m.group(2)), rate=m.group(3))
            out.append((m.start(), say("I73", words=stated_as, increase=m.group(2), rate=m.group(3))))
    return out


def _listed(doc: Disclosure, scan: Callable[[str], list[tuple[int, Said]]],
            anchored: Anchored = line_anchors) -> tuple[Item, ...]:
    out: list[Item] = []
    for section in doc.narrative.sections:
        flat, anchors = anchored(section)
        for offset, said in scan(flat):
            out.append(Item(said, source_at(anchors, offset, section.source)))
    return tuple(dict.fromkeys(out))


def _conflicts(doc: Disclosure, anchored: Anchored = line_anchors) -> tuple[Item, ...]:
    return _listed(doc, _scan, anchored)


def completion_conflicts(ctx: Ctx) -> tuple[Item, ...]:
    """完成率不符(): each stated completion rate its own amounts do not allow, with its words and line."""
    doc = ctx.doc
    return listed(ctx, "completion_conflicts", lambda: _conflicts(doc, anchors_of(ctx)))


def zero_base_rates(ctx: Ctx) -> tuple[Item, ...]:
    """零基数增减率(): each rise stated as a percentage on a zero base, with its words and line."""
    doc = ctx.doc
    return listed(ctx, "zero_base_rates", lambda: _listed(doc, _zero_bases, anchors_of(ctx)))


FUNCTIONS = (
    Function("zero_base_rates", ("zero_base_rates", "零基数增减率"), (), "items",
             "情况说明中增加额等于本年金额（上年为 0）却报告了增长百分比的（应写“新增”）",
             "rises stated as a percentage where last year was 0 (the rise is the whole amount): 新增 is due",
             zero_base_rates, contextual=True, reads=("情况说明",), example="零基数增减率()"),

    Function("completion_conflicts", ("completion_conflicts", "完成率不符"), (), "items",
             "情况说明中“完成预算的P%”与同句（或上一句）所写预算、决算金额按印出精度不符的（区间不相交才算）",
             "stated completion rates the 预算 and 决算 amounts stated with them do not allow, at printed precision",
             completion_conflicts, contextual=True, reads=("情况说明",), example="完成率不符()"),
)
