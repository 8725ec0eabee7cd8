"""Which row names are certain when some were put back from lines of their own, and what the document proves."""
from __future__ import annotations

from engine.importers.lines import SourceLine
from engine.importers.name_proof import corroborate, doubtful_rows
from engine.model import Disclosure, Reading, Row, Source, Table


def _lines(*texts: str) -> list[SourceLine]:
    return [SourceLine(cells=text.split(" "), line=n) for n, text in enumerate(texts, 1)]


def _table(table_id: str, rows: list[tuple[str, str, int]]) -> Table:
    return Table(id=table_id, title="", rows=[Row(key=code or label, label=label, code=code or None,
                                                  source=Source(line=line)) for code, label, line in rows])


def test_a_name_is_certain_only_whole_on_its_code_line_and_alone():
    lines = _lines("科目编码 科目名称 合计",          # 1 header
                   "201 一般公共服务支出 10.00",      # 2 whole, nothing loose around it
                   "20101 人大事务 4.00",             # 3 whole, but the loose line below may go on its name
                   "事务",                            # 4
                   "社会保障和就",                    # 5
                   "208 6.00",                        # 6 put back from lines 5 and 7
                   "业支出",                          # 7
                   "合计 16.00")                      # 8
    table = _table("公开05", [("201", "一般公共服务支出", 2), ("20101", "人大事务事务", 3),
                              ("208", "社会保障和就业支出", 6), ("", "合计", 8)])
    assert doubtful_rows(table, lines) == ["20101", "208"]


def test_a_name_on_the_wrong_code_is_not_certain():
    """The run of words right after the row's own code, not any words of its line."""
    lines = _lines("30101 基本工资 1.00 30201 办公费 2.00")
    table = _table("公开06", [("30101", "办公费", 1), ("30201", "基本工资", 1)])
    assert doubtful_rows(table, lines) == ["30101", "30201"]


def _doc(tables: list[Table], readings: list[Reading]) -> Disclosure:
    return Disclosure(tables={t.id: t for t in tables}, reading=readings)


def _names(table: Table, rows: list[str]) -> Reading:
    return Reading(item=table.id, kind="table", status="partly_read", reason="x", uncertain=["names"], rows=rows)


def test_the_document_proves_names_and_nothing_else_does():
    four = _table("公开04", [("208", "社会保障和就业支出", 1), ("210", "九、卫生健康支出", 2), ("212", "城乡社区支出", 3)])
    five = _table("公开05", [("208", "社会保障和就业支出", 11), ("210", "出卫生健康支出", 12), ("212", "城乡社区", 13),
                             ("221", "住房保障支出", 14)])
    three = _table("公开03", [("221", "住房保障支出", 21), ("212", "城乡社区事务", 22)])
    readings = [Reading(item="公开04", kind="table", status="read"), _names(five, ["208", "210", "212", "221"]),
                _names(three, ["221", "212"])]
    corroborate(_doc([four, five, three], readings), readings)
    by_item = {r.item: r for r in readings}
    # 208: the same name in a table read with certain names; 210: a piece of the neighbour's name too many, the
    # certain name taken (as printed, without 公开04's numbering); 221: put back alike in two tables
    assert five.row("210").label == "卫生健康支出"
    # 212 is a piece short in 公开05 (城乡社区 ⊂ 城乡社区支出: the certain name) but another name in 公开03: that one
    # no table proves, and it keeps what was put back
    assert five.row("212").label == "城乡社区支出"
    assert by_item["公开05"].status == "read" and not by_item["公开05"].uncertain
    assert by_item["公开03"].rows == ["212"] and three.row("212").label == "城乡社区事务"
    assert "212" in by_item["公开03"].reason


def test_a_table_partly_read_for_its_amounts_proves_nothing():
    other = _table("公开02", [("208", "社会保障和就业支出", 1)])
    five = _table("公开05", [("208", "社会保障和就业支出", 11)])
    readings = [Reading(item="公开02", kind="table", status="partly_read", reason="金额未读全"), _names(five, ["208"])]
    corroborate(_doc([other, five], readings), readings)
    assert readings[1].rows == ["208"] and readings[1].status == "partly_read"
