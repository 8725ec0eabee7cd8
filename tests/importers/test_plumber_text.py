"""Text as pdfplumber's `extract_text` writes a table (single spaces, no columns), read as its own arithmetic and
layout allow: groups printed side by side, rows printed over two lines, column names in pieces. Each case is a small
table written the way the real PDFs come out (../shared/pdf: the forms are general, the text here is made up), and a
defect next to it: what does not fit the reading is never placed by a guess."""
from __future__ import annotations

from decimal import Decimal

from engine.importers import import_text
from engine.importers.placement import PrintedRow, identities, place, scale

GROUPS = """一般公共预算财政拨款基本支出决算表
单位：万元
经济分类 经济分类
科目名称 决算数 科目名称 决算数
科目编码 科目编码
301 工资福利支出 150.00 302 商品和服务支出 30.00
30101 基本工资 100.00 30201 办公费 20.00
机关事业单位基本养老保
30108 50.00 30202 印刷费
险缴费
30199 其他工资福利支出 30205 水费 10.00
310 资本性支出 5.00
31002 办公设备购置 5.00
人员经费合计 150.00 公用经费合计 35.00
"""

SPLIT_CODED = """一般公共预算财政拨款支出决算表
单位：万元
科目编码 科目名称 合计 基本支出 项目支出
合计 80.00 20.00
100.00
一般公共服务支出 80.00 20.00
201 100.00
财政事务 80.00 20.00
20106 100.00
行政运行 80.00
2010601 80.00
一般行政管理事务 20.00
2010602 20.00
"""

SPLIT_SIDES = """收入支出决算总表
单位：万元
收入 支出
项目 决算数 项目 决算数
一、一般公共预算财政拨款收入 一、一般公共服务支出
100.00 90.00
二、政府性基金预算财政拨 二、外交支出
款收入
八、其他收入 八、社会保障和就业支出
5.00 15.00
本年收入合计 本年支出合计
105.00 105.00
总计 总计
105.00 105.00
"""


def _amounts(doc, table_id: str) -> dict:
    return {(row.key, column): cell.value for row in doc.tables[table_id].rows
            for column, cell in row.cells.items() if cell.kind == "number"}


def _status(doc, table_id: str):
    return next(r for r in doc.reading if r.item == table_id)


def test_groups_printed_side_by_side_read_one_group_a_row():
    doc = import_text(GROUPS.encode("utf-8"))
    got = _amounts(doc, "公开06")
    assert got == {("301", "决算数"): Decimal("150.00"), ("30101", "决算数"): Decimal("100.00"),
                   ("30108", "决算数"): Decimal("50.00"), ("302", "决算数"): Decimal("30.00"),
                   ("30201", "决算数"): Decimal("20.00"), ("30205", "决算数"): Decimal("10.00"),
                   ("310", "决算数"): Decimal("5.00"), ("31002", "决算数"): Decimal("5.00"),
                   ("人员经费合计", "决算数"): Decimal("150.00"), ("公用经费合计", "决算数"): Decimal("35.00")}
    names = {row.code: row.label for row in doc.tables["公开06"].rows if row.code}
    assert names["30108"] == "机关事业单位基本养老保险缴费"  # its name printed above and below its code line
    assert names["30202"] == "印刷费" and names["30199"] == "其他工资福利支出"
    reading = _status(doc, "公开06")
    assert reading.status == "partly_read" and "科目名称" in reading.reason  # names joined from lines: said so


def test_groups_with_amounts_under_no_code_are_not_guessed():
    """Amounts on a line of their own (`262.33 21.21`: two groups' amounts under their codes) say nothing of which
    row they belong to: the table is not read as groups, and no amount is placed."""
    text = GROUPS.replace("30101 基本工资 100.00 30201 办公费 20.00", "30101 基本工资 30201 办公费\n100.00 20.00")
    doc = import_text(text.encode("utf-8"))
    got = _amounts(doc, "公开06")
    assert ("30101", "决算数") not in got and ("30201", "决算数") not in got
    assert _status(doc, "公开06").status in ("partly_read", "unreadable")


def test_a_coded_row_over_two_lines_is_placed_by_its_arithmetic():
    doc = import_text(SPLIT_CODED.encode("utf-8"))
    assert _amounts(doc, "公开05") == {
        ("合计", "合计"): Decimal("100.00"), ("合计", "基本支出"): Decimal("80.00"), ("合计", "项目支出"): Decimal("20.00"),
        ("201", "合计"): Decimal("100.00"), ("201", "基本支出"): Decimal("80.00"), ("201", "项目支出"): Decimal("20.00"),
        ("20106", "合计"): Decimal("100.00"), ("20106", "基本支出"): Decimal("80.00"),
        ("20106", "项目支出"): Decimal("20.00"), ("2010601", "合计"): Decimal("80.00"),
        ("2010601", "基本支出"): Decimal("80.00"), ("2010602", "合计"): Decimal("20.00"),
        ("2010602", "项目支出"): Decimal("20.00")}


