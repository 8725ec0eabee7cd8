"""A for-each rule judged element by element over the possible readings of the rows each element reads
(engine/checking/elements.py), when the table as a whole has more combinations than are checked one by one.

samples/consistent.json with 公开05's 项 rows and the 款 22102 printed without their blank cells (two amounts each,
three order-kept placements into 合计/基本支出/项目支出): 3^4 = 81 combinations, over the cap of 64."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.checking import elements, readings
from engine.checking.check import check
from engine.model import Disclosure
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = ("合计", "基本支出", "项目支出")


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook")


def _printed(printed: dict[str, tuple[str, str]]) -> Disclosure:
    """consistent.json with each row of `printed` read blank and handed on with its two printed amounts in every
    order-kept placement."""
    data = json.loads((ROOT / "samples" / "consistent.json").read_text(encoding="utf-8"))
    data.setdefault("reading", []).append({"item": "公开05", "kind": "table", "status": "partly_read",
                                           "uncertain": ["placement"]})
    table = data["tables"]["公开05"]
    groups = []
    for row in table["rows"]:
        if row["key"] in printed:
            for cell in row["cells"].values():
                cell.update(text="", value=None, kind="blank")
            first, second = printed[row["key"]]
            groups.append({"rows": [row["key"]], "readings": [
                [{"row": row["key"], "column": a, "text": first}, {"row": row["key"], "column": b, "text": second}]
                for i, a in enumerate(COLUMNS) for b in COLUMNS[i + 1:]]})
    table["ambiguous"] = groups
    return Disclosure.model_validate(data)


AS_GIVEN = {"2010101": ("50.00", "50.00"), "2010102": ("30.00", "30.00"), "22102": ("20.00", "20.00"),
            "2210201": ("20.00", "20.00")}


def test_an_element_failing_in_every_reading_of_its_rows_is_a_finding_over_the_cap(book):
    # 2010101 printed 50.00 55.00: 20101 (款) = Σ its 项 fails whichever columns those amounts and 2010102's stand in
    # (9 readings of its two rows); 221's 款 22102 reads other rows and holds in some of their readings only
    doc = _printed({**AS_GIVEN, "2010101": ("50.00", "55.00")})
    assert readings.prod(len(g.readings) for g in doc.tables["公开05"].ambiguous) > readings._WORLDS
    report = check(doc, book)
    assert report.outcomes["H02c"] == ("fail", "")  # before: 不可核, 81 combinations over the cap (I152)
    found = [f for f in report.findings if f.rule == "H02c" and f.status == "fail"]
    assert len(found) == 1 and found[0].element == "20101" and found[0].severity == "error"
    message = found[0].message
    assert message.startswith("20101：") and "本条都不成立" in message and "共 9 种" in message
    assert "公开05「2010101」" in message and "50.00、55.00" in message  # the rows and amounts as printed
    assert "22102" not in message and "2210201" not in message  # what the element did not read is not named
    # 22102 = Σ its 项 differs between the readings of 2210201 and itself: said beside the finding, never an error
    [note] = [f for f in report.findings if f.rule == "H02c" and f.status == "not_checkable"]
    assert note.severity == "info" and "结论不同" in note.message and "公开05「2210201」" in note.message
    assert "公开05「2010101」" not in note.message


def test_the_same_printed_amounts_leave_every_element_open_or_passing_never_failing(book):
    # as printed: every element holds in the true reading; none fails in every reading, so no error is reported
    report = check(_printed(AS_GIVEN), book)
    assert not [f for f in report.findings if f.rule == "H02c" and f.status == "fail"]
    status, why = report.outcomes["H02c"]
    assert status == "not_checkable" and "结论不同" in why


def test_an_element_over_the_cap_is_not_checkable_and_the_others_are_judged(book, monkeypatch):
    monkeypatch.setattr(readings, "_WORLDS", 4)  # 20101's 9 readings are over it; each 项 row's 3 are not
    doc = _printed({**AS_GIVEN, "2010101": ("50.00", "55.00")})
    report = check(doc, book)
    assert not [f for f in report.findings if f.rule == "H02c" and f.status == "fail"]
    status, why = report.outcomes["H02c"]
    assert status == "not_checkable" and "超过逐一核对的上限 4 种" in why and "公开05「2010101」" in why


def test_a_rule_whose_precondition_reads_a_doubtful_row_is_judged_as_a_whole(tmp_path):
    # nothing outside an element may read a doubtful row (the elements themselves could differ by reading): H02c's
    # own loop, applying only when the 款 add up to more than nothing — that sum reads 22102, outside any element
    (tmp_path / "book.yaml").write_text(f"""rulebook:
  id: t
  版本: "1"
  扩展: {ROOT / "rulebook" / "default.yaml"}
规则:
  - 编号: Z01
    名称: 公开05 款=Σ项（款有数时）
    级别: error
    类别: 科目层级
    适用: sum(公开05[款].合计) > 0
    规则: "每个 r 属于 公开05[款]: r.合计 == sum(下级(r).合计)"
