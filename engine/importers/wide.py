"""The header of a one-row table of items × (预算数, 决算数) (公开09) laid out with spaces, on its column grid.

Each item heads a pair of columns, but a PDF-to-text tool prints its label centred over the pair (on either of
its two columns) and wrapped over several lines (`因公出国` / `（境）费`), with other items' labels on the lines
between; a heading over several items (`公务用车购置及运行维护费` over 小计, 购置费, 运行维护费) stands above them.
Each pair's label is the shortest run of its lowest lines that names an item; a label naming none (小计) is read
under the heading above it. The header becomes one line of item labels (each on its pair's first column) over the
line of column names.
"""
from __future__ import annotations

from engine.catalogue import TableSpec
from engine.importers.lines import SourceLine


def _keys_line(spec: TableSpec, header: list[SourceLine]) -> int | None:
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
    at = _keys_line(spec, header)
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