def test_a_coded_row_over_two_lines_that_the_arithmetic_does_not_fix_is_not_placed():
    """The same table with 行政运行's and 一般行政管理事务's parts each fitting 基本 or 项目 alike (no parent says which):
    their amounts are left out and the table says so."""
    text = SPLIT_CODED.replace("财政事务 80.00 20.00\n20106 100.00\n", "")
    text = text.replace("一般公共服务支出 80.00 20.00", "一般公共服务支出 50.00 50.00").replace(
        "合计 80.00 20.00", "合计 50.00 50.00").replace("行政运行 80.00\n2010601 80.00", "行政运行 50.00\n2010601 50.00")
    text = text.replace("一般行政管理事务 20.00\n2010602 20.00", "一般行政管理事务 50.00\n2010602 50.00")
    doc = import_text(text.encode("utf-8"))
    reading = _status(doc, "公开05")
    assert reading.status != "read" and reading.reason
    got = _amounts(doc, "公开05")
    assert not any(row == "2010601" and column != "合计" for row, column in got)


def test_a_two_sided_row_over_two_lines_reads_as_printed():
    doc = import_text(SPLIT_SIDES.encode("utf-8"))
    got = _amounts(doc, "公开01")
    assert got[("一般公共预算财政拨款收入", "金额")] == Decimal("100.00")
    assert got[("其他收入", "金额")] == Decimal("5.00")
    assert got[("本年收入合计", "金额")] == Decimal("105.00")
    supplies = {key: value for (key, _), value in got.items()}
    assert Decimal("90.00") in supplies.values() and Decimal("15.00") in supplies.values()
    keys = {row.key for row in doc.tables["公开01"].rows}
    assert "政府性基金预算财政拨款收入" in keys  # its label wrapped over two lines, joined back
    assert not any(key.startswith("款") for key in keys)


def test_interleaved_parts_are_placed_only_when_the_arithmetic_says_how():
    # 合计 = 基本 + 项目: 10.00 on the name line, 4.00 and 6.00 on the code line; 10.00 can only be 合计
    row = PrintedRow(amounts=("10.00", "4.00", "6.00"), keys=("合计", "基本支出", "项目支出"), parts=(1, 2))
    placed = place([row], identities("公开05", [row]), scale(list(row.amounts)))
    assert placed.columns == ((0, 1, 2),)
    # 4.00 first on its line, then 10.00 and 6.00: 10.00 is 合计, but 4.00 may be 基本 or 项目 (6.00 the other):
    # two readings, so none is made, and the row says why
    row = PrintedRow(amounts=("4.00", "10.00", "6.00"), keys=("合计", "基本支出", "项目支出"), parts=(1, 2))
    placed = place([row], identities("公开05", [row]), scale(list(row.amounts)))
    assert placed.columns == (None,) and "不止一种" in placed.unplaced[0][1]


EMPTY = """政府性基金预算财政拨款收入支出决算表
单位：万元
项目
年初结转和 年末结转和
本年收入 本年支出
功能分类
结余 结余
科目名称
科目编码
合计 合计 基本支出 项目支出
注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。
"""


def test_an_empty_tables_total_beside_its_lowest_names_is_its_row():
    """`合计 合计 基本支出 项目支出`: the row's label, then the names under 本年支出; the names wrapped above
    (年初结转和 / 结余) are the kind's columns, found in the header."""
    doc = import_text(EMPTY.encode("utf-8"))
    table = doc.tables["公开07"]
    assert [c.key for c in table.columns] == ["年初结转和结余", "本年收入", "本年支出", "基本支出", "项目支出",
                                              "年末结转和结余"]
    assert [row.key for row in table.rows] == ["合计"]
    assert all(cell.kind == "blank" for cell in table.rows[0].cells.values())


