"""A table printed as text with spaces → cells on one column grid, as tab-separated text would give them.

Text laid out by a PDF-to-text tool keeps each cell at its character column (`SourceLine.starts`): amounts are
right-aligned in their column, labels left-aligned. Columns are found from the body (amount cells by their right
edge, label cells by their left edge), header fragments join the column they sit over (a header wrapped over
three lines becomes one label), amounts printed on a line of their own (a ruled row taller than one line) join the
row they belong to, and a label wrapped onto the next line is joined back.

Text with single spaces keeps no columns: cells are read in order, and a row is placed only when the order alone
says where each amount goes; what cannot be placed is left out and the table is reported partly read.
"""
from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from engine.catalogue import TableSpec
from engine.importers.amounts import PRINTED_AMOUNT
from engine.importers.bands import merge_bands
from engine.importers.cell_lines import one_cell_a_line, regroup
from engine.importers.errors import Warnings
from engine.importers.links import Fact
from engine.importers.lines import SourceLine
from engine.importers.kind_headers import coded_header, sided_header
from engine.importers.side_groups import one_group_a_row
from engine.importers.split_rows import join_code_lines, join_split_rows, rows_in_header, total_beside_header
from engine.importers.wide import keys_line, wide_equations, wide_header, wide_items
from engine.importers.placement import (PrintedRow, SideRow, code_groups, column_totals, handed, report_placement,
                                        identities, place, scale, sided_equations)
from engine.labels import normalise
from engine.said import joined, say

_AMOUNT = PRINTED_AMOUNT
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_TOTALS = {"合计", "总计"}
_STRUCTURAL = {"收入", "支出", "项目", "行次", "栏次", "类", "款", "项", "科目编码", "科目名称", "决算数", "金额"}
_LEAD_HEADINGS = {"科目编码", "科目代码", "科目名称", "项目", "功能分类科目编码"}
_TOLERANCE = 2  # characters: right edges of one column's amounts agree within this


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text.strip()))


def laid_out(lines: list[SourceLine]) -> bool:
    return any(line.starts is not None for line in lines)


@dataclass
class _Col:
    left: int
    right: int
    kind: str  # amount | text
    ends: list[int] = field(default_factory=list)


def _cells(line: SourceLine) -> list[tuple[str, int, int]]:
    starts = line.starts or tuple(range(len(line.cells)))
    return [(c.strip(), s, s + line.width(c.strip())) for c, s in zip(line.cells, starts) if c.strip()]


def _aligned(body: list[SourceLine], left: bool = False) -> bool:
    """Do amount right edges (left edges: `left`) line up across lines (a layout) or not (single spaces)?"""
    ends = [s if left else e for line in body for text, s, e in _cells(line) if is_amount(text) and "." in text]
    if len(ends) < 4:
        return True
    # pdftotext places a column's digits a character or two apart (_TOLERANCE): a margin of one made a whole table
    # unreadable when one amount sat a character further off
    shared = sum(1 for e in ends if sum(1 for f in ends if abs(f - e) <= _TOLERANCE) >= 3)
    return shared >= 0.6 * len(ends)


def _flush_left(body: list[SourceLine], header: list[SourceLine]) -> bool:
    """Are the numbers (amounts and 行次) printed flush left: clearly fewer distinct left edges than right edges, or, where
    that does not tell (numbers of one width: 栏次 1 2 3), more of them start where a heading starts than end where
    one ends?"""
    edges = [(s, e) for line in body for n, (t, s, e) in enumerate(_cells(line)) if _numeric(t, n)]
    lefts, rights = len({s for s, _ in edges}), len({e for _, e in edges})
    if lefts != rights or len({e - s for s, e in edges}) > 1:
        return 3 * lefts <= 2 * rights  # clearly fewer: pdftotext's right edges jitter by a character or two
    words = [w for line in header for w in _words(line)]
    starts, ends = {s for _, s, _ in words}, {e for _, _, e in words}
    return sum(s in starts for s, _ in edges) > sum(e in ends for _, e in edges)


def _right_aligned(body: list[SourceLine]) -> list[SourceLine]:
    """Amounts printed flush left in their columns (a spreadsheet's text export) → as if flush right: each amount
    moved to end where the longest amount starting at the same column ends, so columns are found by right edge."""
    starts = sorted({s for line in body for n, (t, s, _) in enumerate(_cells(line)) if _numeric(t, n)})
    column: dict[int, int] = {}  # start -> the first start of its cluster
    for s in starts:
        column[s] = column[s - 1] if s - 1 in column else (column[s - 2] if s - 2 in column else s)
    width: dict[int, int] = {}
    for line in body:
        for n, (t, s, _e) in enumerate(_cells(line)):
            if _numeric(t, n):
                width[column[s]] = max(width.get(column[s], 0), s + len(t) - column[s])
    out = []
    for line in body:
        if not line.starts:
            out.append(line)
            continue
        moved = [column[s] + width[column[s]] - len(c.strip()) if c.strip() and _numeric(c.strip(), n) and s in column
                 else s for n, (c, s) in enumerate(zip(line.cells, line.starts))]
        out.append(replace(line, starts=tuple(moved)))
    return out


# In a table of 科目编码 rows printed side by side (公开06), a code may stand anywhere on the line.
_CODES_ANYWHERE: ContextVar[bool] = ContextVar("codes_anywhere", default=False)


def _is_code(text: str, n: int) -> bool:
    return bool(_CODE.match(text)) and len(text) >= 3 and (n == 0 or _CODES_ANYWHERE.get())


def _numeric(text: str, n: int) -> bool:
    """An amount or a 行次 (not a 科目编码)."""
    return is_amount(text) and not _is_code(text, n)


