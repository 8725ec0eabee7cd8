"""A 自评表 indicator row whose cell boundaries the text does not show (single spaces, one cell a line): handed on
with every way its printed words may stand (engine/importers/form_rows.py), and the P rules judged over those
readings (engine/checking/readings.py) as over a table's rows whose amounts' columns are not certain. yangquan's
forms are rendered from its model (the original, with tabs) and imported as a user's text."""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from engine.checking.check import check
from engine.importers import import_text, load_disclosure
from engine.model import Disclosure, FormField
from engine.render import derive
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
P_RULES = ("P01", "P01b", "P02", "P03", "P03b", "P04", "P05", "P06", "P07", "P07b", "P08", "P09", "P09b", "P09c",
           "P09d", "P09e", "P10")


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook")


@pytest.fixture(scope="module")
def original() -> Disclosure:
    return load_disclosure(ROOT / "samples" / "yangquan-czj-2024.txt")


@pytest.fixture(scope="module", params=["single-space", "cell-lines"])
def derived(request, original) -> tuple[str, str]:
    return request.param, derive.from_model(original, request.param).decode("utf-8")


def _doc(text: str) -> Disclosure:
    return import_text(text.encode("utf-8"), name="derived.txt")


def _unplaced(message: str) -> str:
    """A finding's text without where it was printed (the derived text numbers its lines otherwise)."""
    return re.sub(r"（第[^）]*行）", "", message)


def test_every_reading_handed_on_is_one_the_printed_row_allows_and_the_original_is_one(original, derived):
    form_name, text = derived
    doc = _doc(text)
    by_project = {f.project: f for f in original.attachments}
    opened = 0
    for form in doc.attachments:
        given = by_project[form.project]
        for group in form.ambiguous:
            [row] = group.rows
            indicator = form.indicators[int(row)]
            assert len(form.indicators) == len(given.indicators)
            want = given.indicators[int(row)]  # the same row of the original (rendered from it, in order)
            cells = (want.name, want.target, want.actual, want.shortfall_reason, want.score.text if want.score else "")
            readings = [tuple(c.text for c in reading) for reading in group.readings]
            assert cells in readings, (form.project, indicator.name)
            printed = "".join(cells).replace(" ", "")
            assert all("".join(r).replace(" ", "") == printed for r in readings)
            opened += 1
    # single spaces: 城建项目审计成本 (spaces inside cells), 培训完成时间 (its name joined to its target by text.py),
    # 「考试每人每科33元 33 33」 and 「安全事故发生率 0%」 (fewer cells than the grid); one cell a line: the last two
    assert opened == (4 if form_name == "single-space" else 2)
    # the form's status says how many rows are open, and that each reading is checked
    statuses = [r for r in doc.reading if r.kind == "form" and r.uncertain]
    assert sum(int(re.search(r"有 (\d+) 行指标", str(r.reason))[1]) for r in statuses) == opened


def test_p_rules_are_judged_over_the_readings_of_the_open_rows(original, derived, book):
    """Before: every P rule 不可核 on these forms (the whole form partly read for one row). Now: a rule whose verdict
    is the same in every reading is reported as in the file as given; one that differs is 不可核, naming the row."""
    form_name, text = derived
    given, got = check(original, book), check(_doc(text), book)
    differing = {"P04", "P07", "P07b"}  # each reads 会计…考务费's row「考试每人每科33元 33 33」(a score, or a 完成值?)
    for rule in P_RULES:
        if rule not in differing:
            assert got.outcomes[rule] == given.outcomes[rule], rule
            assert sorted(_unplaced(f.message) for f in got.findings if f.rule == rule) == \
                sorted(_unplaced(f.message) for f in given.findings if f.rule == rule), rule
    status, why = got.outcomes["P04"]
    assert given.outcomes["P04"] == ("pass", "") and status == "not_checkable"
    assert "自评表「会计专业技术资格考试考务费」" in why  # the form listed, for the row its score may be on
    # P07: the failures in every reading reported; the 安全事故发生率 row (0%: target or completed value?) not decided
    p07 = {f.element for f in got.findings if f.rule == "P07" and f.status == "fail"}
    assert p07 == {f.element for f in given.findings if f.rule == "P07"} - {"财政事务中心购买服务 / 安全事故发生率"}
    [note] = [f for f in got.findings if f.rule == "P07" and f.status == "not_checkable"]
    assert "自评表「财政事务中心购买服务」「安全事故发生率」" in note.message
    assert "「考试每人每科33元」" in note.message


