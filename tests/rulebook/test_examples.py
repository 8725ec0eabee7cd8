"""Every rule's examples, one test each (ids RULE/CASE), so `pytest -k T11` runs one rule's cases."""
import pytest

from engine.cases import run_example
from engine.rulebook import load_rulebook

BOOK = load_rulebook()
CASES = [(rule, raw, i) for rule in BOOK.rules for i, raw in enumerate(rule.examples)]


def _id(case) -> str:
    rule, raw, i = case
    return f"{rule.id}/{(raw or {}).get('名称') or (raw or {}).get('name') or i + 1}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_rule_example(case):
    rule, raw, index = case
    result = run_example(rule, raw, index)
    assert result.ok, f"{result.rule}/{result.case}: 期望 {result.expected}，实际 {result.actual} {result.detail}"


def test_every_rule_has_a_passing_and_a_failing_example():
    from engine.lint import lint

    lacking = [d.message_zh for d in lint(None)[0] if d.code in ("W512", "E511")]
    assert lacking == []