def _columns(rows: list[SourceLine]) -> list[_Col]:
    """Amount columns by right edge; two clusters are one column when no line prints in both (pdftotext places
    digits a few characters off). Label columns are the gaps between amount columns where labels are printed."""
    cells = [(n, text, s, e, line.line) for line in rows for n, (text, s, e) in enumerate(_cells(line))]
    clusters: list[_Col] = []
    owners: list[set[int]] = []
    for _n, _text, s, e, number in sorted((c for c in cells if _numeric(c[1], c[0])), key=lambda c: c[3]):
        if clusters and e - clusters[-1].ends[-1] <= _TOLERANCE:
            clusters[-1].ends.append(e)
            clusters[-1].left, clusters[-1].right = min(clusters[-1].left, s), max(clusters[-1].right, e)
            owners[-1].add(number)
        else:
            clusters.append(_Col(s, e, "amount", [e]))
            owners.append({number})
    merged: list[_Col] = []
    merged_owners: list[set[int]] = []
    for col, lines in zip(clusters, owners):
        if merged and not (merged_owners[-1] & lines) and col.left - merged[-1].right < 4 \
                and not _text_between(cells, merged[-1], col):
            merged[-1].left, merged[-1].right = min(merged[-1].left, col.left), max(merged[-1].right, col.right)
            merged[-1].ends += col.ends
            merged_owners[-1] |= lines
        else:
            merged.append(col)
            merged_owners.append(set(lines))
    code_cols: list[_Col] = []
    codes = sorted((s, e, number) for n, text, s, e, number in cells if _is_code(text, n))
    code_lines: set[int] = set()
    for start, end, number in codes:  # code columns by left edge; two never on one line and close are one
        last = code_cols[-1] if code_cols else None
        if last is not None and (start - last.ends[-1] <= _TOLERANCE
                                 or (start - last.ends[-1] <= 4 and number not in code_lines)):
            last.ends.append(start)
            last.right = max(last.right, end)
        else:
            code_cols.append(_Col(start - 1, end, "code", [start]))
            code_lines = set()
        code_lines.add(number)
    cols = list(merged) + code_cols
    texts = [(s, e) for n, text, s, e, _ in cells if not _numeric(text, n) and not _is_code(text, n)]
    bounds = [-1] + [c.right for c in merged] + [10 ** 6]
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], (merged[k].left if k < len(merged) else 10 ** 6)
        inside = [(s, e) for s, e in texts if lo <= (s + e) / 2 < hi]
        # a total printed under the codes (人员经费合计) does not stretch the name column over them
        beside = [(s, e) for s, e in inside if not any(abs(s - c.ends[0]) <= 1 for c in code_cols)] or inside
        if inside:
            cols.append(_Col(min(s for s, _ in beside), max(e for _, e in inside), "text", []))
    return sorted(cols, key=lambda c: (c.left, c.kind != "code"))


def _text_between(cells, a: _Col, b: _Col) -> bool:
    return any(not _numeric(text, n) and a.right <= s and e <= b.left for n, text, s, e, _ in cells)


def _place(cols: list[_Col], text: str, s: int, e: int, header: bool, n: int = 1, sides: tuple = ()) -> int:
    """The column a cell belongs to: a row's code to the code column, amounts by right edge (within the label
    region they follow), labels to the label column of their region, header words by overlap (a side name 收入/支出,
    centred over its side, to that side's label column)."""
    if header and normalise(text) in sides:
        labels = [i for i, c in enumerate(cols) if c.kind == "text" and c.left <= (s + e) / 2]
        if labels:
            return labels[-1]
    if not header and _is_code(text, n):
        code = [(abs(c.left + 1 - s), i) for i, c in enumerate(cols) if c.kind == "code"]
        if code:
            return min(code)[1]
    if not header and _numeric(text, n):
        amounts = [(abs(c.right - e), i) for i, c in enumerate(cols) if c.kind == "amount"]
        if amounts:
            return min(amounts)[1]
    if not header:
        centre = (s + e) / 2
        regions = [i for i, c in enumerate(cols) if c.kind == "text"]
        before = [i for i in regions if cols[i].left <= centre or cols[i].left - 2 <= s]
        after_amounts = [i for i, c in enumerate(cols) if c.kind == "amount" and c.right < centre]
        candidates = [i for i in before if not after_amounts or i > max(after_amounts)]
        later = [i for i in regions if after_amounts and i > max(after_amounts)]
        if not candidates and later:
            return later[0]  # a label right of an amount column starts the next group (公用经费合计 in its code column)
        candidates = candidates or before or regions
        if candidates:
            return candidates[-1] if before else candidates[0]
    overlaps = [(min(e, c.right) - max(s, c.left), i) for i, c in enumerate(cols)
                if c.kind != "code" or (header and _CODES_ANYWHERE.get())]
    best_overlap = max(overlaps)
    if best_overlap[0] > 0:
        return best_overlap[1]
    centre = (s + e) / 2
    if header and normalise(text) in _STRUCTURAL:
        # over no column (科目名称 over an empty table): beside the names, never taking an amount column's place
        lead = [(abs((c.left + c.right) / 2 - centre), i) for i, c in enumerate(cols) if c.kind != "amount"]
        if lead:
            return min(lead)[1]
    return min((abs((c.left + c.right) / 2 - centre), i) for i, c in enumerate(cols) if c.kind != "code")[1]


def _words(line: SourceLine) -> list[tuple[str, int, int]]:
    """A header line's words: `基本支出 项目支出` printed one space apart are two column headings."""
    out = []
    for text, s, _ in _cells(line):
        out += [(m[0], s + line.width(text[:m.start()]), s + line.width(text[:m.end()]))
                for m in re.finditer(r"\S+", text)]
    return out


def _grid_line(cols: list[_Col], line: SourceLine, header: bool, sides: tuple = ()) -> SourceLine:
    cells = [""] * len(cols)
    taken: set[int] = set()
    for n, (text, s, e) in enumerate(_words(line) if header else _cells(line)):
        i = _place(cols, text, s, e, header, n, sides)
        if header and i in taken and cols[i].kind == "amount" and i + 1 < len(cols) and i + 1 not in taken \
                and cols[i + 1].kind == "amount":
            i += 1  # two headings over one column (基本支出 项目支出 printed close): the later one is the next column
        taken.add(i)
        cells[i] = f"{cells[i]} {text}".strip() if cells[i] else text
    return SourceLine(cells=cells, line=line.line, page=line.page)


def _is_row(line: SourceLine, label_cols: set[int]) -> bool:
    """A line that starts a table row: a code, a total, or a label in a label column."""
    first = line.cells[0].strip() if line.cells else ""
    if _CODE.match(first):
        return True
    return any(line.cells[i].strip() for i in label_cols if i < len(line.cells))


