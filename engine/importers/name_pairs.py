"""Names of two groups printed side by side (公开06: 人员经费 | 公用经费), wrapped into pieces on lines of their own, proven
by the table's own layout where it allows one way (name_stack.py does one column of names).

pdfplumber's `extract_text` writes a line's words left to right: `30107 绩效工资 1594.02 30205 水费 0.92` is the left
group's code, name and amounts, then the right group's. A wrapped name's other pieces print on lines of their own,
and nothing in the text says which group such a piece is. What is assumed — facts of a table printed from ruled
cells, none of them a name:

- name_stack.py's premises, per group: every coded row prints a name; a cell wraps a line only when it is full, so a
  piece is the last line of its name when the next piece's first unbreakable part would have fitted beside it within
  its group's widest piece (line_breaks.py). Each group is a column of its own width; a piece of several words
  (letter-spaced: wider than its characters), on a line of its own or after its code, may always be full;
- the groups share the ruled rows and a cell's text stays in its row: both groups' codes of one ruled row print on
  one line (a code line is one row of each group, never two rows of one), every line
  of a row prints above every line of the next, so a piece between two code lines is the upper or the lower row's,
  and one line is one row's;
- on a line the left group's words come before the right group's;
- in each group a 款 follows its 类 or another 款 of it: a 款 alone on its line is the group's whose class it
  continues; a 类 alone may be either group's.

Every assignment that keeps them — a row and a group for each piece (a line cut once between the groups), a group
for each code alone — is walked, each group's widest piece taken from that assignment; they are counted first, and
over `CAP` nothing is proven. A row whose name is the same in all of them is proven; when none keeps them, nothing is.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product

from engine.importers.line_breaks import code_at, printed_width, went_on
from engine.importers.lines import SourceLine
from engine.model import Row, Table

CAP = 20_000  # assignments walked at most
BARRIER: list[str] = []  # a header, note or total line (returned by the caller's `piece` by identity)
Piece = list[str]  # a line's words of name text


class Unplaceable(Exception):
    """The lines are not two groups of codes, names and amounts with pieces on lines of their own."""


@dataclass
class _Cell:
    row: Row
    mid: list[str]  # the words of the piece printed after its code, on its line


@dataclass
class _Gap:
    """The piece lines between two code lines (above the first, below the last), and how many of them the row above
    must take (a barrier among them fixes it; above the first code line, none; below the last, all)."""

    lines: list[Piece] = field(default_factory=list)
    fixed: int | None = None


def proven_pairs(table: Table, printed: list[SourceLine], piece: Callable[[list[str], SourceLine], Piece],
                 mid: Callable[[list[str], str], list[str]]) -> tuple[dict[str, str], list[str]]:
    """(Row key → the only name the two-group layout allows, every piece walked). No name when over the cap or no
    assignment keeps the premises. `piece` gives a line's name words ([] none, BARRIER), `mid` the piece after a
    code on its line (its words)."""
    codes, gaps = _read(table, printed, piece, mid)
    pieces = ["".join(c.mid) for cells in codes for c in cells if c.mid] + ["".join(w) for gap in gaps for w in gap.lines]
    sides = _sides(codes)
    count = len(sides)
    for gap in gaps:  # counted before any is listed: a gap of many letter-spaced lines has very many cuts
        count *= _count(gap)
    if not sides or count > CAP:
        return {}, pieces
    ways = [_ways(gap) for gap in gaps]
    names: dict[str, set[str]] = {}
    kept = False
    for side in sides:
        for choice in product(*ways):
            found = _names(codes, gaps, side, choice)
            if found is not None:
                kept = True
                for key, name in found.items():
                    names.setdefault(key, set()).add(name)
    return {key: next(iter(found)) for key, found in names.items() if len(found) == 1} if kept else {}, pieces


def _read(table: Table, printed: list[SourceLine], piece: Callable[[list[str], SourceLine], Piece],
          mid: Callable[[list[str], str], list[str]]) -> tuple[list[list[_Cell]], list[_Gap]]:
    """The code lines' cells (left to right) in printed order, and the gaps before, between and after them."""
    at = {(line.page, line.line): n for n, line in enumerate(printed)}
    by_line: dict[int, list[Row]] = {}
    for row in table.rows:
        if row.code:
            n = at.get((row.source.page, row.source.line))
            if n is None:
                raise Unplaceable
            by_line.setdefault(n, []).append(row)
    if any(len(rows) > 2 for rows in by_line.values()) or not any(len(rows) == 2 for rows in by_line.values()):
        raise Unplaceable
    codes: list[list[_Cell]] = []
    runs: list[list[Piece]] = [[]]
    for n, line in enumerate(printed):
        words = [w for v in line.values for w in v.split()]
        if n in by_line:
            codes.append(_cells(words, by_line[n], mid))
            runs.append([])
        elif got := piece(words, line):
            runs[-1].append(got)
        elif got is BARRIER:
            runs[-1].append(BARRIER)
    gaps = []
    for k, run in enumerate(runs):
        marks = [i for i, p in enumerate(run) if p is BARRIER]
        if k == 0:  # above the first code line: what follows the last barrier is the first row's
            run, fixed = (run[marks[-1] + 1:] if marks else run), 0
        elif k == len(runs) - 1:  # below the last: what precedes the first barrier is the last row's
            run = run[:marks[0]] if marks else run
            fixed = len(run)
        elif marks:
            if any(p is not BARRIER for p in run[marks[0]:marks[-1] + 1]):
                raise Unplaceable  # pieces between two barriers are no row's
            fixed = marks[0]
        else:
            fixed = None
        gaps.append(_Gap(lines=[p for p in run if p is not BARRIER], fixed=fixed))
    return codes, gaps


