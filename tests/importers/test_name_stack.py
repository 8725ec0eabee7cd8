"""Names printed in pieces around their codes (pdfplumber's extract_text), proven by the table's own layout: every
coded row prints a name, and a piece goes on over the next line only when the next piece's first unbreakable part
did not fit beside it (line_breaks.py)."""
from __future__ import annotations

from engine.importers.lines import SourceLine
from engine.importers.name_stack import proven_names
from engine.importers.status import _names_reading
from engine.model import Row, Source, Table


def _lines(*texts: str) -> list[SourceLine]:
    return [SourceLine(cells=text.split(" "), line=n) for n, text in enumerate(texts, 1)]


def _table(rows: list[tuple[str, str, int]]) -> Table:
    return Table(id="公开05", title="", rows=[Row(key=code or label, label=label, code=code or None,
                                                 source=Source(line=line)) for code, label, line in rows])


# 财政局's layout: each name on the line above its code line, a wrapped one ending beside the code
ABOVE = _lines("科目编码 科目名称 合计",       # 1
               "合计 20.00",                  # 2
               "行政事业单位养老支出",        # 3  10 wide
               "20805 20.00",                 # 4
               "行政单位离退休",              # 5  7: short, so it ends its name
               "2080501 8.00",                # 6
               "机关事业单位基本养老保险",    # 7  12: the widest, may go on
               "2080505 缴费支出 12.00")      # 8
ROWS = [("", "合计", 2), ("20805", "行政事业单位养老支出", 4), ("2080501", "行政单位离退休", 6),
        ("2080505", "机关事业单位基本养老保险缴费支出", 8)]


def test_names_above_their_codes_are_proven():
    """Line 7 could end 2080501's name only after line 5, which is short; line 5 could end 20805's only after
    line 3, which is short too: one way is left, and every name is proven."""
    assert proven_names(_table(ROWS), ABOVE) == {"20805": "行政事业单位养老支出", "2080501": "行政单位离退休",
                                                 "2080505": "机关事业单位基本养老保险缴费支出"}


def test_a_full_piece_between_two_named_codes_proves_neither():
    """行政单位医疗 is as wide as the widest piece: it may go on 21011's name (行政事业医疗 is full too) or start
    2101101's (which prints 补助 beside its code): both rows keep a name either way, so neither is proven."""
    lines = _lines("合计 3.00",
                   "行政事业医疗",      # 6 wide: the widest
                   "21011 3.00",
                   "行政单位医疗",      # full: 21011's tail or 2101101's head
                   "2101101 补助 1.00")
    table = _table([("", "合计", 1), ("21011", "行政事业医疗", 3), ("2101101", "行政单位医疗补助", 5)])
    assert proven_names(table, lines) == {}


def test_the_last_row_anchors_the_chain():
    """The same pieces, but 2101101 prints nothing beside its code: it must take 行政单位医疗, so both are proven."""
    lines = _lines("合计 3.00", "行政事业医疗", "21011 3.00", "行政单位医疗", "2101101 1.00")
    table = _table([("", "合计", 1), ("21011", "行政事业医疗", 3), ("2101101", "行政单位医疗", 5)])
    assert proven_names(table, lines) == {"21011": "行政事业医疗", "2101101": "行政单位医疗"}


def test_a_join_the_layout_forbids_is_rebuilt():
    """规划和自然资源局's 公开03 through pdfplumber: the tail 费支出 was given to the row below. A short piece cannot
    go on over the next line, so it ends the name above: the proven names replace the joins, and the table is read."""
    lines = _lines("合计 10.00",
                   "2080505 机关事业单位基本养老保 4.00",
                   "险缴费支出",
                   "2080506 机关事业单位职业年金缴 6.00",
                   "费支出",
                   "210 卫生健康支出 0.00")
    table = _table([("", "合计", 1), ("2080505", "机关事业单位基本养老保", 2),
                    ("2080506", "险缴费支出机关事业单位职业年金缴", 4), ("210", "费支出卫生健康支出", 6)])
    reading = _names_reading(table, lines, "x", [], [])
    assert [row.label for row in table.rows[1:]] == ["机关事业单位基本养老保险缴费支出", "机关事业单位职业年金缴费支出",
                                                     "卫生健康支出"]
    assert reading.status == "read" and reading.rows == []