def _merge(rows: list[SourceLine], cols: list[_Col], spec: TableSpec) -> tuple[list[SourceLine], bool]:
    """Amount-only lines join the next row (or the previous one) where their cells are free; a short label line
    with no amounts continues the label above it (a wrapped name). Also says whether a name line was joined that
    could as well belong to the row above (the caller reports it)."""
    amount_cols = {i for i, c in enumerate(cols) if c.kind == "amount"}
    label_cols = {i for i, c in enumerate(cols) if c.kind == "text"}
    code_col = next((i for i, c in enumerate(cols) if c.kind == "code"), None)
    out: list[list[str]] = []
    meta: list[SourceLine] = []
    pending: list[SourceLine] = []

    def fits(target: list[str], line: SourceLine) -> bool:
        return all(not target[i].strip() for i, c in enumerate(line.cells) if c.strip())

    def put(target: list[str], line: SourceLine) -> None:
        for i, c in enumerate(line.cells):
            if c.strip():
                target[i] = c

    above: dict[int, str] = {}  # the head of the next row's name, printed on the line above its code line
    headed = False  # the line before was a code line whose name's head was printed above it
    doubtful = False
    for at, line in enumerate(rows):
        filled = [i for i, c in enumerate(line.cells) if c.strip()]
        words = [i for i in filled if i not in amount_cols]
        if _name_head(line, filled, label_cols, out, rows[at + 1] if at + 1 < len(rows) else None, spec):
            # right after a code line with a head of its own, the line could be that name's tail as well: a centred
            # name has as many lines below its code as above
            doubtful = doubtful or headed
            headed = False
            for i in filled:
                above[i] = above.get(i, "") + line.cells[i].strip()
            continue
        headed = bool(above)
        if above:
            line = SourceLine(cells=[above[i] + c.strip() if i in above else c for i, c in enumerate(line.cells)],
                              line=line.line, page=line.page)
            above.clear()
        heading = {w for i in words for w in line.cells[i].split()}
        if words and heading <= {"类", "款", "项"} and len(heading) >= 2:
            # the 类 款 项 heading row printed beside the 合计 amounts: the words are header, the amounts wait
            line = SourceLine(cells=["" if i in words else c for i, c in enumerate(line.cells)], line=line.line,
                              page=line.page)
            filled = [i for i in filled if i not in words]
            if not filled:
                continue
        if filled and all(i in amount_cols for i in filled):
            pending.append(line)
            continue
        coded = spec.coded or spec.economic
        code_cols = {i for i, c in enumerate(cols) if c.kind == "code"}
        if spec.economic and out and not pending and not any(i in code_cols for i in filled) and fits(out[-1], line) \
                and not any(spec.row_key(line.cells[i]) for i in filled if i in label_cols):
            put(out[-1], line)  # the name and amount of a side-by-side group printed under its code
            continue
        texts = [line.cells[i].strip() for i in filled if i in label_cols]
        if spec.coded and not spec.economic and out and not pending and texts and len(texts) == len(filled) \
                and code_col is not None \
                and _CODE.match(out[-1][code_col].strip()) and not any(out[-1][i].strip() for i in label_cols) \
                and not _CODE.match(texts[0]):
            put(out[-1], line)  # a coded row's name printed below it (a wrapped cell centred on its row)
            continue
        continuation = (out and texts and not any(i in amount_cols for i in filled) and not _CODE.match(texts[0])
                        and all(_continues(t, spec) for t in texts) and not pending)
        # a code in any code column (the right group's 30240 under an empty left group) starts a row, never goes on
        if continuation and coded and not any(line.cells[i].strip() for i in code_cols):
            for i in filled:
                out[-1][i] = out[-1][i] + line.cells[i].strip() if out[-1][i].strip() else line.cells[i].strip()
            continue
        if continuation and not coded:
            # the label above in the same column, within the last three rows (the other side's label may sit
            # between the two halves of a wrapped label: 二、政府性基金预算财政拨 / 二、外交支出 / 款)
            targets = [next((r for r in range(len(out) - 1, max(len(out) - 4, -1), -1) if out[r][i].strip()), None)
                       for i in filled]
            if all(t is not None for t in targets):
                for i, t in zip(filled, targets):
                    out[t][i] += line.cells[i].strip()
                continue
        cells = list(line.cells)
        for waiting in pending:
            if fits(cells, waiting):
                put(cells, waiting)
            elif out and fits(out[-1], waiting):
                put(out[-1], waiting)
            else:
                out.append(list(waiting.cells))
                meta.append(waiting)
        pending = []
        out.append(cells)
        meta.append(line)
    for waiting in pending:
        if out and fits(out[-1], waiting):
            put(out[-1], waiting)
        else:
            out.append(list(waiting.cells))
            meta.append(waiting)
    return [SourceLine(cells=c, line=m.line, page=m.page) for c, m in zip(out, meta)], doubtful


def _name_head(line: SourceLine, filled: list[int], label_cols: set[int], out: list[list[str]],
               following: SourceLine | None, spec: TableSpec) -> bool:
    """In a coded table, a line of name text only whose label cells are taken in the row above and empty on the next
    line, a code line: the first half of a name wrapped around its code line (a cell centred on its row:
    `机关事业单位基本养老保` / `30108  446.11` / `险缴费`)."""
    if not (spec.coded or spec.economic) or not filled or following is None or not out:
        return False
    if not all(i in label_cols for i in filled) or not any(_CODE.match(c.strip()) for c in following.cells):
        return False
    texts = [line.cells[i].strip() for i in filled]
    if any(_CODE.match(t) or normalise(t) in _TOTALS or spec.row_key(t) for t in texts):
        return False
    return all(out[-1][i].strip() and i < len(following.cells) and not following.cells[i].strip() for i in filled)


def _continues(text: str, spec: TableSpec) -> bool:
    """A label fragment that cannot start a row: no numbering, not a known row, not a total."""
    key = normalise(text)
    if not key or key in _TOTALS or re.match(r"^[一二三四五六七八九十]+、|^[（(]", text):
        return False
    if spec.row_key(text) or (spec.class_rows and len(key) >= 4 and key.endswith("支出")):
        return False
    return len(key) <= 8


class Unaligned(Exception):
    """The table's cells are separated by spaces but not laid out in columns."""


def align(spec: TableSpec, lines: list[SourceLine], warnings: Warnings | None = None,
          facts: list[Fact] = ()) -> list[SourceLine]:
    """The block's lines (header and body) on one column grid; lines without positions are returned as they are.
    Raises Unaligned when the cells are separated by spaces but do not line up (the caller says so)."""
    if not laid_out(lines):
        return lines
    token = _CODES_ANYWHERE.set(spec.economic)
    try:
        return _align(spec, lines, warnings, facts)
    finally:
        _CODES_ANYWHERE.reset(token)


