"""After recognition: the profile (detected or forced), tables converted to the document's unit, placeholders reported."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Context, Decimal

from engine.catalogue import load_catalogue
from engine.importers.errors import Warnings
from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.model import Disclosure
from engine.said import Said, joined, say, unit

# Template placeholders: XX, XXX万元, XXXXXXXX (Latin or full-width X; × in some templates).
PLACEHOLDER = re.compile(r"[XＸ×]{2,}")
# table unit → document unit (the document's is 万元 or 元; a table may also be printed in 千元)
_FACTORS = {("元", "万元"): Decimal("0.0001"), ("万元", "元"): Decimal("10000"), ("千元", "万元"): Decimal("0.1"),
            ("千元", "元"): Decimal("1000")}
_COUNT_GROUPS = {"国有资产占用情况"}  # 公开10 rows that count vehicles and equipment, not money


def detect_profile(doc: Disclosure) -> tuple[str, Said]:
    """(profile, why), from the catalogue's profiles in order: the first whose marks the document has (a table,
    attached forms, a title in its 目录); else the default profile."""
    catalogue = load_catalogue()
    marks: list[str] = []
    for profile in catalogue.profiles.values():
        for table_id in profile.detect_tables:
            if table_id in doc.tables:
                return profile.id, say("I25", table=table_id, title=catalogue.tables[table_id].title)
        if profile.detect_attachments and doc.attachments:
            return profile.id, say("I26")
        listed = [title for title in profile.detect_toc_titles if any(title in normalise(e.title) for e in doc.toc)]
        if listed:
            return profile.id, say("I36", entry=listed[0])
        marks += [*profile.detect_tables, *(["自评表"] if profile.detect_attachments else [])]
    absent = say("I38", marks=joined(marks, "和")) if marks else ""
    return catalogue.default_profile.id, say("I37", n=len(doc.tables), absent=absent)


def apply_profile(doc: Disclosure, forced: str | None, warnings: Warnings) -> None:
    detected, why = detect_profile(doc)
    doc.metadata.profile = forced or detected
    if forced and forced != detected:
        warnings.add("profile_forced", say("I35", forced=forced, detected=detected, why=why))


def convert_units(doc: Disclosure, warnings: Warnings) -> None:
    """A table printed in 元 or 千元 in a 万元 document (or in 万元/千元 in a 元 one): amounts converted to the document's
    unit."""
    target = doc.metadata.currency_unit
    places = _printed_places(doc, target)
    for table in doc.tables.values():
        factor = _FACTORS.get((table.unit, target))
        if factor is None:
            continue
        converted = 0
        for row in table.rows:
            if row.group in _COUNT_GROUPS:
                continue
            for cell in row.cells.values():
                if cell.kind == "number" and cell.value is not None:
                    cell.value = cell.value * factor
                    if factor < 1:  # 元/千元 → 万元: at the precision the 万元 tables print, so tolerances stay theirs
                        cell.value = cell.value.quantize(places, context=Context(prec=64))  # never fails on 30 digits
                    converted += 1
        warnings.add("unit_converted", say("I39", table=table.id, title=table.title or say("I40"), unit=unit(table.unit),
                                           target=unit(target), n=converted), table.source.line, table.source.page)
        table.unit = target


def _printed_places(doc: Disclosure, unit: str) -> Decimal:
    """The last printed digit most amounts of the tables in `unit` have (0.01 for 万元 printed with two decimals)."""
    exponents = Counter(cell.value.as_tuple().exponent for table in doc.tables.values() if table.unit == unit
                        for row in table.rows for cell in row.cells.values()
                        if cell.kind == "number" and cell.value is not None and "." in cell.text)
    exponent = exponents.most_common(1)[0][0] if exponents else -2
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else -2)


def report_placeholders(lines: list[SourceLine], warnings: Warnings) -> int:
    """One `placeholder` warning per page that prints template placeholders (XX); returns how many were found."""
    by_page: dict[int | None, list[tuple[SourceLine, str]]] = defaultdict(list)
    for line in lines:
        for match in PLACEHOLDER.finditer(line.text):
            by_page[line.page].append((line, match[0]))
    for page, found in by_page.items():
        first, _ = found[0]
        sample = first.text[max(0, first.text.find(found[0][1]) - 8):][:20]
        kinds = joined([k for k, _ in Counter(m for _, m in found).most_common(3)], "、")
        where = say("I42", page=page) if page is not None else say("I43")
        warnings.add("placeholder", say("I41", where=where, n=len(found), kinds=kinds, sample=sample), first.line, page)
    return sum(len(found) for found in by_page.values())


def is_placeholder(text: str) -> bool:
    """A cell that holds only a placeholder or an ellipsis (…, XX): template filler, not a value or a row."""
    compact = re.sub(r"\s+", "", text or "")
    return bool(compact) and (bool(PLACEHOLDER.fullmatch(compact)) or set(compact) <= {"…", ".", "。"})
