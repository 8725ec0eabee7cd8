"""A verdict from the fast form alone (`Compiled.verdict`) is the status the traced run (`Compiled.run`) gives, for
every rule of the default rulebook on the samples and on generated documents with defects and rounding."""
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


def test_the_fast_verdict_is_the_traced_status(book, tmp_path):
    seen: Counter[str] = Counter()
    for doc in documents(tmp_path, seed=31):
        fast_memo, traced_memo = Memo(doc), Memo(doc)
        for rule in book.rules:
            if applies(rule, doc, traced_memo) is not True:
                continue
            expected = rule.compiled.run(doc, tolerance=rule.tolerance, memo=traced_memo).status
            got = rule.compiled.verdict(doc, tolerance=rule.tolerance, memo=fast_memo)
            assert got == expected, (rule.id, doc.metadata.unit_name)
            seen[got] += 1
    # the comparison meant something: every kind of verdict occurred
    assert {"pass", "rounding", "fail", "not_checkable", "error"} <= set(seen), seen
