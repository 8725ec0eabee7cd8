"""Finding fingerprints: what a review store keys on. Same problem → same fingerprint, whatever else changed."""
from decimal import Decimal

import pytest

from engine.checking.check import check
from engine.checking.findings import Finding, Ref
from engine.checking.fingerprint import fingerprint as of_finding
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook

BOOK = load_rulebook()


def _prints(path):
    return sorted(f.fingerprint for f in check(load_disclosure(path), BOOK).findings)


@pytest.fixture(scope="module")
def before():
    return check(load_disclosure(sample("yangquan-czj-2024.txt")), BOOK)


def test_every_finding_of_a_report_has_its_own_fingerprint(before):
    prints = [f.fingerprint for f in before.findings]
    assert len(prints) == len(set(prints)) == len(before.findings) > 20
    assert all(len(p) >= 16 and int(p, 16) >= 0 for p in prints)


def test_reformatted_file_keeps_every_fingerprint(before, tmp_path):
    """Blank lines and a page break inserted: every line number moves, no fingerprint does."""
    text = sample("yangquan-czj-2024.txt").read_text("utf-8").splitlines()
    moved = tmp_path / "moved.txt"
    moved.write_text("\n".join(text[:5] + ["", "", "\f"] + text[5:200] + ["", ""] + text[200:]) + "\n", "utf-8")
    after = check(load_disclosure(moved), BOOK)
    assert [r.line for f in after.findings for r in f.refs] != [r.line for f in before.findings for r in f.refs]
    assert sorted(f.fingerprint for f in after.findings) == sorted(f.fingerprint for f in before.findings)


def test_a_correction_elsewhere_keeps_the_other_fingerprints(before, tmp_path):
    """Correcting P01's stated 执行率 (100 → 42.21) removes that finding; the others keep their fingerprints."""
    doc = load_disclosure(sample("yangquan-czj-2024.txt"))
    form = next(f for f in doc.attachments if f.project == "财政业务工作经费")
    form.execution_rate.value = Decimal("42.21")
    after = check(doc, BOOK)
    old = {f.fingerprint: f for f in before.findings}
    gone = set(old) - {f.fingerprint for f in after.findings}
    assert {(old[g].rule, old[g].element) for g in gone} >= {("P01", "财政业务工作经费")}
    assert {f.fingerprint for f in after.findings} <= set(old)  # nothing new, nothing renamed


def fingerprint(rule, element, refs):
    return of_finding(Finding(rule=rule, name="n", severity="error", category="c", status="fail", message=rule + "…",
                              element=element, refs=refs))


def test_values_and_places_do_not_count_the_subject_does():
    cell = dict(table="公开06", row="302", column="决算数", label="商品和服务支出")
    one = fingerprint("T12", "302 商品和服务支出", [Ref(**cell, value=Decimal("134.68"), source="第285行", line=285)])
    no_element = fingerprint("T12", None, [Ref(**cell, value=Decimal("1"), source="第9行", line=9)])
    assert no_element == fingerprint("T12", None, [Ref(**cell, value=Decimal("2"), source="第3页第1行", line=1)])
    same = fingerprint("T12", "302 商品和服务支出", [Ref(**cell, value=Decimal("134.69"), source="第3页第9行", line=9)])
    other_row = fingerprint("T12", "301 工资福利支出", [Ref(**{**cell, "row": "301"}, value=Decimal("134.68"))])
    other_column = fingerprint("T12", None, [Ref(**{**cell, "column": "合计"})])
    other_rule = fingerprint("T11", "302 商品和服务支出", [Ref(**cell)])
    assert one == same
    assert len({one, other_row, other_column, other_rule, no_element}) == 5


def test_narrative_subject_and_measure_count_not_the_figures():
    said = dict(row="二、收入决算情况说明", label="其他收入6.2万元")
    one = fingerprint("N16", "二、收入决算情况说明 / 6.2", [Ref(**said)])
    corrected = fingerprint("N16", "二、收入决算情况说明 / 6.20", [Ref(**{**said, "label": "其他收入6.20万元"})])
    other_section = fingerprint("N16", "三、支出决算情况说明 / 6.2", [Ref(**{**said, "row": "三、支出决算情况说明"})])
    assert one == corrected
    assert one != other_section


def test_the_fingerprint_is_the_sha256_of_the_subject_as_compact_json():
    """Stored fingerprints stay valid: the key is sha256 of json.dumps(subject, ensure_ascii=False, compact), whatever
    the subject's words (quotes, backslashes, control characters, non-BMP, empty)."""
    import hashlib
    import json

    from engine.checking.fingerprint import subject

    words = ['"', "\\", "\n\t\x00\x1f", "公开05「合计」", "𠀀", "", "a/b", "\u2028"]
    for i, word in enumerate(words):
        finding = Finding(rule=f"T{i}", name="n", severity="error", category="c", status="fail", message=word,
                          element=word + words[i - 1] or None)
        raw = json.dumps(subject(finding), ensure_ascii=False, separators=(",", ":"))
        assert of_finding(finding) == hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]
