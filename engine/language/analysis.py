"""What a compiled rule reads, and whether it is a table's own arithmetic: decided from its syntax tree and from what
each function declares it reads (engine/functions/registry.py `Function.reads`), never from the rule's text.

`Reads` is collected by the compiler while it resolves names (engine/language/compiler/names.py, calls.py,
members.py); `identity_tables` walks the tree once per rule. engine/checking/check.py asks both: which parts and
forms not fully read a rule needs (不可核), and whether a pass holds by construction over rows the import placed by
the table's own sums (Reading.placed_by_sums)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Protocol

from engine.catalogue import Catalogue
from engine.language import nodes as n
from engine.language import resolve

# The narrative parts by the Narrative field a bare name means (resolve.NARRATIVE), named as a Reading names them.
PARTS = {"sections": "情况说明", "overview": "概况", "glossary": "名词解释"}
FORMS = "自评表"
EVERY_TABLE = "公开表"
# What a function may declare it reads besides its arguments (and any catalogue table id, e.g. 公开06):
# the narrative parts, the 自评表 forms, every table, the cover, the 目录, the part headings, the metadata.
DOCUMENT = ("封面", "目录", "部分标题")
WORDS = frozenset((*PARTS.values(), FORMS, EVERY_TABLE, *DOCUMENT, *resolve.METADATA))


@dataclass(frozen=True, slots=True)
class Reads:
    """What a rule (or a precondition) reads of a document. `undeclared`: functions it calls that do not say what
    they read; each counts as reading everything (every part, form, table, document part and metadata)."""

    tables: frozenset[str] = frozenset()  # named: by the rule, its definitions, or a function's declaration
    every_table: bool = False  # 公开表, or a function reading every table
    parts: frozenset[str] = frozenset()  # 情况说明, 概况, 名词解释
    sections: frozenset[str] = frozenset()  # the sections named where static: 情况说明.「三公」
    forms: bool = False  # the 自评表 forms
    document: frozenset[str] = frozenset()  # 封面, 目录, 部分标题
    metadata: frozenset[str] = frozenset()  # 口径, 年度, 单位名称
    undeclared: frozenset[str] = frozenset()

    def __or__(self, other: Reads) -> Reads:
        return Reads(self.tables | other.tables, self.every_table or other.every_table, self.parts | other.parts,
                     self.sections | other.sections, self.forms or other.forms, self.document | other.document,
                     self.metadata | other.metadata, self.undeclared | other.undeclared)


NOTHING = Reads()


def reads_of(tables: Iterable[str], words: Iterable[str], sections: Iterable[str], undeclared: Iterable[str],
             catalogue: Catalogue) -> Reads:
    """The Reads of what the compiler collected: table ids, declared words, static section paths, and the names of
    functions that declare nothing (read as everything)."""
    words, undeclared = set(words), frozenset(undeclared)
    if undeclared:
        words |= WORDS
    return Reads(tables=frozenset(tables) | {w for w in words if w in catalogue.tables},
                 every_table=EVERY_TABLE in words, parts=frozenset(w for w in PARTS.values() if w in words),
                 sections=frozenset(sections), forms=FORMS in words,
                 document=frozenset(w for w in DOCUMENT if w in words),
                 metadata=frozenset(w for w in resolve.METADATA if w in words), undeclared=undeclared)


def unknown_words(words: Iterable[str], catalogue: Catalogue) -> list[str]:
    """Declared words that name nothing a rule could read (a registry entry's mistake)."""
    return [w for w in words if w not in WORDS and w not in catalogue.tables]


# --- a table's own arithmetic ---------------------------------------------------------------------

class _Functions(Protocol):
    def lookup(self, name: str) -> object | None: ...


_SUM, _CHILDREN = "sum", "children"


class _Walk:
    """Which tables' cells an expression adds up, resolved as the compiler resolves names (loop variable, then
    definition, then table)."""

    def __init__(self, definitions: Mapping[str, n.Node], catalogue: Catalogue, functions: _Functions) -> None:
        self.definitions, self.catalogue, self.functions = definitions, catalogue, functions

    def _func(self, node: n.Call) -> str | None:
        fn = self.functions.lookup(node.func)
        return getattr(fn, "name", None)

    def conjuncts(self, node: n.Node, scope: dict[str, frozenset[str]], depth: int = 0) -> list[tuple[n.Compare, dict[str, frozenset[str]]]] | None:
        """The comparisons a rule is the conjunction of (且, 每个), each with its loop variables' tables; None when it
        is anything else (或, 非, 如果, a function's verdict)."""
        if depth > 50:
            return None
        if isinstance(node, n.Compare):
            return [(node, scope)]
        if isinstance(node, n.Logical) and node.op == "and":
            left, right = self.conjuncts(node.left, scope, depth + 1), self.conjuncts(node.right, scope, depth + 1)
            return None if left is None or right is None else left + right
        if isinstance(node, n.ForAll):
            domain = self.rows(node.domain, scope, depth + 1)
            return None if domain is None else self.conjuncts(node.body, {**scope, node.var: domain}, depth + 1)
        if isinstance(node, n.Name) and node.name not in scope and node.name in self.definitions:
            return self.conjuncts(self.definitions[node.name], {}, depth + 1)
        return None

    def rows(self, node: n.Node, scope: dict[str, frozenset[str]], depth: int = 0) -> frozenset[str] | None:
        """The table a table, row, row set or cell belongs to; None when it is not one of a table."""
        if depth > 50:
            return None
        if isinstance(node, n.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.definitions:
                return self.rows(self.definitions[node.name], {}, depth + 1)
            if resolve.is_table(self.catalogue, node.name):
                return frozenset((resolve.table(self.catalogue, node.name).id,))
            return None
        if isinstance(node, (n.Member, n.Index)):
            return self.rows(node.obj, scope, depth + 1)
        if isinstance(node, n.Call) and self._func(node) == _CHILDREN and len(node.args) == 1:
            return self.rows(node.args[0], scope, depth + 1)
        return None

    def cells(self, node: n.Node, scope: dict[str, frozenset[str]], depth: int = 0) -> tuple[frozenset[str], bool] | None:
        """(the tables whose cells it adds, whether it adds: + - sum) for a sum of cells; None for anything else (a
        literal, a stated amount, a form field, a product)."""
        if depth > 50:
            return None
        if isinstance(node, n.Binary) and node.op in ("+", "-"):
            left, right = self.cells(node.left, scope, depth + 1), self.cells(node.right, scope, depth + 1)
            return None if left is None or right is None else (left[0] | right[0], True)
        if isinstance(node, n.Unary) and node.op == "-":
            inner = self.cells(node.operand, scope, depth + 1)
            return None if inner is None else (inner[0], True)
        if isinstance(node, n.Call) and self._func(node) == _SUM and len(node.args) == 1:
            arg = node.args[0]
            if isinstance(arg, n.ForAll):  # 求和(每个 r 属于 SET: expr)
                domain = self.rows(arg.domain, scope, depth + 1)
                body = None if domain is None else self.cells(arg.body, {**scope, arg.var: domain}, depth + 1)
                return None if body is None or domain is None else (body[0] | domain, True)
            tables = self.rows(arg, scope, depth + 1)
            return None if tables is None else (tables, True)
        if isinstance(node, n.Name) and node.name not in scope and node.name in self.definitions:
            return self.cells(self.definitions[node.name], {}, depth + 1)
        tables = self.rows(node, scope, depth + 1)
        return None if tables is None else (tables, False)


def identity_tables(node: n.Node, definitions: Mapping[str, n.Node], catalogue: Catalogue,
                    functions: _Functions) -> frozenset[str]:
    """The tables of which the rule is an arithmetic identity: a conjunction (且, 每个) of `==` comparisons (which
    allow for rounding) between sums of cells (+, -, sum) of one table each, at least one of them adding. Such a
    rule's pass holds by construction over rows the import placed by those sums. Empty when it is not one (a
    `<=`/`>=`, a literal, a stated amount, two tables in one comparison, 或/非/如果)."""
    walk = _Walk(definitions, catalogue, functions)
    found = walk.conjuncts(node, {})
    if not found:
        return frozenset()
    tables: set[str] = set()
    adds = False
    for compare, scope in found:
        if compare.op != "==":
            return frozenset()
        left, right = walk.cells(compare.left, scope), walk.cells(compare.right, scope)
        if left is None or right is None or len(left[0] | right[0]) != 1:
            return frozenset()
        tables |= left[0] | right[0]
        adds = adds or left[1] or right[1]
    return frozenset(tables) if adds else frozenset()
