"""How big a disclosure may be: far above any published one, far below what exhausts a server (issue 15 #6).

A published disclosure has ~10 tables of at most a few hundred rows (the samples: 9 tables, 112 rows at most,
250 in all). Rules that relate rows (下级, sums by code) cost more than linearly in the rows of one table, so a
document of 8,000 rows in one table took 5 minutes and 8 GB to check; at these limits the worst case measured is a
few seconds. Amount digits are bounded in the model itself (model.AMOUNT_DIGITS)."""
from __future__ import annotations

from engine.model import Disclosure

MAX_FILE_BYTES = 32 * 1024 * 1024  # a .json or .txt disclosure (the samples: 0.3 MB)
MAX_PDF_BYTES = 200 * 1024 * 1024
MAX_TABLES = 60
MAX_ROWS_PER_TABLE = 2_000
MAX_ROWS = 5_000  # all tables together
MAX_CELLS_PER_ROW = 60
MAX_FORMS = 500  # 绩效自评表
MAX_INDICATORS = 20_000  # all forms together
MAX_SECTIONS = 2_000  # 概况, 情况说明, 名词解释 and their parts together
MAX_TEXT = 2_000_000  # characters of narrative text together
MAX_REPORT_BYTES = 16 * 1024 * 1024  # a report larger than this is refused rather than sent


def oversize_raw(data: object) -> tuple[str, str] | None:
    """The same limits on tables, rows and forms, read from parsed JSON before the model is built (building a
    model holds the interpreter lock throughout: an oversize document is refused before that cost)."""
    if not isinstance(data, dict):
        return None
    tables = data.get("tables")
    tables = tables if isinstance(tables, dict) else {}
    if len(tables) > MAX_TABLES:
        return f"表的数量 {len(tables)} 超过上限 {MAX_TABLES}", f"{len(tables)} tables exceed the limit of {MAX_TABLES}"
    total = 0
    for name, table in tables.items():
        rows = table.get("rows") if isinstance(table, dict) else None
        count = len(rows) if isinstance(rows, list) else 0
        total += count
        if count > MAX_ROWS_PER_TABLE:
            return (f"表{name}有 {count} 行，超过每表上限 {MAX_ROWS_PER_TABLE} 行",
                    f"table {name} has {count} rows, over the limit of {MAX_ROWS_PER_TABLE}")
    if total > MAX_ROWS:
        return f"各表共 {total} 行，超过上限 {MAX_ROWS} 行", f"{total} rows in all exceed the limit of {MAX_ROWS}"
    forms = data.get("attachments")
    if isinstance(forms, list) and len(forms) > MAX_FORMS:
        return f"绩效自评表 {len(forms)} 张，超过上限 {MAX_FORMS}", f"{len(forms)} forms exceed the limit of {MAX_FORMS}"
    return None


def oversize(doc: Disclosure) -> tuple[str, str] | None:
    """(Chinese, English) naming the first limit `doc` exceeds, or None."""
    tables = doc.tables
    if len(tables) > MAX_TABLES:
        return f"表的数量 {len(tables)} 超过上限 {MAX_TABLES}", f"{len(tables)} tables exceed the limit of {MAX_TABLES}"
    total = 0
    for name, table in tables.items():
        rows = len(table.rows)
        total += rows
        if rows > MAX_ROWS_PER_TABLE:
            return (f"表{name}有 {rows} 行，超过每表上限 {MAX_ROWS_PER_TABLE} 行",
                    f"table {name} has {rows} rows, over the limit of {MAX_ROWS_PER_TABLE}")
        wide = max((len(row.cells) for row in table.rows), default=0)
        if wide > MAX_CELLS_PER_ROW or len(table.columns) > MAX_CELLS_PER_ROW:
            return (f"表{name}的列数超过上限 {MAX_CELLS_PER_ROW}",
                    f"table {name} has more than {MAX_CELLS_PER_ROW} columns")
    if total > MAX_ROWS:
        return f"各表共 {total} 行，超过上限 {MAX_ROWS} 行", f"{total} rows in all exceed the limit of {MAX_ROWS}"
    forms = doc.attachments
    if len(forms) > MAX_FORMS:
        return f"绩效自评表 {len(forms)} 张，超过上限 {MAX_FORMS}", f"{len(forms)} forms exceed the limit of {MAX_FORMS}"
    indicators = sum(len(f.indicators) for f in forms)
    if indicators > MAX_INDICATORS:
        return (f"绩效指标共 {indicators} 个，超过上限 {MAX_INDICATORS}",
                f"{indicators} indicators exceed the limit of {MAX_INDICATORS}")
    sections = [*doc.narrative.overview, *doc.narrative.sections, *doc.narrative.glossary]
    count, text = 0, 0
    while sections:
        section = sections.pop()
        count += 1
        text += len(section.text) + len(section.title)
        sections.extend(section.subsections)
        if count > MAX_SECTIONS:
            return f"章节数超过上限 {MAX_SECTIONS}", f"more than {MAX_SECTIONS} sections"
    if text > MAX_TEXT:
        return f"说明文字共 {text} 字，超过上限 {MAX_TEXT} 字", f"{text} characters of text exceed the limit of {MAX_TEXT}"
    return None
