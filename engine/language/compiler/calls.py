"""Compiling `f(a, b)`: the function is looked up in the table the environment was given, its arity checked, and its
own compile hook called. The argument coercions every hook shares (by declared parameter type) live here."""
from __future__ import annotations

from typing import Any

from engine.language import nodes as n
from engine.language import resolve
from engine.language.compiler.base import Compiler
from engine.language.compiler.closures import probe_of
from engine.language.compiler.loops import forall_values
from engine.language.runtime import Ctx, Values, cell
from engine.language.types import CompiledNode, Fn, StaticType, kind_zh

# Parameter types a hook may ask `argument` to coerce to.
PARAMS = ("num", "list", "count", "row", "table", "text", "probe")
_COUNTABLE = ("rows", "list", "forms", "narrative", "items", "tables")


def call(compiler: Compiler, node: n.Call) -> CompiledNode:
    fn = compiler.functions.lookup(node.func)
    if fn is None:
        raise compiler.fail("E204", node, resolve.suggest(node.func, compiler.functions.names()), name=node.func)
    most, least = len(fn.params), len(fn.params) - fn.optional
    if not least <= len(node.args) <= most:
        expected = str(most) if least == most else f"{least}～{most}"
        raise compiler.fail("E205", node, name=node.func, expected=expected, got=str(len(node.args)))
    if fn.name not in PLAIN_FUNCTIONS:
        compiler.plain = False
    compiler.reading(fn.reads, fn.name)  # its arguments are read as they compile
    return fn.compile(compiler, node)


# Functions that read cells only through their arguments (so through runtime.cell) and cite nothing themselves.
PLAIN_FUNCTIONS = frozenset(("abs", "round", "percentage", "exists", "blank", "sum", "count", "min", "max", "children"))


def argument(compiler: Compiler, node: n.Call, param: str, arg: n.Node) -> CompiledNode:
    """`arg` compiled as a `param` argument of the call `node`: its closure gives what the implementation takes
    (a number, a tuple of numbers, a count, a row, a Table, a text, or a presence kind)."""
    if param == "num":
        return compiler.num(arg, node.func)
    if param == "list":
        values = list_values(compiler, arg, node.func)
        values_fn = values.fn
        column = compiler.columns.get(values_fn)
        if column is not None:  # `sum(下级(r).决算数)`: the cells read straight into the tuple, no Values between
            rows_fn, key = column
            return CompiledNode(lambda ctx: tuple([cell(ctx, r, key) for r in rows_fn(ctx)]), values.type, values.text)
        return CompiledNode(lambda ctx: values_fn(ctx).items, values.type, values.text)
    c = compiler.node(arg)
    if param == "count":
        if c.type.kind not in _COUNTABLE:
            raise compiler.fail("E206", arg, what=node.func, expected="集合", got=kind_zh(c.type.kind))
        f = c.fn
        return CompiledNode(lambda ctx: len(_items(f(ctx))), c.type, c.text)
    if param == "row":
        if c.type.kind != "row":
            raise compiler.fail("E206", arg, what=node.func, expected="行", got=kind_zh(c.type.kind))
        return c
    if param == "table":
        if c.type.kind != "table":
            raise compiler.fail("E206", arg, what=node.func, expected="表", got=kind_zh(c.type.kind))
        view = c.fn
        return CompiledNode(lambda ctx: view(ctx).table, c.type, c.text)  # a missing table raises NotCheckable
    if param == "text":
        if c.type.kind != "text":
            raise compiler.fail("E206", arg, what=node.func, expected="文字", got=kind_zh(c.type.kind))
        return c
    if param == "probe":  # presence, never an error
        probe = probe_of(c)
        if c.type.kind == "text":  # printed words (a title) count as a value for 有值
            probe = _text_probe(probe)
        return CompiledNode(probe, StaticType("text"), c.text)
    raise ValueError(f"unknown parameter type {param!r}")  # a registry entry's mistake, found by its tests


def list_values(compiler: Compiler, node: n.Node, what: str) -> CompiledNode:
    """A list of numbers: a row set's main column, a list, or `每个 r 属于 SET: expr`'s values."""
    if isinstance(node, n.ForAll):  # 求和(每个 r 属于 SET: expr): the expression's value for each element
        return forall_values(compiler, node)
    c = compiler.node(node)
    if c.type.kind == "list":
        return c
    if c.type.kind == "rows":
        rows_fn = c.fn
        column: Fn = lambda ctx: Values(tuple([cell(ctx, r, None) for r in rows_fn(ctx)]))  # noqa: E731
        compiler.columns[column] = (rows_fn, None)
        return CompiledNode(column, StaticType("list"), c.text)
    raise compiler.fail("E206", node, what=what, expected="行集合或数值列表", got=kind_zh(c.type.kind))


def _text_probe(probe: Fn) -> Fn:
    def words(ctx: Ctx) -> str:
        kind = probe(ctx)
        return "number" if kind == "text" else kind
    return words


def _items(value: Any) -> tuple[Any, ...]:
    return value.items if isinstance(value, Values) else tuple(value)
