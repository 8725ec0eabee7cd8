"""A finding's filled-in parts in English: where a cell stands, a blank, list separators (document text kept as printed).

The message templates are data (a rule's 英文提示, engine/messages.py F01–F11); what they are filled with is built in
Chinese by engine/checking/check.py, and this turns the engine's own words in it into English. Text quoted from the
document (inside 「」, 《》, “”) is never touched.
"""
from __future__ import annotations

import re

from engine.said import shown

_PAGE_LINE = re.compile(r"（第(\d+)页第(\d+)行）")
_PAGE = re.compile(r"（第(\d+)页）")
_LINE = re.compile(r"（第([\d、…]+)行）")
_BARE_LINE = re.compile(r"第(\d+)行")
# a list separator only between quoted items or located ones: never inside a quoted label
_LIST_SEP = re.compile(r"(?<=[）」》])、(?=[「《公]|\s|$)")
_QUOTED = re.compile(r"「[^」]*」|《[^》]*》|“[^”]*”")


def _lines(found: re.Match) -> str:
    numbers = found.group(1).replace("、", ", ")
    return f" (lines {numbers})" if "," in numbers or "…" in numbers else f" (line {numbers})"


def _outside_quotes(text: str, change) -> str:
    """Applies `change` to the engine's words only: quoted document text is kept as printed."""
    out, last = [], 0
    for quoted in _QUOTED.finditer(text):
        out.append(change(text[last:quoted.start()]))
        out.append(quoted.group(0))
        last = quoted.end()
    out.append(change(text[last:]))
    return "".join(out)


def _words(text: str) -> str:
    text = _PAGE_LINE.sub(lambda m: f" (page {m.group(1)}, line {m.group(2)})", text)
    text = _PAGE.sub(lambda m: f" (page {m.group(1)})", text)
    text = _LINE.sub(_lines, text)
    text = text.replace("（未知位置）", " (place unknown)").replace("（空）", "(blank)").replace("；", "; ").replace("＝", "=")
    return _BARE_LINE.sub(lambda m: f"line {m.group(1)}", text)


_WAN = "(10k yuan)"
_COMPARED = {"大于": "above", "小于": "below", "等于": "equal to"}
# What the structure and narrative functions (engine/functions) say about an entry they list, after the document's
# words: their phrasings, in English. Kept next to each other so a new phrasing is added in both languages here.
_PHRASES = (
    (re.compile(r"：(\S+?)，封面与其他标题为 (\S+)"), r": \1, where the cover and the other headings have \2"),
    (re.compile(r"：「([^」]*)」所属款级科目是 (.+?)，不是「([^」]*)」"), r": 「\1」 belongs to section 「\2」, not 「\3」"),
    (re.compile(r"：「([^」]*)」所属类级科目是「([^」]*)」，不是「([^」]*)」"), r": 「\1」 belongs to class 「\2」, not 「\3」"),
    (re.compile(r"：各表没有名为「([^」]*)」的项级科目"), r": no table has an item named 「\1」"),
    (re.compile(r"：其中一项 ([\d.,-]+) 万元大于所属的「([^」]*)」([\d.,-]+) 万元"),
     rf": a part of \1 {_WAN} exceeds its whole 「\2」, \3 {_WAN}"),
    (re.compile(r"：其中各项之和 ([\d.,-]+) 万元大于所属的「([^」]*)」([\d.,-]+) 万元"),
     rf": the parts add to \1 {_WAN}, more than their whole 「\2」, \3 {_WAN}"),
    (re.compile(r"：([\d.,-]+) 元，但文中百分比按万元计算"), r": \1 yuan, but the percentages in the text are computed in 10k yuan"),
    (re.compile(r"：([\d.,-]+) 元，而 ([\d.,-]+) 是以万元印出的金额"), r": \1 yuan, while \2 is an amount printed in 10k yuan"),
    (re.compile(r"所写完成率 ([\d.]+)% 与所列决算÷预算 ([\d.]+)% 不符（印出金额允许 ([\d.]+)%～([\d.]+)%）"),
     r"the stated completion rate \1% does not match actual ÷ budget = \2% (the printed amounts allow \3%–\4%)"),
    (re.compile(r"预算([\d.,]+)(万元|元)、决算([\d.,]+)(万元|元)、完成([\d.]+)%"),
     lambda m: f"budget {m[1]} {_unit(m[2])}, actual {m[3]} {_unit(m[4])}, completed {m[5]}%"),
    (re.compile(r"增加额 ([\d.,]+) 万元即本年全部金额（上年为 0），不应报告增长 ([\d.]+)%，应写“新增”"),
     rf"the increase of \1 {_WAN} is this year's whole amount (the previous year was 0): no growth of \2% should be "
     r"stated; write “新增” (new)"),
    (re.compile(r"同一变化前说“([^”]*)”后说“([^”]*)”"), r"the same change is first called “\1”, then “\2”"),
    (re.compile(r"所写“([^”]*)”与所列金额（决算数(大于|小于|等于)预算数）不符"),
     lambda m: f"“{m[1]}” does not match the amounts given (the actual is {_COMPARED[m[2]]} the budget)"),
    (re.compile(r"（正文(\d+)）"), r" (body line \1)"),
    (re.compile(r" 重复(?=」|$)"), " repeated"),
    (re.compile(r"(公开\d\d) 缺少「([^」]*)」（收入）"), r"\1 lacks 「\2」 (income side)"),
    (re.compile(r"(公开\d\d) 缺少「([^」]*)」（支出）"), r"\1 lacks 「\2」 (expenditure side)"),
    (re.compile(r"(公开\d\d) 缺少「"), r"\1 lacks 「"),
    (re.compile(r"」：科目表为「"), "」: the official list has 「"),
)


def _unit(unit: str) -> str:
    return _WAN if unit == "万元" else "yuan"


def english_label(label: str) -> str:
    """One entry a function listed (engine/functions), its own words in English, the document's kept."""
    for pattern, replacement in _PHRASES:
        label = pattern.sub(replacement, label)
    return label


def english(text: str) -> str:
    """A filled-in part ({单元格}, {清单}, {左} …) with the engine's Chinese words put in English."""
    if not text:
        return text
    text = _LIST_SEP.sub(", ", english_label(text))
    return _outside_quotes(text, _words)


def listed_ids(ids: list[str], lang: str) -> str:
    """Rule ids listed in a message: 、 in Chinese, a comma in English."""
    return ("、" if lang == "zh" else ", ").join(ids)


def reading_reason(reason: str, lang: str) -> str:
    """An import's reason for not reading something fully, in the report's language (engine/said.py)."""
    return shown(reason, lang)
