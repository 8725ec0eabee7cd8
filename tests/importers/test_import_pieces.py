"""The importer's pieces on small hand-made inputs: amounts, merged cells, page breaks, special layouts."""
import re
from decimal import Decimal

import pytest

from engine.importers import import_text
from engine.importers.amounts import split_merged, to_cell
from engine.importers.narrative import paragraphs
from engine.importers.text import read_text
from engine.model import Source

HEAD = "阳泉市某局\n2024年度部门决算公开\n"


@pytest.mark.parametrize("printed, kind, value", [
    ("2014. 44", "number", "2014.44"), ("2,014.44", "number", "2014.44"), ("52. 03", "number", "52.03"),
    ("40.20", "number", "40.20"), ("0", "number", "0"), ("——", "na", None), ("-", "na", None), ("", "blank", None),
    ("约95%", "text", None),
])
def test_printed_amounts(printed, kind, value):
    cell = to_cell(printed, Source(line=1))
    assert cell.kind == kind
    assert (str(cell.value) if cell.value is not None else None) == value


@pytest.mark.parametrize("printed, label, value", [
    ("市财政570", "市财政", Decimal("570")), ("实际执行金额 (万元) 43.76", "实际执行金额 (万元)", Decimal("43.76")),
    ("县（区）财政", "县（区）财政", None), ("52. 03", "", Decimal("52.03")),
])
def test_merged_label_and_number_are_split(printed, label, value):
    assert split_merged(printed) == (label, value)


def test_watermarks_dropped_but_remembered_and_lines_keep_numbers():
    source = read_text("a\n仅供内部审核\nb\tc\n")
    assert source.internal_only
    assert [(l.line, l.cells) for l in source.lines] == [(1, ["a"]), (3, ["b", "c"])]


def test_sentence_broken_by_page_break_is_joined():
    lines = read_text("社会保障和就业支出年初预算231.14万元，较上年决算增\n\n加187.09万元，增长135.25%。\n\n（二）下一节\n").lines
    texts = [t for t, _ in paragraphs(lines)]
    assert texts[0] == "社会保障和就业支出年初预算231.14万元，较上年决算增加187.09万元，增长135.25%。"
    assert texts[1] == "（二）下一节"


def _table(body: str):
    return import_text(HEAD + body)


def test_unit_split_over_a_page_break_and_header_fields():
    doc = _table("收入决算表\n\n公开02\n\n表\n\n部门名称：某局\n\n2024年度\n\n金额单位：万\n元\n\n"
                 "项目\t\t本年收入合计\t财政拨款收入\n科目代码\t科目名称\t\t\n栏次\t\t1\t2\n合计\t\t10.00\t10.00\n"
                 "201\t一般公共服务支出\t10.00\t10.00\n20106\t财政事务\t10.00\t10.00\n2010601\t行政运行\t10.00\t10.00\n")
    table = doc.tables["公开02"]
    assert table.header == {"部门名称": "某局", "年度": "2024年度", "金额单位": "万元"}
    assert [(r.key, r.level) for r in table.rows] == [("合计", None), ("201", "类"), ("20106", "款"), ("2010601", "项")]
    assert [c.number for c in table.columns] == ["1", "2"]


def test_three_public_expenses_wide_row_becomes_item_rows():
    doc = _table("财政拨款“三公”经费支出决算表\n公开09表\n部门名称：某局 2024年度 金额单位：万元\n"
                 "预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
                 "合计\t因公出国 (境) 费\t公务用车购置及运行维护费\t\t\t公务接待 费\t合计\t因公出国 (境) 费\t公务用车购置及运行维护费\t\t\t公务接待 费\n"
                 "\t\t小计\t公务用车 购置费\t公务用车 运行维护 费\t\t\t\t小计\t公务用车 购置费\t公务用车 运行维护 费\t\n"
                 "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
                 "6.00\t1.00\t3.00\t2.00\t1.00\t2.00\t5.50\t0\t3.50\t2.00\t1.50\t2.00\n")
    table = doc.tables["公开09"]
    got = {r.key: (str(r.cells["预算数"].value), str(r.cells["决算数"].value)) for r in table.rows}
    assert got == {"合计": ("6.00", "5.50"), "因公出国(境)费": ("1.00", "0"), "公务用车购置及运行维护费": ("3.00", "3.50"),
                   "公务用车购置费": ("2.00", "2.00"), "公务用车运行维护费": ("1.00", "1.50"), "公务接待费": ("2.00", "2.00")}


