"""A verdict from the fast form alone (`Compiled.verdict`) is the status the traced run (`Compiled.run`) gives, for
every rule of the default rulebook on the samples and on generated documents with defects and rounding."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from engine.checking.check import applies
from engine.importers import load_disclosure
from engine.language.runtime import Memo
from engine.rules.loader import load_rulebook

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


def _documents(tmp: Path) -> list:
    from bench.generate import generate

    paths = sorted(SAMPLES.glob("*.json")) + generate(tmp, 6, seed=31, text=False)
    # words where amounts belong (an evaluation error, 不可核) in every table of one generated document
    data = json.loads(paths[-1].read_text("utf-8"))
    for table in data["tables"].values():
        for row in table["rows"][::3]:
            for cell in row["cells"].values():
                cell.update(kind="text", value=None, text="见说明")
    worded = tmp / "worded.json"
    worded.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return [load_disclosure(p) for p in paths + [worded]]


def test_the_fast_verdict_is_the_traced_status(book, tmp_path):
    seen: Counter[str] = Counter()
    for doc in _documents(tmp_path):
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
