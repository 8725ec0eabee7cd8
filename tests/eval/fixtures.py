"""A tiny hand-built disclosure covering every construct: two-sided, coded and fixed-row tables, absence, text."""
from __future__ import annotations

from decimal import Decimal

from engine.model import (Cell, Column, Disclosure, FormField, FundLine, Metadata, Narrative, Note,
                          PerformanceForm, Row, Section, Source, Table)

_line = iter(range(1, 10_000))


def cell(text: str) -> Cell:
    """"12.30" -> number, "" -> blank, "——" -> na, anything else -> text."""
    src = Source(line=next(_line))
    if text == "":
        return Cell(kind="blank", source=src)
    if text == "——":
        return Cell(kind="na", text=text, source=src)
    try:
        return Cell(kind="number", value=Decimal(text.replace(",", "")), text=text, source=src)
    except ArithmeticError:
        return Cell(kind="text", text=text, source=src)


def row(key: str, label: str, values: dict[str, str], *, code: str | None = None, side: str | None = None,
        line_no: str | None = None, level: str | None = None) -> Row:
    return Row(key=key, label=label, code=code, side=side, line_no=line_no, level=level,
               cells={k: cell(v) for k, v in values.items()}, source=Source(line=next(_line)))


def coded(code: str, label: str, values: dict[str, str]) -> Row:
    level = {3: "类", 5: "款", 7: "项"}.get(len(code))
    return row(code, label, values, code=code, level=level)


def _gk01() -> Table:
    cols = [Column(key="金额", label="金额", side="收入"), Column(key="金额", label="金额", side="支出")]
    inc = [("一般公共预算财政拨款收入", "100.00", "1"), ("政府性基金预算财政拨款收入", "", "2"),
           ("事业收入", "——", "3"), ("本年收入合计", "100.00", "4"), ("收入总计", "100.00", "5")]
    out = [("201", "一般公共服务支出", "60.00", "6"), ("208", "社会保障和就业支出", "40.00", "7")]
    rows = [row(k, "总计" if k == "收入总计" else k, {"金额": v}, side="收入", line_no=n) for k, v, n in inc]
    rows += [row(c, lab, {"金额": v}, code=c, side="支出", line_no=n, level="类") for c, lab, v, n in out]
    rows += [row("本年支出合计", "本年支出合计", {"金额": "100.00"}, side="支出", line_no="8"),
             row("支出总计", "总计", {"金额": "100.01"}, side="支出", line_no="9")]
    return Table(id="公开01", title="收入支出决算总表", columns=cols, rows=rows)


def _gk05() -> Table:
    cols = [Column(key=k, label=k) for k in ("合计", "基本支出", "项目支出")]
    data = [("合计", "100.00", "70.00", "30.00"), ("201", "60.00", "40.00", "20.00"),
            ("20101", "60.00", "40.00", "20.00"), ("2010101", "45.00", "40.00", "5.00"),
            ("2010102", "15.00", "", "15.00"), ("208", "40.00", "30.00", "10.00"),
            ("20805", "40.00", "30.00", "10.00"), ("2080505", "40.00", "30.00", "——"),
            ("2089999", "待定", "", "")]
    labels = {"合计": "合计", "201": "一般公共服务支出", "20101": "人大事务", "2010101": "行政运行",
              "2010102": "一般行政管理事务", "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
              "2080505": "机关事业单位基本养老保险缴费支出", "2089999": "其他社会保障和就业支出"}
    rows = [coded(c, labels[c], dict(zip(("合计", "基本支出", "项目支出"), v))) if c != "合计"
            else row("合计", "合计", dict(zip(("合计", "基本支出", "项目支出"), v))) for c, *v in data]
    return Table(id="公开05", title="一般公共预算财政拨款支出决算表", columns=cols, rows=rows)


def _gk06() -> Table:
    data = [("302", "商品和服务支出", "10.00"), ("30201", "办公费", "3.33"), ("30202", "印刷费", "3.33"),
            ("30205", "水费", "3.33"), ("30206", "电费", ""), ("303", "对个人和家庭的补助", "0")]
    rows = [coded(c, lab, {"决算数": v}) for c, lab, v in data]
    rows.append(row("人员经费合计", "人员经费合计", {"决算数": "60.00"}))
    return Table(id="公开06", title="一般公共预算财政拨款基本支出决算明细表",
                 columns=[Column(key="决算数", label="决算数")], rows=rows)


def _gk09() -> Table:
    data = [("合计", "12.00", "12.50"), ("因公出国(境)费", "", ""), ("公务用车购置及运行维护费", "8.00", "8.50"),
            ("公务用车购置费", "", ""), ("公务用车运行维护费", "8.00", "8.50"), ("公务接待费", "4.00", "4.00")]
    rows = [row(k, k, {"预算数": b, "决算数": a}) for k, b, a in data]
    return Table(id="公开09", title='财政拨款"三公"经费支出决算表',
                 columns=[Column(key="预算数", label="预算数"), Column(key="决算数", label="决算数")], rows=rows)


def _gk07() -> Table:
    cols = [Column(key=k, label=k) for k in ("年初结转和结余", "本年收入", "本年支出")]
    return Table(id="公开07", title="政府性基金预算财政拨款收入支出决算表", columns=cols,
                 rows=[row("合计", "合计", {})], notes=[Note(text="说明：本表无数据", kind="no_data")])


def _narrative() -> Narrative:
    return Narrative(sections=[
        Section(number="一", title="收入支出决算总体情况说明", source=Source(line=900),
                text="2024年度收入总计１００．００万元，支出总计100. 01万元。与上年相比，收入总计减少12.50万元，"
                     "下降11.11%；支出总计持平。"),
        Section(number="三", title="支出决算情况说明", source=Source(line=910),
                text="2024年度支出合计100.00万元，其中：基本支出70.00万元，占比70.00%；项目支出30.00万元，占比30.0%。"),
        Section(number="五", title="一般公共预算财政拨款支出决算情况说明", source=Source(line=920), subsections=[
            Section(number="(一)", title="总体情况", text="一般公共预算财政拨款支出1,00.00万元。", source=Source(line=921)),
            Section(number="(二)", title="结构情况", source=Source(line=925),
                    text="一般公共服务支出(类)60.00万元，占比60.00%；社会保障和就业支出(类)40.00万元，占比40.00%。"),
        ]),
    ])


def _form(project: str, budget: str, executed: str, rate: str, score: str | None, grade: str) -> PerformanceForm:
    def ff(label: str, v: str | None) -> FormField:
        return FormField(label=label, value=None if v is None else Decimal(v))
    return PerformanceForm(
        project=project, budget=FundLine(total=ff("预算金额", budget), parts=[ff("市财政", budget)]),
        available=FundLine(total=ff("到位金额", budget)), executed=FundLine(total=ff("执行金额", executed)),
        execution_rate=ff("执行率", rate), execution_score=ff("执行率得分", "10"),
        category_scores={"产出指标": ff("产出指标", "50"), "效益指标": ff("效益指标", "30"),
                         "满意度指标": ff("满意度指标", "10")},
        total_score=ff("总分", score), grade=grade)


def disclosure() -> Disclosure:
    return Disclosure(
        metadata=Metadata(unit_name="示例局", year=2024, profile="shanxi10"),
        tables={t.id: t for t in (_gk01(), _gk05(), _gk06(), _gk07(), _gk09())},
        narrative=_narrative(),
        attachments=[_form("项目甲", "20.00", "19.00", "95.00", "100", "优"),
                     _form("项目乙", "10.00", "10.00", "100.00", None, "良")],
    )
