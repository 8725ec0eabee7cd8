"""Rows the table's arithmetic could not place are handed on with every way they may stand (placement.py Possible →
possible.py → Table.ambiguous), from every layout reader that places by arithmetic, code_bands.py's bands included;
and a rule is then judged over them (engine/checking/readings.py). pdfplumber's text of a real PDF, one amount
changed as a defect would be."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.checking.check import check
from engine.importers import import_text, load_disclosure
from engine.render import derive
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "samples" / "shanghai-putuo-czj-2024.pdf"


@pytest.fixture(scope="module")
def plumbed() -> str:
    return derive.pdfplumber_text(PDF).decode("utf-8")


def test_a_class_amount_changed_in_bands_is_caught_whatever_the_open_bands_are(plumbed):
    given = load_disclosure(PDF)
    row = given.tables["公开06"].row("301")
    amount = row.cells["决算数"].text
    lines = plumbed.split("\n")
    at = [n for n, line in enumerate(lines) if amount in line and row.label in line]
    assert len(at) == 1  # the 类 row's line in the band: its name and its amount
    lines[at[0]] = lines[at[0]].replace(amount, "2,290.85")
    doc = import_text("\n".join(lines).encode("utf-8"), name="plumbed.txt")
    # the 类 = Σ款 sums no longer hold: the bands they placed are open, each handed on with its two readings
    reading = next(r for r in doc.reading if r.item == "公开06")
    assert "placement" in reading.uncertain
    groups = doc.tables["公开06"].ambiguous
    assert len(groups) >= 2 and all(not g.solved and len(g.readings) >= 2 for g in groups)
    report = check(doc, load_rulebook(ROOT / "rulebook"))
    assert report.outcomes["T13"][0] == "fail"  # 人员经费合计 ≠ 301 + 303 whichever band 303's amount is in
    [found] = [f for f in report.findings if f.rule == "T13"]
    assert "本条都不成立" in found.message and found.severity == "error"
