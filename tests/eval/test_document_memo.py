"""What one document's check shares between rules (runtime.Memo) and the shortened re-run that locates findings
must not change a single finding: compared here with each rule run alone and with a full re-run."""
from __future__ import annotations

import dataclasses

import pytest

from bench.generate import generate
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook
from engine.language.runtime import Memo


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("memo")
    generated = [load_disclosure(p) for p in generate(folder, 6, seed=23, text=False)]
    return [load_disclosure(sample("yangquan-czj-2024.json")), *generated]


def _shown(result) -> list:
    """A result as check() uses it: status, messages, values and the cells each finding points at."""
    return [result.status, [(v.status, v.element, v.message_zh, v.left, v.right, v.difference, v.tolerance,
                             [dataclasses.astuple(r) for r in v.refs]) for v in result.violations]]


def test_rules_sharing_a_document_memo_report_what_each_reports_alone(book, docs):
    reported = 0
    for doc in docs:
        memo = Memo(doc)
        for rule in book.rules:
            shared = rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo)
            alone = rule.compiled.run(doc, tolerance=rule.tolerance)
            assert _shown(shared) == _shown(alone), rule.id
            reported += bool(shared.violations)
    assert reported > 0  # the documents do raise findings, so the comparison compares something


def test_locating_by_skipping_held_elements_finds_the_cells_a_full_rerun_finds(book, docs):
    skipped, nested = 0, set()
    for doc in docs:
        memo = Memo(doc)
        for rule in book.rules:
            before = set(memo.held)
            fast = rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo)  # records the elements that held
            if fast.status in ("pass", "not_checkable"):
                continue
            full = rule.compiled._locate(doc, rule.tolerance, False, Memo(doc), skips=False)
            assert _shown(fast) == _shown(full), rule.id
            own = [(key, memo.held[key][1]) for key in memo.held.keys() - before]
            skipped += any(held for _, held in own)
            if any(outer and held for (_, _, outer), held in own):
                nested.add(rule.id)
    assert skipped > 0  # some for-each rule had elements to skip
    assert {"P07", "P08"} <= nested  # … inner loops too (每个 i 属于 f.指标 inside 每个 f 属于 自评表)


def test_a_memo_is_never_used_for_another_document(book, docs):
    from engine.language.runtime import Ctx

    memo = Memo(docs[0])
    ctx = Ctx(docs[1], None, traced=False, memo=memo)
    assert ctx.memo is not memo and ctx.memo.doc is docs[1]


def test_a_checked_document_is_not_kept_alive_by_the_engine(book):
    """Row indexes live in the document's memo: once its check is done, nothing of the engine holds the document
    (a global index cache kept the tables of the last ~28 documents, submissions marked 仅供内部审核 included)."""
    import gc
    import weakref

    from engine.checking.check import check

    doc = load_disclosure(sample("yangquan-czj-2024.json"))
    tables = [weakref.ref(t) for t in doc.tables.values()]
    assert check(doc, book).findings  # the rules did read the tables (and built their indexes)
    del doc
    gc.collect()
    assert [t for t in tables if t() is not None] == []
