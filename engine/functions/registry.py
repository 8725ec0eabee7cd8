"""The function registry: every built-in of the rule language is one `Function` entry (its names, parameter types,
result type, documentation in Chinese and English, and its compile hook). The registry is handed to the language's
Environment, so engine/language/ never imports a function; adding one touches its family module and its tests."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.compiler.calls import argument
from engine.language.numbers import NumberError
from engine.language.runtime import FALSE, TRUE, Ctx, EvalError, Truth
from engine.language.types import CompiledNode, Fn, StaticType

# A compile hook: the call node and its entry -> the compiled closure. Arity is checked before it is called.
Hook = Callable[[Compiler, n.Call, "Function"], CompiledNode]
# A named part of the document (封面, 目录, 公开表): the name's canonical text -> its compiled closure.
DocumentName = Callable[[str], CompiledNode]

# How a signature names each parameter type, in Chinese and English.
PARAM_NAMES = {"num": ("数值", "number"), "list": ("数值列表", "list"), "count": ("集合", "collection"),
               "row": ("行", "row"), "table": ("表", "table"), "text": ("文字", "text"), "probe": ("值", "value"),
               "section": ("章节", "section"), "template": ("模板", "template"), "element": ("表头要素", "element"),
               "unit": ("金额单位", "unit")}
RESULT_NAMES = {"num": ("数值", "number"), "bool": ("真/假", "true/false"), "text": ("文字", "text"),
                "list": ("数值列表", "list"), "rows": ("行集合", "rows"), "items": ("清单", "items")}


@dataclass(frozen=True)
class Function:
    name: str  # canonical (English) name
    names: tuple[str, ...]  # every name a rule may call it by, canonical included
    params: tuple[str, ...]  # static types (PARAM_NAMES)
    returns: str  # static type of the result (RESULT_NAMES)
    zh: str  # one line of documentation, Chinese
    en: str  # … and English
    impl: Callable[..., Any] | None = None  # what a plain call runs on its arguments' values
    optional: int = 0  # how many trailing params may be left out
    contextual: bool = False  # impl takes the evaluation context first (it reads the document's memo)
    hook: Hook | None = None  # how a call compiles; None: a plain call of impl on the coerced arguments
    example: str = ""  # a call as a rule writes it (compiled against the default catalogue by the tests)
    # What it reads of the document besides its arguments (engine/language/analysis.py WORDS, or a table id):
    # () for its arguments only. None: never said, so a rule calling it counts as reading everything (不可核
    # whenever any part or form is not fully read).
    reads: tuple[str, ...] | None = None

    def compile(self, compiler: Compiler, node: n.Call) -> CompiledNode:
        return (self.hook or plain_call)(compiler, node, self)

    def signature(self, lang: str = "zh") -> str:
        """`占比(数值, 数值) → 数值` / `percentage(number, number) → number`; optional parameters in brackets."""
        i = 1 if lang == "en" else 0
        words = [PARAM_NAMES[p][i] for p in self.params]
        required = len(words) - self.optional
        shown = ", ".join(words[:required])
        if self.optional:
            tail = ", ".join(words[required:])
            shown = f"{shown}[, {tail}]" if shown else f"[{tail}]"
        name = self.name if lang == "en" else next((x for x in self.names if not x.isascii()), self.name)
        return f"{name}({shown}) → {RESULT_NAMES[self.returns][i]}"


class Registry:
    """The function table the compiler looks names up in (engine/language/compiler/base.py FunctionTable)."""

    def __init__(self, functions: Iterable[Function], document: dict[str, DocumentName] | None = None,
                 document_reads: dict[str, tuple[str, ...]] | None = None) -> None:
        self.functions: dict[str, Function] = {}
        self._by_name: dict[str, Function] = {}
        for fn in functions:
            if fn.name in self.functions or any(x in self._by_name for x in fn.names):
                raise ValueError(f"function {fn.name} registered twice")
            self.functions[fn.name] = fn
            for name in fn.names:
                self._by_name[name] = fn
        self.document = dict(document or {})
        self._document_reads = dict(document_reads or {})  # a named part -> what it reads (None when not said)

    def lookup(self, name: str) -> Function | None:
        return self._by_name.get(name) or self._by_name.get(name.lower())

    def names(self) -> list[str]:
        return list(self._by_name)

    def document_name(self, name: str) -> DocumentName | None:
        return self.document.get(name)

    def document_reads(self, name: str) -> tuple[str, ...] | None:
        return self._document_reads.get(name)

    def document_names(self) -> list[str]:
        return list(self.document)

    def __iter__(self) -> Any:
        return iter(self.functions.values())


def plain_call(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    """`impl` on the arguments' values, coerced by their declared types; a number error becomes a finding."""
    coerced = [argument(compiler, node, param, arg) for param, arg in zip(fn.params, node.args)]
    args: list[Fn] = [c.fn for c in coerced]
    result_type = StaticType(fn.returns)
    if "row" in fn.params:  # a row function's rows are of the row's table
        row = coerced[fn.params.index("row")].type
        result_type = StaticType("rows", row.spec, row.side)
    impl = fn.impl
    assert impl is not None, fn.name
    if fn.params == ("probe",) and not fn.contextual:
        presence = _presence(impl, args[0])
        if presence is not None:
            compiler.presence[presence[0]] = presence[1]
            return CompiledNode(presence[0], result_type, compiler.text(node))
    if fn.contextual:  # reads the document (its memo) as well as its arguments
        return CompiledNode(lambda ctx: impl(ctx, *[f(ctx) for f in args]), result_type, compiler.text(node))
    return CompiledNode(run_plain(impl, args), result_type, compiler.text(node))