def test_a_defect_that_keeps_the_row_open_is_not_passed(derived, book):
    """安全事故发生率's lone 0% changed to 60: a score over its 一级指标's 分值 (产出指标 50) if it is the score, a target
    or completed value else. P04 fails in that reading only: 不可核, naming the row (never a pass)."""
    form_name, text = derived
    sep = " " if form_name == "single-space" else "\n"
    bad = text.replace(f"安全事故发生率{sep}0%", f"安全事故发生率{sep}60")
    assert bad != text
    report = check(_doc(bad), book)
    status, why = report.outcomes["P04"]
    assert status == "not_checkable" and "自评表「财政事务中心购买服务」" in why


def test_a_json_whose_form_reading_invents_a_word_is_refused(original, derived, tmp_path):
    from click.testing import CliRunner

    from engine.cli.main import cli

    data = json.loads(_doc(derived[1]).to_json())
    form = next(f for f in data["attachments"] if f.get("ambiguous"))
    assert Disclosure.model_validate(data)  # as written by the import: accepted
    form["ambiguous"][0]["readings"][-1][0]["text"] = "100%"
    with pytest.raises(Exception, match="所含文字与该指标行印出的文字不同"):
        Disclosure.model_validate(data)
    path = tmp_path / "given.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(cli, ["check", str(path)])
    assert out.exit_code == 2 and "第 0 组" in out.output and form["project"] in out.output, out.output
    assert "Traceback" not in out.output


@pytest.mark.parametrize(("change", "says"), [
    (lambda g: g["readings"][0].append({"row": g["rows"][0], "column": "分值", "text": ""}), "没有（或本组未列）"),
    (lambda g: g.update(rows=["999"]), "没有（或本组未列）"),
    (lambda g: g["readings"][0].__setitem__(4, {**g["readings"][0][4], "text": "优"}), "不是印出的数"),
])
def test_the_service_refuses_a_wrong_form_reading_with_422_and_where(original, change, says):
    from fastapi.testclient import TestClient

    from engine.service.app import create_app

    text = derive.from_model(original, "cell-lines").decode("utf-8")
    data = json.loads(_doc(text).to_json())
    form = next(f for f in data["attachments"] if f.get("ambiguous"))
    change(form["ambiguous"][0])
    response = TestClient(create_app()).post("/v1/check", json=data)
    assert response.status_code == 422, response.text
    [reason] = response.json()["error"]["reasons"]
    assert says in reason["message_en"] and "自评表指标行" in reason["message"] and "attachments" in reason["where"]


def test_a_form_reading_marked_in_doubt_needs_its_form_with_readings(original):
    data = json.loads(original.to_json())
    data["reading"] = [{"item": "自评表「财政业务工作经费」", "kind": "form", "status": "partly_read",
                        "uncertain": ["placement"]}]
    with pytest.raises(Exception, match="没有列出可能的读法"):
        Disclosure.model_validate(data)


def test_a_failure_in_every_reading_is_one_finding_naming_the_printed_words(original, book):
    """会计…考务费's 产出指标 scored 55 (分值 50) on a row read for certain: P04 fails whatever「考试每人每科33元 33 33」
    is (a second score adds to it, or none does), with a different sum in each reading: one finding, the row's printed
    words, never one reading's figures."""
    text = derive.from_model(original, "cell-lines").decode("utf-8")
    old = "初级考试人数\n2172人\n2172人\n50\n"
    assert text.count(old) == 1
    report = check(_doc(text.replace(old, "初级考试人数\n2172人\n2172人\n55\n")), book)
    assert report.outcomes["P04"] == ("fail", "")
    [found] = [f for f in report.findings if f.rule == "P04"]
    assert found.status == "fail" and found.element == "会计专业技术资格考试考务费"
    assert "无论自评表「会计专业技术资格考试考务费」「考试每人每科33元」" in found.message
    # one cell a line, a line is one cell: 33, 33 in two of the three cells, or the last the score (3 + 3)
    assert "（考试每人每科33元、33、33）如何分入各格" in found.message and "6 种" in found.message
    assert "88" not in found.message and "55" not in found.message  # no one reading's sum


