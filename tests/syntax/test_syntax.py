"""The rule language's syntax: identity file, golden diagnostics, spans, keywords, and hypothesis round trips."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from engine.diagnostics import DiagnosticError, Origin, make, render
from engine.language.nodes import (All, Binary, Call, Compare, ForAll, If, Index, Key, Level, Logical, Member, Name, Not,
                          Number, Percent, Prefix, Range, Same, String, Unary)
from engine.language.printer import to_text
from engine.resources import grammar_path
from engine.language.syntax import normalise_punctuation, parse

HERE = Path(__file__).parent


def _identity_lines() -> list[str]:
    lines = HERE.joinpath("identity.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _error_cases() -> list[dict]:
    return YAML(typ="safe").load(HERE.joinpath("errors.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("line", _identity_lines())
def test_identity(line: str) -> None:
    assert to_text(parse(line)) == line


@pytest.mark.parametrize("case", _error_cases(), ids=lambda case: case["name"])
def test_error_rendering(case: dict) -> None:
    origin = Origin(case.get("file"), case.get("line", 1), case.get("column", 1))
    with pytest.raises(DiagnosticError) as caught:
        parse(case["text"], origin=origin, line_text=case.get("line_text"))
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.code == case["code"]
    assert render(diagnostic, case.get("lang", "zh")) == case["expect"].rstrip("\n")


def test_grammar_is_clean_under_strict_mode() -> None:
    pytest.importorskip("interegular")  # lark's strict mode needs it to check terminal collisions
    from lark import Lark
    Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", strict=True)


# --- the two examples of the issue, and the node shapes -------------------------------------------

def test_examples_parse_as_written() -> None:
    node = parse("公开05.合计 == 公开01.本年支出合计")
    assert node == Compare("==", Member(Name("公开05"), "合计"), Member(Name("公开01"), "本年支出合计"))
    assert parse("三公决算 <= 预算") == Compare("<=", Name("三公决算"), Name("预算"))


def test_spans_point_into_the_original_text() -> None:
    text = "公开05[2010601].基本支出 ＞＝ sum(公开06[301*])"
    node = parse(text)
    assert isinstance(node, Compare)
    assert text[slice(*node.span)] == text
    left, right = node.left, node.right
    assert text[slice(*left.span)] == "公开05[2010601].基本支出"
    assert text[slice(*left.obj.span)] == "公开05[2010601]"
    assert text[slice(*left.obj.selector.span)] == "2010601"
    assert text[slice(*right.span)] == "sum(公开06[301*])"
    assert text[slice(*right.args[0].selector.span)] == "301*"


def test_spans_of_quotes_and_keywords() -> None:
    text = "如果 有值(公开09.「公务接待费」) 则 r.合计 否则 -1"
    node = parse(text)
    assert isinstance(node, If)
    member = node.cond.args[0]
    assert text[slice(*member.span)] == "公开09.「公务接待费」"
    assert text[slice(*node.otherwise.span)] == "-1"
    assert node.span == (0, len(text))


def test_parenthesised_node_keeps_inner_span() -> None:
    text = "(a + b) * c"
    node = parse(text)
    assert text[slice(*node.left.span)] == "a + b"
    assert node.span == (0, len(text))


@pytest.mark.parametrize("text, op", [
    ("a = b", "=="), ("a ＝ b", "=="), ("a ＝＝ b", "=="), ("a ≠ b", "!="), ("a ！＝ b", "!="),
    ("a ≤ b", "<="), ("a ≦ b", "<="), ("a ＜＝ b", "<="), ("a ≥ b", ">="), ("a ≧ b", ">="),
    ("a ＜ b", "<"), ("a ＞ b", ">"),
])
def test_comparison_spellings(text: str, op: str) -> None:
    node = parse(text)
    assert isinstance(node, Compare) and node.op == op
    assert node.right.span == (len(text) - 1, len(text))


def test_full_width_punctuation_and_digits() -> None:
    node = parse("四舍五入（公开０５.合计 × ２，１） ≥ ６１．０８％")
    assert node == Compare(">=", Call("四舍五入", (Binary("*", Member(Name("公开05"), "合计"), Number(Decimal(2), "2")),
                                                 Number(Decimal(1), "1"))),
                           Percent(Decimal("61.08"), "61.08%"))
    assert normalise_punctuation("（ａ）：，") == "(ａ):,"


def test_quoted_labels_keep_full_width_text() -> None:
    node = parse('公开09.「因公出国（境）费」 + 公开09."公务接待费（含外宾）"')
    assert node.left == Member(Name("公开09"), "因公出国（境）费", quoted=True)
    assert node.right == Member(Name("公开09"), "公务接待费（含外宾）", quoted=True)


def test_quoted_text_in_argument_position_is_a_string() -> None:
    node = parse('文中金额(情况说明.一, 「收入总计{金额}万元」) == 文中金额(情况说明.一, “支出总计{金额}万元”)')
    assert node.left.args[1] == String("收入总计{金额}万元")
    assert node.right.args[1] == String("支出总计{金额}万元")
    assert parse("sum((「三公决算」))").args[0] == Name("三公决算", quoted=True)
    assert parse("「三公决算」 > 0").left == Name("三公决算", quoted=True)


@pytest.mark.parametrize("text, expected", [
    ("x[2010601]", Key("2010601")), ("x[17]", Key("17")), ("x[「合计」]", Key("合计", quoted=True)),
    ("x[类]", Level("类")), ("x[款]", Level("款")), ("x[项]", Level("项")), ("x[201*]", Prefix("201")),
    ("x[8..15]", Range("8", "15")), ("x[*]", All()), ("x［８..１５］", Range("8", "15")),
])
def test_selectors(text: str, expected: object) -> None:
    assert parse(text) == Index(Name("x"), expected)


# --- keywords against names -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("公开02.非税收入 > 0", Compare(">", Member(Name("公开02"), "非税收入"), Number(Decimal(0), "0"))),
    ("非税收入", Name("非税收入")),
    ("或有负债 + 属于关系", Binary("+", Name("或有负债"), Name("属于关系"))),
    ("公开01.则例", Member(Name("公开01"), "则例")),
    ("如果 a>0则 b 否则 c", If(Compare(">", Name("a"), Number(Decimal(0), "0")), Name("b"), Name("c"))),
    ("a>0且b<1", Logical("and", Compare(">", Name("a"), Number(Decimal(0), "0")),
                         Compare("<", Name("b"), Number(Decimal(1), "1")))),
    ("a 或有负债", Logical("or", Name("a"), Name("有负债"))),
    ("非 有值(x)", Not(Call("有值", (Name("x"),)))),
    ("not a and b or c", Logical("or", Logical("and", Not(Name("a")), Name("b")), Name("c"))),
    ("android or order", Logical("or", Name("android"), Name("order"))),
    ("if a then b else c", If(Name("a"), Name("b"), Name("c"))),
    ("forall r in t[*]: r.x", ForAll("r", Index(Name("t"), All()), Member(Name("r"), "x"))),
    ("每个 r 属于 t[*]：r.x", ForAll("r", Index(Name("t"), All()), Member(Name("r"), "x"))),
    ("每个 项目 属于 t[项]: 项目.x", ForAll("项目", Index(Name("t"), Level("项")), Member(Name("项目"), "x"))),
])
def test_keywords_and_names(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["如果 a>0则b否则c", "每个r属于公开05[*]: r.合计 > 0", "每个项 属于 t[项]: 1"])
def test_glued_keyword_is_named(text: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse(text)
    assert caught.value.diagnostics[0].code == "E122"


@pytest.mark.parametrize("text", ["公开01.如果", "f(且)", "a + 属于", "每个 则 属于 t: 1"])
def test_keywords_are_reserved(text: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse(text)
    assert caught.value.diagnostics[0].code == "E123"


def test_keyword_as_label_must_be_quoted() -> None:
    assert parse("公开01.「如果」") == Member(Name("公开01"), "如果", quoted=True)
    assert to_text(Member(Name("公开01"), "如果")) == "公开01.「如果」"


def test_number_keeps_written_precision() -> None:
    node = parse("1230.370")
    assert node == Number(Decimal("1230.370"), "1230.370")
    assert node.value.as_tuple().exponent == -3


# --- diagnostics as data --------------------------------------------------------------------------

def test_diagnostic_to_dict_is_json_with_file_position() -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse("a +", origin=Origin("rules.yaml", 3, 9))
    data = json.loads(json.dumps(caught.value.diagnostics[0].to_dict(), ensure_ascii=False))
    assert (data["code"], data["file"], data["line"], data["column"]) == ("E109", "rules.yaml", 3, 11)
    assert data["message_zh"] == "运算符「+」后缺少表达式"
    assert data["span"] == [2, 3]


def test_make_fills_both_languages_and_drops_hint_without_facts() -> None:
    with_hint = make("E201", (0, 2), source="ab", name="ab", suggestion="abc")
    assert (with_hint.message_zh, with_hint.hint_zh) == ("未知名称「ab」", "是否是「abc」？")
    assert with_hint.hint_en == "did you mean 'abc'?"
    assert make("E201", (0, 2), source="ab", name="ab").hint_zh == ""


def test_render_matches_the_design_example() -> None:
    # the layout of design-notes.md: carets under the whole span, CJK two columns wide
    line = "  规则: 公开05.合计 == 公开01.本年支出合记"
    diagnostic = make("E202", (11, 22), source="公开05.合计 == 公开01.本年支出合记",
                      origin=Origin("rulebook/gk05.yaml", 12, 7), line_text=line,
                      table="公开01", row="本年支出合记", suggestion="本年支出合计")
    assert render(diagnostic) == "\n".join([
        "rulebook/gk05.yaml:12:18: 错误 E202 表公开01没有行「本年支出合记」",
        "   |",
        "12 |   规则: 公开05.合计 == 公开01.本年支出合记",
        "   |                        ^^^^^^^^^^^^^^^^^^^",
        "   = 提示：是否是「本年支出合计」？",
    ])
    assert render(diagnostic, "en").splitlines()[0] == \
        "rulebook/gk05.yaml:12:18: error E202 table 公开01 has no row '本年支出合记'"


def test_multi_line_block_positions() -> None:
    text = "公开05.合计\n  == 公开01.\n"
    with pytest.raises(DiagnosticError) as caught:
        parse(text, origin=Origin("gk.yaml", 20, 5))
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.position() == (21, 5 + len("  == 公开01"))
    assert render(diagnostic).splitlines()[2] == "21 |       == 公开01."


def test_non_text_rule_is_a_diagnostic() -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse(None)  # type: ignore[arg-type]
    assert caught.value.diagnostics[0].code == "E121"


def test_deep_nesting_is_a_diagnostic() -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse("(" * 3000 + "a" + ")" * 3000)
    assert caught.value.diagnostics[0].code == "E120"


def test_one_parser_shared_safely_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from engine.language.syntax import _parser
    assert _parser() is _parser()
    lines = _identity_lines()
    expected = [parse(line) for line in lines]

    def work(offset: int) -> bool:
        order = lines[offset:] + lines[:offset]
        return [parse(line) for line in order] == expected[offset:] + expected[:offset]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(0, len(lines), 5)))


# --- hypothesis -------------------------------------------------------------------------------------

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_names = st.one_of(
    st.sampled_from(["公开05", "合计", "本年支出合计", "r", "x_1", "非税收入", "或有负债", "属于关系", "类"]),
    st.text(_CJK, min_size=1, max_size=4),
).filter(lambda s: s not in {"且", "或", "非", "如果", "则", "否则", "每个", "属于"})
_labels = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=6).filter(
    lambda s: s.strip() and not all(c in s for c in "」\"”"))
_digits = st.from_regex(r"[0-9]{1,7}", fullmatch=True)
_decimals = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
_strings = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8).filter(
    lambda s: '"' not in s or "”" not in s)

_selectors = st.one_of(
    _digits.map(Key), _labels.map(lambda s: Key(s, quoted=True)), st.sampled_from(["类", "款", "项"]).map(Level),
    _digits.map(Prefix), st.tuples(_digits, _digits).map(lambda t: Range(*t)), st.just(All()),
    _names.filter(lambda s: s not in {"类", "款", "项"}).map(Same),
)
_leaves = st.one_of(
    _names.map(Name), _labels.filter(lambda s: "」" not in s).map(lambda s: Name(s, quoted=True)),
    _decimals.map(lambda d: Number(d, str(d))), _decimals.map(lambda d: Percent(d, f"{d}%")),
    _strings.map(String),
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(Member, children, _names), st.builds(lambda o, s: Member(o, s, quoted=True), children, _labels),
        st.builds(Index, children, _selectors),
        st.builds(Call, st.sampled_from(["sum", "求和", "abs", "占比", "文中金额"]),
                  st.lists(children, max_size=3).map(tuple)),
        st.builds(Unary, st.just("-"), children),
        st.builds(Binary, st.sampled_from("+-*/"), children, children),
        st.builds(Compare, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), children, children),
        st.builds(Logical, st.sampled_from(["and", "or"]), children, children),
        st.builds(Not, children),
        st.builds(If, children, children, children),
        st.builds(ForAll, _names, children, children),
    )


_trees = st.recursive(_leaves, _extend, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(_trees)
def test_round_trip_generated_trees(tree: object) -> None:
    text = to_text(tree)
    assert parse(text) == tree
    assert to_text(parse(text)) == text


_alphabet = st.sampled_from(list("公开05.合计=<>!≠≤≥＝＜＞（）()[]【】「」\"“”*+-/%％ 且或非如果则否则每个属于:：,，. 0123456789ab\t\n'@#"))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(_alphabet, max_size=30), st.text(max_size=30)))
def test_arbitrary_text_gives_a_node_or_a_diagnostic(text: str) -> None:
    try:
        node = parse(text)
    except DiagnosticError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.code.startswith("E1")
            assert 0 <= diagnostic.span[0] <= diagnostic.span[1] <= len(text)
            assert render(diagnostic).startswith("<规则>:")
    else:
        assert parse(to_text(node)) == node
