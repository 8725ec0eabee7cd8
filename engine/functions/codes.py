"""科目编码与名称 (issue 18, class 7), checked without a guessed official list:
- the same 科目编码 printed with different names in different tables (编码名称不一);
- one name printed for two codes of a classification and level, not at the same place under their parents
  (名称编码不一: a code given another 科目's name);
- a 类/款/项 chain named in the narrative ("住房保障支出（类）住房改革支出（款）住房公积金（项）") whose 项 no table
  carries, or whose 款/类 is not the tables' own parent of that 项 (文中科目不符);
- when the user supplies an official list (CSV: code,name,year; path in RULEBOOK_SUBJECT_CODES), each printed
  name against it (科目名称不符; 有科目表() says whether one is supplied).
Names are compared after labels.normalise (width, spaces, brackets, numbering do not count)."""
from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from engine.functions.text import line_anchors, source_at
from engine.labels import normalise
from engine.model import Disclosure, Row, Table
from engine.functions.registry import Function
from engine.language.runtime import FALSE, TRUE, Ctx, Item, Truth
from engine.functions.items import cite
from engine.said import say

ENV = "RULEBOOK_SUBJECT_CODES"
_FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
_NAME = r"[\u4e00-\u9fff“”\"]{2,30}?"
# 1、住房保障支出（类）住房改革支出（款）住房公积金（项）; the 类 may be left out
_CHAIN = re.compile(rf"(?:({_NAME})[（(]类[)）])?({_NAME})[（(]款[)）]({_NAME})[（(]项[)）]")


def _coded(doc: Disclosure) -> list[tuple[Table, Row, str]]:
    """(table, row, its code) for every row printed with a numeric 科目编码."""
    return [(t, r, r.code) for t in doc.tables.values() for r in t.rows if r.code and r.code.isdigit()]



def _conflicts(doc: Disclosure) -> tuple[Item, ...]:
    first: dict[str, tuple[Table, Row]] = {}
    out: list[Item] = []
    reported: set[tuple[str, str]] = set()
    for table, row, code in _coded(doc):
        seen = first.setdefault(code, (table, row))
        name, other = normalise(row.label), normalise(seen[1].label)
        if name == other or (code, name) in reported:
            continue
        reported.add((code, name))
        label = f"{code}：{seen[0].id}「{seen[1].label}」、{table.id}「{row.label}」"
        out.append(Item(label, row.source, table.id))
    return tuple(out)


def code_name_conflicts(ctx: Ctx) -> tuple[Item, ...]:
    """编码名称不一(): codes printed with another name in a later table, each with the line of the second name."""
    doc = ctx.doc
    return cite(ctx, ctx.memo.once(("code_name_conflicts",), doc, lambda: _conflicts(doc)))


def _position(code: str) -> str:
    """Where a code sits under its parent: its last two digits (a 类 has no parent, so the whole code)."""
    return code if len(code) <= 3 else code[-2:]


def _shared_names(doc: Disclosure) -> tuple[Item, ...]:
    """One name printed for two codes of the same classification and level (名称编码不一). The classification itself
    repeats a name only at the same place under different parents (行政运行 is 01 and 事业运行 50 under every 款;
    309 and 310 list the same 款: 30902/31002 办公设备购置), so a shared name elsewhere means a code carries another
    科目's name — judged without any official list."""
    first: dict[tuple[str, int, str], tuple[Table, Row, str]] = {}
    out: list[Item] = []
    for table, row, code in _coded(doc):
        name = normalise(row.label)
        if not name:
            continue
        key = (code[0], len(code), name)
        seen = first.setdefault(key, (table, row, code))
        if seen[2] == code or _position(seen[2]) == _position(code):
            continue
        label = f"「{row.label}」：{seen[0].id} {seen[2]}、{table.id} {code}"
        out.append(Item(label, row.source, table.id))
    return tuple(dict.fromkeys(out))


def name_code_conflicts(ctx: Ctx) -> tuple[Item, ...]:
    """名称编码不一(): a name printed for two codes of one classification and level, not at the same place."""
    doc = ctx.doc
    return cite(ctx, ctx.memo.once(("name_code_conflicts",), doc, lambda: _shared_names(doc)))


def _names_by_code(doc: Disclosure) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for _, row, code in _coded(doc):
        if len(code) in _FUNCTION_LEVELS:
            names.setdefault(code, set()).add(normalise(row.label))
    return names


