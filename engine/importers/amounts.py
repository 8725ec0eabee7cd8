"""Printed amounts → Cells: `2014. 44`, `2,014.44` → Decimal at printed precision; `——` → na; empty → blank."""
from __future__ import annotations

import re
from decimal import Decimal

from engine.model import NA_MARKS, Cell, Source, parse_number  # what an amount is: the model validates them too

# A printed amount in text, one pattern with its variants named (`52. 03`: a number cut by a text tool's space):
_INTEGER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)"
_DASH = r"^——?$|^-$|^－$"  # a cell printed as a dash (nothing to report)
PRINTED_AMOUNT = re.compile(rf"^{_INTEGER}(?:\.\s?\d+)?$|{_DASH}")  # a table cell: decimals optional, cut, dashes
WRAPPED_AMOUNT = re.compile(rf"^{_INTEGER}(?:\.\d+)?$|^[-—－]+$")  # beside a wrapped name: never cut, any dash run
FORM_AMOUNT = re.compile(r"^[+-]?\d[\d,]*(?:\.\s?\d+)?$")  # a 自评表 fund cell: digits with any commas, no dash
# A label with a number merged onto its end: `市财政570`, `实际执行金额 (万元) 43.76`.
_MERGED = re.compile(r"^(?P<label>.*?[^\d.,\s])\s*(?P<num>\d[\d,]*(?:\.\s*\d+)?)$")


# A negative amount as accounts print it besides `-1.00`: in brackets (（1.00）, (1.00)) or after a minus sign other
# than the ASCII one (－1.00 full-width, −1.00 U+2212). Nothing else: 1.00△, 1.00* stay text (the table says so).
_NEGATIVE = re.compile(r"^(?:[(（]\s*(?P<bracketed>[^()（）]+?)\s*[)）]|[－−]\s*(?P<minus>.+))$")


def signed(text: str) -> Decimal | None:
    """The negative Decimal an amount printed in brackets or after a non-ASCII minus means, else None."""
    match = _NEGATIVE.match(text.strip())
    inner = match and (match["bracketed"] or match["minus"])
    value = parse_number(inner) if inner and not inner.lstrip().startswith(("-", "+", "－", "−")) else None
    return -value if value is not None else None


def to_cell(text: str, source: Source) -> Cell:
    printed = (text or "").strip()
    if not printed:
        return Cell(kind="blank", source=source)
    if printed in NA_MARKS:
        return Cell(kind="na", text=printed, source=source)
    value = parse_number(printed)
    if value is None:
        value = signed(printed)
    if value is not None:
        return Cell(kind="number", value=value, text=printed, source=source)
    return Cell(kind="text", text=printed, source=source)


def split_merged(text: str) -> tuple[str, Decimal | None]:
    """`市财政570` → ("市财政", 570); a plain label → (label, None); a plain number → ("", number)."""
    printed = (text or "").strip()
    value = parse_number(printed)
    if value is not None:
        return "", value
    match = _MERGED.match(printed)
    if match:
        number = parse_number(match["num"])
        if number is not None:
            return match["label"].strip(), number
    return printed, None
