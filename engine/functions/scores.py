"""分数: the number a 自评表 cell prints as a score or a 分值 (the national template's rows print both: `20`, `9.5`,
`20分`), at its printed precision; blank when the cell prints no such number (empty, `—`, words)."""
from __future__ import annotations

import re
from decimal import Decimal

from engine.functions.registry import Function
from engine.language.numbers import Amount

_SCORE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分?\s*$")
_BLANK = Amount(Decimal(0), Decimal(0), "blank")


def score_number(text: str) -> Amount:
    match = _SCORE.match(text or "")
    return Amount.printed(Decimal(match[1])) if match else _BLANK


FUNCTIONS = (
    Function("score_number", ("score_number", "分数"), ("text",), "num",
             "自评表单元格印出的得分或分值（如 i.得分、i.分值），按印出的精度；没有印出数时为空",
             "the score or points a self-evaluation form's cell prints (i.得分, i.分值), at its printed precision; "
             "blank when it prints none", score_number,
             reads=(), example="分数(\"9.5\")"),
)