def _align(spec: TableSpec, lines: list[SourceLine], warnings: Warnings | None, facts: list[Fact]) -> list[SourceLine]:
    if one_cell_a_line(spec, lines):
        lines = regroup(spec, lines)  # one cell a line → rows as single spaces give them
    if any(line.starts == () for line in lines) and any(len(line.values) >= 2 or " " in line.text for line in lines):
        return _typed(spec, lines, warnings, facts)  # single spaces (a table with no rows too: its header's words)
    if _single_spaced(lines) or _one_column(spec):
        # the file looked laid out, this table is not: its cells are one space apart; or a table of one amount column
        # after its labels and 行次 (公开10), whose cells' kinds place them wherever the tool printed them
        return _typed(spec, [replace(line, starts=()) for line in lines], warnings, facts)
    first_row = next((i for i, line in enumerate(lines) if any(
        is_amount(t) for t, _, _ in _cells(line)) or (line.cells and _CODE.match(line.cells[0].strip()))), None)
    if first_row is None:
        return _no_data(spec, lines, warnings)
    lefts = _numbered_grid(lines[first_row:]) if not (spec.sides or spec.coded or spec.economic) else None
    if lefts is not None:  # no amount, only the 栏次: the column numbers are the grid
        numbers = next(line for line in lines[first_row:] if not line.blank)
        header = [_by_left(lefts, line) for line in lines[:first_row] if not line.blank]
        return wide_header(spec, header) + [_by_left(lefts, numbers)]
    lines = _same_scale(lines[first_row:], lines[:first_row])
    body_rows = [line for line in lines[first_row:] if len(_cells(line)) >= 2]
    if _flush_left(body_rows, [line for line in lines[:first_row] if not line.blank]):
        lines = lines[:first_row] + _right_aligned(lines[first_row:])
        body_rows = [line for line in lines[first_row:] if len(_cells(line)) >= 2]
    single_row = sum(1 for line in body_rows if any(is_amount(t) for t, _, _ in _cells(line))) == 1
    if not single_row and not _aligned(body_rows):
        return _typed(spec, lines, warnings, facts)  # single spaces: only the kinds of the cells can place them
    cols = _columns(body_rows)
    if not cols:
        return lines
    if spec.coded and not spec.economic and not any(c.kind == "code" for c in cols):
        cols.insert(0, _Col(-2, -1, "code", []))  # no row has a code (本表无数据): the code column is still there
    header = [line for line in lines[:first_row] if not line.blank]
    keyed = _keyed_columns(spec, cols, header)
    by_header = keyed is not cols
    if not by_header:
        _add_header_columns(cols, header)
    cols = keyed
    gridded_header = [_grid_line(cols, line, True, spec.sides) for line in header]
    if not (spec.sides or spec.coded or spec.economic):
        gridded_header = wide_header(spec, gridded_header)  # items over 预算数 | 决算数 pairs (公开09)
    body = [_amounts_in_order(cols, line) if by_header else _grid_line(cols, line, False)
            for line in lines[first_row:] if not line.blank]
    merged, doubtful = _merge(merge_bands(body, [c.kind for c in cols], _own_row), cols, spec)
    if doubtful and warnings is not None and merged:
        warnings.add("names_stacked", say("I100", table=spec.id), merged[0].line)
    if spec.economic or spec.coded:
        joined = [_join_split_codes(line) for line in merged]
        return _without_emptied(gridded_header, merged, joined)
    return gridded_header + merged


def _numbered_grid(lines: list[SourceLine]) -> list[int] | None:
    """Where the columns start, when a table prints no amount, only its 栏次 (1 2 … 12, 本表无数据) under its
    header: each column runs from its number to the next one."""
    printed = [line for line in lines if not line.blank]
    if len(printed) != 1 or not printed[0].starts:
        return None
    cells = _cells(printed[0])
    if len(cells) < 2 or [t for t, _, _ in cells] != [str(k) for k in range(1, len(cells) + 1)]:
        return None
    return [s for _, s, _ in cells]


def _by_left(lefts: list[int], line: SourceLine) -> SourceLine:
    """A header line on a grid of column starts: each cell (words one space apart stay one cell: `因公出国 (境) 费`)
    in the column it starts in (a character or two before it: pdftotext's jitter)."""
    cells = [""] * len(lefts)
    for text, s, _ in _cells(line):
        k = max([0] + [i for i, left in enumerate(lefts) if left <= s + _TOLERANCE])
        cells[k] = f"{cells[k]} {text}".strip()
    return SourceLine(cells=cells, line=line.line, page=line.page)


def _own_row(text: str) -> bool:
    """A label that is a row of its own, never the tail of a wrapped name: a total (人员经费合计)."""
    return normalise(text).endswith(("合计", "总计"))


def _without_emptied(header: list[SourceLine], before: list[SourceLine], after: list[SourceLine]) -> list[SourceLine]:
    """Header and body without the columns that held only 款 digits now joined to their 类 (`302 | 01` → `30201`): a
    column of its own for them would push the names one column right of their code."""
    width = max((len(line.cells) for line in before), default=0)
    emptied = {i for i in range(width) if any(i < len(line.cells) and line.cells[i].strip() for line in before)
               and not any(i < len(line.cells) and line.cells[i].strip() for line in after)}
    if not emptied:
        return header + after

    def drop(line: SourceLine) -> SourceLine:
        cells = list(line.cells)
        for i in sorted(emptied):  # a heading over the 款 digits (经济分类 centred over 类 款) heads the code
            if i < len(cells) and cells[i].strip():
                cells[i - 1] = f"{cells[i - 1]} {cells[i]}".strip() if i > 0 else cells[i]
        return replace(line, cells=[c for i, c in enumerate(cells) if i not in emptied])
    return [drop(line) for line in header] + [drop(line) for line in after]


def _no_data(spec: TableSpec, lines: list[SourceLine], warnings: Warnings | None) -> list[SourceLine]:
    """A coded table that prints no amount and no code (本表无数据): its header, wrapped and squeezed by the text
    tool, places no column by itself, and every cell is blank whatever its column; its columns are its kind's (the
    catalogue's), under the one row it prints, 合计."""
    if not spec.coded or spec.economic:
        return lines
    total = next((line for line in lines if line.values and normalise(line.values[0].split()[0]) in _TOTALS), None)
    if total is None or any(line is not total and line.line > total.line and not line.blank for line in lines):
        return lines
    alone = len(" ".join(total.values).split()) == 1  # 合计 with no header words beside it (合计 基本支出 项目支出)
    keys = _printed_keys(spec, [line for line in lines if line.line < total.line]) if alone else None
    if keys is None:
        keys = [c.key for c in spec.columns]
        if warnings is not None:
            warnings.add("columns_by_kind", say("I23", table=spec.id, columns=joined(keys, "、")), total.line)
    width = len(keys)
    header = SourceLine(cells=["科目编码", "科目名称"] + keys, line=lines[0].line, page=lines[0].page)
    return [header, SourceLine(cells=["", total.values[0].split()[0]] + [""] * width, line=total.line, page=total.page)]


def _printed_keys(spec: TableSpec, header: list[SourceLine]) -> list[str] | None:
    """The columns a one-line header names in full (科目编码 科目名称 合计 基本支出 项目支出, with no 栏次 under it to
    place them; a line of 类 款 项 aside): each word one column of the table, none twice; else None (a header over
    several lines, or wrapped and squeezed by the text tool: 本年收入合 / 计)."""
    named = [[w for v in line.values for w in v.split() if normalise(w) not in _LEAD_HEADINGS | _STRUCTURAL]
             for line in header]
    if sum(1 for words in named if words) != 1:
        return None  # names over several lines (本年支出 / 小计 基本支出 …): which word heads which column is not known
    words = next(words for words in named if words)
    keys = [spec.column_key(w) for w in words]
    if not keys or None in keys or len(set(keys)) != len(keys):
        return None
    return [k for k in keys if k is not None]


def _one_column(spec: TableSpec) -> bool:
    """A table of labels, perhaps 行次, and one amount column (公开10's 统计数): no blank cell can hide among its
    amounts, so a row is its label, its 行次, its amount, however its columns were laid out."""
    return not (spec.sides or spec.coded or spec.economic) and len(spec.columns) == 1


