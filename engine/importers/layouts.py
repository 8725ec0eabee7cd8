"""Table body layouts → columns and rows: coded (科目编码) tables, two-sided totals, and shared helpers."""
from __future__ import annotations

import re

from engine.catalogue import TableSpec, load_catalogue
from engine.importers.amounts import to_cell
from engine.importers.errors import Warnings
from engine.importers.finish import is_placeholder
from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.model import Column, Row, SpacerLine
from engine.said import joined, say, side as side_said

CODE = re.compile(r"^\d{3,7}$")
FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
ECONOMIC_LEVELS = {3: "类", 5: "款"}


def is_colnum_row(line: SourceLine) -> bool:
    """The 栏次 row: starts with 栏次, or is nothing but small column numbers."""
    values = line.values
    if values and normalise(values[0]) == "栏次":
        return True
    return len(values) >= 3 and all(v.isdigit() and len(v) <= 2 for v in values)


def column_for(spec: TableSpec, labels: list[str], side: str | None = None) -> str | None:
    """The catalogue key for a column printed with stacked header labels (most specific last)."""
    candidates = list(reversed(labels))
    if len(labels) >= 2:
        candidates.insert(1, labels[-2] + labels[-1])
        candidates.insert(2, "".join(labels))  # a label wrapped over several printed lines (附属单 / 位上 / 缴收入)
    for label in candidates:
        key = spec.column_key(label, side)
        if key:
            return key
    return None


class Keys:
    """Hands out row (or column) keys unique within one table, warning on a repeat."""

    def __init__(self, table_id: str, warnings: Warnings, what: str = "行"):
        self.used: set[str] = set()
        self.table_id, self.warnings, self.what = table_id, warnings, what

    def take(self, key: str, line: int | None) -> str:
        if key not in self.used:
            self.used.add(key)
            return key
        n = 2
        while f"{key}#{n}" in self.used:
            n += 1
        self.warnings.add("duplicate_key", say("I79", table=self.table_id, what=say("I80" if self.what == "行" else "I81"),
                                               key=key, n=n), line)
        self.used.add(f"{key}#{n}")
        return f"{key}#{n}"


def _has_amounts(line: SourceLine, positions: list[int]) -> bool:
    return any(line.cell(p) for p in positions)


def _split_shared_header(lines: list[SourceLine], body_start: int, header: list[SourceLine]) -> list[SourceLine]:
    """The 合计 row printed on the same ruled row as the lowest header labels (小计 | 基本支出 | 项目支出):
    the words go to the header, the row keeps only its amounts."""
    if body_start >= len(lines) or not header:
        return lines
    row = lines[body_start]
    words = {p: c for p, c in enumerate(row.cells) if p >= 2 and c.strip() and to_cell(c, row.source).kind == "text"}
    if not words:
        return lines
    header.append(SourceLine(cells=[words.get(p, "") for p in range(len(row.cells))], line=row.line, page=row.page))
    amounts = SourceLine(cells=["" if p in words else c for p, c in enumerate(row.cells)], line=row.line, page=row.page)
    return lines[:body_start] + [amounts] + lines[body_start + 1:]


def parse_coded(spec: TableSpec, lines: list[SourceLine], warnings: Warnings) -> tuple[list[Column], list[Row]]:
    """公开02/03/05/07/08: 科目代码 | 科目名称 | amount columns, rows keyed by code (level by code length)."""
    header: list[SourceLine] = []
    colnums: SourceLine | None = None
    body_start = 0
    for i, line in enumerate(lines):
        if is_colnum_row(line):
            colnums, body_start = line, i + 1
            break
        first = line.cell(0)
        total = normalise(first or line.cell(1)) in ("合计", "总计")  # 合计 may sit in the name column
        if CODE.match(first) or total:
            body_start = i
            break
        header.append(line)
    else:
        body_start = len(lines)
    lines = _split_shared_header(lines, body_start, header)
    width = max([len(h.cells) for h in header] + [len(colnums.cells) if colnums else 0] + [0])
    columns, positions = [], []
    col_keys = Keys(spec.id, warnings, "列")
    for p in range(2, width):
        labels = [h.cell(p) for h in header if h.cell(p) and normalise(h.cell(p)) not in ("项目", "科目代码", "科目名称")]
        if not labels:
            continue
        key = column_for(spec, labels)
        if key is None:
            key = normalise(labels[-1])
            warnings.add("unknown_column", say("I82", table=spec.id, label=labels[-1]), header[0].line if header else None)
        key = col_keys.take(key, header[0].line if header else None)
        columns.append(Column(key=key, label=labels[-1], number=colnums.cell(p) or None if colnums else None))
        positions.append(p)
    keys = Keys(spec.id, warnings)
    rows = []
    levels = ECONOMIC_LEVELS if spec.economic else FUNCTION_LEVELS
    for line in lines[body_start:]:
        if line.blank:
            continue  # a page break inside the table
        first, second = line.cell(0), line.cell(1)
        code = first if CODE.match(first) else None
        label = second if code else (first or second)
        if not code and is_placeholder(label) and not _has_amounts(line, positions):
            warnings.add("placeholder", say("I83", table=spec.id, label=label), line.line)
            continue
        if not code and line.single and len(label) > 20:
            warnings.add("unplaced_text", say("I84", table=spec.id, text=label[:20]), line.line)
            continue
        if not label and not code:
            if _has_amounts(line, positions):
                warnings.add("unplaced_row", say("I85", table=spec.id), line.line)
            continue
        if code:
            key = code
        else:
            key = spec.row_key(label) or normalise(label)
        row = Row(key=keys.take(key, line.line), label=label, code=code, level=levels.get(len(code)) if code else None,
                  source=line.source)
        for col, p in zip(columns, positions):
            row.cells[col.key] = to_cell(line.cell(p), line.source)
        extra = [v for i, v in enumerate(line.cells) if i >= 2 and i not in positions and v.strip()]
        if extra:
            warnings.add("extra_cells", say("I86", table=spec.id, label=label, extra=joined(list(extra), "、")), line.line)
        rows.append(row)
    return columns, rows


