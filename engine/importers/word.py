"""Word documents (.docx) → SourceLines: paragraphs one line each, tables row by row, in document order.

Read with python-docx (the maintained reader of the Office Open XML word format). A merged cell's text is kept in
its first grid cell only (as a tab-separated text leaves the rest empty); page breaks count pages."""
from __future__ import annotations

import io
import zipfile

from engine.importers.errors import DisclosureError
from engine.importers.grid import GridSource, build, require

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _para_text(p) -> str:
    return " ".join("".join(t.text or "" for t in p.iter(f"{_W}t")).split())


def _breaks(p) -> int:
    """Page breaks a paragraph carries (explicit or a section that starts a new page)."""
    n = sum(1 for br in p.iter(f"{_W}br") if br.get(f"{_W}type") == "page")
    n += sum(1 for _ in p.iter(f"{_W}pageBreakBefore"))
    return n


def _table_rows(tbl) -> list[list[str]]:
    rows = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        row: list[str] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span, continued = 1, False
            if props is not None:
                grid = props.find(f"{_W}gridSpan")
                span = int(grid.get(f"{_W}val", "1")) if grid is not None else 1
                merge = props.find(f"{_W}vMerge")
                continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            text = "" if continued else " ".join(_para_text(p) for p in tc.iterchildren(f"{_W}p") if _para_text(p))
            row.append(text)
            row.extend([""] * (span - 1))
        rows.append(row)
    return rows


def read_word(data: bytes) -> GridSource:
    require(("docx",), " Word 文档")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DisclosureError("docx_damaged", f"Word 文档已损坏，无法读取（{type(exc).__name__}）",
                              f"the Word document is damaged ({type(exc).__name__})") from None
    out: list[tuple[list[str], int]] = []
    page = 1
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            if _breaks(child) and out:
                page += _breaks(child)
            out.append(([_para_text(child)], page))
        elif child.tag == f"{_W}tbl":
            out.extend((row, page) for row in _table_rows(child))
            out.append(([""], page))
    paged = page > 1
    return build(((cells, p if paged else None) for cells, p in out), "Word 文档")
