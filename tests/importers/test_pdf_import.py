"""PDF import through the CLI and the pieces around it: report, --profile, errors, placeholders, units, profiles."""
from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

pytest.importorskip("pdfplumber")

from engine.cli.main import cli  # noqa: E402
from engine.importers import DisclosureError, import_pdf, load_disclosure  # noqa: E402
from engine.importers.errors import Warnings  # noqa: E402
from engine.importers.finish import convert_units, detect_profile, is_placeholder  # noqa: E402
from engine.model import Cell, Column, Disclosure, Row, Source, Table  # noqa: E402
from importer_paths import SAMPLE_JSON, SAMPLES  # noqa: E402

PDF = SAMPLES / "shanghai-putuo-czj-2024.pdf"
GOLDEN = SAMPLES / "shanghai-putuo-czj-2024.json"
TEMPLATE = SAMPLES / "shanghai-template-2024.pdf"


def test_import_report_lists_tables_with_pages_and_sections():
    result = CliRunner().invoke(cli, ["import", str(PDF)])
    assert result.exit_code == 0, result.output
    assert "(national9)" in result.output
    assert "公开09  6 行 × 2 列  万元  第18页" in result.output
    assert "本表无数据" in result.output and "十一、其他重要事项的情况说明" in result.output


def test_import_report_as_json(tmp_path):
    out = tmp_path / "doc.json"
    result = CliRunner().invoke(cli, ["import", str(PDF), "--format", "json", "-o", str(out)])
    summary = json.loads(result.output)
    assert summary["profile"] == "national9" and len(summary["tables"]) == 9
    assert summary["tables"]["公开06"] == {"rows": 66, "columns": 1, "no_data": False, "unit": "万元", "page": 16,
                                          "line": 1}  # line 1 of page 16 (lines count per page)
    assert Disclosure.model_validate_json(out.read_text("utf-8")).tables["公开05"].row("合计").cells["合计"].value \
        == Decimal("2940.05")


def test_import_forced_profile_warns_with_the_detected_one():
    result = CliRunner().invoke(cli, ["import", str(GOLDEN.with_suffix(".pdf")), "--profile", "shanxi10"])
    assert "(shanxi10)" in result.output
    assert "[profile_forced]" in result.output and "national9" in result.output
    assert "没有找到公开10" in result.output


def test_check_profile_option_changes_the_required_tables():
    runner = CliRunner()
    national = json.loads(runner.invoke(cli, ["check", str(GOLDEN), "--format", "json"]).output)
    shanxi = json.loads(runner.invoke(cli, ["check", str(GOLDEN), "--format", "json", "--profile", "shanxi10"]).output)
    assert "C01j" not in {f["rule"] for f in national["findings"]}
    assert "C01j" in {f["rule"] for f in shanxi["findings"] if f["status"] == "fail"}


def test_check_reads_the_pdf_and_finds_the_wrong_narrative_total():
    result = CliRunner().invoke(cli, ["check", str(PDF), "--format", "json"])
    report = json.loads(result.output)
    n04 = next(f for f in report["findings"] if f["rule"] == "N04")
    assert any(ref["value"] == "0.3" and "第21页" in ref["source"] for ref in n04["refs"])
    assert all(f["severity"] == "info" for f in report["findings"] if f["status"] == "rounding")


def _scan() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (595, 842), "white").save(buffer, format="PDF")
    return buffer.getvalue()


@pytest.mark.parametrize("command", ["import", "check"])
@pytest.mark.parametrize("data, words", [(_scan(), "扫描件"), (PDF.read_bytes()[:40000], "PDF 文件")])
def test_unreadable_pdf_exits_2_with_a_chinese_message(tmp_path, command, data, words):
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output


def test_missing_pdf_support_is_a_clear_error(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pdfplumber" else real(name, *a))
    with pytest.raises(DisclosureError) as err:
        import_pdf(PDF)
    assert err.value.code == "pdf_support_missing" and "rulebook[pdf]" in err.value.message_zh


def test_unknown_profile_is_refused():
    with pytest.raises(DisclosureError) as err:
        load_disclosure(SAMPLE_JSON, profile="national12")
    assert err.value.code == "bad_profile"


def test_template_placeholders_are_warnings_with_pages_not_data():
    doc = load_disclosure(TEMPLATE)
    placeholders = [w for w in doc.warnings if w.code == "placeholder"]
    pages = {w.source.page for w in placeholders}
    assert {1, 15, 16, 17, 18} <= pages and None not in pages
    assert any("XX" in w.message for w in placeholders)
    assert not [c for t in doc.tables.values() for r in t.rows for c in r.cells.values() if c.kind in ("number", "text")]
    assert not [r for t in doc.tables.values() for r in t.rows if is_placeholder(r.label)]
    assert len(doc.tables) == 9


@pytest.mark.parametrize("text, expected", [("XX", True), ("XXX万元", False), ("…", True), ("… … …", True),
                                             ("ＸＸ", True), ("合计", False), ("", False)])
def test_is_placeholder(text, expected):
    assert is_placeholder(text) is expected


def _table(table_id: str, unit: str, amount: str) -> Table:
    cell = Cell(kind="number", value=Decimal(amount), text=amount)
    return Table(id=table_id, title=table_id, unit=unit, columns=[Column(key="合计", label="合计")],
                 rows=[Row(key="合计", label="合计", cells={"合计": cell})], source=Source(line=7, page=3))


def test_a_table_in_yuan_is_converted_to_the_document_unit():
    doc = Disclosure(tables={"公开05": _table("公开05", "万元", "2940.05"), "公开09": _table("公开09", "元", "9500.00")})
    doc.metadata.currency_unit = "万元"
    warnings = Warnings()
    convert_units(doc, warnings)
    converted = doc.tables["公开09"].rows[0].cells["合计"]
    assert converted.value == Decimal("0.95") and converted.text == "9500.00"
    assert doc.tables["公开09"].unit == "万元" and doc.tables["公开05"].rows[0].cells["合计"].value == Decimal("2940.05")
    assert [(w.code, w.source.page) for w in warnings.items] == [("unit_converted", 3)]
    assert "元" in warnings.items[0].message and "万元" in warnings.items[0].message


def test_profile_detection_from_tables_forms_and_toc():
    shanxi = load_disclosure(SAMPLE_JSON)
    assert detect_profile(shanxi)[0] == "shanxi10"
    del shanxi.tables["公开10"]
    forms = shanxi.attachments
    shanxi.attachments = []
    assert detect_profile(shanxi)[0] == "shanxi10"  # its 目录 still lists the 10th table
    shanxi.toc = []
    assert detect_profile(shanxi)[0] == "national9"
    shanxi.attachments = forms
    assert detect_profile(shanxi)[0] == "shanxi10"
    assert detect_profile(load_disclosure(GOLDEN))[0] == "national9"
