"""Disclosure → Printed: the document laid out as a published disclosure, in a chosen layout.

Layout variants (the ways real disclosures differ): how tables are numbered (公开05表 / 表五 / 附表5 / none), the
order of the tables, and the unit each table is printed in (元, 千元 or 万元); and how a table itself is typeset
(engine/render/variants.py): 科目编码 in 类 | 款 | 项 columns, thousands separators, the header fields on one line,
the year and unit in the title, 栏次/行次 or none, 公开06 in groups side by side, 公开09 决算数 first, a long table
continued under 续表. Cells are printed as they were printed in the source (`Cell.text`), so a round trip keeps the
printed precision; a table printed in 元 is scaled exactly."""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.catalogue import TableSpec, load_catalogue
from engine.model import Cell, Disclosure, Section, Table
from engine.render.forms import render_form
from engine.render import variants
from engine.render.printed import Printed

CN = "一二三四五六七八九十"
NUMBERINGS = ("as-printed", "公开", "表", "附表", "none")
PARTS = (("overview", "第一部分 概况"), ("tables", "第二部分 决算表"), ("narrative", "第三部分 情况说明"),
         ("glossary", "第四部分 名词解释"))
_PART_WORDS = {"概况": "overview", "决算表": "tables", "情况说明": "narrative", "名词解释": "glossary",
               "附件": "attachments"}


@dataclass
class Layout:
    numbering: str = "as-printed"  # as the source printed it, or 公开05表 / 表五 / 附表5 / none
    order: list[str] | None = None  # table ids in print order (missing ones follow in the document's order)
    yuan: set[str] = field(default_factory=set)  # tables printed in 元 (amounts × 10000), the rest as in the model
    thousand: set[str] = field(default_factory=set)  # tables printed in 千元 (amounts × 10)
    page_per_table: bool = True
    code_columns: str = "one"  # 科目编码 as one code, or in 类 | 款 | 项 columns: variants.CODE_COLUMNS
    separators: bool = False  # amounts with thousands separators (27,664.22)
    heading: str = "lines"  # 部门名称, 年度, 金额单位: variants.HEADINGS
    titled: bool = False  # the title with the unit name and year (阳泉市财政局2024年度收入决算表)
    numbered: bool = True  # 栏次 rows and 行次 columns as the source printed them; False: none printed
    economic_groups: int = 1  # 公开06 in 1 group, 2 (人员经费 | 公用经费, the national template) or 3 side by side
    stacked: bool = False  # 公开01/04: 收入 above 支出 instead of side by side
    final_first: bool = False  # 公开09: each item's 决算数 before its 预算数
    rows_per_page: int = 0  # a longer table goes on on the next page (0: never)
    continued: str = "续表"  # how the next page is headed (variants.CONTINUED)
    repeat_header: bool = True  # the next page repeats the header rows