PAIRS = ["30107 绩效工资 1.00 30205 水费 2.00",
         "机关事业单位基本养老保",  # 11: the left group's tail of 30108, or the right's head of 30206
         "30108 3.00 30206 电费 4.00",
         "险缴费"]
PAIR_ROWS = [("30107", "绩效工资", 1), ("30205", "水费", 1), ("30108", "机关事业单位基本养老保险缴费", 3),
             ("30206", "电费", 3)]


def test_two_groups_prove_the_names_no_piece_can_reach():
    """Groups side by side (公开06): a piece on a line of its own may be either group's. 绩效工资 and 水费 print whole
    beside their codes and nothing can be added above; what is below may go to either group (机关…保险缴费 for 30108,
    or 机关…保 + 电费 for 30206 and 险缴费 for 30108: each group's widest is then its own), so only those two are proven."""
    assert proven_names(_table(PAIR_ROWS), _lines(*PAIRS)) == {"30107": "绩效工资", "30205": "水费"}


def test_a_group_whose_widest_a_piece_would_exceed_anchors_the_pieces():
    """规划和自然资源局's 公开06 through pdfplumber: below, the right group (or the left: a 类 alone may be either's)
    goes on with 信息网络及软件购置 / 更新 for 31007. Were 机关…保 the right group's, its widest would be 11 and the
    9-wide 信息网络及软件购置 could not go on over 更新; in the left group 其他对个人和家庭的补助 is 11 wide. So
    机关…保 is the left's, and every name is proven."""
    lines = _lines("30199 其他对个人和家庭的补助 1.00 30204 手续费 0.10", *PAIRS,
                   "310 资本性支出 5.00",
                   "31003 专用设备购置 0.00",
                   "信息网络及软件购置",
                   "31007 0.00",
                   "更新",
                   "31013 公务用车购置 0.00",
                   "人员经费合计 4.00 公用经费合计 11.00")
    rows = [("30199", "其他对个人和家庭的补助", 1), ("30204", "手续费", 1)] + [
        (c, label, n + 1) for c, label, n in PAIR_ROWS] + [
        ("310", "资本性支出", 6), ("31003", "专用设备购置", 7), ("31007", "信息网络及软件购置更新", 9),
        ("31013", "公务用车购置", 11), ("", "人员经费合计", 12), ("", "公用经费合计", 12)]
    assert proven_names(_table(rows), lines) == {code: label for code, label, _ in rows if code}
    # the importer's joins cut the same pieces elsewhere: the proven names replace them
    wrong = [(c, {"30108": "险缴费", "30206": "机关事业单位基本养老保电费"}.get(c, label), n) for c, label, n in rows]
    assert proven_names(_table(wrong), lines) == {code: label for code, label, _ in rows if code}


def test_two_groups_with_more_ways_than_the_cap_prove_nothing_and_list_none(monkeypatch):
    """The ways are counted before they are listed (a gap of letter-spaced lines has very many cuts)."""
    from engine.importers import name_pairs

    def listed(gap):
        raise AssertionError("listed over the cap")

    monkeypatch.setattr(name_pairs, "CAP", 3)
    monkeypatch.setattr(name_pairs, "_ways", listed)
    assert proven_names(_table(PAIR_ROWS), _lines(*PAIRS)) == {}


def test_a_name_the_importer_joined_from_other_pieces_is_not_replaced():
    """Where the importer's names are not the same pieces (it dropped or added one), only a name it joined as the
    layout proves is given; nothing is rewritten."""
    rows = ROWS[:3] + [("2080505", "缴费支出", 8)]
    assert proven_names(_table(rows), ABOVE) == {"20805": "行政事业单位养老支出", "2080501": "行政单位离退休"}


def test_the_smallest_part_a_line_can_start_with_and_end_on():
    from engine.importers.line_breaks import cluster

    assert [cluster(p) for p in ("（境）费用", "维修（护）费", "境）费用", "费用")] == ["（境）", "维", "境）", "费"]


