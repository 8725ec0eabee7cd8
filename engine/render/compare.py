"""What must not change with the form or layout a disclosure comes in: every amount, and every finding (where it
was printed aside). Shared by the format-invariance tests and bench/forms.py."""
from __future__ import annotations

import re
from functools import lru_cache

from engine.checking.check import check
from engine.model import Disclosure

# 第12行, 第3页第40行, 第570、563行, 第285、286、287、288…行: where something was printed differs between forms
LOCATION = re.compile(r"（?第[\d、…]+[页行](?:第[\d、…]+行)?）?")
# Rules whose outcome a layout changes by design: C03* whether each table prints its 表号 (a layout without numbers
# or with 表五 prints none the catalogue knows), C02b whether the body keeps the 目录's order.
LAYOUT_RULES = re.compile(r"^(C03|C02b)")


@lru_cache(maxsize=1)
def _book():
    from engine.rules.loader import load_rulebook

    return load_rulebook()


def amounts(doc: Disclosure) -> dict[tuple[str, str, str], tuple[str, object]]:
    """(table, row, column) → (cell kind, value) for every cell of every table."""
    return {(t.id, r.key, k): (c.kind, c.value) for t in doc.tables.values() for r in t.rows for k, c in r.cells.items()}


def _as_catalogued(doc: Disclosure):
    """A finding's text with each table named by its catalogue title: a title printed with the unit name and year
    (阳泉市财政局2024年度收入决算表) names the same table, as a location does."""
    from engine.catalogue import load_catalogue

    tables = load_catalogue().tables
    names = {f"{t.id}《{t.title}》": f"{t.id}《{tables[t.id].title}》" for t in doc.tables.values()
             if t.title and t.id in tables and t.title != tables[t.id].title}

    def text(value: str) -> str:
        for printed, title in names.items():
            value = value.replace(printed, title)
        return value
    return text


def findings(doc: Disclosure) -> list[tuple]:
    """Every finding as (rule, severity, status, element, difference, message without locations), sorted; tables
    named by their catalogue titles."""
    named = _as_catalogued(doc)
    return sorted((f.rule, f.severity, f.status, named(f.element or ""), str(f.difference),
                   LOCATION.sub("", named(f.message))) for f in check(doc, _book()).findings)


def layout_independent(found: list[tuple]) -> list[tuple]:
    return [f for f in found if not LAYOUT_RULES.match(f[0])]


def differences(expected: dict, got: dict) -> list[str]:
    keys = sorted(set(expected) | set(got), key=str)
    return [f"{k}: {expected.get(k)} → {got.get(k)}" for k in keys if expected.get(k) != got.get(k)]
