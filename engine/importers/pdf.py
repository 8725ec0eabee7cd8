"""PDF → SourceLines: ruled tables row by row, other text line by line; running headers/footers dropped."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.importers.errors import DisclosureError
from engine.importers.lines import SourceLine

# Line numbering: `line` is a running number over the whole document (1, 2, 3 … across pages), in reading
# order; `page` is the 1-based page. A warning can therefore cite both "第 3 页" and a unique line.

_CODE_HEADS = ("类", "款", "项")
_DIGITS = re.compile(r"^\d+$")
_PAGE_NO = re.compile(r"^(?:[-—–_·•\s]*\d+[-—–_·•\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
                      re.IGNORECASE)
_MARGIN = 0.07  # top/bottom share of the page where running headers and footers live
_GAP_EM = 2.0  # a gap this many character widths wide splits an untabled line into cells


@dataclass
class PdfSource:
    """The lines of one PDF, plus what reading noticed (dropped headers/footers, pages without text)."""

    lines: list[SourceLine]
    pages: int
    notes: list[str] = field(default_factory=list)


@dataclass
class _Item:
    """A line of a page before numbering: where it sits and its cells."""

    top: float
    bottom: float
    cells: list[str]
    in_table: bool


def _is_cjk(ch: str) -> bool:
    return ord(ch) > 0x2E7F


def _cluster(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group characters into printed lines by vertical overlap.

    Overlap rather than equal `top`, because Latin digits in these PDFs sit ~5pt lower than the CJK text
    of the same line; a plain top-tolerance puts every number on a line of its own.
    """
    lines: list[list[Any]] = []  # [top, bottom, chars]
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        top, bottom = ch["top"], ch["bottom"]
        height = max(bottom - top, 0.1)
        best, best_overlap = None, 0.0
        for line in lines[-4:]:
            overlap = min(bottom, line[1]) - max(top, line[0])
            if overlap > best_overlap:
                best, best_overlap = line, overlap
        if best is not None and best_overlap >= 0.4 * height:
            best[2].append(ch)  # the band stays that of the line's first (highest) char
        else:
            lines.append([top, bottom, [ch]])
    return [sorted(line[2], key=lambda c: c["x0"]) for line in lines]


def _join_chars(chars: list[dict[str, Any]]) -> str:
    """One printed line → text; a space only between Latin words, never inside CJK (justified cells spread it)."""
    out: list[str] = []
    prev = None
    for ch in chars:
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            latin = not _is_cjk(prev["text"]) and not _is_cjk(ch["text"])
            if latin and gap > 0.25 * ch["size"]:
                out.append(" ")
        out.append(ch["text"])
        prev = ch
    return "".join(out).strip()


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's text: its printed lines joined, without a break (a wrapped 科目名称 becomes one name)."""
    parts = [_join_chars(line) for line in _cluster(chars)]
    text = ""
    for part in parts:
        if not part:
            continue
        if text and not _is_cjk(text[-1]) and not _is_cjk(part[0]):
            text += " "
        text += part
    return text


def _split_cells(chars: list[dict[str, Any]]) -> list[str]:
    """An untabled line → cells at wide gaps (column positions); ordinary prose stays one cell."""
    cells: list[list[dict[str, Any]]] = [[]]
    prev = None
    for ch in chars:
        if prev is not None and ch["x0"] - prev["x1"] > _GAP_EM * max(ch["size"], 1.0):
            cells.append([])
        cells[-1].append(ch)
        prev = ch
    return [t for t in (_join_chars(c) for c in cells) if t]


def _table_grid(table: Any, chars: list[dict[str, Any]]) -> tuple[list[list[str | None]], list[tuple[float, float]], set[int]]:
    """Text of every cell (None where a merged cell spans), each row's vertical extent, the chars used.

    A char belongs to the cell holding its centre; chars are sorted by centre-y so each cell bisects its band.
    """
    order = sorted(range(len(chars)), key=lambda i: (chars[i]["top"] + chars[i]["bottom"]) / 2)
    ys = [(chars[i]["top"] + chars[i]["bottom"]) / 2 for i in order]
    used: set[int] = set()
    grid: list[list[str | None]] = []
    spans: list[tuple[float, float]] = []
    for row in table.rows:
        texts: list[str | None] = []
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
            texts.append(_cell_text(mine))
        grid.append(texts)
        spans.append((row.bbox[1], row.bbox[3]))
    return grid, spans, used


def _header_groups(grid: list[list[str | None]]) -> list[list[int]]:
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


def _content_groups(grid: list[list[str | None]]) -> list[list[int]]:
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


def _join_codes(grid: list[list[str | None]], groups: list[list[int]]) -> list[list[str]]:
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


def _tables(page: Any, width: float, height: float) -> list[Any]:
    from pdfplumber.table import TableFinder

    vertical, horizontal = _page_edges(page, height)
    if len(vertical) < 2 or len(horizontal) < 2:
        return []  # no ruling: a prose page
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
    return TableFinder(_Box(width, height), settings).tables


def _page_chars(page: Any, height: float) -> list[dict[str, Any]]:
    """Printed characters with a box built from baseline and font size (same band for every font on a line)."""
    import ctypes

    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    chars: list[dict[str, Any]] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(textpage.count_chars()):
        if raw.FPDFText_IsGenerated(textpage.raw, i):
            continue
        text = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
        if not text.strip() or not text.isprintable():
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        glyph = max(top - bottom, 1.0)
        size = raw.FPDFText_GetFontSize(textpage.raw, i)
        if not 0.5 * glyph <= size <= 2 * glyph:
            size = glyph  # the nominal size ignores the text matrix (WPS writes Tf 300 scaled down): trust the box
        base = y.value if raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y) else bottom
        chars.append({"text": text, "x0": left, "x1": right, "top": height - base - 0.8 * size,
                      "bottom": height - base + 0.2 * size, "size": size})
    textpage.close()
    return chars


