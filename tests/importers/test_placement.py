"""Placement of amounts whose empty cells left no trace (engine/importers/placement.py): by the table's arithmetic,
exactly one consistent way or none at all — never a guess."""
from __future__ import annotations

from decimal import Decimal

from engine.importers.placement import (Equation, PrintedRow, code_groups, column_totals, identities, place,
                                        scale)

KEYS = ("合计", "基本支出", "项目支出")


def _solve(rows: list[tuple[str, tuple[str, ...]]], known=()):
    """A 公开05-like table: (code or 合计, amounts as printed) per row."""
    printed = [PrintedRow(amounts=amounts, keys=KEYS) for _, amounts in rows]
    codes = ["" if code == "合计" else code for code, _ in rows]
    total = next(i for i, (code, _) in enumerate(rows) if code == "合计")
    equations = identities("公开05", printed)
    for parent, children in code_groups(codes, total).items():
        equations += column_totals(parent, children, len(KEYS))
    return place(printed, equations, scale([t for _, a in rows for t in a]), list(known))


def test_the_totals_tie_rows_a_row_alone_cannot_place():
    # 2010602 prints 合计 and one amount: 基本 or 项目 by itself; its 款's 项目 total says which
    got = _solve([("合计", ("100.00", "60.00", "40.00")), ("201", ("100.00", "60.00", "40.00")),
                  ("20106", ("100.00", "60.00", "40.00")), ("2010601", ("60.00", "60.00")),
                  ("2010602", ("40.00", "40.00"))])
    assert got.unplaced == ()
    assert got.columns[3] == (0, 1) and got.columns[4] == (0, 2)
    assert set(got.by_arithmetic) == {3, 4}


def test_rounding_of_printed_amounts_is_allowed_half_a_unit_a_term():
    got = _solve([("合计", ("10.01", "3.34", "6.67")), ("201", ("3.34", "3.34")), ("202", ("6.67", "6.67"))])
    assert got.unplaced == () and got.columns[1] == (0, 1) and got.columns[2] == (0, 2)


def test_symmetric_rows_are_left_unplaced_with_the_reason():
    # two children that may swap their 基本 and 项目 without any total noticing
    got = _solve([("合计", ("20.00", "10.00", "10.00")), ("201", ("10.00", "10.00")), ("202", ("10.00", "10.00"))])
    assert {r for r, _ in got.unplaced} == {1, 2}
    assert all("不止一种" in why for _, why in got.unplaced)
    assert got.columns[1] is None and got.columns[2] is None


def test_a_row_no_placement_fits_is_not_placed():
    # the 类 prints 30.00 in one column, its only 款 prints 20.00: no column makes the total hold
    got = _solve([("合计", ("30.00", "30.00")), ("201", ("30.00", "30.00")), ("20101", ("20.00", "20.00"))])
    assert got.columns[2] is None
    assert any("没有一种放法" in why for _, why in got.unplaced)


def test_more_amounts_than_columns_is_said_so():
    got = _solve([("合计", ("1.00", "1.00", "0.00", "9.99"))])
    assert got.columns[0] is None and "多于表头" in got.unplaced[0][1]


def test_a_printed_zero_under_a_blank_total_is_not_a_sum():
    # 20101's 0.00 could stand under 项目支出 or 经营支出 as far as the sums go; 201 prints nothing under 经营支出,
    # so a printed zero cannot be there (ghzyj 公开03 prints 0.00 项目支出 so)
    keys = ("本年支出合计", "基本支出", "项目支出", "经营支出")
    amounts = [("10.00", "5.00", "5.00"), ("10.00", "5.00", "5.00"), ("5.00", "5.00", "0.00"), ("5.00", "0.00", "5.00")]
    rows = [PrintedRow(amounts=a, keys=keys) for a in amounts]
    equations = identities("公开03", rows)
    for parent, children in code_groups(["", "201", "20101", "20102"], 0).items():
        equations += column_totals(parent, children, len(keys))
    five = Decimal("5.00")
    known = [(0, 1, ">=", five, 1), (0, 2, ">=", five, 1), (1, 1, ">=", five, 1), (1, 2, ">=", five, 1),
             (2, 1, ">=", five, 1), (3, 2, ">=", five, 1)]  # what 公开05 says (links.py)
    got = place(rows, equations, 200, known)
    assert got.unplaced == () and got.columns[2] == (0, 1, 2) and got.columns[3] == (0, 1, 2)