def test_sample_row_keys_follow_the_conventions(sample):
    t04 = sample.tables["公开04"]
    assert t04.row("年初财政拨款结转和结余/一般公共预算财政拨款").line_no == "29"
    assert t04.row("221").level == "类" and t04.row("221").side == "支出"
    assert {r.key for r in t04.rows} >= {"收入总计", "支出总计", "本年收入合计", "本年支出合计"}
    t06 = sample.tables["公开06"]
    assert t06.row("人员经费合计").cells["决算数"].value == Decimal("1095.54")
    assert t06.row("公用经费合计").cells["决算数"].value == Decimal("134.83")
    assert t06.row("30101").level == "款" and t06.row("309").cells["决算数"].kind == "na"
    t10 = sample.tables["公开10"]
    assert (t10.row("行政单位").group, t10.row("行政单位").line_no) == ("机关运行经费", "5")
    assert [n.kind for n in sample.tables["公开07"].notes] == ["note", "no_data"]


def test_sample_forms(sample):
    forms = {f.project: f for f in sample.attachments}
    buy = forms["财政事务中心购买服务"]
    assert buy.executed.total.value == Decimal("570") and buy.executed.parts[1].label == "市财政"
    assert buy.grade == "优" and buy.total_score.value == Decimal("92")
    assert {k: v.value for k, v in buy.category_scores.items()} == {"产出指标": 45, "效益指标": 29, "满意度指标": 8}
    first = forms["财政业务工作经费"]
    assert (first.execution_rate.value, first.execution_score.value) == (Decimal("100"), Decimal("5"))
    desk = first.indicators[0]
    assert (desk.name, desk.actual, desk.shortfall_reason) == ("购置办公桌数量", "0", "落实过紧日子要求，本年度未进行采购")
    assert forms["专业技术人员聘用费"].executed.total.value == Decimal("43.76")
    assert forms["预算绩效管理经费"].available.total.text.endswith("52. 03")


def test_tables_are_recognised_by_title_alone(sample):
    """Shanghai-style documents print no 公开NN numbers: the titles must be enough."""
    from importer_paths import SAMPLE_TXT

    lines = [l for l in SAMPLE_TXT.read_text("utf-8").splitlines()
             if not re.match(r"^公开\d\d表?$", l.strip()) and l.strip() != "表"]
    doc = import_text("\n".join(lines))
    assert set(doc.tables) == set(sample.tables)
    for table_id, table in sample.tables.items():
        assert [r.key for r in doc.tables[table_id].rows] == [r.key for r in table.rows]
        assert doc.tables[table_id].number is None


def test_expenditure_table_with_six_columns():
    doc = _table("支出决算表\n公开03表\n部门名称：某局 2024年度 金额单位：万元\n"
                 "项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
                 "科目代码\t科目名称\t\t\t\t\t\t\n栏次\t\t1\t2\t3\t4\t5\t6\n"
                 "合计\t\t12.00\t10.00\t2.00\t\t\t\n221\t住房保障支出\t12.00\t10.00\t2.00\t\t——\t\n")
    table = doc.tables["公开03"]
    assert [c.key for c in table.columns] == ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    assert table.row("221").cells["经营支出"].kind == "na" and table.row("合计").cells["上缴上级支出"].kind == "blank"