def _single_spaced(lines: list[SourceLine]) -> bool:
    """Cells one space apart on nearly every line of several cells (amounts of one width line up by chance)."""
    # after a code the gap says nothing (`201 06 01` was joined into one cell `2010601`): only the gaps after
    # other cells count, and a line of a code and its name only (a template's rows, no amounts) has none to judge
    gaps = [[b - (a + line.width(c)) for a, b, c in zip(line.starts, line.starts[1:], line.cells)
             if not _CODE.match(c.strip())] for line in lines if line.starts and len(line.cells) >= 2]
    # a header line of one cell whose words stand one space apart (`预算数 决算数 预算数 …`): no columns kept there
    gaps += [[1] for line in lines if line.starts and len(line.values) == 1 and not _CODE.match(line.values[0])
             and len(line.values[0].split(" ")) >= 2]
    multi = [g for g in gaps if g]
    gapped = sum(1 for g in multi if max(g) >= 2)
    return len(multi) >= 3 and gapped < 0.2 * len(multi)


def _join_split_codes(line: SourceLine) -> SourceLine:
    """`302 | 01` (类 and 款 printed in columns of their own) → `30201` in the code's cell."""
    cells = list(line.cells)
    for i, cell in enumerate(cells):
        if re.fullmatch(r"\d{3}|\d{5}", cell.strip()):
            nxt = next((k for k in range(i + 1, min(i + 3, len(cells))) if cells[k].strip()), None)
            if nxt is not None and re.fullmatch(r"\d{2}", cells[nxt].strip()):
                cells[i], cells[nxt] = cell.strip() + cells[nxt].strip(), ""
    return SourceLine(cells=cells, line=line.line, page=line.page) if cells != line.cells else line


