"""Table layouts real disclosures print besides the one the renderer writes by default (engine/render/layout.py).

Each takes a table's printed lines and gives them as another province's software or typesetter prints the same
table: 科目编码 as 类 | 款 | 项 columns, amounts with thousands separators, the header fields on one line, the year
and unit name in the title, 公开06 in groups side by side, 公开09 with 决算数 before 预算数, a long table continued on
the next page under 续表. The amounts stay the printed ones: only where and how they stand changes."""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import zip_longest

from engine.model import Cell

CODE_COLUMNS = ("one", "split", "spanned")  # 2010101 | 201 | 01 | 01 | 2010101 under 类 款 项 (a merged cell)
HEADINGS = ("lines", "one-line", "compiler")  # 部门名称/年度/单位 a line each | one line | 编制单位：… 单位：万元
CONTINUED = ("续表", "（续）")  # how a continued page is headed: 续表, or the title with （续）
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
PERSONAL = ("301", "303")  # the 类 of 人员经费 (工资福利支出, 对个人和家庭的补助); the rest are 公用经费


def separated(cell: Cell, text: str) -> str:
    """An amount printed with thousands separators (27,664.22), at its printed places; anything else as it is."""
    if cell.kind != "number" or cell.value is None or not text.strip():
        return text
    plain = text.replace(",", "").replace(" ", "")
    places = len(plain.split(".")[1]) if "." in plain else 0
    return f"{Decimal(plain):,.{places}f}"


def code_columns(rows: list[list[str]], mode: str, levels: int, groups: int = 1) -> list[list[str]]:
    """A coded table's lines (科目代码 | 科目名称 | …, in `groups` groups side by side) with each code in `levels`
    columns headed 类 款 (项): `split` prints each part in its column (201 | 01 | 01), `spanned` the whole code in the
    first (a cell merged over them, under 类 款 项)."""
    if mode == "one" or not rows:
        return rows
    width = len(rows[0]) // groups
    words = ["类", "款", "项"][:levels]

    def lead(cell: str) -> list[str]:
        cell = cell.strip()
        if _CODE.match(cell) and mode == "split":
            return [cell[:3], cell[3:5], cell[5:7]][:levels]
        return [cell] + [""] * (levels - 1)  # the whole code, 合计, 栏次, 人员经费合计: in the first of the cells

    head = next((n for n, row in enumerate(rows) if row[0].strip() in ("科目代码", "科目编码")), 0)
    out = []
    for n, row in enumerate(rows):
        line: list[str] = []
        for g in range(groups):
            part = (row[g * width:(g + 1) * width] + [""] * width)[:width]
            line += (["科目编码"] + [""] * (levels - 1) if n == head else lead(part[0])) + part[1:]
        out.append(line)
        if n == head:
            out.append((words + [""] * (width - 1)) * groups)
    return out


def side_by_side(rows: list[list[str]], groups: int) -> list[list[str]]:
    """公开06's 类 with their 款 in `groups` groups side by side (the national template prints two, some three);
    rows without a code (人员经费合计, 公用经费合计) go under them, side by side too."""
    if groups <= 1 or len(rows) < 2:
        return rows
    head, *body = rows
    width = len(head)
    blocks: list[list[list[str]]] = []
    totals: list[list[str]] = []
    for row in body:
        code = next((c for c in row if c.strip()), "")
        if not row[0].strip().isdigit() and not _CODE.match(code):
            totals.append(row)
        elif len(row[0].strip()) == 3 or not blocks:
            blocks.append([row])
        else:
            blocks[-1].append(row)
    size = sum(len(b) for b in blocks)
    columns: list[list[list[str]]] = [[] for _ in range(groups)]
    if groups == 2:  # the national template: 人员经费 (301, 303) on the left, 公用经费 on the right, so headed
        for block in blocks:
            columns[0 if block[0][0].strip() in PERSONAL else 1].extend(block)
    else:
        g = 0
        for block in blocks:  # fill each group to its share of the rows, whole 类 at a time
            if g < groups - 1 and columns[g] and len(columns[g]) + len(block) / 2 > size / groups:
                g += 1
            columns[g].extend(block)
    empty = [""] * width
    out = [["人员经费"] + [""] * (width - 1) + ["公用经费"] + [""] * (width - 1)] if groups == 2 else []
    out += [head * groups]
    out += [sum(cells, []) for cells in zip_longest(*columns, fillvalue=empty)]
    pairs = [totals[i:i + groups] for i in range(0, len(totals), groups)]
    out += [sum(pair + [empty] * (groups - len(pair)), []) for pair in pairs]
    return out


