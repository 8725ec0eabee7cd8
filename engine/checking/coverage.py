"""What the rulebook's tests leave uncovered: rules without a failing example, sample cells no rule checks."""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from engine.rules.examples import EXPECT, normalise_example
from engine.checking.check import check
from engine.model import Cell, Disclosure
from engine.resources import sample
from engine.rules.loader import Rulebook

DEFAULT_SAMPLE = "yangquan-czj-2024.json"


def lacking_failing_examples(book: Rulebook) -> list[str]:
    def fails(raw: dict) -> bool:
        try:
            return EXPECT.get(str(normalise_example(raw).get("expect", ""))) == "fail"
        except Exception:  # a malformed example is lint's business, not coverage's
            return False

    return [rule.id for rule in book.rules if not any(fails(raw) for raw in rule.examples)]


def amount_cells(doc: Disclosure) -> Iterator[tuple[str, str, str, Cell]]:
    for table_id, table in sorted(doc.tables.items()):
        for row in table.rows:
            for column, cell in row.cells.items():
                if cell.kind == "number":
                    yield table_id, row.key, column, cell


def _alarms(doc: Disclosure, book: Rulebook) -> set[tuple]:
    return {(f.rule, f.element, f.message) for f in check(doc, book).findings if f.severity in ("error", "warning")}


def unread_cells(book: Rulebook, doc: Disclosure | None = None, delta: Decimal = Decimal("1.00")) -> list[str]:
    """Cells whose change by `delta` makes no new warning or error appear."""
    if doc is None:
        from engine.importers import load_disclosure

        doc = load_disclosure(sample(DEFAULT_SAMPLE))
    baseline = _alarms(doc, book)
    missed = []
    for table_id, row_key, column, cell in list(amount_cells(doc)):
        original = cell.value
        cell.value = original + delta  # type: ignore[operator]  # amount_cells gives printed numbers
        try:
            if not _alarms(doc, book) - baseline:
                missed.append(f"{table_id}[{row_key}].{column} = {original}（{cell.source}）")
        finally:
            cell.value = original
    return missed


def claim_coverage(book: Rulebook, doc: Disclosure | None = None) -> dict:
    """Numbers printed in 情况说明: how many are attached to a claim (engine/functions/claims.py), how many of those
    some rule reads (a rule's traced run quotes the number at its line), and the ones left unattached or unread."""
    from engine.functions.claims import document_claims

    if doc is None:
        from engine.importers import load_disclosure

        doc = load_disclosure(sample(DEFAULT_SAMPLE))
    read: set[tuple] = set()
    for rule in book.rules:
        result = rule.compiled.value(doc)
        read |= {(ref.source, abs(ref.value)) for ref in result.refs
                 if ref.table is None and isinstance(ref.value, Decimal)}
    claims = document_claims(doc)
    attached = [c for c in claims if c.attached]
    used = [c for c in attached if (c.source, c.value) in read]
    return {"numbers": len(claims), "attached": len(attached), "read": len(used),
            "unattached": [c for c in claims if not c.attached],
            "unread": [c for c in attached if (c.source, c.value) not in read]}
