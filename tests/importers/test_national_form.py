"""The national-template 自评表 (财预〔2020〕10号: 年初预算数 / 全年预算数 / 全年执行数, 分值 and 得分 on every row), written
out by hand (tests/national_form.py), is read by its header words into the same form from every source: tab text,
single spaces, one cell a line, runs of spaces, and the form rendered from its model as Excel, HTML and Word. Before
this reader the form was found by its title only: no funds, no indicators (「一行指标内容没有指标序号」), every P rule
不可核. Where its cells cannot be placed under the heading, the row is not read and the form is partly read (I180)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from engine.importers import import_text, load_disclosure
from engine.importers.errors import Warnings
from engine.importers.forms import read_forms
from engine.importers.text import read_text
from engine.render import suffix, write
from engine.render.layout import render
from national_form import ROWS, cell_lines, changed, single_spaces, tabs


SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "yangquan-czj-2024.txt"


def hosted(form_text: str) -> str:
    """A whole disclosure attaching the form: the sample's text up to its own forms, then this one."""
    text = SAMPLE.read_text("utf-8")
    return text[:text.index("阳泉市项目支出绩效自评表")] + form_text


def _form(text: str):
    warnings = Warnings()
    [form] = read_forms(read_text(text.encode("utf-8")).lines, warnings)
    return form, warnings


def content(form) -> dict:
    funds = {attr: None if getattr(form, attr) is None else
             (getattr(form, attr).total.label, getattr(form, attr).total.value,
              [(p.label, p.value) for p in getattr(form, attr).parts]) for attr in ("budget", "available", "executed")}
    value = lambda f: None if f is None else f.value  # noqa: E731
    return {"template": form.template, "project": form.project, "department": form.department,
            "implementer": form.implementer, "year": form.year, "funds": funds,
            "execution": (value(form.execution_weight), value(form.execution_rate), value(form.execution_score)),
            "goal": (form.goal, form.goal_outcome),
            "indicators": [(i.level1, i.level2, i.name, i.target, i.actual, value(i.weight), value(i.score),
                            i.shortfall_reason) for i in form.indicators],
            "categories": {k: v.value for k, v in form.category_scores.items()},
            "total": value(form.total_score), "grade": form.grade}


WANT = {
    "template": "national", "project": "示范街道社区服务项目", "department": "示范区民政局",
    "implementer": "示范街道办事处", "year": "2023年度",
    "funds": {"budget": ("年初预算数", Decimal("100.00"), [("当年财政拨款", Decimal("100.00")),
                                                          ("上年结转资金", Decimal("0.00")), ("其他资金", Decimal("0.00"))]),
              "available": ("全年预算数", Decimal("120.00"), [("当年财政拨款", Decimal("110.00")),
                                                             ("上年结转资金", Decimal("10.00")), ("其他资金", Decimal("0.00"))]),
              "executed": ("全年执行数", Decimal("114.00"), [("当年财政拨款", Decimal("105.00")),
                                                            ("上年结转资金", Decimal("9.00")), ("其他资金", Decimal("0.00"))])},
    "execution": (Decimal(10), Decimal("95.00"), Decimal("9.5")),
    "goal": ("完成社区服务中心运营，服务居民不少于5000人次。", "完成运营，服务居民5200人次。"),
    "indicators": [("产出指标", "数量指标", "服务人次", "≥5000人次", "5200人次", 20, 20, ""),
                   ("产出指标", "质量指标", "服务合格率", "≥95%", "93%", 15, 13, "部分服务记录不全，已完善台账"),
                   ("产出指标", "时效指标", "按时完成率", "100%", "100%", 15, 15, ""),
                   ("效益指标", "社会效益指标", "居民获得感提升", "有效提升", "有效提升", 30, 28, "宣传覆盖不足，加强宣传"),
                   ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "92%", 10, 10, "")],
    "categories": {"产出指标": 48, "效益指标": 28, "满意度指标": 10},
    "total": Decimal("95.5"), "grade": "优",
}


