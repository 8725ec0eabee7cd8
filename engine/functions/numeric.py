"""Numeric built-ins: 求和, 计数, 最小, 最大, 绝对值, 四舍五入, 占比, 小数位数, and the presence tests 有值 / 为空."""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from engine.functions.registry import Function
from engine.functions.stated import Stated
from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.numbers import ZERO, Amount, exponent
from engine.language.runtime import FALSE, TRUE, CellRef, Ctx, EvalError
from engine.language.types import NUM, CompiledNode

_PRESENT = frozenset({"number", "derived"})
_ABSENT = frozenset({"blank", "na", "missing"})


def _sum(values: tuple[Amount, ...]) -> Amount:
    # Same additions in the same order as Amount + Amount, without an Amount per step.
    value = tol = ZERO
    for v in values:
        value += v.value
        tol += v.tol
    return Amount(value, tol)


def _extreme(name: str, pick: Callable[..., Amount]) -> Callable[[tuple[Amount, ...]], Amount]:
    def impl(values: tuple[Amount, ...]) -> Amount:
        if not values:
            raise EvalError("E408", name=name)
        return pick(values, key=lambda a: a.value)
    return impl


ROUND_LIMIT = 12  # places of 四舍五入: beyond this no printed amount differs, and Decimal would overflow


def _round(value: Amount, places: Amount | None = None) -> Amount:
    n = places.value if places is not None else ZERO
    if n != n.to_integral_value() or abs(n) > ROUND_LIMIT:
        raise EvalError("E411", limit=ROUND_LIMIT, places=format(n, "f") if abs(n.adjusted()) < 20 else str(n))
    return value.rounded(int(n))


_HUNDRED = Decimal(100)


def _percentage(part: Amount, whole: Amount) -> Amount:
    return (part / whole).scaled(_HUNDRED)  # keeps the exact (asymmetric) interval of the quotient


def decimal_places(value: Decimal) -> int:
    places = exponent(value)
    return -places if isinstance(places, int) and places < 0 else 0


_PLACES = tuple(Amount.exact(i) for i in range(31))  # Amounts are never mutated: 小数位数 of every stated amount shares them


def _decimals(value: Amount) -> Amount:
    # A printed Decimal keeps its exponent (2.60 vs 2.6), so the printed precision is read from it.
    places = decimal_places(value.value)
    return _PLACES[places] if places < len(_PLACES) else Amount.exact(places)


def _decimals_call(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    """小数位数(p): a finding on a stated number points at the words that state it."""
    value_fn, impl = compiler.num(node.args[0], node.func).fn, _decimals

    def decimals(ctx: Ctx) -> Amount:
        value = value_fn(ctx)
        if ctx.refs is not None and isinstance(value, Stated) and not (
                ctx.refs and ctx.refs[-1].text == value.snippet and ctx.refs[-1].source == value.source):
            ctx.refs.append(CellRef(None, value.section, None, value.snippet, value.value, value.snippet,
                                    value.source))
        return impl(value)
    return CompiledNode(decimals, NUM, compiler.text(node))


FUNCTIONS = (
    Function("abs", ("abs", "绝对值"), ("num",), "num", "绝对值", "absolute value", abs,
             reads=(), example="绝对值(公开01.本年收入合计 - 公开01.本年支出合计)"),
    Function("round", ("round", "四舍五入"), ("num", "num"), "num", "四舍五入到给定的小数位数（默认 0 位）",
             "rounded to the given number of decimals (0 by default)", _round, optional=1,
             reads=(), example="四舍五入(公开01.本年收入合计, 2)"),
    Function("percentage", ("percentage", "占比", "百分比"), ("num", "num"), "num", "部分 ÷ 整体 × 100",
             "part ÷ whole × 100", _percentage,
             reads=(), example="占比(公开09.合计.决算数, 公开01.本年支出合计)"),
    Function("exists", ("exists", "有值", "有表"), ("probe",), "bool",
             "印有数字或文字（有表(公开10)：文件中有这张表）", "a number or words are printed (有表: the table is present)",
             lambda p: TRUE if p in _PRESENT else FALSE,
             reads=(), example="有表(公开10)"),
    Function("blank", ("blank", "为空"), ("probe",), "bool", "空白、“——”或没有这一行",
             "blank, “——” or no such row", lambda p: TRUE if p in _ABSENT else FALSE,
             reads=(), example="为空(公开05.合计.项目支出)"),
    Function("sum", ("sum", "求和"), ("list",), "num", "行集合、数值列表或“每个 … 属于 …：数值”之和",
             "the sum of a row set, a list, or “每个 … 属于 …: number”", _sum,
             reads=(), example="求和(公开06[302*])"),
    Function("count", ("count", "计数"), ("count",), "num", "集合中的个数（行、自评表、章节、清单……）",
             "how many elements a collection has (rows, forms, sections, items …)", lambda k: Amount.exact(k),
             reads=(), example="计数(公开05[类])"),
    Function("min", ("min", "最小"), ("list",), "num", "最小值（空集合报错）", "the smallest value (an error when empty)",
             _extreme("min", min),
             reads=(), example="最小(公开05[类].合计)"),
    Function("max", ("max", "最大"), ("list",), "num", "最大值（空集合报错）", "the largest value (an error when empty)",
             _extreme("max", max),
             reads=(), example="最大(公开05[类].合计)"),
    Function("decimals", ("decimals", "小数位数"), ("num",), "num", "印出的小数位数（2.60 为 2 位）",
             "decimal places as printed (2.60 has 2)", _decimals, hook=_decimals_call,
             reads=(), example="小数位数(公开01.本年收入合计)"),
)
