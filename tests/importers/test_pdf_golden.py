"""The Shanghai PDF imports to the checked-in JSON, and every hand-checked amount sits at its table, row and column."""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

pytest.importorskip("pdfplumber")

from engine.catalogue import load_catalogue  # noqa: E402
from engine.importers import import_pdf, load_disclosure  # noqa: E402
from engine.labels import normalise  # noqa: E402
from importer_paths import SAMPLES  # noqa: E402

PDF = SAMPLES / "shanghai-putuo-czj-2024.pdf"
GOLDEN = SAMPLES / "shanghai-putuo-czj-2024.json"
RECORD = SAMPLES / "shanghai-putuo-czj-2024.expected.md"
AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$")


@pytest.fixture(scope="module")
def shanghai():
    return load_disclosure(PDF)


def test_pdf_matches_checked_in_json(shanghai):
    assert json.loads(shanghai.to_json()) == json.loads(GOLDEN.read_text("utf-8"))


def test_golden_json_loads_and_equals_the_pdf_import(shanghai):
    assert load_disclosure(GOLDEN).to_json() == shanghai.to_json()


def _record() -> list[tuple[str, str, str, str]]:
    """(table title, row, column, amount) from the hand-checked record, read independently of the importer."""
    out, title = [], None
    for line in RECORD.read_text("utf-8").splitlines():
        if line.startswith("### "):
            title = re.sub(r"（.*$", "", line[4:]).strip()
        elif line.startswith("| ") and title:
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 3 and AMOUNT.match(cells[2]):
                out.append((title, cells[0], cells[1], cells[2]))
    return out


def _locate(doc, title: str, row_text: str, column_text: str):
    """The model cell the record names: table by title, row by code/label (side from the column), column by label."""
    spec = load_catalogue().table_by_title(title)
    table = doc.tables[spec.id]
    side, _, column_label = column_text.rpartition("·") if "·" in column_text else (None, "", column_text)
    if spec.sides:
        keys = [c.key for c in table.columns if c.side == side]
        column = spec.column_key(column_label, side) or (keys[0] if len(keys) == 1 else None)
    elif column_label in ("预算数", "决算数") and side:  # the 三公 table: item · 预算数/决算数
        row_text, column, side = side, spec.column_key(column_label), None
    else:
        column = spec.column_key(column_label)
    if row_text == "（唯一数据行）":
        row_text = "合计"
    parent, _, child = row_text.partition(" › ")
    code = row_text.split(" ")[0] if re.match(r"^\d{3,7} ", row_text) else None
    for row in table.rows:
        if side is not None and row.side != side:
            continue
        if code and row.code == code:
            return row.cells[column], table.id, row.key, column
        if not code and child and row.key == f"{normalise(parent)}/{normalise(child)}":
            return row.cells[column], table.id, row.key, column
        if not code and not child and normalise(row.label) == normalise(row_text):
            return row.cells[column], table.id, row.key, column
    raise AssertionError(f"{title} has no row {row_text!r} on side {side}")


def test_every_recorded_amount_is_at_its_cell_and_none_extra(shanghai):
    record = _record()
    assert len(record) == 195  # 12 + 45 + 44 + 19 + 44 + 29 + 2 amounts in the 7 tables with data
    placed = set()
    for title, row, column, amount in record:
        cell, table_id, row_key, column_key = _locate(shanghai, title, row, column)
        assert cell.kind == "number" and cell.value == Decimal(amount.replace(",", "")), (title, row, column, cell)
        assert cell.text == amount and cell.source.page is not None
        placed.add((table_id, row_key, column_key))
    numbers = {(t.id, r.key, k) for t in shanghai.tables.values() for r in t.rows for k, c in r.cells.items()
               if c.kind == "number"}
    assert numbers == placed  # nothing printed blank became a number


def test_shanghai_layout_details(shanghai):
    assert shanghai.metadata.profile == "national9" and shanghai.metadata.currency_unit == "万元"
    assert list(shanghai.tables) == ["公开01", "公开02", "公开03", "公开04", "公开05", "公开06", "公开09", "公开07", "公开08"]
    assert all(t.unit == "万元" and t.header.get("金额单位") == "万元" for t in shanghai.tables.values())
    assert shanghai.tables["公开07"].no_data and shanghai.tables["公开08"].no_data
    assert {c.key for c in shanghai.tables["公开08"].columns} >= {"年初结转和结余", "本年收入", "合计", "年末结转和结余"}
    assert [r.key for r in shanghai.tables["公开09"].rows][:3] == ["合计", "因公出国(境)费", "公务用车购置及运行维护费"]
    assert shanghai.tables["公开01"].row("总计").source.page == 7  # continued on the next page
    assert [s.number for s in shanghai.narrative.sections][-2:] == ["十", "十一"]
    assert shanghai.narrative.sections[0].source.page == 21
    assert len(shanghai.toc) == 26 and not shanghai.warnings


def test_forced_profile_is_kept_and_said(shanghai):
    forced = import_pdf(PDF, profile="shanxi10")
    assert forced.metadata.profile == "shanxi10"
    codes = [w.code for w in forced.warnings]
    assert "profile_forced" in codes and "table_missing" in codes