def _page_items(page: Any, carry: list[list[int]], width_of_carry: int) -> tuple[list[_Item], list[list[int]], int]:
    """One page → positioned items; returns the code groups of its last table for a continuation."""
    width, height = page.get_size()
    chars = _page_chars(page, height)
    items: list[_Item] = []
    used: set[int] = set()
    for index, table in enumerate(_tables(page, width, height)):
        grid, spans, mine = _table_grid(table, chars)
        if not mine:
            continue  # a ruled strip with no text: the tail of a row broken by the page end
        used |= mine
        cols = max(len(r) for r in grid)
        groups = _header_groups(grid) or _content_groups(grid)
        if not groups and carry and cols == width_of_carry and index == 0:
            groups = carry  # a continued table keeps the previous page's code columns
        for cells, (top, bottom) in zip(_join_codes(grid, groups), spans):
            if any(c.strip() for c in cells):
                items.append(_Item(top, bottom, cells, True))
        carry, width_of_carry = groups, cols
    rest = [c for i, c in enumerate(chars) if i not in used]
    for line in _cluster(rest):
        cells = _split_cells(line)
        if cells:
            items.append(_Item(min(c["top"] for c in line), max(c["bottom"] for c in line), cells, False))
    items.sort(key=lambda it: it.top)
    return items, carry, width_of_carry


def _running_lines(pages: list[tuple[float, list[_Item]]]) -> set[tuple[int, int]]:
    """(page, item) positions of page numbers and of text repeated in the margin of several pages."""
    marginal: list[tuple[int, int, str]] = []
    for p, (height, items) in enumerate(pages):
        for i, it in enumerate(items):
            if it.in_table:
                continue
            if it.bottom < height * _MARGIN or it.top > height * (1 - _MARGIN):
                marginal.append((p, i, re.sub(r"\d+", "#", "".join(it.cells))))
    repeated = Counter(key for _, _, key in {(p, 0, k) for p, _, k in marginal})
    need = min(3, len(pages))
    drop = set()
    for p, i, key in marginal:
        text = " ".join(pages[p][1][i].cells)
        if _PAGE_NO.match(text) or (len(pages) > 1 and repeated[key] >= need):
            drop.add((p, i))
    return drop


def _open(data: bytes) -> Any:
    import pypdfium2 as pdfium  # installed with pdfplumber (extra "pdf"): import only when a PDF is read

    if b"%%EOF" not in data[-1024:]:  # where the spec (and Acrobat) expect it; pdfium would silently rebuild
        raise DisclosureError("pdf_damaged", "PDF 文件不完整（缺少结束标记 %%EOF），可能下载或传输中断，无法读取",
                              "the PDF is incomplete (no %%EOF end marker); the download may have been cut")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DisclosureError("pdf_encrypted", "PDF 文件已加密（需要密码），无法读取；请提供未加密的文件",
                                  "the PDF is encrypted (password required) and cannot be read") from None
        raise DisclosureError("pdf_damaged", "PDF 文件已损坏，无法读取（文件结构错误）",
                              "the PDF is damaged (its structure cannot be read)") from None


def read_pdf(data: bytes | str | Path) -> PdfSource:
    """Read a published PDF into SourceLines (table rows as cells, prose one cell a line), page and line set."""
    if isinstance(data, (str, Path)):
        data = Path(data).read_bytes()
    if not data.strip():
        raise DisclosureError("empty", "文件为空，没有可导入的内容", "the file is empty")
    if data.lstrip()[:5] != b"%PDF-":
        raise DisclosureError("not_pdf", "文件不是 PDF（缺少 %PDF 文件头）", "the file is not a PDF (no %PDF header)")
    pdf = _open(data)
    notes: list[str] = []
    pages: list[tuple[float, list[_Item]]] = []
    try:
        carry: list[list[int]] = []
        width = 0
        for number in range(len(pdf)):
            page = pdf[number]
            items, carry, width = _page_items(page, carry, width)
            pages.append((float(page.get_size()[1]), items))
            if not items:
                notes.append(f"第 {number + 1} 页没有文字")
            page.close()
    except Exception as exc:  # a damaged object only shows up when its page is parsed
        where = len(pages) + 1
        raise DisclosureError("pdf_damaged", f"PDF 文件已损坏，第 {where} 页无法读取（{type(exc).__name__}）",
                              f"the PDF is damaged: page {where} cannot be read ({type(exc).__name__})") from None
    finally:
        pdf.close()
    if not any(items for _, items in pages):
        raise DisclosureError("pdf_no_text", "PDF 没有文字层（可能是扫描件或图片），无法读取；请提供可复制文字的 PDF，或先做文字识别（OCR）",
                              "the PDF has no text layer (a scan or images); provide a text PDF or run OCR first")
    drop = _running_lines(pages)
    if drop:
        notes.append(f"已去掉页眉、页脚和页码 {len(drop)} 行")
    lines: list[SourceLine] = []
    for p, (_, items) in enumerate(pages):
        for i, it in enumerate(items):
            if (p, i) not in drop:
                lines.append(SourceLine(cells=it.cells, line=len(lines) + 1, page=p + 1))
    return PdfSource(lines=lines, pages=len(pages), notes=notes)
