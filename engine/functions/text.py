"""Free text the rule language scans: sections and table notes as located text, placeholders, amounts, empty tables."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from decimal import Decimal
from operator import itemgetter

from engine.model import Section, Source, Table
from engine.functions.narrative import flat_lines, flatten
from engine.functions.structure import Located
from engine.language.runtime import Item

# Template leftovers (C11): runs of X/×/＊/□ standing for a name or number, the words templates use for blanks, the
# template's alternations left unresolved (增加（减少）, 下降（增长）, 大于（小于）: the writer was to keep one word),
# its instructions to the writer (（不涉及的不列）, （如持平作持平表述）, 按上述格式依次说明…), and empty 【】 or （ ）
# slots. A filled 【…】 is left out: disclosures also use it for headings (【部门职责】).
_DIRECTION_WORD = "增加|减少|增长|下降|上升|大于|小于|高于|低于|提高|降低"
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ])[XxＸｘ]{2,}(?![A-Za-zＡ-Ｚａ-ｚ])|[×＊*]{2,}|○{2,}|□+|待填写?|待补充|此处填写|请填写"
    rf"|(?:{_DIRECTION_WORD})\s*(?:[（(]\s*(?:{_DIRECTION_WORD})\s*[)）]|/\s*(?:{_DIRECTION_WORD}))"
    r"|[（(]?(?:不涉及的不列|如持平作持平表述|按上述格式依次说明|作下述说明)[)）]?"
    r"|【\s*】|[（(][ \t\u3000]*[)）]")
_PLACEHOLDER_START = re.compile(r"[XxＸｘ×＊*○□待此请增减上下大小高低提降（(不如按作【]")  # each alternative's first character
# An amount with a money unit (N16). Years (2024年), counts (5个, 2辆) and 行次 carry no money unit, so never match.
# Written to start with a digit (the lookbehind after it), so the regex engine skips ahead to digits: 2× faster.
_MONEY = re.compile(r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)\s*(万元|元)")
_MONEY_PLAIN = r"(?<![\d.,])((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|元)"  # what _MONEY matches, as written
# A threshold, not a stated amount: 单价100万元（含）以上, 50万元以下.
_THRESHOLD_BEFORE = re.compile(r"(?:单价|价值|金额在)\s*$")
_THRESHOLD_AFTER = re.compile(r"\s*[(（]?含?[)）]?\s*(?:及)?(?:以上|以下|以内)")
UNITS = ("万元", "元")
CLAUSE_END = re.compile(r"[，。；：,;:]")  # the words an amount closes start after the last of these


_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def plain_digits(words: str) -> str:
    """Quoted words with thousands separators dropped: 9,746.50 and 9746.50 are one finding, not two."""
    return _SEPARATOR.sub("", words)


def _missing(section: Section) -> list[Section]:
    """The parts whose text the section's own text does not hold (section_text appends them)."""
    return [s for s in section.subsections if s.text and s.text not in section.text]


def section_text(section: Section) -> str:
    """The section's full text; parts are added only when the section's own text does not already hold them."""
    return section.text + "".join(s.title + section_text(s) for s in _missing(section))


Anchored = Callable[[Section], "tuple[str, list[tuple[int, Source]]]"]  # a section -> line_anchors(section)


def line_anchors(section: Section, flat: bool = True) -> tuple[str, list[tuple[int, Source]]]:
    """section_text() — flattened when `flat`, from one normalisation per text — with (offset, printed line) where
    each of its lines starts in it. Text whose lines are unknown (older JSON) starts at the section's own line."""
    own, joint = (flat_lines(section.text), "") if flat else (section.text.split("\n"), "\n")
    anchors, at = [], 0
    if section.lines and len(section.lines) == len(own):
        for words, source in zip(own, section.lines):
            anchors.append((at, source))
            at += len(words) + len(joint)
    else:
        anchors.append((0, section.source))
    parts = [joint.join(own)]
    at = len(parts[0])
    for sub in _missing(section):
        title = flatten(sub.title) if flat else sub.title
        anchors.append((at, sub.source))
        at += len(title)
        text, inner = line_anchors(sub, flat)
        anchors += [(at + start, source) for start, source in inner]
        parts += [title, text]
        at += len(text)
    return "".join(parts), anchors


def section_source_at(section: Section, offset: int) -> Source:
    """The printed line holding `offset` of the section's flattened full text (the section's line when unknown)."""
    return source_at(line_anchors(section)[1], offset, section.source)


