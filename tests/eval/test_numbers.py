"""Interval arithmetic and rounding-aware comparison (engine/language/numbers.py)."""
from decimal import Decimal as D

import pytest
from hypothesis import given, strategies as st

from engine.language.numbers import Amount, NumberError, compare, exponent, half_unit


@pytest.mark.parametrize("printed, tol", [("134.68", "0.005"), ("570", "0.5"), ("2014.4", "0.05"), ("0.15", "0.005")])
def test_half_unit_of_last_printed_digit(printed, tol):
    assert half_unit(D(printed)) == D(tol)
    assert Amount.printed(D(printed)).tol == D(tol)


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [D("1E+2"), D("-0.00"), D("0E-7"), D("1.5e-9"), D("sNaN"), D("NaN12"), D("-Infinity"), D("123456789012345678901")]))
def test_exponent_read_from_the_printed_form_is_the_tuples(value):
    assert exponent(value) == value.as_tuple().exponent


def test_literals_are_exact():
    assert Amount.exact("3.5").tol == 0


def test_sum_and_difference_add_tolerances():
    a, b = Amount.printed(D("1.23")), Amount.printed(D("4.5"))
    assert (a + b).value == D("5.73") and (a + b).tol == D("0.055")
    assert (a - b).value == D("-3.27") and (a - b).tol == D("0.055")


def test_product_first_order_quotient_exact():
    a, b = Amount.printed(D("2.00")), Amount.printed(D("4.00"))
    assert (a * b).tol == D("4.00") * D("0.005") + D("2.00") * D("0.005")
    q = a / b
    assert q.value == D("0.5")
    # the exact interval of a/b: [1.995 / 4.005, 2.005 / 3.995], around 0.5 but not symmetric
    assert q.value + q.tol == D("2.005") / D("3.995")
    assert q.value - q.down == D("1.995") / D("4.005")
    assert q.tol > q.down


def test_division_by_zero_raises_number_error_with_code():
    with pytest.raises(NumberError) as err:
        Amount.exact(1) / Amount.exact(0)
    assert err.value.code == "E401"


def test_equal_exact_rounding_and_fail():
    total = Amount.printed(D("134.68"))
    items = Amount.printed(D("100.00")) + Amount.printed(D("34.69"))
    assert compare("==", total, total).outcome == "pass"
    r = compare("==", items, total)
    assert r.outcome == "rounding" and r.difference == D("0.01") and r.tolerance == D("0.015")
    assert compare("==", Amount.printed(D("1.00")), Amount.printed(D("1.02"))).outcome == "fail"


def test_rule_tolerance_overrides_interval():
    a, b = Amount.printed(D("1.00")), Amount.printed(D("1.02"))
    assert compare("==", a, b, D("0.05")).outcome == "rounding"
    assert compare("==", Amount.printed(D("1.00")), Amount.printed(D("1.01")), D("0")).outcome == "fail"


def test_ordering_within_rounding():
    a, b = Amount.printed(D("10.01")), Amount.printed(D("10.00"))
    assert compare("<=", a, b).outcome == "rounding"
    assert compare(">=", b, a).outcome == "rounding"
    assert compare("<=", b, a).outcome == "pass"
    assert compare("<", Amount.printed(D("10.02")), b).outcome == "fail"
    assert compare("!=", a, b).outcome == "pass"
    assert compare("!=", a, a).outcome == "fail"


def test_percent_compares_at_printed_precision():
    stated = Amount.printed(D("61.08"))  # a percent literal or text percentage
    computed = Amount.exact("1230.37") / Amount.exact("2014.44") * Amount.exact(100)  # 61.0775…
    assert compare("==", computed, stated).outcome == "pass"  # it rounds to the stated figure
    assert compare("==", computed, Amount.printed(D("61.07"))).outcome == "fail"
    assert compare("==", Amount.exact("61.09"), stated).outcome == "fail"


money = st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(money, money)
def test_a_sum_of_printed_terms_always_agrees_with_its_rounded_total(x, y):
    # Two exact amounts printed to 2 places and their total printed to 2 places: never a failure.
    total = Amount.printed((x + y).quantize(D("0.01")))
    assert compare("==", Amount.printed(x) + Amount.printed(y), total).outcome == "pass"


@given(money, money)
def test_outcome_is_pass_iff_exact(x, y):
    r = compare("==", Amount.printed(x), Amount.printed(y))
    assert (r.outcome == "pass") == (x == y)
    assert (r.outcome != "fail") == (abs(x - y) <= D("0.01"))


def test_a_sum_chain_keeps_a_quotients_skewed_interval():
    """`a + b - …` is compiled as one chain (compiler/operators.py _sum_chain): adding 0 to a quotient must not
    make its interval symmetric, or `q + 0 == c` and `q == c` disagree at the interval's edge (it did at 0.599920)."""
    from engine.functions.builtins import BUILTINS
    from engine.language.environment import Environment
    from tests.eval.fixtures import disclosure

    env, doc = Environment.build(functions=BUILTINS), disclosure()
    q = "公开01.一般公共服务支出/公开01.总计"
    for step in range(-100, 101):
        c = D("0.599940") + D(step) / D(1000000)
        alone = env.compile(f"{q} == {c}").run(doc).status
        forms = [f"{q} + 0 == {c}", f"0 + {q} == {c}", f"{q} - 0 == {c}", f"0 - {q} == -{c}", f"{q} + 0 - 0 == {c}"]
        assert [env.compile(e).run(doc).status for e in forms] == [alone] * len(forms), c