def test_a_line_break_keeps_an_opening_bracket_with_what_follows():
    """因公出国（境）费用 in a column 6 wide: （ cannot end a line, ） cannot start one, so the smallest part the next
    line can start with is （境）, and 因公出国 + （境） (7) did not fit: the name goes on over 因公出国, 4 wide. Below,
    （境）费用 + 其 (6) would have fitted: it ends its name. (Judged by width less one character, 因公出国 was short and
    （境）费用 the start of the next name.)"""
    lines = _lines("合计 3.00", "20101 人大事务 1.00", "因公出国", "2010101 1.00", "（境）费用",
                   "2010102 其他交通费用 1.00")
    rows = [("", "合计", 1), ("20101", "人大事务", 2), ("2010101", "因公出国（境）费用", 4),
            ("2010102", "其他交通费用", 6)]
    assert proven_names(_table(rows), lines) == {code: label for code, label, _ in rows if code}


KINSOKU = ["30110 职工基本医疗保险缴费 1.00 30209 物业管理费 1.00", "30113 住房公积金 1.00 30211 差旅费 1.00"]
KINSOKU_ROWS = [("30110", "职工基本医疗保险缴费", 1), ("30209", "物业管理费", 1), ("30113", "住房公积金", 2),
                ("30211", "差旅费", 2)]
KINSOKU_END = ["30239 其他交通费用 1.00", "人员经费合计 2.00 公用经费合计 5.00"]


def test_two_groups_keep_an_opening_bracket_with_what_follows():
    """The right group 6 wide (维修（护）费, 其他交通费用): 因公出国 / （境）费用 is one name broken where the line-break
    rules allow (因公出国 + （境） is 7), and （境）费用 cannot start 30213's name (+ 维 is 6: it would have fitted).
    Judged by width less one character, 30212 was proven 因公出国 and 30213 （境）费用维修（护）费."""
    lines = _lines(*KINSOKU, "因公出国", "30212 1.00", "（境）费用", "30213 维修（护）费 1.00", *KINSOKU_END)
    rows = KINSOKU_ROWS + [("30212", "因公出国（境）费用", 4), ("30213", "维修（护）费", 6), ("30239", "其他交通费用", 7),
                           ("", "人员经费合计", 8), ("", "公用经费合计", 8)]
    got = proven_names(_table(rows), lines)
    assert got["30212"] == "因公出国（境）费用" and got["30213"] == "维修（护）费"


def test_a_letter_spaced_piece_beside_its_code_may_be_full():
    """`30211 因 公 出 国 1.00`: four words, wider than its characters, so it may go on over （境）费用 (which cannot
    start 30213's name: + 维 would have fitted). Joined into one word it was taken as 4 wide and short."""
    lines = _lines(*KINSOKU[:1], "30113 住房公积金 1.00 30211 因 公 出 国 1.00", "（境）费用", "30213 维修（护）费 1.00",
                   *KINSOKU_END)
    rows = KINSOKU_ROWS[:3] + [("30211", "因公出国（境）费用", 2), ("30213", "维修（护）费", 4),
                               ("30239", "其他交通费用", 5), ("", "人员经费合计", 6), ("", "公用经费合计", 6)]
    got = proven_names(_table(rows), lines)
    assert got["30211"] == "因公出国（境）费用" and got["30213"] == "维修（护）费"


def test_a_letter_spaced_piece_in_one_column_may_be_full():
    """`2010101 差 旅 1.00`: two words, letter-spaced across its cell, so it may be full and go on over 费用 (which
    cannot start 2010102's name: + 其 would have fitted). Judged by its two characters, no way was left at all."""
    lines = _lines("合计 3.00", "2010101 差 旅 1.00", "费用", "2010102 其他交通费用 1.00")
    rows = [("", "合计", 1), ("2010101", "差旅费用", 2), ("2010102", "其他交通费用", 4)]
    assert proven_names(_table(rows), lines) == {"2010101": "差旅费用", "2010102": "其他交通费用"}
