"""PDF ruling → table grids: ruling lines as edges, cells filled with their characters, 类/款/项 codes joined."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from engine.importers.pdf_text import box_of, cell_text

_CODE_HEADS = ("类", "款", "项")
_DIGITS = re.compile(r"^\d+$")


Box = tuple[float, float, float, float]


def table_grid(table: Any, chars: list[dict[str, Any]]) -> tuple[list[list[str | None]], list[tuple[float, float]],
                                                                  set[int], list[list[tuple[str, Box]]]]:
    """Text of every cell (None where a merged cell spans), each row's vertical extent, the chars used, and each
    row's printed cells with their boxes (where a report outlines them).

    A char belongs to the cell holding its centre; chars are sorted by centre-y so each cell bisects its band.
    """
    order = sorted(range(len(chars)), key=lambda i: (chars[i]["top"] + chars[i]["bottom"]) / 2)
    ys = [(chars[i]["top"] + chars[i]["bottom"]) / 2 for i in order]
    used: set[int] = set()
    grid: list[list[str | None]] = []
    spans: list[tuple[float, float]] = []
    pieces: list[list[tuple[str, Box]]] = []
    for row in table.rows:
        texts: list[str | None] = []
        boxes: list[tuple[str, Box]] = []
        for box in row.cells:
            if box is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = box
            mine = []
            for k in range(bisect_left(ys, top), bisect_right(ys, bottom)):
                i = order[k]
                ch = chars[i]
                if i not in used and x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1:
                    mine.append(ch)
                    used.add(i)
            texts.append(cell_text(mine))
            if mine and texts[-1]:
                boxes.append((texts[-1], box_of(mine)))
        grid.append(texts)
        spans.append((row.bbox[1], row.bbox[3]))
        pieces.append(boxes)
    return grid, spans, used, pieces


def header_groups(grid: list[list[str | None]]) -> list[list[int]]:
    """Columns printed under 类/款/项 headings: [[0, 1, 2]] for a 功能分类 table, two groups for 公开06."""
    for row in grid:
        cells = [(c or "").strip() for c in row]
        groups, j = [], 0
        while j < len(cells):
            if cells[j] == _CODE_HEADS[0]:
                k = 1
                while j + k < len(cells) and k < 3 and cells[j + k] == _CODE_HEADS[k]:
                    k += 1
                if k >= 2:
                    groups.append(list(range(j, j + k)))
                    j += k
                    continue
            j += 1
        if groups:
            return groups
    return []


def content_groups(grid: list[list[str | None]]) -> list[list[int]]:
    """Code columns recognised by content (a continuation page has no 类/款/项 heading): ddd | dd | dd."""
    width = max((len(r) for r in grid), default=0)

    def col(j: int) -> list[str]:
        return [(r[j] or "").strip() if j < len(r) else "" for r in grid]

    groups, j = [], 0
    while j < width - 1:
        head = col(j)
        if sum(1 for v in head if re.fullmatch(r"\d{3}", v)) < 2 or any(_DIGITS.match(v) and len(v) != 3 for v in head):
            j += 1
            continue
        members = [j]
        for k in (1, 2):
            nxt = col(j + k) if j + k < width else []
            vals = [v for v, h in zip(nxt, head) if _DIGITS.match(h)]
            if not any(vals) or not all(re.fullmatch(r"\d{2}", v) for v in vals if v):
                break
            if any(v for v, h in zip(nxt, head) if not _DIGITS.match(h) and _DIGITS.match(v)):
                break
            members.append(j + k)
        if len(members) >= 2:
            groups.append(members)
            j += len(members)
        else:
            j += 1
    return groups


def join_codes(grid: list[list[str | None]], groups: list[list[int]]) -> list[list[str]]:
    """Collapse each 类/款/项 group into one code cell: 201|06|01 → 2010601; headings and labels kept as text."""
    starts = {g[0]: g for g in groups}
    rows: list[list[str]] = []
    for row in grid:
        out: list[str] = []
        j = 0
        while j < len(row):
            group = starts.get(j)
            if group is None:
                out.append(row[j] or "")
                j += 1
                continue
            parts = [(row[c] or "").strip() for c in group if c < len(row)]
            filled = [p for p in parts if p]
            after = group[-1] + 1
            if filled and all(_DIGITS.match(p) for p in filled):
                out.append("".join(filled))
            elif filled and all(p in _CODE_HEADS for p in filled):
                out.append("")  # the 类/款/项 heading shares its row with 合计 in some layouts
            elif filled and after < len(row) and row[after] is None:
                # a label (合计, 人员经费合计, 项目) spanning code and name columns belongs in the name cell
                out.extend(["", " ".join(filled)])
                j = after + 1
                continue
            else:
                out.append(" ".join(filled))
            j = after
        rows.append(out)
    return rows


class _Box:
    """What pdfplumber's TableFinder needs of a page when every edge is given explicitly: its bbox."""

    def __init__(self, width: float, height: float) -> None:
        self.bbox = (0.0, 0.0, width, height)


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {"object_type": "line_edge", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "width": x1 - x0, "height": bottom - top}


def _page_edges(page: Any, height: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ruling lines of a page (stroked lines, thin filled bars, rectangle sides) as top-down edges."""
    import pypdfium2.raw as raw

    vertical: list[dict[str, Any]] = []
    horizontal: list[dict[str, Any]] = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        thin_x, thin_y = x1 - x0 < 2, y1 - y0 < 2
        if thin_x and thin_y:
            continue
        if thin_y:
            horizontal.append(_edge(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, "h"))
        elif thin_x:
            vertical.append(_edge((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, "v"))
        elif raw.FPDFPath_CountSegments(obj.raw) <= 6:  # a rectangle: its four sides
            horizontal += [_edge(x0, y0, x1, y0, "h"), _edge(x0, y1, x1, y1, "h")]
            vertical += [_edge(x0, y0, x0, y1, "v"), _edge(x1, y0, x1, y1, "v")]
    return vertical, horizontal


def tables(page: Any, width: float, height: float) -> list[Any]:
    from pdfplumber.table import TableFinder

    vertical, horizontal = _page_edges(page, height)
    if len(vertical) < 2 or len(horizontal) < 2:
        return []  # no ruling: a prose page
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
    return TableFinder(_Box(width, height), settings).tables

