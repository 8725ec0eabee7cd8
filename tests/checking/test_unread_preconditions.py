"""A rule's 适用 condition decided from a table the import could not read is not "does not apply": the rule is 不可核
with that table named (三公表有数据 of a 公开09 printed but unreadable must not silence the 三公 rules)."""
from __future__ import annotations

from pathlib import Path

from engine.checking.check import check
from engine.importers import load_disclosure
from engine.model import Reading
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]


def _sangong(reading: str | None):
    """The 三公 example with 公开09 printed empty: read so (reading None), or as the import of an unreadable table
    leaves it (no rows, its reading status `reading`)."""
    doc = load_disclosure(ROOT / "rulebook" / "examples" / "sangong.json")
    doc.tables["公开09"].rows = []
    if reading:
        doc.reading = [Reading(item="公开09", kind="table", status=reading, reason="印出的金额未能归入行列")]
    return doc


def test_a_condition_on_an_unreadable_table_makes_its_rules_not_checkable():
    book = load_rulebook(ROOT / "rulebook" / "default.yaml")
    read = check(_sangong(None), book).outcomes
    unread = check(_sangong("unreadable"), book).outcomes
    # rules that do not apply to a 公开09 read and printed empty, because their 适用 condition reads 公开09
    silenced = [rule.id for rule in book.rules if rule.precondition and "公开09" in rule.precondition.tables
                and read[rule.id][0] == "not_applicable"]
    assert "N10a" in silenced
    for rule_id in silenced:
        assert unread[rule_id] == ("not_checkable", "公开09"), rule_id
