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
    if "E" in text or "e" in text or "N" in text or not text[-1].isdigit():
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
    tol: Decimal = ZERO
    kind: Kind = "derived"

    @classmethod
    def printed(cls, value: Decimal) -> Amount:
        return cls(value, half_unit(value), "number")

    @classmethod
    def exact(cls, value: Decimal | int | str) -> Amount:
        return cls(Decimal(value), ZERO, "derived")

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.value + other.value, self.tol + other.tol)

    def __sub__(self, other: Amount) -> Amount:
        return Amount(self.value - other.value, self.tol + other.tol)

    def __neg__(self) -> Amount:
        return Amount(-self.value, self.tol)

    def __mul__(self, other: Amount) -> Amount:
        # First-order propagation: |b|·ta + |a|·tb (the ta·tb term is negligible at 0.005 widths).
        tol = abs(other.value) * self.tol + abs(self.value) * other.tol
        return Amount(self.value * other.value, tol)

    def __truediv__(self, other: Amount) -> Amount:
        if other.value == 0:
            raise NumberError("E401")
        try:
            quotient = self.value / other.value
        except (DivisionByZero, InvalidOperation) as exc:  # pragma: no cover - guarded above
            raise NumberError("E401") from exc
        # First-order: ta/|b| + |a|·tb/b².
        tol = self.tol / abs(other.value) + abs(self.value) * other.tol / (other.value * other.value)
        return Amount(quotient, tol)

    def __abs__(self) -> Amount:
        return Amount(abs(self.value), self.tol)

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
    (|a−b| ≤ ta+tb, or the rule's own absolute `tolerance`) allow it, fail otherwise. `!=` is exact."""
    diff = a.value - b.value
    tol = (a.tol + b.tol) if tolerance is None else tolerance
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