def _anchors(lines: list[SourceLine]) -> tuple[float, float] | None:
    """(where labels start, where the first amount column ends) on one page's lines."""
    labels = [s for line in lines for n, (t, s, e) in enumerate(_cells(line))
              if not _numeric(t, n) and not _is_code(t, n)]
    firsts = [next(e for n, (t, s, e) in enumerate(_cells(line)) if _numeric(t, n) and "." in t)
              for line in lines if any(_numeric(t, n) and "." in t for n, (t, _, _) in enumerate(_cells(line)))]
    if not labels or len(firsts) < 2:
        return None
    first = sorted(firsts)[len(firsts) // 2]
    label = sorted(labels)[len(labels) // 2]  # the median: a centred 合计 or a heading does not move it
    return (label, first) if first - label > 4 else None


def _same_scale(body: list[SourceLine], header: list[SourceLine]) -> list[SourceLine]:
    """pdftotext lays out each page on its own character grid: a table continued on the next page has its columns
    at other positions. Each page's positions are mapped onto the page with most rows, anchored where the labels
    start and where the first amount column ends (the 合计 or 决算数 column every row fills); the header goes with
    its page. Returns header + body."""
    pages: dict[int | None, list[SourceLine]] = {}
    for line in body:
        pages.setdefault(line.page, []).append(line)
    if len(pages) < 2:
        return header + body
    main = max(pages.values(), key=len)
    reference = _anchors(main)
    if reference is None:
        return header + body
    top = [line for line in header if line.page == body[0].page and line.page is not None]
    ends = sorted(e for line in main for n, (t, _, e) in enumerate(_cells(line)) if _numeric(t, n))
    out = []
    for group in pages.values():
        anchors = _anchors(group)
        if group is main or anchors is None or not all(line.starts for line in group) or (
                abs(anchors[0] - reference[0]) <= 1 and abs(anchors[1] - reference[1]) <= 1):
            out += group
            continue
        scale = (reference[1] - reference[0]) / (anchors[1] - anchors[0])
        shift = _code_start(main) - _code_start(group) if _code_start(main) is not None and \
            _code_start(group) is not None else 0
        moved = [_moved(line, anchors, reference, scale, shift) for line in group]
        # keep the mapping only when it brings the page's amounts closer to the main page's columns
        if _misfit(moved, ends) < _misfit(group, ends):
            out += moved
            if group[0].page == body[0].page:  # the header printed on this page: on the same grid as its rows
                header = [_moved(line, anchors, reference, scale, shift) if line in top else line for line in header]
        else:
            out += group
    return header + _in_order(body, out)


def _in_order(body: list[SourceLine], out: list[SourceLine]) -> list[SourceLine]:
    by_line = {(line.line, line.page, tuple(line.cells)): line for line in out}
    return [by_line.get((line.line, line.page, tuple(line.cells)), line) for line in body]


def _code_start(lines: list[SourceLine]) -> int | None:
    """Where a page's codes start (the median): the page's left margin for the table."""
    starts = sorted(s for line in lines for n, (t, s, _) in enumerate(_cells(line)) if _is_code(t, n))
    return starts[len(starts) // 2] if starts else None


def _moved(line: SourceLine, anchors: tuple[float, float], reference: tuple[float, float], scale: float,
           shift: int = 0) -> SourceLine:
    def at(x: float) -> float:
        return reference[0] + (x - anchors[0]) * scale

    starts = []
    for n, (cell, start) in enumerate(zip(line.cells, line.starts)):
        text = cell.strip()
        if _is_code(text, n):
            starts.append(start + shift)  # codes go with the page's margin (a page indented further, or less)
        elif start < anchors[0]:
            starts.append(start + shift)  # what is printed left of the labels goes with the margin too (科目代码)
        else:
            starts.append(round(at(start + len(text))) - len(text) if _numeric(text, n) else round(at(start)))
    return replace(line, starts=tuple(starts))


def _misfit(lines: list[SourceLine], ends: list[int]) -> float:
    """How far a page's amounts end from the nearest amount column end of the main page."""
    if not ends:
        return 0.0
    gaps = [min(abs(e - f) for f in ends) for line in lines for n, (t, _, e) in enumerate(_cells(line)) if _numeric(t, n)]
    return sum(gaps) / len(gaps) if gaps else 0.0


def _amounts_in_order(cols: list[_Col], line: SourceLine) -> SourceLine:
    """A data row under a header of column names: as many amounts as columns go in order (pdftotext may print
    them crowded, one space apart); otherwise each by position."""
    amounts = [t for n, (t, _, _) in enumerate(_cells(line)) if _numeric(t, n)]
    slots = [i for i, c in enumerate(cols) if c.kind == "amount"]
    if len(amounts) != len(slots) or len(amounts) != len(_cells(line)):
        return _grid_line(cols, line, False)
    cells = [""] * len(cols)
    for i, text in zip(slots, amounts):
        cells[i] = text
    return SourceLine(cells=cells, line=line.line, page=line.page)


def _keyed_columns(spec: TableSpec, cols: list[_Col], header: list[SourceLine]) -> list[_Col]:
    """A header line of column names only (预算数 决算数 预算数 …, one per column) fixes the amount columns where the
    body prints fewer: a table whose amounts are mostly blank."""
    if spec.sides or spec.coded or spec.economic:
        return cols  # tables of many rows: their amounts say where the columns are
    for line in header:
        words = _words(line)
        if len(words) >= 3 and all(spec.column_key(w) for w, _, _ in words):
            keyed = [_Col(s, e, "amount", [e]) for _, s, e in words]
            return sorted([c for c in cols if c.kind != "amount"] + keyed, key=lambda c: c.left)
    return cols


def _add_header_columns(cols: list[_Col], header: list[SourceLine]) -> None:
    """A column with no amount anywhere (an empty 经营收入 column) is known only from its header words."""
    first_amount = min((c.left for c in cols if c.kind == "amount"), default=None)
    for line in header:
        for text, s, e in _words(line):
            line_numbers = normalise(text) == "行次"  # an empty 行次 column (none printed) is still a column
            if (first_amount is None or e <= first_amount) and not line_numbers:
                continue  # over the code and name columns: a heading (项目, 科目名称), never a column of its own
            if (normalise(text) in _STRUCTURAL and not line_numbers) or re.match(r"^(?:金额)?单位[:：]", text):
                continue  # 收入/支出 over a side, 项目, 行次, the unit: not a column
            if any(min(e, c.right) - max(s, c.left) > 0 for c in cols):
                continue
            if any(c.left - 1 <= s and e <= c.right + 1 for c in cols):
                continue
            cols.append(_Col(s, e, "amount", [e]))
            cols.sort(key=lambda c: c.left)


_LINE_NO = re.compile(r"^\d{1,3}$")


def _typed(spec: TableSpec, lines: list[SourceLine], warnings: Warnings | None = None,
           facts: list[Fact] = ()) -> list[SourceLine]:
    """Single spaces keep no columns, but the kinds of the cells still say where they go when nothing is left
    blank in between: a two-sided table's side is a label, then its 行次, then its one amount; a coded row is its
    code, its name and one amount for every column. Anything else cannot be placed: Unaligned."""
    header: list[SourceLine] = []
    body: list[SourceLine] = []
    for line in lines:
        words = [w for v in line.values for w in v.split()]
        if not body and (not any(is_amount(v) for v in line.values) or (words and words[0] == "栏次")):
            if words and words[0] != "栏次":
                header.append(SourceLine(cells=words, line=line.line, page=line.page))
        else:
            body.append(line)
    if spec.sides:
        header, body = rows_in_header(spec, header, [line for line in body if not line.blank])
        header = sided_header(spec, header, warnings)  # column names printed in pieces: the kind's
        items = next((h.cells for h in header if h.cells.count("项目") == len(spec.sides)), None)
        if items is None:
            raise Unaligned()
        width = items.index("项目", 1)
        header = [SourceLine(cells=[c for w in h.cells for c in [w] + [""] * (width - 1)], line=h.line, page=h.page)
                  if [normalise(c) for c in h.cells] == list(spec.sides) else h for h in header]
        body = join_split_rows(spec, body)  # a row printed over two lines
        return header + _typed_sides(spec, items, width, body, warnings)
    if spec.coded:  # 功能分类 or 经济分类 (公开06 printed one group a row)
        if spec.economic:  # groups printed side by side (公开06): one group a row first
            header, body = one_group_a_row(spec, header, [line for line in body if not line.blank], warnings)
        carried = tuple(p for line in body for p in line.possible)  # code_bands.py's, past the lines rebuilt below
        body, parts = join_code_lines([line for line in body if not line.blank])  # cells at two heights
        header, body, stacked = _stacked(spec, header, body)
        if stacked and warnings is not None and body:
            warnings.add("names_stacked", say("I100", table=spec.id), body[0].line)
        header, body = total_beside_header(header, body)  # 合计 on the line of the lowest names, no amounts
        names = next((h for h in reversed(header) if len(h.cells) >= 3), None)
        if names is not None:  # the column names start at the third cell, after 科目编码 and 科目名称 (or their place)
            lead = sum(1 for c in names.cells[:2] if normalise(c) in _LEAD_HEADINGS)
            header = [SourceLine(cells=[""] * (2 - lead) + h.cells, line=h.line, page=h.page) if h is names else h
                      for h in header]
        header = coded_header(spec, header, body, warnings)
        return _with_possible(header + _typed_coded(spec, header, body, warnings, facts, parts), carried)
    if not any(not line.blank for line in body):
        return header  # no rows printed (本表无数据): the header's words are all there is
    if any(c.key == "预算数" for c in spec.columns):
        body = [line for line in body if not line.blank]
        return _typed_wide(spec, wide_items(spec, header, body, warnings), body, warnings)
    return _typed_statistics(spec, header, [line for line in body if not line.blank], warnings)


def _typed_statistics(spec: TableSpec, header: list[SourceLine], body: list[SourceLine],
                      warnings: Warnings | None) -> list[SourceLine]:
    """项目 | 行次 | amounts (公开10): a row is its label, its 行次, then its amounts; headings stay as they are."""
    names = next((h.cells for h in header if h.cells and normalise(h.cells[0]) == "项目"), None)
    if names is None:
        raise Unaligned()
    numbered = "行次" in names
    keys = tuple(spec.column_key(c) or normalise(c) for c in names[1:] if normalise(c) != "行次")
    printed, rows = [], []
    for line in body:
        values = [w for v in line.values for w in v.split()]  # `工程 3`: a label and its 行次 kept as one run
        k = 0
        while k < len(values) and not is_amount(values[k]):
            k += 1
        label, rest = " ".join(values[:k]), values[k:]
        number = rest[0] if numbered and rest and _LINE_NO.match(rest[0]) else ""
        amounts = tuple(rest[1:] if number else rest)
        printed.append((label, number, amounts))
        rows.append(PrintedRow(amounts=amounts, keys=keys))
    placement = place(rows, [], scale([t for row in rows for t in row.amounts]))
    out = []
    for line, (label, number, amounts), cols in zip(body, printed, placement.columns):
        if not number and not amounts:
            words = label.split()
            if len(words) >= 2 and all(normalise(w) in ("项目", "行次") or spec.column_key(w) for w in words):
                rest = [w for w in words[1:] if normalise(w) != "行次"]  # the header again (项目 统计数)
                lead = [("行次" if len(rest) < len(words) - 1 else "")] if numbered else []
                out.append(SourceLine(cells=words[:1] + lead + rest, line=line.line, page=line.page))
                continue
            out.append(SourceLine(cells=[label], line=line.line, page=line.page))  # a heading (一、政府采购情况)
            continue
        cells = [""] * len(keys)
        for c, text in zip(cols or (), amounts):
            cells[c] = text
        out.append(SourceLine(cells=[label] + ([number] if numbered else []) + cells, line=line.line, page=line.page))
    report_placement(spec, body, placement, warnings)
    return _with_possible([SourceLine(cells=names, line=header[0].line, page=header[0].page)] + out,
                          handed(placement, rows, lambda r: (body[r].line, body[r].page, None)))


def _with_possible(lines: list[SourceLine], possible: tuple) -> list[SourceLine]:
    """What rows not placed may be rides on the table's first line, for the model (engine/importers/possible.py)."""
    return [replace(lines[0], possible=lines[0].possible + possible)] + lines[1:] if possible and lines else lines


# 公开09's items and the identities between them, for each of 预算数 and 决算数
def _typed_wide(spec: TableSpec, header: list[SourceLine], body: list[SourceLine],
                warnings: Warnings | None) -> list[SourceLine]:
    """公开09 printed as one row: a line of items, a line of 预算数 决算数 under each, then the amounts; fewer amounts
    than columns are placed by the table's arithmetic (合计 = Σ items, 公务用车… = 购置 + 运行维护, each side)."""
    at = keys_line(spec, header)  # one reading of 公开09's pairs line (预算数 决算数 …) for every layout
    pairs = header[at] if at is not None else None
    items = next((h for h in header if h is not pairs and len(h.cells) >= 2
                  and all(spec.row_key(c) for c in h.cells)), None)
    if pairs is None or items is None or len(pairs.cells) != 2 * len(items.cells) or len(body) != 1:
        raise Unaligned()
    keys = tuple(f"{spec.row_key(item)}|{spec.column_key(c)}"
                 for item, pair in zip(items.cells, zip(pairs.cells[::2], pairs.cells[1::2])) for c in pair)
    row = PrintedRow(amounts=tuple(body[0].values), keys=keys)
    placement = place([row], wide_equations(keys), scale(list(row.amounts)))
    cells = [""] * len(keys)
    for c, text in zip(placement.columns[0] or (), row.amounts):
        cells[c] = text
    report_placement(spec, body, placement, warnings)
    spread = SourceLine(cells=[c for item in items.cells for c in (item, "")], line=items.line, page=items.page)
    return _with_possible([spread if h is items else h for h in header]
                          + [SourceLine(cells=cells, line=body[0].line, page=body[0].page)],
                          handed(placement, [row], lambda r: (body[0].line, body[0].page, None)))


def _typed_sides(spec: TableSpec, items: list[str], width: int, body: list[SourceLine],
                 warnings: Warnings | None) -> list[SourceLine]:
    """A two-sided table's row: on each side a label, its 行次, then its amounts. A side of one amount column is
    placed by order; a side of several (公开04's 支出: 合计 and a column a fund) by the table's arithmetic."""
    from engine.catalogue import load_catalogue

    parts = [items[:width], items[width:]][:len(spec.sides)]
    layout = []  # per side: numbered, the keys of its amount columns
    for side, part in zip(spec.sides, parts):
        names = [c for c in part[1:] if normalise(c) != "行次"]
        layout.append(("行次" in part, tuple(spec.column_key(c, side) or normalise(c) for c in names)))
    numbered = any(n for n, _ in layout)
    printed: list[list[tuple[str, str, tuple[str, ...]] | None]] = []
    seen: set[str | None] = set()  # the 收入 rows read so far
    for line in body:
        groups: list[list[str]] = [[]]
        for value in _labels(spec, line.values):
            group = groups[-1]
            numbers = [v for v in group if _LINE_NO.match(v)]
            if group and (not is_amount(value) or (numbered and _LINE_NO.match(value) and numbers)):
                groups.append([])  # a label, or a second 行次, starts the next side
            groups[-1].append(value)
        sides: list[tuple[str, str, tuple[str, ...]] | None] = []
        for group in groups:
            label = "" if is_amount(group[0]) else group[0]
            rest = group[1:] if label else group
            number = rest[0] if numbered and rest and _LINE_NO.match(rest[0]) and "." not in rest[0] else ""
            sides.append((label, number, tuple(rest[1:] if number else rest)))
        if len(sides) == 1 and len(spec.sides) == 2 and sides[0][0] and (_belongs_right(spec, sides[0][0]) or (
                spec.row_key(sides[0][0], spec.sides[0]) in seen and spec.row_key(sides[0][0], spec.sides[1]))):
            sides.insert(0, None)  # a 支出 row, or a label both sides print (总计) whose 收入 row came already
        printed.append((sides + [None] * len(spec.sides))[:len(spec.sides)])
        if printed[-1][0] is not None:
            seen.add(spec.row_key(printed[-1][0][0], spec.sides[0]))
    rows, where, keyed = [], [], []
    catalogue, parents = load_catalogue(), {}
    for n, sides in enumerate(printed):
        for k, found in enumerate(sides):
            if found is None:
                continue
            label, side = found[0], spec.sides[k]
            key = spec.row_key(f"{parents[side]}/{normalise(label)}", side) if parents.get(side) else None
            if key is None:
                key = spec.row_key(label, side)
                parents[side] = key if key and any(r.key.startswith(key + "/") for r in spec.rows) else None
            is_class = spec.class_rows == side and bool(label) and catalogue.class_code(label) is not None
            rows.append(PrintedRow(amounts=found[2], keys=layout[k][1]))
            keyed.append(SideRow(side=side, key=key, is_class=is_class))
            where.append((n, k))
    equations = identities(spec.id, rows) + sided_equations(spec.id, rows, keyed)
    placement = place(rows, equations, scale([t for row in rows for t in row.amounts]))
    cells = [[[""] * len(part) for part in parts] for _ in body]
    for (n, k), cols in zip(where, placement.columns):
        label, number, amounts = printed[n][k]
        lead = [label] + ([number] if layout[k][0] else [])
        cells[n][k][:len(lead)] = lead
        for c, text in zip(cols or (), amounts):
            cells[n][k][len(lead) + c] = text
    report_placement(spec, [body[n] for n, _ in where], placement, warnings)
    return _with_possible([SourceLine(cells=[c for side in row for c in side], line=line.line, page=line.page)
                           for row, line in zip(cells, body)],
                          handed(placement, rows, lambda r: (body[where[r][0]].line, body[where[r][0]].page,
                                                             spec.sides[where[r][1]])))


def _labels(spec: TableSpec, values: list[str]) -> list[str]:
    """A line's values with the labels of its two sides told apart (`二、政府性基金预算财政拨款收入 二、外交支出` was
    kept as one run of words): a word joins the one before only when that is not a row and both together are."""
    from engine.catalogue import load_catalogue

    def known(text: str) -> bool:
        return bool(spec.row_key(text) or load_catalogue().class_code(text))

    out: list[str] = []
    for value in values:
        if is_amount(value):
            out.append(value)
            continue
        words: list[str] = []
        for word in value.split():
            if words and not known(words[-1]) and (known(words[-1] + word) or not (
                    known(word) or re.match(r"^[一二三四五六七八九十]+、", word))):
                words[-1] += word
            else:
                words.append(word)
        out += words
    return out


def _belongs_right(spec: TableSpec, label: str) -> bool:
    from engine.catalogue import load_catalogue

    right = spec.sides[1]
    if spec.class_rows == right and load_catalogue().class_code(label):
        return True
    return spec.row_key(label, right) is not None and spec.row_key(label, spec.sides[0]) is None


_HEADER_WORDS = _STRUCTURAL | _LEAD_HEADINGS | {"功能分类", "支出功能分类", "经济分类", "科目", "编码", "栏次"}


def _headerish(spec: TableSpec, line: SourceLine) -> bool:
    words = [w for v in line.values for w in v.split()]
    return any(normalise(w) in _HEADER_WORDS or spec.column_key(w) for w in words)


def _stacked(spec: TableSpec, header: list[SourceLine], body: list[SourceLine]) -> tuple[list, list, bool]:
    """Rows whose name is printed on lines of its own around the code line (pdfplumber's `extract_text` of cells
    whose text is centred: `社会保障和就` / `208 754.75 754.75 0.00` / `业支出`), and a 合计 printed above its amounts
    → one line a row: code, name, amounts. Text lines between two coded rows are shared: the next row takes the
    upper half (all of them when its code line prints no name of its own is not enough: ceil), the row before the
    rest. Tables without such lines are returned as they are. The flag: names came from lines of their own, so how
    they are split between rows is a reading of the layout, not certain (the table says so: partly read).)"""
    def parts(line: SourceLine) -> tuple[str, str, list[str], str]:
        values = [w for v in line.values for w in v.split()]
        code = values[0] if values and _CODE.match(values[0]) else ""
        rest = values[1:] if code else values
        own, amounts, after = [], [], []
        for v in rest:
            glued = re.match(r"^([\d,]+\.\d+)(\D.*)$", v)  # `60.99行政单位医疗`: an amount and the next row's name
            if glued:
                amounts.append(glued[1])
                after.append(glued[2])
            elif is_amount(v) and not after:
                amounts.append(v)
            elif amounts:
                after.append(v)
            else:
                own.append(v)
        return code, "".join(own), amounts, "".join(after)

    loose = [line for line in body if not parts(line)[0] and not parts(line)[2]]
    amounts_only = [line for line in body if not parts(line)[0] and parts(line)[2] and not parts(line)[1]]
    if not loose and not amounts_only:
        return header, body, False
    while header and not _headerish(spec, header[-1]) or (
            header and normalise(header[-1].text) in _TOTALS and body and not parts(body[0])[0]):
        body = [header.pop()] + body  # a row's name printed above its code line, under the header
    # names printed wholly above their code line (every gap one line: czj), or centred on it (some gap of two lines
    # or more: ghzyj) — one convention a table
    gaps, run = [], 0
    for line in body:
        code, _, amounts, _ = parts(line)
        if code or amounts:
            gaps.append(run)
            run = 0
        else:
            run += 1
    centred = any(g >= 2 for g in gaps[1:])
    rows: list[list] = []  # [code, name parts above, own, below, amounts, line]
    pending: list[str] = []
    for line in body:
        code, own, amounts, after = parts(line)
        if not code and not amounts:
            pending.append(line.text.replace(" ", ""))
            continue
        if not code and rows and rows[-1][0] and not rows[-1][4]:
            rows[-1][2] += "".join(pending) + own  # `22102` alone at a page's top, its name and amounts below
            rows[-1][4] = amounts
            pending = [after] if after else []
            continue
        if code and centred:
            take = (len(pending) + 1) // 2 if not own else len(pending) // 2
        else:
            take = len(pending)  # an amounts-only line (合计), or names printed wholly above: all of what is above
        if rows:
            rows[-1][3] += pending[:len(pending) - take]
        rows.append([code, pending[len(pending) - take:], own, [], amounts, line])
        pending = [after] if after else []
    if rows:
        rows[-1][3] += pending
    out = [SourceLine(cells=[code] * bool(code) + ["".join(above) + own + "".join(below)] * bool(
        above or own or below) + amounts, line=line.line, page=line.page, starts=())
        for code, above, own, below, amounts, line in rows]
    return header, out, bool(loose)


def _typed_coded(spec: TableSpec, header: list[SourceLine], body: list[SourceLine],
                 warnings: Warnings | None, facts: list[Fact] = (), parts: dict | None = None) -> list[SourceLine]:
    """Coded rows: code, name, then amounts; a row printing fewer amounts than there are columns is placed by the
    table's arithmetic (placement.py), or left out (the table is then partly read, never guessed)."""
    names = next((h.cells for h in reversed(header) if len(h.cells) >= 3), None)
    if names is None:
        raise Unaligned()
    keys = [spec.column_key(c) for c in names[2:]]  # 科目编码, 科目名称 (or their empty place), then one a column
    printed = []
    for line in body:
        values = line.values
        if values and " " in values[0] and _CODE.match(values[0].split()[0]):
            values = values[0].split(maxsplit=1) + values[1:]  # `30106 伙食补助费` with no amount: kept as one run
        code = values[0] if values and _CODE.match(values[0]) else ""
        rest = values[1:] if code else values
        name = rest[0] if rest and not is_amount(rest[0]) else ""
        printed.append((code, name, tuple(rest[1:] if name else rest)))
    rows = [PrintedRow(amounts=amounts, keys=tuple(keys), parts=(parts or {}).get((line.line, line.page), ()),
                       stranger=not code and normalise(name) not in _TOTALS and not spec.row_key(name))
            for line, (code, name, amounts) in zip(body, printed)]
    total = next((i for i, (_, name, _) in enumerate(printed) if normalise(name) in _TOTALS), None)
    equations = identities(spec.id, rows)
    for parent, children in code_groups([code for code, _, _ in printed], total).items():
        equations += column_totals(parent, children, len(keys))
    where = {("合计" if normalise(name) in _TOTALS else code): i for i, (code, name, _) in enumerate(printed)}
    known = [(where[f.row], keys.index(f.column), f.op, f.value, f.terms) for f in facts
             if f.row in where and f.column in keys]
    placement = place(rows, equations, scale([t for row in rows for t in row.amounts]), known)
    out = []
    for line, (code, name, amounts), cols in zip(body, printed, placement.columns):
        cells = [""] * len(keys)
        for c, text in zip(cols or (), amounts):
            cells[c] = text
        out.append(SourceLine(cells=[code, name] + cells, line=line.line, page=line.page))
    report_placement(spec, body, placement, warnings, sorted({f.source for f in facts}))
    return _with_possible(out, handed(placement, rows, lambda r: (body[r].line, body[r].page, None)))
