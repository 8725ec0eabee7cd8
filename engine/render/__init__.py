"""Renderers: a disclosure written out in each published form (text, Excel, HTML, Word, PDF) and layout.

    Disclosure ──layout.py──▶ Printed (pages of lines of cells) ──text/xlsx/html/docx/pdf──▶ bytes

The same writers also take the lines an importer read (`Printed.from_lines`), so any document can be turned into
any form: the format-invariance tests and the round-trip property tests are built on this."""
from __future__ import annotations

from engine.render.printed import Printed

FORMS = ("tabs", "spaces", "single-space", "cell-lines", "xlsx", "xlsx-one-sheet", "html", "docx", "pdf")


def write(printed: Printed, form: str, *, form_feeds: bool = True) -> bytes:
    """One of FORMS; the text forms separate pages by form feeds unless `form_feeds` is False."""
    if form in ("tabs", "spaces", "single-space", "cell-lines"):
        from engine.render.text import write_text

        return write_text(printed, form, form_feeds=form_feeds).encode("utf-8")
    if form in ("xlsx", "xlsx-one-sheet"):
        from engine.render.xlsx import write_xlsx

        return write_xlsx(printed, per_page=form == "xlsx")
    if form == "html":
        from engine.render.html import write_html

        return write_html(printed)
    if form == "docx":
        from engine.render.docx import write_docx

        return write_docx(printed)
    if form == "pdf":
        from engine.render.pdf import write_pdf

        return write_pdf(printed)
    raise ValueError(f"unknown form {form!r}; one of {', '.join(FORMS)}")


def suffix(form: str) -> str:
    return {"xlsx": ".xlsx", "xlsx-one-sheet": ".xlsx", "html": ".html", "docx": ".docx", "pdf": ".pdf"}.get(form, ".txt")
