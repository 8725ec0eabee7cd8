"""A rule's findings taken from its fast run (Compiled.plain: the cells it read recorded as it reads them, every part
of an `且` read) are the ones the traced re-run gives: for every rule of the default rulebook, on the samples and on
generated documents with defects, rounding, words for amounts, a dropped table and a dropped row."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from engine.checking.check import applies
from engine.importers import load_disclosure
from engine.language.runtime import Memo
from engine.model import Disclosure
from engine.rules.loader import load_rulebook

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


def _documents(tmp: Path) -> list[Disclosure]:
    from bench.generate import generate
    from bench.workload import probes

    paths = sorted(SAMPLES.glob("*.json")) + generate(tmp, 6, seed=41, text=False)
    data = json.loads(paths[-1].read_text("utf-8"))
    for table in data["tables"].values():  # words where amounts belong: errors inside and outside for-each loops
        for row in table["rows"][::3]:
            for cell in row["cells"].values():
                cell.update(kind="text", value=None, text="见说明")
    docs = [load_disclosure(p) for p in paths]
    docs.append(Disclosure.model_validate_json(json.dumps(data, ensure_ascii=False)))
    texts, _ = probes([p.read_bytes() for p in paths[-6:-3]], seed=9)
    return docs + [Disclosure.model_validate_json(t) for t in texts]


def test_findings_from_the_fast_run_are_the_traced_ones(book, tmp_path):
    seen: Counter[str] = Counter()
    for doc in _documents(tmp_path):
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
