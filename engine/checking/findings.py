"""The report a check produces: findings with the cells they rest on. Its JSON form is stable and documented."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, Field, PrivateAttr, field_serializer

from engine.language.numbers import exponent

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_set = object.__setattr__
_M = TypeVar("_M", bound=BaseModel)


def built(cls: type[_M], **values: Any) -> _M:
    """A model from values the evaluator has already typed, every field given: nothing validated, no defaults to
    fill (model_construct costs 5.8 µs a call, this 2.5 µs; a check builds hundreds per document)."""
    if len(values) != len(cls.__pydantic_fields__):  # callers name every field (a test checks what they build)
        raise TypeError(f"{cls.__name__}: every field must be given")
    return _filled(cls.__new__(cls), values, _every_field(cls))


# Every field is given, so every built model of a class has the same fields set: one set per class, not one per
# model (~150 a document, each an object the cycle collector walks). Shared safely: pydantic only ever adds a field
# to it (already there) and copies it for model_copy.
_EVERY_FIELD: dict[type, set[str]] = {}


def _every_field(cls: type[BaseModel]) -> set[str]:
    found = _EVERY_FIELD.get(cls)
    if found is None:
        found = _EVERY_FIELD[cls] = set(cls.__pydantic_fields__)
    return found


def _filled(model: _M, values: dict[str, Any], fields: set[str]) -> _M:
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


_SHOWN = Decimal("0.0001")


def printed(value: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """An amount at the precision a report prints: as printed, or 4 decimals at most for a computed one (a ratio,
    a propagated tolerance, which is rounded up so it never understates what was allowed)."""
    if exponent(value) < -4:  # type: ignore[operator]  # a finite Decimal: an int exponent
        return value.quantize(_SHOWN, rounding=rounding).normalize()
    return value


class Ref(BaseModel):
    table: str | None = None
    row: str | None = None
    column: str | None = None
    label: str | None = None
    value: Decimal | None = None
    text: str | None = None  # printed words where the value is text (a 绩效指标 cell, a quoted reason)
    source: str | None = None  # "第183行" / "第3页第12行"
    line: int | None = None
    # PDF only: [page, x0, top, x1, bottom] in PDF points (top-left origin): the HTML report outlines it on the page
    box: tuple[int, float, float, float, float] | None = Field(default=None, exclude_if=lambda v: v is None)

    @field_serializer("value")
    def _text(self, value: Decimal | None) -> str | None:
        return None if value is None else str(value)


_new_ref = Ref.__new__
_REF_FIELDS = _every_field(Ref)


def ref(table: str | None, row: str | None, column: str | None, label: str | None, value: Decimal | None,
        text: str | None, source: str | None, line: int | None, box: tuple[int, float, float, float, float] | None) -> Ref:
    """`built(Ref, …)` with every field in order, without the keyword dict and its count (a check builds ~140 Refs a
    document; 1.7 µs against 2.3)."""
    return _filled(_new_ref(Ref), {"table": table, "row": row, "column": column, "label": label, "value": value,
                                   "text": text, "source": source, "line": line, "box": box}, _REF_FIELDS)


class Finding(BaseModel):
    rule: str
    name: str
    severity: str  # error | warning | info
    category: str
    status: str  # fail | rounding | error | not_checkable
    message: str
    element: str | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    basis: str | None = None
    refs: list[Ref] = Field(default_factory=list)
    fingerprint: str | None = None  # engine/checking/fingerprint.py: stable across re-checks of the same problem

    @field_serializer("difference", "tolerance")
    def _text(self, value: Decimal | None) -> str | None:
        return None if value is None else format(value, "f")  # check() keeps them at printed precision


class Summary(BaseModel):
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    rules: int = 0
    passed: int = 0
    not_checkable: int = 0
    not_applicable: int = 0


class ReadingNote(BaseModel):
    """A table, part or form the import could not read fully (or did not find): what the check could not rely on."""

    item: str
    status: str  # partly_read | unreadable | absent
    reason: str = ""


class Report(BaseModel):
    file: str | None = None
    unit: str | None = None  # 单位名称
    rulebook: str | None = None  # "id version", as printed in the table report's head line
    rulebook_version: str | None = None
    tool: str | None = None  # "rulebook 0.1.0": which engine produced the report
    checked_at: str | None = None  # UTC, ISO 8601 to the second
    summary: Summary = Field(default_factory=Summary)
    reading: list[ReadingNote] = Field(default_factory=list)  # only what was not read fully
    findings: list[Finding] = Field(default_factory=list)
    # rule id -> (outcome, reason): pass | fail | rounding | not_applicable | not_checkable (reason: the missing
    # table). Not in the JSON (the findings say it); JUnit and SARIF list every rule with it.
    _outcomes: dict[str, tuple[str, str]] = PrivateAttr(default_factory=dict)

    # "unread" / "missing" → item → the rule ids its note (rule "-") lists: what a check judging a rule over possible
    # readings carries over from each reading's report (engine/checking/readings.py). Not in the JSON either.
    _notes: dict[str, dict[str, list[str]]] = PrivateAttr(default_factory=dict)

    @property
    def outcomes(self) -> dict[str, tuple[str, str]]:
        return self._outcomes

    @property
    def notes(self) -> dict[str, dict[str, list[str]]]:
        return self._notes

    def __eq__(self, other: object) -> bool:
        """Reports are equal when their fields are (the per-rule outcomes are derived and not part of the JSON)."""
        if not isinstance(other, Report):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def worst(self) -> str | None:
        levels = [f.severity for f in self.findings]
        return min(levels, key=SEVERITY_ORDER.__getitem__) if levels else None

    def reaches(self, level: str) -> bool:
        """True when some finding is at `level` or worse (the CLI's --fail-on)."""
        return any(SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[level] for f in self.findings)


def new_report(*, file: str | None, unit: str | None, rulebook: str | None, rulebook_version: str | None,
               tool: str | None, checked_at: str | None, summary: Summary, reading: list[ReadingNote],
               findings: list[Finding], outcomes: dict[str, tuple[str, str]],
               notes: dict[str, dict[str, list[str]]]) -> Report:
    """A check's report from values it has typed, nothing validated (Report(...) validates and fills its defaults:
    ~25 µs a document, this ~3)."""
    report = built(Report, file=file, unit=unit, rulebook=rulebook, rulebook_version=rulebook_version, tool=tool,
                   checked_at=checked_at, summary=summary, reading=reading, findings=findings)
    _set(report, "__pydantic_private__", {"_outcomes": outcomes, "_notes": notes})
    return report
