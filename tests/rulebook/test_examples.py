"""Every rule's examples, one test each (ids RULE/CASE), so `pytest -k T11` runs one rule's cases."""
import pytest

from engine.rules.examples import run_example
from engine.rules.loader import load_rulebook

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
    from engine.rules.lint import lint

    lacking = [d.message_zh for d in lint(None)[0] if d.code in ("W512", "E511")]
    assert lacking == []


@pytest.mark.parametrize("item, says", [
    ([9, "培训次数", "完成值", "1次"], "第9张自评表"),
    ([3, "没有这个指标", "完成值", "1次"], "没有指标「没有这个指标」"),
    ([3, "财政业务教育培训次数", "完成数", "1次"], "指标字段「完成数」"),
    (["三", "财政业务教育培训次数", "完成值"], "[自评表序号, 指标名称, 字段, 新值]"),
])
def test_a_bad_indicator_edit_is_a_clear_example_error(item, says):
    rule = next(r for r in BOOK.rules if r.id == "P07")
    result = run_example(rule, {"名称": "坏", "样本": "yangquan-czj-2024.json", "替换指标": [item], "期望": "通过"}, 0)
    assert not result.ok and result.actual == "示例无法运行" and says in result.detail, result


def test_indicator_rows_are_not_set_as_a_form_field():
    rule = next(r for r in BOOK.rules if r.id == "P07")
    result = run_example(rule, {"样本": "yangquan-czj-2024.json", "修改": {"自评表[3].指标": "1"}, "期望": "通过"}, 0)
    assert result.actual == "示例无法运行" and "替换指标" in result.detail, result


def test_an_indicator_edit_changes_the_outcome():
    rule = next(r for r in BOOK.rules if r.id == "P07")
    reasons = [[3, name, "未完成原因", "培训计划调整"] for name in ("财政业务教育培训次数", "会计业务培训人数", "安全事故发生率")]
    fixed = run_example(rule, {"样本": "yangquan-czj-2024.json", "替换指标": reasons, "期望": "通过"}, 0)
    partly = run_example(rule, {"样本": "yangquan-czj-2024.json", "替换指标": reasons[:2], "期望": "不通过",
                                "元素": ["财政事务中心购买服务 / 安全事故发生率"]}, 0)
    assert fixed.ok and partly.ok, (fixed, partly)


def test_examples_edit_a_copy_and_never_the_shared_sample():
    """Examples copy only what they change (copy-on-write): every edit kind leaves the cached sample as it was."""
    from engine.rules.examples import _load_sample, _sample_path, build_document, normalise_example

    rule = next(r for r in BOOK.rules if r.id == "P07")
    sample = _load_sample(_sample_path(rule, "yangquan-czj-2024.json"))
    before = sample.model_dump_json()
    edits = [
        {"修改": {"公开05[2010602].项目支出": "785.07", "自评表[1].总分": "1"}},
        {"删除表": ["公开03", "公开05"]},
        {"替换指标": [[3, "财政业务教育培训次数", "未完成原因", "调整"]]},
        {"替换文本": [["封面", "阳泉", "某"], ["目录", "2024", "2023"], ["情况说明.十", "绩效自评个数5个", "绩效自评个数6个"]]},
    ]
    for edit in edits:
        doc = build_document(rule, normalise_example({"样本": "yangquan-czj-2024.json", **edit}))
        assert doc.model_dump_json() != before, edit  # the edit took effect on the copy …
    assert sample.model_dump_json() == before  # … and not on the sample every other example starts from
