"""The reports a validator hands back: the Excel workbook read back with openpyxl, the HTML page self-contained."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner
from openpyxl import load_workbook

from engine.cli.main import cli
from engine.reports.rows import FINDING_HEADERS, SUMMARY_HEADERS
from engine.resources import sample

TEXT, PDF = sample("yangquan-czj-2024.txt"), sample("shanghai-putuo-czj-2024.pdf")


def _json(path) -> dict:
    return json.loads(CliRunner().invoke(cli, ["check", str(path), "--format", "json"]).output)


def test_workbook_has_a_summary_row_per_file_and_every_finding(tmp_path):
    target = tmp_path / "报告.xlsx"
    result = CliRunner().invoke(cli, ["check", str(TEXT), str(PDF), "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 1, result.output  # both documents carry errors
    book = load_workbook(target)
    assert book.sheetnames == ["汇总", "问题"]
    summary, findings = book["汇总"], book["问题"]
    assert [c.value for c in summary[1]] == SUMMARY_HEADERS["zh"]
    assert [c.value for c in findings[1]] == FINDING_HEADERS["zh"]
    assert summary.freeze_panes == "A2" and findings.freeze_panes == "A2"
    assert findings.auto_filter.ref and summary.page_setup.orientation == "landscape"
    reports = [_json(TEXT), _json(PDF)]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    for row, report in zip(rows, reports):
        s = report["summary"]
        assert row[1] == report["unit"] and list(row[5:9]) == [s["errors"], s["warnings"], s["infos"],
                                                                s["not_checkable"]]
    assert row[9] == "有强制性问题，须更正"
    assert findings.max_row - 1 == sum(len(r["findings"]) for r in reports)
    # one finding's cells, against the JSON report of the same check
    first = reports[0]["findings"][0]
    row = next(r for r in findings.iter_rows(min_row=2, values_only=True) if r[12] == first["fingerprint"])
    assert row[1] == first["rule"] and row[2] == first["name"] and row[9] == first["message"]
    assert row[3] == "错误（强制性）" and row[11] == "须更正"
    pdf_rows = [r for r in findings.iter_rows(min_row=2, values_only=True) if r[0] == str(PDF) and r[4]]
    assert pdf_rows and all(isinstance(r[4], int) for r in pdf_rows)  # the page of a PDF finding


def test_workbook_needs_a_file():
    result = CliRunner().invoke(cli, ["check", str(TEXT), "--format", "xlsx"])
    assert result.exit_code == 2 and "-o" in result.output


def test_html_is_self_contained_and_shows_every_finding_with_its_lines():
    result = CliRunner().invoke(cli, ["check", str(TEXT), "--format", "html"])
    page = result.output
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4" in page
    assert not re.search(r"(?:src|href)\s*=|url\(|@import|https?://", page)  # nothing fetched from anywhere
    report = _json(TEXT)
    assert page.count('class="finding ') == len(report["findings"])
    for finding in report["findings"]:
        assert finding["rule"] in page
    lines = TEXT.read_text("utf-8").replace("\f", "\n").splitlines()
    c03 = next(f for f in report["findings"] if f["rule"] == "C03t01")
    line = c03["refs"][0]["line"]
    assert f"<mark>{line:>5} │ {lines[line - 1][:40]}" in page  # the source line the finding reads, marked


def test_html_of_a_pdf_embeds_its_pages_with_the_cells_outlined():
    page = CliRunner().invoke(cli, ["check", str(PDF), "--format", "html"]).output
    refs = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page)
    ids = set(re.findall(r"""\sid\s*=\s*["']([^"']+)""", page))
    # nothing but the embedded pages, each once: a later figure of the same page refers to it by its id
    assert refs and all(r.startswith("data:image/png;base64,") or r[1:] in ids for r in refs)
    report = _json(PDF)
    with_boxes = [f for f in report["findings"] if any(r.get("box") for r in f["refs"])]
    assert with_boxes and page.count('<figure class="page"') >= len(with_boxes)
    for finding in with_boxes:
        for ref in finding["refs"]:
            if ref.get("box"):
                page_no, x0, top, x1, bottom = ref["box"]
                assert f'data-box="{x0:.2f},{top:.2f},{x1:.2f},{bottom:.2f}"' in page


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(tmp_path):
    from openpyxl import load_workbook

    from engine.checking.check import check
    from engine.importers import load_disclosure
    from engine.reports.xlsx import write_xlsx
    from engine.resources import sample
    from engine.rules.loader import load_rulebook

    doc = load_disclosure(sample("defect-sum.json"))
    report = check(doc, load_rulebook())
    report.file = '=HYPERLINK("http://example.invalid","x")'
    target = tmp_path / "r.xlsx"
    write_xlsx([report], target)
    book = load_workbook(target)
    values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert report.file in values
    assert all(c.data_type != "f" for c in cells)
