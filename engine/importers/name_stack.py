"""Names a text tool printed in pieces around their codes, proven by the table's own layout where it allows one way.

pdfplumber's `extract_text` prints a wrapped 科目名称 cell as lines of their own above, beside and below its code
line, in the order of the page. Between two code lines, then, the pieces belong to the row above (the end of its name)
or to the row below (the start of its name), and nothing in the text says where one name ends. Two premises of any
table printed from cells narrow it, without reading any name:

- every coded row prints a name (a code with no name at all is no row of the 科目 tables);
- a cell wraps a line only when it is full, so a piece is the last line of its name when the next piece's first
  unbreakable part (an opening bracket kept with the character after it, a closing bracket or a mark that cannot
  start a line with the one before: line_breaks.py) would have fitted beside it within the table's widest piece;
  a piece of several words (letter-spaced: wider than its characters) may always be full. True of cells the
  software wraps; a name broken by hand before its line is full defeats it (README says so).

Every way of giving the pieces to the rows that breaks neither is tried (a walk over the gaps between code lines,
each split once); a row whose name is the same in every way is proven, whatever the other rows are. A table whose
lines hold two codes (groups side by side) is walked by name_pairs.py, with the same premises per group and what the
shared rows add; a piece neither can place proves nothing.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from engine.importers import name_pairs
from engine.importers.line_breaks import code_at, printed_width, went_on
from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.model import Row, Table

_STOP = re.compile(r"^(?:[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-—–]+)$")  # an amount, a code, a 不适用 mark
_HEADING = re.compile(r"科目|编码|单位[:：]|决算表|栏次|^(?:项目|名称|合计|总计|小计|[类款项]|功能分类|经济分类)$")
_NOTE = re.compile(r"^(?:注|说明)\s*[:：]")
_TOTAL = re.compile(r"(?:合计|总计|小计)$")  # a total's label, never a 科目's name
_BARRIER = "\x00"  # a header, a note or a total row: no name goes across it


class _Unplaceable(Exception):
    """The table's lines are not one column of names beside codes and amounts."""


def proven_names(table: Table, lines: list[SourceLine]) -> dict[str, str]:
    """Row key → name, for the coded rows whose name is the only one the layout allows. Where the importer joined
    the same pieces (all its names together are all the pieces, in order) and only cut them elsewhere, a proven name
    replaces its join; where it did not, only names it joined as proven are given."""
    printed = [line for line in lines if not line.blank]
    try:
        codes, mids, runs, fixed, spaced = _pieces(table, printed)
    except _Unplaceable:
        return _pairs(table, printed)
    if not codes:
        return {}
    parts = [p for run in runs for p in run] + [m for m in mids if m]
    widest = max((printed_width(p) for p in parts), default=0.0)
    names = _names(mids, runs, fixed, lambda piece, following: piece in spaced or went_on(piece, following, widest))
    same_pieces = "".join(normalise(row.label) for row in codes) == "".join(
        normalise(p) for k in range(len(runs)) for p in runs[k] + ([mids[k]] if k < len(mids) and mids[k] else []))
    return {row.key: name for row, found in zip(codes, names) if len(found) == 1
            for name in found if same_pieces or normalise(name) == normalise(row.label)}


def _pieces(table: Table, printed: list[SourceLine]
            ) -> tuple[list[Row], list[str], list[list[str]], list[int | None], set[str]]:
    """The coded rows in printed order, the piece on each code line, the runs of pieces before, between and after
    them, for each run the split a barrier fixes (None: any split), and the pieces printed as several words
    (letter-spaced: wider than their characters, so they may always be full)."""
    at = {(line.page, line.line): n for n, line in enumerate(printed)}
    by_line: dict[int, Row] = {}
    for row in table.rows:
        if not row.code:
            continue
        n = at.get((row.source.page, row.source.line))
        if n is None or n in by_line:
            raise _Unplaceable  # not found, or two codes on one line (groups side by side)
        by_line[n] = row
    totals = {normalise(row.label) for row in table.rows if not row.code}
    codes: list[Row] = []
    mids: list[str] = []
    runs: list[list[str]] = [[]]  # pieces, and _BARRIER where a header, note or total stood
    totals_seen: set[str] = set()
    spaced: set[str] = set()
    for n, line in enumerate(printed):
        words = [w for v in line.values for w in v.split()]
        if n in by_line:
            codes.append(by_line[n])
            mid = mid_words(words, by_line[n].code or "")
            mids.append("".join(mid))
            if len(mid) > 1:
                spaced.add(mids[-1])
            runs.append([])
        elif piece := _piece(words, line, totals):
            runs[-1].append(piece)
            if piece != _BARRIER and sum(not _STOP.match(w) for w in words) > 1:
                spaced.add(piece)
            if piece == _BARRIER:
                totals_seen.add(normalise("".join(w for w in words if not _STOP.match(w))))
    if not totals <= totals_seen:
        raise _Unplaceable  # a row without a code printed in pieces: its pieces would be taken for names
    fixed: list[int | None] = []
    clean: list[list[str]] = []
    for k, run in enumerate(runs):
        marks = [i for i, p in enumerate(run) if p == _BARRIER]
        if k == 0:  # before the first code: what follows the last barrier is the first row's
            run = run[marks[-1] + 1:] if marks else run
            fixed.append(0)
        elif k == len(runs) - 1:  # after the last code: what precedes the first barrier is the last row's
            run = run[:marks[0]] if marks else run
            fixed.append(len(run))
        elif marks:  # a barrier between two codes: what touches each code line is that row's
            if any(p != _BARRIER for p in run[marks[0]:marks[-1] + 1]):
                raise _Unplaceable  # pieces between two barriers belong to no row
            fixed.append(marks[0])
        else:
            fixed.append(None)
        clean.append([p for p in run if p != _BARRIER])
    return codes, mids, clean, fixed, spaced


