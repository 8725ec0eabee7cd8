"""Rows of a two-sided table (收入 | 支出) that text with no columns prints over two lines → one line a row.

pdfplumber's `extract_text` writes each printed line of the page in turn, and a ruled row whose cells sit at
different heights comes out over two lines:
- a label wrapped in its cell (`二、政府性基金预算财政拨` … `款`), possibly with the other side's label printed in
  between: a fragment no row is named by joins the nearest label above that, together with it, names a row;
- the amounts printed below the labels (`八、其他收入 八、社会保障和就业支出` / `6.20 326.71`): an amounts-only line
  goes to the line above when that line's labels print no amounts: one amount a label in order when they are as many
  as the labels; else a side of one amount column (公开01's, 公开04's 收入) takes one and the last label the rest;
  amounts following a label's own (`本年支出合计 2,940.05` / `2,940.05`) stay after them.
What does not read so is left as printed (the table is then read, or reported not read, as before). Labels two sides
print glued (`十三、交通运输支出十四、资源勘探工业信息等`) are parted at the second one's numbering.
"""
from __future__ import annotations

import re

from engine.catalogue import TableSpec, load_catalogue
from engine.importers.lines import SourceLine

AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\s?\d+$|^——?$|^-$|^－$")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(])")
_GLUED = re.compile(r"(?<=[^\s、一二三四五六七八九十])(?=[一二三四五六七八九十]+、)")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_LOOK_BACK = 2  # lines: the other side's label may stand between a label and its wrapped end


def _known(spec: TableSpec, text: str) -> bool:
    return bool(spec.row_key(text) or any(spec.row_key(text, side) for side in spec.sides)
                or load_catalogue().class_code(text))


def words(line: SourceLine) -> list[str]:
    """A line's words as text with no columns prints them: an amount glued to the label after it parted, two
    sides' labels glued parted at the second's numbering; `1783. 79` stays one amount."""
    out = []
    for value in line.values:
        for word in re.split(r"(?<!\d\.)\s+", value.strip()):  # `1783. 79` is one amount, printed so
            glued = re.match(r"^([\d,]+\.\d+)(\D.*)$", word)  # `2,940.05使用非财政拨款结余`: an amount, a label
            out += [glued[1], glued[2]] if glued else [part for part in _GLUED.split(word) if part]
    return out


def rows_in_header(spec: TableSpec, header: list[SourceLine], body: list[SourceLine]) -> tuple[list, list]:
    """Lines after the line of items (项目 … 项目 …) that name rows, taken for header because their amounts are
    printed on the next line: they are the body's first rows."""
    at = next((i for i, h in enumerate(header) if h.cells.count("项目") == len(spec.sides)), None)
    if at is None:
        return header, body
    first = next((i for i in range(at + 1, len(header)) if any(_known(spec, w) for w in words(header[i]))), None)
    if first is None:
        return header, body
    return header[:first], header[first:] + body


def join_split_rows(spec: TableSpec, body: list[SourceLine]) -> list[SourceLine]:
    """The body with labels wrapped onto a line of their own joined back, and amounts printed on the line below
    their labels joined to them."""
    rows: list[list[str]] = []
    meta: list[SourceLine] = []
    for line in body:
        printed = words(line)
        if not printed:
            continue
        if all(not AMOUNT.match(w) for w in printed) and _fragments(spec, rows, printed):
            continue
        lead = next((n for n, w in enumerate(printed) if not AMOUNT.match(w)), len(printed))
        if lead and rows and _under(spec, rows[-1], printed[:lead]):
            printed = printed[lead:]  # amounts printed below the labels above; a label after them starts its own row
            if not printed:
                continue
        rows.append(printed)
        meta.append(line)
    return [SourceLine(cells=row, line=m.line, page=m.page) for row, m in zip(rows, meta)]


def _fragments(spec: TableSpec, rows: list[list[str]], pieces: list[str]) -> bool:
    """A line of label fragments only, each joined to a label above it that it completes (all or nothing)."""
    if any(_known(spec, w) or _NUMBERING.match(w) for w in pieces):
        return False
    plan = []
    for word in pieces:
        found = next(((r, i) for r in range(len(rows) - 1, max(len(rows) - 1 - _LOOK_BACK, -1), -1)
                      for i in range(len(rows[r]) - 1, -1, -1)
                      if not AMOUNT.match(rows[r][i]) and not _known(spec, rows[r][i])
                      and _known(spec, rows[r][i] + word) and (r, i) not in plan), None)
        if found is None:
            return False
        plan.append(found)
    for word, (r, i) in zip(pieces, plan):
        rows[r][i] += word
    return True


