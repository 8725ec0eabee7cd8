"""What compiled closures work on at run time: the evaluation context, truth values, and document access."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Literal

from engine.labels import normalise
from engine.model import Cell, Disclosure, Row, Source, Table
from engine.language.numbers import Amount, Comparison
from engine.language.resolve import RowName


@dataclass(slots=True)  # built for every cell a traced run reads
class CellRef:
    table: str | None
    row: str | None
    column: str | None
    label: str | None
    value: Decimal | None
    text: str | None
    source: Source | None


@dataclass(slots=True)
class Step:
    """One sub-expression of a traced run, in evaluation order (operands before their result)."""

    text: str
    value: Decimal | str | bool | None
    tolerance: Decimal | None = None
    kind: str = "number"  # number | bool | text | list | rows | other


class EvalError(Exception):
    """A run-time problem that becomes a finding with status `error`, never a traceback."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


OVER_BUDGET = "E240"  # a text template RE2 cannot compile: 不可核, never proof that the words are missing


class NotCheckable(Exception):
    """A referenced table is absent from the document: the whole rule is not checkable."""

    def __init__(self, table: str) -> None:
        super().__init__(table)
        self.table = table


@dataclass(slots=True)  # never mutated; not frozen: see numbers.Amount
class Check:
    """One reportable outcome inside a rule: a comparison that failed or held only by rounding, or an error."""

    status: Literal["fail", "rounding", "error"]
    comparison: Comparison | None = None
    refs: tuple[CellRef, ...] = ()
    steps: tuple[Step, ...] | None = None
    element: str | None = None
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    text: str | None = None  # canonical text of the failing sub-expression


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class Truth:
    ok: bool
    checks: tuple[Check, ...] = ()


TRUE, FALSE = Truth(True), Truth(False)  # shared: a for-each tells a plain verdict by identity


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class TableView:
    """A table, or one side of a two-sided table (`公开01.收入`)."""

    table: Table
    side: str | None = None


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class RowItem:
    table: Table
    row: Row

    @property
    def label(self) -> str:
        key = self.row.code or self.row.line_no
        return f"{key} {self.row.label}" if key and key != self.row.label else self.row.label


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class Values:
    """A list of amounts read from a row set (`公开06[302*].决算数`)."""

    items: tuple[Amount, ...]


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class Item:
    """One thing a function lists: a 目录 entry, a numbering gap. Reported with its source."""

    label: str
    source: Source | None = None
    table: str | None = None


class Memo:
    """What one document's check computes once and every rule reuses (cell intervals, section texts, narrative
    matches). Keys are object identities inside that one document: never share a Memo between documents."""

    __slots__ = ("doc", "amounts", "found", "sections", "rows", "columns", "held", "anchored", "names_doubtful", "named",
                 "views")

    def __init__(self, doc: Disclosure) -> None:
        self.doc = doc  # keeps the document (and so every id() below) alive while the memo lives
        self.amounts: dict[int, Amount] = {}  # id(Cell or FormField) -> its interval
        self.found: dict[tuple[Any, ...], Any] = {}  # what once() keeps: narrative look-ups, row indexes, precondition verdicts …
        self.sections: dict[tuple[Any, ...], Any] = {}  # (id(parent), number or words) -> Section | None
        self.rows: dict[tuple[Any, ...], Any] = {}  # (id(table), side, selector or row name) -> the RowItem(s) it selects
        self.columns: dict[tuple[Any, ...], str | None] = {}  # (id(table), side) -> the main column of a bare row
        # (id(for-each node), tolerance, ids of outer loop values) -> (those values, indexes of the elements that held)
        self.held: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.anchored: dict[int, tuple[Any, ...]] = {}  # id(Section) -> (it, its flattened text and line anchors)
        # table id -> keys of its rows whose names are in doubt ("" -> such keys that are names), set only while a
        # rule is asked whether it reads those names (engine/checking/names_read.py); `named` tells that it did
        self.names_doubtful: dict[str, frozenset[str]] | None = None
        self.named = False
        self.views: dict[str, TableView] = {}  # table id -> the whole table's view (a name like 公开01 is read ~400 times)

    def once(self, key: tuple[Any, ...], source: Any, make: Callable[[], Any]) -> Any:
        """What `make` computes from `source`, once per document (a section's flattened text, the 目录 placement …).
        The memo keeps `source` with the value, so its identity in `key` is never reused by another object."""
        found = self.found.get(key)
        if found is None or found[0] is not source:
            found = self.found[key] = (source, make())
        return found[1]


