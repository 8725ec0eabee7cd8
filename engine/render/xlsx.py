"""Printed → an Excel workbook (openpyxl): a sheet per page (one table a sheet, as the 决算 software exports), or
every page on one sheet. Amounts are written as numbers with the number format of their printed decimals, as the
software writes them; codes, 行次 and text stay text where a number would change them (leading zeros)."""
from __future__ import annotations

import io
import re
from decimal import Decimal

from engine.render.printed import Printed

_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def cell_value(text: str):
    """(value, number format) for one printed cell."""
    text = text.strip()
    if not _AMOUNT.match(text) or (len(text) > 1 and text.startswith("0") and not text.startswith("0.")):
        return text or None, None
    places = len(text.split(".")[1]) if "." in text else 0
    grouped = "," in text
    number = Decimal(text.replace(",", ""))
    if abs(number) >= 10 ** 15:
        return text, None  # beyond a double's exact digits: keep the printed text
    fmt = ("#,##0" if grouped else "0") + ("." + "0" * places if places else "")
    return (int(number) if places == 0 else float(number)), fmt


def write_xlsx(printed: Printed, per_page: bool = True) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet, row = None, 0
    for n, page in enumerate(printed.pages):
        if sheet is None or per_page:
            name = printed.names[n] if n < len(printed.names) and printed.names[n] else f"第{n + 1}页"
            sheet = book.create_sheet(_BAD_SHEET.sub("", name)[:31] or f"第{n + 1}页")
            row = 0
        elif row:
            row += 1  # a blank row between pages on one sheet
        for cells in page:
            row += 1
            for c, text in enumerate(cells, start=1):
                value, fmt = cell_value(text)
                if value is None:
                    continue
                cell = sheet.cell(row=row, column=c, value=value)
                if fmt:
                    cell.number_format = fmt
    if not book.worksheets:
        book.create_sheet("第1页")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
