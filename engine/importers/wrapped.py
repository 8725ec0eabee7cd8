"""Names wrapped over several lines in a coded table laid out with spaces (pdftotext -layout), joined to their row.

A PDF table cell is centred on its row: a name wrapped over two lines prints one line above the row's code and
amounts and one below; over three lines, the middle one beside the code. Text laid out line by line therefore puts
the tail of one row's name right above the head of the next row's name, and nothing but position tells them apart.
Two facts decide it, generally: a line that wraps is full (as wide as the widest name line of the table), so only a
name's last line may be short; and a centred name has as many lines above its code line as below. Of all the ways
to give each run of name lines between two code lines to the row above and the row below, the one that breaks no
"short line ends a name" and is most nearly centred is taken.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from engine.importers.amounts import WRAPPED_AMOUNT
from engine.importers.errors import Warnings
from engine.importers.lines import SourceLine
from engine.said import say

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_AMOUNT = WRAPPED_AMOUNT
# a column heading or a page's running head, never part of a name
_HEADER_WORDS = re.compile(r"科目|编码|单位[:：]|决算表|^(?:项目|名称|合计|总计|[类款项]|功能分类|经济分类)$")
_INVALID = 1_000  # a partition where a short line is followed by more of the same name: possible only as a last resort


def join_wrapped_names(lines: list[SourceLine], warnings: Warnings | None = None, table: str = "") -> list[SourceLine]:
    """The table's lines with each wrapped name joined into its code line (the name lines themselves removed).
    Lines without character positions, and tables without code rows or wrapped names, are returned unchanged.
    A join only a last resort allows (a short line inside a name) is said in `warnings`: the names may be wrong."""
    if not any(line.starts for line in lines):
        return lines
    codes = [i for i, line in enumerate(lines) if _code_line(line)]
    if len(codes) < 2:
        return lines
    left = _name_left(lines, codes)
    if left is None:
        return lines
    name_lines = {i for i, line in enumerate(lines) if _name_line(line, left)}
    runs, allowed = _runs(lines, codes, name_lines)
    if not any(runs):
        return lines
    mids = [_mid(lines[i], left) for i in codes]
    widest = max([len(lines[i].values[0]) for run in runs for i in run] + [len(m) for m in mids if m])
    full = [len(lines[i].values[0]) >= widest - 1 if i in name_lines else False for i in range(len(lines))]
    cost, splits = _best_splits(runs, allowed, [len(m) >= widest - 1 if m else None for m in mids], full.__getitem__)
    if cost >= _INVALID and warnings is not None:
        warnings.add("names_stacked", say("I100", table=table), lines[codes[0]].line)
    out, taken = list(lines), set()
    for row, code in enumerate(codes):
        above, below = runs[row][splits[row]:], runs[row + 1][:splits[row + 1]]
        if not above and not below:
            continue
        name = "".join([lines[i].values[0] for i in above] + ([mids[row]] if mids[row] else [])
                       + [lines[i].values[0] for i in below])
        out[code] = _with_name(lines[code], left, name)
        taken.update(above, below)
    return [line for i, line in enumerate(out) if i not in taken]


def _code_line(line: SourceLine) -> bool:
    """A row's code line: a code first, then amounts and at most one piece of name (none in a table without data)."""
    values = line.values
    return bool(values) and bool(_CODE.match(values[0])) and sum(1 for v in values[1:] if not _AMOUNT.match(v)) <= 1


def _name_left(lines: list[SourceLine], codes: list[int]) -> int | None:
    """Where names start: the commonest start of a code line's second cell when it is text."""
    starts = Counter()
    for i in codes:
        line = lines[i]
        cells = [(c.strip(), s) for c, s in zip(line.cells, line.starts or ()) if c.strip()]
        if len(cells) >= 2 and not _AMOUNT.match(cells[1][0]):
            starts[cells[1][1]] += 1
    return starts.most_common(1)[0][0] if starts else None


