"""Excel workbooks (.xlsx, .xls) → SourceLines: each sheet in order, each row a line, each column a cell.

.xlsx is read with openpyxl (it keeps each cell's number format, so the printed decimals survive: 2014.40 is not
2014.4); .xls (the 决算 software's older export) with python-calamine. Merged cells hold their text in the first
cell only, as a tab-separated text leaves the other cells empty."""
from __future__ import annotations

import io
import re
from datetime import date, datetime

from engine.importers.errors import DisclosureError
from engine.importers.grid import GridSource, build, number_text, require

_PLACES = re.compile(r"0\.(0+)")


def _places(number_format: str | None) -> int | None:
    if not number_format or number_format == "General":
        return None
    section = number_format.split(";")[0]
    if "%" in section:
        return None
    match = _PLACES.search(section)
    return len(match[1]) if match else (0 if "0" in section else None)


def _text(value, number_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if number_format and "%" in number_format.split(";")[0]:
            return number_text(value * 100, _places(number_format.replace("%", ""))) + "%"
        return number_text(value, _places(number_format), grouped="," in (number_format or "").split(";")[0])
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _with_sheet_title(name: str, rows: list[list[str]]) -> list[list[str]]:
    """A sheet whose name is a table's title or number (收入决算表, 公开02) but whose cells print neither: the name is
    the title the software left out of the sheet, so it leads the sheet's lines."""
    from engine.catalogue import load_catalogue
    from engine.importers.tables import table_number

    spec = load_catalogue().table_by_title(name) or (load_catalogue().tables.get(table_number(name) or ""))
    if spec is None:
        return rows
    head = {c.strip() for row in rows[:6] for c in row if c.strip()}
    if any(load_catalogue().table_by_title(c) is spec or table_number(c) == spec.id for c in head):
        return rows
    return [[name.strip()]] + rows


def _xlsx_rows(data: bytes):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DisclosureError("xlsx_damaged", f"Excel 文件已损坏，无法读取（{type(exc).__name__}）",
                              f"the Excel workbook is damaged ({type(exc).__name__})") from None
    try:
        visible = [s for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
        for page, sheet in enumerate(visible, start=1):  # hidden sheets hold workings, not what is published
            rows = [[_text(c.value, getattr(c, "number_format", None)) for c in row] for row in sheet.iter_rows()]
            for cells in _with_sheet_title(sheet.title, rows):
                yield cells, page
            yield [""], page  # a sheet ends like a page: a blank line between tables
    finally:
        book.close()


def _xls_rows(data: bytes):
    require(("python_calamine",), " .xls 工作簿")
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for a damaged file
        raise DisclosureError("xls_damaged", f"Excel（.xls）文件已损坏，无法读取（{type(exc).__name__}）",
                              f"the .xls workbook is damaged ({type(exc).__name__})") from None
    visible = [m for m in book.sheets_metadata if not str(getattr(m, "visible", "Visible")).lower().endswith("hidden")]
    for page, meta in enumerate(visible, start=1):
        rows = [[_text(v) if v != "" else "" for v in row]
                for row in book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)]
        for cells in _with_sheet_title(meta.name, rows):
            yield cells, page
        yield [""], page


def read_excel(data: bytes) -> GridSource:
    """A workbook's visible sheets, in order, as lines (page = the visible sheet's number)."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        return build(_xls_rows(data), "Excel 工作簿")
    require(("openpyxl",), " Excel 工作簿")
    source = build(_xlsx_rows(data), "Excel 工作簿")
    return source