class Ctx:
    __slots__ = ("doc", "tolerance", "vars", "steps", "refs", "memo", "skips", "skipped", "records", "reads")

    def __init__(self, doc: Disclosure, tolerance: Decimal | None, traced: bool, memo: Memo | None = None,
                 steps: bool = True, skips: bool = False, records: bool = True) -> None:
        self.doc = doc
        self.tolerance = tolerance
        self.vars: dict[str, Any] = {}
        self.steps: list[Step] | None = [] if traced and steps else None
        self.refs: list[CellRef] | None = [] if traced else None
        self.memo = memo if memo is not None and memo.doc is doc else Memo(doc)
        self.skips = skips  # a re-run may skip for-each elements that held in the fast run (Memo.held)
        self.skipped = False  # … and did: ctx.refs then lacks their cells
        self.records = records  # the fast run keeps which for-each elements held (Memo.held) for a re-run; a verdict has none
        # the fast run of a plain rule (Compiler.plain) for findings: every cell read, so a rounding note gets its
        # cells without a traced re-run (closures.num_compare). Flat: a table cell is three entries (row, column,
        # cell), a form field one CellRef; no tuple per read, so a collection has fewer young objects to walk. Only
        # sliced at lengths taken between reads, and read back by cited().
        self.reads: list[RowItem | str | Cell | CellRef | None] | None = None


# --- document access -------------------------------------------------------------------------------

def get_table(ctx: Ctx, table_id: str) -> Table:
    found = ctx.doc.table(table_id)
    if found is None:
        raise NotCheckable(table_id)
    return found


def table_view(ctx: Ctx, table_id: str) -> TableView:
    """The whole table named by its id, one view per document; a missing table raises every time it is read."""
    view = ctx.memo.views.get(table_id)
    if view is None:
        view = ctx.memo.views[table_id] = TableView(get_table(ctx, table_id))
    return view


# Row labels repeat from document to document (the same 科目 in every disclosure); normalising one is an NFKC pass and
# three regex substitutions, ~1 ms per document for the row indexes. A pure function of the label, so bounded.
_normal_label = lru_cache(maxsize=16384)(normalise)


def _rows_by_name(table: Table) -> dict[str, list[tuple[int, Row]]]:
    """Each key, code, 行次 and normalised label -> the rows (with their positions) that carry it."""
    by_name: dict[str, list[tuple[int, Row]]] = {}
    for entry in enumerate(table.rows):
        r = entry[1]
        for name in {r.key, r.code, r.line_no, _normal_label(r.label)}:
            if name:
                found = by_name.get(name)
                if found is None:
                    by_name[name] = [entry]
                else:
                    found.append(entry)
    return by_name


def _children_by_code(table: Table) -> dict[str, tuple[RowItem, ...]]:
    """A parent's code -> its 下级 rows (项 2010601's parent is 款 20106)."""
    children: dict[str, list[RowItem]] = {}
    for r in table.rows:
        code = r.code
        if code and len(code) > 3:
            children.setdefault(code[:-2], []).append(RowItem(table, r))
    return {k: tuple(v) for k, v in children.items()}


def _indexed(ctx: Ctx, kind: str, table: Table, build: Callable[[Table], dict[str, Any]]) -> dict[str, Any]:
    """A table's index of one kind, built the first time a rule of the document needs it (most tables need only
    one kind); it lives in the document's memo and goes with it."""
    found = ctx.memo.found.get((kind, id(table)))  # Memo.once's test, without a closure per look-up
    if found is not None and found[0] is table:
        index: dict[str, Any] = found[1]
        return index
    built: dict[str, Any] = ctx.memo.once((kind, id(table)), table, lambda: build(table))
    return built


def find_row(ctx: Ctx, view: TableView, name: RowName) -> Row | None:
    """The first row (in table order) whose key, code or label is one of the name's printed forms."""
    side = name.side or view.side
    by_name = _indexed(ctx, "names", view.table, _rows_by_name)
    best: tuple[int, Row, str] | None = None
    for form in name.forms:
        for pos, r in by_name.get(form, ()):
            if side and r.side and r.side != side:
                continue
            if best is None or pos < best[0]:
                best = (pos, r, form)
            break
    if ctx.memo.names_doubtful is not None:
        _by_name(ctx, view.table, best[2] if best else name.key, best[1] if best else None)
    return best[1] if best else None


def _by_name(ctx: Ctx, table: Table, key: str, found: Row | None) -> None:
    """A look-up reads a doubtful name when it misses in a table with doubtful names (the row may be there under a
    wrong name), hits a doubtful row other than by its code or 行次, or asks for a doubtful name anywhere."""
    doubt = ctx.memo.names_doubtful or {}
    rows = doubt.get(table.id)
    if (rows is not None and (found is None or (found.key in rows and key not in (found.code, found.line_no)))
            or key in doubt.get("", ())):
        ctx.memo.named = True


