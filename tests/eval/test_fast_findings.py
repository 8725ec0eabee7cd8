"""A rule's findings taken from its fast run (Compiled.plain: the cells it read recorded as it reads them, every part
of an `且` read) are the ones the traced re-run gives: for every rule of the default rulebook, on the samples and on
generated documents with defects, rounding, words for amounts, a dropped table and a dropped row."""
from __future__ import annotations

from collections import Counter

import pytest

from engine.checking.check import applies
from engine.language.runtime import Memo
from engine.rules.loader import load_rulebook
from tests.eval.rule_documents import documents

@pytest.fixture(scope="module")
def book():
    return load_rulebook()


def test_findings_from_the_fast_run_are_the_traced_ones(book, tmp_path):
    seen: Counter[str] = Counter()
    for doc in documents(tmp_path, seed=41, probes=True):
        memo, traced_memo = Memo(doc), Memo(doc)
        for rule in book.rules:
            if applies(rule, doc, traced_memo) is not True:
                continue
            got = rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo)
            expected = rule.compiled._locate(doc, rule.tolerance, False, traced_memo, skips=False)
            if got.status == expected.status and got.status in ("pass", "not_checkable"):
                continue  # nothing located (a missing table is said by the fast run, as before)
            assert got == expected, (rule.id, rule.compiled.plain, rule.compiled.text, got, expected)
            if rule.compiled.plain:
                seen[got.status] += 1
    # plain rules reported every kind of outcome the fast run may now report itself
    assert {"rounding", "fail", "error"} <= set(seen), seen
