"""Published text → SourceLines: decode, reject what is not text, drop watermark lines (and remember them)."""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.importers.errors import DisclosureError
from engine.importers.lines import SourceLine
from engine.model import Source

WATERMARKS = ("仅供内部审核",)


@dataclass
class TextSource:
    """The decoded lines of one text file, plus what decoding noticed."""

    lines: list[SourceLine]
    internal_only: bool = False
    truncated_bytes: bool = False  # the file ended inside a character
    notes: list[str] = field(default_factory=list)


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
    page = 1
    lines: list[SourceLine] = []
    internal = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if paged and "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        if raw.strip() in WATERMARKS:
            internal = True
            continue
        lines.append(SourceLine(cells=raw.rstrip("\r\n").split("\t"), line=number, page=page if paged else None))
    return TextSource(lines=lines, internal_only=internal, truncated_bytes=cut)
