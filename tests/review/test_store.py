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


def test_last_years_kept_submission_is_used_for_the_cross_year_rules(tmp_path):
    from engine.review.workflow import Actor, Review

    book = load_rulebook(None)
    review = Review(connect(f"sqlite:///{tmp_path / 'r.db'}"), lambda: book, keep=tmp_path / "kept")
    admin = Actor("admin", "admin")
    review.add_unit(admin, "YQ", "阳泉市财政局")
    last = sample("yangquan-czj-2023-derived.json")
    public = load_disclosure(last)  # the sample is marked 仅供内部审核: a public copy of it may be kept
    public.metadata.internal_only = False
    kept = review.submit(admin, "YQ", public, public.to_json().encode(), last.name)
    assert kept["submission"]["kept"] and kept["submission"]["year"] == 2023
    assert oct((tmp_path / "kept").stat().st_mode & 0o777) == "0o700"
    assert all(oct(f.stat().st_mode & 0o777) == "0o600" for f in (tmp_path / "kept").iterdir())
    this = sample("yangquan-czj-2024.json")
    view = review.submit(admin, "YQ", load_disclosure(this), this.read_bytes(), this.name)
    assert view["check"]["summary"]["not_checkable"] == 10  # without last year: 15 (5 cross-year rules)
    assert not any(f["rule"] == "-" and "上年" in f["message"] for f in view["findings"])
    # an internal-only submission is never kept, so it can never serve as last year's
    doc = load_disclosure(last)
    doc.metadata.internal_only = True
    internal = review.submit(admin, "YQ", doc, last.read_bytes(), last.name, year=2023)
    assert internal["submission"]["kept"] is False


def test_check_with_previous_reports_the_cross_year_checks(tmp_path):
    import json

    from click.testing import CliRunner

    from engine.cli.main import cli

    this, last = sample("yangquan-czj-2024.json"), sample("yangquan-czj-2023-derived.json")
    runner = CliRunner()
    alone = json.loads(runner.invoke(cli, ["check", str(this), "--format", "json"]).output)
    paired = json.loads(runner.invoke(cli, ["check", str(this), "--previous", str(last), "--format", "json"]).output)
    assert any("K01" in f["message"] for f in alone["findings"] if f["status"] == "not_checkable")
    assert paired["summary"]["passed"] == alone["summary"]["passed"] + 5
    # last year's year-end differs from this year's year-start: K01 says so with both figures
    broken = json.loads(last.read_text("utf-8"))
    row = next(r for r in broken["tables"]["公开01"]["rows"] if r["key"] == "年末结转和结余")
    row["cells"]["金额"].update(kind="number", value="12.34", text="12.34")
    (tmp_path / "last.json").write_text(json.dumps(broken, ensure_ascii=False), "utf-8")
    result = runner.invoke(cli, ["check", str(this), "--previous", str(tmp_path / "last.json"), "--format", "json"])
    k01 = [f for f in json.loads(result.output)["findings"] if f["rule"] == "K01"]
    assert len(k01) == 1 and "12.34" in k01[0]["message"] and k01[0]["severity"] == "error"
    wrong_year = runner.invoke(cli, ["check", str(this), "--previous", str(this)])
    assert wrong_year.exit_code == 2 and "应为 2023 年" in wrong_year.output


def _statements(engine, run) -> int:
    """How many SQL statements `run()` sends."""
    from sqlalchemy import event

    sent = []
    listener = lambda *args: sent.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(sent)


def test_a_submissions_view_costs_the_same_queries_however_many_explanations_it_has(tmp_path):
    from engine.review.workflow import Actor, Review

    engine = connect(f"sqlite:///{tmp_path / 'r.db'}")
    review = Review(engine, lambda: None)
    who = {"created_at": datetime.now(timezone.utc), "created_by": "t"}
    with engine.begin() as db:
        db.execute(insert(t.units).values(code="U1", name="单位", **who))
        db.execute(insert(t.submissions).values(unit_id=1, year=2024, kind="部门决算", document_hash="0" * 64,
                                                internal_only=False, **who))
        db.execute(insert(t.checks).values(submission_id=1, rulebook_id="default", rulebook_version="1",
                                           summary={}, **who))
        db.execute(insert(t.findings), [{"check_id": 1, "fingerprint": f"fp{i}", "rule": "T01", "severity": "warning",
                                         "status": "fail", "body": {"rule": "T01"}} for i in range(40)])
    admin = Actor("admin", "admin")

    def explained(upto: int) -> int:
        with engine.begin() as db:
            for i in range(upto - 10, upto):
                eid = db.execute(insert(t.explanations).values(
                    unit_id=1, year=2024, fingerprint=f"fp{i}", submission_id=1, rule="T01", category="其他",
                    text=f"说明{i}", **who)).inserted_primary_key[0]
                for decision in ("rejected", "accepted"):  # the newer decision is the one that counts
                    db.execute(insert(t.decisions).values(explanation_id=eid, decision=decision, comment="", **who))
        return _statements(engine, lambda: review.view(admin, 1))

    few, many = explained(10), explained(20)
    assert few == many
    states = [f["state"] for f in review.view(admin, 1)["findings"]]
    assert states.count("accepted") == 20 and states.count("to_explain") == 20
