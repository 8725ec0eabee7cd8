"""Changing any amount of the sample's tables by 1.00 must raise at least one new warning or error."""
from engine.checking.coverage import unread_cells
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook


def test_every_amount_cell_is_checked_by_some_rule():
    doc = load_disclosure(sample("yangquan-czj-2024.json"))
    missed = unread_cells(load_rulebook(), doc)
    print("\n".join(missed))
    assert missed == []
