"""Interval numbers: a printed amount stands for ±half a unit of its last printed digit (domain.md §3)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Literal

Kind = Literal["number", "blank", "na", "text", "missing", "derived"]
Outcome = Literal["pass", "rounding", "fail"]

ZERO = Decimal(0)
HALF = Decimal("0.5")


class NumberError(ArithmeticError):
    """Raised for division by zero; the evaluator turns it into an `error` finding."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def exponent(value: Decimal) -> int | str:
    """`value.as_tuple().exponent` (134.68 -> -2; 'n', 'N' or 'F' for NaN, sNaN, Infinity), read from the printed
    form when it is plain digits: a tenth of the cost of building the digit tuple."""
    text = str(value)
    if "E" in text or "e" in text or not value.is_finite():  # is_finite: one test for NaN, sNaN and Infinity
        return value.as_tuple().exponent
    dot = text.find(".")
    return 0 if dot < 0 else dot + 1 - len(text)


_HALVES: dict[int | str, Decimal] = {}  # exponent -> half a unit of it (a handful of exponents; scaleb costs 5× a dict look-up)


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit: 134.68 -> 0.005, 570 -> 0.5."""
    places = exponent(value)
    half = _HALVES.get(places)
    if half is None:
        # NaN / Infinity never come from a printed amount
        half = _HALVES[places] = HALF.scaleb(places) if isinstance(places, int) else ZERO
    return half


# Values of the evaluator are never mutated, but not frozen: a frozen dataclass costs 2.5× as much to construct
# (measured: 970 vs 395 ns), and the evaluator builds hundreds of thousands per batch of documents.
@dataclass(slots=True, unsafe_hash=True)
class Amount:
    """A value with an absolute tolerance (half-width). `kind` keeps absence visible:
    blank/na cells count as 0 in arithmetic, `missing` (no such row) cannot be used as a number."""

    value: Decimal
    tol: Decimal = ZERO  # half-width; above the value when `below` is set
    kind: Kind = "derived"
    below: Decimal | None = None  # the distance below the value when the interval is not symmetric (a quotient)

    @classmethod
    def printed(cls, value: Decimal) -> Amount:
        return cls(value, half_unit(value), "number")

    @classmethod
    def exact(cls, value: Decimal | int | str) -> Amount:
        return cls(Decimal(value), ZERO, "derived")

    def __add__(self, other: Amount) -> Amount:
        if self.below is None and other.below is None:
            return Amount(self.value + other.value, self.tol + other.tol)
        return Amount(self.value + other.value, self.tol + other.tol, "derived", self.down + other.down)

    def __sub__(self, other: Amount) -> Amount:
        if self.below is None and other.below is None:
            return Amount(self.value - other.value, self.tol + other.tol)
        return Amount(self.value - other.value, self.tol + other.down, "derived", self.down + other.tol)

    def __neg__(self) -> Amount:
        return Amount(-self.value, self.tol) if self.below is None else Amount(-self.value, self.below, "derived",
                                                                                 self.tol)

    def __mul__(self, other: Amount) -> Amount:
        # First-order propagation: |b|·ta + |a|·tb (the ta·tb term is negligible at 0.005 widths); the wider side
        # of an asymmetric interval, so the result still holds every value the operands allow.
        tol = abs(other.value) * max(self.tol, self.down) + abs(self.value) * max(other.tol, other.down)
        return Amount(self.value * other.value, tol)

    def __truediv__(self, other: Amount) -> Amount:
        if other.value == 0:
            raise NumberError("E401")
        try:
            quotient = self.value / other.value
        except (DivisionByZero, InvalidOperation) as exc:  # pragma: no cover - guarded above
            raise NumberError("E401") from exc
        if not (self.tol or other.tol or self.below or other.below):
            return Amount(quotient)
        # The exact interval of a/b over both intervals (its corners), kept asymmetric: a stated percentage is judged
        # against exactly what the printed amounts allow (issue 18), not a first-order approximation of it.
        a_lo, a_hi = self.value - self.down, self.value + self.tol
        b_lo, b_hi = other.value - other.down, other.value + other.tol
        if b_lo <= 0 <= b_hi:  # the divisor's interval holds 0: first-order, as wide as it gets
            tol = self.tol / abs(other.value) + abs(self.value) * other.tol / (other.value * other.value)
            return Amount(quotient, tol)
        corners = (a_lo / b_lo, a_lo / b_hi, a_hi / b_lo, a_hi / b_hi)
        return Amount(quotient, max(corners) - quotient, "derived", quotient - min(corners))

    @property
    def down(self) -> Decimal:
        """How far below the value the interval reaches."""
        return self.tol if self.below is None else self.below

    def scaled(self, factor: Decimal) -> Amount:
        """The value times a positive exact factor (×100 for a percentage), keeping an asymmetric interval."""
        below = None if self.below is None else self.below * factor
        return Amount(self.value * factor, self.tol * factor, "derived", below)

    def __abs__(self) -> Amount:
        return -self if self.value < 0 else Amount(self.value, self.tol, "derived", self.below)

    def rounded(self, places: int) -> Amount:
        q = Decimal(1).scaleb(-places)
        # Rounding adds up to half a unit of the new last place.
        return Amount(self.value.quantize(q, rounding="ROUND_HALF_UP"), self.tol + HALF * q)


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class Comparison:
    """The verdict of one comparison with what it compared."""

    outcome: Outcome
    op: str
    left: Decimal
    right: Decimal
    difference: Decimal
    tolerance: Decimal


def compare(op: str, a: Amount, b: Amount, tolerance: Decimal | None = None) -> Comparison:
    """Compare two intervals: pass when the values satisfy `op` exactly, rounding when only the intervals
    (|a−b| ≤ ta+tb, or the rule's own absolute `tolerance`) allow it, fail otherwise. `!=` is exact.
    A printed figure said equal to a computed one with more decimals is judged by `stated` instead."""
    if op == "==" and tolerance is None:
        if a.kind == "number" and b.kind == "derived" and _finer(b.value, a.value):
            return stated(a, b)
        if b.kind == "number" and a.kind == "derived" and _finer(a.value, b.value):
            flipped = stated(b, a)
            return Comparison(flipped.outcome, op, a.value, b.value, -flipped.difference, flipped.tolerance)
    diff = a.value - b.value
    # the sides of the two intervals that face each other: a quotient's interval is asymmetric (numbers.__truediv__),
    # and its wider side must not stand for the narrower one (a rate of exactly 50.0 allows 49.0099…51.0101)
    facing = (a.tol + b.down) if diff < 0 else (a.down + b.tol)
    tol = facing if tolerance is None else tolerance
    exact = EXACT[op](diff)
    if exact:
        outcome: Outcome = "pass"
    elif op == "!=":
        outcome = "fail"
    else:
        outcome = "rounding" if _WITHIN[op](diff, tol) else "fail"
    return Comparison(outcome, op, a.value, b.value, diff, tol)


EXACT = {
    "==": lambda d: d == 0,
    "!=": lambda d: d != 0,
    "<": lambda d: d < 0,
    "<=": lambda d: d <= 0,
    ">": lambda d: d > 0,
    ">=": lambda d: d >= 0,
}
# When the exact test fails: could some values inside the two intervals satisfy op?
_WITHIN = {
    "==": lambda d, t: abs(d) <= t,
    "<": lambda d, t: d < t,
    "<=": lambda d, t: d <= t,
    ">": lambda d, t: -d < t,
    ">=": lambda d, t: -d <= t,
}


def _finer(computed: Decimal, printed: Decimal) -> bool:
    """The computed value has more decimals than the printed one (a ratio against a figure printed from it)."""
    c, p = exponent(computed), exponent(printed)
    return isinstance(c, int) and isinstance(p, int) and c < p


def stated(printed: Amount, computed: Amount) -> Comparison:
    """A printed figure (61.08%) against the value computed from printed amounts. It stands for [p − h, p + h) at
    its printed precision (half-up rounding); the computed value's interval is exactly what its amounts allow.
    pass: the computed value rounds to the printed one; rounding: some value the amounts allow rounds to it;
    fail: none does. No other tolerance is added (rounding the computed value first would double it)."""
    p, h, c = printed.value, printed.tol, computed.value
    diff = p - c
    if c.quantize(p, rounding="ROUND_HALF_UP") == p:
        return Comparison("pass", "==", p, c, diff, h + computed.tol)
    # computed interval [c − down, c + up] against the printed [p − h, p + h)
    reach = h + computed.tol if diff > 0 else h + computed.down
    overlaps = c + computed.tol >= p - h and c - computed.down < p + h
    return Comparison("rounding" if overlaps else "fail", "==", p, c, diff, reach)
