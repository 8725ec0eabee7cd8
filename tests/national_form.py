"""A 项目支出绩效自评表 in the national template (财政部 财预〔2020〕10号 附件; Beijing, Yunnan …), written out by hand
for one made-up project, and ways of printing it: shared by the importer, rule and round-trip tests.

Funds: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 over 年度资金总额 and its 其中 rows; 年度总体目标
(预期目标 | 实际完成情况); the indicator grid 一级 | 二级 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进
措施; 总分 | 100 | score; 自评等级. Its figures hold by the template's formulas: 执行率 = 114 ÷ 120 = 95.00%, its score
min(95%, 1) × 10 = 9.5, 总分 = 9.5 + 20 + 13 + 15 + 28 + 10 = 95.5 (优), each 得分 ≤ its 分值, 年度资金总额 = Σ 其中, the
one unmet indicator (服务合格率 93% < 95%) explained."""
from __future__ import annotations

ROWS = [
    ["项目支出绩效自评表"],
    ["（2023年度）"],
    ["项目名称", "示范街道社区服务项目"],
    ["主管部门", "示范区民政局", "实施单位", "示范街道办事处"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "100.00", "120.00", "114.00", "10", "95.00%", "9.5"],
    ["", "其中：当年财政拨款", "100.00", "110.00", "105.00", "—", "—", "—"],
    ["", "上年结转资金", "0.00", "10.00", "9.00", "—", "—", "—"],
    ["", "其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
    ["年度总体目标", "预期目标", "", "", "实际完成情况"],
    ["", "完成社区服务中心运营，服务居民不少于5000人次。", "", "", "完成运营，服务居民5200人次。"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "服务人次", "≥5000人次", "5200人次", "20", "20", ""],
    ["", "", "质量指标", "服务合格率", "≥95%", "93%", "15", "13", "部分服务记录不全，已完善台账"],
    ["", "", "时效指标", "按时完成率", "100%", "100%", "15", "15", ""],
    ["", "效益指标", "社会效益指标", "居民获得感提升", "有效提升", "有效提升", "30", "28", "宣传覆盖不足，加强宣传"],
    ["", "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "92%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "95.5", ""],
    ["自评等级", "优"],
]


def tabs(rows: list[list[str]] = ROWS) -> str:
    return "\n".join("\t".join(r) for r in rows) + "\n"


def cell_lines(rows: list[list[str]] = ROWS) -> str:
    """One cell a line (an empty cell leaves no trace)."""
    return "\n".join(c for r in rows for c in r if c) + "\n"


def single_spaces(rows: list[list[str]] = ROWS) -> str:
    return "\n".join(" ".join(c for c in r if c) for r in rows) + "\n"


def changed(rows: list[list[str]], row: int, column: int, text: str) -> list[list[str]]:
    """The rows with one cell changed (a defect, or a correction)."""
    out = [list(r) for r in rows]
    out[row][column] = text
    return out
