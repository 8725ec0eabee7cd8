"""Locations a reader can find: page and line on that page, in text with form feeds and in PDFs."""
import pytest

from engine.checking.check import check
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook

BOOK = load_rulebook()


def _places(report, rule, element_start):
    finding = next(f for f in report.findings if f.rule == rule and (f.element or "").startswith(element_start))
    return [r.source for r in finding.refs]


def test_text_with_form_feeds_counts_pages_and_lines_on_each_page(tmp_path):
    lines = sample("yangquan-czj-2024.txt").read_text("utf-8").split("\n")
    plain = check(load_disclosure(sample("yangquan-czj-2024.txt")), BOOK)
    assert _places(plain, "T12", "302")[0] == "第285行"
    paged_lines = list(lines)
    paged_lines[99] = "\f" + paged_lines[99]  # page 2 starts at file line 100, page 3 at line 400
    paged_lines[399] = "\f" + paged_lines[399]
    paged = tmp_path / "paged.txt"
    paged.write_text("\n".join(paged_lines), "utf-8")
    report = check(load_disclosure(paged), BOOK)
    assert _places(report, "T12", "302")[0] == "第2页第186行"  # file line 285 = line 186 of page 2
    assert _places(report, "N08", "221")[0] == "第3页第56行"  # file line 455
    assert [f.rule for f in report.findings] == [f.rule for f in plain.findings]  # same findings, only places


def test_pdf_lines_are_counted_on_their_page():
    doc = load_disclosure(sample("shanghai-putuo-czj-2024.pdf")) if sample("shanghai-putuo-czj-2024.pdf").exists() \
        else pytest.skip("the PDF sample is not shipped in the wheel")
    report = check(doc, BOOK)
    n04 = next(f for f in report.findings if f.rule == "N04")
    # checked against `pdftotext -layout -f 21 -l 21`: the 14th printed line of page 21 is "…财政拨款收入支出总计0.3万元"
    assert n04.refs[0].source == "第21页第14行"
    pages = [t.source for t in doc.tables.values()] + [r.source for t in doc.tables.values() for r in t.rows]
    assert all(s.page and 0 < s.line < 80 for s in pages)  # a page holds tens of lines, not hundreds
