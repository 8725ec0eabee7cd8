"""HTML pages → SourceLines: each <table> row a line of cells (colspan/rowspan laid out as a grid, the text in the
first cell as printed text leaves merged cells empty), every other block of text (p, h1–h6, li, div) a line.

Read with lxml (libxml2's forgiving HTML parser: real government pages are rarely valid). The encoding comes from a
BOM or the page's own <meta charset>, else UTF-8, else GB18030 (many Chinese sites still serve GBK)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from engine.importers.errors import DisclosureError

if TYPE_CHECKING:  # the reader's modules only when a page is read (a JSON check asks only looks_like_html)
    from engine.importers.grid import GridSource

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "section",
           "article", "header", "footer", "main", "caption", "center", "address", "td", "th", "tr", "body"}
_SKIP = {"script", "style", "head", "noscript", "template", "title", "meta", "link"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<body", b"<meta", b"<head")) or (
        head.startswith(b"<?xml") and b"<html" in head) or (
        head.startswith(b"<") and b"<table" in data[:65536].lower())


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    match = _CHARSET.search(data[:4096])
    if match:
        name = match[1].decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk") else name  # GB18030 is their superset
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    raise DisclosureError("not_text", "HTML 页面的字符编码无法识别（应为 UTF-8 或 GBK）",
                          "the HTML page's character encoding is not recognised (UTF-8 or GBK expected)")


def _text(el) -> str:
    """An element's text; <br> becomes a space (a cell wrapped by hand is still one cell); comments skipped."""
    parts: list[str] = []

    def visit(node) -> None:
        if node.tag == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _SKIP:
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return " ".join("".join(parts).replace("\xa0", " ").split())


def _table_rows(table) -> list[list[str]]:
    """The grid of one table: spans fill their cells with nothing but the first (a nested table is flattened)."""
    rows: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for tr in table.iter("tr"):
        if tr.getparent() is not None and _owner(tr) is not table:
            continue
        row: list[str] = []
        col = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while pending.get(col, 0) > 0:
                pending[col] -= 1
                row.append("")
                col += 1
            span = _int(cell.get("colspan"))
            down = _int(cell.get("rowspan"))
            row.append(_text(cell))
            row.extend([""] * (span - 1))
            for c in range(col, col + span):
                if down > 1:
                    pending[c] = down - 1
            col += span
        while pending.get(col, 0) > 0:
            pending[col] -= 1
            row.append("")
            col += 1
        rows.append(row)
    return rows


def _owner(tr):
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _walk(el, out: list[list[str]]) -> None:
    """Document order: a table as its rows, a block as its own text; text between blocks is a line of its own."""
    if el.tag == "table" and not any(True for _ in el.iterdescendants("table")):
        out.extend(_table_rows(el))
        out.append([""])
        return
    if el.tag == "table":  # a layout table (the page's frame, tables inside it): its cells are read as blocks
        for cell in el.iterdescendants("td", "th"):
            if _owner(cell) is el:
                _walk(cell, out)
        return
    own: list[str] = []

    def flush() -> None:
        text = " ".join("".join(own).replace("\xa0", " ").split())
        if text:
            out.append([text])
        own.clear()

    if el.text:
        own.append(el.text)
    for child in el:
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            if child.tail:
                own.append(child.tail)
            continue
        if child.tag == "br":
            flush()
        elif child.tag in _BLOCKS or child.tag == "table" or any(
                isinstance(d.tag, str) and (d.tag in _BLOCKS or d.tag == "table") for d in child.iterdescendants()):
            flush()
            _walk(child, out)
        else:
            own.append(_text(child))
        if child.tail:
            own.append(child.tail)
    flush()


def read_html(data: bytes) -> GridSource:
    from engine.importers.grid import build, require

    require(("lxml",), " HTML 页面")
    import lxml.html
    from lxml.etree import ParserError

    text = _decode(data)
    try:
        root = lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise DisclosureError("html_damaged", f"HTML 页面无法解析（{exc}）", f"the HTML page cannot be parsed ({exc})") from None
    body = root.find("body")
    out: list[list[str]] = []
    _walk(body if body is not None else root, out)
    return build(((cells, None) for cells in out), "HTML 页面")
