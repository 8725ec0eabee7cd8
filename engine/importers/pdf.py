"""PDF → SourceLines: ruled tables row by row, other text line by line; running headers/footers dropped."""
from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.importers.errors import DisclosureError
from engine.importers.lines import PAGE_NUMBER, SourceLine
from engine.importers.pdf_grid import content_groups, header_groups, join_codes, table_grid, tables
from engine.importers.pdf_text import cluster, page_chars, split_pieces
from engine.importers.text import WATERMARKS
from engine.said import say

# Line numbering: `line` is a running number over the whole document (1, 2, 3 … across pages), in reading
# order; `page` is the 1-based page. A warning can therefore cite both "第 3 页" and a unique line.

_PAGE_NO = PAGE_NUMBER
_MARGIN = 0.07  # top/bottom share of the page where running headers and footers live


@dataclass
class PdfSource:
    """The lines of one PDF, plus what reading noticed (dropped headers/footers, pages without text)."""

    lines: list[SourceLine]
    pages: int
    notes: list[str] = field(default_factory=list)
    internal_only: bool = False  # printed 仅供内部审核 (as a watermark line or anywhere in the text)
    page_lines: dict[int, int] = field(default_factory=dict)  # line -> its place among its page's printed lines
    positions: dict[int, list[tuple[str, tuple]]] = field(default_factory=dict)  # line -> its cells and their boxes


@dataclass
class _Item:
    """A line of a page before numbering: where it sits and its cells."""

    top: float
    bottom: float
    cells: list[str]
    in_table: bool
    pieces: list[tuple[str, tuple]] = field(default_factory=list)  # printed cells and their boxes (x0, top, x1, bottom)


def _frame(page: Any) -> tuple[float, float]:
    """Width and height of the frame positions are measured in: from the MediaBox's top (as pdfplumber does; a
    report's page image shows the CropBox and shifts its outlines, engine/reports/pages.py). get_size() is the
    CropBox: where it sits inside the MediaBox, its margins are added back (no change where the two are equal)."""
    width, height = page.get_size()
    (_, crop_bottom, _, crop_top), (_, media_bottom, _, media_top) = page.get_cropbox(), page.get_mediabox()
    return width, height + (crop_bottom - media_bottom) + (media_top - crop_top)


def _page_items(page: Any, carry: list[list[int]], width_of_carry: int) -> tuple[list[_Item], list[list[int]], int]:
    """One page → positioned items; returns the code groups of its last table for a continuation."""
    width, height = _frame(page)
    chars = page_chars(page, height)
    items: list[_Item] = []
    used: set[int] = set()
    for index, table in enumerate(tables(page, width, height)):
        grid, spans, mine, pieces = table_grid(table, chars)
        if not mine:
            continue  # a ruled strip with no text: the tail of a row broken by the page end
        used |= mine
        cols = max(len(r) for r in grid)
        headed = header_groups(grid)
        groups = headed or content_groups(grid)
        if not headed and carry and cols == width_of_carry and index == 0 and all(g in carry for g in groups):
            # a continued table keeps the previous page's code columns, also those a page leaves empty (the left
            # group of 公开06 ended on the page before: no code there to know its 类 | 款 columns by)
            groups = carry
        for cells, (top, bottom), boxes in zip(join_codes(grid, groups), spans, pieces):
            if any(c.strip() for c in cells):
                items.append(_Item(top, bottom, cells, True, boxes))
        carry, width_of_carry = groups, cols
    rest = [c for i, c in enumerate(chars) if i not in used]
    for line in cluster(rest):
        pieces = split_pieces(line)
        if pieces:
            items.append(_Item(min(c["top"] for c in line), max(c["bottom"] for c in line), [t for t, _ in pieces],
                               False, pieces))
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


PDFIUM_LOCK = threading.Lock()  # pdfium (and pdfplumber over it) is not thread-safe: one PDF at a time per process


def read_pdf(data: bytes | str | Path) -> PdfSource:
    """Read a published PDF into SourceLines (table rows as cells, prose one cell a line), page and line set."""
    with PDFIUM_LOCK:
        return _read_pdf(data)


def _read_pdf(data: bytes | str | Path) -> PdfSource:
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
            pages.append((float(_frame(page)[1]), items))
            if not items:
                notes.append(say("I111", page=number + 1))
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
        notes.append(say("I112", n=len(drop)))
    lines: list[SourceLine] = []
    page_lines: dict[int, int] = {}
    positions: dict[int, list[tuple[str, tuple]]] = {}
    internal = False
    for p, (_, items) in enumerate(pages):
        for i, it in enumerate(items):
            printed = "".join("".join(it.cells).split())
            if any(mark in printed for mark in WATERMARKS):
                internal = True  # the mark decides what may be kept: read it before page furniture is dropped
                if printed in WATERMARKS:
                    continue
            if (p, i) not in drop:
                page_lines[len(lines) + 1] = i + 1  # running heads count: a reader sees them on the page
                lines.append(SourceLine(cells=it.cells, line=len(lines) + 1, page=p + 1))
                positions[len(lines)] = it.pieces
    return PdfSource(lines=lines, pages=len(pages), notes=notes, internal_only=internal, page_lines=page_lines,
                     positions=positions)
