"""Every rule that compares a stated percentage with the tables, at the exact boundary of its interval (issue 18).

For each rule: the sample's statement is edited to the last printed value the amounts allow on each side (the rule
must not report an error) and to one unit in the last digit beyond it (it must). The interval is computed here in
exact rational arithmetic from the printed amounts, independently of the engine: each printed amount a stands for
[a − 0.005, a + 0.005]; a percentage p printed to 2 decimals stands for [p − 0.005, p + 0.005)."""
from fractions import Fraction as F
from pathlib import Path

import pytest

from engine.rules.examples import build_document, outcome
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
H = F(1, 200)  # half a unit of a 2-decimal amount
UNIT = F(1, 100)  # a percentage's last printed digit


def _half(printed: str) -> F:
    places = len(printed.split(".")[1]) if "." in printed else 0
    return F(1, 2) / 10 ** places


def ratio(part: str, whole: str) -> tuple[F, F]:
    a, b, ha, hb = F(part), F(whole), _half(part), _half(whole)
    return (a - ha) / (b + hb) * 100, (a + ha) / (b - hb) * 100


def rate(change: str, current: str) -> tuple[F, F]:
    """|Δ| ÷ (本年 − Δ) × 100, Δ signed as stated (减少 is negative); Δ and 本年 each printed."""
    d, x = F(change), F(current)
    base = x - d
    return (abs(d) - H) / (base + 2 * H) * 100, (abs(d) + H) / (base - 2 * H) * 100


# rule, section, words before the percentage (unique in the section), the printed percentage, its interval
CASES = [
    ("N02b", "情况说明.二", "财政拨款收入2,014.44万元，占比", "100.00", ratio("2014.44", "2014.44")),
    ("N03c", "情况说明.三", "基本支出1,230.37万元，占比", "61.08", ratio("1230.37", "2014.44")),
    ("N03c", "情况说明.三", "项目支出784.07万元，占比", "38.92", ratio("784.07", "2014.44")),
    ("N05", "情况说明.五", "决算支出2,014.44万元，占本年支出合计的", "100.00", ratio("2014.44", "2014.44")),
    ("N06b", "情况说明.五", "一般公共服务支出(类)1,564.12万元，占比", "77.65", ratio("1564.12", "2014.44")),
    ("N06b", "情况说明.五", "卫生健康支出(类)40.20万元，占比", "2.00", ratio("40.20", "2014.44")),
    ("N07c", "情况说明.五", "支出决算1,564.12万元，完成年初预算的", "94.12", ratio("1564.12", "1661.81")),
    ("N07c", "情况说明.五", "支出决算325.42万元，完成年初预算的", "140.79", ratio("325.42", "231.14")),
    # N81 reads every 完成预算的P% against the 预算 and 决算 amounts of its own sentence, whatever the phrasing
    ("N81", "情况说明.五", "支出决算2,014.44万元，完成年初预算的", "100.16", ratio("2014.44", "2011.30")),
    ("N81", "情况说明.五", "支出决算1,564.12万元，完成年初预算的", "94.12", ratio("1564.12", "1661.81")),
    ("N81", "情况说明.五", "支出决算325.42万元，完成年初预算的", "140.79", ratio("325.42", "231.14")),
    ("N13b", "情况说明.十", "授予中小企业合同金额13.99万元，占政府采购支出总额的", "100.00", ratio("13.99", "13.99")),
    ("Y01a", "情况说明.一", "收入总计减少145.57万元，下降", "6.74", rate("-145.57", "2014.44")),
    ("Y01b", "情况说明.四", "财政拨款收入总计减少145.57万元，下降", "6.74", rate("-145.57", "2014.44")),
    ("Y01c", "情况说明.五", "一般公共预算财政拨款支出减少145.57万元，下降", "6.74", rate("-145.57", "2014.44")),
    ("Y01d", "情况说明.十", "比2023年增加10.71万元，增长", "8.63", rate("10.71", "134.83")),
    ("Y01f", "情况说明.五", "较上年决算减少331.05万元，下降", "17.47", rate("-331.05", "1564.12")),
    ("N10b", "情况说明.九", "支出决算8.50万元，完成全年预算的", "85.00", ratio("8.50", "10.00"), "examples/sangong.json"),
    ("N10b", "情况说明.九", "公务接待费支出2.50万元，占", "29.41", ratio("2.50", "8.50"), "examples/sangong.json"),
    ("Y01e", "情况说明.九", "与上年相比增加0.50万元，增长", "6.25", rate("0.50", "8.50"), "examples/sangong.json"),
    # 6.2 is printed to one decimal: it stands for [6.15, 6.25]
    ("N02g", "情况说明.二", "其他收入6.2万元，占", "0.21", ratio("6.2", "2946.25"), "shanghai-putuo-czj-2024.json"),
    # a form's 执行率 against 实际执行金额 570 ÷ 实际到位金额 570 (whole 万元: each ±0.5)
    # (the sample's forms 1 and 2 fail P01 on their own: only this form's verdict is read)
    ("P01", "自评表[3].执行率", "财政事务中心购买服务", "100", ratio("570", "570")),
]


