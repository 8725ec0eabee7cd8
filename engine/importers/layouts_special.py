"""The tables with their own layouts: 公开06 side-by-side groups, 公开09 one wide row, 公开10 grouped statistics."""
from __future__ import annotations

from engine.catalogue import TableSpec
from engine.importers.amounts import parse_number, to_cell
from engine.importers.errors import Warnings
from engine.importers.layouts import CODE, ECONOMIC_LEVELS, Keys, column_for, is_colnum_row
from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.model import Column, Row
from engine.said import say

# Headings of a 科目编码 column: 科目代码 (Shanxi), 经济分类 over 科目编码 (national), or one cell.
CODE_HEADINGS = {"科目代码", "科目编码", "经济分类", "经济分类科目编码", "经济分类科目代码"}


def parse_groups(spec: TableSpec, lines: list[SourceLine], warnings: Warnings) -> tuple[list[Column], list[Row]]:
    """公开06: several code | name | amount groups side by side become one list of rows, read group by group."""
    starts, header_start = [], 0
    for i, line in enumerate(lines[:4]):
        found = [p for p, c in enumerate(line.cells) if normalise(c) in CODE_HEADINGS]
        if found:
            starts, header_start = found, i
            break
    if not starts:
        warnings.add("no_header", say("I87", table=spec.id, header="「科目代码」"), lines[0].line if lines else None)
        return [], []
    def codes_in(p: int) -> int:
        return sum(1 for line in lines[header_start:] if CODE.match(line.cell(p)))

    # the heading centred over 类 | 款 (text forms) may sit one column off the codes it heads
    starts = [max((q for q in (p, p - 1, p + 1) if q >= 0), key=lambda q: (codes_in(q), q == p)) for p in starts]
    header_end = header_start  # the heading may take several printed rows (经济分类 / 科目编码)
    while header_end + 1 < len(lines) and not any(CODE.match(lines[header_end + 1].cell(s)) for s in starts) \
            and not is_colnum_row(lines[header_end + 1]) and header_end - header_start < 3 \
            and not any(parse_number(v) is not None for v in lines[header_end + 1].values):
        header_end += 1
    head = lines[header_start:header_end + 1]
    width = max(len(line.cells) for line in lines)
    groups = []  # (code_pos, name_pos, amount_pos)
    column = None
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else width
        amount_pos = None
        for p in range(start + 2, end):
            labels = [h.cell(p) for h in head if h.cell(p)]
            key = column_for(spec, labels) if labels else None
            if key:
                amount_pos = p
                column = column or Column(key=key, label=labels[-1])
        amount_pos = amount_pos if amount_pos is not None else start + 2
        groups.append((start, _name_pos(lines[header_end + 1:], start, amount_pos), amount_pos))
    column = column or Column(key=spec.columns[0].key if spec.columns else "决算数", label="决算数")
    body = [line for line in lines[header_end + 1:] if not line.blank and not is_colnum_row(line)]
    footer_keys = {r.key for r in spec.rows}
    keys = Keys(spec.id, warnings)
    rows: list[Row] = []
    footers: list[Row] = []
    for line in body:
        labelled = [(p, spec.row_key(c)) for p, c in enumerate(line.cells) if c.strip() and spec.row_key(c) in footer_keys]
        for n, (p, key) in enumerate(labelled):
            stop = labelled[n + 1][0] if n + 1 < len(labelled) else len(line.cells)
            value = next((line.cells[q] for q in range(p + 1, stop) if line.cells[q].strip()), "")
            footers.append(Row(key=keys.take(key, line.line), label=line.cells[p].strip(), source=line.source,
                               cells={column.key: to_cell(value, line.source)}))
    for code_pos, name_pos, amount_pos in groups:
        for line in body:
            if any(spec.row_key(c) in footer_keys for c in line.cells if c.strip()):
                continue
            code, name, amount = line.cell(code_pos), line.cell(name_pos), line.cell(amount_pos)
            if not (code or name or amount):
                continue
            if not CODE.match(code):
                # an amount without its code is lost (the table is partly read); a stray label is only noted
                warnings.add("unplaced_row" if parse_number(amount) is not None else "unplaced_label",
                             say("I91", table=spec.id, text=code or name or amount), line.line)
                continue
            rows.append(Row(key=keys.take(code, line.line), label=name, code=code,
                            level=ECONOMIC_LEVELS.get(len(code)), source=line.source,
                            cells={column.key: to_cell(amount, line.source)}))
    return [column], rows + footers


