"""The other forms of one published document: what the format-invariance tests and bench import.

From a PDF: its text as two PDF-to-text tools write it (pdfplumber's `extract_text`, poppler's `pdftotext -layout`).
From any document: its printed lines as tab text, aligned text, Excel, HTML, Word; and the imported model rendered
anew (render.layout) as Excel, HTML and PDF."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from engine.render import Printed, write
from engine.render.layout import Layout, render

LINE_FORMS = ("tabs", "spaces", "xlsx", "html", "docx")
MODEL_FORMS = ("tabs", "xlsx", "html", "docx", "pdf")


def pdfplumber_text(pdf: Path) -> bytes:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\f".join((page.extract_text() or "") for page in doc.pages).encode("utf-8")


def pdftotext_layout(pdf: Path) -> bytes | None:
    """poppler's text (None when pdftotext is not installed)."""
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, timeout=120).stdout


def source_lines(path: Path) -> list:
    """The lines the importer reads from a text or PDF document."""
    data = path.read_bytes()
    if data.lstrip()[:5] == b"%PDF-":
        from engine.importers.pdf import read_pdf

        return read_pdf(data).lines
    from engine.importers.text import read_text

    return read_text(data).lines


def from_lines(path: Path, form: str) -> bytes:
    return write(Printed.from_lines(source_lines(path)), form)


def from_model(doc, form: str, layout: Layout | None = None) -> bytes:
    return write(render(doc, layout), form)