def _cells(words: list[str], rows: list[Row], mid: Callable[[list[str], str], list[str]]) -> list[_Cell]:
    """A code line's rows left to right, each with the piece after its code; what precedes the first code must be no
    text (`mid` says the same of what follows a code's amounts)."""
    starts = sorted(((_start(words, row.code or ""), i) for i, row in enumerate(rows)))
    if any(start < 0 for start, _ in starts):
        raise Unplaceable
    out = []
    for j, (start, i) in enumerate(starts):
        end = starts[j + 1][0] if j + 1 < len(starts) else len(words)
        out.append(_Cell(row=rows[i], mid=mid(words[:end] if j == 0 else words[start:end], rows[i].code or "")))
    return out


def _start(words: list[str], code: str) -> int:
    """Where the code's words start on the line (a code may be printed in parts: 301 08); -1 when it is not."""
    at = code_at(words, code)
    return -1 if at is None else at[0]


def _sides(codes: list[list[_Cell]]) -> list[list[int]]:
    """Every way of giving each code alone on its line a group (0 left, 1 right) in which each group's 款 follow a
    row of their class: per code line, the group of its first cell. [] when over the cap."""
    out: list[list[int]] = []

    def walk(n: int, last: tuple[str, str], chosen: list[int]) -> None:
        if len(out) > CAP:
            return
        if n == len(codes):
            out.append(chosen)
            return
        found = [c.row.code or "" for c in codes[n]]
        for g in ((0,) if len(found) == 2 else (0, 1)):
            now = list(last)
            for h, code in enumerate(found, start=g):
                if len(code) != 3 and now[h] not in ("", code[:3]):
                    break
                now[h] = code[:3]
            else:
                walk(n + 1, (now[0], now[1]), chosen + [g])

    walk(0, ("", ""), [])
    return out if len(out) <= CAP else []


def _count(gap: _Gap) -> int:
    out = 1 if gap.fixed is not None else len(gap.lines) + 1
    for words in gap.lines:
        out *= len(words) + 1
    return out


def _ways(gap: _Gap) -> list[tuple[int, tuple[int, ...]]]:
    """A gap's ways: how many of its lines the row above takes, and where each line is cut (the left group's words
    before the cut)."""
    splits = [gap.fixed] if gap.fixed is not None else range(len(gap.lines) + 1)
    cuts = list(product(*[range(len(words) + 1) for words in gap.lines]))
    return [(s, cut) for s in splits for cut in cuts]


def _names(codes: list[list[_Cell]], gaps: list[_Gap], side: list[int], choice: tuple) -> dict[str, str] | None:
    """Every coded row's name under one assignment; None when it breaks a premise. A piece is (text, one word)."""
    groups = [{side[n] + j: cell for j, cell in enumerate(cells)} for n, cells in enumerate(codes)]
    got: list[dict[int, list[tuple[str, bool]]]] = [{g: [] for g in cells} for cells in groups]
    for n, cells in enumerate(groups):  # the row's pieces in printed order: above its code line, its own, below
        (s_above, cut_above), (s_below, cut_below) = choice[n], choice[n + 1]
        before = list(zip(gaps[n].lines, cut_above))[s_above:]
        after = list(zip(gaps[n + 1].lines, cut_below))[:s_below]
        for g in cells:
            got[n][g] = _parts(before, g) + ([("".join(cells[g].mid), len(cells[g].mid) == 1)] if cells[g].mid else []) + _parts(after, g)
        if any(_parts(before + after, g) for g in (0, 1) if g not in cells):
            return None  # a piece of a group this row has no code in
    widest = [max((printed_width(text) for row in got for text, _ in row.get(g, [])), default=0.0) for g in (0, 1)]
    out: dict[str, str] = {}
    for n, cells in enumerate(groups):
        for g, cell in cells.items():
            pieces = got[n][g]
            if not pieces:
                return None  # every coded row prints a name
            if any(one and not went_on(text, following, widest[g])
                   for (text, one), (following, _) in zip(pieces, pieces[1:])):
                return None  # a piece whose line was not full went on over the next line
            out[cell.row.key] = "".join(text for text, _ in pieces)
    return out


def _parts(lines: list[tuple[Piece, int]], g: int) -> list[tuple[str, bool]]:
    """Group g's pieces of some piece lines, each line cut at its cut."""
    out = []
    for words, c in lines:
        part = words[:c] if g == 0 else words[c:]
        if part:
            out.append(("".join(part), len(part) == 1))
    return out