def find_key(ctx: Ctx, view: TableView, key: str) -> Row | None:
    """`[2010601]`, `[17]` or `[「合计」]`: by code, 行次, key or label (Table.row), restricted to the view's side."""
    r: Row
    form = _normal_label(key)
    for _, r in _indexed(ctx, "names", view.table, _rows_by_name).get(form, ()):
        if view.side is None or r.side in (None, view.side):
            if ctx.memo.names_doubtful is not None:
                _by_name(ctx, view.table, form, r)
            return r
    if ctx.memo.names_doubtful is not None:
        _by_name(ctx, view.table, form, None)
    return None


def _rows(view: TableView) -> list[Row]:
    if view.side is None:
        return view.table.rows
    return [r for r in view.table.rows if r.side == view.side]


_LEVEL_LENGTH = {"类": 3, "款": 5, "项": 7}


def level_rows(view: TableView, level: str) -> list[Row]:
    return [r for r in _rows(view)
            if r.level == level or (r.level is None and r.code is not None and len(r.code) == _LEVEL_LENGTH[level])]


def prefix_rows(view: TableView, prefix: str) -> list[Row]:
    return [r for r in _rows(view) if r.code and r.code.startswith(prefix) and r.code != prefix]


def _as_int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def range_rows(view: TableView, low: str, high: str) -> list[Row]:
    lo, hi = int(low), int(high)
    rows = _rows(view)
    if any(r.line_no for r in rows):
        return [r for r in rows if (n := _as_int(r.line_no)) is not None and lo <= n <= hi]
    return [r for r in rows if r.code and len(r.code) == len(low) and lo <= int(r.code) <= hi]


def all_rows(view: TableView) -> list[Row]:
    rows = _rows(view)
    coded = [r for r in rows if r.code]
    return coded or rows


def children(ctx: Ctx, item: RowItem) -> tuple[RowItem, ...]:
    code = item.row.code
    if not code:
        return ()
    found: tuple[RowItem, ...] = _indexed(ctx, "children", item.table, _children_by_code).get(code, ())
    return found


def cell(ctx: Ctx, item: RowItem, column: str | None, strict: bool = True) -> Amount:
    """The amount in a row's column. Blank and na are 0 for arithmetic (kind kept); text is an error."""
    col = column or _main_column(ctx, item)
    found = item.row.cells.get(col) if col else None
    if ctx.refs is not None:
        ctx.refs.append(cell_ref(item, col, found))
    elif (reads := ctx.reads) is not None:  # three entries: the tuple is freed at once, no young object kept
        reads += (item, col, found)
    if found is None:
        return BLANK
    amounts = ctx.memo.amounts
    amount = amounts.get(id(found))
    if amount is None:
        amount = amounts[id(found)] = _amount(found)
    if amount is TEXT and strict:
        raise EvalError("E403", where=f"{item.table.id}「{item.row.label}」{col or ''}", text=found.text)
    return amount


def cell_ref(item: RowItem, col: str | None, found: Cell | None) -> CellRef:
    """What a finding shows of one cell read: where it is, its value or words, and the line it was printed on."""
    return CellRef(item.table.id, item.row.key, col, item.row.label, found.value if found else None,
                   found.text if found else None, found.source if found and found.source.line else item.row.source)


def cited(reads: list[RowItem | str | Cell | CellRef | None]) -> tuple[CellRef, ...]:
    """Ctx.reads (or a slice of it taken between reads) as the traced form's CellRefs."""
    out: list[CellRef] = []
    i, end = 0, len(reads)
    while i < end:
        first = reads[i]
        if isinstance(first, CellRef):  # a form field
            out.append(first)
            i += 1
        else:
            out.append(cell_ref(first, reads[i + 1], reads[i + 2]))  # type: ignore[arg-type]  # (row, column, cell)
            i += 3
    return tuple(out)


def _main_column(ctx: Ctx, item: RowItem) -> str | None:
    key = (id(item.table), item.row.side)
    columns = ctx.memo.columns
    found: str | None = columns.get(key, _UNSET)  # one look-up: ~200 bare-row reads a document
    if found is _UNSET:
        found = columns[key] = item.table.main_column(item.row)
    return found


_UNSET: Any = object()


# Amounts are immutable, so the absent kinds are shared.
BLANK = Amount(Decimal(0), Decimal(0), "blank")
NA = Amount(Decimal(0), Decimal(0), "na")
TEXT = Amount(Decimal(0), Decimal(0), "text")


def _amount(found: Cell) -> Amount:
    if found.kind == "blank":
        return BLANK
    if found.kind == "na":
        return NA
    if found.kind == "text" or found.value is None:
        return TEXT
    return Amount.printed(found.value)
