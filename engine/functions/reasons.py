"""Which way a stated reason points (增加… or 减少…), from a small documented lexicon (catalogue N17).

A reason decides a direction only when its words all point one way; mixed words, no words, or a negated word
(未增加, 不再减少) leave it undecided (0), so a rule using it stays silent.
"""
from __future__ import annotations

import re

from engine.functions.narrative import flatten

UP = ("增加", "增长", "增大", "增多", "提高", "上升", "新增", "增资", "扩大", "上涨", "提标", "补发", "调增", "追加")
DOWN = ("减少", "下降", "降低", "压减", "缩减", "减小", "节约", "取消", "下调", "核减", "减支", "调减", "削减", "精简")
_WORDS = re.compile("|".join(sorted(UP + DOWN, key=len, reverse=True)))
_NEGATION = ("未", "不", "没有", "无", "非")


def direction(reason: str) -> int:
    """+1 when every direction word says more, −1 when every one says less, 0 otherwise."""
    text = flatten(reason)
    signs = set()
    for m in _WORDS.finditer(text):
        if text[:m.start()].endswith(_NEGATION) or text[:m.start()].endswith(("不再", "未再")):
            return 0
        signs.add(1 if m.group(0) in UP else -1)
    return signs.pop() if len(signs) == 1 else 0
