"""Importers: a published disclosure (text, PDF, Excel, HTML, Word) → the normalised Disclosure model.

source → SourceLines (text.py, pdf.py, excel.py, html.py, word.py) → table, narrative and form recognition
(recognise.py, shared by every source) → Disclosure.
"""
from __future__ import annotations

from pathlib import Path

from engine.importers.errors import DisclosureError, ImportError_
from engine.model import Disclosure

__all__ = ["DisclosureError", "ImportError_", "import_office", "import_pdf", "import_text", "load_disclosure",
           "office_kind"]

# Published forms besides text and PDF: the suffixes the CLI and the service take.
OFFICE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".html", ".htm", ".docx")


def _read(path: Path) -> bytes:
    from engine.limits import MAX_FILE_BYTES, MAX_PDF_BYTES

    try:
        limit = MAX_PDF_BYTES if path.suffix.lower() == ".pdf" else MAX_FILE_BYTES
        if path.is_file() and path.stat().st_size > limit:  # refused before reading: memory stays bounded
            raise DisclosureError("too_large", f"文件过大（{path.stat().st_size} 字节，上限 {limit} 字节）：{path}",
                                  f"the file is too large ({path.stat().st_size} bytes, limit {limit}): {path}")
        return path.read_bytes()
    except FileNotFoundError:
        raise DisclosureError("not_found", f"找不到文件：{path}", f"file not found: {path}") from None
    except IsADirectoryError:
        raise DisclosureError("not_a_file", f"这是一个文件夹，不是文件：{path}", f"a folder, not a file: {path}") from None
    except OSError as exc:
        raise DisclosureError("unreadable", f"无法读取文件：{path}（{exc.strerror}）", f"cannot read {path}") from None


def _check_profile(profile: str | None) -> None:
    from engine.catalogue import profile_ids

    known = profile_ids()
    if profile is not None and profile not in known:
        raise DisclosureError("bad_profile", f"未知的口径「{profile}」，可选：{'、'.join(known)}",
                              f"unknown profile '{profile}'; choose one of {', '.join(known)}")


def import_text(path_or_text: str | Path | bytes, *, name: str | None = None, profile: str | None = None) -> Disclosure:
    """Import published text given as a path, the text itself, or its bytes."""
    from engine.importers.recognise import recognise
    from engine.importers.text import read_text

    _check_profile(profile)
    if isinstance(path_or_text, Path) or (isinstance(path_or_text, str) and "\n" not in path_or_text
                                          and len(path_or_text) < 4096 and Path(path_or_text).is_file()):
        path = Path(path_or_text)
        return recognise(read_text(_read(path)), name or path.name, profile)
    return recognise(read_text(path_or_text), name, profile)


def import_pdf(path_or_bytes: str | Path | bytes, *, name: str | None = None, profile: str | None = None) -> Disclosure:
    """Import a published PDF (needs the `pdf` extra: pdfplumber, which brings pypdfium2)."""
    import importlib.util

    _check_profile(profile)
    missing = [m for m in ("pdfplumber", "pypdfium2") if importlib.util.find_spec(m) is None]
    if missing:
        raise DisclosureError("pdf_support_missing",
                              f"读取 PDF 需要安装 {'、'.join(missing)}：pip install 'rulebook[pdf]'",
                              f"reading PDF needs {', '.join(missing)}: pip install 'rulebook[pdf]'")
    from engine.importers.pdf import read_pdf
    from engine.importers.pdf_boxes import place
    from engine.importers.recognise import recognise

    if isinstance(path_or_bytes, bytes):
        pdf, name = read_pdf(path_or_bytes), name
    else:
        path = Path(path_or_bytes)
        pdf, name = read_pdf(_read(path)), name or path.name
    doc = recognise(pdf, name, profile)
    place(doc, pdf)  # each cell's box on its page: the HTML report outlines what a finding reads
    return doc


def office_kind(data: bytes) -> str | None:
    """'excel', 'word' or 'html' by content (never by name: a renamed file is still what it is), else None."""
    import zipfile
    from io import BytesIO

    from engine.importers.html import looks_like_html

    if data[:4] == b"\xd0\xcf\x11\xe0":  # OLE2: .xls (an old .doc is refused by the reader's message)
        return "excel"
    if data[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "xl/workbook.xml" in names:
            return "excel"
        if "word/document.xml" in names:
            return "word"
        return None
    return "html" if looks_like_html(data) else None


def import_office(data: bytes, kind: str, *, name: str | None = None, profile: str | None = None) -> Disclosure:
    """Import an Excel workbook, HTML page or Word document (kind from `office_kind`): same recognition as text."""
    from engine.importers.recognise import recognise

    _check_profile(profile)
    if kind == "excel":
        from engine.importers.excel import read_excel as read
    elif kind == "word":
        from engine.importers.word import read_word as read
    else:
        from engine.importers.html import read_html as read
    return recognise(read(data), name, profile)


def load_disclosure(path: str | Path, profile: str | None = None) -> Disclosure:
    """A normalised `.json` disclosure, a published PDF, Excel workbook, HTML page, Word document or `.txt`,
    told apart by content.

    `profile` forces a catalogue profile for imported files; for JSON it replaces the recorded profile.
    A document over the limits of engine/limits.py is refused (DisclosureError too_large)."""
    from engine.limits import oversize

    doc = _load(path, profile)
    over = oversize(doc)
    if over is not None:
        raise DisclosureError("too_large", f"文件超出处理上限：{over[0]}", f"the document exceeds a limit: {over[1]}")
    return doc


def _load(path: str | Path, profile: str | None) -> Disclosure:
    from pydantic import ValidationError

    _check_profile(profile)
    path = Path(path)
    data = _read(path)
    if data.lstrip()[:5] == b"%PDF-" or (path.suffix.lower() == ".pdf" and data.strip()):
        return import_pdf(data, name=path.name, profile=profile)
    if kind := office_kind(data):
        return import_office(data, kind, name=path.name, profile=profile)
    if data[:4] == b"\xd0\xcf\x11\xe0" or data[:4] == b"PK\x03\x04":
        raise DisclosureError("unsupported_format", "不支持的文件格式：应为公开文本、PDF、Excel（.xlsx/.xls）、HTML 或 Word（.docx）",
                              "unsupported file format: use text, PDF, Excel (.xlsx/.xls), HTML or Word (.docx)")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        try:
            doc = Disclosure.model_validate_json(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            at, at_en = (f"{where}：", f"{where}: ") if where else ("", "")  # a whole-document check has no field
            raise DisclosureError("bad_json", f"JSON 文件不是有效的规范化公开数据：{at}{first['msg']}",
                                  f"not a valid normalised disclosure: {at_en}{first['msg']}") from None
        if profile:
            doc.metadata.profile = profile
        return doc
    return import_text(path, profile=profile)
