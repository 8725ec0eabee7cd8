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
    # far more combinations than the cap. A rule whose element reads them all (H02a: the 款 20106 = Σ its 项) stays
    # 不可核 and says so; one whose elements each read one row (T06: a row's 合计 = Σ its sources) is judged element
    # by element, each over its own row's readings (before: 不可核 too, over the 18,900 combinations of the table);
    # one that reads only rows not in doubt (C08a: the 类 and 款 rows) is judged, as in the document as given.
    doc = _doc(spaced)
    row = doc.tables["公开02"].row("2010601")
    printed = " ".join(c.text for c in row.cells.values() if c.text)
    changed = printed.replace(row.cells["本年收入合计"].text, "1,662.90", 1)
    bad = _doc(_changed(spaced, row, printed, changed))
    assert len(bad.tables["公开02"].ambiguous) >= 2
    report, given = check(bad, book), check(doc, book)
    status, why = report.outcomes["H02a"]
    assert status == "not_checkable" and "超过逐一核对的上限" in why and "公开02「2010601」" in why
    assert report.outcomes["T06"] == ("fail", "") and given.outcomes["T06"][0] != "fail"
    [found] = [f for f in report.findings if f.rule == "T06"]  # the one row whose amounts add up in no placement
    assert found.severity == "error" and found.element == "2010601" and "本条都不成立" in found.message
    assert "公开02「2010601」" in found.message and "（1,662.90、1,511.89、0.01）" in found.message  # as printed
    assert [r.row for r in found.refs] == ["2010601"]
    # C08a reads the 类 and 款 rows' 本年收入合计 only: certain in every reading, judged as in the document as given
    assert given.outcomes["C08a"] == ("pass", "") and report.outcomes["C08a"] == ("pass", "")
    # X01 compares 公开02's 合计 with 公开01, whose figures placed that row: no pass by construction
    status, why = given.outcomes["X01"]
    assert status == "not_checkable" and "按公开01所印的数定位" in why
    status, why = given.outcomes["X09a"]  # 公开05 ≤ 公开03: 公开03's rows were placed by what 公开05 prints
    assert status == "not_checkable" and "公开03的金额按公开05所印的数定位" in why


def _consistent_with(readings: list[list[dict]], rows: list[str]) -> dict:
    """samples/consistent.json with 公开05 partly read, `rows` handed on with `readings` (a user's JSON)."""
    import json

    data = json.loads((ROOT / "samples" / "consistent.json").read_text(encoding="utf-8"))
    data.setdefault("reading", []).append({"item": "公开05", "kind": "table", "status": "partly_read",
                                           "uncertain": ["placement"]})
    data["tables"]["公开05"]["ambiguous"] = [{"rows": rows, "readings": readings}]
    return data


@pytest.mark.parametrize(("readings", "rows", "says"), [
    # 2010102 has its 合计 read (30.00): a reading may not overwrite it, with 31.00 or with 32.00
    ([[{"row": "2010102", "column": "合计", "text": "31.00"}], [{"row": "2010102", "column": "合计", "text": "32.00"}]],
     ["2010102"], "写入已读出金额的单元格：2010102/合计"),
    # 2010101's 项目支出 is blank: its readings must place the same printed amounts, in whichever column
    ([[{"row": "2010101", "column": "项目支出", "text": "1.00"}], [{"row": "2010101", "column": "项目支出", "text": "2.00"}]],
     ["2010101"], "各种读法放入的金额不同"),
    ([[{"row": "2010101", "column": "项目支出", "text": "abc"}]], ["2010101"], "不是印出的数：abc"),
])
def test_a_json_whose_possible_readings_overwrite_or_disagree_is_refused(tmp_path, readings, rows, says):
    import json

    from click.testing import CliRunner

    from engine.cli.main import cli

    path = tmp_path / "given.json"
    path.write_text(json.dumps(_consistent_with(readings, rows), ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(cli, ["check", str(path)])
    assert out.exit_code == 2 and "公开05" in out.output and "第 0 组" in out.output and says in out.output, out.output
    assert "Traceback" not in out.output


def test_a_json_with_a_blank_cell_handed_on_is_accepted():
    from engine.model import Disclosure

    cells = [[{"row": "2010101", "column": "项目支出", "text": "0.00"}]]
    assert Disclosure.model_validate(_consistent_with(cells, ["2010101"])).tables["公开05"].ambiguous


def test_a_rule_comparing_cells_placed_by_another_tables_figures_with_them_is_no_pass(book):
    # 公开03's rows placed only by what 公开05 prints (links.py): X09a (公开05 ≤ 公开03) holds by construction there
    from engine.model import Disclosure

    doc = load_disclosure(ROOT / "samples" / "consistent.json")
    assert check(doc, book).outcomes["X09a"] == ("pass", "")
    rows = [row.key for row in doc.tables["公开03"].rows]
    marked = Disclosure.model_validate({**doc.model_dump(mode="json"), "reading": [
        {"item": "公开03", "kind": "table", "status": "read", "placed_by": {"公开05": rows}}]})
    report = check(marked, book)
    status, why = report.outcomes["X09a"]
    assert status == "not_checkable" and "公开03的金额按公开05所印的数定位" in why
    # a rule reading 公开03 alone, or 公开05 with no row so placed, is judged as before
    same = {k for k, v in check(doc, book).outcomes.items() if v[0] == "pass"}
    moved = {k for k in same if report.outcomes[k][0] != "pass"}
    assert moved and all({"公开03", "公开05"} <= book.rule(k).tables for k in moved), moved


def test_a_reading_s_unread_notes_for_a_rule_that_fails_in_each_are_kept(book, monkeypatch):
    # 1.00 printed on 2010101 or 2010102 (each has one blank cell): T11 (合计 = 基本 + 项目) fails in both readings
    # with different findings; each reading's report also lists T11 as touching what was not read (公开07)
    from engine.model import Disclosure

    data = _consistent_with([[{"row": "2010101", "column": "项目支出", "text": "1.00"}],
                             [{"row": "2010102", "column": "基本支出", "text": "1.00"}]], ["2010101", "2010102"])
    data["reading"].append({"item": "公开07", "kind": "table", "status": "partly_read", "reason": "测试"})
    doc = Disclosure.model_validate(data)

    def noted(world, sub, lang="zh"):
        report = check(world, sub, lang=lang)
        report.notes.setdefault("unread", {}).setdefault("公开07", []).append("T11")
        return report

    worlds = readings.Worlds(doc, book, "zh", readings.uncertain_tables(doc), noted)
    judged = worlds.judge(book.rule("T11"))
    assert judged is not None and judged.outcome[0] == "fail" and judged.noted == ["公开07"]
    assert any("本条都不成立" in f.message for f in judged.findings)  # the all-fail path
    from engine.checking import check as checking

    monkeypatch.setattr(checking, "Worlds", lambda d, b, lang, tables, _: readings.Worlds(d, b, lang, tables, noted))
    report = checking.check(doc, book)
    assert report.outcomes["T11"][0] == "fail"
    assert any(f.rule == "-" and "公开07" in f.message and "T11" in f.message for f in report.findings)


def test_a_row_by_its_key_only_when_one_row_has_it():
    from engine.model import Row, Table

    table = Table(id="公开05", title="t", rows=[Row(key="201", label="一般公共服务支出", code="201"),
                                                Row(key="合计", label="合计"), Row(key="合计", label="合计")])
    assert table.row("201", exact=True).label == "一般公共服务支出"
    assert table.row("一般公共服务支出", exact=True) is None and table.row("一般公共服务支出") is not None
    assert table.row("合计", exact=True) is None  # two rows have it: none named