def _name_pos(body: list[SourceLine], code_pos: int, amount_pos: int) -> int:
    """The group's name column: the one after its code, or, when no row prints a name there (a code column moved one
    left of its heading: the 款 digits of 类 | 款 joined to their 类), the first between code and amount that does."""
    coded = [line for line in body if CODE.match(line.cell(code_pos))]
    for p in range(code_pos + 1, amount_pos):
        if any(line.cell(p) and parse_number(line.cell(p)) is None and not CODE.match(line.cell(p)) for line in coded):
            return p
    return code_pos + 1


def parse_wide_row(spec: TableSpec, lines: list[SourceLine], warnings: Warnings) -> tuple[list[Column], list[Row]]:
    """公开09: one printed row of 预算数 and 决算数 blocks → item rows × (预算数, 决算数)."""
    block_line, blocks = None, []
    for i, line in enumerate(lines[:8]):  # a header wrapped over several printed lines (text forms) comes first
        found = [(p, spec.column_key(c)) for p, c in enumerate(line.cells) if c.strip() and spec.column_key(c)]
        if len(found) >= 2:
            block_line, blocks = i, found
            break
    if block_line is None:
        warnings.add("no_header", say("I87", table=spec.id, header="预算数/决算数"), lines[0].line if lines else None)
        return [], []
    if len(blocks) > 2:
        return _per_item(spec, lines, block_line, blocks, warnings)
    columns = [Column(key=key, label=lines[block_line].cell(p)) for p, key in blocks]
    header, data = [], []
    for line in lines[block_line + 1:]:
        if line.blank:
            continue
        if is_colnum_row(line) and not data and len(line.values) > 2 and all(int(v) <= 12 for v in line.values):
            header.append(None)  # the 栏次 row ends the header
            continue
        if None in header or any(parse_number(v) is not None for v in line.values):
            data.append(line)
        else:
            header.append(line)
    header = [h for h in header if h is not None]
    width = max(len(line.cells) for line in lines)
    items: list[tuple[int, str, str]] = []  # position, column key, row key
    for n, (start, col_key) in enumerate(blocks):
        end = blocks[n + 1][0] if n + 1 < len(blocks) else width
        top = ""
        for p in range(start, end):
            upper = header[0].cell(p) if header else ""
            lower = header[1].cell(p) if len(header) > 1 else ""
            top = upper or top
            candidates = [lower, top + lower] if lower else [upper]
            key = next((spec.row_key(c) for c in candidates if c and spec.row_key(c)), None)
            if key:
                items.append((p, col_key, key))
            elif upper or lower:
                warnings.add("unknown_column", say("I92", table=spec.id, label=lower or upper), header[0].line)
    rows: dict[str, Row] = {}
    if len(data) > 1:
        warnings.add("extra_rows", say("I93", table=spec.id, n=len(data)), data[1].line)
    for line in data[:1]:
        for p, col_key, key in items:
            row = rows.setdefault(key, Row(key=key, label=key, source=line.source))
            row.cells[col_key] = to_cell(line.cell(p), line.source)
    order = [r.key for r in spec.rows]
    return columns, sorted(rows.values(), key=lambda r: order.index(r.key) if r.key in order else len(order))


