"""Amounts whose empty cells left no trace → their columns, by the table's own arithmetic.

Text with single spaces (or one cell a line, or pdfplumber's `extract_text`) prints a row's amounts in order but drops
its empty cells: a row of n amounts under m > n numeric columns could stand in C(m, n) ways (order kept). A placement
is kept only when it is consistent with what the table itself says, written as linear equations over its cells:
- the column identities of its kind (合计 = 基本支出 + 项目支出, 本年收入合计 = the sum of its sources, …);
- the column totals: the 合计 row is the sum of the 类 rows, a 类 the sum of its 款, a 款 the sum of its 项, per column;
- for two-sided tables, what ties the sides (公开04: each fund's income and opening balance = its spending and
  closing balance).
Rows are tied by the totals, so the whole table is solved at once: each equation prunes the placements no choice of
the other rows fits, until nothing changes; then a bounded search counts the solutions. Printed amounts are rounded:
an equation holds within ±0.5 unit of the last printed digit per printed term (domain.md).
Exactly one solution → every row placed. Otherwise a row is placed only when every solution places it so; the others
are not placed (never a guess) and the caller reports the table partly read, naming the rows and why. What they may
be is handed on as possible readings (`Possible`, bounded): the solutions when several solve, every placement in
printed order when none does; a check judges its rules over all of them (engine/checking/readings.py).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from math import prod

from engine.importers.amounts import NA_MARKS, parse_number
from engine.catalogue import TableSpec
from engine.importers.errors import Warnings
from engine.importers.lines import SourceLine
from engine.said import say, short_lines

# Column identities by table kind, as catalogue column keys: sum(coefficient × column) == 0 on every row.
IDENTITIES: dict[str, tuple[tuple[tuple[str, int], ...], ...]] = {
    "公开02": ((("本年收入合计", -1), ("财政拨款收入", 1), ("上级补助收入", 1), ("事业收入", 1), ("经营收入", 1),
               ("附属单位上缴收入", 1), ("其他收入", 1)),),
    "公开03": ((("本年支出合计", -1), ("基本支出", 1), ("项目支出", 1), ("上缴上级支出", 1), ("经营支出", 1),
               ("对附属单位补助支出", 1)),),
    "公开04": ((("合计", -1), ("一般公共预算财政拨款", 1), ("政府性基金预算财政拨款", 1), ("国有资本经营预算财政拨款", 1)),),
    "公开05": ((("合计", -1), ("基本支出", 1), ("项目支出", 1)),),
    "公开07": ((("本年支出", -1), ("基本支出", 1), ("项目支出", 1)),
              (("年末结转和结余", -1), ("年初结转和结余", 1), ("本年收入", 1), ("本年支出", -1))),
    "公开08": ((("合计", -1), ("基本支出", 1), ("项目支出", 1)),),
}
# 公开09's items and the identities between them, for each of 预算数 and 决算数 (a row a side by side pair of columns)
WIDE_SUMS = (("合计", ("因公出国(境)费", "公务用车购置及运行维护费", "公务接待费")),
             ("公务用车购置及运行维护费", ("公务用车购置费", "公务用车运行维护费")))
_STATES = 4_000  # partial sums an equation is checked with; beyond that it prunes nothing (its rows stay open)
_NODES = 4_000  # search steps before giving up on counting solutions
_READINGS = 64  # possible readings a group of rows is handed on with; beyond that none (the rows stay unread)


@dataclass(frozen=True)
class PrintedRow:
    """One row as printed: its amounts in order, and the keys of the columns they may stand in (in printed order)."""

    amounts: tuple[str, ...]
    keys: tuple[str | None, ...]
    # a row printed over lines, each line's amounts in column order but the lines' interleaved (cells printed at
    # different heights: split_rows.py): how many amounts each line gives, in `amounts` order; () is one line
    parts: tuple[int, ...] = ()
    # a line of a coded table with neither a 科目编码 nor a name the table knows (text after the table run into it):
    # its amounts are no row's, never placed
    stranger: bool = False


@dataclass(frozen=True)
class Equation:
    """sum(coefficient × cell) == 0 within the rounding of its printed terms; a cell is (row index, column index)."""

    terms: tuple[tuple[int, int, int], ...]  # (row, column, coefficient)
    constant: int = 0  # in scaled units (see `scale`), for a term already known
    # a column total (the first term the total): where the total prints nothing, no part prints an amount (not even
    # 0.00) — a printed 0.00 under a blank total is not a sum of what is printed
    total: bool = False


@dataclass(frozen=True)
class Placement:
    """For each row, the column index of each of its amounts, or None when the row could not be placed."""

    columns: tuple[tuple[int, ...] | None, ...]
    unplaced: tuple[tuple[int, str], ...]  # (row index, why) for each row not placed
    by_arithmetic: tuple[int, ...]  # rows placed only because the arithmetic left one way (n < m)
    possible: tuple[Possible, ...] = ()  # what the rows not placed may be, when that is few enough to list
    # rows placed only because other tables' figures (`known`) left one way: a rule comparing them with those
    # figures holds by construction (links.py; the reading says which tables, check.py)
    by_known: tuple[int, ...] = ()


@dataclass(frozen=True)
class Possible:
    """Rows not placed and every way they may stand: each reading a column tuple per row, in `rows` order.
    `solved`: the readings are the solutions of the table's arithmetic (its own sums hold in each by construction);
    otherwise no placement solves, and every placement in printed order is a reading."""

    rows: tuple[int, ...]
    readings: tuple[tuple[tuple[int, ...], ...], ...]
    solved: bool


def scale(texts: list[str]) -> int:
    """2 × 10^places: with amounts so scaled, half a unit of the last printed digit (domain.md's rounding) is 1."""
    places = [len(t.strip().rsplit(".", 1)[1]) for t in texts if "." in t and t.strip() not in NA_MARKS]
    return 2 * 10 ** max(places, default=0)


def scaled(text: str, factor: int) -> int:
    """An amount in half units of the last printed digit (integers: exact, and fast to add up); `-`, `——` are 0."""
    value = Decimal(0) if text.strip() in NA_MARKS else (parse_number(text) or Decimal(0))
    return int(value * factor)


def identities(table_id: str, rows: list[PrintedRow]) -> list[Equation]:
    """The column identities of the table's kind, on every row that has all their columns."""
    out = []
    for r, row in enumerate(rows):
        for identity in IDENTITIES.get(table_id, ()):
            if all(key in row.keys for key, _ in identity):
                out.append(Equation(tuple((r, row.keys.index(key), coef) for key, coef in identity)))
    return out


def column_totals(parent: int, children: list[int], columns: int) -> list[Equation]:
    """parent = Σ children, column by column."""
    return [Equation(((parent, c, -1),) + tuple((child, c, 1) for child in children), total=True)
            for c in range(columns)]


def code_groups(codes: list[str], total: int | None) -> dict[int, list[int]]:
    """Parent row → its child rows by 科目编码: 合计 → 类, 类 → 款, 款 → 项 (the nearest printed ancestor)."""
    by_code = {code: i for i, code in enumerate(codes) if code}
    groups: dict[int, list[int]] = {}
    for i, code in enumerate(codes):
        if not code:
            continue
        parent = next((by_code[code[:k]] for k in range(len(code) - 2, 2, -2) if code[:k] in by_code),
                      total if len(code) == 3 else None)
        if parent is not None and parent != i:
            groups.setdefault(parent, []).append(i)
    return groups


def place(rows: list[PrintedRow], equations: list[Equation], factor: int,
          known: list[tuple[int, int, str, Decimal, int]] = (),
          allowed: list[set[tuple[int, ...]]] | None = None) -> Placement:
    """Each row's amounts → column indices among its `keys`, consistent with every equation and with what is `known`
    from other tables: (row, column, "==" or ">=", amount, how many rounded amounts it adds up); `allowed`, when
    given, the column indices each row's amounts may take at all (what the printed line itself says).
    What is handed on as possible readings is never narrowed by `known`: a rule comparing those cells with the other
    table's figures would hold in every reading by construction. Rows `known` placed are named (`by_known`)."""
    with_known = _place(rows, equations, factor, known, allowed)
    if not known:
        return with_known
    alone = _place(rows, equations, factor, (), allowed)  # what the table's own arithmetic says
    by_known = tuple(r for r, (cols, own) in enumerate(zip(with_known.columns, alone.columns))
                     if cols is not None and own is None)
    open_rows = {r for r, _ in with_known.unplaced}
    possible = [_projected(g, open_rows) for g in alone.possible]
    covered = {r for g in possible if g is not None for r in g.rows}
    # a row open only now (the figures contradict each placement): every placement in printed order, as before
    possible += [g for g in with_known.possible if not g.solved and not covered & set(g.rows)]
    return dataclasses.replace(with_known, by_known=by_known, possible=tuple(g for g in possible if g is not None))


def _projected(group: Possible, open_rows: set[int]) -> Possible | None:
    """A group's readings over its rows still open (the others placed by other tables' figures); None when none is."""
    keep = [i for i, r in enumerate(group.rows) if r in open_rows]
    if not keep:
        return None
    readings = tuple(dict.fromkeys(tuple(reading[i] for i in keep) for reading in group.readings))
    return Possible(rows=tuple(group.rows[i] for i in keep), readings=readings, solved=group.solved)


def _place(rows: list[PrintedRow], equations: list[Equation], factor: int,
           known: list[tuple[int, int, str, Decimal, int]],
           allowed: list[set[tuple[int, ...]]] | None) -> Placement:
    domains: list[dict[tuple[int, ...], tuple[int, ...]]] = []
    layouts: list[list[tuple[int, ...]]] = []
    for row in rows:
        values = [scaled(t, factor) for t in row.amounts]
        m = len(row.keys)
        options = {}
        seen = set()  # parts interleaved: two orders of the same amounts place the same cells, one placement
        for cols in _layouts(m, row.parts or (len(values),)) if len(values) <= m else ():
            vector = [0] * m
            for c, v in zip(cols, values):
                vector[c] = v
            cells = tuple(sorted(zip(cols, row.amounts)))
            if cells not in seen and (allowed is None or cols in allowed[len(domains)]):
                seen.add(cells)
                options[cols] = tuple(vector)
        printed_ways = list(options)  # before other tables' figures narrow it: what a row no placement solves may be
        for r_, c, op, value, terms in known:
            if r_ == len(domains) and len(options) > 1:
                target, slack = int(value * factor), terms + 1
                options = {cols: v for cols, v in options.items()
                           if (abs(v[c] - target) <= slack if op == "==" else v[c] >= target - slack)}
        domains.append(options)
        layouts.append(printed_ways)
    # printed in full (as printed, right or wrong): one placement before any other table's figures narrowed it;
    # a row those figures fixed was still placed by arithmetic, and its own identities still decide
    fixed = {r for r, row in enumerate(rows)
             if ((len(row.amounts) == len(row.keys) and len(row.parts) <= 1) or not row.amounts) and not row.stranger}
    # a row its printed line allows one placement only: as printed, whatever the arithmetic says
    pinned = {r for r in range(len(rows)) if allowed is not None and len(allowed[r]) == 1 and not rows[r].stranger}
    fixed |= pinned
    over = {r for r, row in enumerate(rows) if len(row.amounts) > len(row.keys) or (row.stranger and row.amounts)}
    # A row's own identities (合计 = 基本 + 项目) first: a row no placement of which satisfies them is itself
    # inconsistent (a printed error, or a fact of another table it contradicts). It cannot be placed (or, printed in
    # full, stays as printed), and no equation with it is used: the rest of the table is solved without it.
    broken = set(over)
    for r in range(len(rows)):
        own = [e for e in equations if all(t[0] == r for t in e.terms)]
        if r in fixed:
            if not all(_holds(e, domains) for e in own):
                broken.add(r)
            continue
        domains[r] = {c: v for c, v in domains[r].items()
                      if all(_holds(e, [{c: v} if k == r else d for k, d in enumerate(domains)]) for e in own)}
        if not domains[r]:
            broken.add(r)
    for r in broken - fixed:
        domains[r] = {(): (0,) * len(rows[r].keys)}
    live = [e for e in equations if any(r not in fixed for r, _, _ in e.terms)
            and not any(r in broken for r, _, _ in e.terms)]
    _propagate(domains, live)
    solutions = _search(domains, live, 2)
    unplaced, chosen, arithmetic = [], [], []
    for r, (row, options) in enumerate(zip(rows, domains)):
        if r in broken and r not in fixed:
            pick = None
        elif solutions is not None and len(solutions) == 1:
            pick = solutions[0][r]
        elif (solutions or r in pinned) and len(options) == 1:
            pick = next(iter(options))  # every solution places it so: whatever the others do
        else:
            pick = None
        chosen.append(pick)
        if pick is not None:
            if r not in fixed and row.amounts:
                arithmetic.append(r)
            continue
        if row.stranger:
            why = say("I102")
        elif len(row.amounts) > len(row.keys):
            why = say("I103", n=len(row.amounts), columns=len(row.keys))
        elif r in broken:
            why = say("I104")
        elif solutions is None:
            why = say("I105")
        elif not solutions:
            why = say("I106")
        else:
            why = say("I107")
        unplaced.append((r, why))
    open_rows = [r for r, _ in unplaced if not rows[r].stranger and len(rows[r].amounts) <= len(rows[r].keys)]
    possible = _possible(open_rows, broken, layouts, solutions, domains, live) if open_rows else ()
    return Placement(columns=tuple(chosen), unplaced=tuple(unplaced), by_arithmetic=tuple(arithmetic),
                     possible=possible)


def _possible(open_rows: list[int], broken: set[int], layouts: list[list[tuple[int, ...]]], solutions: list | None,
              domains: list[dict], live: list[Equation]) -> tuple[Possible, ...]:
    """Several solutions: the rows they differ in, jointly, as the solutions place them (too many to list: row by row,
    the placements the arithmetic left each — every solution's among them). A row no solution places (its own sums
    broken, none solving, or too many to count): every placement in printed order, row by row — a superset of what it
    may be, never a reading outside it. Groups of more than _READINGS readings are not handed on."""
    out, alone = [], list(open_rows)
    if solutions and len(solutions) > 1:
        # a row no equation ties is placed by no arithmetic: its readings are every printed placement, not solutions
        tied = {r for e in live for r, _, _ in e.terms}
        jointly = [r for r in open_rows if r not in broken and r in tied]
        found = _search(domains, live, _READINGS + 1) if jointly else None
        if found is not None and len(found) <= _READINGS:
            readings = tuple(dict.fromkeys(tuple(solution[r] for r in jointly) for solution in found))
            out.append(Possible(rows=tuple(jointly), readings=readings, solved=True))
        else:
            out += [Possible(rows=(r,), readings=tuple((cols,) for cols in domains[r]), solved=True)
                    for r in jointly if 0 < len(domains[r]) <= _READINGS]
        alone = [r for r in open_rows if r not in jointly]
    for r in alone:
        if 0 < len(layouts[r]) <= _READINGS:
            out.append(Possible(rows=(r,), readings=tuple((cols,) for cols in layouts[r]), solved=False))
    return tuple(out)


# A possible reading's cells: (line, page, side, row key or None, column key, text as printed) for each amount
Placed = tuple[int, "int | None", "str | None", "str | None", str, str]


@dataclass(frozen=True)
class Handed:
    """Possible readings as the cells they give, for the model (engine/importers/possible.py)."""

    solved: bool
    readings: tuple[tuple[Placed, ...], ...]


def handed(placement: Placement, rows: list[PrintedRow],
           where: Callable[[int], tuple[int, int | None, str | None]]) -> tuple[Handed, ...]:
    """Each group of possible readings as cells: `where(row index)` gives the row's line, page and side; a key
    `row|column` (公开09's one printed row) names its row too. A group with a column of no known key is not handed
    on (its rows stay unread)."""
    out = []
    for group in placement.possible:
        readings = []
        for reading in group.readings:
            cells = []
            for r, cols in zip(group.rows, reading):
                line, page, side = where(r)
                for c, text in zip(cols, rows[r].amounts):
                    key = rows[r].keys[c]
                    row, _, column = (key or "").rpartition("|")
                    cells.append((line, page, side, row or None, column, text))
            readings.append(tuple(cells))
        if all(cell[4] for reading in readings for cell in reading):
            out.append(Handed(solved=group.solved, readings=tuple(readings)))
    return tuple(out)


def _layouts(m: int, parts: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Column indices for amounts printed in `parts` (each part in column order, the parts interleaved) among m
    columns: each part takes increasing columns no other part takes."""
    out: list[tuple[int, ...]] = []

    def walk(k: int, free: tuple[int, ...], chosen: tuple[int, ...]) -> None:
        if k == len(parts):
            out.append(chosen)
            return
        for cols in combinations(free, parts[k]):
            walk(k + 1, tuple(c for c in free if c not in cols), chosen + cols)

    walk(0, tuple(range(m)), ())
    return out


def _contribution(equation: Equation, row: int, vector: tuple[int, ...]) -> int:
    return sum(coef * vector[c] for r, c, coef in equation.terms if r == row)


def _tolerance(equation: Equation, rows: dict[int, tuple[int, ...]]) -> int:
    """Half a unit per printed (non-zero) term, at least one."""
    return max(1, sum(1 for r, c, _ in equation.terms if rows[r][c]) + (equation.constant != 0))


def _propagate(domains: list[dict], equations: list[Equation]) -> bool:
    """Drop each placement no choice of the other rows of an equation fits; False when a row has none left."""
    changed = True
    while changed:
        changed = False
        for equation in equations:
            members = sorted({r for r, _, _ in equation.terms})
            if any(not domains[r] for r in members):
                return False
            if all(len(domains[r]) == 1 for r in members):
                continue
            if equation.total:
                state = _blank_total(domains, equation)
                if state is None:
                    return False
                changed |= state
            for who in members:
                if len(domains[who]) <= 1:
                    continue
                others = [r for r in members if r != who]
                reach = _reach(domains, equation, others)
                if reach is None:
                    continue
                slack = len(equation.terms) + 1  # the largest tolerance any choice can have
                keep = {cols: v for cols, v in domains[who].items()
                        if _any_near(reach, -equation.constant - _contribution(equation, who, v), slack)}
                if len(keep) < len(domains[who]):
                    domains[who] = keep
                    changed = True
                    if not keep:
                        return False
    return True


def _blank_total(domains: list[dict], equation: Equation) -> bool | None:
    """A total that prints nothing has parts that print nothing; a part that prints in every placement has a total
    that prints. True when a placement was dropped, None when a row has none left."""
    (parent, column, _), parts = equation.terms[0], [r for r, _, _ in equation.terms[1:]]
    changed = False
    if all(column not in cols for cols in domains[parent]):
        for r in parts:
            keep = {cols: v for cols, v in domains[r].items() if column not in cols}
            changed |= len(keep) < len(domains[r])
            domains[r] = keep
    if any(all(column in cols for cols in domains[r]) for r in parts):
        keep = {cols: v for cols, v in domains[parent].items() if column in cols}
        changed |= len(keep) < len(domains[parent])
        domains[parent] = keep
    return None if any(not domains[r] for r in [parent] + parts) else changed


def _reach(domains: list[dict], equation: Equation, rows: list[int]) -> list[int] | None:
    """Every sum the `rows` can contribute to the equation (sorted); None when there are too many to list."""
    if prod(len(domains[r]) for r in rows) > _STATES * 4:
        return None
    sums = {0}
    for r in rows:
        parts = {_contribution(equation, r, v) for v in domains[r].values()}
        sums = {s + p for s in sums for p in parts}
        if len(sums) > _STATES:
            return None
    return sorted(sums)


def _any_near(ordered: list[int], wanted: int, tolerance: int) -> bool:
    return bisect_right(ordered, wanted + tolerance) > bisect_left(ordered, wanted - tolerance)


def _holds(equation: Equation, domains: list[dict]) -> bool:
    if equation.total and _blank_total([dict(d) for d in domains], equation) is not False:
        return False  # one placement a row left: a drop (or none left) means it does not hold
    rows = {r: next(iter(domains[r].values())) for r, _, _ in equation.terms}
    total = sum(coef * rows[r][c] for r, c, coef in equation.terms) + equation.constant
    return abs(total) <= _tolerance(equation, rows)


def _search(domains: list[dict], equations: list[Equation], limit: int) -> list | None:
    """Up to `limit` solutions (each a placement per row); None when the search ran out of steps first."""
    found: list = []
    steps = [0]

    def walk(current: list[dict]) -> bool:
        steps[0] += 1
        if steps[0] > _NODES:
            return False
        if not _propagate(current, equations):
            return True
        open_rows = [r for r, d in enumerate(current) if len(d) > 1]
        if not open_rows:
            if all(_holds(e, current) for e in equations):
                found.append([next(iter(d)) for d in current])
            return True
        pick = min(open_rows, key=lambda r: len(current[r]))
        for cols, vector in current[pick].items():
            trial = list(current)
            trial[pick] = {cols: vector}
            if not walk(trial):
                return False
            if len(found) >= limit:
                return True
        return True

    if not walk(list(domains)):
        return None
    return found


# Two-sided tables: rows that are the sum of others on their side (a key ending in "/" means every sub-row of it;
# "类" every 功能分类 类 row), and what ties the sides: each fund's income and opening balance (收入 rows, one amount
# each) = its spending and closing balance (the fund's column of two 支出 rows).
SIDE_TOTALS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "公开04": (("支出", "本年支出合计", ("类",)),
              ("支出", "年末财政拨款结转和结余", ("年末财政拨款结转和结余/",)),
              ("支出", "支出总计", ("本年支出合计", "年末财政拨款结转和结余")),
              ("收入", "本年收入合计", ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),
              ("收入", "年初财政拨款结转和结余", ("年初财政拨款结转和结余/",)),
              ("收入", "收入总计", ("本年收入合计", "年初财政拨款结转和结余"))),
}
FUND_LINKS: dict[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    # (支出 column, 收入 rows that add, 支出 rows whose column adds on the other side)
    "公开04": tuple((fund, (fund, f"年初财政拨款结转和结余/{fund}"), ("本年支出合计", "年末财政拨款结转和结余"))
                   for fund in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),
}


@dataclass(frozen=True)
class SideRow:
    """A row of a two-sided table for the equations: its side, its catalogue row key (or 类 for a 功能分类 类)."""

    side: str
    key: str | None
    is_class: bool = False


def sided_equations(table_id: str, rows: list[PrintedRow], sides: list[SideRow]) -> list[Equation]:
    """The row totals of each side and the links between the sides, over the rows printed."""
    def find(side: str, key: str) -> list[int]:
        if key == "类":
            return [i for i, s in enumerate(sides) if s.side == side and s.is_class]
        if key.endswith("/"):
            return [i for i, s in enumerate(sides) if s.side == side and s.key and s.key.startswith(key)]
        return [i for i, s in enumerate(sides) if s.side == side and s.key == key]

    out = []
    for side, total, parts in SIDE_TOTALS.get(table_id, ()):
        totals, children = find(side, total), [i for part in parts for i in find(side, part)]
        if len(totals) != 1 or not children:
            continue
        for c, key in enumerate(rows[totals[0]].keys):
            if all(key in rows[i].keys for i in children):
                out.append(Equation(((totals[0], c, -1),) + tuple((i, rows[i].keys.index(key), 1) for i in children)))
    for column, adds, other in FUND_LINKS.get(table_id, ()):
        left = [find("收入", key) for key in adds]
        right = [find("支出", key) for key in other]
        if any(len(found) != 1 for found in left + right) or any(column not in rows[i[0]].keys for i in right):
            continue  # a row not printed (or printed twice): the link is not written down, so not used
        out.append(Equation(tuple((i[0], 0, 1) for i in left)
                            + tuple((i[0], rows[i[0]].keys.index(column), -1) for i in right)))
    return out


def report_placement(spec: TableSpec, body: list[SourceLine], placement: Placement, warnings: Warnings | None,
                     sources: list[str] = ()) -> None:
    """What placement did, for the import report and the table's reading status; `sources`: the tables whose
    figures were `known` to it."""
    if warnings is None:
        return
    if placement.by_arithmetic:  # a partly read table too: its placed rows hold by construction
        lines = short_lines([body[i].line for i in placement.by_arithmetic])
        # every placed line (page, line) rides along, not shown: the reading marks the rows printed there (status.py)
        warnings.add("placed_by_arithmetic", say("I22", table=spec.id, n=len(placement.by_arithmetic), lines=lines,
                                                 placed=tuple((body[i].page, body[i].line) for i in placement.by_arithmetic)),
                     body[placement.by_arithmetic[0]].line)
    if placement.by_known:  # comparing them with those figures holds by construction too (links.py, check.py)
        lines = short_lines([body[i].line for i in placement.by_known])
        warnings.add("placed_by_figures", say("I153", table=spec.id, n=len(placement.by_known), lines=lines,
                                              sources="、".join(sources)), body[placement.by_known[0]].line)
    reasons: dict[str, list[int]] = {}
    for i, why in placement.unplaced:
        reasons.setdefault(why, []).append(body[i].line)
    for why, lines in reasons.items():
        warnings.add("unplaced_amounts", say("I101", table=spec.id, lines=short_lines(lines, 8), n=len(lines), why=why),
                     lines[0])
