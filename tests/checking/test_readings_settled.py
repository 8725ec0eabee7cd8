"""A table's reading once its possible readings are fixed (engine/checking/readings.py `_settled`)."""
from __future__ import annotations

from engine.checking.readings import _settled
from engine.model import Ambiguity, PossibleCell, Reading


def _group(row: str, solved: bool) -> Ambiguity:
    return Ambiguity(rows=[row], readings=[[PossibleCell(row=row, column="合计", text="1.00")]], solved=solved)


def test_the_rows_of_a_solved_group_are_placed_by_the_tables_sums_beside_the_rows_already_marked():
    """Its own sums chose them: a sum rule reading only them holds by construction (check.py `_own_sums`), so they
    must be among the rows marked, or such a rule would pass where the whole table is marked."""
    reading = Reading(item="公开05", kind="table", status="partly_read", uncertain=["placement"], placed_by_sums=["201"])
    settled = _settled(reading, [_group("20101", solved=True), _group("20102", solved=False)])
    assert settled.placed_by_sums == ["201", "20101"]
    assert settled.status == "read"


def test_with_no_row_marked_the_note_speaks_for_the_whole_table():
    reading = Reading(item="公开05", kind="table", status="partly_read", uncertain=["placement"])
    assert _settled(reading, [_group("20101", solved=True)]).placed_by_sums == []
