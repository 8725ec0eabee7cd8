"""Compiling the document-structure functions: 目录缺项/目录错序, 行次断号/栏次断号, 年份, 决算称谓, 包含, 占位符,
表注, 无数据."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from engine.language import nodes as n
from engine.functions import structure
from engine.functions import text as text_scan
from engine.language.compiler import BOOL, NUM, TEXT, C, Compiler, Fn, T, kind_zh
from engine.functions.registry import Function
from engine.language.numbers import Amount
from engine.language.runtime import FALSE, TRUE, CellRef, Check, Ctx, TableView, Truth

STRUCTURE = frozenset({"toc_missing", "toc_out_of_order", "line_number_gaps", "column_number_gaps", "year",
                       "disclosure_kind", "contains", "placeholders", "table_notes", "empty_table"})
_TOC: dict[str, Callable] = {"toc_missing": structure.toc_missing, "toc_out_of_order": structure.toc_out_of_order}
_GAPS: dict[str, Callable] = {"line_number_gaps": structure.line_number_gaps,
                              "column_number_gaps": structure.column_number_gaps}
_WANTED = {"table": ("table", "表"), "text": ("text", "文字")}


def _arg(compiler: Compiler, node: n.Call, arg: n.Node, param: str) -> Fn:
    kind, zh = _WANTED[param]
    c = compiler.node(arg)
    if param == "text" and c.type.kind == "section":  # a 情况说明/概况/名词解释 section reads as its text
        section_fn = c.fn

        def located(ctx: Ctx) -> structure.Located:
            section = section_fn(ctx)
            return ctx.memo.once(("located", id(section)), section, lambda: text_scan.section_located(section))
        return located
    if param == "text" and c.type.kind == "narrative":  # the whole 情况说明 (概况, 名词解释)
        sections_fn, name = c.fn, compiler.text(arg)

        def all_located(ctx: Ctx) -> structure.Located:
            sections = sections_fn(ctx)
            return ctx.memo.once(("located", id(sections), name), sections,
                         lambda: text_scan.sections_located(sections, name))
        return all_located
    if c.type.kind != kind:
        expected = "文字或情况说明章节" if param == "text" else zh
        raise compiler.fail("E206", arg, what=node.func, expected=expected, got=kind_zh(c.type.kind))
    return c.fn


def _refer(ctx: Ctx, items: tuple[structure.Item, ...]) -> None:
    if ctx.refs is not None:  # traced: each listed entry or gap becomes a reference with its line
        ctx.refs.extend(CellRef(i.table, i.label, None, i.label, None, i.label, i.source) for i in items)


def _point(ctx: Ctx, text: str, offset: int, words: str) -> None:
    if ctx.refs is not None:
        ctx.refs.append(CellRef(None, getattr(text, "name", ""), None, words, None, words,
                                structure.source_of(text, offset)))


def _pointed(text_fn: Fn, finder: Callable, missing: Any, wrap: Callable) -> Fn:
    """年份/决算称谓: what `finder` reads in the text, its words recorded for the finding; `missing` when absent."""
    def run(ctx: Ctx) -> Any:
        value = text_fn(ctx)
        found = finder(value)
        if found is None:
            return missing
        _point(ctx, value, found[1], value[found[1]:].split("\n")[0])
        return wrap(found[0])
    return run


def structure_call(compiler: Compiler, node: n.Call, fn: Function) -> C:
    name, text = fn.name, compiler.text(node)
    args = [_arg(compiler, node, arg, param) for param, arg in zip(fn.params, node.args)]
    catalogue = compiler.catalogue
    if name in _TOC:
        listed = _TOC[name]

        def toc(ctx: Ctx) -> tuple:
            doc = ctx.doc
            placed = ctx.memo.once(("toc_place",), doc, lambda: structure.toc_placement(doc, catalogue))  # C02 and C02b
            items = ctx.memo.once((name,), doc, lambda: listed(placed))
            _refer(ctx, items)
            return items
        return C(toc, T("items"), text)
    if name in _GAPS:
        gaps, table_fn = _GAPS[name], args[0]

        def numbering(ctx: Ctx) -> tuple:
            table = table_fn(ctx).table
            items = ctx.memo.once((name, id(table)), table, lambda: gaps(table))
            _refer(ctx, items)
            return items
        return C(numbering, T("items"), text)
    if name == "placeholders":
        text_fn = args[0]

        def leftovers(ctx: Ctx) -> tuple:
            value = text_fn(ctx)
            items = ctx.memo.once((name, id(value)), value, lambda: text_scan.placeholders(value))
            _refer(ctx, items)
            return items
        return C(leftovers, T("items"), text)
    if name == "table_notes":
        notes_fn = args[0]
        return C(lambda ctx: text_scan.notes_located(notes_fn(ctx).table), TEXT, text)
    if name == "empty_table":
        empty_fn = args[0]
        return C(lambda ctx: TRUE if text_scan.table_empty(empty_fn(ctx).table) else FALSE, BOOL, text)
    if name == "year":
        return C(_pointed(args[0], structure.year_in, Amount(Decimal(0), Decimal(0), "blank"), Amount.exact), NUM, text)
    if name == "disclosure_kind":
        return C(_pointed(args[0], structure.kind_in, "", str), TEXT, text)
    haystack_fn, word_fns = args[0], args[1:]

    def contains(ctx: Ctx) -> Truth:
        haystack, words = haystack_fn(ctx), [f(ctx) for f in word_fns]
        if any(structure.contains(haystack, w) for w in words):
            return TRUE
        refs: tuple[Any, ...] = ()
        if ctx.refs is not None:
            refs = tuple(CellRef(None, getattr(t, "name", ""), None, str(t).split("\n")[0], None, str(t),
                                 structure.source_of(t, 0)) for t in (haystack, *words))
        return Truth(False, (Check("fail", refs=refs, text=text),))
    return C(contains, BOOL, text)


# Names of document parts read as a whole: the cover and the 目录 as text, and every table (for 每个 t 属于 公开表).
DOCUMENT_NAMES = {"封面": "cover", "cover": "cover", "目录": "toc", "toc": "toc", "公开表": "tables", "tables": "tables"}


def document_name(name: str, text: str) -> C:
    part = DOCUMENT_NAMES[name]
    if part in ("cover", "toc"):
        make = structure.cover_text if part == "cover" else structure.toc_text
        return C(lambda ctx: ctx.memo.once((part,), ctx.doc, lambda: make(ctx.doc)), TEXT, text)
    return C(lambda ctx: tuple(TableView(t) for t in ctx.doc.tables.values()), T("tables"), text)
