"""金额单位疑误: an amount the narrative prints in 元 where 万元 was meant (2336.91元 for 2336.91万元). Either its
digits are, exactly, an amount printed in 万元 (a table cell, or another narrative amount), or a percentage of its
sentence is the ratio of it to an amount in 万元 of the same or the previous sentence only when both are read in
万元 (“年初预算为187.75元，支出决算为180.00万元，完成年初预算的95.87%”; a share, a rise, a fall, either way round), or
it completes a 其中 breakdown only when read in 万元: the whole printed in 万元 just before 其中 equals the parts listed
after it, this one included (“基本支出5377.64万元。其中：人员经费4896.98元，……；公用经费480.66万元”).

An amount correctly converted (23369100元 for 2336.91万元) is not one, nor a threshold (单价100万元以上), nor 0. Tables
the importer converted from 元 are compared by their value in the document's unit, as every rule reads them."""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from engine.functions.registry import Function
from engine.functions.stated import anchors_of
from engine.functions.text import (_MONEY, _THRESHOLD_AFTER, _THRESHOLD_BEFORE, Anchored, line_anchors, plain_digits,
                                   source_at)
from engine.language.runtime import Ctx, Item
from engine.model import Disclosure
from engine.functions.items import listed
from engine.said import Said, say


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


_HUNDRED = Decimal(100)
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[%％]")


def half_unit(text: str) -> Decimal:
    """Half a unit of the last printed digit: what rounding may hide in a printed figure."""
    places = len(text.split(".", 1)[1]) if "." in text else 0
    return Decimal(5) / Decimal(10) ** (places + 1)


def ratio_intervals(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> Iterator[tuple[Decimal, Decimal]]:
    """The intervals (in %) a printed pair (value, half unit) allows for a share a/b, a rise on last year a/(b−a)
    and a fall a/(b+a): each printed amount stands for ±half a unit of its last digit."""
    (x, ex), (y, ey) = a, b
    if y - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey) * _HUNDRED, (x + ex) / (y - ey) * _HUNDRED
    if y - x - ex - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey - x + ex) * _HUNDRED, (x + ex) / (y - ey - x - ex) * _HUNDRED
    if x + y - ex - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey + x - ex) * _HUNDRED, (x + ex) / (y - ey + x + ex) * _HUNDRED


def _explained(amount: tuple[Decimal, Decimal], others: list[tuple[Decimal, Decimal]],
               percents: list[tuple[Decimal, Decimal]]) -> bool:
    """Whether a stated percentage is the ratio of `amount` to one of `others` (either way round), read alike."""
    for other in others:
        for lo, hi in (*ratio_intervals(amount, other), *ratio_intervals(other, amount)):
            if any(lo < p + h and hi >= p - h for p, h in percents if p != 0):
                return True
    return False


def _sentence(flat: str, start: int, end: int) -> tuple[int, int, int]:
    """(start of the previous sentence, start of this one, its end) around flat[start:end]."""
    this = flat.rfind("。", 0, start) + 1
    before = flat.rfind("。", 0, max(0, this - 1)) + 1
    after = flat.find("。", end)
    return before, this, len(flat) if after < 0 else after


_INNER = re.compile(r"其中|包括|包含|具体|明细")  # a breakdown of the part before it: its amounts are not parts of the whole