def test_text_run_into_a_coded_table_is_no_row():
    """Lines after an empty table that the table's block took in (a heading not recognised): numbers in them are
    no row's amounts — never placed, and the table says why."""
    # the part heading glued to the table's note, its year and its last word on lines of their own (as the
    # czj PDF's text comes out): the table's block runs on into the narrative
    narrative = ("第三部分上海市普陀区财政局 年度部门决算情况\n2024\n说明\n一、收入支出决算总体情况说明\n"
                 "上海市普陀区财政局年度收入支出总计万元。与年度相比，收入\n2024 2995.39 2023\n"
                 "二、收入决算情况说明本年收入合计万元，其中：财政拨款收入万元，占；其他\n2946.25 2940.05 99.79\n")
    text = EMPTY.rstrip("\n") + narrative
    doc = import_text(text.encode("utf-8"))
    got = _amounts(doc, "公开07")
    assert got == {}
    reading = _status(doc, "公开07")
    assert reading.status != "read" and reading.reason


def _wide(items_line: str) -> str:
    """公开09 as pdfplumber writes ghzyj's: the items' names in pieces over the line of 预算数 决算数 pairs."""
    return ("财政拨款“三公”经费支出决算表\n单位：万元\n财政拨款“三公”经费\n公务用车购置及运行维护费\n因公出国\n"
            f"{items_line}\n（境）费 小计\n购置费 运行维护费\n" + "预算数 决算数 " * 5 + "预算数 决算数\n"
            "6.00 5.50 1.00 0.00 3.00 3.50 2.00 2.00 1.00 1.50 2.00 2.00\n")


def test_wide_items_in_the_kinds_order_are_read_by_it():
    doc = import_text(_wide("合计 公务用车 公务用车 公务接待费").encode("utf-8"))
    got = {key: value for key, value in _amounts(doc, "公开09").items() if key[1] == "预算数"}
    assert got == {("合计", "预算数"): Decimal("6.00"), ("因公出国(境)费", "预算数"): Decimal("1.00"),
                   ("公务用车购置及运行维护费", "预算数"): Decimal("3.00"), ("公务用车购置费", "预算数"): Decimal("2.00"),
                   ("公务用车运行维护费", "预算数"): Decimal("1.00"), ("公务接待费", "预算数"): Decimal("2.00")}


def test_wide_items_printed_in_another_order_are_not_read_by_the_kinds():
    """公务接待费 printed where the kind has 因公出国 (both add into 合计, so the sums cannot tell): the printed words
    say the order is not the kind's, so no amount is put under an item by it."""
    # the two columns' labels swapped: 公务接待费 in the second column, 因公出国 / （境）费 wrapped in the sixth
    doc = import_text(_wide("合计 公务接待费 公务用车 公务用车").replace("（境）费 小计", "小计 （境）费")
                      .encode("utf-8"))
    assert _amounts(doc, "公开09") == {}
    reading = _status(doc, "公开09")
    assert reading.status != "read" and reading.reason


def _sided(names: str) -> str:
    return ("财政拨款收入支出决算总表\n单位：万元\n收入 支出\n" f"项目 决算数 项目 {names}\n"
            "一、一般公共预算财政拨款 100.00 一、一般公共服务支出 100.00 70.00 30.00 0.00\n"
            "本年收入合计 100.00 本年支出合计 100.00 70.00 30.00 0.00\n"
            "收入总计 100.00 支出总计 100.00 70.00 30.00 0.00\n")


def _coded(names: str) -> str:
    return ("一般公共预算财政拨款支出决算表\n单位：万元\n" f"科目编码 科目名称 {names}\n出 出\n"
            "合计 100.00 70.00 30.00\n201 一般公共服务支出 100.00 70.00 30.00\n"
            "20106 财政事务 100.00 70.00 30.00\n2010601 行政运行 100.00 70.00 30.00\n")


def test_pieces_of_column_names_stand_for_the_kinds_columns_only_in_its_order():
    """`一般公共` `政府性基金` (a name cut in its cell) are the kind's columns when each is a part of the one at its
    place; printed the other way round they are not, and no amount goes under the kind's columns by its order."""
    for text, table, kind in ((_sided, "公开04", ["一般公共预算财政拨款", "政府性基金预算财政拨款"]),
                              (_coded, "公开05", ["基本支出", "项目支出"])):
        pieces = ["一般公共", "政府性基金"] if table == "公开04" else ["基本支", "项目支"]
        tail = " 国有资本" if table == "公开04" else ""
        doc = import_text(text(f"合计 {pieces[0]} {pieces[1]}{tail}").encode("utf-8"))
        got = {column: value for (_, column), value in _amounts(doc, table).items()}
        assert got[kind[0]] == Decimal("70.00") and got[kind[1]] == Decimal("30.00")
        doc = import_text(text(f"合计 {pieces[1]} {pieces[0]}{tail}").encode("utf-8"))
        columns = {column for _, column in _amounts(doc, table)}
        assert not columns & set(kind)
        reading = _status(doc, table)
        assert reading.status != "read" and reading.reason
