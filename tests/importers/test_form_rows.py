"""A 自评表 read by its labels whatever separates its cells: tabs, single spaces, one cell a line give the same form;
a single-spaced indicator row whose cells have spaces inside, or a row whose empty cells cannot be told, is handed on
with every way its printed words may stand (counted first; beyond form_rows.CAP reported unread), never split by a
guess."""
from __future__ import annotations

from engine.importers import form_rows
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


def _readings(form) -> list[list[tuple]]:
    """Each open row's readings as (name, target, actual, reason, score) tuples."""
    return [[tuple(c.text for c in reading) for reading in group.readings] for group in form.ambiguous]


def _printed(reading: tuple) -> list[str]:
    return " ".join(c for c in reading if c).split()


def test_a_single_spaced_row_with_spaces_inside_a_cell_is_handed_on_with_every_reading():
    rows = [list(r) for r in ROWS]
    rows[9][5:7] = ["工程费用 ≤500万元", "工程费用 ≤500万元 按比例收费"]
    form, warned = _form("\n".join(" ".join(c for c in r if c) for r in rows))
    assert not [w for w in warned.items if w.code == "form_unaligned"]  # handed on, not unread
    [readings] = _readings(form)
    assert form.ambiguous[0].rows == ["0"] and form.ambiguous[0].lines[0].line == 10
    # the original's cells are one of them, and each reading is the printed words in order, cut into the cells
    assert ("培训场次", "工程费用 ≤500万元", "工程费用 ≤500万元 按比例收费", "场地不足", "40") in readings
    printed = "工程费用 ≤500万元 工程费用 ≤500万元 按比例收费 场地不足 40".split()
    assert all(_printed(r[1:]) == printed and r[0] == "培训场次" for r in readings) and len(set(readings)) == len(readings)
    # counted before listed: 7 words, the last a bare number: C(9,2) with no score + C(8,2) with it
    assert len(readings) == form_rows.count(printed) == 36 + 28
    first = form.indicators[0]
    assert (first.name, first.target, first.actual, first.shortfall_reason) == readings[0][:4]
    cells, warned = _form("\n".join(c for r in rows for c in r if c))  # one cell a line keeps each cell whole
    assert cells.indicators[0].target == "工程费用 ≤500万元" and not cells.ambiguous
    assert not [w for w in warned.items if w.code == "form_unaligned"]


def test_a_row_with_too_many_readings_stays_unread():
    rows = [list(r) for r in ROWS]
    rows[9][5:7] = ["工程费用 ≤500 万元 以下 按 0.35% 收费", "工程费用 ≤500 万元 以下 按 0.35% 收费"]
    form, warned = _form("\n".join(" ".join(c for c in r if c) for r in rows))
    assert form_rows.count(["x"] * 12) > form_rows.CAP and not form.ambiguous  # this row prints 12 words or more
    unaligned = [w for w in warned.items if w.code == "form_unaligned"]
    assert unaligned and "一格中有空格" in unaligned[0].message


def test_a_row_with_two_cells_left_empty_is_handed_on_with_both_readings():
    """`指标1 培训人数 100人 5`: 5 may be the completed value (score empty) or the score (completed value empty)."""
    rows = [r if r[3:4] != ["指标2"] else ["", "", "", "指标2", "培训人数", "100人", "", "", "5"] for r in ROWS]
    spaced, one_cell = "\n".join(" ".join(c for c in r if c) for r in rows), "\n".join(c for r in rows for c in r if c)
    # single spaces: the two words may share a cell (6 with no score + 3 with 5 the score); one cell a line: a line is
    # a cell, never joined to the next (3 + 3: '100人 5' is no reading there)
    for text, n in ((spaced, 6 + 3), (one_cell, 3 + 3)):
        form, warned = _form(text)
        assert not [w for w in warned.items if w.code == "form_unaligned"]
        [readings] = _readings(form)
        assert ("培训人数", "100人", "", "", "5") in readings and ("培训人数", "100人", "5", "", "") in readings
        assert all(_printed(r[1:]) == ["100人", "5"] for r in readings) and len(readings) == n == form_rows.count(
            ["100人", "5"], one_cell=text is one_cell)
        assert (text is one_cell) == all("100人 5" not in r for r in readings)
        assert form.ambiguous[0].rows == ["1"]