def source_at(anchors: list[tuple[int, Source]], offset: int, default: Source) -> Source:
    """The line of the last anchor at or before `offset` (anchors from line_anchors, computed once per section)."""
    at = bisect_right(anchors, offset, key=_START) - 1  # anchors are in offset order
    return anchors[at][1] if at >= 0 else default


_START = itemgetter(0)  # an anchor's offset (~540 look-ups a document; itemgetter costs ~60 % of a def per bisect)


def section_located(section: Section, name: str = "") -> Located:
    """A section's text; each printed line (or, when lines are unknown, each (一)(二) part) keeps its own line."""
    text, anchors = line_anchors(section, flat=False)
    if not section.lines:
        anchors = [(0, section.source)]
        for sub in section.subsections:
            at = text.find(sub.title) if sub.title else -1
            if at >= 0:
                anchors.append((at, sub.source))
    made = Located(text)
    made.lines = tuple(sorted(anchors, key=lambda a: a[0]))
    made.name = name or f"{section.number}、{section.title}"
    return made


def sections_located(sections: list[Section], name: str) -> Located:
    """Several sections (情况说明, 概况, 名词解释) as one text, each starting at its title's line."""
    parts, lines, offset = [], [], 0
    for s in sections:
        own, head = section_located(s), f"{s.number}、{s.title}\n"
        lines += [(offset, s.source)] + [(offset + len(head) + start, source) for start, source in own.lines]
        chunk = head + own
        parts.append(chunk)
        offset += len(chunk) + 1
    made = Located("\n".join(parts))
    made.lines, made.name = tuple(lines), name
    return made


def notes_located(table: Table) -> Located:
    """The notes printed under a table (注：… 说明：本表无数据) as one text."""
    return Located.join([(note.text, note.source) for note in table.notes], f"{table.id}表注")


def _placeholder_matches(text: str) -> Iterator[re.Match[str]]:
    """_PLACEHOLDER.finditer(text), trying the pattern only where a match can start (its alternation is slow to
    try at every position: ~18× slower on a whole 情况说明)."""
    at = 0
    while (start := _PLACEHOLDER_START.search(text, at)) is not None:
        m = _PLACEHOLDER.match(text, start.start())
        if m is not None:
            yield m
        at = m.end() if m is not None else start.start() + 1


def placeholders(text: str) -> tuple[Item, ...]:
    """Each template leftover (XX, ××, 待填 …) with the words around it and its line."""
    out = []
    for m in _placeholder_matches(text):
        start, end = _reach(text, m.start(), -1), _reach(text, m.end(), 1)
        context = [_SPACES.sub("", c) for c in text[start:end].split("\n")]
        own = _SPACES.sub("", m.group(0))
        words = next((c for c in context if own in c), own)
        source = text.source_at(m.start()) if isinstance(text, Located) else None
        out.append(Item(words, source))
    return tuple(out)


_LAYOUT = " \t\u3000"  # spaces a layout puts between printed characters
_SPACES = re.compile(f"[{_LAYOUT}]+")


def _reach(text: str, at: int, step: int, chars: int = 8) -> int:
    """The offset `chars` printed characters before (step −1) or after (step 1) `at`: layout spaces do not count,
    so a space put before 万元 neither moves nor changes the words quoted around a placeholder."""
    seen = 0
    while 0 < at if step < 0 else at < len(text):
        ch = text[at - 1] if step < 0 else text[at]
        if ch not in _LAYOUT:
            if seen == chars:
                break
            seen += 1
        at += step
    return at


def money_amounts(flat: str, unit: str) -> list[tuple[Decimal, str, int]]:
    """Every amount printed with the money unit (万元 or 元) in a flattened text: its value as printed, the words it
    closes, its offset."""
    out = []
    for m in _MONEY.finditer(flat):
        if (m.group(2) != unit or _THRESHOLD_BEFORE.search(flat, max(0, m.start() - 16), m.start())
                or _THRESHOLD_AFTER.match(flat, m.end())):
            continue
        before = CLAUSE_END.split(flat[max(0, m.start() - 16):m.start()])[-1]
        out.append((Decimal(m.group(1).replace(",", "")), before + m.group(0), m.start()))
    return out


def table_empty(table: Table) -> bool:
    """No data: every amount cell blank or —— (a table printed with no rows is empty too). A printed 0.00 is a figure:
    a 三公 table of zeros reports zero spending, it is not an empty table."""
    return not any(cell.kind in ("text", "number") for row in table.rows for cell in row.cells.values())
