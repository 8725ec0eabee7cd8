"""Printed → a PDF (reportlab, its built-in CJK CID font STSong-Light: no font file to ship): ruled tables, as the
published PDFs print them, paragraphs between, one page (or more) per printed page."""
from __future__ import annotations

import io

from engine.render.printed import Printed

FONT = "STSong-Light"


def write_pdf(printed: Printed) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    text = ParagraphStyle("text", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=6.5, leading=8, wordWrap="CJK")
    page_size = landscape(A4)
    story = []
    for n, page in enumerate(printed.pages):
        if n:
            story.append(PageBreak())
        for kind, rows in printed.blocks(page):
            if kind == "para":
                story.append(Paragraph(escape(rows[0][0].strip()), text))
            elif kind == "blank":
                story.append(Spacer(1, 4))
            else:
                cols = max(len(r) for r in rows)
                data = [[Paragraph(escape(c.strip()), cell) for c in r] + [""] * (cols - len(r)) for r in rows]
                usable = page_size[0] - 60
                table = Table(data, colWidths=[usable / cols] * cols, repeatRows=0)
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
                story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=page_size, leftMargin=30, rightMargin=30, topMargin=40, bottomMargin=40,
                      title="部门决算公开").build(story or [Spacer(1, 1)])
    return out.getvalue()
