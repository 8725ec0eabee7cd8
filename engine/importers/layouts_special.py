"""The tables with their own layouts: 公开06 side-by-side groups, 公开09 one wide row, 公开10 grouped statistics."""
from __future__ import annotations

from engine.catalogue import TableSpec
from engine.importers.amounts import parse_number, to_cell
from engine.importers.errors import Warnings
from engine.importers.layouts import CODE, ECONOMIC_LEVELS, Keys, column_for, is_colnum_row
from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.model import Column, Row


def parse_groups(spec: TableSpec, lines: list[SourceLine], warnings: Warnings) -> tuple[list[Column], list[Row]]:
    """公开06: several code | name | amount groups side by side become one list of rows, read group by group."""
    starts, header_end = [], 0
    for i, line in enumerate(lines[:4]):
        found = [p for p, c in enumerate(line.cells) if normalise(c) == "科目代码"]
        if found:
            starts, header_end = found, i
            break
    if not starts:
        warnings.add("no_header", f"{spec.id}：找不到「科目代码」表头，无法读取此表", lines[0].line if lines else None)
        return [], []
    head = lines[header_end]
    width = max(len(line.cells) for line in lines)
    groups = []  # (code_pos, name_pos, amount_pos)
    column = None
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else width
        amount_pos = None
        for p in range(start + 2, end):
            key = column_for(spec, [head.cell(p)]) if head.cell(p) else None
            if key:
                amount_pos = p
                column = column or Column(key=key, label=head.cell(p))
        groups.append((start, start + 1, amount_pos if amount_pos is not None else start + 2))
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
                warnings.add("unplaced_row", f"{spec.id}：「{code or name or amount}」没有可识别的科目编码，未能归入", line.line)
                continue
            rows.append(Row(key=keys.take(code, line.line), label=name, code=code,
                            level=ECONOMIC_LEVELS.get(len(code)), source=line.source,
                            cells={column.key: to_cell(amount, line.source)}))
    return [column], rows + footers


def parse_wide_row(spec: TableSpec, lines: list[SourceLine], warnings: Warnings) -> tuple[list[Column], list[Row]]:
    """公开09: one printed row of 预算数 and 决算数 blocks → item rows × (预算数, 决算数)."""
    block_line, blocks = None, []
    for i, line in enumerate(lines[:4]):
        found = [(p, spec.column_key(c)) for p, c in enumerate(line.cells) if c.strip() and spec.column_key(c)]
        if len(found) >= 2:
            block_line, blocks = i, found
            break
    if block_line is None:
        warnings.add("no_header", f"{spec.id}：找不到预算数/决算数表头，无法读取此表", lines[0].line if lines else None)
        return [], []
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
                warnings.add("unknown_column", f"{spec.id}：未识别的项目「{lower or upper}」", header[0].line)
    rows: dict[str, Row] = {}
    if len(data) > 1:
        warnings.add("extra_rows", f"{spec.id}：应只有一行数据，实有{len(data)}行，只读取第一行", data[1].line)
    for line in data[:1]:
        for p, col_key, key in items:
            row = rows.setdefault(key, Row(key=key, label=key, source=line.source))
            row.cells[col_key] = to_cell(line.cell(p), line.source)
    order = [r.key for r in spec.rows]
    return columns, sorted(rows.values(), key=lambda r: order.index(r.key) if r.key in order else len(order))


def parse_statistics(spec: TableSpec, lines: list[SourceLine], warnings: Warnings) -> tuple[list[Column], list[Row]]:
    """公开10: headed groups (一、政府采购情况 …) of 项目 | 行次 | 统计数 rows."""
    label_pos, line_no_pos, value_pos = 0, 1, 2
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
            warnings.add("unknown_row", f"{spec.id}：未识别的行「{first}」，按名称记录", line.line)
        expected = next((r for r in spec.rows if r.key == key), None)
        rows.append(Row(key=keys.take(key, line.line), label=first, line_no=line.cell(line_no_pos) or None,
                        group=group or (expected.group if expected else None), source=line.source,
                        cells={column.key: to_cell(line.cell(value_pos), line.source)}))
    return [column], rows
