"""The truth corpus: how a finding is matched to an answer key, and the gate that no document falls below its
recorded precision/recall (samples/truth/baseline.json)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.checking.corpus import below, matches, run_corpus, score
from engine.checking.findings import Finding, Ref, Report

TRUTH = Path(__file__).resolve().parents[2] / "samples" / "truth"


def finding(rule="N06b", severity="warning", category="文表一致", element=None, refs=(), difference=None, name="x"):
    return Finding(rule=rule, name=name, severity=severity, category=category, status="fail", message="任意措辞",
                   element=element, difference=difference, refs=list(refs))


def test_rule_stem_matches_variants_but_not_longer_numbers():
    f = finding(rule="N06b", refs=[Ref(value=Decimal("71.73"))])
    assert matches(f, {"rules": ["N06"], "numbers": ["71.73"]})
    assert not matches(finding(rule="N061", refs=[Ref(value=Decimal("71.73"))]), {"rules": ["N06"]})
    assert not matches(f, {"rules": ["N07"], "numbers": ["71.73"]})


def test_kind_from_category_stands_in_for_an_unknown_rule_id():
    f = finding(rule="Z99", category="模板残留", refs=[Ref(text="下降（增长）27.78%")])
    assert matches(f, {"rules": ["C11"], "kinds": ["template-leftover"], "labels": ["下降（增长）"]})
    assert not matches(f, {"rules": ["C11"]})


def test_numbers_compare_as_decimals_and_every_anchor_must_hold():
    f = finding(refs=[Ref(table="公开05", row="201", value=Decimal("2014.4"), line=12, source="第3页第12行")])
    assert matches(f, {"numbers": ["2,014.40"], "tables": ["公开05"], "lines": [12], "pages": [3]})
    assert not matches(f, {"numbers": ["2014.40"], "tables": ["公开01"]})
    assert not matches(f, {"numbers": ["2014.41"]})
    assert not matches(f, {"pages": [4]})
    assert not matches(f, None)


def test_message_text_is_never_read():
    f = finding(refs=[Ref(value=Decimal(1))])
    assert not matches(f, {"labels": ["任意措辞"]})


KEY = {"defects": [
    {"id": "A", "severity": "error", "must_report": True, "match": {"rules": ["N04"], "numbers": ["0.3"]}},
    {"id": "B", "severity": "warning", "must_report": True, "match": {"rules": ["N16"], "numbers": ["6.2"]}},
    {"id": "C", "severity": "info-rounding", "must_report": False, "match": {"rules": ["X03"], "numbers": ["326.71"]}},
], "not_defects": [{"text": "trap", "match": {"rules": ["N10"]}}],
   "uncertain": [{"text": "unsure", "match": {"rules": ["S02"]}}]}


def test_score_counts_true_wrong_severity_trap_uncertain_duplicate_and_unmatched():
    fs = [finding("N04", "error", refs=[Ref(value=Decimal("0.3"))]),
          finding("N16", "info", refs=[Ref(value=Decimal("6.2"))]),       # right place, wrong severity
          finding("X03", "info", refs=[Ref(value=Decimal("326.71"))]),
          finding("X03", "info", refs=[Ref(value=Decimal("326.71"))]),     # the same finding twice
          finding("N10a", "error", refs=[Ref(value=Decimal(0))]),        # a trap
          finding("S02", "error"),                                          # uncertain: neither way
          finding("T99", "warning")]                                        # nothing in the key
    s = score(Report(findings=fs), KEY, "doc")
    assert [v.outcome for v in s.verdicts] == ["true", "wrong-severity", "true", "duplicate", "trap", "uncertain",
                                               "unmatched"]
    assert s.precision("error") == 0.5 and s.recall("error") == 1.0
    assert s.precision("warning") == 0.0 and s.recall("warning") == 0.0
    assert s.precision("info") == pytest.approx(1 / 3)
    assert [d["id"] for d in s.missed] == ["B"]


def test_below_names_each_measure_that_fell():
    s = score(Report(findings=[]), KEY, "doc")
    assert below([s], {"doc": {"error": {"recall": 1.0}, "warning": {"precision": 1.0}}}) == [
        "doc error recall 0.0000 < 1.0000"]


def test_every_key_is_well_formed():
    for path in TRUTH.glob("*.key.json"):
        key = json.loads(path.read_text(encoding="utf-8"))
        ids = [d["id"] for d in key["defects"]]
        assert len(ids) == len(set(ids)), path.name
        for d in key["defects"]:
            assert d["severity"] in ("error", "warning", "info", "info-rounding"), (path.name, d["id"])
            assert d.get("match"), (path.name, d["id"])  # every defect can be found by place, not by wording


def test_no_document_falls_below_its_baseline():
    """The CI gate: each document's precision and recall per severity, against samples/truth/baseline.json."""
    from engine.rules.loader import load_rulebook

    scores = run_corpus(TRUTH, load_rulebook())
    baseline = json.loads((TRUTH / "baseline.json").read_text(encoding="utf-8"))
    assert {s.name for s in scores} == set(baseline)
    assert below(scores, baseline) == []


def test_cli_reports_a_fall_below_the_baseline(tmp_path):
    from engine.cli.main import cli

    high = tmp_path / "baseline.json"
    high.write_text(json.dumps({"yangquan-czj-2024": {"error": {"precision": 1.0, "recall": 1.01}}}))
    only = tmp_path / "keys"
    only.mkdir()
    key = json.loads((TRUTH / "yangquan-czj-2024.key.json").read_text(encoding="utf-8"))
    key["document"] = str(TRUTH.parent / "yangquan-czj-2024.txt")
    key["forms"] = [str(TRUTH.parent / "yangquan-czj-2024.json")]
    (only / "yangquan-czj-2024.key.json").write_text(json.dumps(key, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", "--corpus", str(only), "--baseline", str(high)])
    assert result.exit_code == 1, result.output
    assert "低于基线" in result.output and "yangquan-czj-2024 error recall" in result.output
    assert "yangquan-czj-2024 (json)" in result.output
    missing = CliRunner().invoke(cli, ["test", "--corpus", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "答案库目录不存在" in missing.output
