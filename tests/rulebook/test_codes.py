"""科目编码与名称 (H05): one code one name across tables; narrative 类/款/项 chains; a user-supplied official list."""
from pathlib import Path

from engine.checking.check import check
from engine.importers import load_disclosure as load
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "yangquan-czj-2024.json"


def _findings(doc, rule):
    book = load_rulebook(ROOT / "rulebook")
    return [f for f in check(doc, book).findings if f.rule == rule]


def test_official_list_is_used_when_supplied(tmp_path, monkeypatch):
    doc = load(SAMPLE)
    listed = tmp_path / "codes.csv"
    # the official 2024 name of 2210201 is 住房公积金; a list entry for another year does not count
    listed.write_text("编码,名称,年度\n2210201,住房公积金,2024\n2010601,行政运行,2023\n2010601,机关服务,2024\n",
                      encoding="utf-8")
    monkeypatch.setenv("RULEBOOK_SUBJECT_CODES", str(listed))
    found = _findings(doc, "H05c")
    assert found and all(f.severity == "warning" for f in found)
    labels = [r.label for f in found for r in f.refs]
    assert any("2010601" in label and "机关服务" in label for label in labels), labels
    assert not any("2210201" in label for label in labels), labels


def test_no_list_no_verdict(monkeypatch):
    monkeypatch.delenv("RULEBOOK_SUBJECT_CODES", raising=False)
    assert _findings(load(SAMPLE), "H05c") == []


def test_one_code_two_names_names_both_tables():
    doc = load(ROOT / "rulebook" / "examples" / "renamed.json")
    [finding] = _findings(doc, "H05a")
    assert "2210201" in finding.message and "公开02「住房公积金」" in finding.message and "购房补贴" in finding.message
