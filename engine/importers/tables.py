"""Table recognition: find each table's block (title, 公开NN, or header rows), read its header fields and notes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.catalogue import TableSpec, load_catalogue
from engine.importers.align import Unaligned, align
from engine.importers.code_columns import join_code_columns
from engine.importers.continued import without_repeats
from engine.importers.errors import Warnings
from engine.importers.finish import is_placeholder
from engine.importers.layouts import parse_coded, parse_two_sided
from engine.importers.layouts_special import parse_groups, parse_statistics, parse_wide_row
from engine.importers.possible import ambiguities
from engine.importers.stacked import side_by_side
from engine.importers.lines import SourceLine
from engine.importers.wrapped import join_wrapped_names
from engine.labels import normalise
from engine.model import Note, Table
from engine.said import say, short_lines

NUMBER = re.compile(r"^公开\s*(\d{1,2})\s*表?$")
FIELD = re.compile(r"(部门名称|单位名称|\d{4}\s*年度|金额单位|单位[:：]|^部门[:：]|^元$|^表$)")
# the unit's name: 部门名称/单位名称, 编制单位 (the 决算 software's header), 部门 (Jiangsu); what is printed after it on
# the same line (the year, the unit of amounts) is not part of it
_NAME = re.compile(r"(部门名称|单位名称|编制单位|部门)[:：]\s*(.+?)(?=\s*\d{4}\s*年度?|\s*(?:金额)?单位[:：]|$)")
_NAME_KEYS = {"编制单位": "单位名称", "部门": "部门名称"}
_YEAR = re.compile(r"(\d{4})\s*年度")
_HEADER_WORDS = {"收入", "支出", "项目", "行次", "金额", "合计", "总计"}  # a header printed one cell a line starts so
_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万\s*元|千\s*元|元)")


@dataclass
class Block:
    """The lines of one table, from its first title/number/header line to the next table."""

    lines: list[SourceLine] = field(default_factory=list)
    title: SourceLine | None = None
    number: SourceLine | None = None


# 表五, 附表5: a table's number in a document's own series, which need not be the 公开NN one (the title says which)
_ORDINAL = re.compile(r"^(?:附表|表)(?:[一二三四五六七八九十]+|\d{1,2})$")


def table_number(text: str) -> str | None:
    match = NUMBER.match(text.replace(" ", ""))
    return f"公开{int(match[1]):02d}" if match else None


def printed_number(text: str) -> bool:
    """A line that is a table's number: 公开05(表), 表五, 附表5."""
    return bool(table_number(text) or _ORDINAL.match(re.sub(r"\s+", "", text)))


def _continues_note(note: str, line: SourceLine, spec: TableSpec) -> bool:
    """A line right after a note that cannot be a row: the note did not end its sentence (a wrapped paragraph breaks
    mid-sentence), and the line has no digit, no numbering and is no row the table knows."""
    text = line.text
    return not note.endswith(("。", "；", ".", ";")) and not re.search(r"\d", text) and not spec.row_key(text) \
        and not re.match(r"^[一二三四五六七八九十]+、|^[（(]", text)


# A title that names its unit and year first (江苏省XX厅2019年度收入决算表, 2024年收入决算表): the table's own title
# follows the year; the unit name is short and no sentence.
_OWNED = re.compile(r"^(?P<owner>[^，。；：:,;]{0,40}?)\d{4}\s*年度?\s*(?P<title>\S.*)$")


def title_spec(text: str) -> TableSpec | None:
    """The catalogue table a printed title names: exactly, or after the unit name and year it starts with."""
    catalogue = load_catalogue()
    spec = catalogue.table_by_title(text)
    if spec is None and (match := _OWNED.match(text.strip())):
        spec = catalogue.table_by_title(match["title"])
    return spec


def _title_spec(line: SourceLine) -> TableSpec | None:
    return title_spec(line.text) if line.single else None


