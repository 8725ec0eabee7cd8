"""The P rules judge a national-template 自评表 by its own formulas (财预〔2020〕10号): 执行率 = 全年执行数 ÷ 全年预算数
(not 年初预算数), its score min(执行率, 1) × the printed 分值, 总分 = 执行率得分 + every indicator's 得分, each 得分 at most
its own 分值, an unmet indicator explained and not given full marks. The hand-written form (tests/national_form.py)
passes them all; each defect fails exactly the rule about it. Read from tab text and from one cell a line alike."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.checking.check import check
from engine.importers import import_text
from engine.rules.loader import load_rulebook
from national_form import ROWS, cell_lines, changed, tabs

ROOT = Path(__file__).resolve().parents[2]
P_RULES = ("P01", "P01b", "P02", "P03", "P03b", "P04", "P05", "P06", "P07", "P07b", "P08")


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook")


def _verdicts(book, rows, printed=tabs) -> dict[str, str]:
    doc = import_text(printed(rows).encode("utf-8"), name="national.txt")
    [form] = doc.attachments
    assert form.template == "national"
    outcomes = check(doc, book).outcomes
    return {rule: outcomes[rule][0] for rule in P_RULES}


@pytest.mark.parametrize("printed", [tabs, cell_lines], ids=["tabs", "cell-lines"])
def test_the_correct_form_passes_every_p_rule(book, printed):
    assert set(_verdicts(book, ROWS, printed).values()) == {"pass"}


def _scores(rows, row: int, score: str, total: str):
    return changed(changed(rows, row, 7, score), 17, 7, total)


DEFECTS = {
    # 95.00% stated; 114 ÷ 120 = 95% (the Shanxi reading, ÷ 年初预算数 100, would be 114%)
    "P01": lambda: changed(ROWS, 5, 6, "90.00%"),
    "P02": lambda: changed(changed(ROWS, 5, 7, "8"), 17, 7, "94"),  # 95% × 10 = 9.5, not 8 (总分 kept right)
    "P03": lambda: changed(ROWS, 17, 7, "96.5"),  # 9.5 + 20 + 13 + 15 + 28 + 10 = 95.5
    "P04": lambda: _scores(ROWS, 12, "22", "97.5"),  # 服务人次 scores 22 of its 20
    "P05": lambda: changed(ROWS, 18, 1, "良"),  # 95.5 is 优
    "P06": lambda: changed(changed(ROWS, 5, 4, "126.00"), 5, 6, "105.00%"),  # 全年执行数 above 全年预算数
    "P07": lambda: changed(ROWS, 13, 8, ""),  # 服务合格率 93% < 95% without a 偏差原因
    "P07b": lambda: _scores(ROWS, 13, "15", "97.5"),  # the unmet 服务合格率 given all its 15 points
}


@pytest.mark.parametrize("rule", list(DEFECTS))
def test_each_defect_fails_its_rule(book, rule):
    got = _verdicts(book, DEFECTS[rule]())
    assert got[rule] == "fail"
    others = {r: v for r, v in got.items() if r != rule and v != "pass"}
    allowed = {"P06": {"P01", "P02"}}.get(rule, set())  # 126 ÷ 120: the stated rate and its score move with it
    assert set(others) <= allowed, others


def test_the_score_follows_the_printed_points(book):
    """分值 20 printed for the 执行率: 95% of 20 is 19; the 9.5 of a 10-point form is then wrong."""
    rows = changed(ROWS, 5, 5, "20")
    assert _verdicts(book, rows)["P02"] == "fail"
    rows = changed(changed(rows, 5, 7, "19"), 17, 7, "105")
    got = _verdicts(book, changed(rows, 17, 6, "110"))
    assert got["P02"] == "pass" and got["P03"] == "pass"


def test_a_row_handed_on_with_its_readings_is_judged_in_each(book):
    """Single spaces, a 年度指标值 with a space inside (≥95% 以上): six ways the row may stand. A rule whose verdict is
    the same in each is reported (P01, P07 …); P03 and P04 are not: in one reading 13 is a 分值 and the row prints no
    得分, so neither the 总分 nor that row's 得分 ≤ 分值 can be checked there. 不可核, naming the row — never a pass, never
    a finding."""
    from national_form import single_spaces

    doc = import_text(single_spaces(changed(ROWS, 13, 4, "≥95% 以上")).encode("utf-8"), name="national.txt")
    outcomes = check(doc, book).outcomes
    doubtful = ("P03", "P04")
    assert {r: outcomes[r][0] for r in P_RULES if r not in doubtful} == {r: "pass" for r in P_RULES if r not in doubtful}
    for rule in doubtful:
        status, why = outcomes[rule]
        assert status == "not_checkable" and "「服务合格率」" in why


@pytest.mark.parametrize("printed", ["—", ""], ids=["dash", "empty"])
def test_an_unread_or_dashed_row_score_is_not_checkable_never_a_finding(book, printed):
    """The national template gives every indicator row its 分值 and 得分 (财预〔2020〕10号: the 总分 is their sum); a
    row printing "—" or nothing as its 得分 leaves the 总分 uncheckable — not a shortfall of 13 points (P03 once said
    「总分 95.5 不等于各项得分之和 82.5」). P04 (得分 ≤ 分值) and P07b (the unmet 服务合格率 not given full marks) cannot
    judge that row either: 不可核 naming it, never a pass, never a finding."""
    got = _verdicts(book, changed(ROWS, 13, 7, printed))
    assert {got["P03"], got["P04"], got["P07b"]} == {"not_checkable"}, got
    doc = import_text(tabs(changed(ROWS, 13, 7, printed)).encode("utf-8"), name="national.txt")
    outcomes = check(doc, book).outcomes
    assert all("服务合格率" in outcomes[r][1] for r in ("P03", "P04", "P07b")), outcomes
    # a met row's unread score: P07b has nothing to judge there (the row is not unmet)
    got = _verdicts(book, changed(ROWS, 12, 7, printed))
    assert got["P03"] == got["P04"] == "not_checkable" and got["P07b"] == "pass", got


def _messages(book, rows, rule: str, lang: str) -> list[str]:
    doc = import_text(tabs(rows).encode("utf-8"), name="national.txt")
    return [f.message for f in check(doc, book, lang=lang).findings if f.rule == rule]


# A finding on a national form names what the form printed (全年执行数, 全年预算数, 实际完成值, 偏差原因分析及改进措施,
# the 执行率's printed 分值), never the Shanxi template's columns (实际执行金额, 实际到位金额, 全年完成值, ×10).
WORDING = {
    "P01": (lambda: DEFECTS["P01"](), ["全年执行数÷全年预算数"], ["(全年执行数) ÷", "(全年预算数)"]),
    "P01b": (lambda: changed(ROWS, 5, 6, ""), ["（全年执行数/全年预算数×100%）"], ["(全年执行数) /", "(全年预算数) ×"]),
    "P02": (lambda: changed(changed(ROWS, 5, 5, "20"), 17, 6, "110"), ["执行率×20（最高20分）"],
            ["× 20 (at most 20 points"]),
    "P06": (lambda: DEFECTS["P06"](), ["全年执行数 126.00 万元大于全年预算数 120.00 万元"],
            ["(全年执行数) 126.00", "(全年预算数) 120.00"]),
    "P07": (lambda: DEFECTS["P07"](), ["实际完成值未达到年度指标值，但未填写偏差原因分析及改进措施",
                                       "「服务合格率」·实际完成值=93%", "「服务合格率」·偏差原因分析及改进措施="],
            ["(实际完成值) falls short", "(偏差原因分析及改进措施)"]),
}
SHANXI_WORDS = ("实际执行金额", "实际到位金额", "全年完成值", "未完成原因", "×10（", "actual spending", "funds received", "× 10 (")


@pytest.mark.parametrize("rule", list(WORDING))
def test_a_national_finding_names_the_columns_the_form_printed(book, rule):
    rows, chinese, english = WORDING[rule]
    zh, en = _messages(book, rows(), rule, "zh"), _messages(book, rows(), rule, "en")
    assert zh and en, (zh, en)
    assert all(w in zh[0] for w in chinese), zh
    assert all(w in en[0] for w in english), en
    assert not any(w in m for m in zh + en for w in SHANXI_WORDS), (zh, en)


def test_a_shanxi_finding_keeps_the_shanxi_columns(book):
    """The same rules on the Shanxi forms of the Yangquan sample still name the Shanxi columns."""
    from engine.model import Disclosure

    doc = Disclosure.model_validate_json((ROOT / "samples" / "yangquan-czj-2024.json").read_bytes())
    for lang, words in (("zh", "与 实际执行金额÷实际到位金额 计算的"), ("en", "does not match actual spending ÷ funds received")):
        found = [f.message for f in check(doc, book, lang=lang).findings if f.rule == "P01"]
        assert found and all(words in m for m in found), found
    p02 = [f.message for f in check(doc, book).findings if f.rule == "P02"]
    assert p02 and all("执行率×10（最高10分）" in m for m in p02), p02
