"""PerformanceForm → the printed lines of a 项目支出绩效自评表, in the layout the Shanxi template prints.

Funds as label | amount pairs (其中 parts under them), 项目执行情况 with its stated rate and score, the indicator
grid (一级 | 二级 | 指标N | 三级指标 | 年度指标值 | 全年完成值 | 未完成原因 | 自评得分), 总分, 自评结论."""
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
