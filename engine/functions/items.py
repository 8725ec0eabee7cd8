"""不应出现: the listed entries of a check (占位符, 编码名称不一, 方向词不符 …) as failures of their own.

`计数(占位符(情况说明)) == 0` is one finding however many leftovers there are, so a second leftover hides behind the
first. `每个 p 属于 占位符(情况说明)：不应出现(p)` reports each entry as its own finding, named by its words and
located at its line; given the whole list, 不应出现 holds when the list is empty (every entry cited)."""
from __future__ import annotations

from collections.abc import Callable

from engine.functions.registry import Function
from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.runtime import FALSE, TRUE, CellRef, Ctx, Item, Truth
from engine.language.types import BOOL, CompiledNode, kind_zh


def cite(ctx: Ctx, items: tuple[Item, ...]) -> tuple[Item, ...]:
    """Traced: each listed entry becomes a reference of the finding, its words and line being what it shows."""
    if ctx.refs is not None:
        ctx.refs.extend(CellRef(i.table, i.label, None, i.label, None, i.label, i.source) for i in items)
    return items


def listed(ctx: Ctx, key: str, compute: Callable[[], tuple[Item, ...]]) -> tuple[Item, ...]:
    """A function's list for this document (computed once per document), cited when traced."""
    found: tuple[Item, ...] = ctx.memo.once((key,), ctx.doc, compute)
    return cite(ctx, found)


def _absent(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    arg = compiler.node(node.args[0])
    if arg.type.kind not in ("item", "items"):
        raise compiler.fail("E206", node.args[0], what=node.func, expected="清单或清单中的一项",
                            got=kind_zh(arg.type.kind))
    value_fn, one = arg.fn, arg.type.kind == "item"

    def absent(ctx: Ctx) -> Truth:
        value = value_fn(ctx)
        items: tuple[Item, ...] = (value,) if one else tuple(value)
        cite(ctx, items)
        return FALSE if items else TRUE
    return CompiledNode(absent, BOOL, compiler.text(node))


FUNCTIONS = (
    Function("absent", ("absent", "不应出现"), ("count",), "bool",
             "清单中的一项（或整个清单）不应出现：`每个 p 属于 占位符(情况说明)：不应出现(p)` 每一项各报一条",
             "an entry of a list (or the whole list) must not be there: `每个 p 属于 …：absent(p)` reports each entry "
             "on its own", hook=_absent,
             reads=(), example="不应出现(占位符(情况说明))"),
)