def stacked(rows: list[list[str]]) -> list[list[str]]:
    """公开01/04 (收入 | 支出 side by side: a line of side names, the header, the rows) with the sides one above the
    other: each side's name on a line of its own, then its header and its rows."""
    top = rows[0]
    starts = [p for p, cell in enumerate(top) if cell.strip()] + [len(top)]
    out: list[list[str]] = []
    for start, end in zip(starts, starts[1:]):
        out += [[top[start]], rows[1][start:end]]
        out += [line[start:end] for line in rows[2:] if any(c.strip() for c in line[start:end])]
    return out


def final_first(rows: list[list[str]]) -> list[list[str]]:
    """公开09 (items | 预算数 决算数 per item | amounts) with each item's 决算数 printed before its 预算数."""
    if len(rows) != 3 or len(rows[0]) % 2:
        return rows
    out = []
    for n, row in enumerate(rows):
        swapped = []
        for i in range(0, len(row), 2):
            pair = row[i:i + 2]
            swapped += pair if n == 0 else pair[::-1]  # the item's name stays over its first column
        out.append(swapped)
    return out


def heading(fields: list[tuple[str, str]], style: str) -> list[list[str]]:
    """The header fields (部门名称 …, 年度, 金额单位) as lines: one a line, or on one line in cells (a PDF's header
    row: 部门名称：X   2024年度   金额单位：万元), or as 编制单位：X … 单位：万元."""
    if style == "lines" or not fields:
        return [[f"{k}：{v}" if k else v] for k, v in fields]
    if style == "compiler":
        named = {k: v for k, v in fields}
        name = named.get("部门名称") or named.get("单位名称")
        cells = ([f"编制单位：{name}"] if name else []) + [v for k, v in fields if not k]
        cells += [f"单位：{named['金额单位']}"] if "金额单位" in named else []
        return [cells]
    return [[f"{k}：{v}" if k else v for k, v in fields]]


def continued(lines: list[list[str]], header: int, per_page: int, repeat: bool, mark: str,
              title: str) -> list[list[list[str]]]:
    """A table's lines on pages of at most `per_page` rows: the first page as printed (title, header, rows), each
    next page headed 续表 (or the title with （续）) and, when `repeat`, the header rows again; notes after the last.
    `lines`: preamble and header (`header` lines), then rows, then the notes after a blank line."""
    if per_page <= 0:
        return [lines]
    end = len(lines)
    while end > header and (not any(c.strip() for c in lines[end - 1]) or len(lines[end - 1]) == 1):
        end -= 1  # the notes and the blank line before them stay with the last page
    top, rows, tail = lines[:header], lines[header:end], lines[end:]
    if len(rows) <= per_page:
        return [lines]
    head_rows = [line for line in top if len(line) > 1]
    heads = []  # the header each row stands under: a side's name on its line and its header start a part (stacked)
    for n, row in enumerate(rows):
        if len(row) == 1 and n + 1 < len(rows) and len(rows[n + 1]) > 1 and rows[n + 1][0] == "项目":
            head_rows = [rows[n + 1]]
            heads.append([])  # a page that opens with the side's name prints its header right after it
            continue
        heads.append([] if n and heads[-1] == [] and row is head_rows[0] else head_rows)
    pages = [top + rows[:per_page]]
    for start in range(per_page, len(rows), per_page):
        cap = [["续表"]] if mark == "续表" else [[f"{title}（续）"]]
        pages.append(cap + (heads[start] if repeat else []) + rows[start:start + per_page])
    pages[-1] += tail
    return pages
