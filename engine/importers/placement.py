"""Amounts whose empty cells left no trace → their columns, by the table's own arithmetic.

Text with single spaces (or one cell a line, or pdfplumber's `extract_text`) prints a row's amounts in order but drops
its empty cells: a row of n amounts under m > n numeric columns could stand in C(m, n) ways. A placement is kept only
when it is consistent with what the table itself says:
- the column identities of its kind (合计 = 基本支出 + 项目支出, 本年收入合计 = the sum of its sources, …);
- the column totals: the 合计 row is the sum of the 类 rows, a 类 the sum of its 款, a 款 the sum of its 项 — per column.
Rows are tied by the totals, so the whole table is solved at once (candidates pruned group by group until nothing
changes). Printed amounts are rounded: a sum holds within ±0.5 unit of the last printed digit per term (domain.md).
A row left with exactly one placement is placed; a row with several or none is not (never a guess): the caller
reports the table partly read, naming the rows and why.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from math import prod

from engine.importers.amounts import NA_MARKS, parse_number

# Column identities by table kind, as catalogue column keys: sum(coefficient × column) == 0.
IDENTITIES: dict[str, tuple[tuple[tuple[str, int], ...], ...]] = {
    "公开02": ((("本年收入合计", -1), ("财政拨款收入", 1), ("上级补助收入", 1), ("事业收入", 1), ("经营收入", 1),
               ("附属单位上缴收入", 1), ("其他收入", 1)),),
    "公开03": ((("本年支出合计", -1), ("基本支出", 1), ("项目支出", 1), ("上缴上级支出", 1), ("经营支出", 1),
               ("对附属单位补助支出", 1)),),
    "公开05": ((("合计", -1), ("基本支出", 1), ("项目支出", 1)),),
    "公开07": ((("本年支出", -1), ("基本支出", 1), ("项目支出", 1)),
              (("年末结转和结余", -1), ("年初结转和结余", 1), ("本年收入", 1), ("本年支出", -1))),
    "公开08": ((("合计", -1), ("基本支出", 1), ("项目支出", 1)),),
}
_STATES = 2_000  # reachable column-sum vectors a group is solved with; beyond that it prunes nothing (stays open)


@dataclass(frozen=True)
class PrintedRow:
    """One row as printed: its 科目编码 ("" when none), whether it is the table's 合计/总计, its amounts in order."""

    code: str
    total: bool
    amounts: tuple[str, ...]


@dataclass(frozen=True)
class Placement:
    """For each row, the column index of each of its amounts, or None when the row could not be placed."""

    columns: tuple[tuple[int, ...] | None, ...]
    unplaced: tuple[tuple[int, str], ...]  # (row index, why) for each row not placed
    by_arithmetic: tuple[int, ...]  # rows placed only because the arithmetic left one way (n < m)


def _value(text: str, scale: int) -> int:
    """An amount in half units of the last printed digit (integers: exact, and fast to add up)."""
    value = Decimal(0) if text.strip() in NA_MARKS else (parse_number(text) or Decimal(0))
    return int(value * scale)


def _scale(texts: list[str]) -> int:
    """2 × 10^places: with amounts so scaled, half a unit of the last printed digit (domain.md's rounding) is 1."""
    places = [len(t.strip().rsplit(".", 1)[1]) for t in texts if "." in t and t.strip() not in NA_MARKS]
    return 2 * 10 ** max(places, default=0)


def _identities(table_id: str, keys: list[str | None]) -> list[list[tuple[int, int]]]:
    out = []
    for identity in IDENTITIES.get(table_id, ()):
        terms = [(keys.index(key), coef) for key, coef in identity if key in keys]
        if len(terms) == len(identity):  # an identity holds only when every column of it is printed
            out.append(terms)
    return out


def _holds(vector: tuple[int, ...], terms: list[tuple[int, int]]) -> bool:
    used = sum(1 for i, _ in terms if vector[i])
    return abs(sum(coef * vector[i] for i, coef in terms)) <= max(used, 1)


def _parents(rows: list[PrintedRow]) -> dict[int, list[int]]:
    """Parent row → its child rows: 合计 → 类, 类 → 款, 款 → 项 (the nearest printed ancestor by code)."""
    by_code = {row.code: i for i, row in enumerate(rows) if row.code}
    total = next((i for i, row in enumerate(rows) if row.total), None)
    groups: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        if not row.code:
            continue
        parent = next((by_code[row.code[:k]] for k in range(len(row.code) - 2, 2, -2) if row.code[:k] in by_code),
                      total if len(row.code) == 3 else None)
        if parent is not None and parent != i:
            groups.setdefault(parent, []).append(i)
    return groups


