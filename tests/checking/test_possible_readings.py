"""Amounts whose column is not certain (single spaces: blank cells leave no trace): rules judged over every possible
reading (engine/checking/readings.py). The sample is rendered with single spaces and imported as a user's text."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.checking import readings
from engine.checking.check import check
from engine.importers import import_text, load_disclosure
from engine.importers.placement import PrintedRow, code_groups, column_totals, identities, place, scale
from engine.render import derive
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
KEYS = ("合计", "基本支出", "项目支出")


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook")


@pytest.fixture(scope="module")
def spaced() -> str:
    doc = load_disclosure(ROOT / "samples" / "shanghai-putuo-czj-2024.pdf")
    return derive.from_model(doc, "single-space").decode("utf-8")


def _doc(text: str):
    return import_text(text.encode("utf-8"), name="spaced.txt")


def _changed(text: str, row, old: str, new: str) -> str:
    """The text with `old` → `new` on the printed line of `row` (a source line is counted on its page)."""
    pages = text.split("\f")
    lines = pages[row.source.page - 1].split("\n")
    at = row.source.line - 1
    assert lines[at].endswith(old)
    lines[at] = lines[at][:-len(old)] + new
    pages[row.source.page - 1] = "\n".join(lines)
    return "\f".join(pages)


def test_a_row_no_placement_solves_is_handed_on_with_every_placement_in_order():
    # 20101's amounts break its own 合计 = 基本 + 项目 wherever they stand: every order-kept placement is a reading
    rows = [PrintedRow(amounts=a, keys=KEYS) for a in
            [("30.00", "30.00"), ("30.00", "30.00"), ("30.00", "35.00")]]
    equations = identities("公开05", rows)
    for parent, children in code_groups(["", "201", "20101"], 0).items():
        equations += column_totals(parent, children, len(KEYS))
    got = place(rows, equations, scale([t for r in rows for t in r.amounts]))
    assert got.columns[2] is None
    group = next(g for g in got.possible if g.rows == (2,))
    assert not group.solved and set(group.readings) == {((0, 1),), ((0, 2),), ((1, 2),)}


def test_a_changed_amount_no_placement_fits_is_an_error_in_every_reading(spaced, book):
    doc = _doc(spaced)
    row = doc.tables["公开05"].row("2080505")
    assert row is not None and row.cells["合计"].text == row.cells["基本支出"].text == "160.75"
    bad = _doc(_changed(spaced, row, "160.75 160.75", "160.75 165.75"))  # 基本支出 no longer adds up to 合计
    reading = next(r for r in bad.reading if r.item == "公开05")
    assert "placement" in reading.uncertain
    report = check(bad, book)
    assert report.outcomes["T11"][0] == "fail"  # before possible readings: 不可核 (the row was left unread)
    found = [f for f in report.findings if f.rule == "T11"]
    assert len(found) == 1 and "2080505" in found[0].message and "本条都不成立" in found[0].message
    assert "160.75、165.75" in found[0].message  # the printed amounts, not one reading's columns
    assert found[0].severity == "error"


def test_a_rule_agreeing_in_both_placements_is_judged_and_one_differing_is_not(spaced, book):
    # 公开09 prints 0.95 0.95: as 预算数 or as 决算数 (合计 and an item) all fit its arithmetic
    doc = _doc(spaced)
    [group] = doc.tables["公开09"].ambiguous
    assert group.solved and len(group.readings) >= 2
    assert {c.column for reading in group.readings for c in reading} == {"预算数", "决算数"}
    report = check(doc, book)
    assert report.outcomes["X11"] == ("pass", "")  # holds whichever the 0.95 are
    assert report.outcomes["T17"][0] == "not_checkable"  # its own sums, over amounts placed by them: no pass
    status, why = report.outcomes["N10a"]  # 年初预算 0.95 read from 预算数: true in one reading only
    assert status == "not_checkable" and "金额归栏不唯一" in why and "公开09「合计」" in why
    assert not any(f.rule == "N10a" for f in report.findings)


def test_beyond_the_cap_the_rule_is_not_checkable_and_says_so(spaced, book, monkeypatch):
    monkeypatch.setattr(readings, "_WORLDS", 1)
    report = check(_doc(spaced), book)
    status, why = report.outcomes["X11"]
    assert status == "not_checkable" and "超过逐一核对的上限 1 种" in why


def test_a_fully_read_document_writes_no_possible_readings():
    doc = load_disclosure(ROOT / "samples" / "shanghai-putuo-czj-2024.pdf")
    assert '"ambiguous"' not in doc.to_json()


def test_a_json_whose_possible_reading_names_no_row_of_its_table_is_refused(spaced):
    import json

    from pydantic import ValidationError

    from engine.model import Disclosure

    data = json.loads(_doc(spaced).to_json())
    data["tables"]["公开09"]["ambiguous"][0]["readings"][0][0]["row"] = "不存在的行"
    with pytest.raises(ValidationError, match="指向表中没有"):
        Disclosure.model_validate(data)
    data["tables"]["公开09"]["ambiguous"][0]["readings"][0][0]["row"] = "合计"
    assert Disclosure.model_validate(data).tables["公开09"].ambiguous  # as written by the import: accepted


def test_over_the_cap_a_rule_is_judged_alone_over_the_rows_it_reads(spaced, book):
    # 2010601's 本年收入合计 changed: the row fits no placement, and its siblings lose the 款 total that tied them —
    # far more combinations than the cap. A rule that reads the whole table stays 不可核 and says so; one that reads
    # only rows not in doubt (公开02's 合计 against 公开01) is judged, as in the document as given.
    doc = _doc(spaced)
    row = doc.tables["公开02"].row("2010601")
    printed = " ".join(c.text for c in row.cells.values() if c.text)
    changed = printed.replace(row.cells["本年收入合计"].text, "1,662.90", 1)
    bad = _doc(_changed(spaced, row, printed, changed))
    assert len(bad.tables["公开02"].ambiguous) >= 2
    report, given = check(bad, book), check(doc, book)
    status, why = report.outcomes["T06"]
    assert status == "not_checkable" and "超过逐一核对的上限" in why
    assert given.outcomes["X01"] == ("pass", "") and report.outcomes["X01"] == ("pass", "")
