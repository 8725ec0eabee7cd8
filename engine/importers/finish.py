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

# Template placeholders: XX, XXX万元, XXXXXXXX (Latin or full-width X; × in some templates).
PLACEHOLDER = re.compile(r"[XＸ×]{2,}")
# table unit → document unit (the document's is 万元 or 元; a table may also be printed in 千元)
_FACTORS = {("元", "万元"): Decimal("0.0001"), ("万元", "元"): Decimal("10000"), ("千元", "万元"): Decimal("0.1"),
            ("千元", "元"): Decimal("1000")}
_COUNT_GROUPS = {"国有资产占用情况"}  # 公开10 rows that count vehicles and equipment, not money


def detect_profile(doc: Disclosure) -> tuple[str, str]:
    """(profile, why), from the catalogue's profiles in order: the first whose marks the document has (a table,
    attached forms, a title in its 目录); else the default profile."""
    catalogue = load_catalogue()
    marks: list[str] = []
    for profile in catalogue.profiles.values():
        for table_id in profile.detect_tables:
            if table_id in doc.tables:
                return profile.id, f"有{table_id}（{catalogue.tables[table_id].title}）"
        if profile.detect_attachments and doc.attachments:
            return profile.id, "附有项目支出绩效自评表"
        listed = [title for title in profile.detect_toc_titles if any(title in normalise(e.title) for e in doc.toc)]
        if listed:
            return profile.id, f"目录列有「{listed[0]}」"
        marks += [*profile.detect_tables, *(["自评表"] if profile.detect_attachments else [])]
    absent = f"，没有{'和'.join(marks)}" if marks else ""
    return catalogue.default_profile.id, f"有{len(doc.tables)}张公开表{absent}"


def apply_profile(doc: Disclosure, forced: str | None, warnings: Warnings) -> None:
    detected, why = detect_profile(doc)
    doc.metadata.profile = forced or detected
    if forced and forced != detected:
        warnings.add("profile_forced", f"按指定的口径 {forced} 导入；文件内容看起来是 {detected}（{why}）")


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
        warnings.add("unit_converted", f"{table.id}（{table.title or '无表名'}）以{table.unit}印制，其余各表以{target}印制："
                     f"已将其{converted}个金额换算为{target}（原文数字不变）", table.source.line, table.source.page)
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
        kinds = "、".join(k for k, _ in Counter(m for _, m in found).most_common(3))
        where = f"第{page}页" if page is not None else "文件中"
        warnings.add("placeholder", f"{where}有{len(found)}处模板占位符（{kinds}，如「{sample}」），是未填写的模板内容，"
                     "不作为数据", first.line, page)
    return sum(len(found) for found in by_page.values())


def is_placeholder(text: str) -> bool:
    """A cell that holds only a placeholder or an ellipsis (…, XX): template filler, not a value or a row."""
    compact = re.sub(r"\s+", "", text or "")
    return bool(compact) and (bool(PLACEHOLDER.fullmatch(compact)) or set(compact) <= {"…", ".", "。"})
