"""The reading marks the rows whose columns the table's own arithmetic decided (Reading.placed_by_sums), and a
JSON that marks rows or tables this document does not have is refused, in Chinese, with where."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli.main import cli
from engine.importers import load_disclosure
from engine.model import Disclosure

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "yangquan-czj-2024.txt"


def test_rows_placed_by_arithmetic_are_marked_and_each_line_had_a_blank_cell(tmp_path):
    """Single spaces leave no trace of a blank cell: 公开05's rows with fewer amounts than columns are placed by its
    sums. Every printed line whose rows are marked has a blank cell in the original (rows side by side on one line,
    公开04's 收入 and 支出, are placed together), and a text with tabs marks nothing."""
    single = tmp_path / "single.txt"
    single.write_text(SAMPLE.read_text("utf-8").replace("\t", " "), encoding="utf-8")
    got, original = load_disclosure(single), load_disclosure(SAMPLE)
    marked = {r.item: r.placed_by_sums for r in got.reading if r.placed_by_sums}
    assert marked.get("公开05"), marked
    for table_id, rows in marked.items():
        table, printed = original.tables[table_id], got.tables[table_id]
        lines: dict[object, list] = {}
        for key in rows:
            row = printed.row(key, exact=True)
            assert row is not None, (table_id, key)
            lines.setdefault((row.source.page, row.source.line), []).append(table.row(key, exact=True))
        for line, originals in lines.items():
            assert any(row is not None and any(row.cells.get(c.key) is None or row.cells[c.key].kind == "blank"
                                               for c in table.columns_of(row.side)) for row in originals), (table_id, line)
    assert not any(r.placed_by_sums for r in original.reading)  # tabs: every cell in its column, nothing placed


def _given(tmp_path: Path, reading: dict) -> Path:
    doc = json.loads((ROOT / "samples" / "yangquan-czj-2024.json").read_text(encoding="utf-8"))
    doc["reading"] = [reading]
    path = tmp_path / "given.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("reading", "says"), [
    ({"item": "公开05", "kind": "table", "status": "read", "placed_by_sums": ["9999999"]}, "placed_by_sums 列出表中没有的行：9999999"),
    ({"item": "公开99", "kind": "table", "status": "read", "placed_by_sums": ["201"]}, "不是本文件的一张表"),
    ({"item": "公开05", "kind": "table", "status": "read", "placed_by": {"公开88": ["201"]}}, "不是本文件的另一张表：公开88"),
    ({"item": "公开05", "kind": "table", "status": "read", "placed_by": {"公开05": ["201"]}}, "不是本文件的另一张表：公开05"),
    ({"item": "公开05", "kind": "table", "status": "read", "placed_by": {"公开04": ["xx"]}}, "placed_by.公开04 列出表中没有的行：xx"),
    ({"item": "公开05", "kind": "table", "status": "read", "placed_by": {"公开04": []}}, "没有列出任何行"),
])
def test_a_json_marking_rows_it_does_not_have_is_refused(tmp_path, reading, says):
    out = CliRunner().invoke(cli, ["check", str(_given(tmp_path, reading))])
    assert out.exit_code == 2 and "reading 第 0 项" in out.output and says in out.output, out.output
    assert "Traceback" not in out.output


def test_marks_the_import_writes_are_accepted_back(tmp_path):
    single = tmp_path / "single.txt"
    single.write_text(SAMPLE.read_text("utf-8").replace("\t", " "), encoding="utf-8")
    doc = load_disclosure(single)
    again = Disclosure.model_validate_json(doc.model_dump_json())
    assert [r.placed_by_sums for r in again.reading] == [r.placed_by_sums for r in doc.reading]


def test_the_service_refuses_it_with_422_and_where():
    from fastapi.testclient import TestClient

    from engine.service.app import create_app

    doc = json.loads((ROOT / "samples" / "yangquan-czj-2024.json").read_text(encoding="utf-8"))
    doc["reading"] = [{"item": "公开05", "kind": "table", "status": "read", "placed_by_sums": ["9999999"]}]
    response = TestClient(create_app()).post("/v1/check", json=doc)
    assert response.status_code == 422, response.text
    [reason] = response.json()["error"]["reasons"]
    assert "9999999" in reason["message_en"] and "按表内算术" in reason["message"], reason