def cn_number(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return (CN[tens - 1] if tens > 1 else "") + "十" + (CN[ones - 1] if ones else "")


def number_line(table_id: str, numbering: str) -> str | None:
    n = int(table_id[2:])
    return {"公开": f"{table_id}表", "表": f"表{cn_number(n)}", "附表": f"附表{n}"}.get(numbering)


def _scaled(cell: Cell, factor: int) -> str:
    """A 万元 cell printed in a smaller unit (元: × 10000, 千元: × 10), exactly, at most two decimals."""
    if cell.kind != "number" or cell.value is None:
        return cell.text
    scaled = cell.value * factor
    places = max(0, -scaled.as_tuple().exponent) if isinstance(scaled.as_tuple().exponent, int) else 0
    return f"{scaled:,.{min(places, 2)}f}" if "," in cell.text else f"{scaled:.{min(places, 2)}f}"


def _label(spec: TableSpec, printed: str, key: str, side: str | None = None) -> str:
    """The printed column label when it still reads as its key, else the key (labels stacked over two rows)."""
    return printed if spec.column_key(printed, side) == key else key


class _Tables:
    def __init__(self, layout: Layout, doc: Disclosure | None = None):
        self.layout = layout
        self.catalogue = load_catalogue()
        meta = doc.metadata if doc else None
        self.owner = f"{meta.unit_name}{meta.year}年度" if meta and meta.unit_name and meta.year else ""

    def cell(self, table: Table, cell: Cell | None) -> str:
        if cell is None:
            return ""
        if table.id in self.layout.yuan:
            text = _scaled(cell, 10000)
        else:
            text = _scaled(cell, 10) if table.id in self.layout.thousand else cell.text
        return variants.separated(cell, text) if self.layout.separators else text

    def preamble(self, table: Table, spec: TableSpec) -> list[list[str]]:
        as_printed = self.layout.numbering == "as-printed"
        lines = [[table.title]] if table.title or not as_printed else []  # a table printed untitled stays so
        if lines and not lines[0][0]:
            lines = [[spec.title]]
        if lines and self.layout.titled and self.owner:
            lines = [[self.owner + lines[0][0]]]
        number = table.number if as_printed else number_line(table.id, self.layout.numbering)
        if number:
            lines.append([number])
        header = dict(table.header)
        fields = [(name, header[name]) for name in ("部门名称", "单位名称") if header.get(name)]
        if header.get("年度"):
            fields.append(("", header["年度"]))
        unit = ("元" if table.id in self.layout.yuan else "千元" if table.id in self.layout.thousand
                else header.get("金额单位"))
        if unit:
            fields.append(("金额单位", unit))
        lines += variants.heading(fields, self.layout.heading)
        return lines + [[""]] if lines else []

    def sheet_name(self, table: Table) -> str:
        """The title (or number) the table prints, else nothing: a reader takes a sheet named by a table for that
        table's title, so an untitled table's sheet must not be named by it."""
        spec = self.catalogue.tables.get(table.id)
        first = self.preamble(table, spec)[:1] if spec else []
        head = first[0][0] if first else ""
        return head if head in (table.title, table.number, spec.title if spec else None) or head.startswith(
            ("公开", "表", "附表")) else ""

    def body(self, table: Table, spec: TableSpec) -> list[list[str]]:
        if spec.sides:
            return self.two_sided(table, spec)
        if spec.economic:
            return self.groups(table, spec)
        if spec.coded:
            return self.coded(table, spec)
        if any(c.key == "预算数" for c in spec.columns):
            return self.wide_row(table, spec)
        return self.statistics(table, spec)

    def two_sided(self, table: Table, spec: TableSpec) -> list[list[str]]:
        sides = [(side, table.columns_of(side)) for side in spec.sides]
        top, head = [], []
        for side, cols in sides:
            top += [side] + [""] * (len(cols) + 1)
            head += ["项目", "行次"] + [_label(spec, c.label, c.key, side) for c in cols]
        slots: dict[object, list] = {}
        by_index = any(r.source.line is None for r in table.rows)
        counters = {side: 0 for side, _ in sides}
        for item in [*table.rows, *table.spacer_lines]:
            side = item.side
            if by_index:
                key = counters[side]
                counters[side] += 1
            else:  # lines are counted per page in a paged source: the page keeps rows of two pages apart
                key = (item.source.page or 0, item.source.line)
            slots.setdefault(key, [None] * len(sides))[[s for s, _ in sides].index(side)] = item
        rows = [top, head]
        numbered = self.layout.numbered or not any(r.line_no for r in table.rows)
        for key in sorted(slots):
            line: list[str] = []
            for (_side, cols), item in zip(sides, slots[key]):
                if item is None:
                    line += [""] * (len(cols) + 2)
                elif hasattr(item, "cells"):
                    line += [item.label, item.line_no or ""] + [self.cell(table, item.cells.get(c.key)) for c in cols]
                else:  # a spacer: only its 行次
                    line += ["", item.number] + [""] * len(cols)
            rows.append(line)
        if not numbered:
            at = [p for p, word in enumerate(head) if word == "行次"]  # 行次 columns left out, spacer lines with them
            rows = [[c for p, c in enumerate(line) if p not in at] for line in rows]
            rows = rows[:2] + [line for line in rows[2:] if any(c.strip() for c in line)]
        return variants.stacked(rows) if self.layout.stacked else rows

    def coded(self, table: Table, spec: TableSpec) -> list[list[str]]:
        rows = [["科目代码", "科目名称", *(_label(spec, c.label, c.key) for c in table.columns)]]
        if any(c.number for c in table.columns) and self.layout.numbered:
            rows.append(["栏次", "", *(c.number or "" for c in table.columns)])
        for row in table.rows:
            lead = [row.code, row.label] if row.code else [row.label, ""]
            rows.append(lead + [self.cell(table, row.cells.get(c.key)) for c in table.columns])
        return variants.code_columns(rows, self.layout.code_columns, 3)

    def groups(self, table: Table, spec: TableSpec) -> list[list[str]]:
        col = table.columns[0] if table.columns else None
        rows = [["科目代码", "科目名称", _label(spec, col.label, col.key) if col else "决算数"]]
        for row in table.rows:
            value = self.cell(table, row.cells.get(col.key)) if col else ""
            rows.append([row.code, row.label, value] if row.code else [row.label, "", value])
        rows = variants.side_by_side(rows, self.layout.economic_groups)
        return variants.code_columns(rows, self.layout.code_columns, 2, self.layout.economic_groups)

    def wide_row(self, table: Table, spec: TableSpec) -> list[list[str]]:
        items, blocks, data = [], [], []
        for row in table.rows:
            for n, col in enumerate(table.columns):
                items.append(row.label if n == 0 else "")
                blocks.append(_label(spec, col.label, col.key))
                data.append(self.cell(table, row.cells.get(col.key)))
        if not table.rows:  # printed without its items (本表无数据): the 预算数/决算数 heads alone
            return [[_label(spec, c.label, c.key) for c in table.columns]]
        return variants.final_first([items, blocks, data]) if self.layout.final_first else [items, blocks, data]

    def statistics(self, table: Table, spec: TableSpec) -> list[list[str]]:
        col = table.columns[0] if table.columns else None
        rows = [["项目", "行次", _label(spec, col.label, col.key) if col else "统计数"]]
        group, count = None, 0
        for row in table.rows:
            if row.group and row.group != group:
                group, count = row.group, count + 1
                rows.append([f"{cn_number(count)}、{group}"])
            value = self.cell(table, row.cells.get(col.key)) if col else ""
            rows.append([row.label, row.line_no or "", value])
        return rows

    def table(self, table: Table) -> list[list[list[str]]]:
        """The table's pages: one, unless the layout continues a long table on the next page."""
        spec = self.catalogue.tables.get(table.id)
        if spec is None:
            return []
        preamble, body = self.preamble(table, spec), self.body(table, spec)
        lines = preamble + body + [[""]] + [[n.text] for n in table.notes]
        if not self.layout.rows_per_page or not (spec.coded or spec.sides):
            return [lines]
        first_row = 2 if spec.sides else next((i for i, row in enumerate(body) if row and (
            row[0].strip().isdigit() and row[0].strip() != "栏次" or row[0].strip() in ("合计", "总计"))), len(body))
        header = len(preamble) + first_row
        title = next((line[0] for line in preamble[:1]), spec.title)
        return variants.continued(lines, header, self.layout.rows_per_page, self.layout.repeat_header,
                                  self.layout.continued, title)


def _section(section: Section) -> list[list[str]]:
    number = section.number
    heading = f"（{number.strip('()')}）{section.title}" if number.startswith("(") else f"{number}、{section.title}"
    return [[heading]] + [[line] for line in section.text.split("\n") if line.strip()]


def _glossary(entry: Section) -> list[list[str]]:
    first, *rest = entry.text.split("\n") if entry.text else [""]
    head = f"{entry.number}、{entry.title}" + (f"：{first}" if first else "")
    return [[head]] + [[line] for line in rest if line.strip()]


def _part_titles(doc: Disclosure) -> dict[str, str]:
    """The 第N部分 headings as the source printed them; the standard heading for a part it has none recorded for."""
    titles = dict(PARTS)
    for heading in doc.parts:
        text = "".join(heading.text.split())  # a heading joined from two printed lines: 情况 说明
        for word, kind in _PART_WORDS.items():
            if word in text:
                titles[kind] = text
                break
    return titles


def _head(titles: dict[str, str], kind: str) -> list[list[str]]:
    return [[titles[kind]]] if kind in titles else []


def render(doc: Disclosure, layout: Layout | None = None) -> Printed:
    """The disclosure as printed pages: cover, 目录, 概况, tables (a page each), 情况说明, 名词解释, 自评表."""
    layout = layout or Layout()
    printed = Printed()
    meta = doc.metadata
    cover = [[line.text] for line in doc.cover] or [[meta.unit_name], [f"{meta.year}年度{meta.disclosure_type}公开"]]
    printed.pages.append(cover)
    printed.names.append("封面")
    if doc.toc:
        printed.pages.append([["目录"]] + [[e.title, e.page] if e.page else [e.title] for e in doc.toc])
        printed.names.append("目录")
    titles = _part_titles(doc)
    if doc.narrative.overview:
        printed.pages.append(_head(titles, "overview") + [line for s in doc.narrative.overview for line in _section(s)])
        printed.names.append("概况")
    order = [t for t in (layout.order or []) if t in doc.tables]
    order += [t for t in doc.tables if t not in order]
    tables = _Tables(layout, doc)
    first = True
    for table_id in order:
        pages = tables.table(doc.tables[table_id])
        if not pages:
            continue
        if first:
            pages[0] = _head(titles, "tables") + [[""]] + pages[0]
            first = False
        for n, lines in enumerate(pages):
            if layout.page_per_table or not printed.pages or n:
                printed.pages.append(lines)
                printed.names.append(tables.sheet_name(doc.tables[table_id]) if not n else "")
            else:
                printed.pages[-1] += [[""]] + lines
    if doc.narrative.sections:
        printed.pages.append(_head(titles, "narrative") + [line for s in doc.narrative.sections for line in _section(s)])
        printed.names.append("情况说明")
    if doc.narrative.glossary:
        printed.pages.append(_head(titles, "glossary") + [line for s in doc.narrative.glossary for line in _glossary(s)])
        printed.names.append("名词解释")
    if "attachments" in titles:  # only when the source printed a 附件 part heading
        printed.pages.append(_head(titles, "attachments"))
        printed.names.append("附件")
    for n, form in enumerate(doc.attachments, start=1):
        printed.pages.append(render_form(form))
        printed.names.append(f"自评表{n}")
    return printed
