"""A stated percentage is wrong only when no value the printed amounts allow rounds to it (issue 18, class 2)."""
from decimal import Decimal as D
from fractions import Fraction as F

from hypothesis import given, settings, strategies as st

from engine.functions.builtins import BUILTINS
from engine.language.numbers import Amount, compare

percentage = BUILTINS.lookup("占比").impl


def _verdict(stated: str, part: str, whole: str) -> str:
    return compare("==", Amount.printed(D(stated)), percentage(Amount.printed(D(part)), Amount.printed(D(whole)))).outcome


def _reference(stated: str, part: str, whole: str) -> str:
    """The same verdict in exact rational arithmetic, written independently of the engine."""
    p, a, b = F(stated), F(part), F(whole)
    h = F(1, 2) * F(10) ** D(stated).as_tuple().exponent
    ha, hb = F(1, 200), F(1, 200)
    low, high = (a - ha) / (b + hb) * 100, (a + ha) / (b - hb) * 100
    centre = a / b * 100
    # half-up rounding of the centre to the stated places
    if p - h <= centre < p + h:
        return "pass"
    return "rounding" if high >= p - h and low < p + h else "fail"


def test_one_in_the_last_digit_is_an_error_not_a_rounding_note():
    # 1230.37 / 2014.44 = 61.07752…%, its interval [61.0771, 61.0779]: 61.08 right, 61.07 and 61.09 wrong
    assert _verdict("61.08", "1230.37", "2014.44") == "pass"
    assert _verdict("61.07", "1230.37", "2014.44") == "fail"
    assert _verdict("61.09", "1230.37", "2014.44") == "fail"


def test_small_amounts_allow_a_wider_interval():
    # 0.03 / 0.07: the amounts allow [0.025/0.075, 0.035/0.065] = [33.33…, 53.84…]%
    assert _verdict("42.86", "0.03", "0.07") == "pass"
    assert _verdict("33.33", "0.03", "0.07") == "rounding"  # [33.325, 33.335) holds 33.3333…
    assert _verdict("33.32", "0.03", "0.07") == "fail"  # [33.315, 33.325) ends below it: out of reach
    assert _verdict("53.85", "0.03", "0.07") == "rounding"
    assert _verdict("53.86", "0.03", "0.07") == "fail"


def test_exact_boundary_of_the_printed_interval():
    # A computed value exactly at p + h rounds up (half-up): p is wrong there; exactly at p − h it rounds to p.
    exact = Amount.exact
    assert compare("==", Amount.printed(D("61.08")), exact(D("61.085")) * exact(1)).outcome == "fail"
    assert compare("==", Amount.printed(D("61.08")), Amount(D("61.075"), D(0))).outcome == "pass"
    assert compare("==", Amount.printed(D("61.08")), Amount(D("61.0749999"), D(0))).outcome == "fail"
    # an interval whose top touches p − h exactly: some allowed value rounds to p
    assert compare("==", Amount.printed(D("61.08")), Amount(D("61.0700"), D("0.005"))).outcome == "rounding"
    assert compare("==", Amount.printed(D("61.08")), Amount(D("61.0700"), D("0.0049999"))).outcome == "fail"
    # an interval whose bottom touches p + h: that value rounds up, out of p's interval
    assert compare("==", Amount.printed(D("61.08")), Amount(D("61.0900"), D("0.005"))).outcome == "fail"
    assert compare("==", Amount.printed(D("61.08")), Amount(D("61.0900"), D("0.0050001"))).outcome == "rounding"


def test_printed_precision_is_the_statement_s_own():
    # 2.6% stands for [2.55, 2.65): 2.6425 rounds to 2.6 at one decimal, to 2.64 at two
    assert compare("==", Amount.printed(D("2.6")), Amount(D("2.6425"), D(0))).outcome == "pass"
    assert compare("==", Amount.printed(D("2.60")), Amount(D("2.6425"), D(0))).outcome == "fail"


def test_sums_of_printed_amounts_keep_their_verdicts():
    # same precision on both sides: the ordinary interval comparison (no rounding of a finer value involved)
    total, items = Amount.printed(D("134.68")), Amount.printed(D("100.00")) + Amount.printed(D("34.67"))
    assert compare("==", total, items).outcome == "rounding"


_CENTS = st.integers(min_value=1, max_value=10**7)


@settings(max_examples=300, deadline=None)
@given(a=_CENTS, b=_CENTS, offset=st.integers(min_value=-3, max_value=3), places=st.sampled_from([0, 1, 2]))
def test_matches_exact_rational_reference(a, b, offset, places):
    part, whole = D(a).scaleb(-2), D(b + a).scaleb(-2)  # part ≤ whole, both printed to 2 decimals
    centre = part / whole * 100
    unit = D(1).scaleb(-places)
    stated = centre.quantize(unit, rounding="ROUND_HALF_UP") + offset * unit
    if stated < 0:
        return
    s = str(stated)
    assert _verdict(s, str(part), str(whole)) == _reference(s, str(part), str(whole))
