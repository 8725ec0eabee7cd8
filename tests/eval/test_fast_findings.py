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


def test_a_run_for_findings_records_each_cell_read_without_a_tuple():
    """Ctx.reads is flat (row, column, cell; a form field one CellRef): no object per read for the collector to
    walk, and cited() gives the CellRefs the traced form gives."""
    from engine.language.runtime import CellRef, Ctx, RowItem, cell, cell_ref, cited
    from engine.importers import load_disclosure
    from engine.resources import sample

    doc = load_disclosure(sample("yangquan-czj-2024.json"))
    table = doc.tables["公开01"]
    ctx = Ctx(doc, None, traced=False)
    ctx.reads = []
    items = [RowItem(table, row) for row in table.rows[:3]]
    field = CellRef("自评表", "项目", "执行率", "执行率", None, "90", None)
    for item in items[:2]:
        cell(ctx, item, None)
    ctx.reads.append(field)
    cell(ctx, items[2], "金额")
    assert not any(isinstance(r, tuple) for r in ctx.reads)
    main = table.main_column(items[0].row)
    assert cited(ctx.reads) == (cell_ref(items[0], main, items[0].row.cells.get(main)),
                                cell_ref(items[1], main, items[1].row.cells.get(main)), field,
                                cell_ref(items[2], "金额", items[2].row.cells.get("金额")))
    assert cited(ctx.reads[6:]) == (field, cell_ref(items[2], "金额", items[2].row.cells.get("金额")))