def test_one_cell_a_line_with_more_lines_than_cells_stays_unread():
    """One cell a line, a line is a cell: a row printing more lines than it has cells has no reading."""
    rows = [r if r[3:4] != ["指标2"] else ["", "", "", "指标2", "覆盖人数", "≥500人", "520人", "未达", "标", "8"] for r in ROWS]
    form, warned = _form("\n".join(c for r in rows for c in r if c))
    assert not form.ambiguous and [w for w in warned.items if w.code == "form_unaligned"]


def test_the_first_reading_is_the_readers_own_cells():
    """`指标2 覆盖人数 33`: the reader puts 33 in the target (cells fill from the first); the first reading is that,
    never 33 as the score (the indicator's own cells in the JSON and the first reading say the same)."""
    rows = [r if r[3:4] != ["指标2"] else ["", "", "", "指标2", "覆盖人数", "33", "", "", ""] for r in ROWS]
    for text in ("\n".join(" ".join(c for c in r if c) for r in rows), "\n".join(c for r in rows for c in r if c)):
        form, _ = _form(text)
        [readings] = _readings(form)
        indicator = form.indicators[1]
        assert (indicator.target, indicator.score) == ("33", None)
        assert readings[0] == ("覆盖人数", "33", "", "", "") and ("覆盖人数", "", "", "", "33") in readings


def test_a_form_with_an_open_row_is_partly_read_and_says_how_many_rows():
    from engine.importers.recognise import recognise
    from engine.importers.text import read_text as read

    rows = [r if r[3:4] != ["指标2"] else ["", "", "", "指标2", "培训人数", "100人", "", "", "5"] for r in ROWS]
    text = "示范局2024年度部门决算\n" + "\n".join(" ".join(c for c in r if c) for r in rows)
    doc = recognise(read(text.encode("utf-8")), "x.txt", None)
    [status] = [r for r in doc.reading if r.kind == "form"]
    assert status.status == "partly_read" and status.uncertain == ["placement"]
    assert "有 1 行指标" in str(status.reason) and "9 种" in str(status.reason)


def test_a_name_text_may_have_joined_to_its_target_is_handed_on_both_ways():
    """`培训完成时间 2024年年底之前 2024年年底之前` with single spaces: text.py drops the space before a year (a PDF's
    typesetting), so the row prints as one word; the name may be any run of its parts."""
    rows = [r if r[3:4] != ["指标2"] else ["", "", "", "指标2", "培训完成时间", "2024年年底之前", "2024年年底之前", "", ""]
            for r in ROWS]
    form, warned = _form("\n".join(" ".join(c for c in r if c) for r in rows))
    [readings] = _readings(form)
    assert ("培训完成时间", "2024年年底之前", "2024年年底之前", "", "") in readings  # as printed with tabs
    assert readings[0] == ("培训完成时间2024年年底之前2024年年底之前", "", "", "", "")  # as text.py gives it
    assert {r[0] for r in readings} == {"培训完成时间", "培训完成时间2024年年底之前", "培训完成时间2024年年底之前2024年年底之前"}
    assert all("".join(r).replace(" ", "") == "培训完成时间2024年年底之前2024年年底之前" for r in readings)
    assert len(readings) == 6 + 3 + 1 and not [w for w in warned.items if w.code == "form_unaligned"]


def test_a_form_with_a_row_unread_besides_an_open_one_is_partly_read_and_not_judged_by_readings():
    from engine.importers.recognise import recognise
    from engine.importers.text import read_text as read

    rows = [r if r[3:4] != ["指标2"] else ["", "", "", "指标2", "培训人数", "100人", "", "", "5"] for r in ROWS]
    rows[9] = [*rows[9][:5], "工程费用 ≤500 万元 以下 按比例 收费", "工程费用 ≤500 万元 以下 按比例 收费", "场地不足", "40"]
    text = "示范局2024年度部门决算\n" + "\n".join(" ".join(c for c in r if c) for r in rows)
    doc = recognise(read(text.encode("utf-8")), "x.txt", None)
    [status] = [r for r in doc.reading if r.kind == "form"]
    assert status.status == "partly_read" and status.uncertain == [] and "逐一核对" not in str(status.reason)
    assert "无法确定" in str(status.reason) and len(doc.attachments[0].ambiguous) == 1