def _is_untitled_header(line: SourceLine) -> bool:
    """A header row that starts a table printed without its title block (收入 | 支出, or 项目 …)."""
    values = [normalise(w) for v in line.values for w in v.split()]  # `收入 支出` one space apart: two words
    return len(values) >= 2 and (values[:1] == ["收入"] and "支出" in values or values[0] in ("项目", "预算数"))


def _side_name_above(before: list[SourceLine]) -> list[SourceLine]:
    """The line 「收入」 (and blank lines after it) taken off the end of `before`: an untitled table whose sides are
    printed one above the other starts with it (stacked.py)."""
    at = len(before)
    while at and before[at - 1].blank:
        at -= 1
    if at and before[at - 1].single and normalise(before[at - 1].text) == "收入":
        taken = before[at - 1:]
        del before[at - 1:]
        return taken
    return []


def split_blocks(lines: list[SourceLine]) -> tuple[list[SourceLine], list[Block]]:
    """Lines before the first table (narrative), and one Block per table."""
    before: list[SourceLine] = []
    blocks: list[Block] = []
    current: Block | None = None
    for line in lines:
        spec = _title_spec(line)
        number = printed_number(line.text) if line.single else False
        if spec or number:
            fresh = current is None or (current.number if number else current.title) is not None or any(
                not line.single and not line.blank for line in current.lines)
            if fresh:
                current = Block()
                blocks.append(current)
            if spec and current.title is None:
                current.title = line
            elif number and current.number is None:
                current.number = line
            current.lines.append(line)
        elif current is None and _is_untitled_header(line):
            current = Block(lines=_side_name_above(before) + [line])  # 收入 on its line above: sides stacked
            blocks.append(current)
        elif current is None:
            before.append(line)
        else:
            current.lines.append(line)
    return before, blocks


def _spec_by_header(lines: list[SourceLine], taken: set[str]) -> TableSpec | None:
    """For an untitled table: the catalogue table whose columns best match the printed header labels."""
    labels = [w for line in lines[:4] for c in line.values for w in [c] + (c.split() if " " in c else [])]
    # a side's name on a line of its own further down: the sides printed one above the other (stacked.py)
    names = {normalise(v) for v in labels} | {normalise(line.text) for line in lines if line.single}
    best, best_score = None, 0
    for spec in load_catalogue().tables.values():
        if spec.id in taken:
            continue
        sides = [s for s in spec.sides if s in names]
        score = sum(1 for c in spec.columns if any(spec.column_key(v, c.side) == c.key for v in labels))
        score += 2 * len(sides) if len(sides) == len(spec.sides) else -5 if spec.sides else 0
        if score > best_score:
            best, best_score = spec, score
    return best


def header_fields(lines: list[SourceLine]) -> dict[str, str]:
    """部门名称/单位名称, 年度, 金额单位 as printed (a word split by a page break is joined back)."""
    text = "".join(line.text for line in lines)
    fields = {}
    if match := _NAME.search(text):
        fields[_NAME_KEYS.get(match[1], match[1])] = match[2].strip()
    if match := _YEAR.search(text):
        fields["年度"] = f"{match[1]}年度"
    if match := _UNIT.search(text):
        fields["金额单位"] = match[1].replace(" ", "")
    return fields


def _fields_line(line: SourceLine) -> bool:
    """The header fields printed on one line in cells of their own (部门名称：X | 2024年度 | 金额单位：万元; 编制单位：X |
    单位：万元): every cell a field, at least one naming the unit or the unit of amounts."""
    values = line.values
    return len(values) >= 2 and all(FIELD.search(v) for v in values) and any(
        _NAME.search(v) or _UNIT.search(v) for v in values)


def _layout(spec: TableSpec):
    if spec.sides:
        return parse_two_sided
    if spec.economic:
        return parse_groups
    if spec.coded:
        return parse_coded
    if any(c.key == "预算数" for c in spec.columns):
        return parse_wide_row
    return parse_statistics


