"""Which row names are certain when some were put back from lines of their own, and what the document proves."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.importers import DisclosureError, load_disclosure
from engine.importers.lines import SourceLine
from engine.importers.name_proof import corroborate, doubtful_rows
from engine.model import Disclosure, Reading, Row, Source, Table


ROOT = Path(__file__).resolve().parents[2]


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
    five = _table("公开05", [("208", "社会保障和就业支出", 11), ("210", "卫生健康支出", 12), ("212", "城乡社区", 13),
                             ("221", "住房保障支出", 14), ("213", "出农林水支出", 15)])
    three = _table("公开03", [("221", "住房保障支出", 21), ("212", "城乡社区事务", 22), ("213", "农林水支出", 23)])
    readings = [Reading(item="公开04", kind="table", status="read"), _names(five, ["208", "210", "212", "221", "213"]),
                _names(three, ["221", "212", "213"])]
    corroborate(_doc([four, five, three], readings), readings)
    by_item = {r.item: r for r in readings}
    # 208, 210: exactly a certain name of another table (公开04's 九、 is numbering, not name); 221: two joins that
    # agree prove nothing; 212 a piece short and 213 a piece too many are not corrected by containment: they stay
    assert by_item["公开05"].rows == ["212", "221", "213"]
    assert [five.row(k).label for k in ("212", "213")] == ["城乡社区", "出农林水支出"]  # never overwritten
    assert by_item["公开03"].rows == ["221", "212", "213"]


def test_a_misprint_is_not_hidden_by_a_name_that_contains_it():
    """The reviewer's probe2: 公开05 prints 201 as 其他一般公共服务支出, the other tables 一般公共服务支出 — a real
    difference (H05a), not a join to correct: the row stays doubtful, its label as read."""
    one = _table("公开01", [("201", "一、一般公共服务支出", 1)])
    five = _table("公开05", [("201", "其他一般公共服务支出", 11)])
    readings = [Reading(item="公开01", kind="table", status="read"), _names(five, ["201"])]
    corroborate(_doc([one, five], readings), readings)
    assert readings[1].rows == ["201"] and five.row("201").label == "其他一般公共服务支出"


def test_a_table_partly_read_for_its_amounts_proves_nothing():
    other = _table("公开02", [("208", "社会保障和就业支出", 1)])
    five = _table("公开05", [("208", "社会保障和就业支出", 11)])
    readings = [Reading(item="公开02", kind="table", status="partly_read", reason="金额未读全"), _names(five, ["208"])]
    corroborate(_doc([other, five], readings), readings)
    assert readings[1].rows == ["208"] and readings[1].status == "partly_read"


@pytest.mark.parametrize("item, kind", [("公开03", "table"), ("概况", "part")])
def test_names_in_doubt_of_no_table_is_a_clear_error(tmp_path, item, kind):
    """The reviewer's bad1/bad2: a user's JSON says names are in doubt for an item that is no table of the document —
    a Chinese validation error naming the entry, exit 2 (was 内部错误 KeyError, exit 70)."""
    data = json.loads((ROOT / "samples" / "yangquan-czj-2024.json").read_text("utf-8"))
    data["tables"].pop("公开03", None)
    data["reading"] = [r for r in data["reading"] if r["item"] != item] + [
        {"item": item, "kind": kind, "status": "partly_read", "reason": "x", "uncertain": ["names"], "rows": ["201"]}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(DisclosureError) as error:
        load_disclosure(path)
    assert f"「{item}」" in str(error.value) and "不是本文件的一张表" in str(error.value)
    done = subprocess.run([sys.executable, "-c", "from engine.cli.main import main; main()", "check", str(path),
                           "--format", "json"], env={**os.environ, "RULEBOOK_NO_DAEMON": "1"}, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "不是本文件的一张表" in done.stderr and "内部错误" not in done.stderr


def test_names_in_doubt_of_rows_a_table_lacks_is_a_clear_error(tmp_path):
    data = json.loads((ROOT / "samples" / "yangquan-czj-2024.json").read_text("utf-8"))
    data["reading"] = [r for r in data["reading"] if r["item"] != "公开05"] + [{
        "item": "公开05", "kind": "table", "status": "partly_read", "reason": "x", "uncertain": ["names"],
        "rows": ["999"]}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(DisclosureError, match="表中没有这些行：999"):
        load_disclosure(path)
