"""The header of a one-row table of items × (预算数, 决算数) (公开09) laid out with spaces, on its column grid.

Each item heads a pair of columns, but a PDF-to-text tool prints its label centred over the pair (on either of
its two columns) and wrapped over several lines (`因公出国` / `（境）费`), with other items' labels on the lines
between; a heading over several items (`公务用车购置及运行维护费` over 小计, 购置费, 运行维护费) stands above them.
Each pair's label is the shortest run of its lowest lines that names an item; a label naming none (小计) is read
under the heading above it. The header becomes one line of item labels (each on its pair's first column) over the
line of column names.

Text that keeps no columns (pdfplumber's `extract_text`) prints the labels' pieces line by line with no place to
put them by: the items are then the kind's, in the catalogue's order, only when the line of column names has a
pair for each and the pieces on every line are parts of the items' names in that order. A header printing them in
another order (pdfplumber stacks wrapped labels line by line) is read by the kind's order only where the order
cannot matter: the printed amounts give the same cells, or the same possible readings, under every order.
"""
from __future__ import annotations

from itertools import permutations

from engine.catalogue import TableSpec
from engine.importers.errors import Warnings
from engine.importers.kind_headers import in_order, part_of, say_by_kind
from engine.importers.lines import SourceLine
from engine.importers.placement import WIDE_SUMS, Equation, Placement, PrintedRow, place, scale
from engine.importers.split_rows import AMOUNT, words


def keys_line(spec: TableSpec, header: list[SourceLine]) -> int | None:
    """The header line of column names in pairs (预算数 决算数 预算数 决算数 …), one a column."""
    for n, line in enumerate(header):
        keys = [spec.column_key(c) for c in line.cells]
        if len(keys) >= 4 and len(keys) % 2 == 0 and all(keys) and all(
                keys[k] == keys[0] and keys[k + 1] == keys[1] for k in range(0, len(keys), 2)) and keys[0] != keys[1]:
            return n
    return None


def _label(spec: TableSpec, stack: list[str]) -> str | None:
    """The item named by the lowest lines of a pair's stack of printed fragments (top to bottom)."""
    for start in range(len(stack) - 1, -1, -1):
        text = "".join(stack[start:])
        if spec.row_key(text):
            return text
    return None


def wide_header(spec: TableSpec, header: list[SourceLine]) -> list[SourceLine]:
    """`header` (gridded lines) with the lines above the column names replaced by one line of item labels; as it is
    when it is not such a header or an item cannot be named (the table reader then says what it could not read)."""
    at = keys_line(spec, header)
    if at is None or at == 0:
        return header
    above, width = header[:at], len(header[at].cells)
    labels: list[str] = []
    for pair in range(0, width, 2):
        stack = [f"{line.cells[pair]}{line.cells[pair + 1]}".strip() for line in above if pair + 1 < len(line.cells)]
        rows = [n for n, text in enumerate(stack) if text]
        label = _label(spec, [stack[n] for n in rows])
        if label is None and rows:
            own = stack[rows[-1]]
            parents = [line.cells[q].strip() for line in above[:rows[-1]] for q in range(width)
                       if q < len(line.cells) and spec.row_key(line.cells[q].strip() + own)]
            label = parents[-1] + own if parents else None
        if label is None:
            return header
        labels += [label, ""]
    items = SourceLine(cells=labels, line=above[-1].line, page=above[-1].page)
    return [items] + header[at:]


def wide_items(spec: TableSpec, header: list[SourceLine], body: list[SourceLine],
               warnings: Warnings | None) -> list[SourceLine]:
    """公开09's header in text that keeps no columns → a line of the kind's items over the line of column names, when
    the printed pieces agree with the kind's order (see above) and a row printed in full holds the kind's sums; as
    it is otherwise (the table is then not read, with its reason)."""
    at = keys_line(spec, header)
    if at is None:
        return header
    # a line of two items or more (合计 因公出国（境）费): their order is not the kind's by the pieces' order alone
    itemised = any(n != at and len(h.cells) >= 2 and all(spec.row_key(c) for c in h.cells) for n, h in enumerate(header))
    pairs, kind = header[at], [r.key for r in spec.rows]
    if len(pairs.cells) != 2 * len(kind):
        return header
    spelt = [[r.key, *([r.printed] if r.printed else []), *r.aliases] for r in spec.rows]
    banner = [spec.title, *spec.aliases]
    keys = tuple(f"{item}|{spec.column_key(c)}" for item, pair in zip(kind, zip(pairs.cells[::2], pairs.cells[1::2]))
                 for c in pair)
    printed = tuple(w for line in body for w in words(line) if AMOUNT.match(w))
    for n, line in enumerate(header):
        pieces = [w for c in line.cells for w in c.split()]
        if n == at or all(part_of(w, banner) for w in pieces) or (not itemised and in_order(pieces, spelt)):
            continue
        if not all(any(part_of(w, names) for names in spelt) for w in pieces) or not _any_order_alike(keys, printed):
            return header
    if len(printed) == len(keys) and place([PrintedRow(amounts=printed, keys=keys)], wide_equations(keys),
                                           scale(list(printed))).columns[0] is None:
        return header  # the kind's sums do not hold in the kind's order
    say_by_kind(spec, kind, warnings, pairs.line)
    return [SourceLine(cells=kind, line=pairs.line, page=pairs.page), pairs]  # the rest: the items' pieces


def _any_order_alike(keys: tuple[str, ...], printed: tuple[str, ...]) -> bool:
    """Header pieces that name the kind's items but not in its order (pdfplumber stacks a wrapped header line by
    line): the items' order is not known. It does not matter when the amounts give the same cells — item and
    column — under every order of the items: the same placement, or the same possible readings."""
    if len(set(printed)) <= 1:
        return True  # equal amounts: which cells hold them, and which sums hold, is the same in any order
    items = list(dict.fromkeys(k.split("|")[0] for k in keys))
    columns = [k.split("|")[1] for k in keys[:2]]
    found = set()
    for order in permutations(items):
        ordered = tuple(f"{item}|{column}" for item in order for column in columns)
        placement = place([PrintedRow(amounts=printed, keys=ordered)], wide_equations(ordered), scale(list(printed)))
        found.add(_cells(placement, ordered, printed))
        if len(found) > 1:
            return False
    return True


def _cells(placement: Placement, keys: tuple[str, ...], printed: tuple[str, ...]) -> frozenset:
    """What a placement of one row gives, named: its cells, or its possible readings' cells (empty: nothing)."""
    if placement.columns[0] is not None:
        return frozenset({frozenset(zip((keys[c] for c in placement.columns[0]), printed))})
    return frozenset(frozenset(zip((keys[c] for c in reading[0]), printed))
                     for group in placement.possible for reading in group.readings)


def wide_equations(keys: tuple[str, ...]) -> list[Equation]:
    """公开09's identities (合计 = Σ items, 公务用车… = 购置 + 运行维护, each of 预算数 and 决算数) on a row of `keys`
    (`item|column`)."""
    equations = []
    for column in ("预算数", "决算数"):
        for total, parts in WIDE_SUMS:
            terms = [(f"{total}|{column}", -1)] + [(f"{p}|{column}", 1) for p in parts]
            if all(t in keys for t, _ in terms):
                equations.append(Equation(tuple((0, keys.index(t), coef) for t, coef in terms)))
    return equations