def mid_words(words: list[str], code: str) -> list[str]:
    """The words of the piece printed right after the row's code on its line; text anywhere else on the line is not
    placeable."""
    at = code_at(words, code)
    if at is None or any(not _STOP.match(w) for w in words[:at[0]]):
        raise _Unplaceable
    start = at[1]
    end = next((j for j in range(start, len(words)) if _STOP.match(words[j])), len(words))
    if any(not _STOP.match(w) for w in words[end:]):
        raise _Unplaceable  # text after the amounts: another column's, or a piece glued on
    return words[start:end]


def _piece(words: list[str], line: SourceLine, totals: set[str]) -> str:
    """The name piece a line without a code prints ("" for none), or _BARRIER."""
    text = [i for i, w in enumerate(words) if not _STOP.match(w)]
    if not text:
        return ""
    if _NOTE.match(line.text) or any(_HEADING.search(words[i]) for i in text):
        return _BARRIER
    if text != list(range(text[0], text[-1] + 1)):
        raise _Unplaceable  # two runs of words: names of two columns
    piece = "".join(words[i] for i in text)
    return _BARRIER if normalise(piece) in totals else piece


def _names(mids: list[str], runs: list[list[str]], fixed: list[int | None],
           goes_on: Callable[[str, str], bool]) -> list[set[str]]:
    """For each row, every name some complete way of giving the pieces allows. runs[k] lies above row k (k = 0 … n);
    a split s of runs[k] gives runs[k][:s] to row k-1 and the rest to row k; `goes_on(a, b)`: b may follow a."""
    n = len(mids)
    allowed = [range(f, f + 1) if f is not None else range(len(run) + 1) for run, f in zip(runs, fixed)]

    def name(k: int, s: int, t: int) -> str | None:
        parts = runs[k][s:] + ([mids[k]] if mids[k] else []) + runs[k + 1][:t]
        if not parts or not all(goes_on(p, q) for p, q in zip(parts, parts[1:])):
            return None
        return "".join(parts)

    forward: list[set[int]] = [set(allowed[0])] + [set() for _ in range(n)]
    for k in range(n):
        forward[k + 1] = {t for s in forward[k] for t in allowed[k + 1] if name(k, s, t) is not None}
    backward: list[set[int]] = [set() for _ in range(n)] + [forward[n]]
    for k in range(n - 1, -1, -1):
        backward[k] = {s for s in forward[k] for t in backward[k + 1] if name(k, s, t) is not None}
    out: list[set[str]] = []
    for k in range(n):
        found = {name(k, s, t) for s in backward[k] for t in backward[k + 1]}
        out.append({f for f in found if f is not None})
    return out


def _pairs(table: Table, printed: list[SourceLine]) -> dict[str, str]:
    """Two groups side by side (name_pairs.py), with this module's reading of a line; given as for one group: where
    the importer's names hold the same characters as all the pieces, every proven name, else those it joined so."""
    totals = {normalise(row.label) for row in table.rows if not row.code}
    seen: set[str] = set()

    def piece(words: list[str], line: SourceLine) -> list[str]:
        text = [w for w in words if not _STOP.match(w)]
        if not text:
            return []
        joined = normalise("".join(text))
        if _NOTE.match(line.text) or any(_HEADING.search(w) for w in text) or joined in totals:
            seen.add(joined)
            return name_pairs.BARRIER
        if all(normalise(w) in totals or _TOTAL.search(w) for w in text):  # totals side by side: 人员经费合计 …
            seen.update(normalise(w) for w in text)
            return name_pairs.BARRIER
        if any(_STOP.match(w) for w in words):
            raise name_pairs.Unplaceable  # an amount on a line of name pieces: whose it is is not walked
        return text

    try:
        proven, pieces = name_pairs.proven_pairs(table, printed, piece, mid_words)
    except (name_pairs.Unplaceable, _Unplaceable):
        return {}
    if not totals <= seen:
        return {}  # a row without a code printed in pieces: its pieces would be taken for names
    same = Counter("".join(normalise(row.label) for row in table.rows if row.code)) == Counter(
        "".join(normalise(p) for p in pieces))
    labels = {row.key: normalise(row.label) for row in table.rows}
    return {key: name for key, name in proven.items() if same or normalise(name) == labels.get(key)}