""", encoding="utf-8")
    book = load_rulebook(tmp_path / "book.yaml", strict=False)
    doc = _printed({**AS_GIVEN, "2010101": ("50.00", "55.00")})
    worlds = readings.Worlds(doc, book, "zh", readings.uncertain_tables(doc), check)
    groups = [("公开05", g) for g in doc.tables["公开05"].ambiguous]
    assert elements.explore(worlds, book.rule("H02c"), groups, 64) is not None  # the same loop, with no 适用
    assert elements.explore(worlds, book.rule("Z01"), groups, 64) is None


def test_a_rule_failing_in_every_reading_through_different_elements_is_one_finding(book):
    # czj through pdfplumber, 30201 办公费 21.21 → 23.21: 公开06 then has no solution and its 11 bands (an amount on the
    # 301/303 side or the 302 side) are all open, 2,048 combinations. 302 reads all 11 (over the cap); 301 and 303 each
    # hold in some of their readings only. Where both hold, 302's 款 do not add up: T12 fails in every reading, one
    # finding for the rule (before: 不可核, I152)
    from engine.checking import inject
    from engine.checking.inject_forms import TextForm, _import
    from engine.importers import load_disclosure
    from engine.render.derive import pdfplumber_text

    path = ROOT / "samples" / "shanghai-putuo-czj-2024.pdf"
    doc = load_disclosure(path)
    form = TextForm(doc, pdfplumber_text(path).decode("utf-8"), None, form="pdfplumber", spaced_once=True)
    [site] = [s for s in inject.sites(doc, "table-amount") if s.where.startswith("公开06[30201].决算数 21.21")]
    edited = form.edit(site)
    assert edited is not None
    bad = _import(edited.encode("utf-8"), "pdfplumber")
    assert readings.prod(len(g.readings) for g in bad.tables["公开06"].ambiguous) == 2048
    report = check(bad, book)
    assert report.outcomes["T12"] == ("fail", "")
    [found] = [f for f in report.findings if f.rule == "T12"]
    assert found.severity == "error" and found.element is None
    assert "本条都不成立" in found.message and "共 2048 种" in found.message
    assert "公开06「30106」" in found.message and "公开06「30239」" in found.message  # every open band, as printed
    assert "0.09、160.75、60.99" in found.message


def test_an_element_stopped_by_the_rules_run_budget_says_so_not_the_cap(book, monkeypatch):
    # the budget (elements._RUNS) stops the runs while the elements' own combinations (≤ 9) are under the cap (64):
    # the reason must be the budget, never "n combinations, over the cap" with n below it (before: "有 9 种，超过…上限 64 种")
    monkeypatch.setattr(elements, "_RUNS", 2)
    report = check(_printed({**AS_GIVEN, "2010101": ("50.00", "55.00")}), book)
    status, why = report.outcomes["H02c"]
    assert status == "not_checkable" and "超过逐一核对的上限" not in why
    assert "每条规则 2 次的上限" in why and "公开05「2010101」" in why


def test_an_elements_finding_over_its_readings_says_the_figures_that_are_the_same_in_each(book):
    # czj through pdfplumber, 30102 changed: 301 = Σ its 款 fails in each of the 32 readings of its 5 open bands. The
    # finding names those bands; it must also say the figures every reading has alike — the 类 total and the certain
    # 款, the changed one among them — or the reader cannot see which figures disagree (before: only the open bands)
    from engine.checking import inject
    from engine.checking.inject_forms import TextForm, _import
    from engine.importers import load_disclosure
    from engine.render.derive import pdfplumber_text

    path = ROOT / "samples" / "shanghai-putuo-czj-2024.pdf"
    doc = load_disclosure(path)
    form = TextForm(doc, pdfplumber_text(path).decode("utf-8"), None, form="pdfplumber", spaced_once=True)
    [site] = [s for s in inject.sites(doc, "table-amount") if s.where.startswith("公开06[30102].决算数")]
    changed = site.where.rsplit("→", 1)[1].strip()
    edited = form.edit(site)
    assert edited is not None
    report = check(_import(edited.encode("utf-8"), "pdfplumber"), book)
    [found] = [f for f in report.findings if f.rule == "T12" and f.status == "fail"]
    assert found.element == "301" and "本条都不成立" in found.message
    total = doc.tables["公开06"].row("301", exact=True).cells["决算数"].value
    assert f"公开06「301」决算数 {total}" in found.message and f"公开06「30102」决算数 {changed}" in found.message
    quoted = {(r.row, str(r.value)) for r in found.refs}
    assert ("301", str(total)) in quoted and ("30102", changed) in quoted
    assert "公开06「30106」" in found.message  # the open bands are still named, by their printed amounts
    assert "公开06「30106」决算数" not in found.message  # never with one reading's column
