"""What a compiled rule reads (engine/language/analysis.py Reads): from its syntax tree, its definitions and what each
function declares, never from its text (a word inside a string is not a part read; a function reading the
情况说明 reads it though the rule never names it)."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.catalogue import load_catalogue
from engine.functions.builtins import BUILTINS
from engine.functions.registry import Function, Registry
from engine.language.analysis import WORDS, unknown_words
from engine.language.environment import Environment
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def env():
    return load_rulebook(ROOT / "rulebook" / "default.yaml").environment


def test_a_part_named_only_inside_a_string_is_not_read(env):
    reads = env.compile('包含(封面, "情况说明", "概况", "名词解释")').reads
    assert reads.parts == frozenset() and not reads.forms
    assert reads.document == {"封面"}
    assert env.compile('包含(封面, "自评表")').reads.forms is False


def test_a_function_reading_the_narrative_reads_it_though_the_rule_never_names_it(env):
    reads = env.compile("每个 p 属于 方向词不符(): 不应出现(p)").reads
    assert reads.parts == {"情况说明"}
    headings = env.compile("每个 p 属于 标题年度不一(): 不应出现(p)").reads
    assert headings.parts == {"情况说明", "概况", "名词解释"} and headings.document == {"封面", "目录", "部分标题"}
    assert headings.every_table


def test_a_definition_reads_what_its_text_reads(env):
    """收支总体说明 = 情况说明.「收入支出决算总体情况」: a rule naming the definition reads the part and that section."""
    reads = env.compile('有值(文中金额(收支总体说明, "收入总计{金额}万元"))').reads
    assert reads.parts == {"情况说明"}
    assert reads.sections == {"情况说明.「收入支出决算总体情况」"}
    assert env.compile("自评为优的项目数 > 0").reads.forms


def test_tables_forms_and_metadata(env):
    reads = env.compile('每个 f 属于 自评表: f.执行金额 <= 公开03.合计.项目支出 或 口径 == "shanxi10"').reads
    assert reads.forms and reads.tables == {"公开03"} and reads.metadata == {"口径"} and not reads.parts
    # a function declaring a table by its id: 经费科目不符 compares the 情况说明 with 公开06
    declared = env.compile('每个 p 属于 经费科目不符("301、303"): 不应出现(p)').reads
    assert declared.tables == {"公开06"} and declared.parts == {"情况说明"}


def test_every_builtin_says_what_it_reads():
    catalogue = load_catalogue()
    undeclared = [fn.name for fn in BUILTINS if fn.reads is None]
    assert undeclared == []
    wrong = {fn.name: unknown_words(fn.reads or (), catalogue) for fn in BUILTINS}
    assert {name: words for name, words in wrong.items() if words} == {}
    for name in BUILTINS.document_names():
        assert BUILTINS.document_reads(name) is not None, name


def _undeclared_env() -> Environment:
    """The builtins plus one function that never said what it reads."""
    stray = Function("stray", ("stray", "外来"), (), "bool", "未声明读取", "declares nothing",
                     impl=lambda: True, example="外来()")
    registry = Registry([*BUILTINS, stray], {name: BUILTINS.document_name(name) for name in BUILTINS.document_names()},
                        {name: BUILTINS.document_reads(name) or () for name in BUILTINS.document_names()})
    return Environment.build(functions=registry)


def test_a_function_that_never_said_what_it_reads_reads_everything():
    reads = _undeclared_env().compile("外来()").reads
    assert reads.undeclared == {"stray"}
    assert reads.parts == {"情况说明", "概况", "名词解释"} and reads.forms and reads.every_table
    assert reads.document == {"封面", "目录", "部分标题"} and reads.metadata == {"口径", "年度", "单位名称"}
    assert {"情况说明", "自评表", "公开表"} <= WORDS