def read_table(block: Block, taken: set[str], warnings: Warnings, facts: list | None = None) -> Table | None:
    """One Block → Table, or None (with a warning) when it matches no catalogue table."""
    catalogue = load_catalogue()
    first = block.lines[0]
    by_title = title_spec(block.title.text) if block.title else None
    number_id = table_number(block.number.text) if block.number else None
    spec = catalogue.tables.get(number_id) if number_id else None
    if by_title and spec and by_title.id != spec.id:
        warnings.add("title_number_mismatch", say("I30", title=block.title.text, number=block.number.text, table=spec.id),
                     block.number.line)
    spec = spec or by_title
    if spec is None:
        spec = _spec_by_header(block.lines, taken)
        if spec is None:
            warnings.add("unknown_table", say("I31", line=first.line), first.line)
            return None
        warnings.add("untitled_table", say("I32", line=first.line, table=spec.id, title=spec.title), first.line)
    preamble, rest = [], list(block.lines)
    while rest and rest[0].blank:
        rest.pop(0)
    while rest and (rest[0].single and (rest[0] in (block.title, block.number) or FIELD.search(rest[0].text)
                                         or (len(rest[0].text) <= 2 and rest[0].text not in _HEADER_WORDS)
                                         or printed_number(rest[0].text)) or _fields_line(rest[0])):
        preamble.append(rest.pop(0))
        while rest and rest[0].blank:
            rest.pop(0)
    fields = [line for line in preamble if line not in (block.title, block.number)]
    # a table over pages (续表, its header again), then its sides put side by side if printed one above the other
    rest, dropped = without_repeats(rest, lambda text: bool(text) and title_spec(text) is spec, preamble, spec.sides)
    if dropped:  # a line like the header printed again, but with what may be amounts: not read, and said
        warnings.add("repeat_dropped", say("I171", table=spec.id, lines=short_lines([line.line for line in dropped])),
                     dropped[0].line)
    if spec.sides:
        rest = side_by_side(spec, rest)
    notes, body = [], []
    last_note = None  # the note the previous line belongs to
    for line in rest:
        text = line.text
        if line.single and re.match(r"^(注|说明)\s*[:：]", text):
            notes.append(Note(text=text, kind="no_data" if "无数据" in text else "note", source=line.source))
            last_note = notes[-1]
        elif last_note is not None and line.single and _continues_note(last_note.text, line, spec):
            # a note wrapped onto the next printed line: its tail is the note's, not a row of the table
            notes[-1] = last_note = last_note.model_copy(update={"text": last_note.text + text})
        else:
            body.append(line)
            last_note = None if not line.blank else last_note
    # a line of template filler only (… …) is no row, and no part of the name above it
    body = [line for line in body if line.blank or not all(is_placeholder(v) for v in line.values)]
    if spec.coded:
        body, unread = join_code_columns(body)  # 类 | 款 | 项 columns: one code, as every layout below reads it
        if unread:  # digits in the code columns that make no code: the row is read without one, and that is said
            warnings.add("code_unread", say("I173", table=spec.id, lines=short_lines([line.line for line in unread])),
                         unread[0].line)
    if spec.coded and not spec.economic:
        body = join_wrapped_names(body, warnings, spec.id)  # before the columns are found: a name's lines above and below its code
    try:
        body = align(spec, body, warnings, facts or [])  # facts: links.py, what other tables say
    except Unaligned:
        warnings.add("unaligned", say("I33", table=spec.id), first.line)
    layout, spacers = _layout(spec), []
    if not body:
        columns, rows = [], []
    elif layout is parse_two_sided:
        columns, rows = parse_two_sided(spec, body, warnings, spacers)
    else:
        columns, rows = layout(spec, body, warnings)
    if not body:
        warnings.add("empty_table", say("I34", table=spec.id), first.line)
    header = header_fields(fields)
    return Table(id=spec.id, title=block.title.text if block.title else "", number=block.number.text if block.number else None,
                 header=header, unit=header.get("金额单位"), columns=columns, rows=rows, notes=notes,
                 source=first.source, spacer_lines=spacers, ambiguous=ambiguities(rows, body))