@pytest.mark.parametrize("printed", [tabs, single_spaces, cell_lines], ids=["tabs", "single-spaces", "cell-lines"])
def test_the_hand_written_form_is_read_from_text(printed):
    form, warnings = _form(printed())
    assert content(form) == WANT
    assert not [w for w in warnings.items if w.code.startswith("form")]


@pytest.mark.parametrize("form", ["spaces", "xlsx", "html", "docx"])
def test_the_form_rendered_from_its_model_reads_back_the_same(form, tmp_path):
    doc = import_text(hosted(tabs()).encode("utf-8"), name="national.txt")
    path = tmp_path / f"national{suffix(form)}"
    path.write_bytes(write(render(doc), form, form_feeds=False))
    got = load_disclosure(path)
    [back] = got.attachments
    assert content(back) == WANT
    assert [r.status for r in got.reading if r.kind == "form"] == ["read"]


def test_a_row_whose_cells_cannot_be_placed_is_handed_on_or_not_read():
    # single spaces: a 年度指标值 with a space inside gives the row more words than the heading has columns: every way
    # its words may stand is handed on (the check judges each, engine/checking/readings.py), the printed one among them
    rows = changed(ROWS, 13, 4, "≥95% 以上")
    form, warnings = _form(single_spaces(rows))
    assert [i.name for i in form.indicators] == [i[2] for i in WANT["indicators"]]
    [group] = form.ambiguous
    assert group.rows == ["1"] and group.lines[0].line == 14
    readings = [tuple(c.text for c in reading) for reading in group.readings]
    assert ("服务合格率", "≥95% 以上", "93%", "15", "13", "部分服务记录不全，已完善台账") in readings
    assert 1 < len(readings) <= 64 and not [w for w in warnings.items if w.code == "form_unaligned"]
    # … more ways than can be judged one by one (14 words of text, no 分值 or 得分 to anchor them): not read, the form
    # partly read with the reason
    rows = changed(changed(changed(ROWS, 13, 4, " ".join("≥95%" for _ in range(12))), 13, 6, ""), 13, 7, "")
    form, warnings = _form(single_spaces(rows))
    assert "服务合格率" not in [i.name for i in form.indicators] and not form.ambiguous
    [why] = [w.message for w in warnings.items if w.code == "form_unaligned"]
    assert "第14行" in why and "指标" in why
    # one cell a line: an empty 实际完成值 leaves no trace; where the row ends cannot be told, nothing after it is read
    rows = changed(ROWS, 13, 5, "")
    form, warnings = _form(cell_lines(rows))
    assert [i.name for i in form.indicators] == ["服务人次"]
    assert [w for w in warnings.items if w.code == "form_unaligned"]
    # tabs keep the empty cell in place: read, the 实际完成值 blank
    form, warnings = _form(tabs(rows))
    assert form.indicators[1].actual == "" and form.indicators[1].name == "服务合格率"
    assert not [w for w in warnings.items if w.code == "form_unaligned"]


def test_the_shanxi_form_is_not_taken_for_the_national_one():
    from test_form_rows import ROWS as SHANXI

    form, _ = _form("\n".join("\t".join(r) for r in SHANXI))
    assert form.template == "shanxi" and form.available is not None and form.available.total.value == 100
    assert "template" not in form.model_dump(mode="json")  # a Shanxi form's JSON as it always was


@pytest.mark.parametrize("form", ["spaces", "xlsx", "html", "docx"])
def test_the_printed_lines_in_another_form_read_the_same(form, tmp_path):
    """The text's own lines written as a sheet, a page, a Word document (render/derive.from_lines), not the model's."""
    from engine.render.derive import from_lines

    text = tmp_path / "national.txt"
    text.write_text(hosted(tabs()), "utf-8")
    path = tmp_path / f"derived{suffix(form)}"
    path.write_bytes(from_lines(text, form))
    [back] = load_disclosure(path).attachments
    assert content(back) == WANT