def _edges(low: F, high: F) -> tuple[F, F]:
    """The smallest and the largest 2-decimal p whose [p − 0.005, p + 0.005) meets [low, high]."""
    top = ((high + H) / UNIT).__floor__() * UNIT  # p − h ≤ high
    bottom = ((low - H) / UNIT).__floor__() * UNIT + UNIT  # p + h > low
    return bottom, top


def _shown(p: F) -> str:
    return f"{float(p):.2f}"


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook")


def _status(book, rule_id: str, section: str, before: str, old: str, new: str,
            sample: str = "yangquan-czj-2024.json") -> str:
    rule = book.rule(rule_id)
    if section.startswith("自评表"):  # a form's printed field: set it; `before` names the form (the element)
        status, failed = outcome(rule, build_document(rule, {"sample": sample, "set": {section: new}}))
        return "fail" if before in failed else "pass"
    edit = {"replace": [[section, f"{before}{old}%", f"{before}{new}%"]]}
    return outcome(rule, build_document(rule, {"sample": sample, **edit}))[0]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_exact_boundary(book, case):
    rule_id, section, before, printed, (low, high), *sample = case
    bottom, top = _edges(low, high)
    assert bottom <= F(printed) <= top  # the sample's own figure is allowed
    for inside in (bottom, top):
        status = _status(book, rule_id, section, before, printed, _shown(inside), *sample)
        assert status in ("pass", "rounding"), (inside, status)
    for outside in (bottom - UNIT, top + UNIT):
        assert _status(book, rule_id, section, before, printed, _shown(outside), *sample) == "fail", outside


def test_n07a_boundary_where_the_sentence_states_no_final_amount(book):
    """N07a reads the completion rate against 公开05's total only where its sentence states no 决算 (one stated
    with it is N81's, above: the same wrong figure is reported once)."""
    rule = book.rule("N07a")
    bottom, top = _edges(*ratio("2014.44", "2011.30"))
    drop = ["情况说明.五", "年初预算2,011.30万元，支出决算2,014.44万元，完成", "年初预算2,011.30万元，完成"]

    def status(pct: F) -> str:
        edit = [drop, ["情况说明.五", "完成年初预算的100.16%", f"完成年初预算的{_shown(pct)}%"]]
        return outcome(rule, build_document(rule, {"sample": "yangquan-czj-2024.json", "replace": edit}))[0]
    for inside in (bottom, top):
        assert status(inside) in ("pass", "rounding"), inside
    for outside in (bottom - UNIT, top + UNIT):
        assert status(outside) == "fail", outside
    with_final = [["情况说明.五", "完成年初预算的100.16%", f"完成年初预算的{_shown(top + UNIT)}%"]]
    assert outcome(rule, build_document(rule, {"sample": "yangquan-czj-2024.json", "replace": with_final}))[0] == "pass"