def test_a_world_adds_the_category_scores_as_the_reader_does(original, derived):
    """A reading's world adds the 一级指标 scores anew (forms.category_scores): for every form as read, the same as the
    reader's own (values, texts as printed, where) — so a reading changes them only by the score it places."""
    from engine.importers.forms import category_scores

    for doc in (original, _doc(derived[1])):
        for form in doc.attachments:
            got = category_scores(form.indicators)
            assert {k: (v.value, v.text, v.source) for k, v in got.items()} == \
                {k: (v.value, v.text, v.source) for k, v in form.category_scores.items()}, form.project


def _with_open_form(derived) -> tuple[dict, dict]:
    data = json.loads(_doc(derived[1]).to_json())
    return data, next(f for f in data["attachments"] if f.get("ambiguous"))


def test_readings_agreeing_with_each_other_but_not_with_the_row_are_refused(derived, tmp_path):
    """Every reading adds 「50人」 to the reason: the readings agree with each other, never with the indicator's own
    printed cells; P rules would be judged on a value the row never printed. CLI exit 2, service 422."""
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from engine.cli.main import cli
    from engine.service.app import create_app

    data, form = _with_open_form(derived)
    for reading in form["ambiguous"][0]["readings"]:
        reason = next(c for c in reading if c["column"] == "shortfall_reason")
        reason["text"] = f"{reason['text']} 50人".strip()
    with pytest.raises(Exception, match="所含文字与该指标行印出的文字不同"):
        Disclosure.model_validate(data)
    path = tmp_path / "given.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(cli, ["check", str(path)])
    assert out.exit_code == 2 and "印出的文字不同" in out.output and "Traceback" not in out.output, out.output
    response = TestClient(create_app()).post("/v1/check", json=data)
    assert response.status_code == 422 and "自评表指标行" in response.text, response.text


def test_the_first_reading_must_be_the_rows_own_cells(derived):
    """The first reading is the reader's own (the indicator's cells as they stand), not another of them."""
    data, form = _with_open_form(derived)
    readings = form["ambiguous"][0]["readings"]
    readings[0], readings[1] = readings[1], readings[0]
    with pytest.raises(Exception, match="第一种读法不是该指标行所填的各格"):
        Disclosure.model_validate(data)


def test_a_given_category_score_is_kept_and_only_the_open_rows_change_applied(derived, book):
    """A JSON stating 满意度指标 12 (分值 10) for a form whose open rows are all 产出指标's: every reading keeps that
    figure (only the open rows' category is added anew), so P04 fails in each — not overridden by the rows' sum 8."""
    from engine.checking.readings import _form_placed

    data, _ = _with_open_form(derived)
    form = next(f for f in data["attachments"] if f["project"] == "财政事务中心购买服务")
    form["category_scores"]["满意度指标"].update(value="12", text="12")
    report = check(Disclosure.model_validate(data), book)
    assert report.outcomes["P04"][0] == "fail"
    [found] = [f for f in report.findings if f.rule == "P04" and f.element == "财政事务中心购买服务"]
    assert "12" in found.message and found.status == "fail"
    # the open row's own category: added anew as the reader adds them where the form states the reader's sum (50),
    # a given figure (48) shifted by the row's change only; the others kept as stated
    given = Disclosure.model_validate(data).attachments
    exam = next(f for f in given if f.project == "会计专业技术资格考试考务费")
    [group] = exam.ambiguous
    scored = next(r for r in group.readings if any(c.column == "score" and c.text == "33" for c in r))
    assert exam.indicators[int(group.rows[0])].score is None  # the reader's own reading has no score there
    placed = _form_placed(exam, [(0, scored)], None)
    assert (placed.category_scores["产出指标"].value, placed.category_scores["效益指标"].value) == (50 + 33, 30)
    given_48 = FormField(label="产出指标", value=Decimal(48), text="48", source=exam.category_scores["产出指标"].source)
    stated = exam.model_copy(update={"category_scores": {**exam.category_scores, "产出指标": given_48}})
    assert _form_placed(stated, [(0, scored)], None).category_scores["产出指标"].value == 48 + 33
    assert _form_placed(stated, [(0, group.readings[0])], None).category_scores["产出指标"].value == 48
