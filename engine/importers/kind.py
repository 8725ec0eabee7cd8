"""What kind of document this is: 部门/单位决算公开, 部门/单位预算公开, or something else.

Read from how the document names itself (cover and 目录: "2024年度部门决算", "2019年度部门预算公开") and from the
titles of its tables (收入支出决算总表 vs 收支预算总表). A 决算 disclosure mentions 预算 all the time (一般公共预算,
年初预算, 预算数), so single words count for nothing; only self-designations and table titles do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from engine.importers.errors import DisclosureError
from engine.importers.lines import SourceLine

# "2024年度部门决算", "部门决算公开", "单位预算", "预算公开": a self-designation, spaces allowed inside (PDF text).
_SELF = re.compile(r"(部\s*门|单\s*位)\s*(决|预)\s*算|(决|预)\s*算\s*公\s*开")
# Table titles: …决算表 / …决算总表 / …决算明细表 vs …预算表 / …预算总表 / 预算公开表.
_TITLE = re.compile(r"(决|预)\s*算\s*(?:明细|总)?\s*表")
# "一般公共预算财政拨款支出决算表": 预算 inside a 决算 title is not a budget title.
_FUNDS = re.compile(r"(一般公共|基金|资本经营|社会保险基金)\s*预\s*算")
_COVER_LINES = 40


@dataclass(frozen=True)
class Kind:
    kind: str  # final | budget | other
    scope: str | None  # 部门 | 单位 when the document says so
    why: str


def _count(lines: list[str]) -> tuple[int, int, str | None]:
    final = budget = 0
    scope = None
    for text in lines:
        text = _FUNDS.sub("", text)
        for match in _SELF.finditer(text):
            word = match[2] or match[3]
            final += word == "决"
            budget += word == "预"
            scope = scope or (match[1].replace(" ", "") if match[1] else None)
        for match in _TITLE.finditer(text):
            final += match[1] == "决"
            budget += match[1] == "预"
    return final, budget, scope


def document_kind(lines: list[SourceLine]) -> Kind:
    """The cover (first lines) decides when it names the document; otherwise the whole text, by majority."""
    texts = [line.text for line in lines if not line.blank]
    final, budget, scope = _count(texts[:_COVER_LINES])
    if final != budget and (final or budget):
        kind = "final" if final > budget else "budget"
        return Kind(kind, scope, "封面和目录的称谓")
    final, budget, scope_all = _count(texts)
    scope = scope or scope_all
    if final == budget == 0:
        # pages printed rotated come out right-to-left (表总算预支收): read each line backwards too
        final, budget, scope = _count([text[::-1] for text in texts])
        if final != budget:
            kind = "final" if final > budget else "budget"
            return Kind(kind, scope, "旋转排版页面中的称谓和表名")
    if final == budget == 0:
        return Kind("other", None, "没有“决算”或“预算”的称谓和表名")
    if final >= budget:
        return Kind("final", scope, f"全文称谓和表名：决算 {final} 处、预算 {budget} 处")
    return Kind("budget", scope, f"全文称谓和表名：预算 {budget} 处、决算 {final} 处")


def refuse_unless_final(lines: list[SourceLine]) -> Kind:
    """Raise a clear error for a budget disclosure or a text that is not a disclosure at all."""
    kind = document_kind(lines)
    if kind.kind == "budget":
        scope = kind.scope or "部门"
        raise DisclosureError(
            "budget_disclosure",
            f"这是{scope}预算公开文件，不是{scope}决算公开（依据：{kind.why}）。本工具的规则库只适用于决算公开，"
            "预算公开暂不能校验",
            f"this is a {'unit' if scope == '单位' else 'department'} budget disclosure (预算公开), not a final-accounts "
            "disclosure (决算公开); the rulebook only applies to final accounts")
    if kind.kind == "other":
        raise DisclosureError(
            "not_disclosure",
            "这不是部门（单位）决算公开文件：全文没有“部门决算”“单位决算”的称谓，也没有决算表的表名",
            "this is not a final-accounts disclosure: it never calls itself 部门决算/单位决算 and prints no 决算 table")
    return kind
