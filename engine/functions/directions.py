"""Direction words against the numbers they describe (issue 18, class 4), in 情况说明:
- a change stated twice in one clause must point one way: "增加 12.00 万元，下降 3.00%" contradicts itself, and so
  does "项目支出增加，较上年度减少 12.00 万元";
- 决算数大于/小于/等于（持平）预算数 against the 预算 and 决算 amounts stated just before it (same or previous
  sentence; 元 and 万元 compared in one unit), and against the 完成预算% stated there (above 100 is 大于).
Equal printed amounts are not judged (rounding may hide a small difference either way); a sentence without both
amounts is not judged. Each conflict is listed with its words and line (方向词不符)."""
from __future__ import annotations

import re
from decimal import Decimal

from engine.functions.stated import anchors_of
from engine.functions.text import Anchored, line_anchors, plain_digits, source_at
from engine.model import Disclosure, Section
from engine.functions.registry import Function
from engine.language.runtime import Ctx, Item
from engine.functions.items import listed
from engine.said import say

_UP, _DOWN = ("增加", "增长", "上升", "提高"), ("减少", "下降", "降低")
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
# 增加12.00万元，增长3.00% (the two words of one change, next to each other; the rate's % may be left out before
# punctuation: 增长13.95。 is still the rate)
_PAIR = re.compile(rf"(增加|减少|增长|下降|上升|提高|降低){_NUMBER}万元[，,、]?(增加|减少|增长|下降|上升|提高|降低){_NUMBER}"
                   r"(?:%|(?=[。，,；;]))")
# 项目支出增加，较上年度增加12.00万元 (a change named, then restated with its amount: one direction)
_RESTATED = re.compile(rf"(增加|减少|增长|下降|上升|提高|降低)[，,]\s*(?:较|比|与)(?:上一?年?度?|去年)(?:决算数?)?(?:相比)?[，,]?"
                       rf"(增加|减少|增长|下降|上升|提高|降低)(?:了)?{_NUMBER}")
_VERDICT = re.compile(r"决算数?(?:(大于|高于|超过|多于)|(小于|低于|少于)|(等于|持平))(?:年初|全年)?预算数?"
                      r"|决算数?(?:与|同)(?:年初|全年)?预算数?(持平|相同|一致)")
_BUDGET = re.compile(rf"(?:年初|全年)?预算(?:数|安排)?(?:为|是)?{_NUMBER}(万元|元)")
_FINAL = re.compile(rf"决算(?:数)?(?:为|是)?{_NUMBER}(万元|元)")
_TEN_THOUSAND = Decimal(10000)
_DONE = re.compile(rf"完成(?:年初|全年)?预算(?:数)?的{_NUMBER}%")
_SENTENCE = re.compile(r"[。；;]")


def _sign(word: str) -> int:
    return 1 if word in _UP else -1


def _value(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _wan(m: re.Match[str]) -> Decimal:
    """An amount in 万元, whichever unit it is printed in (预算187.75元 against 决算187.19万元 is a smaller budget)."""
    value = _value(m.group(1))
    return value if m.group(2) == "万元" else value / _TEN_THOUSAND


def _scan(flat: str) -> list[tuple[int, str, str, dict[str, str]]]:
    """(offset, words, message code and its parameters: what is wrong) for each conflict in a flattened text."""
    out = []
    for m in _PAIR.finditer(flat):
        if _sign(m.group(1)) != _sign(m.group(3)) and _value(m.group(2)) != 0 and _value(m.group(4)) != 0:
            out.append((m.start(), m.group(0), "I74", {"first": m.group(1), "then": m.group(3)}))
    for m in _RESTATED.finditer(flat):
        if _sign(m.group(1)) != _sign(m.group(2)) and _value(m.group(3)) != 0:
            out.append((m.start(), m.group(0), "I74", {"first": m.group(1), "then": m.group(2)}))
    for m in _VERDICT.finditer(flat):
        said = 1 if m.group(1) else -1 if m.group(2) else 0
        # the statement it sums up: this sentence and the one before it
        ends = [e.end() for e in _SENTENCE.finditer(flat, 0, m.start())]
        start = ends[-2] if len(ends) >= 2 else 0
        before = flat[start:m.start()]
        budgets, finals = list(_BUDGET.finditer(before)), list(_FINAL.finditer(before))
        done = list(_DONE.finditer(before))
        actual = None
        if budgets and finals:
            budget, final = _wan(budgets[-1]), _wan(finals[-1])
            if budget != final:
                actual = 1 if final > budget else -1
            elif said != 0:
                continue  # equal as printed: rounding may hide a small difference
            else:
                actual = 0
        elif done:
            rate = _value(done[-1].group(1))
            actual = 1 if rate > 100 else -1 if rate < 100 else None
        if actual is None or actual == said:
            continue
        code = {1: "I75", -1: "I76", 0: "I77"}[actual]  # the actual above, below or equal to the budget
        words = flat[start:m.end()]
        out.append((m.start(), words[-60:], code, {"said": m.group(0)}))
    return out


def _conflicts(doc: Disclosure, anchored: Anchored = line_anchors) -> tuple[Item, ...]:
    out: list[Item] = []

    def walk(sections: list[Section]) -> None:
        for section in sections:
            flat, anchors = anchored(section)
            for offset, words, code, params in _scan(flat):
                out.append(Item(say(code, words=plain_digits(words), **params), source_at(anchors, offset, section.source)))
    walk(doc.narrative.sections)
    return tuple(dict.fromkeys(out))


def direction_conflicts(ctx: Ctx) -> tuple[Item, ...]:
    """方向词不符(): each direction word that contradicts its numbers, with its words and line."""
    doc = ctx.doc
    return listed(ctx, "direction_conflicts", lambda: _conflicts(doc, anchors_of(ctx)))


FUNCTIONS = (
    Function("direction_conflicts", ("direction_conflicts", "方向词不符"), (), "items",
             "情况说明中与所写数值相反的方向词（增加…下降…、决算数大于/小于/等于预算数）",
             "direction words contradicting their numbers (增加 … 下降 …; 决算数大于/小于/等于预算数)",
             direction_conflicts, contextual=True, reads=("情况说明",), example="方向词不符()"),
)
