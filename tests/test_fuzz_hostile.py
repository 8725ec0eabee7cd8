"""Fuzzing (hypothesis) over rule texts, text templates, YAML rulebooks and documents (issue 15): every input ends
in a result, a diagnostic or a clear refusal within a time bound (hypothesis' deadline), never an unexpected
exception (the CLI's exit 70), a 500, or a hang."""
from __future__ import annotations

import copy
import json
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.diagnostics import DiagnosticError
from engine.resources import sample
from engine.rules.loader import RulebookError, load_rulebook

warnings.filterwarnings("ignore", category=DeprecationWarning)

FUZZ = settings(max_examples=60, deadline=3000, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


@pytest.fixture(scope="module")
def doc():
    from engine.model import Disclosure

    return Disclosure.model_validate_json(sample("yangquan-czj-2024.json").read_bytes())


# --- rule texts ------------------------------------------------------------------------------------------

PIECES = ["公开01", "公开05", "公开10", ".", "合计", "收入总计", "基本支出", "[", "]", "[类]", "[2010601]", "[8..15]",
          "[302*]", "[*]", "(", ")", "（", "）", "+", "-", "*", "/", "==", "!=", "<=", ">=", "<", ">", "≤", "=", "＝",
          "且", "或", "非", "如果", "则", "否则", "每个", "r", "属于", "：", ":", ",", "，", "求和", "计数", "四舍五入",
          "占比", "有值", "为空", "下级", "绝对值", "最大", "最小", "文中金额", "情况说明.一", '"', "「", "」",
          "{金额}", "{*}", "0", "1", "2.5", "100%", "1E+999999", "9" * 40, "1000000000", " ", "\n", "\x00", "三公决算"]

rule_texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join) | st.text(max_size=200)


@FUZZ
@given(text=rule_texts)
def test_any_rule_text_compiles_or_is_diagnosed_and_runs_to_a_status(book, doc, text):
    try:
        compiled = book.environment.compile(text)
    except DiagnosticError as exc:
        assert exc.diagnostics and all(d.message_zh for d in exc.diagnostics)
        return
    if compiled.kind == "bool":
        assert compiled.run(doc).status in ("pass", "fail", "rounding", "error", "not_checkable")
    assert compiled.value(doc).status in ("ok", "error", "not_checkable")


# --- text templates ------------------------------------------------------------------------------------

TEMPLATE_PIECES = ["{*}", "{金额}", "{%}", "{增减}", "{原因}", "{数}", "{", "}", "{r}", "收入", "总计", "万元", "，",
                   "。", "年", "比", "上年", "(", ")", "*", ".", "\\", "?", "+", "[", "]", "^", "$", "|"]


@FUZZ
@given(template=st.lists(st.sampled_from(TEMPLATE_PIECES), min_size=1, max_size=30).map("".join),
       filler=st.sampled_from(["甲", "收入", "总计1.00万元", "增加", "，", "{*}"]))
def test_any_template_over_long_text_ends_quickly(book, doc, template, filler):
    from engine.model import Disclosure

    hostile = Disclosure.model_validate(json.loads(doc.model_dump_json()))
    hostile.narrative.sections[0].text = filler * (3000 // len(filler)) + "万元"
    quoted = template.replace('"', "")
    for fn in ("文中金额", "文中增减", "文中原因"):
        try:
            compiled = book.environment.compile(f'有值({fn}(情况说明.一, "{quoted}"))')
        except DiagnosticError as exc:
            assert exc.diagnostics
            continue
        assert compiled.run(hostile).status in ("pass", "fail", "rounding", "error", "not_checkable")


# --- YAML rulebooks ---------------------------------------------------------------------------------------

YAML_PIECES = ["规则:", "rules:", "rulebook:", "规则库:", "  id: x\n", "定义:", "\n", "  - ", "编号: A1", "名称: n",
               "级别: error", "类别: c", "规则: 公开01.收入总计 >= 0", "&a ", "*a", "&b [*a, *a, *a]", "*b", "[", "]",
               "{", "}", ": ", "- ", "? ", "!!python/object:os.system", "!!binary", "'", '"', "扩展: default",
               "扩展: x.yaml", "包含: [x.yaml]", "停用: [T11]", "级别调整: {T11: warning}", "示例:", "样本: /etc/passwd",
               "    ", "\t", "#", "---", "...", "%YAML 1.1"]


@FUZZ
@given(text=st.lists(st.sampled_from(YAML_PIECES), min_size=1, max_size=40).map("".join))
def test_any_yaml_rulebook_loads_or_is_diagnosed(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzzbook")
    path = folder / "default.yaml"
    path.write_text(text, "utf-8")
    (folder / "x.yaml").write_text(text, "utf-8")
    try:
        book = load_rulebook(path)
    except RulebookError as exc:
        assert exc.diagnostics and all(d.message_zh for d in exc.diagnostics)
        return
    assert book.rules  # a rulebook that loads has rules: never "no rules, no problems"


# --- documents over HTTP --------------------------------------------------------------------------------

HOSTILE_VALUES = [None, "", "1E+999999999", "-0", "NaN", "9" * 400, "0." + "0" * 300 + "1", "１２３", 10 ** 30, -1,
                  1.5e308, True, [], {}, "仅供内部审核", "\x00", "a" * 5000, [[[[[[]]]]]], {"value": {"value": 1}}]


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))
    else:
        yield path


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    from engine.service.app import create_app
    from engine.service.settings import Settings

    return TestClient(create_app(None, Settings()), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def small_doc() -> dict:
    return json.loads(sample("consistent.json").read_text("utf-8"))


@FUZZ
@given(data=st.data())
def test_any_mutated_document_is_checked_or_refused_never_500(client, small_doc, data):
    paths = list(_leaves(small_doc))
    hostile = copy.deepcopy(small_doc)
    for _ in range(data.draw(st.integers(1, 5))):
        path = data.draw(st.sampled_from(paths))
        target = hostile
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = data.draw(st.sampled_from(HOSTILE_VALUES))
    body = json.dumps(hostile, ensure_ascii=False).encode("utf-8")
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (200, 413, 422), response.text[:300]
    assert "error" in response.json() or "summary" in response.json()
    expression = data.draw(rule_texts)
    evaluated = client.post("/v1/eval", json={"expression": expression or "1 == 1", "disclosure": hostile})
    assert evaluated.status_code in (200, 400, 413, 422), evaluated.text[:300]
    assert client.app.state.unexpected_errors == 0
