"""The fused closures (a comparison reading its loop cell and constant in place, 为空/有值 read inside 或/且, a sum
chain of loop cells, a row set's column straight into a function's tuple) give exactly what the closures they fuse
give: every rule of the default rulebook, compiled both ways, on the samples and on generated documents with
defects, rounding and words where amounts belong."""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from engine.checking.check import applies
from engine.language.compiler.dispatch import new_compiler
from engine.language.runtime import Ctx, EvalError, Memo, NotCheckable
from engine.rules.loader import load_rulebook
from tests.eval.rule_documents import documents


class _Forgets(dict):  # type: ignore[type-arg]
    """A side table of the compiler that keeps nothing: no closure is known to be fusable."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def _unfused(rule: Any) -> Any:
    env = rule.compiled.env
    compiler = new_compiler(env.catalogue, env.definitions, env.functions, traced=False)
    compiler.cells, compiler.constants, compiler.columns, compiler.presence = (_Forgets(), _Forgets(), _Forgets(),
                                                                               _Forgets())
    compiled = compiler.compile(rule.compiled.node)
    assert compiled is not None and not compiler.problems
    return compiled.fn


def _fused(rule: Any) -> Any:
    env = rule.compiled.env
    compiler = new_compiler(env.catalogue, env.definitions, env.functions, traced=False)
    compiled = compiler.compile(rule.compiled.node)
    assert compiled is not None
    return compiled.fn, bool(compiler.cells or compiler.constants or compiler.columns or compiler.presence)


def _outcome(fn: Any, doc: Any, rule: Any, memo: Memo, reads: bool) -> Any:
    ctx = Ctx(doc, rule.tolerance, traced=False, memo=memo)
    if reads:  # a run for findings: every check cites the cells it read
        ctx.reads = []
    try:
        truth = fn(ctx)
    except (EvalError, NotCheckable) as exc:
        return type(exc).__name__, getattr(exc, "code", None), getattr(exc, "table", None)
    return truth, list(ctx.reads or [])


@pytest.fixture(scope="module")
def book() -> Any:
    return load_rulebook()


def test_fused_closures_give_what_the_closures_they_fuse_give(book: Any, tmp_path: Any) -> None:
    rules = [(rule, *_fused(rule), _unfused(rule)) for rule in book.rules]
    assert sum(1 for _, _, fused, _ in rules if fused) > 100  # most rules have a fused shape somewhere
    seen: Counter[str] = Counter()
    for doc in documents(tmp_path, seed=47):
        memo = Memo(doc)
        for rule, fused, _, unfused in rules:
            if applies(rule, doc, memo) is not True:
                continue
            for reads in (False, True):
                got = _outcome(fused, doc, rule, memo, reads)
                assert got == _outcome(unfused, doc, rule, memo, reads), (rule.id, doc.metadata.unit_name, reads)
                seen[type(got[0]).__name__ if not isinstance(got[0], str) else got[0]] += 1
                if not isinstance(got[0], str) and got[0].checks:
                    seen["checks"] += 1
    # the comparison meant something: failures and rounding notes with their cells, and evaluation errors
    assert seen["checks"] > 50 and seen["EvalError"] > 0 and seen["NotCheckable"] > 0, seen
