"""Reading status of every table, part and form: read, partly read, present but not readable, or absent.

A table's status is counted, not guessed: every amount printed in its lines (digits with a decimal point, or a
not-applicable mark) must be in the model, and the model must hold no amount that was not printed there. What is
left over is named with its lines, so a validator sees exactly what was not checked.
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from engine.catalogue import load_catalogue
from engine.importers.amounts import parse_number, signed
from engine.importers.lines import SourceLine
from engine.importers.name_proof import NOTE, all_said, doubtful_rows, names_settled
from engine.importers.name_stack import proven_names
from engine.model import Disclosure, ImportWarning, Reading, Source, Table, form_item
from engine.said import joined, say, short_lines

_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\s?\d+$")
NAMES_STACKED = say("I20")
# Import warnings that mean a table was not read completely, with how the status names them (engine/messages.py).
_TROUBLE = {
    "no_header": "I10",
    "unknown_column": "I11",
    "unlabelled_row": "I12",
    "unplaced_row": "I13",
    "extra_cells": "I14",
    "extra_rows": "I15",
    "unaligned": "I16",
    "unknown_row": "I17",
    "duplicate_key": "I18",
    "unplaced_amounts": "I19",
    "names_stacked": "I20",
    "repeat_dropped": "I172",
    "code_unread": "I174",
}


def printed_amounts(lines: list[SourceLine]) -> list[tuple[Decimal, SourceLine]]:
    """Every amount printed on the lines of a table (its notes aside), with its line."""
    out = []
    for line in lines:
        if line.single and NOTE.match(line.text):
            continue
        for cell in line.cells:
            text = cell.strip()
            if _AMOUNT.match(text):
                out.append((parse_number(text), line))
            elif (negative := signed(text)) is not None and "." in text:
                out.append((negative, line))
    return out


def _placed(table: Table) -> list[Decimal]:
    return [cell.value for row in table.rows for cell in row.cells.values()
            if cell.kind == "number" and cell.value is not None and "." in cell.text]


def table_reading(table: Table, lines: list[SourceLine], warnings: list[ImportWarning]) -> Reading:
    """How far `table` was read from its printed `lines`; `warnings` are those its reading raised. The rows whose
    amounts the table's own arithmetic placed are marked (`placed_by_sums`), so a check can ask whether a rule read
    them."""
    reading = _table_reading(table, lines, warnings)
    placed = {line for w in warnings if w.code == "placed_by_arithmetic"
              for line in dict(getattr(w.message, "params", ())).get("placed", ())}
    rows = [row.key for row in table.rows if (row.source.page, row.source.line) in placed]
    return reading.model_copy(update={"placed_by_sums": rows}) if rows else reading


def _table_reading(table: Table, lines: list[SourceLine], warnings: list[ImportWarning]) -> Reading:
    printed = printed_amounts(lines)
    want = Counter(value for value, _ in printed)
    have = Counter(_placed(table))
    missing, extra = want - have, have - want
    where = [table.source]
    reasons = []
    if missing:
        lost = {line.line: line for value, line in printed if value in missing}
        where = [line.source for line in lost.values()][:20]
        reasons.append(say("I04", printed=sum(want.values()), lost=sum(missing.values()), lines=short_lines(list(lost))))
    if extra:
        reasons.append(say("I05", n=sum(extra.values())))
    troubles = list(dict.fromkeys(_TROUBLE[w.code] for w in warnings if w.code in _TROUBLE))
    if any(row.code and not row.label.strip() for row in table.rows):
        troubles.append("I21")  # a name wrapped away from its code (text forms)
    if any(cell.kind == "text" for row in table.rows for cell in row.cells.values()):
        troubles.append("I170")  # 694.29△, （1.00: printed where an amount stands, read as no amount
    if troubles and not reasons:
        reasons.append(say(troubles[0]) if len(troubles) == 1 else joined([say(t) for t in troubles], "、"))
    if not table.rows and not table.columns:
        status = "unreadable"
        reasons = reasons or [say("I06")]
    elif reasons and _placement_only(table, troubles, missing, extra, warnings):
        return _possible_reading(table, lines, reasons, troubles, warnings, where)
    elif printed and not have:
        status = "unreadable"
    else:
        # amounts placed by the table's own arithmetic: its arithmetic checks hold by construction, so say so
        placed = [w.message for w in warnings if w.code in ("placed_by_arithmetic", "columns_by_kind")][:2]
        placed += [w.message for w in warnings if w.code == "placed_by_figures"]
        if reasons and _names_only(troubles, missing, extra, warnings):
            return _names_reading(table, lines, reasons[0], placed, where, _said_rows(troubles, warnings))
        status = "partly_read" if reasons else "read"
        reasons += placed
    return Reading(item=table.id, kind="table", status=status, reason=all_said(reasons), lines=where)


_NAMES = {"I20", "I21"}  # names put back from other lines, a code without its name: only names are in doubt


def _names_only(troubles: list[str], missing: Counter, extra: Counter, warnings: list[ImportWarning]) -> bool:
    """Every amount in place and nothing in doubt but names (a 款 code placed by layout, I120, is a code in doubt)."""
    return (not missing and not extra and set(troubles) <= _NAMES
            and not any(getattr(w.message, "code", "") == "I120" for w in warnings))


def _placement_only(table: Table, troubles: list[str], missing: Counter, extra: Counter,
                    warnings: list[ImportWarning]) -> bool:
    """Every amount not in place is one of a row the table hands on with its possible readings (and nothing else is in
    doubt but names): a check can judge its rules over each reading (engine/checking/readings.py)."""
    if not table.ambiguous or extra or not set(troubles) <= _NAMES | {"I19"}:
        return False
    possible = Counter(parse_number(cell.text) for group in table.ambiguous for cell in group.readings[0]
                       if _AMOUNT.match(cell.text))
    return possible == missing and not any(getattr(w.message, "code", "") == "I120" for w in warnings)


def _possible_reading(table: Table, lines: list[SourceLine], reasons: list, troubles: list[str],
                      warnings: list[ImportWarning], where: list[Source]) -> Reading:
    """Partly read: some rows' amounts stand in one of several listed ways (and some rows' names may be in doubt)."""
    placed = [w.message for w in warnings
              if w.code in ("placed_by_arithmetic", "columns_by_kind", "unplaced_amounts", "placed_by_figures")]
    if set(troubles) & _NAMES:
        named = _names_reading(table, lines, all_said(reasons), placed, where)
        if named.uncertain:
            return named.model_copy(update={"uncertain": ["names", "placement"]})
    return Reading(item=table.id, kind="table", status="partly_read", reason=all_said(reasons + placed), lines=where,
                   uncertain=["placement"])


def _said_rows(troubles: list[str], warnings: list[ImportWarning]) -> list[str] | None:
    """The rows whose names are in doubt, when every reader that joined names said which (code_bands.py: the cuts
    of its bands leave the other names one way); None when one did not."""
    said = [dict(getattr(w.message, "params", ())).get("rows") for w in warnings if w.code == "names_stacked"]
    if not said or "I21" in troubles or any(rows is None for rows in said):
        return None
    return [code for rows in said for code in rows or ()]


def _names_reading(table: Table, lines: list[SourceLine], trouble: str, placed: list, where: list[Source],
                   said: list[str] | None = None) -> Reading:
    """A table whose only doubt is the names of some rows (name_proof.py says which, or the reader: `said`):
    partly read in names only."""
    proven = proven_names(table, lines)
    for row in table.rows:
        if row.key in proven:
            row.label = proven[row.key]  # the only name the pieces around its code allow (name_stack.py)
    doubtful = doubtful_rows(table, lines) if said is None else [row.key for row in table.rows if row.code in said]
    rows = [key for key in doubtful if key not in proven]
    reading = Reading(item=table.id, kind="table", status="partly_read", reason=all_said([trouble] + placed),
                      lines=where, uncertain=["names"], rows=rows)
    return names_settled(reading, rows, placed)




def part_readings(doc: Disclosure, kinds: dict[str, Source], unsure: dict[str, str] | None = None) -> list[Reading]:
    """情况说明, 概况, 名词解释: read when sections were found (partly read when `unsure` says why not all of it),
    unreadable when the heading is there but no numbered section could be told apart, absent when the part is not in
    the file."""
    out = []
    for kind, name, found in (("overview", "概况", doc.narrative.overview), ("narrative", "情况说明", doc.narrative.sections),
                              ("glossary", "名词解释", doc.narrative.glossary)):
        heading = kinds.get(kind)
        if found and (unsure or {}).get(kind):
            status, reason = "partly_read", (unsure or {})[kind]
        elif found:
            status, reason = "read", ""
        elif heading is not None:
            status, reason = "unreadable", say("I03", part=name)
        else:
            status, reason = "absent", say("I02", part=name)
        lines = [found[0].source] if found else [heading] if heading is not None else []
        out.append(Reading(item=name, kind="part", status=status, reason=reason, lines=lines))
    return out


def absent_tables(doc: Disclosure) -> list[Reading]:
    catalogue = load_catalogue()
    return [Reading(item=table_id, kind="table", status="absent",
                    reason=say("I01", table=table_id, title=catalogue.tables[table_id].title))
            for table_id in catalogue.required_tables(doc.metadata.profile) if table_id not in doc.tables]


def form_readings(doc: Disclosure, warnings: list[ImportWarning]) -> list[Reading]:
    """A form is read when its reader found every part and, in text whose cells are separated by spaces, every cell
    of its indicator rows stood in a column (forms.py `form_unaligned`): else it is partly read."""
    out = []
    for form in doc.attachments:
        trouble = [w.message for w in warnings if w.code in ("form_incomplete", "form_unaligned")
                   and w.source.line == form.source.line]
        # rows handed on with their possible readings (form_rows.py): judged reading by reading when nothing else is
        # in doubt (engine/checking/readings.py), else the form is partly read as ever, for that
        open_ = [say("I157", n=len(form.ambiguous), lines=short_lines([s.line for g in form.ambiguous for s in g.lines
                                                                        if s.line]),
                     ways="×".join(str(len(g.readings)) for g in form.ambiguous))] if form.ambiguous and not trouble else []
        uncertain: list = ["placement"] if open_ else []
        out.append(Reading(item=form_item(form), kind="form", status="partly_read" if trouble or open_ else "read",
                           reason=all_said(trouble + open_), lines=[form.source], uncertain=uncertain))
    return out
