"""A 自评表 read by its labels whatever separates its cells: tabs, single spaces, one cell a line give the same form;
a single-spaced indicator row whose cells have spaces inside, or a row whose empty cells cannot be told, is reported, never
split by a guess."""
from __future__ import annotations

from engine.importers.errors import Warnings
from engine.importers.forms import read_forms
from engine.importers.text import read_text

ROWS = [
    ["项目支出绩效自评表"],
    ["项目名称", "", "示范 项目经费"],
    ["主管部门", "示范局", "实施单位", "示范中心"],
    ["绩效自评评价年度", "2024年"],
    ["项目预算金额 (万元)", "", "120.5", "实际到位金额 (万元)", "100", "实际执行金额 (万元)", "80.25"],
    ["其中：市财政", "", "120.5", "市财政", "100", "市财政", "80.25"],
    ["其它", "", "", "其它", "", "其它", ""],
    ["项目执行情况", "", "预算执行率（实际执行金额/实际到位金额×100%）=80.25% 8分"],
    ["", "一级指标", "二级指标", "三级指标", "", "年度指标值", "全年完成值", "未完成原因和改进措施", "自评得分"],
    ["产出指标", "数量指标", "", "指标1", "培训场次", "≥10次", "8次", "场地不足", "40"],
    ["", "", "", "指标2", "覆盖人数", "≥500人", "520人", "", "8"],
    ["效益指标", "社会效益指标", "", "指标1", "", "", "", "", "28"],
    ["满意度指标", "服务对象满意度指标", "", "指标1", "满意度", "≥90%", "95%", "", "10"],
    ["总 分", "", "", "", "", "", "", "", "86"],
    ["自评结论", "", "自评等级：良；培训 8 场。"],
]


def _form(text: str):
    warnings = Warnings()
    forms = read_forms(read_text(text.encode("utf-8")).lines, warnings)
    assert len(forms) == 1
    return forms[0], warnings


def _content(form) -> dict:
    return {"project": form.project, "department": form.department, "implementer": form.implementer,
            "year": form.year, "funds": [(f.total.value, [(p.label, p.value) for p in f.parts])
                                         for f in (form.budget, form.available, form.executed)],
            "rate": form.execution_rate.value if form.execution_rate else None,
            "rate_score": form.execution_score.value if form.execution_score else None,
            "indicators": [(i.level1, i.level2, i.name, i.target, i.actual, i.shortfall_reason,
                            i.score.value if i.score else None) for i in form.indicators],
            "total": form.total_score.value if form.total_score else None, "conclusion": form.conclusion,
            "grade": form.grade}


def test_tabs_single_spaces_and_one_cell_a_line_give_the_same_form():
    tabs, _ = _form("\n".join("\t".join(r) for r in ROWS))
    want = _content(tabs)
    assert want["indicators"][0] == ("产出指标", "数量指标", "培训场次", "≥10次", "8次", "场地不足", 40)
    assert want["total"] == 86 and want["grade"] == "良"
    spaced, warned = _form("\n".join(" ".join(c for c in r if c) for r in ROWS))
    assert _content(spaced) == want
    assert not [w for w in warned.items if w.code == "form_unaligned"]
    cells, warned = _form("\n".join(c for r in ROWS for c in r if c))
    assert _content(cells) == want
    assert not [w for w in warned.items if w.code == "form_unaligned"]


def test_a_single_spaced_row_with_spaces_inside_a_cell_is_reported_not_guessed():
    rows = [list(r) for r in ROWS]
    rows[9][5:7] = ["工程费用 ≤500万元", "工程费用 ≤500万元，按 0.35% 收费"]
    _, warned = _form("\n".join(" ".join(c for c in r if c) for r in rows))
    unaligned = [w for w in warned.items if w.code == "form_unaligned"]
    assert unaligned and "一格中有空格" in unaligned[0].message
    cells, warned = _form("\n".join(c for r in rows for c in r if c))  # one cell a line keeps each cell whole
    assert cells.indicators[0].target == "工程费用 ≤500万元"
    assert not [w for w in warned.items if w.code == "form_unaligned"]


def test_a_row_with_two_cells_left_empty_is_reported_not_guessed():
    """`指标1 培训人数 100人 5`: 5 may be the completed value (score empty) or the score (completed value empty)."""
    rows = [r if r[3:4] != ["指标2"] else ["", "", "", "指标2", "培训人数", "100人", "", "", "5"] for r in ROWS]
    for text in ("\n".join(" ".join(c for c in r if c) for r in rows), "\n".join(c for r in rows for c in r if c)):
        form, warned = _form(text)
        unaligned = [w for w in warned.items if w.code == "form_unaligned"]
        assert len(unaligned) == 1 and "空着的格无法确定" in unaligned[0].message