def test_what_another_table_says_settles_a_symmetric_choice():
    # 公开02-like: 6.20 is 上级补助收入 or 其他收入 by the table alone; 公开01 says 其他收入
    keys = ("本年收入合计", "财政拨款收入", "上级补助收入", "其他收入")
    rows = [PrintedRow(amounts=("16.20", "10.00", "6.20"), keys=keys)]
    equations = [Equation(((0, 0, -1), (0, 1, 1), (0, 2, 1), (0, 3, 1)))]
    assert place(rows, equations, 200).columns[0] is None
    known = [(0, 2, "==", Decimal(0), 0), (0, 3, "==", Decimal("6.20"), 1)]  # 公开01: no 上级补助收入
    assert place(rows, equations, 200, known).columns[0] == (0, 1, 3)


def _spent(known=()):
    """公开03-like 212 / 21201 / 2120101, each printing 100.00 90.00 10.00 over its six columns."""
    keys = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
    rows = [PrintedRow(amounts=("100.00", "90.00", "10.00"), keys=keys) for _ in range(3)]
    equations = identities("公开03", rows)
    for parent, children in code_groups(["212", "21201", "2120101"], None).items():
        equations += column_totals(parent, children, len(keys))
    return place(rows, equations, scale(["100.00"]), list(known))


def test_possible_readings_are_not_narrowed_by_another_tables_figures():
    # 公开05 says 基本支出 ≥ 90.00: narrowing the readings by it would make X09a (公开05 ≤ 公开03) hold in each by
    # construction, the reading 合计 100 = 项目 90 + 上缴 10 (基本 blank) among those it would drop
    alone = _spent()
    [group] = alone.possible
    assert ((0, 2, 3),) * 3 in group.readings
    known = [(i, 1, ">=", Decimal("90.00"), 1) for i in range(3)]
    [narrowed] = _spent(known).possible
    assert narrowed.readings == group.readings and _spent(known).by_known == ()


def test_a_total_row_is_handed_on_with_every_placement_whatever_another_table_says():
    # 公开02's 合计 prints 100.00 100.00 over four columns; 公开01 says 财政拨款收入 is 100.00
    keys = ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入")
    rows = [PrintedRow(amounts=("100.00", "100.00"), keys=keys)]
    alone = place(rows, identities("公开02", rows), 200)
    told = place(rows, identities("公开02", rows), 200, [(0, 1, "==", Decimal("100.00"), 1)])
    assert len(alone.possible[0].readings) == len(told.possible[0].readings) == 6


def test_rows_another_tables_figures_placed_are_named():
    keys = ("本年收入合计", "财政拨款收入", "上级补助收入", "其他收入")
    rows = [PrintedRow(amounts=("16.20", "10.00", "6.20"), keys=keys)]
    equations = [Equation(((0, 0, -1), (0, 1, 1), (0, 2, 1), (0, 3, 1)))]
    known = [(0, 2, "==", Decimal(0), 0), (0, 3, "==", Decimal("6.20"), 1)]
    got = place(rows, equations, 200, known)
    assert got.columns[0] == (0, 1, 3) and got.by_known == (0,)
    assert place(rows, equations, 200).by_known == ()


def test_rows_no_equation_ties_are_not_said_placed_by_arithmetic():
    # 公开10 is placed with no equations (align._typed_statistics): its open rows' readings are no solutions
    rows = [PrintedRow(amounts=("5.00",), keys=("统计数", "金额")), PrintedRow(amounts=("1.00", "2.00"), keys=("a", "b"))]
    got = place(rows, [], 200)
    [group] = got.possible
    assert group.rows == (0,) and not group.solved and set(group.readings) == {((0,),), ((1,),)}