@pytest.mark.parametrize("rule_id", ["Y01c"])
def test_boundary_of_a_rate_printed_without_its_percent_sign(book, rule_id):
    """“下降6.74。”: a rate right after its direction word with the % left out (Y07b warns of that) is still read
    as the rate, at the same exact interval; followed by a word instead of punctuation it is not read at all."""
    rule = book.rule(rule_id)
    before = "一般公共预算财政拨款支出减少145.57万元，下降"
    bottom, top = _edges(*rate("-145.57", "2014.44"))

    def status(new: str) -> str:
        edit = [["情况说明.五", f"{before}6.74%。", f"{before}{new}"]]
        return outcome(rule, build_document(rule, {"sample": "yangquan-czj-2024.json", "replace": edit}))[0]
    for inside in (bottom, top):
        assert status(f"{_shown(inside)}。") in ("pass", "rounding"), inside
    for outside in (bottom - UNIT, top + UNIT):
        assert status(f"{_shown(outside)}。") == "fail", outside
        assert status(f"{_shown(outside)}个百分点。") != "fail", outside  # not a rate the template reads


@pytest.mark.parametrize("rule_id,column", [("N02c", "上级补助收入"), ("N02d", "事业收入"), ("N02e", "经营收入"),
                                            ("N02f", "附属单位上缴收入")])
def test_boundary_of_an_income_share_the_sample_does_not_print(book, rule_id, column):
    """收入构成 shares the sample has no figure for: the income put into 公开02 and stated with its share, which is then
    moved to each edge of the interval 1,234.56 ÷ 2,014.44 allows and one unit beyond."""
    rule = book.rule(rule_id)
    bottom, top = _edges(*ratio("1234.56", "2014.44"))

    def status(pct: F) -> str:
        edit = {"sample": "yangquan-czj-2024.json", "set": {f"公开02.合计.{column}": "1234.56"},
                "replace": [["情况说明.二", "占比100.00%。", f"占比100.00%。{column}1,234.56万元，占比{_shown(pct)}%。"]]}
        return outcome(rule, build_document(rule, edit))[0]
    for inside in (bottom, top):
        assert status(inside) in ("pass", "rounding"), inside
    for outside in (bottom - UNIT, top + UNIT):
        assert status(outside) == "fail", outside


def test_boundary_of_a_rate_of_one_sangong_item(book):
    """Y01g: a 三公 item's stated rate against its change and 公开09's 决算数 (1.50 after a rise of 0.50: 50 % on a
    base of 1.00), at each edge of the interval the printed amounts allow and one unit beyond."""
    rule = book.rule("Y01g")
    bottom, top = _edges(*rate("0.50", "1.50"))
    said = "因公出国（境）费支出1.50万元，占17.65%；"

    def status(pct: F) -> str:
        edit = {"sample": "examples/sangong.json",
                "replace": [["情况说明.九", said, f"{said}因公出国（境）费支出决算增加0.50万元，增长{_shown(pct)}%；"]]}
        return outcome(rule, build_document(rule, edit))[0]
    for inside in (bottom, top):
        assert status(inside) in ("pass", "rounding"), inside
    for outside in (bottom - UNIT, top + UNIT):
        assert status(outside) == "fail", outside


@pytest.mark.parametrize("printed,said,reported", [
    ("100.00", "大于", False), ("100.00", "小于", False),  # [99.995, 100.005): either side, not judged
    ("100.01", "大于", False), ("100.01", "小于", True), ("99.99", "小于", False), ("99.99", "大于", True),
    ("100", "小于", False), ("100.5", "小于", True),  # 100 printed whole stands for [99.5, 100.5)
])
def test_y02_boundary_of_a_completion_rate_against_its_verdict(book, printed, said, reported):
    """Y02 reads 决算数大于/小于预算数 against the 完成预算% of the sentence before it when no amounts are stated
    there: a rate whose printed interval holds 100 says neither; one unit beyond 100 does."""
    rule = book.rule("Y02")
    edit = [["情况说明.五", "年初预算2,011.30万元，支出决算2,014.44万元，完成年初预算的100.16%。",
             f"完成年初预算的{printed}%。决算数{said}预算数的主要原因是工作调整。"]]
    status = outcome(rule, build_document(rule, {"sample": "yangquan-czj-2024.json", "replace": edit}))[0]
    assert (status == "fail") is reported, status
