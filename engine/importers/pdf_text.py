"""PDF characters → text: printed lines by vertical overlap, words and cells by horizontal gaps."""
from __future__ import annotations

from typing import Any

_GAP_EM = 2.0  # a gap this many character widths wide splits an untabled line into cells


def _is_cjk(ch: str) -> bool:
    return ord(ch) > 0x2E7F


def cluster(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
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


def cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's text: its printed lines joined, without a break (a wrapped 科目名称 becomes one name)."""
    parts = [_join_chars(line) for line in cluster(chars)]
    text = ""
    for part in parts:
        if not part:
            continue
        if text and not _is_cjk(text[-1]) and not _is_cjk(part[0]):
            text += " "
        text += part
    return text


def split_cells(chars: list[dict[str, Any]]) -> list[str]:
    """An untabled line → cells at wide gaps (column positions); ordinary prose stays one cell."""
    return [text for text, _ in split_pieces(chars)]


def split_pieces(chars: list[dict[str, Any]]) -> list[tuple[str, tuple[float, float, float, float]]]:
    """split_cells with each cell's box (x0, top, x1, bottom): where the report outlines it."""
    cells: list[list[dict[str, Any]]] = [[]]
    prev = None
    for ch in chars:
        if prev is not None and ch["x0"] - prev["x1"] > _GAP_EM * max(ch["size"], 1.0):
            cells.append([])
        cells[-1].append(ch)
        prev = ch
    return [(t, box_of(c)) for t, c in ((_join_chars(c), c) for c in cells) if t]


def box_of(chars: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    """The printed extent of some characters, in PDF points from the page's top-left corner."""
    return (round(min(c["x0"] for c in chars), 2), round(min(c["top"] for c in chars), 2),
            round(max(c["x1"] for c in chars), 2), round(max(c["bottom"] for c in chars), 2))



def page_chars(page: Any, height: float) -> list[dict[str, Any]]:
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