def _completes(flat: str, m: re.Match[str], value: Decimal) -> str | None:
    """The whole's words when `value`, read in 万元, makes the parts listed after the nearest 其中 before it (same
    sentence; for a 其中 nested in an outer list, up to the ； that closes it) add up to the 万元 amount printed just
    before that 其中 (same or previous sentence), within rounding,
    and read in 元 it does not. A part's own breakdown (“人员经费…，主要包括工资福利支出…”, up to the next ；) is
    not summed."""
    at = flat.rfind("其中", 0, m.start())
    if at < 0 or "。" in flat[at:m.start()]:  # flat is NFKC: ； is ; there, 。 stays
        return None
    before, this, _ = _sentence(flat, at, at)
    wholes = list(_MONEY.finditer(flat, before, at))
    if not wholes or wholes[-1][2] != "万元" or (whole := _number(wholes[-1][1])) is None:
        return None
    end = _sentence(flat, m.start(), m.end())[2]
    if _INNER.search(flat, this, at) and (semicolon := flat.find(";", at, end)) >= 0:
        end = semicolon  # a breakdown inside an outer list ends at the ; that closes it
    parts, mine, last = [], False, at + 2
    for x in _MONEY.finditer(flat, at, end):
        between = flat[last:x.start()]
        last = x.end()
        if _INNER.search(between[between.rfind(";") + 1:]) or _THRESHOLD_AFTER.match(flat, x.end()):
            continue  # a part of a part (or a threshold): not summed
        parts.append(x)
        mine = mine or x.start() == m.start()
    if not mine or len(parts) < 2:
        return None
    others = sum(((_number(x[1]) or Decimal(0)) / (1 if x[2] == "万元" else 10000)
                  for x in parts if x.start() != m.start()), Decimal(0))
    slack = sum((half_unit(x[1]) for x in parts), half_unit(wholes[-1][1]))
    if abs(others + value - whole) <= slack < abs(others + value / 10000 - whole):
        return plain_digits(flat[wholes[-1].start():wholes[-1].end()])
    return None


def _slips(doc: Disclosure, anchored: Anchored = line_anchors) -> tuple[Item, ...]:
    in_wan: set[Decimal] = set()  # the tables' 万元 amounts join it below, only when an amount in 元 is unexplained
    stated: list[tuple[Decimal, str, Any, Said | None]] = []
    for section in doc.narrative.sections:
        flat, anchors = anchored(section)
        for m in _MONEY.finditer(flat):
            value = _number(m[1])
            if value is None or value == 0 or _THRESHOLD_BEFORE.search(flat[max(0, m.start() - 6):m.start()]) \
                    or _THRESHOLD_AFTER.match(flat, m.end()):
                continue
            if m[2] == "万元":
                in_wan.add(value)
                continue
            words = plain_digits(flat[max(0, m.start() - 8):m.end() + 2])
            before, this, end = _sentence(flat, m.start(), m.end())
            wan = [(v, half_unit(x[1])) for x in _MONEY.finditer(flat[before:end])
                   if x[2] == "万元" and (v := _number(x[1])) is not None]
            percents = [(Decimal(x[1]), half_unit(x[1])) for x in _PERCENT.finditer(flat[this:end])]
            where = source_at(anchors, m.start(), section.source)
            if _explained((value, half_unit(m[1])), wan, percents):
                stated.append((value, words, where, say("I68", words=words, value=value)))
            elif (completed := _completes(flat, m, value)) is not None:
                stated.append((value, words, where, say("R40", words=words, value=value, whole=completed)))
            else:
                stated.append((value, words, where, None))
    if any(why is None for *_, why in stated):
        in_wan.update(c.value for t in doc.tables.values() if t.unit in ("万元", None, "") for r in t.rows
                      for c in r.cells.values() if c.kind == "number" and c.value is not None and c.value != 0)
    out = [Item(why or say("I69", words=words, value=value), where)
           for value, words, where, why in stated if why is not None or value in in_wan]
    return tuple(dict.fromkeys(out))


def unit_slips(ctx: Ctx) -> tuple[Item, ...]:
    doc = ctx.doc
    return listed(ctx, "unit_slips", lambda: _slips(doc, anchors_of(ctx)))


FUNCTIONS = (
    Function("unit_slips", ("unit_slips", "金额单位疑误"), (), "items",
             "情况说明中以“元”印出、数字却与某个以万元印出的金额完全相同的金额（把万元写成了元）",
             "narrative amounts printed in 元 whose digits are an amount printed in 万元 (元 written for 万元)",
             unit_slips, contextual=True, reads=("情况说明", "公开表"), example="金额单位疑误()"),
)
