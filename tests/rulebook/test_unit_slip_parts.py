"""金额单位疑误 by a 其中 breakdown (N80): an amount printed in 元 whose digits appear nowhere in 万元 is still a
slip when, read in 万元, it makes the parts listed after 其中 add up to their whole. Generated sentences on the real
sample, as a checker writes them; the controls (printed right, or a genuine 元 amount) are not reported."""
import random
from decimal import Decimal
from pathlib import Path

import pytest

from engine.rules.examples import build_document, outcome
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
OLD = "2024年度财政拨款基本支出1,230.37万元，其中："  # yangquan 情况说明.六 opens with it; the generated sentence goes there


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook")


def _n80(book, sentence: str) -> str:
    rule = book.rule("N80")
    doc = build_document(rule, {"sample": "yangquan-czj-2024.json", "replace": [["情况说明.六", OLD, sentence]]})
    return outcome(rule, doc)[0]


def _sentences(seed: int) -> tuple[str, str, str]:
    """(a part printed in 元, the same in 万元, a genuine 元 amount): whole = part + other, each printed once."""
    rng = random.Random(seed)
    part = Decimal(rng.randrange(100000, 9000000)) / 100 + Decimal("0.37")  # digits no table of the sample holds
    other = Decimal(rng.randrange(1000, 90000)) / 100
    whole = part + other
    tail = f"主要包括办公费、差旅费{other / 3:.2f}万元。"
    slip = f"基本支出{whole}万元。其中：人员经费{part}元，主要包括工资福利支出{part - 1}万元；公用经费{other}万元，{tail}"
    right = slip.replace(f"{part}元", f"{part}万元")
    genuine = slip.replace(f"{part}元", f"{part * 10000:.0f}元")
    return slip, right, genuine


@pytest.mark.parametrize("seed", range(4))
def test_a_part_printed_in_yuan_is_reported_only_when_it_completes_the_whole(book, seed):
    slip, right, genuine = _sentences(seed)
    assert _n80(book, slip) == "fail"
    assert _n80(book, right) == "pass"
    assert _n80(book, genuine) == "pass"


def test_a_yuan_amount_that_completes_nothing_is_not_reported(book):
    """A 其中 list whose parts do not add to the whole either way: no reading makes it a slip."""
    assert _n80(book, "基本支出500.00万元。其中：人员经费1234.56元；公用经费100.00万元。") == "pass"


def test_a_nested_breakdown_ends_at_the_outer_lists_semicolon(book):
    """Review: an inner 其中 (离休费 within 人员经费) lists its parts up to the ； that closes it, not to the end of the
    sentence: 公用经费 is the outer list's next part, so 300 元 completes nothing. The outer list itself may be
    separated by ；, and a slip among its parts is still caught."""
    assert _n80(book, "基本支出500.00万元，其中：人员经费400.00万元，其中离休费300元；公用经费100.00万元。") == "pass"
    assert _n80(book, "基本支出500.00万元，其中：人员经费400.00元；公用经费100.00万元。") == "fail"
