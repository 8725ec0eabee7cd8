"""A printed amount's bound (model.AMOUNT_DIGITS) is decided from its printed form when that settles it: the model
must refuse exactly what pydantic's max_digits plus the places check refused before, with the same error. The
reference below is that former definition, kept here only to compare against."""
from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest
from pydantic import ConfigDict, Field, ValidationError, field_validator
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from engine.model import AMOUNT_DIGITS, Cell


@dataclass(slots=True, kw_only=True, config=ConfigDict(extra="forbid"))
class _Reference:
    kind: str
    value: Decimal | None = Field(default=None, max_digits=AMOUNT_DIGITS)

    @field_validator("value")
    @classmethod
    def _places(cls, value: Decimal | None) -> Decimal | None:
        exponent = None if value is None else value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -AMOUNT_DIGITS:
            raise PydanticCustomError("decimal_max_digits", "Decimal input should have no more than {max_digits} "
                                      "digits in total", {"max_digits": AMOUNT_DIGITS})
        return value


def _values(seed: int = 3) -> list:
    """Plain amounts at and around 30 characters and digits, exponents both ways, zeros, signs, JSON numbers."""
    rng = random.Random(seed)
    out: list = ["0", "-0", "0.00", "1E-999999999", "1E+999999999", "0E-40", "0E-30", "0E-31", "1E+29", "1E+30",
                 "1.5", "2014.40", "-12.30", "1" + "0" * 40, "1." + "0" * 40, "0." + "0" * 28 + "1",
                 "0." + "0" * 29 + "1", "0." + "0" * 30 + "1", "NaN", "Infinity", "-inf", "1e-5", "12e3", "", "x",
                 0.1, 1e-40, 12, 10 ** 31, -3.25]
    for _ in range(3000):
        whole = rng.randint(0, 32)
        places = rng.choice([0, rng.randint(0, 33)])
        digits = "".join(rng.choice("0123456789") for _ in range(whole + places)) or "0"
        text = (digits[:whole] or "0") + ("." + digits[whole:] if places else "")
        if rng.random() < 0.2:
            text = "-" + text
        if rng.random() < 0.2:
            text += f"E{rng.randint(-45, 45):+d}"
        out.append(text)
    return out


def _outcome(validate, raw) -> tuple:
    try:
        return ("ok", str(validate(raw).value))
    except ValidationError as exc:
        return ("refused", [(e["type"], e["loc"], e["msg"], e["input"], e.get("ctx")) for e in exc.errors()])


@pytest.mark.parametrize("mode", ["json", "python"])
def test_the_model_refuses_exactly_what_the_former_bounds_refused(mode):
    checked = refused = 0
    for raw in _values():
        if mode == "json":
            text = json.dumps({"kind": "number", "value": raw})
            got = _outcome(Cell.__pydantic_validator__.validate_json, text)
            want = _outcome(_Reference.__pydantic_validator__.validate_json, text)
        else:
            data = {"kind": "number", "value": Decimal(raw) if isinstance(raw, str) and _decimal(raw) else raw}
            got = _outcome(Cell.__pydantic_validator__.validate_python, data)
            want = _outcome(_Reference.__pydantic_validator__.validate_python, data)
        assert got == want, raw
        checked += 1
        refused += got[0] == "refused"
    assert refused > 300 and checked - refused > 300  # both sides of the bound were reached


def _decimal(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True