def _chain_mismatches(doc: Disclosure) -> tuple[Item, ...]:
    names = _names_by_code(doc)
    items = {code: n for code, n in names.items() if len(code) == 7}
    if not items:  # no 项 printed in any table: nothing to hold the narrative against
        return ()
    out: list[Item] = []
    for section in doc.narrative.sections:
        flat, anchors = line_anchors(section)
        for m in _CHAIN.finditer(flat):
            where = source_at(anchors, m.start(), section.source)
            class_name, kind_name, item_name = (normalise(g) if g else None for g in m.groups())
            codes = [code for code, n in items.items() if item_name in n]
            words = m.group(0)
            if not codes:
                out.append(Item(say("I50", words=words, name=item_name), where))
                continue
            parents = {code[:5] for code in codes}
            kind_names = set().union(*(names.get(p, set()) for p in parents))
            if kind_names and kind_name not in kind_names:
                shown = "、".join(sorted(f"{p} {n}" for p in parents for n in names.get(p, ())))
                out.append(Item(say("I51", words=words, name=item_name, shown=shown, stated=kind_name), where))
                continue
            class_names = set().union(*(names.get(code[:3], set()) for code in codes))
            if class_name and class_names and class_name not in class_names:
                shown = "、".join(sorted(class_names))
                out.append(Item(say("I52", words=words, name=item_name, shown=shown, stated=class_name), where))
    return tuple(dict.fromkeys(out))


def narrative_subject_mismatches(ctx: Ctx) -> tuple[Item, ...]:
    """文中科目不符(): 类/款/项 chains in 情况说明 that do not fit the tables' 科目 (see the module docstring)."""
    doc = ctx.doc
    return cite(ctx, ctx.memo.once(("narrative_subjects",), doc, lambda: _chain_mismatches(doc)))


@lru_cache(maxsize=8)
def _official(path: str, mtime: float) -> dict[tuple[str, int | None], str]:
    """code,name,year rows of the user's list (a header row is skipped; year may be empty: any year)."""
    out: dict[tuple[str, int | None], str] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for record in csv.reader(handle):
            if len(record) < 2 or not record[0].strip().isdigit():
                continue
            year = record[2].strip() if len(record) > 2 else ""
            out[(record[0].strip(), int(year) if year.isdigit() else None)] = record[1].strip()
    return out


_GIVEN: ContextVar[str | None] = ContextVar("subject_codes", default=None)  # a rule example's own list


@contextmanager
def using_list(path: Path) -> Iterator[None]:
    """The official list to use while checking (a rule example's 科目表), instead of RULEBOOK_SUBJECT_CODES."""
    token = _GIVEN.set(str(path))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def official_list() -> dict[tuple[str, int | None], str] | None:
    path = (_GIVEN.get() or os.environ.get(ENV, "")).strip()
    if not path or not os.path.isfile(path):
        return None
    return _official(path, os.path.getmtime(path))


def has_official_list(ctx: Ctx) -> Truth:
    """有科目表(): whether the user supplied an official list (rules that need one are 不适用 otherwise)."""
    return TRUE if official_list() is not None else FALSE


def official_name_mismatches(ctx: Ctx) -> tuple[Item, ...]:
    """科目名称不符(): rows whose name differs from the supplied list's name for that code (the document's year, or
    an entry without a year); codes the list does not hold are not judged."""
    listed = official_list()
    if listed is None:
        return ()
    doc, year = ctx.doc, ctx.doc.metadata.year
    out, seen = [], set()
    for table, row, code in _coded(doc):
        official = listed.get((code, year)) or listed.get((code, None))
        if official is None or normalise(official) == normalise(row.label) or (row.code, row.label) in seen:
            continue
        seen.add((row.code, row.label))
        out.append(Item(say("I53", table=table.id, code=row.code, label=row.label, official=official), row.source, table.id))
    return cite(ctx, tuple(out))


FUNCTIONS = (
    Function("code_name_conflicts", ("code_name_conflicts", "编码名称不一"), (), "items",
             "同一科目编码在不同表中印了不同名称（逐个列出，带行号）",
             "科目 codes printed with different names in different tables (each with its line)",
             code_name_conflicts, contextual=True, example="编码名称不一()"),
    Function("name_code_conflicts", ("name_code_conflicts", "名称编码不一"), (), "items",
             "同一名称印在同一分类、同一级次的两个编码上（不在各自上级下的同一位置：行政运行、309/310 的同名款不算）",
             "one name printed for two codes of the same classification and level, not at the same place under "
             "their parents", name_code_conflicts, contextual=True, example="名称编码不一()"),
    Function("narrative_subject_mismatches", ("narrative_subject_mismatches", "文中科目不符"), (), "items",
             "情况说明“××（类）××（款）××（项）”中表里没有的项，或不是该项所属的款、类",
             "narrative 类/款/项 chains whose 项 no table carries, or whose 款/类 is not the 项's own",
             narrative_subject_mismatches, contextual=True, example="文中科目不符()"),
    Function("official_name_mismatches", ("official_name_mismatches", "科目名称不符"), (), "items",
             "与用户提供的官方科目表（RULEBOOK_SUBJECT_CODES）名称不同的行",
             "rows named otherwise than the user-supplied official list (RULEBOOK_SUBJECT_CODES)",
             official_name_mismatches, contextual=True, example="科目名称不符()"),
    Function("has_official_list", ("has_official_list", "有科目表"), (), "bool", "是否提供了官方科目表",
             "whether an official 科目 list is supplied", has_official_list, contextual=True, example="有科目表()"),
)