def _name_line(line: SourceLine, left: int) -> bool:
    """One text cell starting where names start: no code, no amount, not a header word."""
    if not line.starts or len(line.values) != 1:
        return False
    start = next(s for c, s in zip(line.cells, line.starts) if c.strip())
    text = line.values[0]
    return abs(start - left) <= 1 and not _AMOUNT.match(text) and not _CODE.match(text) \
        and not _HEADER_WORDS.search(text) and len(text) <= 20


def _mid(line: SourceLine, left: int) -> str:
    return next((c.strip() for c, s in zip(line.cells, line.starts or ()) if c.strip() and abs(s - left) <= 1
                 and not _AMOUNT.match(c.strip())), "")


def _runs(lines: list[SourceLine], codes: list[int], name_lines: set[int]) -> tuple[list[list[int]], list[range]]:
    """runs[0]: name lines right above the first code line; runs[k]: those between code lines k-1 and k; runs[-1]:
    those right below the last; and for each run the splits allowed. A run between two code lines with anything
    else between them (a page break, a total, a header repeated) keeps what touches each code line, each with its
    own code line: the split is fixed. Blank lines are skipped."""
    def walk(start: int, step: int, page: int | None) -> list[int]:
        found, i = [], start
        while 0 <= i < len(lines):
            line = lines[i]
            if line.blank:
                i += step
                continue
            if i not in name_lines or line.page != page:
                break
            found.append(i)
            i += step
        return found

    runs = [list(reversed(walk(codes[0] - 1, -1, lines[codes[0]].page)))]
    allowed = [range(0, 1)]
    for a, b in zip(codes, codes[1:]):
        between = [i for i in range(a + 1, b) if not lines[i].blank]
        if all(i in name_lines and lines[i].page == lines[a].page == lines[b].page for i in between):
            runs.append(between)
            allowed.append(range(len(between) + 1))
        else:
            below, above = walk(a + 1, 1, lines[a].page), list(reversed(walk(b - 1, -1, lines[b].page)))
            runs.append(below + above)
            allowed.append(range(len(below), len(below) + 1))
    runs.append(walk(codes[-1] + 1, 1, lines[codes[-1]].page))
    allowed.append(range(len(runs[-1]), len(runs[-1]) + 1))
    return runs, allowed


def _best_splits(runs: list[list[int]], allowed: list[range], mids: list[bool | None], full) -> tuple[int, list[int]]:
    """splits[k]: how many lines of runs[k] go below row k-1 (the rest go above row k), within allowed[k]. Dynamic programming over rows; cost: |above − below| per row, and _INVALID per short line
    not ending a name. mids: whether the name part printed beside each code is full (None: nothing printed there)."""
    rows = len(mids)

    def cost(above: list[int], below: list[int], mid: bool | None) -> int:
        parts = [full(i) for i in above] + ([mid] if mid is not None else []) + [full(i) for i in below]
        bad = sum(1 for part in parts[:-1] if not part)  # only a name's last line may be short
        return abs(len(above) - len(below)) + _INVALID * bad

    # state after row r: how many lines of runs[r] were given to row r-1 (so above row r = the rest)
    best = {0: (0, [0])}
    for r in range(rows):
        nxt: dict[int, tuple[int, list[int]]] = {}
        for given, (total, path) in best.items():
            above = runs[r][given:]
            following = runs[r + 1]
            for take in allowed[r + 1]:
                c = total + cost(above, following[:take], mids[r])
                if take not in nxt or c < nxt[take][0]:
                    nxt[take] = (c, path + [take])
        best = nxt
    return min(best.values())


def _with_name(line: SourceLine, left: int, name: str) -> SourceLine:
    cells, starts = list(line.cells), list(line.starts or ())
    for k, (cell, start) in enumerate(zip(cells, starts)):
        if cell.strip() and abs(start - left) <= 1 and not _AMOUNT.match(cell.strip()):
            cells[k] = name
            return replace(line, cells=cells, starts=tuple(starts))
    at = next((k for k, s in enumerate(starts) if s > left), len(cells))
    return replace(line, cells=cells[:at] + [name] + cells[at:], starts=tuple(starts[:at] + [left] + starts[at:]))