def _amount_columns(header: list[SourceLine], start: int, end: int) -> int:
    """How many labelled columns a side has besides its 项目 and 行次 columns."""
    return sum(1 for p in range(start + 1, end)
               if any(h.cell(p) for h in header) and normalise([h.cell(p) for h in header if h.cell(p)][-1]) != "行次")


def _side_starts(spec: TableSpec, lines: list[SourceLine]) -> tuple[list[tuple[str, int]], int]:
    """Where each side (收入/支出) begins, from the side header row or else from the 项目 cells."""
    for i, line in enumerate(lines[:4]):
        found = [(normalise(c), p) for p, c in enumerate(line.cells) if normalise(c) in spec.sides]
        if len(found) == len(spec.sides):
            return found, i + 1
    for i, line in enumerate(lines[:4]):
        found = [p for p, c in enumerate(line.cells) if normalise(c) == "项目"]
        if len(found) == len(spec.sides):
            return list(zip(spec.sides, found)), i
    return [], 0


def parse_two_sided(spec: TableSpec, lines: list[SourceLine], warnings: Warnings,
                    spacers: list[SpacerLine] | None = None) -> tuple[list[Column], list[Row]]:
    """公开01/04: 收入 on the left, 支出 on the right; each side has 项目 | 行次 | amounts."""
    catalogue = load_catalogue()
    starts, i = _side_starts(spec, lines)
    if not starts:
        warnings.add("no_header", say("I87", table=spec.id, header="收入/支出"), lines[0].line if lines else None)
        return [], []
    header = []
    colnums = None
    while i < len(lines):
        if is_colnum_row(lines[i]):
            colnums = lines[i]
            i += 1
            break
        if lines[i].cell(starts[0][1]) and normalise(lines[i].cell(starts[0][1])) != "项目":
            break
        header.append(lines[i])
        i += 1
    body = lines[i:]
    width = max((len(line.cells) for line in header + body + ([colnums] if colnums else [])), default=0)
    columns: list[Column] = []
    sides = []  # (side, label_pos, line_no_pos, [(column key, pos)])
    for n, (side, start) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else width
        line_no_pos, amounts = None, []
        for p in range(start + 1, end):
            labels = [h.cell(p) for h in header if h.cell(p)]
            if not labels:
                continue
            if normalise(labels[-1]) == "行次":
                line_no_pos = p
                continue
            key = column_for(spec, labels, side)
            side_columns = [c.key for c in spec.columns if c.side == side]
            if key is None and len(side_columns) == 1 and _amount_columns(header, start, end) == 1:
                key = side_columns[0]  # the side's only amount column, whatever its printed name (金额, 决算数)
            if key is None:
                key = normalise(labels[-1])
                warnings.add("unknown_column", say("I88", table=spec.id, side=say("I78", side=side_said(side)),
                                                    label=labels[-1]), header[0].line)
            columns.append(Column(key=key, label=labels[-1], side=side,
                                  number=(colnums.cell(p) or None) if colnums else None))
            amounts.append((key, p))
        sides.append((side, start, line_no_pos, amounts))
    rows: list[Row] = []
    keys = Keys(spec.id, warnings)
    for side, label_pos, line_no_pos, amounts in sides:
        parent = None
        for line in body:
            if line.blank:
                continue
            label = line.cell(label_pos)
            line_no = line.cell(line_no_pos) if line_no_pos is not None else ""
            has_value = any(line.cell(p) for _, p in amounts)
            if not label and not has_value:  # spacer row: only a 行次, kept for the numbering check (T21)
                if line_no and spacers is not None:
                    spacers.append(SpacerLine(number=line_no, side=side, source=line.source))
                continue
            row = Row(key="", label=label, line_no=line_no or None, side=side, source=line.source)
            key = None
            if not label:
                key = f"行次{line_no}" if line_no else f"第{line.line}行"
                warnings.add("unlabelled_row", say("I89", table=spec.id, side=say("I78", side=side_said(side)),
                                                    n=line_no or "?"), line.line)
            elif spec.class_rows == side and catalogue.class_code(label):
                row.code = key = catalogue.class_code(label)
                row.level = "类"
            else:
                if parent:
                    key = spec.row_key(f"{parent}/{normalise(label)}", side)
                if key is None:
                    key = spec.row_key(label, side)
                    parent = key if key and any(r.key.startswith(key + "/") for r in spec.rows) else None
                if key is None:
                    key = normalise(label)
                    warnings.add("unknown_row", say("I90", table=spec.id, side=say("I78", side=side_said(side)), label=label),
                                 line.line)
            row.key = keys.take(key, line.line)
            for col_key, p in amounts:
                row.cells[col_key] = to_cell(line.cell(p), line.source)
            rows.append(row)
    return columns, rows
