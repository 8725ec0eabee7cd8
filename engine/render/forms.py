"""PerformanceForm → the printed lines of a 项目支出绩效自评表, in the layout of the template it was read from.

Shanxi: funds as label | amount pairs (其中 parts under them), 项目执行情况 with its stated rate and score, the
indicator grid (一级 | 二级 | 指标N | 三级指标 | 年度指标值 | 全年完成值 | 未完成原因 | 自评得分), 总分, 自评结论.
National (财预〔2020〕10号 附件): 项目资金 headed 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 over 年度资金总额
and its 其中 rows, 年度总体目标 (预期目标 | 实际完成情况), the grid 一级 | 二级 | 三级指标 | 年度指标值 | 实际完成值 | 分值 |
得分 | 偏差原因分析及改进措施, 总分 | 100 | score, 自评等级."""
from __future__ import annotations

import re

from engine.model import FormField, PerformanceForm

TITLE = "项目支出绩效自评表"
_TRAILING = re.compile(r"\d[\d,]*(?:\.\s*\d+)?\s*$")
FUND_LABELS = (("budget", "项目预算金额（万元）"), ("available", "实际到位金额（万元）"), ("executed", "实际执行金额（万元）"))


def _amount(field: FormField) -> str:
    """The printed amount of a label+amount field (its text is 'label amount' when read from two cells)."""
    if field.value is None:
        return ""
    match = _TRAILING.search(field.text)
    return match[0].strip() if match else str(field.value)


def render_form(form: PerformanceForm) -> list[list[str]]:
    if form.template == "national":
        return _national(form)
    lines: list[list[str]] = [[TITLE], ["项目名称", form.project]]
    if form.department or form.implementer:
        lines.append(["主管部门", form.department, "实施单位", form.implementer])
    if form.year:
        lines.append(["绩效自评评价年度", form.year])
    funds = [(getattr(form, attr), label) for attr, label in FUND_LABELS if getattr(form, attr) is not None]
    if funds:
        line: list[str] = []
        for fund, label in funds:
            line += [fund.total.label or label, _amount(fund.total)]
        lines.append(line)
        for n in range(max(len(fund.parts) for fund, _ in funds)):
            line = []
            for fund, _ in funds:
                part = fund.parts[n] if n < len(fund.parts) else None
                line += [part.label, _amount(part)] if part is not None else ["", ""]
            lines.append(line)
    stated = form.execution_rate or form.execution_score
    lines.append(["项目执行情况", stated.text if stated else ""])  # printed even when empty: it ends the fund rows
    if form.indicators:
        lines.append(["一级指标", "二级指标", "", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施", "自评得分"])
        group, number = None, 0
        for item in form.indicators:
            key = (item.level1, item.level2)
            number = number + 1 if key == group else 1
            first = key != group
            group = key
            lines.append([item.level1 if first else "", item.level2 if first else "", f"指标{number}", item.name,
                          item.target, item.actual, item.shortfall_reason, item.score.text if item.score else ""])
    if form.total_score is not None:
        lines.append(["总分", *form.total_score.text.split()])
    if form.conclusion:
        lines.append(["自评结论", form.conclusion])
    return lines


NATIONAL_FUNDS = (("budget", "年初预算数"), ("available", "全年预算数"), ("executed", "全年执行数"))
NATIONAL_GRID = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                 "偏差原因分析及改进措施"]


def _text(field: FormField | None) -> str:
    return field.text if field is not None else ""


def _national(form: PerformanceForm) -> list[list[str]]:
    lines: list[list[str]] = [[TITLE]]
    if form.year:
        lines.append([f"（{form.year}）"])
    lines.append(["项目名称", form.project])
    if form.department or form.implementer:
        lines.append(["主管部门", form.department, "实施单位", form.implementer])
    funds = [getattr(form, attr) for attr, _ in NATIONAL_FUNDS]
    lines.append(["项目资金（万元）", "", *(fund.total.label if fund else label for fund, (_, label) in
                                         zip(funds, NATIONAL_FUNDS)), "分值", "执行率", "得分"])
    lines.append(["", "年度资金总额", *(_amount(fund.total) if fund else "" for fund in funds),
                  _text(form.execution_weight), _text(form.execution_rate), _text(form.execution_score)])
    for n in range(max((len(fund.parts) for fund in funds if fund), default=0)):
        parts = [fund.parts[n] if fund and n < len(fund.parts) else None for fund in funds]
        label = next(part.label for part in parts if part is not None)
        lines.append(["", f"其中：{label}" if n == 0 else label, *(_amount(p) if p else "" for p in parts),
                      "—", "—", "—"])
    if form.goal or form.goal_outcome:
        lines.append(["年度总体目标", "预期目标", "", "", "实际完成情况"])
        lines.append(["", form.goal, "", "", form.goal_outcome])
    if form.indicators:
        lines.append(list(NATIONAL_GRID))
        level1 = level2 = None
        for item in form.indicators:
            new1, new2 = item.level1 != level1, (item.level1, item.level2) != (level1, level2)
            level1, level2 = item.level1, item.level2
            lines.append(["", item.level1 if new1 else "", item.level2 if new2 else "", item.name, item.target,
                          item.actual, _text(item.weight), _text(item.score), item.shortfall_reason])
    if form.total_score is not None:
        lines.append(["总分", "", "", "", "", "", *form.total_score.text.split()])
    if form.grade:
        lines.append(["自评等级", form.grade])
    if form.conclusion:
        lines.append(["自评结论", form.conclusion])
    return lines
