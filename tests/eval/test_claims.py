"""Narrative claims: phrasing variants give the same claim; a clause whose subject or measure cannot be read gives
none (it never borrows another clause's figure)."""
from decimal import Decimal as D

import pytest

from engine.functions.claims import section_claims
from engine.model import Section


def _claims(text: str):
    return [(c.subject, c.measure, c.value, c.unit, c.direction) for c in section_claims(Section(number="五", title="t",
                                                                                                   text=text)) if c.attached]


@pytest.mark.parametrize("text", [
    "住房保障支出(类)84.70万元。", "住房保障支出（类）决算为 84.70 万元。", "住房保障支出(类)支出决算是84.70万元。",
    "住房保障支出共计84.70万元。", "住房保障支出为84.70万元。", "住房保障支出 84.70 万元。",
])
def test_phrasing_variants_give_one_claim(text):
    assert _claims(text) == [("住房保障支出", "决算", D("84.70"), "万元", None)]


def test_budget_final_rate_and_change_of_one_subject():
    text = ("卫生健康支出年初预算42.07万元，支出决算40.20万元，完成年初预算的95.56%。"
            "较上年决算增加1.02万元，增长2.6%。")
    assert _claims(text) == [
        ("卫生健康支出", "年初预算", D("42.07"), "万元", None), ("卫生健康支出", "决算", D("40.20"), "万元", None),
        ("卫生健康支出", "完成率", D("95.56"), "%", None), ("卫生健康支出", "增减额", D("1.02"), "万元", 1),
        ("卫生健康支出", "增减率", D("2.6"), "%", 1)]


def test_a_chain_names_the_item_and_its_parents():
    text = "1、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于缴存。年初预算为76.27万元，支出决算为84.70万元。"
    [budget, final] = section_claims(Section(number="五", title="t", text=text))
    assert (final.subject, final.measure, final.value) == ("住房公积金", "决算", D("84.70"))
    assert final.context == (("类", "住房保障支出"), ("款", "住房改革支出"))


def test_unreadable_clause_is_left_unattached():
    # no subject for the amount and nothing before it in its paragraph: no claim is made up
    [claim] = section_claims(Section(number="五", title="t", text="其中：84.70万元。"))
    assert not claim.attached
    # a percentage after a 决算 word states no amount: it is not read as one
    assert _claims("住房保障支出决算100.00%。") == []


def test_thresholds_and_years_are_not_claims():
    assert _claims("单价100万元（含）以上设备0台，2024年度。") == [("设备", "数量", D("0"), "台", None)]
