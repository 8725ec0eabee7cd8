"""Literal templates: user text is never a regex; width and spacing differences do not matter."""
from decimal import Decimal as D

import pytest
from hypothesis import given, strategies as st

from engine.functions.narrative import TemplateError, compile_template, flatten


def test_amount_with_thousands_separator_and_line_break():
    found = compile_template("收入总计{金额}万元").find("收入总计2,014.44万元，支出总计 2014. 45 万元")
    assert found.amount.value == D("2014.44") and found.amount.tol == D("0.005")
    assert compile_template("支出总计{金额}万元").find("支出总计 2014. 45 万元").amount.value == D("2014.45")


def test_regex_characters_are_literal():
    tpl = compile_template("支出(类){金额}.*")
    assert tpl.find("支出(类)5.00万元") is None
    assert tpl.find("支出（类）5.00.*").amount.value == D("5.00")


def test_direction_gives_sign_and_percent_keeps_precision():
    found = compile_template("较上年{增减}{金额}万元，{增减}{%}").find("较上年减少2.63万元，下降3.01%")
    assert (found.sign, found.amount.value, found.percent.value, found.percent.tol) == (-1, D("2.63"), D("3.01"), D("0.005"))
    assert compile_template("{增减}{%}").find("增长2.6%").percent.tol == D("0.05")


@pytest.mark.parametrize("bad, code", [("收入{金}", "E232"), ("收入{金额", "E231"), ("收入总计", "E233")])
def test_bad_templates_are_diagnosed(bad, code):
    with pytest.raises(TemplateError) as err:
        compile_template(bad)
    assert err.value.code == code


@given(st.text(max_size=40), st.text(max_size=80))
def test_any_template_and_text_never_crash(template, text):
    try:
        tpl = compile_template(template)
    except TemplateError:
        return
    found = tpl.find(text)
    assert found is None or found.snippet


@pytest.mark.parametrize("nth", [1, 2])
def test_match_offset_words_and_reason_are_characters_of_the_text(nth):
    """The matcher searches UTF-8: what it reports must still be the text's own characters and offsets."""
    text = flatten("一、收入总计减少1.00万元，主要原因是项目结束。二、收入总计增加 2.50 万元，主要原因是新增人员。")
    tpl = compile_template("收入总计{增减}{金额}万元，主要原因是{原因}")
    found = tpl.find_flat(text, nth)
    assert text[found.start:found.start + len(found.snippet)] == found.snippet
    assert found.snippet.startswith("收入总计") and found.reason in ("项目结束", "新增人员")
    assert found.amount.value == (D("1.00") if nth == 1 else D("2.50")) and found.sign == (-1 if nth == 1 else 1)
    assert tpl.find_flat(text, 3) is None


_PIECES = ["收入总计", "收入", "总计", "收入收入", "减少", "增加", "1.00", "2,014.5", "万元", "，", "。", "主要原因是", "项目",
           "一般公共服务支出", "年初预算", "％", "%", "3.5", "x"]
_TEMPLATES = ["收入总计{增减}{金额}万元", "收入收入{金额}万元", "总计{*}{金额}万元，主要原因是{原因}", "{增减}{%}",
              "{r}年初预算{*}{金额}万元", "{r}{*}%{*}。{增减}{金额}万元"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from(_TEMPLATES),
       st.sampled_from(["一般公共服务支出", "收入", "收入总计"]))
def test_first_match_is_the_leftmost_one_whatever_its_leading_words(pieces, template, label):
    """The first match is looked for from each occurrence of the template's leading words (RE2 anchored there):
    it must be the match RE2's own unanchored search finds (the leading words recurring, failing at their first
    occurrences, overlapping themselves, a slot's label among them)."""
    text = flatten("".join(pieces))
    tpl = compile_template(template, frozenset({"r"}))
    if tpl.slots:
        tpl = tpl.bind({"r": label})
    found = tpl.find_flat(text)
    if any(word not in text for word in tpl.needles):
        assert found is None
        return
    data = text.encode()
    m = tpl.pattern.search(data)
    if m is None:
        assert found is None
        return
    assert found is not None
    start, end = m.span()
    assert (found.start, found.snippet) == (len(data[:start].decode()), data[start:end].decode())
    groups = {name[0]: m[name] for name in sorted(tpl.pattern.groupindex, key=tpl.pattern.groupindex.get, reverse=True)
              if m[name] is not None}
    assert (found.amount.value if found.amount else None) == (
        D(groups["a"].decode().replace(",", "")) if "a" in groups else None)
    assert (found.reason or None) == (groups["r"].decode() if "r" in groups else None)


@pytest.mark.parametrize("template, text, snippet, start", [
    ("收入总计{增减}{金额}万元", "收入总计减少，收入总计增加1.00万元", "收入总计增加1.00万元", 7),  # first occurrence fails
    ("收入收入{金额}万元", "收入收入收入5万元", "收入收入5万元", 2),  # the leading words overlap themselves
    ("收入{金额}万元", "收入x收入1万元收入2万元", "收入1万元", 3),
])
def test_first_match_after_leading_words_that_do_not_match(template, text, snippet, start):
    found = compile_template(template).find_flat(text)
    assert (found.snippet, found.start) == (snippet, start)


_LABELS = ["一般公共服务支出", "收入", "收入总计", "支出(类)", "一般公共 服务支出", "ＸＹ支出", "年初预算", "%"]
_LED = [t for t in _TEMPLATES if t.startswith("{r}")] + ["{r}(类){金额}万元，占{*}{%}", "{r}{增减}{金额}万元"]


@given(st.data(), st.sampled_from(_LED), st.sampled_from(_LABELS), st.sampled_from([1, 2]))
def test_a_leading_slot_is_searched_as_its_bound_pattern_is(data, template, label, nth):
    """`{r}…` is searched without a pattern per label (what follows the label matched anchored after it): the
    match, its words, offset and figures are the bound pattern's (the label recurring, failing where it first
    occurs, inside another label)."""
    pieces = data.draw(st.lists(st.sampled_from(_PIECES + _LABELS + [label] * 6 + ["(类)", "占比"]), max_size=30))
    text = flatten("".join(pieces))
    tpl = compile_template(template, frozenset({"r"}))
    assert tpl._tail_matcher() is not None
    assert tpl.find_labelled((label,), text, nth) == tpl.bind({"r": label}).find_flat(text, nth)


@pytest.mark.parametrize("text, snippet, start", [
    ("收入总计减少，收入总计增加1.00万元", "收入总计增加1.00万元", 7),  # where the label first occurs, no match
    ("一般收入x收入减少2万元", "收入减少2万元", 5),
])
def test_a_leading_slot_finds_the_first_match_after_the_label(text, snippet, start):
    tpl = compile_template("{r}{增减}{金额}万元", frozenset({"r"}))
    label = "收入总计" if text.startswith("收入总计") else "收入"
    found = tpl.find_labelled((label,), text)
    assert (found.snippet, found.start) == (snippet, start)
    assert found == tpl.bind({"r": label}).find_flat(text)


def test_a_template_not_led_by_its_slot_is_searched_bound():
    tpl = compile_template("较上年{r}{增减}{金额}万元", frozenset({"r"}))
    assert tpl._tail_matcher() is None
    assert tpl.find_labelled(("收入",), "较上年收入减少1.00万元").amount.value == D("1.00")