def place(table_id: str, keys: list[str | None], rows: list[PrintedRow]) -> Placement:
    """Each row's amounts → column indices among `keys` (the table's numeric columns in printed order)."""
    m = len(keys)
    scale = _scale([t for row in rows for t in row.amounts])
    identities = _identities(table_id, keys)
    domains: list[dict[tuple[int, ...], tuple[int, ...]]] = []
    for row in rows:
        values = [_value(t, scale) for t in row.amounts]
        options = {}
        for cols in combinations(range(m), len(values)) if len(values) <= m else ():
            vector = [0] * m
            for c, v in zip(cols, values):
                vector[c] = v
            options[cols] = tuple(vector)
        if len(options) > 1:  # a row printed in full is as printed, right or wrong: only the others are pruned
            options = {c: v for c, v in options.items() if all(_holds(v, t) for t in identities)}
        domains.append(options)
    groups = _parents(rows)
    changed = True
    while changed:
        changed = False
        for parent, children in groups.items():
            changed |= _prune(domains, parent, children, m)
    unplaced, chosen, arithmetic = [], [], []
    for i, (row, options) in enumerate(zip(rows, domains)):
        if len(options) == 1:
            chosen.append(next(iter(options)))
            if len(row.amounts) < m:
                arithmetic.append(i)
        else:
            chosen.append(None)
            if len(row.amounts) > m:
                why = f"印出 {len(row.amounts)} 个金额，多于表头的 {m} 列"
            elif options:
                why = f"{len(options)} 种放法都与本表的算术关系相符，无法确定"
            else:
                why = "没有一种放法与本表的算术关系（列之间的合计关系、上下级合计）相符"
            unplaced.append((i, why))
    return Placement(columns=tuple(chosen), unplaced=tuple(unplaced), by_arithmetic=tuple(arithmetic))


def _prune(domains: list[dict], parent: int, children: list[int], m: int) -> bool:
    """Drop each candidate of the parent or a child that no choice of the others fits (parent = Σ children, per
    column). True when something was dropped."""
    members = [parent] + children
    if all(len(domains[i]) <= 1 for i in members) or any(not domains[i] for i in members):
        return False
    tolerance = len(children) + 1  # half a unit per term
    changed = False
    for who in members:
        if len(domains[who]) <= 1:
            continue
        others = [c for c in children if c != who]
        reach = _sums([domains[c] for c in others], m)
        if reach is None:
            continue
        axis = max(range(m), key=lambda c: len({r[c] for r in reach}))  # the column that tells sums apart best
        ordered = sorted(reach, key=lambda r: r[axis])
        firsts = [r[axis] for r in ordered]
        keep = {}
        for cols, vector in domains[who].items():
            wanted = [vector] if who == parent else [tuple(a - b for a, b in zip(p, vector))
                                                      for p in domains[parent].values()]
            if any(_near(ordered, firsts, w, axis, tolerance) for w in wanted):
                keep[cols] = vector
        if len(keep) < len(domains[who]):
            domains[who] = keep
            changed = True
    return changed


def _sums(options: list[dict], m: int) -> set[tuple[int, ...]] | None:
    """Every column-sum vector a choice of one candidate per row reaches; None when there are too many."""
    if prod(len(d) for d in options) > _STATES:
        return None  # checked before adding up: a group this open is left so (its rows stay unplaced)
    reach = {tuple([0] * m)}
    for domain in sorted(options, key=len):
        reach = {tuple(a + b for a, b in zip(s, v)) for s in reach for v in domain.values()}
        if len(reach) > _STATES:
            return None
    return reach


def _near(ordered: list[tuple[int, ...]], firsts: list[int], wanted: tuple[int, ...], axis: int, tolerance: int) -> bool:
    """Is a vector within `tolerance` of `wanted` in every column among `ordered` (sorted by column `axis`, whose
    values `firsts` are)?"""
    for k in range(bisect_left(firsts, wanted[axis] - tolerance), bisect_right(firsts, wanted[axis] + tolerance)):
        if all(abs(x - y) <= tolerance for x, y in zip(ordered[k], wanted)):
            return True
    return False
