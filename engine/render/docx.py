"""Printed → a Word document (python-docx): paragraphs, tables with a grid, a page break between pages."""
from __future__ import annotations

import io

from engine.render.printed import Printed


def write_docx(printed: Printed) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for n, page in enumerate(printed.pages):
        if n:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for kind, rows in printed.blocks(page):
            if kind == "para":
                document.add_paragraph(rows[0][0].strip())
            elif kind == "table":
                cols = max(len(r) for r in rows)
                table = document.add_table(rows=len(rows), cols=cols)
                table.style = "Table Grid"
                grid = table._cells  # built once: table.cell(r, c) rebuilds the whole grid on every call
                for r, cells in enumerate(rows):
                    for c, text in enumerate(cells):
                        if text.strip():
                            grid[r * cols + c].text = text.strip()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
