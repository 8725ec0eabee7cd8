"""--lang en: every finding a rule reports on its failing examples is an English sentence, with the numbers of the
Chinese one, and neither the rule's expression nor Chinese outside the document's own words (issue 18 point 11)."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.checking.check import _refs, message_for
from engine.rules.examples import build_document, normalise_example
from engine.rules.loader import load_rulebook

BOOK = load_rulebook()
ROOT = Path(__file__).resolve().parents[2]
_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TABLE_ID = re.compile(r"公开\d\d")


def _failing_cases():
    for rule in BOOK.rules:
        for index, raw in enumerate(rule.examples):
            example = normalise_example(raw)
            if str(example.get("expect", "")).strip() in ("fail", "不通过"):
                yield pytest.param(rule, example, id=f"{rule.id}/{index}")


_PAIRS = {"「": "」", "《": "》", "“": "”"}


def _unquoted(text: str) -> str:
    """The text outside quotes, nested ones too (「…「…」…」): quoted text is the document's own."""
    out, stack = [], []
    for char in text:
        if char in _PAIRS:
            stack.append(_PAIRS[char])
        elif stack and char == stack[-1]:
            stack.pop()
        elif not stack:
            out.append(char)
    return "".join(out)


def _chinese_left(text: str, document_words: list[str]) -> list[str]:
    """CJK characters outside quoted document text, the document's labels and table ids."""
    for words in sorted((w for w in document_words if w), key=len, reverse=True):
        text = text.replace(words, "")
    return _CJK.findall(_TABLE_ID.sub("", _unquoted(text)))


def _document_words(finding_element, refs) -> list[str]:
    """The element and the cells' table, row, column and printed text; of a label, only what precedes a function's
    own words (a listed entry is 'document words：what is wrong', and what is wrong must be in English)."""
    words = [finding_element or ""]
    for r in refs:
        words += [str(x) for x in (r.table, r.row, r.column, r.text) if x and x != r.label]
        if r.label:
            words.append(str(r.label).split("：")[0])
    return words


@pytest.mark.parametrize("rule, example", list(_failing_cases()))
def test_english_message_of_each_failing_example(rule, example):
    doc = build_document(rule, example)
    result = rule.compiled.run(doc, tolerance=rule.tolerance)
    failing = [v for v in result.violations if v.status == "fail"]
    for violation in failing:
        refs = _refs(violation)
        zh, en = message_for(rule, violation, "zh", refs), message_for(rule, violation, "en", refs)
        assert en != zh and rule.canonical not in en and rule.expr not in en and "does not hold" not in en, en
        left = _chinese_left(en, _document_words(violation.element, refs))
        assert not left, f"{rule.id}: Chinese outside the document's words in {en!r}: {''.join(left)}"
        missing = set(_NUMBER.findall(zh)) - set(_NUMBER.findall(en))
        assert not missing, f"{rule.id}: numbers {missing} of {zh!r} not in {en!r}"


def test_every_rule_has_an_english_name_and_message():
    lacking = [r.id for r in BOOK.rules if not r.name_en or not r.message_en]
    assert lacking == []
    for rule in BOOK.rules:
        assert not _CJK.findall(_TABLE_ID.sub("", _unquoted(rule.name_en))), rule.name_en
        placeholders = set(re.findall(r"\{[^{}]+\}", rule.message or ""))
        assert placeholders == set(re.findall(r"\{[^{}]+\}", rule.message_en)), rule.id  # the same figures shown


def test_without_an_english_message_the_chinese_is_shown_not_the_expression(tmp_path):
    rule = next(r for r in BOOK.rules if r.id == "T05")
    plain = type(rule)(**{**rule.__dict__, "message_en": None, "name_en": None})
    example = normalise_example(next(e for e in rule.examples if "修改" in e))
    violation = next(v for v in plain.compiled.run(build_document(plain, example)).violations if v.status == "fail")
    en = message_for(plain, violation, "en")
    assert en == message_for(plain, violation, "zh").replace("（尾数容差", " (rounding tolerance").replace("）", ")")
    assert plain.canonical not in en


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine.cli.main", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.mark.parametrize("sample", ["yangquan-czj-2024.txt", "shanghai-putuo-czj-2024.pdf"])
def test_the_english_report_as_printed(sample):
    """What `rulebook --lang en check --format json` prints: names, messages and the not-checkable reasons."""
    done = _cli("--lang", "en", "check", f"samples/{sample}", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    zh = json.loads(_cli("check", f"samples/{sample}", "--format", "json").stdout)
    assert len(report["findings"]) == len(zh["findings"])
    for finding, chinese in zip(report["findings"], zh["findings"]):
        class R:  # the refs as the report carries them
            pass
        refs = []
        for ref in finding["refs"]:
            r = R()
            r.table, r.row, r.label, r.column, r.text = (ref.get(k) for k in ("table", "row", "label", "column", "text"))
            refs.append(r)
        words = _document_words(finding.get("element"), refs)
        assert not _chinese_left(finding["message"], words), finding["message"]
        assert not _chinese_left(finding["name"], []), finding["name"]
        assert set(_NUMBER.findall(chinese["message"])) <= set(_NUMBER.findall(finding["message"])), finding
    for note in report.get("reading", []):
        assert not _chinese_left(note["reason"], [note["item"]]), note
