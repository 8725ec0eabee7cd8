"""The Excel workbook: a summary sheet (one row per file) and a findings sheet, Chinese headers, header frozen,
filters on, widths set, printable on A4 landscape."""
from __future__ import annotations

from pathlib import Path

from engine.checking.findings import Report
from engine.reports.rows import FINDING_HEADERS, SUMMARY_HEADERS, finding_row, summary_row

_WIDTHS = {"文件": 28, "单位": 22, "说明": 70, "依据": 30, "未核对的内容及原因": 50, "名称": 22, "指纹": 22,
           "file": 28, "unit": 22, "message": 70, "basis": 30, "not checked, and why": 50, "name": 22}


def _sheet(book, title: str, headers: list[str], rows: list[list]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text from a document or a request that begins with "=": text, never a formula
                cell.data_type, cell.quotePrefix = "s", True
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE5F0")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, name in enumerate(headers, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 12)
        for cell in sheet[letter][1:]:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"  # the header on every printed page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def write_xlsx(reports: list[Report], target: Path | str, lang: str = "zh") -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _sheet(book, "汇总" if lang == "zh" else "summary", SUMMARY_HEADERS[lang], [summary_row(r, lang) for r in reports])
    _sheet(book, "问题" if lang == "zh" else "findings", FINDING_HEADERS[lang],
           [finding_row(r, f, lang) for r in reports for f in r.findings])
    book.save(target)
