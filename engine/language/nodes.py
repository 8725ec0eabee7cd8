"""The rule language's AST: frozen, slotted dataclasses, each with the character span it came from.

Lark trees never leave engine/language/syntax.py; everything after parsing sees only these nodes.
`span` is (start, end) character offsets into the rule text; nodes built by code use (0, 0).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Span = tuple[int, int]
NO_SPAN: Span = (0, 0)


@dataclass(frozen=True, slots=True)
class Node:
    span: Span = field(default=NO_SPAN, compare=False, kw_only=True)


# --- literals -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Number(Node):
    """A literal number as written (exact: literals carry no rounding interval)."""
    value: Decimal
    text: str


@dataclass(frozen=True, slots=True)
class Percent(Node):
    """`61.08%`: value is 61.08, compared at its written precision."""
    value: Decimal
    text: str


@dataclass(frozen=True, slots=True)
class String(Node):
    """"…": a text literal (templates for narrative look-ups, grades such as "优")."""
    value: str


# --- references -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Name(Node):
    """A bare name: a table id (公开05), a definition (三公决算), a bound variable (r),
    or a document part (情况说明, 自评表). `quoted` when written 「…」."""
    name: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Member(Node):
    """`obj.name`: a row of a table, a column of a row or row set, a section, a form field."""
    obj: Node
    name: str
    quoted: bool = False


# selectors inside [...]
@dataclass(frozen=True, slots=True)
class Key(Node):
    """`[2010601]`, `[17]` (行次) or `[「合计」]`: one row by code, 行次 or label."""
    text: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Level(Node):
    """`[类]`, `[款]`, `[项]`: all rows of a 科目 level."""
    level: str


@dataclass(frozen=True, slots=True)
class Prefix(Node):
    """`[201*]`: rows whose code starts with the prefix (the prefix row itself excluded)."""
    prefix: str


@dataclass(frozen=True, slots=True)
class Range(Node):
    """`[8..15]`: rows by 行次 (or code) from low to high inclusive."""
    low: str
    high: str


@dataclass(frozen=True, slots=True)
class All(Node):
    """`[*]`: every data row."""


@dataclass(frozen=True, slots=True)
class Same(Node):
    """`公开04[r]` inside `每个 r 属于 公开05[类]`: the row of this table with the same code (or key) as row r."""
    var: str


Selector = Key | Level | Prefix | Range | All | Same


@dataclass(frozen=True, slots=True)
class Index(Node):
    obj: Node
    selector: Selector


# --- operations -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Call(Node):
    """`sum(x)`, `abs(x)`, `文中金额(情况说明.一, "收入总计{金额}万元")`; `func` as written."""
    func: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str  # "-"
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary(Node):
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare(Node):
    op: str  # canonical: == != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Logical(Node):
    op: str  # and | or
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class If(Node):
    cond: Node
    then: Node
    otherwise: Node


@dataclass(frozen=True, slots=True)
class ForAll(Node):
    """`每个 r 属于 公开05[*]: r.合计 == r.基本支出 + r.项目支出`: holds for every element; reported per element."""
    var: str
    domain: Node
    body: Node
