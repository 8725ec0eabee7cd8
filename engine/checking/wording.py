"""A finding's filled-in parts in English: where a cell stands, a blank, list separators (document text kept as printed).

The message templates are data (a rule's 英文提示, engine/messages.py F01–F11); what importers and functions say is a
message code too (engine/said.py). Left here is only the generic rewriting of the places and punctuation that
engine/checking/check.py puts around them. Text quoted from the document (inside 「」, 《》, “”) is never touched.
"""
from __future__ import annotations

import re

from engine.said import reason_shown

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


def english(text: str) -> str:
    """A filled-in part ({单元格}, {清单}, {左} …) with the engine's Chinese words put in English."""
    if not text:
        return text
    text = _LIST_SEP.sub(", ", text)
    return _outside_quotes(text, _words)


def listed_ids(ids: list[str], lang: str) -> str:
    """Rule ids listed in a message: 、 in Chinese, a comma in English."""
    return ("、" if lang == "zh" else ", ").join(ids)


def reading_reason(reason: str, lang: str) -> str:
    """An import's reason for not reading something fully, in the report's language (engine/said.py)."""
    return reason_shown(reason, lang)
