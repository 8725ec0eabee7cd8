"""The hand-written small disclosures: the consistent one raises nothing, each defective one exactly its defect."""
import pytest

from engine.checking.check import check
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook

BOOK = load_rulebook()


def _alarms(name: str) -> list[tuple[str, str | None]]:
    report = check(load_disclosure(sample(name)), BOOK)
    return sorted((f.rule, f.element) for f in report.findings if f.severity != "info")


CROSS_YEAR = [r.id for r in BOOK.rules if r.category == "跨年度"]  # need last year's disclosure (check --previous)


def test_a_consistent_complete_disclosure_raises_nothing():
    """Nothing is found; only the cross-year rules are not checkable, in their one group, without last year's file."""
    report = check(load_disclosure(sample("consistent.json")), BOOK)
    assert [(f.category, f.status) for f in report.findings] == [("跨年度", "not_checkable")]
    assert report.findings[0].message.endswith("：" + "、".join(CROSS_YEAR))
    assert report.summary.not_checkable == len(CROSS_YEAR) and report.summary.errors == report.summary.warnings == 0


@pytest.mark.parametrize("name, expected", [
    ("defect-sum.json", [("H02c", "20101 人大事务"), ("T11", "2010101 行政运行")]),
    ("defect-text.json", [("N01", None)]),
    ("defect-missing-table.json", [("C01h", None)]),
])
def test_each_defect_is_found_and_nothing_else(name, expected):
    assert _alarms(name) == expected


def test_a_missing_table_is_reported_once_with_every_rule_it_stops():
    report = check(load_disclosure(sample("defect-missing-table.json")), BOOK)
    notes = [f for f in report.findings if f.status == "not_checkable" and f.category != "跨年度"]
    assert len(notes) == 1 and notes[0].refs[0].table == "公开08"
    assert "C05b" in notes[0].message  # a rule whose precondition needs the table counts too
