"""The store itself: migrations keep every row; fingerprints name subjects, not values or layout."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import MetaData, func, insert, select

from engine.checking.check import check
from engine.checking.fingerprint import fingerprints
from engine.importers import import_text, load_disclosure
from engine.resources import sample
from engine.review import tables as t
from engine.review.db import HEAD, connect, migrate, revision_of
from engine.rules.loader import load_rulebook


def test_first_migration_upgrades_to_last_without_losing_a_row(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'old.db'}", upgrade=False)
    migrate(engine, "0001")
    assert revision_of(engine) == "0001"
    old = MetaData()
    old.reflect(engine)
    assert "approvals" not in old.tables and "carried_from" not in old.tables["explanations"].c
    now = datetime.now(timezone.utc)
    who = {"created_at": now, "created_by": "t"}
    with engine.begin() as db:
        db.execute(insert(old.tables["units"]).values(code="U1", name="单位", **who))
        db.execute(insert(old.tables["submissions"]).values(unit_id=1, year=2024, kind="部门决算", document_hash="0" * 64,
                                                            internal_only=False, **who))
        db.execute(insert(old.tables["checks"]).values(submission_id=1, rulebook_id="default", rulebook_version="1",
                                                       summary={"errors": 1}, **who))
        db.execute(insert(old.tables["findings"]), [
            {"check_id": 1, "fingerprint": f"fp{i}", "rule": "T01", "severity": "warning", "status": "fail",
             "body": {"rule": "T01", "n": i}} for i in range(5)])
        db.execute(insert(old.tables["explanations"]).values(unit_id=1, year=2024, fingerprint="fp1", submission_id=1,
                                                             rule="T01", category="其他", text="原因说明文字", **who))
        db.execute(insert(old.tables["decisions"]).values(explanation_id=1, decision="accepted", comment="", **who))
    before = {name: _count(engine, name) for name in old.tables}
    migrate(engine)
    assert revision_of(engine) == HEAD
    assert {name: _count(engine, name) for name in before} == before
    with engine.begin() as db:  # the new schema is usable on the old rows
        db.execute(insert(t.explanations).values(unit_id=1, year=2025, fingerprint="fp1", submission_id=1, rule="T01",
                                                 category="其他", text="沿用", carried_from=1, **who))
        db.execute(insert(t.approvals).values(submission_id=1, comment="", **who))
        assert db.execute(select(t.findings.c.body).where(t.findings.c.fingerprint == "fp3")).scalar() == {
            "rule": "T01", "n": 3}


def _count(engine, name: str) -> int:
    table = MetaData()
    table.reflect(engine, only=[name])
    with engine.connect() as db:
        return db.execute(select(func.count()).select_from(table.tables[name])).scalar()


def test_fingerprints_follow_the_subject_not_the_form_or_the_values():
    book = load_rulebook(None)
    text = sample("yangquan-czj-2024.txt").read_text("utf-8")
    original = check(import_text(text.encode()), book).findings
    reformatted = check(load_disclosure(sample("yangquan-czj-2024.json")), book).findings  # the same, as JSON
    corrected = check(import_text(text.replace("增长2.6%", "增长2.60%").encode()), book).findings
    fp, fp_json, fp_fixed = (fingerprints(x) for x in (original, reformatted, corrected))
    assert set(fp) == set(fp_json)
    gone = set(fp) - set(fp_fixed)
    assert len(gone) == 1 and not set(fp_fixed) - set(fp)  # only the corrected finding's fingerprint goes
    assert next(f.rule for f, p in zip(original, fp) if p in gone) == "Y07"
    assert len(set(fp)) == len(fp)  # different subjects, different fingerprints
    by_rule = {}
    for finding, p in zip(original, fp):
        by_rule.setdefault(finding.rule, set()).add(p)
    assert len(by_rule["N08"]) == 4  # one rule over four 类: four subjects
    # an amount changed elsewhere (a value, not a subject) leaves the other fingerprints alone
    changed = check(import_text(text.replace("1,564.12", "1,564.13", 1).encode()), book).findings
    n08 = {p for f, p in zip(original, fp) if f.rule == "N08"}
    assert n08 <= set(fingerprints(changed))
