"""Which row names of a table are certain, when some were put back together from lines of their own.

Text tools that print a centred cell over several lines (pdfplumber's `extract_text`) leave a 科目's name partly
above and partly below its code line; the importer joins the pieces, and the join may be wrong. The amounts, codes and
columns are not affected, so the doubt is about names only, and only about some rows:

- a row whose name is printed whole right after its code on its own line is certain (`doubtful_rows`);
- a doubtful name is proven by the document itself (`corroborate`): the same 科目编码 printed with exactly the same
  name, whole on its code line, in another table (a join that agrees with another join proves nothing).

- a name the table's own layout allows one way only (name_stack.py: every coded row prints a name, and only a full
  piece goes on over the next line; name_pairs.py: the same per group, for two groups side by side) is certain, and
  replaces the join when the importer cut the same pieces elsewhere.

Nothing else makes a name certain: a name no other table confirms stays doubtful, and so do the rules that read it.
"""
from __future__ import annotations

import re

from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.model import Disclosure, Reading, Row, Table
from engine.said import joined, say

_HEADING = re.compile(r"科目|编码|单位[:：]|决算表|栏次|^(?:项目|名称|合计|总计|[类款项]|功能分类|经济分类)$")
NOTE = re.compile(r"^(?:注|说明)\s*[:：]")  # a table's note line (status.py too)
_STOP = re.compile(r"^(?:[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-—–]+)$")  # an amount, a code, a 不适用 mark


def doubtful_rows(table: Table, lines: list[SourceLine]) -> list[str]:
    """Keys of the rows whose name may not be what the importer put back: a coded row is certain only when its name
    is printed whole right after its code on its own line and no loose line of words (a piece of some name) is
    printed right above or below that line — a name on its code line may go on over the next line. A row without a
    code (合计, 人员经费合计: a fixed label, its key) is certain when it is printed in one piece on some line."""
    printed = [line for line in lines if not line.blank]
    at = {line.line: n for n, line in enumerate(printed)}
    loose = [_loose(line) for line in printed]
    out = []
    for row in table.rows:
        if not row.code:
            if not any(_printed_whole(row, line) for line in printed):
                out.append(row.key)
            continue
        n = at.get(row.source.line)
        if n is None or not _printed_whole(row, printed[n]) or (n > 0 and loose[n - 1]) or (
                n + 1 < len(printed) and loose[n + 1]):
            out.append(row.key)
    return out


def _words(line: SourceLine) -> list[str]:
    return [w for v in line.values for w in v.split()]


def _loose(line: SourceLine) -> bool:
    """Words only, no amount or code, no heading or note: a piece of a name printed on a line of its own."""
    words = _words(line)
    return bool(words) and not any(_STOP.match(w) or _HEADING.search(w) for w in words) and not NOTE.match(line.text)


def _printed_whole(row: Row, line: SourceLine | None) -> bool:
    """The row's name is the run of words right after its code on `line` (anywhere on it, for a row without one)."""
    name = normalise(row.label)
    if line is None or not name:
        return False
    words = _words(line)
    starts = [i + 1 for i, w in enumerate(words) if w == row.code] if row.code else range(len(words))
    for start in starts:
        end = next((j for j in range(start, len(words)) if _STOP.match(words[j])), len(words))
        if normalise("".join(words[start:end])) == name:
            return True
    return False


def corroborate(doc: Disclosure, readings: list[Reading]) -> None:
    """Rows of names-only readings whose name the document proves are no longer doubtful; a reading left with no
    doubtful row is read (its names note replaced by what proved them). Proof is the same name (normalised: no
    numbering prefix, engine/labels.py) printed whole on the same code's line in another table; two joins that
    agree prove nothing (tables with the same columns wrap a name alike), and a name is never replaced by another."""
    certain: dict[str, set[tuple[str, str]]] = {}  # code -> (table, normalised name) of every certain row
    for reading in readings:
        table = doc.tables.get(reading.item) if reading.kind == "table" else None
        if table is None or not (reading.status == "read" or reading.names_only):
            continue  # a table partly read for its amounts proves nothing
        doubtful = set(reading.rows) if reading.names_only else set()
        for row in table.rows:
            if row.code and row.key not in doubtful and normalise(row.label):
                certain.setdefault(row.code, set()).add((table.id, normalise(row.label)))
    for n, reading in enumerate(readings):
        if not reading.names_only:
            continue
        table = doc.tables[reading.item]
        rows = {row.key: row for row in table.rows}
        left = [key for key in reading.rows if not _proven(rows[key], table.id, certain)]
        if len(left) < len(reading.rows):
            readings[n] = names_settled(reading, left)


def _proven(row: Row, table_id: str, certain: dict[str, set[tuple[str, str]]]) -> bool:
    """The same name, exactly, as a certain row of the same code in another table."""
    name = normalise(row.label)
    return bool(row.code and name) and any(
        t != table_id and known == name for t, known in certain.get(row.code or "", ()))


def names_settled(reading: Reading, rows: list[str], placed: list | None = None) -> Reading:
    """`reading` (names only in doubt) with just `rows` left doubtful: read when none is, its notes kept."""
    notes = placed if placed is not None else _notes(reading.reason)
    if not rows:
        return reading.model_copy(update={"status": "read", "reason": all_said(notes), "uncertain": [], "rows": []})
    return reading.model_copy(update={"rows": rows, "reason": all_said([say("I140", n=len(rows), rows=_keys(rows))] + notes)})


def _keys(rows: list[str]) -> str:
    return "、".join(rows[:8]) + ("…" if len(rows) > 8 else "")


def _notes(reason: str) -> list:
    """The notes of a names-only reason (what follows its first part: amounts placed by arithmetic, columns by kind)."""
    parts = getattr(reason, "params", ())
    return list(parts[1:]) if getattr(reason, "sep", None) == "；" and not getattr(reason, "code", "x") else []


def all_said(reasons: list) -> str:
    """Reasons one after the other (；), as one text that keeps their codes."""
    return "" if not reasons else reasons[0] if len(reasons) == 1 else joined(reasons, "；")
