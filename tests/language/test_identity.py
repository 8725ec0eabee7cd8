"""Whether a rule is an arithmetic identity over one table's cells (engine/language/analysis.py identity_tables): sums
(+, -, sum, 下级) of cells compared with ==, from the syntax tree — not its category, not the characters of its text."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook" / "default.yaml")


@pytest.mark.parametrize("text, tables", [
    ("公开05.合计.合计 == 公开05.合计.基本支出 + 公开05.合计.项目支出", {"公开05"}),
    ("每个 r 属于 公开05[*]: r.合计 == r.基本支出 + r.项目支出", {"公开05"}),
    ("每个 c 属于 公开06[类]: c == sum(下级(c))", {"公开06"}),
    ("公开06.公用经费合计 == sum(公开06[类]) - 公开06[301] - 公开06[303]", {"公开06"}),
    ("sum(公开05[项].合计) == sum(公开05[款].合计) 且 sum(公开05[款].合计) == sum(公开05[类].合计)", {"公开05"}),
    ("车辆数 == sum(公开10[8..15])", {"公开10"}),  # through a definition (车辆数 = a cell of 公开10)
    ("机关运行经费 == 公开10.合计 - 公开10.货物", {"公开10"}),  # a definition that adds
    # two tables' own sums in one rule: each comparison within one table
    ("公开05.合计.合计 == 公开05.合计.基本支出 + 公开05.合计.项目支出 且 公开08.合计.合计 == 公开08.合计.基本支出 + "
     "公开08.合计.项目支出", {"公开05", "公开08"}),
    # the same identities written in other ordinary ways: a literal 0 is the empty sum
    ("公开05.合计.合计 - 公开05.合计.基本支出 - 公开05.合计.项目支出 == 0", {"公开05"}),
    ("0 == 公开05.合计.合计 - 公开05.合计.基本支出 - 公开05.合计.项目支出", {"公开05"}),
    # guarded by 为空 of a cell it compares: a blank passes whatever the table holds
    ("为空(公开05.合计.合计) 或 公开05.合计.合计 == 公开05.合计.基本支出 + 公开05.合计.项目支出", {"公开05"}),
    ("每个 r 属于 公开05[*]: 为空(r.合计) 或 r.合计 == r.基本支出 + r.项目支出", {"公开05"}),
    ("每个 r 属于 公开05[*]: 为空(r.合计) 或 为空(r.基本支出) 或 r.合计 == r.基本支出 + r.项目支出", {"公开05"}),
    # the tolerance written out: |a - b - c| within a literal is a - b - c == 0
    ("绝对值(公开05.合计.合计 - 公开05.合计.基本支出 - 公开05.合计.项目支出) <= 0.01", {"公开05"}),
    ("0.05 > 绝对值(公开05.合计.合计 - (公开05.合计.基本支出 + 公开05.合计.项目支出))", {"公开05"}),
    ("每个 r 属于 公开05[*]: 绝对值(r.合计 - r.基本支出 - r.项目支出) <= 0", {"公开05"}),
])
def test_sums_of_one_tables_cells_compared_with_equals_are_identities(book, text, tables):
    assert book.environment.compile(text).identity == tables


@pytest.mark.parametrize("text", [
    "公开05.合计.基本支出 + 公开05.合计.项目支出 >= 公开05.合计.合计",  # <=/>= of sums: not an identity
    "sum(公开05[类].合计) <= 公开05.合计.合计",
    "公开01.收入总计 == 公开01.支出总计",  # two cells, nothing added
    "公开01.本年收入合计 == 公开02.合计.本年收入合计 + 0",  # a literal is no cell
    "公开04.本年支出合计.一般公共预算财政拨款 + 公开04.本年支出合计.政府性基金预算财政拨款 == 公开05.合计.合计",  # two tables
    "每个 r 属于 公开05[类]: r.合计 == 公开04[r].一般公共预算财政拨款 + 0",
    "公开05.合计.合计 == 公开05.合计.基本支出 + 公开05.合计.项目支出 或 公开05.合计.合计 == 0",  # 或: not a conjunction
    "非 公开05.合计.合计 != 公开05.合计.基本支出 + 公开05.合计.项目支出",
    "公开05.合计.合计 == 公开05.合计.基本支出 + 公开05.合计.项目支出 且 公开05.合计.合计 >= 0",  # a part that is not one
    '表头(公开05, "表名") == "基本支出 + 项目支出"',  # a + inside a string
    "每个 f 属于 自评表: f.总分 == f.执行率得分 + f.产出指标 + f.效益指标 + f.满意度指标",  # form fields, not cells
    '文中金额(情况说明.「收入决算情况」, "收入合计{金额}万元") == 公开01.本年收入合计 + 0',  # a stated amount
    "公开05.合计.合计 == 2 * 公开05.合计.基本支出",  # a product
    "公开05.合计.合计 - 公开05.合计.基本支出 - 公开05.合计.项目支出 == 1",  # a literal other than 0
    "公开05.合计.合计 == 0",  # a cell equal to 0 adds nothing
    # cells adding up to 0, all of one sign: a claim about them (X12: these 三公 items are empty), not a balance
    "公开06[30212] + 公开06[30217] + 公开06[30231] == 0",
    "-公开05.合计.合计 == 公开05.合计.基本支出 + 公开05.合计.项目支出",
    "绝对值(公开06[30212] + 公开06[30217]) <= 0.01",
    # 为空 of a cell the identity does not compare, or 为空 alone with another 或
    "为空(公开05[201].合计) 或 公开05.合计.合计 == 公开05.合计.基本支出 + 公开05.合计.项目支出",
    "为空(公开05.合计.合计) 或 公开05.合计.合计 >= 公开05.合计.基本支出 + 公开05.合计.项目支出",
    "为空(公开05.合计.合计) 或 为空(公开05.合计.基本支出)",
    # 绝对值 beyond a literal tolerance, of one cell, or against no literal
    "绝对值(公开05.合计.合计 - 公开05.合计.基本支出 - 公开05.合计.项目支出) >= 0.01",
    "绝对值(公开05.合计.合计 - 公开05.合计.基本支出 - 公开05.合计.项目支出) < 0",
    "绝对值(公开05.合计.合计) <= 0.01",
    "绝对值(公开05.合计.合计 - 公开05.合计.基本支出) <= 公开05.合计.项目支出",
])
def test_anything_else_is_not(book, text):
    assert book.environment.compile(text).identity == frozenset()


def test_the_default_rulebook_identities_are_its_table_sums(book):
    """Every rule the compiler calls an identity is a 表内平衡 or 科目层级 rule, and those are all identities but the
    sign checks, the numbering checks and 收入总计 == 支出总计 (T05: two cells, nothing added)."""
    identities = {r.id for r in book.rules if r.compiled.identity}
    arithmetic = {r.id for r in book.rules if r.category in ("表内平衡", "科目层级")}
    assert identities <= arithmetic
    assert arithmetic - identities == {"T05", "T21a", "T21b", "T22a", "T22b", "H05a", "H05b", "H05c", "H05d", "H06",
                                       "H07"}
