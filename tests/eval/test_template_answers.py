"""A template's answers are kept per document and shared by every rule and element that asks the same words
(engine/functions/templates.py): what is read must still depend on the section, the row, the n-th match and what
is read (金额 or 增减), exactly as when each expression runs alone."""
from __future__ import annotations

import pytest

from engine.functions import narrative
from engine.functions.builtins import BUILTINS
from engine.language.environment import Environment
from engine.language.runtime import Memo
from engine.model import Section, Source
from tests.eval.fixtures import disclosure

# each holds on the fixture below; each would fail if it were answered from another expression's look-up
_HOLDING = (
    '文中金额(情况说明.一, "收入总计{增减}{金额}万元") == 12.50',
    '文中增减(情况说明.一, "收入总计{增减}{金额}万元") == -12.50',  # same words, read as a change: negative
    '文中金额(情况说明.一, "收入总计{增减}{金额}万元", 2) == 3.00',  # the second match
    '文中增减(情况说明.一, "收入总计{增减}{金额}万元", 2) == 3.00',
    '文中金额(情况说明.三, "收入总计{增减}{金额}万元") == 7.00',  # the same words in another section
    '为空(文中金额(情况说明.五, "收入总计{增减}{金额}万元"))',  # a section without them
    '每个 r 属于 公开05[类]：文中金额(情况说明.五.「结构」, "{r}(类){金额}万元") == r.合计',  # one per row's label
    '每个 r 属于 公开05[类]：有值(文中百分比(情况说明.五.「结构」, "{r}(类){*}占比{%}"))',
    '文中百分比(情况说明.五.「结构」, "社会保障和就业支出(类){*}占比{%}") == 40',
)


def _doc():
    doc = disclosure()
    first, third = doc.narrative.sections[0], doc.narrative.sections[1]
    first.text = "收入总计减少12.50万元，下降11.11%；另收入总计增加3.00万元。"
    third.text = "2024年度收入总计增加7.00万元，支出合计100.00万元。"
    doc.narrative.sections.append(Section(number="六", title="其他", text="收入总计增加9.00万元。", source=Source(line=990)))
    return doc


@pytest.fixture(scope="module")
def env():
    return Environment.build(functions=BUILTINS)


@pytest.mark.parametrize("order", [1, -1])
def test_expressions_sharing_a_memo_read_what_each_reads_alone(env, order):
    doc = _doc()
    alone = {text: env.compile(text).run(doc).status for text in _HOLDING}
    assert set(alone.values()) == {"pass"}, alone
    memo = Memo(doc)
    shared = {text: env.compile(text).run(doc, memo=memo).status for text in _HOLDING[::order]}
    assert shared == alone


def test_a_search_runs_once_per_words_section_and_match(env, monkeypatch):
    """Asked by many expressions and rows, the same words are searched once per section and n-th match."""
    searched: list[tuple] = []
    find_flat, find_labelled = narrative.Template.find_flat, narrative.Template.find_labelled

    def counting(self, text, nth=1, encoded=None):
        searched.append((self.source, text, nth))
        return find_flat(self, text, nth, encoded)

    def counting_labelled(self, labels, text, nth=1, encoded=None):  # {r} templates: one search per label
        searched.append((self.text, labels, text, nth))
        return find_labelled(self, labels, text, nth, encoded)
    monkeypatch.setattr(narrative.Template, "find_flat", counting)
    monkeypatch.setattr(narrative.Template, "find_labelled", counting_labelled)
    doc = _doc()
    memo = Memo(doc)
    for text in _HOLDING * 3:
        env.compile(text).run(doc, memo=memo)
    labelled = [s for s in searched if len(s) == 4]
    assert labelled, "the {r} cases must be searched through find_labelled"
    assert searched and len(searched) == len(set(searched))


def test_the_same_words_in_a_loop_and_outside_it_are_searched_once(env, monkeypatch):
    """A template is the same whatever loop variables are in scope where it is written (only those it names
    count): a rule over every section and a rule naming one section share the search of that section."""
    searched: list[str] = []
    find_flat = narrative.Template.find_flat

    def counting(self, text, nth=1, encoded=None):
        searched.append(text)
        return find_flat(self, text, nth, encoded)
    monkeypatch.setattr(narrative.Template, "find_flat", counting)
    doc = _doc()
    memo = Memo(doc)
    looped = env.compile('每个 s 属于 情况说明：为空(文中金额(s, "收入总计{增减}{金额}万元")) 或 文中金额(s, "收入总计{增减}{金额}万元") > 0')
    named = env.compile('文中金额(情况说明.一, "收入总计{增减}{金额}万元") == 12.50')
    assert looped.run(doc, memo=memo).status == "pass" and named.run(doc, memo=memo).status == "pass"
    assert len(searched) == len(set(searched)) == 3  # 一, 三 and 六 state it; 五 is answered by its missing words


def test_words_matched_without_their_optional_figure_are_not_a_stated_amount(env):
    """`{增减}{金额}` matches "持平万元" with no amount: 文中金额 is then not stated (E404, 为空), never a crash
    (found by the hostile-template fuzz test)."""
    doc = _doc()
    doc.narrative.sections[0].text = "收入总计持平万元。"
    words = '文中金额(情况说明.一, "收入总计{增减}{金额}万元")'
    ran = env.compile(f"{words} == 1").run(doc)
    assert ran.status == "error" and "E404" in repr(ran.violations)
    assert env.compile(f"为空({words})").run(doc).status == "pass"
    assert env.compile(f"有值({words})").run(doc).status == "fail"
