"""A table continued on the next page: its 续表 heading and its header printed again are no rows of it.

Real disclosures break a long table over pages and head the next page 「续表」 (or 「续表2」), or with the title and
「（续）」, and print the header rows again or not. The lines are one table (recognise.split_blocks keeps them in one
block); here the headings and the repeated header lines are dropped, so the rows read on as one table."""
from __future__ import annotations

import re
from typing import Callable

from engine.importers.amounts import PRINTED_AMOUNT, signed
from engine.importers.lines import SourceLine
from engine.labels import normalise

_MARK = re.compile(r"^(?:续表\s*\d*|[（(]\s*续\s*(?:表)?\s*[）)])$")
_SUFFIX = re.compile(r"\s*(?:[（(]\s*续\s*(?:表)?\s*[）)]|续表\s*\d*)$")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def mark(text: str) -> bool:
    """A line that only says the table goes on: 续表, 续表2, （续）."""
    return bool(_MARK.match(text.strip()))


def continued_title(text: str) -> str | None:
    """The title a 「…（续）」/「…续表」 line continues (without the mark), or None."""
    stripped = _SUFFIX.sub("", text.strip())
    return stripped if stripped != text.strip() and stripped else None


def _numbering(values: tuple[str, ...]) -> bool:
    """The 栏次 row: 栏次 first, or only column numbers counting up by one (1 2 3, 7 8 9)."""
    if values and values[0] == "栏次":
        return True
    return len(values) >= 3 and all(v.isdigit() and len(v) <= 2 for v in values) and all(
        int(b) == int(a) + 1 for a, b in zip(values, values[1:]))


def _amounts(values: tuple[str, ...]) -> bool:
    """Some cell may be an amount (or a 行次, or a dash for none): 0, 12, 1,234.50, （1.00）, —."""
    return any(PRINTED_AMOUNT.match(v) or signed(v) is not None for v in values)


def _row(values: tuple[str, ...]) -> bool:
    """A line of the table's body: a code first, 合计/总计, or any amount outside the 栏次 row (an amount without
    decimals too: a row printing 0 or 12 before the first with decimals is a row, not header)."""
    return bool(values) and (_CODE.match(values[0]) is not None or values[0] in ("合计", "总计")
                             or (_amounts(values) and not _numbering(values)))


def without_repeats(lines: list[SourceLine], names_table: Callable[[str], bool],
                    preamble: list[SourceLine] = (), sections: tuple[str, ...] = ()
                    ) -> tuple[list[SourceLine], list[SourceLine]]:
    """The lines without 续表 headings (and the table's title with （续）: `names_table` says whether a title is this
    table's) and without the header lines (or the `preamble`'s: 编制单位… 单位：万元) printed again where the table goes
    on: after such a heading or a page break, before its rows begin again. Elsewhere a line like a header line is a
    row and stays. Also the lines dropped that could be rows (some cell may be an amount, outside a 栏次 row): the
    caller says the table is partly read, never silently. A line naming one of `sections` (支出 of a table whose sides
    are printed one above the other) starts a part with a header of its own: the lines after it are header again
    until rows begin."""
    header = {tuple(normalise(v) for v in line.values) for line in preamble if not line.blank}
    started = goes_on = False  # rows began; the table goes on here (a 续表 heading or a new page, no row since)
    page = None
    out: list[SourceLine] = []
    dropped: list[SourceLine] = []
    for line in lines:
        values = tuple(normalise(v) for v in line.values)
        if line.page is not None and page is not None and line.page != page:
            goes_on = True
        page = line.page if line.page is not None else page
        if line.single and (mark(line.text) or names_table(continued_title(line.text) or "")):
            goes_on = True
            continue
        if line.single and values[0] in sections:
            started = False
        if not started:
            if _row(values):
                started = True
            elif values:
                header.add(values)
        elif goes_on and values in header and len(values) >= 2:  # a header row again; one word alone may be a wrapped label's
            if _amounts(values) and not _numbering(values):
                dropped.append(line)
            continue
        elif goes_on and _row(values):
            goes_on = False
        out.append(line)
    return out, dropped