def _item_key(spec: TableSpec, header: list[SourceLine], p: int) -> str | None:
    """The item over column p: its own label (lowest printed above p), else that label under its parent's."""
    for n in range(len(header) - 1, -1, -1):
        label = header[n].cell(p)
        if not label:
            continue
        parent = next((header[n - 1].cell(q) for q in range(p, -1, -1) if n and header[n - 1].cell(q)), "")
        for candidate in (label, parent + label, parent):
            if candidate and (key := spec.row_key(candidate)):
                return key
        return None
    return None


def _per_item(spec: TableSpec, lines: list[SourceLine], block_line: int, blocks: list[tuple[int, str]],
              warnings: Warnings) -> tuple[list[Column], list[Row]]:
    """The national layout: items across the top, 预算数 | 决算数 under each item, one data row."""
    header = [line for line in lines[:block_line] if not line.blank]
    columns: dict[str, Column] = {}
    items: list[tuple[int, str, str]] = []
    for p, col_key in blocks:
        columns.setdefault(col_key, Column(key=col_key, label=lines[block_line].cell(p)))
        key = _item_key(spec, header, p)
        if key is None and items and not any(h.cell(p) for h in header):
            key = items[-1][2]  # nothing printed above: the merged item cell of the column to the left
        if key is None:
            warnings.add("unknown_column", say("I94", table=spec.id, n=p + 1), lines[block_line].line)
            continue
        items.append((p, col_key, key))
    data = [line for line in lines[block_line + 1:] if not line.blank and not is_colnum_row(line)]
    if len(data) > 1:
        warnings.add("extra_rows", say("I93", table=spec.id, n=len(data)), data[1].line)
    rows: dict[str, Row] = {}
    found = {key for _, _, key in items}
    for spec_row in spec.rows:  # catalogue order
        if spec_row.key in found:
            rows[spec_row.key] = Row(key=spec_row.key, label=spec_row.key,
                                     source=(data[0] if data else lines[block_line]).source)
    for line in data[:1]:
        for p, col_key, key in items:
            rows[key].cells[col_key] = to_cell(line.cell(p), line.source)
    for row in rows.values():  # a table printed without its data row: every cell blank
        for col_key in columns:
            row.cells.setdefault(col_key, to_cell("", row.source))
    return list(columns.values()), list(rows.values())


def parse_statistics(spec: TableSpec, lines: list[SourceLine], warnings: Warnings) -> tuple[list[Column], list[Row]]:
    """公开10: headed groups (一、政府采购情况 …) of 项目 | 行次 | 统计数 rows."""
    line_no_pos, value_pos = 1, 2  # the label is column 0
    column = Column(key=spec.columns[0].key if spec.columns else "统计数", label="统计数")
    group = None
    keys = Keys(spec.id, warnings)
    rows: list[Row] = []
    for line in lines:
        if line.blank or is_colnum_row(line):
            continue
        first = line.cell(0)
        if normalise(first) == "项目":
            for p, c in enumerate(line.cells):
                if normalise(c) == "行次":
                    line_no_pos = p
                elif c.strip() and spec.column_key(c):
                    value_pos = p
                    column = Column(key=spec.column_key(c), label=c.strip())
            continue
        if line.single and first and not line.cell(line_no_pos) and normalise(first) != first.replace(" ", ""):
            group = normalise(first)  # a numbered heading such as 一、政府采购情况
            continue
        key = spec.row_key(first)
        if key is None:
            key = normalise(first) if first else f"行次{line.cell(line_no_pos)}"
            warnings.add("unknown_row", say("I90", table=spec.id, side="", label=first), line.line)
        expected = next((r for r in spec.rows if r.key == key), None)
        rows.append(Row(key=keys.take(key, line.line), label=first, line_no=line.cell(line_no_pos) or None,
                        group=group or (expected.group if expected else None), source=line.source,
                        cells={column.key: to_cell(line.cell(value_pos), line.source)}))
    return [column], rows
