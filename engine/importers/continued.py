"""A table continued on the next page: its 续表 heading and its header printed again are no rows of it.

Real disclosures break a long table over pages and head the next page 「续表」 (or 「续表2」), or with the title and
「（续）」, and print the header rows again or not. The lines are one table (recognise.split_blocks keeps them in one
block); here the headings and the repeated header lines are dropped, so the rows read on as one table."""
from __future__ import annotations

import re
from typing import Callable

from engine.importers.amounts import PRINTED_AMOUNT
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


def _row(line: SourceLine) -> bool:
    """A line of the table's body: an amount with decimals, a code first, or 合计/总计."""
    values = line.values
    return bool(values) and (_CODE.match(values[0]) is not None or normalise(values[0]) in ("合计", "总计")
                             or any("." in v and PRINTED_AMOUNT.match(v) for v in values))


def without_repeats(lines: list[SourceLine], names_table: Callable[[str], bool],
                    preamble: list[SourceLine] = (), sections: tuple[str, ...] = ()) -> tuple[list[SourceLine], int]:
    """The lines without 续表 headings (and the table's title with （续）: `names_table` says whether a title is this
    table's) and without the header lines (or the `preamble`'s: 编制单位… 单位：万元) printed again after the rows
    began; how many lines were dropped. A line naming one of `sections` (支出 of a table whose sides are printed one
    above the other) starts a part with a header of its own: the lines after it are header again until rows begin."""
    header = {tuple(normalise(v) for v in line.values) for line in preamble if not line.blank}
    started = False
    out: list[SourceLine] = []
    for line in lines:
        values = tuple(normalise(v) for v in line.values)
        if line.single and (mark(line.text) or names_table(continued_title(line.text) or "")):
            continue
        if line.single and values[0] in sections:
            started = False
        if not started:
            if _row(line):
                started = True
            elif values:
                header.add(values)
        elif values in header and len(values) >= 2:  # a header row again; one word alone may be a wrapped label's
            continue
        out.append(line)
    return out, len(lines) - len(out)
