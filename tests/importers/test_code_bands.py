"""公开06's groups side by side with 类 and 款 in columns of their own and each cell at a height of its own, as
pdfplumber's `extract_text` writes them (a printed row a band of lines: codes, then names, then amounts; a wrapped
name centred). The table here is made up in that form (the real one: ../shared/pdf 普陀区财政局, read in
tests/formats); next to it, defects: what the printed lines and the arithmetic do not decide is never placed."""
from __future__ import annotations

from decimal import Decimal

from engine.importers import import_text

BANDS = """一般公共预算财政拨款基本支出决算表
单位：万元
经济分类 经济分类
科目编码 科目编码
科目名称 决算数 科目名称 决算数
款 款
类 类
301 302
工资福利支出 150.00 商品和服务支出 30.00
301 01 302
基本工资 01 办公费
100.00 20.00
301 08 机关事业单位基本养老保险缴 302
02 印刷费
费 50.00
301 99 302
其他工资福利支出 05 水费
10.00
310
资本性支出
5.00
310
02 办公设备购置
5.00
人员经费合计 150.00 公用经费合计 35.00
"""
WANT = {"301": Decimal("150.00"), "30101": Decimal("100.00"), "30108": Decimal("50.00"), "302": Decimal("30.00"),
        "30201": Decimal("20.00"), "30205": Decimal("10.00"), "310": Decimal("5.00"), "31002": Decimal("5.00"),
        "人员经费合计": Decimal("150.00"), "公用经费合计": Decimal("35.00")}


def _amounts(doc) -> dict:
    return {row.key: cell.value for row in doc.tables["公开06"].rows for cell in row.cells.values()
            if cell.kind == "number"}


def _status(doc):
    return next(r for r in doc.reading if r.item == "公开06")


def test_bands_read_as_their_rows():
    doc = import_text(BANDS.encode("utf-8"))
    assert _amounts(doc) == WANT  # `费 50.00` and `10.00`: either group's by the lines, the 类 sums say whose
    names = {row.code: row.label for row in doc.tables["公开06"].rows if row.code}
    assert names == {"301": "工资福利支出", "30101": "基本工资", "30108": "机关事业单位基本养老保险缴费",
                     "30199": "其他工资福利支出", "302": "商品和服务支出", "30201": "办公费", "30202": "印刷费",
                     "30205": "水费", "310": "资本性支出", "31002": "办公设备购置"}
    assert _status(doc).status == "read"  # `费 50.00`: once 50.00 is the left group's, so is `费` before it


def test_a_name_part_on_a_line_of_its_own_ends_the_name_whose_line_is_full():
    """`费` alone on its line: 印刷费 is narrower than the right group's widest (商品和服务支出, in a band of both
    groups) less one character, so it ends its name (name_stack.py's premise, per group); `费` is the left group's,
    and every name is read."""
    doc = import_text(BANDS.replace("费 50.00", "费\n50.00").encode("utf-8"))
    assert _amounts(doc) == WANT
    names = {row.code: row.label for row in doc.tables["公开06"].rows if row.code}
    assert names["30108"] == "机关事业单位基本养老保险缴费" and names["30202"] == "印刷费"
    assert _status(doc).status == "read"


def test_a_name_part_either_full_line_may_go_on_stays_in_doubt():
    """The same, but the right group's name beside it as wide as its widest (其他商品和服务支): `费` may end either
    name, so it goes to the one that started higher (centred) and the table says the names of that band's two rows
    may be wrong — only theirs: every other band's cuts leave its names one way."""
    text = BANDS.replace("费 50.00", "费\n50.00").replace("02 印刷费", "02 其他商品和服务支")
    doc = import_text(text.encode("utf-8"))
    names = {row.code: row.label for row in doc.tables["公开06"].rows if row.code}
    assert names["30108"] == "机关事业单位基本养老保险缴费" and names["30202"] == "其他商品和服务支"
    reading = _status(doc)
    assert reading.status == "partly_read" and "科目名称" in reading.reason
    assert reading.rows == ["30108", "30202"]


def test_an_amount_the_arithmetic_does_not_place_is_not_read():
    """`10.00` → `12.00`: neither 类 sum holds whichever group it goes to, so it (and `费 50.00`, open by its lines
    as well) is not placed; the amounts the lines themselves place still are."""
    doc = import_text(BANDS.replace("\n10.00\n", "\n12.00\n").encode("utf-8"))
    got = _amounts(doc)
    assert Decimal("12.00") not in got.values() and "30108" not in got
    assert {k: v for k, v in got.items() if WANT.get(k) != v} == {}
    assert got["30101"] == Decimal("100.00") and got["30201"] == Decimal("20.00")
    reading = _status(doc)
    assert reading.status == "partly_read" and reading.reason


def test_a_line_no_cut_reads_leaves_the_table_as_before():
    """Two 款 codes for one group in one band (`301 01 02 302`): no way of cutting the band reads as rows, so the
    bands are not read at all (the table is then reported as the other readings leave it), and nothing is placed
    by a guess."""
    doc = import_text(BANDS.replace("301 01 302", "301 01 03 302").encode("utf-8"))
    got = _amounts(doc)
    assert {k: v for k, v in got.items() if WANT.get(k) != v} == {}
    assert _status(doc).status in ("partly_read", "unreadable")


