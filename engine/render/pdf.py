"""Printed → a PDF (reportlab, its built-in CJK CID font STSong-Light: no font file to ship): ruled tables, as the
published PDFs print them, paragraphs between, a new page for each printed page.

Table cells are set on one line where the page allows (the font shrinks to fit a wide table, as the 决算 software
does); only a cell too long for its column wraps inside it."""
from __future__ import annotations

import io
import re

from engine.render.printed import Printed

FONT = "STSong-Light"
_MIN_SIZE = 4.5


def _text_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, FONT, size) * 1.15 + 2 * size  # Latin glyphs print wider than the CID metrics say


def _widths(rows: list[list[str]], cols: int, usable: float, size: float) -> tuple[list[float], float]:
    """Column widths at the largest font size up to `size` that sets every cell on one line, else at the smallest
    size with the page width shared out: narrow columns keep their width, the widest ones share what is left."""
    def natural(at: float) -> list[float]:
        return [max([_text_width(r[c].strip(), at) for r in rows if c < len(r)] + [12.0]) for c in range(cols)]

    while size > _MIN_SIZE and sum(natural(size)) > usable:
        size -= 0.5
    widths = natural(size)
    if sum(widths) <= usable:
        return widths, size
    fixed: dict[int, float] = {}
    while True:  # water-filling: a column narrower than the fair share keeps its width
        free = [c for c in range(cols) if c not in fixed]
        share = (usable - sum(fixed.values())) / max(len(free), 1)
        narrow = [c for c in free if widths[c] <= share]
        if not narrow:
            return [fixed.get(c, share) for c in range(cols)], size
        fixed.update({c: widths[c] for c in narrow})


def _first_row(rows: list[list[str]]) -> int:
    """The first row under the header (a code or an amount in it): a page break never falls inside the header or
    between it and that row, as the 决算 software prints a table."""
    for n, row in enumerate(rows):
        cells = [c.strip() for c in row if c.strip()]
        if cells and (cells[0][:3].isdigit() or any(re.fullmatch(r"-?[\d,]+\.\d+", c) for c in cells)):
            return n
    return 0


def write_pdf(printed: Printed) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    text = ParagraphStyle("text", fontName=FONT, fontSize=9, leading=18, wordWrap="CJK")
    page_size = landscape(A4)
    usable = page_size[0] - 60
    story = []
    for n, page in enumerate(printed.pages):
        if n:
            story.append(PageBreak())
        for kind, rows in printed.blocks(page):
            if kind == "para":
                story.append(Paragraph(escape(rows[0][0].strip()), text))
            elif kind == "table" and len(rows) == 1:  # a line of fields (编制单位：… 单位：万元): printed, not ruled
                gap = "&nbsp;" * 8
                story.append(Paragraph(gap.join(escape(c.strip()) for c in rows[0] if c.strip()), text))
            elif kind == "blank":
                story.append(Spacer(1, 4))
            else:
                cols = max(len(r) for r in rows)
                widths, size = _widths(rows, cols, usable, 8.0)
                cell = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=size * 1.6, wordWrap="CJK")
                data = [[Paragraph(escape(c.strip()), cell) if _text_width(c.strip(), size) > widths[k] else c.strip()
                         for k, c in enumerate(r)] + [""] * (cols - len(r)) for r in rows]
                table = Table(data, colWidths=widths)
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                           ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), size),
                                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                           ("NOSPLIT", (0, 0), (-1, _first_row(rows)))]))
                story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=page_size, leftMargin=30, rightMargin=30, topMargin=40, bottomMargin=40,
                      title="部门决算公开").build(story or [Spacer(1, 1)])
    return out.getvalue()
