"""Groups side by side whose 类, 款, name and amounts text with no columns writes on lines of their own → their rows.

pdfplumber's `extract_text` writes a page line by line, by height. A 经济分类 table that prints its groups side by
side (人员经费 | 公用经费) with the 类 and 款 codes in columns of their own, its cells at different heights within a
ruled row, comes out one printed row as a band of lines: the codes on top (`301 01 302`: the left group's 类 and 款,
the right group's 类), then the names and the right group's 款 (`基本工资 01 办公费`), then the amounts
(`262.33 21.21`); a wrapped name is centred on its row, so its first part is above the names beside it and its
last part below them.

A band starts at a line that starts with a 类 code. Each line of a band is cut into the groups that print in the
band, left to right (cells of one line are in x order); every cut is tried, and one is kept when each group gets
its 类 code first, at most one 款, a name, no more amounts than it has columns, and on each line its cells in the
order of its columns (类, 款, name, amounts); of those, the ways that keep each group in the table's order (a class's
类 row first, then its 款) when there are any. Names alone are read, in a band of every group, by the ways in which no
name goes on over a line that is not full (name_stack.py's premise, each group with its own widest line, line
breaks by line_breaks.py): codes and amounts stay as all the ways leave them. Where cuts leave an amount's
group open, the table's arithmetic
(a 类 = Σ its 款, placement.py) decides, or the amount is not read (partly read, with the reason); where they leave a
name's part (or a 款 code) open, it goes to the name that started on an earlier line (the wrapped one, centred) and
the table says its names (I100, naming those rows only) or codes (I120) may be wrong. Whatever does not read so returns None: the table is
then read as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import combinations, combinations_with_replacement, product

from engine.catalogue import TableSpec
from engine.importers.errors import Warnings
from engine.importers.lines import SourceLine
from engine.importers.line_breaks import printed_width, went_on
from engine.importers.placement import Equation, Handed, Placement, PrintedRow, place, report_placement, scale
from engine.importers.split_rows import AMOUNT, words
from engine.said import say, short_lines

_CLASS = re.compile(r"^\d{3}$")
_FULL = re.compile(r"^\d{5}$")  # 类 and 款 printed (or joined) as one code
_ITEM = re.compile(r"^\d{2}$")
_GLUED = re.compile(r"^(\D*[^\d\s.,])(\d{3}|\d{5})$")
_RANK = {"class": 0, "full": 0, "item": 1, "name": 2, "amount": 3}  # a group's cells left to right
_CUTS = 20_000  # cuts tried per band before giving up on it


@dataclass
class _Token:
    text: str
    role: str
    line: int  # index of its line in the band


@dataclass
class _Row:
    """One group's row in a band: its code, its name's parts, its amounts (indices into the band's amounts)."""

    code: str
    name: list[str] = field(default_factory=list)
    amounts: list[int] = field(default_factory=list)
    name_lines: list[int] = field(default_factory=list)  # the band line of each part of its name


def _role(word: str) -> str:
    if _CLASS.match(word):
        return "class"
    if _FULL.match(word):
        return "full"
    if _ITEM.match(word):
        return "item"
    return "amount" if AMOUNT.match(word) else "name"


def applies(header: list[SourceLine], body: list[SourceLine]) -> bool:
    """Codes printed in 类 and 款 columns of their own, a line of codes alone among them."""
    return any(len(words(line)) >= 2 and _codes_alone(words(line)) for line in header + body)


def read_bands(spec: TableSpec, header: list[SourceLine], body: list[SourceLine], k: int, columns: int,
               warnings: Warnings | None) -> list[SourceLine] | None:
    """The body as one line a row (code, name, amounts), each group's rows in turn, then the totals; None when a
    line does not read as bands of the `k` groups (each of `columns` amount columns)."""
    bands, totals = _bands(spec, header, body)
    if bands is None or not bands:
        return None
    options: list[list[list[_Row | None]]] = []
    full: list[bool] = []  # the band prints every group (each in its place, left to right)
    last: list[str | None] = [None] * k
    alone: int | None = None
    for band in bands:
        tokens = [[_Token(w, _role(w), n) for w in words(line)] for n, line in enumerate(band)]
        classes = [t.text[:3] for ts in tokens for t in ts if t.role in ("class", "full")]
        printing = _printing(classes, last, alone, k)
        if printing is None:
            return None
        found = _cuts(tokens, printing, columns)
        if not found:
            return None
        # a group's rows in the table's order: a class's 类 row first, then its 款 (when some way reads so)
        found = [o for o in found if _in_order(o, last)] or found
        for g, code in zip(printing, classes):
            last[g] = code
        alone = printing[0] if len(printing) == 1 else None
        options.append(found)
        full.append(len(printing) == k)
    return _rows(spec, bands, options, _wrapped_when_full(options, full, k), totals, k, columns, warnings)


def _wrapped_when_full(options: list[list[list[_Row | None]]], full: list[bool], k: int) -> list[set[int]]:
    """Per band, the cuts (by id) to read its names by: in a band printing every group, those in which no group's
    name goes on over a line that is not full (name_stack.py's premise, per group, by line_breaks.py: the next
    line's first unbreakable part would have fitted within the group's widest line). A group's widest is taken no
    wider than what every cut of some such band gives it, so a line is never called short that might be full; a line
    of several words (letter-spaced, wider than its characters) is never short. A band no cut of which keeps the
    premise keeps them all. Only names are read so: codes and amounts stay as every cut leaves them."""
    widest = [max((min(max((printed_width(t) for _, t, _ in _line_pieces(o[g])), default=0.0) for o in found)
                   for found, every in zip(options, full) if every and found), default=0.0) for g in range(k)]
    out = []
    for found, every in zip(options, full):
        kept = [o for o in found if not every or all(r is None or all(
            not alone or went_on(text, following, widest[g])
            for (_, text, alone), (_, following, _) in zip(_line_pieces(r), _line_pieces(r)[1:]))
            for g, r in enumerate(o))]
        out.append({id(o) for o in kept or found})
    return out


def _line_pieces(row: _Row | None) -> list[tuple[int, str, bool]]:
    """A row's name line by line: (band line, its text, printed as one word)."""
    out: list[tuple[int, list[str]]] = []
    for text, line in zip(row.name, row.name_lines) if row is not None else ():
        if out and out[-1][0] == line:
            out[-1][1].append(text)
        else:
            out.append((line, [text]))
    return [(line, "".join(texts), len(texts) == 1) for line, texts in out]


def codes_in_header(header: list[SourceLine]) -> int:
    """How many of the header's last lines are codes alone (the first row's, printed above its amounts)."""
    n = 0
    while n < len(header) and _codes_alone(words(header[len(header) - 1 - n])):
        n += 1
    return n


def _codes_alone(ws: list[str]) -> bool:
    return bool(ws) and all(_role(w) in ("class", "full", "item") for w in ws)


def _bands(spec: TableSpec, header: list[SourceLine], body: list[SourceLine]
           ) -> tuple[list[list[SourceLine]] | None, list[SourceLine]]:
    """Lines → bands (each from a line that starts with a 类 code), and the totals' lines; None when a line comes
    before the first band or a band follows the totals. The header's last lines of codes alone are the first band's."""
    at = len(header) - codes_in_header(header)
    bands: list[list[SourceLine]] = []
    totals: list[SourceLine] = []
    for line in [piece for printed in header[at:] + body for piece in _parted(printed)]:
        ws = words(line)
        if not ws:
            continue
        if spec.row_key(ws[0]) is not None and _role(ws[0]) == "name":
            totals.append(line)
        elif totals:
            return None, []
        elif _role(ws[0]) in ("class", "full"):
            bands.append([line])
        elif not bands:
            return None, []
        else:
            bands[-1].append(line)
    return bands, totals


def _parted(line: SourceLine) -> list[SourceLine]:
    """A line parted where a 类 code is glued to the word before it (`土地补偿301 11 310`): the text went back to the
    left edge there, to the next row's top (words of one line are in x order, spaced)."""
    out: list[list[str]] = [[]]
    for word in words(line):
        glued = _GLUED.match(word)
        if glued:
            out[-1].append(glued[1])
            out.append([glued[2]])
        else:
            out[-1].append(word)
    return [SourceLine(cells=ws, line=line.line, page=line.page) for ws in out] if len(out) > 1 else [line]


def _printing(classes: list[str], last: list[str | None], alone: int | None, k: int) -> list[int] | None:
    """The groups printing in a band, in order: all when it prints a 类 code for each; else each to the group whose
    class it continues, or (a new class) to the group a band printed alone before went to, else the last."""
    if not classes or len(classes) > k:
        return None
    if len(classes) == k:
        return list(range(k))
    out: list[int] = []
    for code in classes:
        same = [g for g in range(k) if last[g] == code and g not in out]
        g = same[0] if len(same) == 1 else alone if alone is not None and alone not in out else k - 1 - (
            len(classes) - 1 - len(out))
        if out and g <= out[-1]:
            return None
        out.append(g)
    return out


def _cuts(tokens: list[list[_Token]], printing: list[int], columns: int) -> list[list[_Row | None]]:
    """Every way of cutting the band's lines into the printing groups that reads as their rows: per way, per group
    (all k), its row or None. Rows keep the band's amount indices."""
    c = len(printing)
    per_line = []
    for ts in tokens:
        cuts = [cut for cut in _splits(len(ts), c) if all(_ordered(ts[a:b]) for a, b in zip(cut, cut[1:]))]
        per_line.append(cuts)
    total = 1
    for cuts in per_line:
        total *= len(cuts)
    if total > _CUTS:
        return []
    index = {id(t): n for n, t in enumerate(t for ts in tokens for t in ts if t.role == "amount")}
    found = []
    for choice in product(*per_line):
        runs: list[list[_Token]] = [[] for _ in range(c)]
        for ts, cut in zip(tokens, choice):
            for g in range(c):
                runs[g] += ts[cut[g]:cut[g + 1]]
        rows = [_row(run, columns, index) for run in runs]
        if all(r is not None for r in rows):
            out: list[_Row | None] = [None] * (max(printing) + 1)
            for g, r in zip(printing, rows):
                out[g] = r
            found.append(out)
    return found


def _splits(n: int, c: int) -> list[tuple[int, ...]]:
    """Cut points 0 ≤ p1 ≤ … ≤ n of n cells into c runs (the first at 0, the last at n)."""
    return [(0,) + inner + (n,) for inner in combinations_with_replacement(range(n + 1), c - 1)]


def _ordered(run: list[_Token]) -> bool:
    return all(_RANK[a.role] <= _RANK[b.role] for a, b in zip(run, run[1:]))


def _row(run: list[_Token], columns: int, index: dict[int, int]) -> _Row | None:
    """A group's cells in a band as its row: its 类 code first, at most one 款, a name, at most `columns` amounts."""
    if not run or run[0].role not in ("class", "full") or sum(t.role in ("class", "full") for t in run) != 1:
        return None
    items = [t.text for t in run if t.role == "item"]
    if len(items) > (0 if run[0].role == "full" else 1):
        return None
    names = [t for t in run if t.role == "name"]
    amounts = [index[id(t)] for t in run if t.role == "amount"]
    if not names or len(amounts) > columns:
        return None
    return _Row(code=run[0].text + "".join(items), name=[t.text for t in names], amounts=amounts,
                name_lines=[t.line for t in names])


def _cols(option: list[_Row | None], n: int, columns: int) -> list[tuple[int, ...]]:
    """The columns (group × its amount columns) the band's n amounts take under one way of cutting it."""
    per_group = [(g, row.amounts) for g, row in enumerate(option) if row is not None and row.amounts]
    out = []
    for picks in product(*[combinations(range(columns), len(amounts)) for _, amounts in per_group]):
        cols = [0] * n
        for (g, amounts), pick in zip(per_group, picks):
            for a, c in zip(amounts, pick):
                cols[a] = g * columns + c
        out.append(tuple(cols))
    return out


def _equations(codes: list[list[str | None]], columns: int) -> list[Equation]:
    """A 类 = Σ its 款, column by column, over (band, group × column) cells."""
    where = {code: (b, g) for b, band in enumerate(codes) for g, code in enumerate(band) if code}
    out = []
    for code, (b, g) in where.items():
        if len(code) != 3:
            continue
        parts = [(pb, pg) for other, (pb, pg) in where.items() if len(other) == 5 and other[:3] == code]
        if parts:
            out += [Equation(((b, g * columns + c, -1),) + tuple((pb, pg * columns + c, 1) for pb, pg in parts),
                             total=True) for c in range(columns)]
    return out


def _in_order(option: list[_Row | None], last: list[str | None]) -> bool:
    """Each row a 类 where its group starts a class, a 款 of the class its group is in otherwise."""
    return all((len(r.code) == 3) == (r.code[:3] != last[g]) for g, r in enumerate(option) if r is not None)


def _codes(option: list[_Row | None]) -> tuple[str | None, ...]:
    return tuple(r.code if r is not None else None for r in option)


def _crossing(option: list[_Row | None]) -> int:
    """Pairs of names whose printed lines cross rather than nest: a wrapped name is centred on its row, its parts
    above and below the one-line names beside it."""
    spans = [(min(r.name_lines), max(r.name_lines)) for r in option if r is not None]
    return sum(1 for i, (a, b) in enumerate(spans) for c, d in spans[i + 1:]
               if not (a <= c and d <= b) and not (c <= a and b <= d))


def _rows(spec: TableSpec, bands: list[list[SourceLine]], options: list[list[list[_Row | None]]],
          by_name: list[set[int]], totals: list[SourceLine], k: int, columns: int, warnings: Warnings | None
          ) -> list[SourceLine] | None:
    """Each band's rows: codes as its cuts say (or, left open, as the centred names say: I120), amounts where the
    cuts and the arithmetic leave one way, names joined as printed, as the cuts `by_name` (ids) leave them; then the
    totals."""
    codes: list[list[str | None]] = []
    guessed: list[int] = []
    for b, found in enumerate(options):
        seen = {_codes(option) for option in found}
        if len(seen) > 1:  # a 款 code either group's by its line: as the centred names say, said
            fewest = min(_crossing(option) for option in found)
            found[:] = [option for option in found if _crossing(option) == fewest]
            seen = {_codes(option) for option in found}
            if len(seen) != 1:
                return None
            guessed.append(b)
        band_codes = list(next(iter(seen)))
        codes.append(band_codes + [None] * (k - len(band_codes)))
    texts = [[w for line in band for w in words(line) if AMOUNT.match(w)] for band in bands]
    keys = tuple(f"{g}:{c}" for g in range(k) for c in range(columns))
    rows = [PrintedRow(amounts=tuple(t), keys=keys, parts=(1,) * len(t)) for t in texts]
    allowed = [{cols for option in found for cols in _cols(option, len(t), columns)}
               for found, t in zip(options, texts)]
    placement = place(rows, _equations(codes, columns), scale([a for t in texts for a in t]), allowed=allowed)
    out: list[list[SourceLine]] = [[] for _ in range(k)]
    unsure: list[str] = []  # codes of the rows whose name the cuts leave open
    for b, (band, found, cols) in enumerate(zip(bands, options, placement.columns)):
        fits = [o for o in found if cols is not None and tuple(cols) in _cols(o, len(texts[b]), columns)] or found
        fits = [o for o in fits if id(o) in by_name[b]] or fits  # every fit agrees on codes and on amounts' groups
        for g in range(k):
            named = {"".join(o[g].name) if g < len(o) and o[g] is not None else "" for o in fits}
            if len(named) > 1:
                unsure += [code for code in {o[g].code for o in fits if g < len(o) and o[g] is not None}]
        option = min(fits, key=_crossing)
        for g, row in enumerate(option):
            if row is None:
                continue
            out[g].append(SourceLine(cells=[row.code, "".join(row.name)] + _in_columns(row, texts[b], cols, g, columns),
                                     line=band[0].line, page=band[0].page))
    lines = [line for group in out for line in group] + [t for line in totals for t in _totals(spec, line)]
    possible = _possible(spec, bands, codes, texts, placement, columns)
    if possible and lines:  # what the bands not placed may be rides on the first line (engine/importers/possible.py)
        lines[0] = replace(lines[0], possible=possible)
    if unsure and warnings is not None:  # the rows said: the other names are as certain as the cuts (status.py)
        warnings.add("names_stacked", say("I100", table=spec.id, rows=tuple(sorted(set(unsure)))), bands[0][0].line)
    report_placement(spec, [band[0] for band in bands], placement, warnings)
    if guessed and warnings is not None:
        warnings.add("names_stacked", say("I120", table=spec.id, lines=short_lines([bands[b][0].line for b in guessed])),
                     bands[guessed[0]][0].line)
    return lines


def _possible(spec: TableSpec, bands: list[list[SourceLine]], codes: list[list[str | None]], texts: list[list[str]],
              placement: Placement, columns: int) -> tuple[Handed, ...]:
    """Each group of possible readings of the bands not placed, as cells: an amount in group g's column c is the cell
    of the row the band's codes give group g (cuts fix the codes of a band before its amounts are placed)."""
    keys = [c.key for c in spec.columns]
    if len(keys) != columns:
        return ()
    out = []
    for group in placement.possible:
        readings = []
        for reading in group.readings:
            cells = []
            for b, cols in zip(group.rows, reading):
                for a, col in enumerate(cols):
                    code = codes[b][col // columns] if col // columns < len(codes[b]) else None
                    if code is None:
                        return ()  # an amount of no row: never handed on
                    cells.append((bands[b][0].line, bands[b][0].page, None, code, keys[col % columns], texts[b][a]))
            readings.append(tuple(cells))
        out.append(Handed(solved=group.solved, readings=tuple(readings)))
    return tuple(out)


def _in_columns(row: _Row, texts: list[str], cols: list[int] | None, g: int, columns: int) -> list[str]:
    """A row's amounts each in the column placement chose for it (group g's columns g·columns …), none when the
    band's amounts were not placed; empty columns after the last amount are not written."""
    cells = [""] * columns
    for a in row.amounts if cols is not None else []:
        cells[cols[a] - g * columns] = texts[a]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _totals(spec: TableSpec, line: SourceLine) -> list[SourceLine]:
    """A totals line (`人员经费合计 2,152.26 公用经费合计 184.65`): one line a total, its label and its amounts."""
    out: list[list[str]] = []
    for word in words(line):
        if spec.row_key(word) is not None and _role(word) == "name" or not out:
            out.append([word])
        else:
            out[-1].append(word)
    return [SourceLine(cells=cells, line=line.line, page=line.page) for cells in out]