# What a presence probe says (engine/language/compiler/closures.py probe_of): a handful of words.
PROBE_KINDS = ("number", "derived", "blank", "na", "text", "missing")


def _presence(impl: Callable[..., Any], probe: Fn) -> tuple[Fn, tuple[Fn, dict[str, Truth], Callable[[str], Truth]]] | None:
    """有值(x), 为空(x): a truth that depends on x's presence kind alone, so a table of the kinds, filled at compile
    time (a kind outside it asks impl). None when impl gives other than a shared TRUE/FALSE for a kind."""
    try:
        table: dict[str, Truth] = {kind: impl(kind) for kind in PROBE_KINDS}
    except Exception:  # noqa: BLE001 - not a table of the kinds: compiled as any plain call
        return None
    if not all(t is TRUE or t is FALSE for t in table.values()):
        return None
    get = table.get

    def other(kind: str) -> Truth:
        try:
            found: Truth = impl(kind)
            return found
        except NumberError as exc:
            raise EvalError(exc.code) from None

    def run(ctx: Ctx) -> Any:
        kind = probe(ctx)
        found = get(kind)
        return found if found is not None else other(kind)
    return run, (probe, table, other)


def run_plain(impl: Callable[..., Any], args: list[Fn]) -> Fn:
    if len(args) == 1:  # most calls take one argument: no argument list to build
        only = args[0]

        def run(ctx: Ctx) -> Any:
            try:
                return impl(only(ctx))
            except NumberError as exc:
                raise EvalError(exc.code) from None
    elif len(args) == 2:  # 数值不符 is asked for every indicator of every form
        first, second = args

        def run(ctx: Ctx) -> Any:
            try:
                return impl(first(ctx), second(ctx))
            except NumberError as exc:
                raise EvalError(exc.code) from None
    elif len(args) == 3:  # 未达标(i.完成值, i.指标值, i.指标名称), for every indicator: no argument list either
        one, two, three = args

        def run(ctx: Ctx) -> Any:
            try:
                return impl(one(ctx), two(ctx), three(ctx))
            except NumberError as exc:
                raise EvalError(exc.code) from None
    else:
        def run(ctx: Ctx) -> Any:
            try:
                return impl(*[f(ctx) for f in args])
            except NumberError as exc:
                raise EvalError(exc.code) from None
    return run
