"""What a compiled rule reads, and whether it is a table's own arithmetic: decided from its syntax tree and from what
each function declares it reads (engine/functions/registry.py `Function.reads`), never from the rule's text.

`Reads` is collected by the compiler while it resolves names (engine/language/compiler/names.py, calls.py,
members.py); `identity_tables` walks the tree once per rule. engine/checking/check.py asks both: which parts and
forms not fully read a rule needs (不可核), and whether a pass holds by construction over rows the import placed by
the table's own sums (Reading.placed_by_sums)."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable, Mapping, Protocol, TypeVar

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


V = TypeVar("V")


class Scoped:
    """How a walk of a rule's tree resolves a name, as the compiler does (compiler/names.py `name`): a loop variable
    of an enclosing 每个 first, then a definition, looked into with no loop variable (a definition sees none). Both
    walkers of a rule's tree resolve so: _Walk (identities, here) and engine/checking/names_read.py (names read)."""

    definitions: Mapping[str, n.Node]

    def definition(self, node: object, scope: Mapping[str, object]) -> n.Node | None:
        """What a name means when it is a definition (a loop variable of that name hides it)."""
        if isinstance(node, n.Name) and node.name not in scope:
            return self.definitions.get(node.name)
        return None

    @staticmethod
    def within(scope: Mapping[str, V], loop: n.ForAll, value: V) -> dict[str, V]:
        """The scope of a 每个's body: its variable bound to `value` (what the walk keeps of its domain)."""
        return {**scope, loop.var: value}


_SUM, _CHILDREN, _BLANK, _ABS = "sum", "children", "blank", "abs"
Scope = dict[str, frozenset[str]]
# the tables whose cells a side adds, whether it adds (+ - sum), the signs its terms are taken with (+1, -1)
Cells = tuple[frozenset[str], bool, frozenset[int]]
_PLUS = frozenset((1,))


def _negated(signs: frozenset[int]) -> frozenset[int]:
    return frozenset(-s for s in signs)


