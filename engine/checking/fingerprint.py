"""A finding's stable fingerprint: the same problem keeps its id across re-checks, so a review (accepted, explained,
false positive) stays attached to it.

It is built from what the finding is *about*, never from what was found there:
- the rule id;
- each cell it rests on: table, row (科目编码, or the row's label), column; for text, the narrative subject
  (section) and the measure quoted (the quoted words with their numbers taken out);
- the element it names (a row, a project, an indicator), with amounts and percentages taken out.
Values, differences, messages, line and page numbers are left out: a reformatted or re-paginated file, or a
correction elsewhere in the document, keeps every other finding's fingerprint.
"""
from __future__ import annotations

import hashlib
import json
import re

from engine.labels import normalise

_FIGURES = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?\s*[%％]|[-+]?\d[\d,，]*\.\d+")  # 6.2, 1,661.81, 61.08%
_DIGITS = re.compile(r"\d[\d,，.]*")


def _subject(element: str | None) -> str:
    """`201 一般公共服务支出` keeps its code; `二、收入决算情况说明 / 6.2` loses the figure."""
    if not element:
        return ""
    parts = [normalise(_FIGURES.sub("", part)) for part in element.split(" / ")]
    return " / ".join(p for p in parts if p)


def _place(ref) -> tuple:
    """A cell by table/row/column; words in the text by section and the measure they quote (no numbers)."""
    table, row, column, label = (getattr(ref, k, None) for k in ("table", "row", "column", "label"))
    if table:
        return ("cell", table, normalise(row or label or ""), normalise(column or ""))
    return ("text", normalise(row or ""), normalise(_DIGITS.sub("", label or "")))


def fingerprint(rule: str, element: str | None, refs) -> str:
    """16 hex digits (64 bits) of SHA-256 over the rule id, the element's identity and the places of the refs."""
    places = sorted({_place(ref) for ref in refs or ()})
    key = json.dumps([rule, _subject(element), places], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
