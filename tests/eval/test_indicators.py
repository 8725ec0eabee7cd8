"""Printed 绩效指标 values: when a 全年完成值 meets its 年度指标值, and when a stated figure contradicts it."""
from decimal import Decimal as D

import pytest
from hypothesis import given, strategies as st

from engine.functions.indicators import contradicts, meets, parse, stated_figure, stated_words
from engine.functions.reasons import direction

# (actual, target, expected): True met, False clearly unmet, None not decidable (never a finding)
PAIRS = [
    ("2次", "≥5次", False),  # the sample's form 3
    ("500人", "≥2000人", False),
    ("", "0%", False),  # blank actual against a printed target
    ("5次", "≥5次", True),
    ("9次", "≥2次", True),
    ("10次", "≥10次/年", True),  # /年: the forms are annual
    ("≥10次/年", "≥10次/年", True),
    ("≥12次", "≥10次", True),  # a bound that already meets the target
    ("≥8次", "≥10次", None),  # a bound below it says nothing
    ("1,000人", "≥1000人", True),
    ("95%", "≥95%", True),
    ("94.9%", "≥95%", False),
    ("95%以上", "≥95%", True),
    ("约95%", "≥95%", None),  # 约 = approximately: not decidable
    ("0", "约15张", None),
    ("20名", "≤21名", True),  # ≤: lower is better
    ("22名", "≤21名", False),
    ("0%", "0%", True),  # 发生率-type: 0 target, lower is better
    ("0.5%", "0%", False),
    ("3", "≤2", False),
    ("3个", "3个", True),
    ("2个", "3个", False),  # a plain count target means at least it
    ("4个", "3个", True),
    ("0", "≥4台", False),  # a bare 0 matches any unit
    ("5人", "≥5次", None),  # units differ
    ("80平米", "≥100平方米", False),  # unit aliases
    ("2000人次", "≥2000人", True),
    ("350元/天/人", "380元/天/人", None),  # a plain cost: direction unknown
    ("380元/天/人", "380元/天/人", True),
    ("2天", "3天", None),  # a plain duration: direction unknown
    ("4天", "≤3天", False),
    ("11月底前", "12月底前", True),  # deadlines are text: met when non-empty and not negative
    ("有效提升", "有效提升", True),
    ("持续提升", "有效提升", True),
    ("未完成", "完成", False),
    ("不合格", "合格", False),
    ("未完成", "≥5次", False),  # a negative word against a number
    ("较好", "≥95%", None),  # words against a number
    ("5次", "", None),  # no target
    ("", "", None),
]


@pytest.mark.parametrize("actual, target, expected", PAIRS)
def test_meets(actual, target, expected):
    assert meets(actual, target) is expected


@pytest.mark.parametrize("actual, target, name, expected", [
    ("2%", "5%", "差错率", True),  # the name says less is better: a plain target is a ceiling
    ("2%", "5%", "培训覆盖率", False),
    ("6%", "5%", "投诉率", False),
    ("350元/天/人", "380元/天/人", "培训成本", True),  # a cost under its name: lower is better
    ("400元/天/人", "380元/天/人", "培训成本", False),
    ("3天", "5天", "办理时长", True),
    ("6次", "≥5次", "事故处理次数", True),  # a written comparator wins over the name
])
def test_the_name_tells_when_less_is_better(actual, target, name, expected):
    assert meets(actual, target, name) is expected


def test_parse_keeps_decimal_and_normalises_units():
    assert parse("≥8438.41平方米") == parse("≥8438.41平米")
    p = parse("不低于95%")
    assert (p.op, p.value, p.unit) == (">=", D("95"), "%") and isinstance(p.value, D)
    assert parse("2024年年底之前") is None and parse("受托审计1个月内") is None


CONCLUSION = "1、开展业务培训场次8场，培训总人数500人次，极大提高了；2、完成专项监督检查场次8次；3、资料印制量9000份"


@pytest.mark.parametrize("name, figure, actual, clash", [
    ("培训场次", "8场", "≥10次/年", True),  # 场 and 次 count the same thing
    ("培训人数", "500人次", "≥1000人/年", True),  # a small gap: 培训[总]人数
    ("专项检查场次", "8次", "≥8次/年", False),  # 专项[监督]检查场次 agrees
    ("资料印制", "9000份", "≥9000份/年", False),
    ("会计监督检查单位", "", "3个", False),  # not stated: nothing to compare
    ("培训", "", "≥10次", False),  # too short a name to look for
])
def test_stated_figures_against_actuals(name, figure, actual, clash):
    assert stated_figure(CONCLUSION, name) == figure
    assert contradicts(figure, actual) is clash


def test_contradicts_is_conservative():
    assert contradicts("12次", "10次") and not contradicts("10次", "10次")  # a plain actual is equalled
    assert not contradicts("约8场", "≥10次")  # approximately
    assert not contradicts("8人", "≥10次")  # incompatible units
    assert contradicts("500人参加", "≥1000人")  # the unit may run into the next word
    assert stated_words(CONCLUSION, "培训人数") == "培训总人数500人次"


@pytest.mark.parametrize("reason, sign", [
    ("在职人员的增加以及政策性增资使得住房公积金缴费基数增大", 1),
    ("项目经费支出减少", -1),
    ("本年度离退休人员经费在本功能科目下核算", 0),  # no direction words
    ("人员增加，但公用经费压减", 0),  # both directions
    ("未增加人员，缴费基数下降", 0),  # a negated word: undecided
])
def test_reason_direction(reason, sign):
    assert direction(reason) == sign


@given(st.text(max_size=30), st.text(max_size=30))
def test_any_text_is_decided_or_left_undecided(actual, target):
    assert meets(actual, target) in (True, False, None)
    assert contradicts(actual, target) in (True, False)
    assert isinstance(stated_figure(actual + target, target), str)


@given(st.text(max_size=30), st.text(max_size=10))
def test_an_actual_equal_to_its_target_is_never_unmet(printed, name):
    assert meets(printed, printed, name) is not False or not printed.strip()