def test_a_name_glued_to_the_next_rows_code_parts_the_line():
    """`办公费301 08 …`: the text went back to the left edge, to the next row's codes (no space: pdfplumber glues
    them when the heights nearly meet); read as two lines."""
    text = BANDS.replace("基本工资 01 办公费\n100.00 20.00\n301 08", "基本工资 01\n100.00 20.00\n办公费301 08")
    doc = import_text(text.encode("utf-8"))
    assert _amounts(doc) == WANT
    assert {row.code: row.label for row in doc.tables["公开06"].rows}["30201"] == "办公费"


def _lines(text: str) -> list:
    from engine.importers.lines import SourceLine

    return [SourceLine(cells=[t], line=n, page=1) for n, t in enumerate(text.splitlines(), start=1)]


def test_amounts_of_a_group_of_two_columns_go_to_the_columns_placement_chose():
    """Each group with two amount columns: `30108 … 5.00` prints one amount, and only its second column keeps
    301 = Σ its 款 in both columns (100.00 = 100.00 + 0, 5.00 = 0 + 5.00), so 5.00 is written there, not first."""
    from engine.catalogue import load_catalogue
    from engine.importers import code_bands
    from engine.importers.errors import Warnings

    body = _lines("301 工资福利支出 100.00 5.00 302 商品和服务支出 20.00 2.00\n"
                  "301 01 基本工资 100.00 302 01 办公费 20.00 2.00\n"
                  "301 08 养老保险缴费 5.00")
    warnings = Warnings()
    read = code_bands.read_bands(load_catalogue().tables["公开06"], [], body, 2, 2, warnings)
    assert read is not None
    assert [line.cells for line in read] == [
        ["301", "工资福利支出", "100.00", "5.00"], ["30101", "基本工资", "100.00"], ["30108", "养老保险缴费", "", "5.00"],
        ["302", "商品和服务支出", "20.00", "2.00"], ["30201", "办公费", "20.00", "2.00"]]


def test_placement_is_reported_by_one_function():
    """What placement did (I22 placed by arithmetic, I101 not placed) is said in one place for every reader."""
    from pathlib import Path

    sayers = [p.name for p in (Path(__file__).resolve().parents[2] / "engine" / "importers").glob("*.py")
              if 'say("I22"' in p.read_text(encoding="utf-8") or 'say("I101"' in p.read_text(encoding="utf-8")]
    assert sayers == ["placement.py"]


def _names(doc) -> dict:
    return {row.code: row.label for row in doc.tables["公开06"].rows if row.code}


def test_a_bracket_a_line_cannot_end_on_makes_a_short_line_full():
    """The right group 6 wide (商品服务支出): 因公出国 + （境） is 7 (（ cannot end a line, ） cannot start one), so
    （境）费用 goes on 30212's name; the left's 其他工资福利支出 + （境） (11) would have fitted in 13. Judged by width
    less one character, neither could go on, and both names were left in doubt."""
    text = BANDS.replace("商品和服务支出 30.00", "商品服务支出 30.00").replace(
        "其他工资福利支出 05 水费\n10.00", "其他工资福利支出 12 因公出国\n（境）费用 10.00")
    doc = import_text(text.encode("utf-8"))
    assert _names(doc)["30212"] == "因公出国（境）费用" and _names(doc)["30199"] == "其他工资福利支出"
    assert _status(doc).status == "read"


def test_a_bracket_either_full_line_may_take_stays_in_doubt():
    """The same, with the left's 其他对个人和家庭的补助支 (12) beside it: + （境） it would not fit in 13 either, so
    （境）费用 may go on either name, and both stay in doubt. Judged by width less one character, 因公出国 was short
    and the left's name was proven 其他对个人和家庭的补助支（境）费用."""
    text = BANDS.replace("商品和服务支出 30.00", "商品服务支出 30.00").replace(
        "其他工资福利支出 05 水费\n10.00", "其他对个人和家庭的补助支 12 因公出国\n（境）费用 10.00")
    doc = import_text(text.encode("utf-8"))
    reading = _status(doc)
    assert reading.status == "partly_read" and reading.rows == ["30199", "30212"]


def test_the_width_premise_reads_names_only():
    """`支出 10.00` may be the left's or the right's by the cuts; the width premise gives 支出 to the right
    (其他商品和服务 is full, 其他工资福利 is not), but no class total says whose 10.00 is: it is not placed. (When the
    premise pruned the cuts before the amounts were placed, 10.00 went to 30205 with no word said.)"""
    text = BANDS.replace("工资福利支出 150.00 商品和服务支出 30.00", "工资福利支出 商品和服务支出").replace(
        "其他工资福利支出 05 水费\n10.00", "其他工资福利 05 其他商品和服务\n支出 10.00")
    doc = import_text(text.encode("utf-8"))
    assert _names(doc)["30205"] == "其他商品和服务支出" and _names(doc)["30199"] == "其他工资福利"
    assert Decimal("10.00") not in _amounts(doc).values()
    assert _status(doc).status == "partly_read"
