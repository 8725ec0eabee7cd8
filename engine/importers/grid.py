"""Rows of cells from a structured source (Excel, HTML, Word) → SourceLines, the form text and PDF produce.

Each reader only turns its format into (cells, page) rows in reading order; numbering, watermark lines and the
missing-library message live here once."""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterable

from engine.importers.errors import DisclosureError
from engine.importers.lines import SourceLine
from engine.importers.text import WATERMARKS


@dataclass
class GridSource:
    """The lines of one workbook, page or document; `page` is the sheet (Excel) or the page break count (Word)."""

    lines: list[SourceLine]
    internal_only: bool = False
    notes: list[str] = field(default_factory=list)


def require(modules: tuple[str, ...], what: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        names = "、".join(missing)
        raise DisclosureError("office_support_missing", f"读取{what}需要安装 {names}：pip install 'rulebook[office]'",
                              f"reading {what} needs {', '.join(missing)}: pip install 'rulebook[office]'")


def build(rows: Iterable[tuple[list[str], int | None]], empty_what: str) -> GridSource:
    """Numbered SourceLines (1-based, in reading order); watermark lines dropped and remembered."""
    lines: list[SourceLine] = []
    internal = False
    for number, (cells, page) in enumerate(rows, start=1):
        cells = [" ".join(c.split()) if "\n" in c else c for c in cells]  # a cell wrapped inside its box
        while cells and not cells[-1].strip():
            cells.pop()
        if len(cells) == 1 and cells[0].strip() in WATERMARKS:
            internal = True
            continue
        lines.append(SourceLine(cells=cells or [""], line=number, page=page))
    if not any(not line.blank for line in lines):
        raise DisclosureError("empty", f"{empty_what}中没有文字，没有可导入的内容", f"the {empty_what} has no text")
    return GridSource(lines=lines, internal_only=internal)


def number_text(value: float | int | Decimal, places: int | None = None, grouped: bool = False) -> str:
    """A numeric cell as printed: with the cell's decimal places when its format says them (2014.40 stays 2014.40),
    with thousands separators when it groups them (2,014.44).

    Floats are read through their shortest repr, so 2014.44 is 2014.44 and never 2014.4399999…"""
    if isinstance(value, bool):
        return str(value)
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value)
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places))
    elif amount == amount.to_integral_value() and isinstance(value, float):
        amount = amount.quantize(Decimal(1))
    return format(amount, ",f" if grouped else "f")
