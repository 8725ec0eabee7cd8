"""Compiling `table[selector]`: a row by key, the row with a loop row's code, rows by level, prefix, range or all."""
from __future__ import annotations

from typing import Callable

from engine.language import nodes as n
from engine.language.compiler.base import Compiler, resolve_row
from engine.language.compiler.closures import cell_kind, row_by_name
from engine.language.runtime import (Ctx, EvalError, NotCheckable, RowItem, TableView, all_rows, find_key, level_rows,
                                     prefix_rows, range_rows)
from engine.language.types import CompiledNode, StaticType, kind_zh
from engine.model import Row


def index(compiler: Compiler, node: n.Index) -> CompiledNode:
    obj = compiler.node(node.obj)
    if obj.type.kind != "table" or obj.type.spec is None:
        raise compiler.fail("E208", node, name="[…]", what=kind_zh(obj.type.kind))
    spec, side, sel, text = obj.type.spec, obj.type.side, node.selector, compiler.text(node)
    view_fn = obj.fn
    if isinstance(sel, n.Key):
        return _key_row(compiler, node, obj, sel)
    if isinstance(sel, n.Same):
        return _same_row(compiler, node, obj, sel)
    if isinstance(sel, (n.Level, n.Prefix)) and not (spec.coded or spec.class_rows):
        raise compiler.fail("E211", node, table=spec.id, what="科目编码",
                        selector=sel.level if isinstance(sel, n.Level) else sel.prefix + "*")
    what: tuple[str, ...]
    pick: Callable[[TableView], list[Row]]
    if isinstance(sel, n.Level):
        level, what = sel.level, ("level", sel.level)
        pick = lambda view: level_rows(view, level)  # noqa: E731
    elif isinstance(sel, n.Prefix):
        prefix, what = sel.prefix, ("prefix", sel.prefix)
        pick = lambda view: prefix_rows(view, prefix)  # noqa: E731
    elif isinstance(sel, n.Range):
        low, high = sel.low, sel.high
        if not (low.isdigit() and high.isdigit()):
            raise compiler.fail("E206", node, what="范围", expected="数字", got=f"{low}..{high}")
        what = ("range", low, high)
        pick = lambda view: range_rows(view, low, high)  # noqa: E731
    else:
        pick, what = all_rows, ("all",)

    def rows(ctx: Ctx) -> tuple[RowItem, ...]:
        view = view_fn(ctx)
        key = (id(view.table), view.side, what)  # many rules walk the same rows of one document
        found: tuple[RowItem, ...] | None = ctx.memo.rows.get(key)
        if found is None:
            found = ctx.memo.rows[key] = tuple(RowItem(view.table, r) for r in pick(view))
        return found
    return CompiledNode(rows, StaticType("rows", spec, side), text)


def _key_row(compiler: Compiler, node: n.Index, obj: CompiledNode, sel: n.Key) -> CompiledNode:
    spec, view_fn, key = obj.type.spec, obj.fn, sel.text
    assert spec is not None
    side = obj.type.side
    if not key.isdigit() and not spec.coded:
        name = resolve_row(compiler, node, spec, key, side)
        return row_by_name(obj, name, compiler.text(node))

    def row(ctx: Ctx) -> RowItem:
        view = view_fn(ctx)
        found = find_key(ctx, view, key)
        if found is None:
            raise EvalError("E402", table=view.table.id, row=key)
        return RowItem(view.table, found)

    def probe(ctx: Ctx) -> str:
        table = ctx.doc.table(spec.id)
        if table is None:
            return "missing"
        found = find_key(ctx, TableView(table, side), key)
        return "missing" if found is None else cell_kind(ctx, RowItem(table, found), None)
    return CompiledNode(row, StaticType("row", spec, side), compiler.text(node), probe)


def _same_row(compiler: Compiler, node: n.Index, obj: CompiledNode, sel: n.Same) -> CompiledNode:
    """`公开04[r]`: the row with row r's code; a row the table does not print reads as blank."""
    if compiler.scope.get(sel.var, StaticType("none")).kind != "row":
        raise compiler.fail("E235", sel, name=sel.var)
    spec, view_fn, var = obj.type.spec, obj.fn, sel.var

    def lookup(ctx: Ctx) -> tuple[TableView, Row | None, Row]:
        view, other = view_fn(ctx), ctx.vars[var].row
        return view, find_key(ctx, view, other.code or other.key), other

    def row(ctx: Ctx) -> RowItem:
        view, found, other = lookup(ctx)
        return RowItem(view.table, found or Row(key=other.key, label=other.label, code=other.code,
                                                level=other.level, side=view.side))

    def probe(ctx: Ctx) -> str:
        try:
            view, found, _ = lookup(ctx)
        except NotCheckable:
            return "missing"
        return "missing" if found is None else cell_kind(ctx, RowItem(view.table, found), None)
    return CompiledNode(row, StaticType("row", spec, obj.type.side), compiler.text(node), probe)
