"""标题年度不一 / 标题单位不一: the year and the unit name each heading of a disclosure states, against the one the
document states everywhere else.

A heading is a cover line, a body part heading (第N部分), a 目录 entry, a table title or a narrative section title.
Its year is only a year of the designation (“2024年度”, “2024年部门决算”): a date (2025年9月) or a year in a sentence
is not a heading's year. Its unit name is what the heading prints before that year or before 概况, once numbering
(第二部分、一、（三）) is taken off, and only when it reads as an organisation's name (ends 局、委、中心 …).

The reference is what most of these places say, the cover counting as one of them and deciding a tie: a changed cover
line is then the odd one out, as is a changed 目录 entry. Header fields 年度 and 部门名称 are left to C10c/C10d."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterator

from engine.functions.registry import Function
from engine.labels import normalise
from engine.language.runtime import Ctx, Item
from engine.model import Disclosure, Section, Source
from engine.said import say

_YEAR = re.compile(r"(\d{4})\s*年(?:\s*度|(?=\s*(?:部门|单位)?\s*决算))")
_NUMBERING = re.compile(r"^\s*(?:第\s*[一二三四五六七八九十\d]+\s*部分|[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）])\s*")
_BEFORE_OVERVIEW = re.compile(r"^(.+?)\s*(?:部门|单位)?\s*概况\s*$")
# an organisation's name ends so: a heading's other words (关于…, 收入支出决算总表) do not
_WHITESPACE = re.compile(r"\s+")
_ORGANISATION = re.compile(r"(?:局|委员会|委|办公室|办|厅|部|院|中心|会|所|站|队|处|馆|校|室|社|团|司|署|公司|集团|大学|学院)$")


Where = tuple[str, str | None]  # a heading's place: its message code (I61 封面 …) and the table it titles


def _headings(doc: Disclosure) -> Iterator[tuple[Where, str, Source | None]]:
    """(where, printed text, source) of every heading but the cover, in document order; where is said only for the
    odd ones (~70 headings a document, two rules)."""
    for part in doc.parts:
        yield ("I62", None), part.text, part.source
    for entry in doc.toc:
        yield ("I63", None), entry.title, entry.source
    for table in doc.tables.values():
        if table.title:
            yield ("I64", table.id), table.title, table.source

    def walk(sections: list[Section]) -> Iterator[tuple[Where, str, Source | None]]:
        for s in sections:
            yield ("I65", None), s.title, s.source
            yield from walk(s.subsections)
    for sections in (doc.narrative.overview, doc.narrative.sections, doc.narrative.glossary):
        yield from walk(sections)


def _cover(doc: Disclosure) -> tuple[str, Source | None]:
    return "".join(line.text for line in doc.cover), doc.cover[0].source if doc.cover else None


def heading_year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match[1]) if match else None


def heading_unit(text: str) -> str | None:
    """The organisation a heading names before its year or 概况, normalised; None when it names none."""
    words = _NUMBERING.sub("", _WHITESPACE.sub("", text))
    year = _YEAR.search(words)
    if year:
        words = words[:year.start()]
    else:
        overview = _BEFORE_OVERVIEW.match(words)
        if not overview:
            return None
        words = overview[1]
    words = normalise(words)
    return words if len(words) >= 3 and _ORGANISATION.search(words) else None


def _cover_unit(doc: Disclosure) -> str | None:
    text, _ = _cover(doc)
    year = _YEAR.search(_WHITESPACE.sub("", text))
    words = normalise(_WHITESPACE.sub("", text)[:year.start()] if year else "")
    return words if words and _ORGANISATION.search(words) else None


def _odd_ones(doc: Disclosure, read: Callable[[str], Hashable | None], cover_value: Hashable | None
              ) -> tuple[Item, ...]:
    """The headings whose value differs from the one most places state (the cover deciding a tie)."""
    cover_text, cover_source = _cover(doc)
    stated = [(where, text, source, value) for where, text, source in _headings(doc)
              if (value := read(text)) is not None]
    if cover_value is not None:
        stated.insert(0, (("I61", None), cover_text, cover_source, cover_value))
    if not stated:
        return ()
    votes = Counter(value for *_, value in stated)
    top = max(votes.values())
    leaders = [v for v, n in votes.items() if n == top]
    reference = cover_value if cover_value in leaders else leaders[0]
    if len(leaders) > 1 and cover_value not in leaders:
        return ()  # no value most places agree on: nothing to measure against
    out, seen = [], set()
    for where, text, source, value in stated:
        if value != reference and (where, text) not in seen:
            seen.add((where, text))
            said = say(where[0], table=where[1]) if where[1] is not None else say(where[0])
            out.append(Item(say("I60", where=said, text=text.strip(), value=value, reference=reference), source))
    return tuple(out)


def year_conflicts(ctx: Ctx) -> tuple[Item, ...]:
    doc = ctx.doc
    cover_year = heading_year(_cover(doc)[0])
    found: tuple[Item, ...] = ctx.memo.once(("heading-years",), doc,
                                            lambda: _odd_ones(doc, heading_year, cover_year))
    return found


def unit_conflicts(ctx: Ctx) -> tuple[Item, ...]:
    doc = ctx.doc
    found: tuple[Item, ...] = ctx.memo.once(("heading-units",), doc,
                                            lambda: _odd_ones(doc, heading_unit, _cover_unit(doc)))
    return found


FUNCTIONS = (
    Function("heading_year_conflicts", ("heading_year_conflicts", "标题年度不一"), (), "items",
             "封面、第N部分标题、目录、表名、情况说明标题中所写年度（“2024年度”）与其他各处不一致的",
             "headings (cover, part headings, 目录, table titles, section titles) stating another year than the rest",
             year_conflicts, contextual=True, reads=("封面", "部分标题", "目录", "公开表", "概况", "情况说明", "名词解释"), example="标题年度不一()"),
    Function("heading_unit_conflicts", ("heading_unit_conflicts", "标题单位不一"), (), "items",
             "封面、第N部分标题、目录、表名、情况说明标题中所写单位名称与其他各处不一致的",
             "headings naming another unit (before the year or 概况) than the cover and the rest",
             unit_conflicts, contextual=True, reads=("封面", "部分标题", "目录", "公开表", "概况", "情况说明", "名词解释"), example="标题单位不一()"),
)
