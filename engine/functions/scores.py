"""分数: the number a 自评表 cell prints as a score or a 分值 (the national template's rows print both: `20`, `9.5`,
`20分`), at its printed precision; blank when the cell prints no such number (empty, `—`, words)."""
from __future__ import annotations

import re
from decimal import Decimal

from engine.functions.registry import Function
from engine.language.numbers import Amount
from engine.language.runtime import EvalError

_SCORE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分?\s*$")
_BLANK = Amount(Decimal(0), Decimal(0), "blank")


def score_number(text: str) -> Amount:
    match = _SCORE.match(text or "")
    return Amount.printed(Decimal(match[1])) if match else _BLANK


def printed_score(text: str, row: str = "") -> Amount:
    """A score the template prints on every row (the national 分值 and 得分): a cell printing none ("—", empty, not read)
    leaves what needs it not checkable (E413, naming the row), never a 0 that makes a sum fall short."""
    amount = score_number(text)
    if amount.kind == "blank":
        raise EvalError("E413", row=row, text=(text or "").strip())
    return amount


FUNCTIONS = (
    Function("score_number", ("score_number", "分数"), ("text",), "num",
             "自评表单元格印出的得分或分值（如 i.得分、i.分值），按印出的精度；没有印出数时为空",
             "the score or points a self-evaluation form's cell prints (i.得分, i.分值), at its printed precision; "
             "blank when it prints none", score_number,
             reads=(), example="分数(\"9.5\")"),
    Function("printed_score", ("printed_score", "印出分数"), ("text", "text"), "num",
             "自评表每行都应印出的分数（全国模板各指标行的分值、得分）；该格没有印出数（“—”、空白、未读到）时不可核，"
             "点名该行（第二个参数：行名），不当作 0",
             "a score the form prints on every row (the national template's 分值 and 得分 of each indicator); a cell "
             "printing none (\"—\", blank, not read) makes it not checkable, naming the row (second argument), "
             "never 0", printed_score, optional=1, reads=(), example="印出分数(\"20\", \"服务人次\")"),
)
