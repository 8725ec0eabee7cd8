"""Published text → SourceLines: decode, reject what is not text, drop watermark lines (and remember them).

Cells are split on tabs when the text has them. Text extracted from a PDF has none: cells are separated by runs of
spaces (`pdftotext -layout`, where each cell keeps its character column: `starts`) or by single spaces (most other
tools). A single space splits a line only around amounts and codes, so prose and titles stay whole.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from engine.importers.errors import DisclosureError
from engine.importers.figures import figures_in_place
from engine.importers.lines import PAGE_NUMBER, SourceLine, in_reading_order
from engine.model import Source

WATERMARKS = ("仅供内部审核",)
_RUN = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more spaces
_NUMERIC = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?%?$|^——?$|^-$")
_UNIT_LINE = re.compile(r"单位[:：]")  # 金额单位：万元 / 单位：万元: a table's header field, never a running head
_CUT_DECIMAL = re.compile(r"^\d[\d,]*\.$")  # `2014.` of `2014. 44` (a stray space inside an amount)


# A space a PDF-to-text tool puts between a CJK character and a quantity (`少 0.15 万元`, `2024 年度`): typesetting, not
# text (pdf_text.py joins such characters without one too). Only an amount before 万元 or %, or a year before 年, so
# a table cell (an amount standing alone, a 行次 after its label: `收入 7 年初结转和结余`) keeps its own place.
_CJK = "\u4e00-\u9fff，。；：、（）“”"
_QUANTITY = r"\d[\d,]*\.\d+ ?(?=万元|%)|\d[\d,]* ?(?=万元)|(?:19|20)\d\d ?(?=年)"
_AUTOSPACE = re.compile(rf"(?<=[{_CJK}]) ?({_QUANTITY})")
# where _AUTOSPACE may have joined two words: a 自评表 row's name and its target (form_rows.py reads it each way)
GLUED = re.compile(rf"(?<=[{_CJK}])(?={_QUANTITY})")


def _tokens(text: str, start: int) -> list[tuple[str, int]]:
    """One run of text → cells: split on single spaces only when a part is numeric (an amount, a code, a 行次)."""
    text = _AUTOSPACE.sub(lambda m: m[1].replace(" ", ""), text)
    parts = [(m[0], start + m.start()) for m in re.finditer(r"\S+", text)]
    numeric = [p for p, _ in parts if _NUMERIC.match(p)]
    if len(parts) < 2 or not (len(numeric) >= 2 or any("." in p or "—" in p for p in numeric)):
        return [(text, start)]  # prose such as `财政局 2024 年度部门决算` stays one cell
    out: list[tuple[str, int]] = []
    for part, at in parts:
        if out and _CUT_DECIMAL.match(out[-1][0]) and part.isdigit():
            out[-1] = (f"{out[-1][0]} {part}", out[-1][1])  # `2014. 44` is one amount
        elif out and not _NUMERIC.match(part) and not _NUMERIC.match(out[-1][0].replace(" ", "")):
            out[-1] = (f"{out[-1][0]} {part}", out[-1][1])  # words stay together
        else:
            out.append((part, at))
    return out


def _join_codes(cells: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """`201  06  01 行政运行` (类/款/项 printed in their own columns) → `2010601 行政运行`."""
    if len(cells) < 2 or not re.fullmatch(r"\d{3}", cells[0][0]):
        return cells
    code, n = cells[0][0], 1
    while n < len(cells) and n < 3 and re.fullmatch(r"\d{2}", cells[n][0]):
        code += cells[n][0]
        n += 1
    if n == 1:
        return cells
    return [(code, cells[0][1])] + cells[n:]


def split_spaced(raw: str) -> tuple[list[str], tuple[int, ...]]:
    """A line without tabs → cells and the character column each starts at."""
    cells: list[tuple[str, int]] = []
    for match in _RUN.finditer(raw):
        cells += _tokens(match[0], match.start())
    cells = _join_codes(cells)
    return [c for c, _ in cells] or [""], tuple(at for _, at in cells) or (0,)


@dataclass
class TextSource:
    """The decoded lines of one text file, plus what decoding noticed."""

    lines: list[SourceLine]
    internal_only: bool = False
    truncated_bytes: bool = False  # the file ended inside a character
    notes: list[str] = field(default_factory=list)
    page_lines: dict[int, int] = field(default_factory=dict)  # line -> line on its page (form feeds): pages.py
    figures_apart: list[int] = field(default_factory=list)  # sentences whose figures stayed apart: figures.py


def _utf16(data: bytes) -> str | None:
    """UTF-16 text (saved as "Unicode" by Windows tools): by its byte-order mark, or by NULs in every other byte."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16"
    else:  # no mark: ASCII (digits, tabs, line ends) puts a NUL beside each byte, on one side only
        odd, even = data[1:4096:2].count(0), data[0:4096:2].count(0)
        half = max(1, min(len(data), 4096) // 2)
        if odd > half * 0.05 and even * 5 < odd:
            codec = "utf-16-le"
        elif even > half * 0.05 and odd * 5 < even:
            codec = "utf-16-be"
        else:
            return None
    try:
        return data[: len(data) // 2 * 2].decode(codec).lstrip("\ufeff")
    except UnicodeDecodeError:
        return None


def _decode(data: bytes) -> tuple[str, bool]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError as exc:
        # A file cut inside a multi-byte character: keep what is complete, say so.
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[:exc.start].decode("utf-8"), True
        line = data[:exc.start].count(b"\n") + 1
        raise DisclosureError("not_utf8", "文件不是 UTF-8 编码的文本，无法读取（请另存为 UTF-8）",
                              "the file is not UTF-8 text", Source(line=line)) from None


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > len(head) * 0.05


# Of what PAGE_NUMBER takes, a number with no dress or dress on one side only (`17`, `309 ——`, a 行次 or a code
# and a dash): the rest (`- 3 -`, `第3页`, `3/25`) is dressed as a page number.
_UNDRESSED = re.compile(r"^(?:[-—–_·•\s]*\d+|\d+[-—–_·•\s]*)$")


def running_lines(raws: list[str]) -> set[int]:
    """Line numbers (1-based) of page numbers and running headers/footers: at the top or bottom of a page
    (pages split by form feeds), a page number or a line repeated, digits aside, on three pages or more."""
    pages: list[list[int]] = [[]]
    for n, raw in enumerate(raws, start=1):
        for _ in range(raw.count("\f")):  # a form feed starts a line (read_text parts a line at one)
            pages.append([])
        if raw.replace("\f", "").strip():
            pages[-1].append(n)
    edges = [(n, p) for p, numbers in enumerate(pages) for n in numbers[:2] + numbers[-2:]]
    key = {n: re.sub(r"\d+", "#", re.sub(r"\s+", "", raws[n - 1])) for n, _ in edges}
    seen: dict[str, set[int]] = {}
    for n, p in edges:
        seen.setdefault(key[n], set()).add(p)
    # A running head is on most pages; a line that opens only the table or 自评表 pages (a title, 金额单位) is content.
    need = max(min(3, len(pages)), (len(pages) + 1) // 2)
    repeated = {n for n, _ in edges if len(pages) > 2 and len(seen[key[n]]) >= need and len(key[n]) <= 40
                and "#.#" not in key[n] and not _UNIT_LINE.search(key[n]) and key[n] != "#"}  # bare numbers: below
    # a page number is a page's first or last line, or next to a running line there (a 行次 printed one cell a
    # line, second to last above a note, is a cell)
    outer = {n for numbers in pages for n in numbers[:1] + numbers[-1:]}
    inner = {n for numbers in pages for n, edge in zip(numbers[1:2] + numbers[-2:-1], numbers[:1] + numbers[-1:])
             if edge in repeated}
    numbered = {n for n in outer | inner if PAGE_NUMBER.match(raws[n - 1].replace("\f", "").strip())}
    # a dressed number (`- 3 -`, `第3页`, `3/25`) at a page's top or bottom is its page number, on one page alone too;
    # a bare one counts with the page: printed page numbers share one offset from the page's place (a cell printed
    # one cell a line, last on its page, does not; nor a row of a code and a dash, `309 ——`, last on its page)
    page_of = {n: p for p, numbers in enumerate(pages) for n in numbers}
    number = {n: int(re.search(r"\d+", raws[n - 1])[0]) for n in numbered if re.search(r"\d+", raws[n - 1])}
    offsets = Counter(number[n] - page_of[n] for n in number)
    return repeated | {n for n in numbered if n not in number or not _UNDRESSED.match(raws[n - 1].replace("\f", "").strip())
                       or offsets[number[n] - page_of[n]] >= 2}


def read_text(data: bytes | str) -> TextSource:
    """Split published text into SourceLines (cells split on tabs); form feeds, when present, count pages."""
    if isinstance(data, bytes):
        if not data.strip():
            raise DisclosureError("empty", "文件为空，没有可导入的内容", "the file is empty")
        wide = _utf16(data)
        if wide is not None:
            text, cut = wide, False
        elif _looks_binary(data):
            raise DisclosureError("binary", "文件是二进制文件，不是公开文本", "the file is binary, not published text")
        else:
            text, cut = _decode(data)
    else:
        text, cut = data.lstrip("\ufeff"), False
        if not text.strip():
            raise DisclosureError("empty", "文件为空，没有可导入的内容", "the file is empty")
    paged = "\f" in text
    unit = 0 if "\t" in text else _tab_width(text)
    if unit:  # every tab was replaced by the same run of spaces: that run is the tab, and empty cells come back
        text = re.sub(rf"(?<=\S)((?: {{{unit}}})+)(?=\S)|(?<=\S)((?: {{{unit}}})+)$|^((?: {{{unit}}})+)(?=\S)",
                      lambda m: "\t" * (len(m[0]) // unit), text, flags=re.M)
    tabbed = "\t" in text
    page = 1
    lines: list[SourceLine] = []
    internal = False
    # a form feed inside a line (a tool that joins pages' texts with it) ends that line: each page keeps its own lines
    raws = re.sub(r"(?<=[^\n])\f", "\n\f", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    apart: list[int] = []
    if raws and raws[-1] == "":
        raws.pop()
    if not tabbed:  # lines a PDF-to-text tool printed out of order or apart; a page number is never a lost figure
        raws = in_reading_order(raws)
        raws, apart = figures_in_place(raws, frozenset(running_lines(raws)) if paged else frozenset())
    running = running_lines(raws) if paged else set()
    page_lines: dict[int, int] = {}
    first = 1  # the file line the current page starts on
    for number, whole in enumerate(raws, start=1):
        if number in running:
            page += whole.count("\f")
            first = number if "\f" in whole else first
            continue
        for k, raw in enumerate(whole.split("\f") if paged else [whole]):
            page += k > 0
            first = number if k > 0 else first
            if k and not raw.strip():
                continue  # a form feed ends the line: what follows it on the line starts the next page
            if raw.strip() in WATERMARKS:
                internal = True
                continue
            if paged:
                page_lines[number] = number - first + 1
            _append(lines, raw, number, page if paged else None, tabbed)
    if not tabbed:
        wide = [_display(line) for line in lines]
        if _spread(wide) < _spread(lines):  # laid out for a fixed-width font, where CJK take two columns
            lines = wide
    if not tabbed and not _laid_out(lines):
        # single spaces (or spaces not kept in columns): positions say nothing; starts=() tells the table reader
        lines = [SourceLine(cells=line.cells, line=line.line, page=line.page, starts=()) for line in lines]
    return TextSource(lines=lines, internal_only=internal, truncated_bytes=cut, page_lines=page_lines,
                      figures_apart=apart)


def _tab_width(text: str) -> int:
    """The width of the run of spaces that replaced each tab, when a tool replaced tabs mechanically: nearly every gap
    between cells is a multiple of it and most are exactly it (`pdftotext -layout` pads to columns: gaps of any
    width). 0 when the text is not such a replacement."""
    gaps = Counter(len(m[0]) for m in re.finditer(r"(?<=\S) {2,}(?=\S)", text))
    total = sum(gaps.values())
    if total < 20:
        return 0
    unit, most = gaps.most_common(1)[0]
    multiples = sum(n for width, n in gaps.items() if width % unit == 0)
    return unit if most >= 0.5 * total and multiples >= 0.97 * total else 0


def _laid_out(lines: list[SourceLine]) -> bool:
    """Do amounts end at shared character columns across lines (pdftotext -layout), or not (single spaces)?
    Text whose cells are one space apart on nearly every line is not laid out, however its amounts happen to line up
    (rows of one table are alike in length)."""
    multi = [line for line in lines if line.starts and len(line.cells) >= 2]
    gapped = sum(1 for line in multi if any(b - (a + len(c)) >= 2 for a, b, c in zip(line.starts, line.starts[1:],
                                                                                        line.cells)))
    if multi and gapped < 0.2 * len(multi):
        return False
    ends = _edges(lines, False)
    if len(ends) < 8:  # too few amounts to tell: a layout pads cells with long runs of spaces
        runs = sum(len(re.findall(r"\S {3,}\S", " ".join(line.cells))) + (len(line.cells) > 1) for line in lines)
        return sum(1 for line in lines if line.starts and len(line.starts) > 1 and
                   any(b - a > len(c) + 2 for a, b, c in zip(line.starts, line.starts[1:], line.cells))) >= 5 \
            and runs > 0
    return _shared(lines) >= 0.6


def _edges(lines: list[SourceLine], left: bool) -> list[int]:
    return [s if left else s + len(c) for line in lines if line.starts and len(line.cells) >= 2
            for c, s in zip(line.cells, line.starts) if "." in c and _NUMERIC.match(c.replace(" ", ""))]


def _shared(lines: list[SourceLine]) -> float:
    """The share of amounts whose right edge (or left edge, amounts printed flush left) lines up with two others."""
    best = 0.0
    for left in (False, True):
        edges = _edges(lines, left)
        counts = Counter(edges)
        shared = sum(1 for e in edges if counts[e - 1] + counts[e] + counts[e + 1] >= 3)
        best = max(best, shared / len(edges) if edges else 0.0)
    return best


def _spread(lines: list[SourceLine]) -> int:
    """How many distinct columns the amounts end (or start) at: the fewer, the better the columns line up."""
    return min(len(set(_edges(lines, left))) for left in (False, True))


def _display(line: SourceLine) -> SourceLine:
    """The line with each cell's start counted in display columns (a CJK character two) instead of characters."""
    if not line.starts:
        return line
    wide = replace(line, wide=True)
    column, at, starts = 0, 0, []
    for cell, start in zip(line.cells, line.starts):
        column += start - at  # the spaces before the cell
        starts.append(column)
        column += wide.width(cell)
        at = start + len(cell)
    return replace(wide, starts=tuple(starts))


def _append(lines: list[SourceLine], raw: str, number: int, page: int | None, tabbed: bool) -> None:
    """One printed line: cells on tabs, or on spaces (with the column each cell starts at)."""
    if tabbed:
        lines.append(SourceLine(cells=raw.split("\t"), line=number, page=page))
    else:
        cells, starts = split_spaced(raw)
        lines.append(SourceLine(cells=cells, line=number, page=page, starts=starts))