def _under(spec: TableSpec, row: list[str], amounts: list[str]) -> bool:
    """Amounts printed below the row's labels joined into the row (True), or left as a line of their own."""
    labels = [i for i, w in enumerate(row) if not AMOUNT.match(w)]
    if not labels:
        return False
    bare = [i for i in labels if i + 1 >= len(row) or not AMOUNT.match(row[i + 1])]
    if bare and len(amounts) == len(bare):
        take = {i: [a] for i, a in zip(bare, amounts)}
    elif bare == labels[-1:]:
        take = {bare[0]: amounts}  # the last label's amounts, printed below it
    elif len(bare) == 2 and len(labels) == 2 and _one_column(spec, 0) and len(amounts) > 2:
        take = {bare[0]: amounts[:1], bare[1]: amounts[1:]}
    elif not bare and labels:
        take = {len(row) - 1: amounts}  # more amounts of the last label's row, printed lower
    else:
        return False
    for i in sorted(take, reverse=True):
        row[i + 1:i + 1] = take[i]
    return True


def _one_column(spec: TableSpec, side: int) -> bool:
    return sum(1 for c in spec.columns if c.side == spec.sides[side]) == 1


def join_code_lines(body: list[SourceLine]) -> tuple[list[SourceLine], dict[tuple[int, int | None], tuple[int, int]]]:
    """A coded table's row printed over two lines because its cells sit at different heights: a line of a name and
    amounts with no code (`一般公共服务支出 1,503.52 603.14`), then its code line with the other amounts and no
    name (`201 2,106.66`), or a total's name and amounts, then a line of amounts only (`合计 2,336.91 603.14` /
    `2,940.05`) → one line: code, name, the first line's amounts, the second's. Each line's amounts are in column
    order but how the two interleave is not printed: the parts' sizes (by the joined line's line and page) are
    for the arithmetic to place (placement.py). Nothing else is joined, and
    nothing in a table that prints so fewer than twice (a total above a code line whose name is printed below)."""
    out: list[SourceLine] = []
    parts: dict[tuple[int, int | None], tuple[int, int]] = {}
    if sum(1 for a, b in zip(body, body[1:]) if _name_and_amounts(words(a))[1] and _coded_amounts(words(b))) < 2:
        return body, parts  # the table's way of printing, not a row that happens to precede a code line
    skip = False
    for n, line in enumerate(body):
        if skip:
            skip = False
            continue
        here = words(line)
        after = words(body[n + 1]) if n + 1 < len(body) else []
        name, amounts = _name_and_amounts(here)
        code, rest = (after[0], after[1:]) if after and _CODE.match(after[0]) else ("", after)
        if name and amounts and rest and all(AMOUNT.match(w) for w in rest):
            out.append(SourceLine(cells=[code] * bool(code) + ["".join(name)] + amounts + rest,
                                  line=body[n + 1].line, page=body[n + 1].page))
            parts[(body[n + 1].line, body[n + 1].page)] = (len(amounts), len(rest))
            skip = True
            continue
        out.append(line)
    return out, parts


def _coded_amounts(printed: list[str]) -> bool:
    """A code, then amounts only."""
    return len(printed) >= 2 and bool(_CODE.match(printed[0])) and all(AMOUNT.match(w) for w in printed[1:])


def _name_and_amounts(printed: list[str]) -> tuple[list[str], list[str]]:
    """A line of name words then amounts only, and no code (([], []) otherwise)."""
    if not printed or _CODE.match(printed[0]):
        return [], []
    k = next((i for i, w in enumerate(printed) if AMOUNT.match(w)), len(printed))
    if k == 0 or not all(AMOUNT.match(w) for w in printed[k:]):
        return [], []
    return printed[:k], printed[k:]


_TOTALS = {"合计", "总计"}


def total_beside_header(header: list[SourceLine], body: list[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """A table with no amount whose 合计 row is printed on the line of the lowest column names (`合计 合计 基本支出
    项目支出`: the row's label, then the names under 本年支出): the first 合计 is the row, the rest the names. Only
    when the line starts with two totals: a line of names may itself start with one. A 合计 alone on the header's
    last line is the row too."""
    if any(not line.blank for line in body) or not header:
        return header, body
    last = header[-1]
    printed = [w for v in last.values for w in v.split()]
    if printed and printed[0] in _TOTALS and len(printed) == 1:
        return header[:-1], [last]  # the 合计 row printed under the header, with no amount
    if len(printed) < 3 or printed[0] not in _TOTALS or printed[1] not in _TOTALS:
        return header, body
    names = SourceLine(cells=printed[1:], line=last.line, page=last.page)
    return header[:-1] + [names], [SourceLine(cells=[printed[0]], line=last.line, page=last.page)]
