"""The two walkers of a rule's tree (engine/language/analysis.py identities, engine/checking/names_read.py names read)
resolve a name as the compiler does (analysis.Scoped): a loop variable hides a definition of the same name."""
from __future__ import annotations

import pytest

from engine.checking.names_read import _Walk
from engine.rules.loader import load_rulebook

_BOOK = """rulebook:
  id: shadow
  版本: "1"
  扩展: default
定义:
  所述支出: 文中所述(一般公共预算支出说明, 公开05[20106], "决算")
规则:
""" + "".join(f"""  - 编号: {rule_id}
    名称: 遮蔽{rule_id}
    级别: error
    类别: 表内平衡
    规则: '{text}'
""" for rule_id, text in (
    ("Z1", "计数(所述支出) >= 0"),  # the definition: 文中所述 handed a row no for-each gives, read by its name
    ("Z2", "每个 所述支出 属于 公开05[*]: 所述支出.合计 >= 0"),  # a loop variable of that name: a row, not the claims
    ("Z3", "每个 所述支出 属于 公开05[*]: 所述支出.合计 == 所述支出.基本支出 + 所述支出.项目支出"),
))


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "shadow.yaml"
    path.write_text(_BOOK, "utf-8")
    book = load_rulebook(path, strict=False)
    assert not book.errors
    return {r.id: r for r in book.rules if r.id in ("Z1", "Z2", "Z3")}


def test_a_definition_is_looked_into_for_the_names_it_reads(rules):
    assert _Walk(rules["Z1"].compiled.env).reads(rules["Z1"].compiled.node, {})


def test_a_loop_variable_hides_the_definition_of_its_name(rules):
    for rule_id in ("Z2", "Z3"):
        assert not _Walk(rules[rule_id].compiled.env).reads(rules[rule_id].compiled.node, {})
    assert rules["Z3"].compiled.identity == {"公开05"}  # its cells, not the definition's claims