class _Walk(Scoped):
    """Which tables' cells an expression adds up, resolved as the compiler resolves names (loop variable, then
    definition, then table)."""

    def __init__(self, definitions: Mapping[str, n.Node], catalogue: Catalogue, functions: _Functions) -> None:
        self.definitions, self.catalogue, self.functions = definitions, catalogue, functions

    def _func(self, node: n.Node) -> str | None:
        if not isinstance(node, n.Call):
            return None
        fn = self.functions.lookup(node.func)
        return getattr(fn, "name", None)

    def conjuncts(self, node: n.Node, scope: Scope, depth: int = 0) -> list[tuple[n.Compare, Scope]] | None:
        """The comparisons a rule is the conjunction of (且, 每个, 为空(a cell of it) 或 …), each with its loop
        variables' tables; None when it is anything else (another 或, 非, 如果, a function's verdict)."""
        if depth > 50:
            return None
        if isinstance(node, n.Compare):
            return [(node, scope)]
        if isinstance(node, n.Logical) and node.op == "and":
            left, right = self.conjuncts(node.left, scope, depth + 1), self.conjuncts(node.right, scope, depth + 1)
            return None if left is None or right is None else left + right
        if isinstance(node, n.Logical) and node.op == "or":
            return self._unless_blank(node, scope, depth)
        if isinstance(node, n.ForAll):
            domain = self.rows(node.domain, scope, depth + 1)
            return None if domain is None else self.conjuncts(node.body, self.within(scope, node, domain), depth + 1)
        if (definition := self.definition(node, scope)) is not None:
            return self.conjuncts(definition, {}, depth + 1)
        return None

    def _unless_blank(self, node: n.Logical, scope: Scope, depth: int) -> list[tuple[n.Compare, Scope]] | None:
        """`为空(x) 或 … 或 identity`, each x a cell the identity compares: when x is blank the rule passes whatever
        the table holds, otherwise the identity decides — either way its pass over placed rows holds by construction."""
        disjuncts: list[n.Node] = []
        stack: list[n.Node] = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, n.Logical) and item.op == "or":
                stack += [item.right, item.left]
            else:
                disjuncts.append(item)
        blanks = [d.args[0] for d in disjuncts if isinstance(d, n.Call) and self._func(d) == _BLANK and len(d.args) == 1]
        rest = [d for d in disjuncts if not (isinstance(d, n.Call) and self._func(d) == _BLANK and len(d.args) == 1)]
        if len(rest) != 1 or not blanks:
            return None
        found = self.conjuncts(rest[0], scope, depth + 1)
        if found is None:
            return None
        compared = [part for compare, _ in found for part in _parts(compare)]
        return found if all(blank in compared for blank in blanks) else None

    def rows(self, node: n.Node, scope: Scope, depth: int = 0) -> frozenset[str] | None:
        """The table a table, row, row set or cell belongs to; None when it is not one of a table."""
        if depth > 50:
            return None
        if isinstance(node, n.Name):
            if node.name in scope:
                return scope[node.name]
            if (definition := self.definition(node, scope)) is not None:
                return self.rows(definition, {}, depth + 1)
            if resolve.is_table(self.catalogue, node.name):
                return frozenset((resolve.table(self.catalogue, node.name).id,))
            return None
        if isinstance(node, (n.Member, n.Index)):
            return self.rows(node.obj, scope, depth + 1)
        if isinstance(node, n.Call) and self._func(node) == _CHILDREN and len(node.args) == 1:
            return self.rows(node.args[0], scope, depth + 1)
        return None

    def cells(self, node: n.Node, scope: Scope, depth: int = 0) -> Cells | None:
        """(the tables whose cells it adds, whether it adds: + - sum, the signs its terms are taken with) for a sum
        of cells, a literal 0 being the empty sum; None for anything else (another literal, a stated amount, a form
        field, a product)."""
        if depth > 50:
            return None
        if isinstance(node, n.Number) and node.value == 0:
            return frozenset(), False, frozenset()
        if isinstance(node, n.Binary) and node.op in ("+", "-"):
            left, right = self.cells(node.left, scope, depth + 1), self.cells(node.right, scope, depth + 1)
            if left is None or right is None:
                return None
            return left[0] | right[0], True, left[2] | (right[2] if node.op == "+" else _negated(right[2]))
        if isinstance(node, n.Unary) and node.op == "-":
            inner = self.cells(node.operand, scope, depth + 1)
            return None if inner is None else (inner[0], True, _negated(inner[2]))
        if isinstance(node, n.Call) and self._func(node) == _SUM and len(node.args) == 1:
            arg = node.args[0]
            if isinstance(arg, n.ForAll):  # 求和(每个 r 属于 SET: expr)
                domain = self.rows(arg.domain, scope, depth + 1)
                body = None if domain is None else self.cells(arg.body, self.within(scope, arg, domain), depth + 1)
                return None if body is None or domain is None else (body[0] | domain, True, body[2])
            tables = self.rows(arg, scope, depth + 1)
            return None if tables is None else (tables, True, _PLUS)
        if (definition := self.definition(node, scope)) is not None:
            return self.cells(definition, {}, depth + 1)
        tables = self.rows(node, scope, depth + 1)
        return None if tables is None else (tables, False, _PLUS)

    def sides(self, compare: n.Compare, scope: Scope) -> tuple[Cells | None, Cells | None]:
        """The two sums a comparison equates: `a == b` (which allows for rounding), or `绝对值(a - b) <= k` with k a
        literal ≥ 0 (`<` k > 0; either way round), read as a - b == 0 with the tolerance written out."""
        left, op, right = compare.left, compare.op, compare.right
        if op in (">=", ">"):
            left, op, right = right, {">=": "<=", ">": "<"}[op], left
        if op == "==":
            return self.cells(left, scope), self.cells(right, scope)
        if op in ("<=", "<") and self._func(left) == _ABS and isinstance(left, n.Call) and len(left.args) == 1 \
                and isinstance(right, n.Number) and (right.value > 0 or (op == "<=" and right.value == 0)):
            return self.cells(left.args[0], scope), (frozenset(), False, frozenset())
        return None, None


def _parts(node: object) -> list[object]:
    """Every node of an expression's tree (not looking into definitions)."""
    out: list[object] = [node]
    if isinstance(node, n.Node):
        for f in fields(node):
            out += _parts(getattr(node, f.name))
    elif isinstance(node, tuple):
        for item in node:
            out += _parts(item)
    return out


def identity_tables(node: n.Node, definitions: Mapping[str, n.Node], catalogue: Catalogue,
                    functions: _Functions) -> frozenset[str]:
    """The tables of which the rule is an arithmetic identity: a conjunction (且, 每个) of comparisons between sums of
    cells (+, -, sum; a literal 0 the empty sum) of one table each, at least one of them adding, its terms (all
    brought to one side) of both signs — with `==` (which
    allows for rounding), or as `绝对值(sum) <= tolerance` — each may be guarded by `为空(a cell it compares) 或`.
    The import placed rows so that the table's arithmetic holds within rounding (engine/importers/placement.py),
    so such a rule's pass over them holds by construction, whatever tolerance it writes. Empty when it is not one
    (another `<=`/`>=`, another literal, a stated amount, two tables in one comparison, 非/如果, another 或)."""
    walk = _Walk(definitions, catalogue, functions)
    found = walk.conjuncts(node, {})
    if not found:
        return frozenset()
    tables: set[str] = set()
    adds = False
    for compare, scope in found:
        left, right = walk.sides(compare, scope)
        if left is None or right is None or len(left[0] | right[0]) != 1:
            return frozenset()
        if left[2] | _negated(right[2]) != {1, -1}:  # all on one side, terms of both signs: a balance, not a + b == 0
            return frozenset()
        tables |= left[0] | right[0]
        adds = adds or left[1] or right[1]
    return frozenset(tables) if adds else frozenset()
