"""The narrative: 目录 entries, 概况 and 情况说明 sections with their (一)(二) parts, and 名词解释 entries."""
from __future__ import annotations

import re

from engine.importers.lines import SourceLine
from engine.model import Section, TocEntry

CN = "一二三四五六七八九十"
TOP = re.compile(rf"^([{CN}]+)、\s*(.+)$")
SUB = re.compile(rf"^[（(]\s*([{CN}]+)\s*[）)]\s*(.+)$")
PART = re.compile(rf"^第\s*([{CN}]+)\s*部分\s*(.*)$")
_END = "。；;：:！？!?）)”\""
HEADING_MAX = 40  # a longer numbered line is a paragraph that starts with a number, not a heading


def paragraphs(lines: list[SourceLine]) -> list[tuple[str, SourceLine]]:
    """Printed lines → paragraphs; a sentence broken over a page or line break is joined back."""
    out: list[tuple[str, SourceLine]] = []
    for line in lines:
        text = line.text
        if not text:
            continue
        if out:
            prev = out[-1][0]
            broken = prev[-1] not in _END and len(prev) >= 20 and not _titled(text) and not _titled(prev)
            if broken:
                out[-1] = (prev + text, out[-1][1])
                continue
        out.append((text, line))
    return out


def _titled(text: str) -> bool:
    """A short numbered line (一、… （一）… 1、…): a heading, never half of a broken sentence."""
    return len(text) <= HEADING_MAX and bool(re.match(rf"^(?:\d+[、.．]|[（(]?[{CN}]+[）)、])", text))


def _heading(text: str) -> tuple[str, str, bool] | None:
    """(number, title, is_top) when the paragraph is a section heading."""
    if len(text) > HEADING_MAX or text.endswith("。"):
        return None
    if match := TOP.match(text):
        return match[1], match[2].strip(), True
    if match := SUB.match(text):
        return match[1], match[2].strip(), False
    return None


def _append(section: Section, text: str, line: SourceLine) -> None:
    section.text = f"{section.text}\n{text}" if section.text else text
    section.lines.append(line.source)


def sections(lines: list[SourceLine]) -> tuple[list[Section], list[tuple[str, SourceLine]]]:
    """Numbered sections (一、…) with (一) subsections; a section's text includes its subsections' text.
    Also returns the paragraphs that came before the first heading."""
    out: list[Section] = []
    loose: list[tuple[str, SourceLine]] = []
    top: Section | None = None
    sub: Section | None = None
    for text, line in paragraphs(lines):
        head = _heading(text)
        if head and head[2]:
            top, sub = Section(number=head[0], title=head[1], source=line.source), None
            out.append(top)
        elif head and top is not None:
            sub = Section(number=f"({head[0]})", title=head[1], source=line.source)
            top.subsections.append(sub)
            _append(top, text, line)
        elif top is None:
            loose.append((text, line))
        else:
            _append(top, text, line)
            if sub is not None:
                _append(sub, text, line)
    return out, loose


def glossary(lines: list[SourceLine]) -> list[Section]:
    """名词解释: `一、财政拨款收入：指…` → Section(一, 财政拨款收入, 指…)."""
    out: list[Section] = []
    for text, line in paragraphs(lines):
        match = TOP.match(text)
        if match:
            parts = re.split(r"[:：]", match[2], maxsplit=1)
            title, body = parts[0], parts[1] if len(parts) > 1 else ""
            out.append(Section(number=match[1], title=title.strip(), text=body.strip(), source=line.source,
                               lines=[line.source] if body.strip() else []))
        elif out:
            _append(out[-1], text, line)
    return out


_NUMBERED = re.compile(rf"^(?:第\s*[{CN}]+\s*部分|[{CN}]+、|[（(]\s*[{CN}\d]+\s*[）)]|\d+[、.．]|附件|附表)")


def toc(lines: list[SourceLine]) -> list[TocEntry]:
    """目录 lines: a title cell and a page number cell. An entry wrapped over two lines (…部门决算 / 表) is one entry:
    a line without a number of its own continues the entry above it when that entry has no page number yet."""
    entries: list[TocEntry] = []
    for line in lines:
        values = line.values
        page = values[-1] if len(values) >= 2 and values[-1].isdigit() else None
        title = " ".join(values[:-1]) if page else line.text
        if page is None and (m := re.match(r"^(.*\S)\s+(\d{1,3})$", title)):
            title, page = m[1], m[2]  # `一、本部门职责 1`: the page number after a single space
        if not values:
            continue
        if entries and entries[-1].page is None and not _NUMBERED.match(title) and len(title) <= 12:
            entries[-1].title += title
            entries[-1].page = page
            continue
        entries.append(TocEntry(title=title, page=page, source=line.source))
    return entries
