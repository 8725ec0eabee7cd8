"""The compiler's state and coercions; each node type is compiled by its handler (engine/language/compiler/dispatch.py).
Resolved nodes -> closures, once per rule: a fast form, and a traced form that records every sub-expression."""
from __future__ import annotations

from typing import Any, Callable, Mapping, Protocol

from engine.catalogue import Catalogue, TableSpec
from engine.language import nodes as n
from engine.language import resolve
from engine.language.compiler.closures import traced
from engine.language.printer import to_text
from engine.language.numbers import Amount
from engine.language.runtime import Truth, cell
from engine.language.types import NUM, CompiledNode, CompileFailed, Fn, Problem, StaticType, kind_zh

Handler = Callable[["Compiler", Any], CompiledNode]


class FunctionEntry(Protocol):
    """A built-in function as the compiler sees it: its arity, and its own compile hook."""

    @property
    def name(self) -> str: ...
    @property
    def params(self) -> tuple[str, ...]: ...
    @property
    def optional(self) -> int: ...
    @property
    def reads(self) -> tuple[str, ...] | None: ...  # what it reads besides its arguments; None: never said

    def compile(self, compiler: Compiler, node: n.Call) -> CompiledNode: ...


class FunctionTable(Protocol):
    """The built-in functions and named document parts handed to the environment (engine/functions/registry.py)."""

    def lookup(self, name: str) -> FunctionEntry | None: ...
    def names(self) -> list[str]: ...
    def document_name(self, name: str) -> Callable[[str], CompiledNode] | None: ...
    def document_reads(self, name: str) -> tuple[str, ...] | None: ...
    def document_names(self) -> list[str]: ...


# What compiling a node records besides its closure: the compiler's attributes a definition's compile adds to
_RECORDED = ("tables", "read", "sections", "undeclared", "constants", "cells", "columns", "presence")


class Shared:
    """A definition's fast form compiled once per environment and shared by every rule naming it, with what its
    compile recorded (tables and parts read, closures to fuse): a rule using it records the same as compiling it."""

    def __init__(self, node: CompiledNode, recorded: dict[str, Any], plain: bool) -> None:
        self.node, self.recorded, self.plain = node, recorded, plain

    def apply(self, compiler: Compiler) -> None:
        for name, value in self.recorded.items():
            getattr(compiler, name).update(value)
        compiler.plain = compiler.plain and self.plain


class Compiler:
    def __init__(self, catalogue: Catalogue, definitions: Mapping[str, n.Node], functions: FunctionTable,
                 handlers: Mapping[type[n.Node], Handler], traced: bool, steps: bool = True,
                 shared: dict[str, Shared] | None = None) -> None:
        self.catalogue = catalogue
        self.functions = functions  # the built-in functions and document parts, handed in by whoever builds
        self.handlers = handlers  # node type -> the function compiling it (engine/language/compiler/dispatch.py)
        self.definitions = definitions
        self.traced = traced  # texts and cells read, for findings
        self.steps = traced and steps  # every sub-expression's value too, for explaining
        self.problems: list[Problem] = []
        self.scope: dict[str, StaticType] = {}
        self.defining: list[str] = []
        self.tables: set[str] = set()
        # What else it reads (engine/language/analysis.py WORDS), the sections it names where static, and the
        # functions it calls that never said what they read (counted as reading everything)
        self.read: set[str] = set()
        self.sections: set[str] = set()
        self.undeclared: set[str] = set()
        # Every cell the rule reads goes through runtime.cell(): the fast run can then record its reads and give a
        # rounding note its cells without a traced re-run. Anything that cites what it read in its own way (a form
        # field, a stated number, most functions) clears it.
        self.plain = True
        # What some closures are, for the closures built on them to do the same work with fewer calls per element
        # (fast forms only: a traced step wraps the closure, so a look-up by it then misses and nothing is fused).
        self.constants: dict[Fn, Amount] = {}  # a literal number: its value
        self.cells: dict[Fn, tuple[str, str | None]] = {}  # `cell(ctx, ctx.vars[var], column)`: (var, column)
        self.columns: dict[Fn, tuple[Fn, str | None]] = {}  # a row set's column as Values: (the rows' closure, column)
        # a truth that is a table of a presence kind (有值, 为空): (the probe, kind -> Truth, the function for a
        # kind not in the table)
        self.presence: dict[Fn, tuple[Fn, dict[str, Truth], Callable[[str], Truth]]] = {}
        self.shared = shared if not traced else None  # definitions compiled once (fast forms: traced ones cite texts)

    def isolated(self, compile: Callable[[], CompiledNode | None]) -> tuple[CompiledNode | None, dict[str, Any], bool]:
        """`compile()` run on an empty record (nothing read, plain), then the record restored: its closure, what it
        recorded, and whether it kept the form plain."""
        saved = {name: getattr(self, name) for name in _RECORDED}
        saved_plain = self.plain
        for name, value in saved.items():
            setattr(self, name, type(value)())
        self.plain = True
        try:
            c = compile()
        finally:
            recorded = {name: getattr(self, name) for name in _RECORDED}
            plain = self.plain
            for name, value in saved.items():
                setattr(self, name, value)
            self.plain = saved_plain
        return c, recorded, plain

    # --- entry points -------------------------------------------------------------------------------
    def compile(self, node: n.Node) -> CompiledNode | None:
        try:
            return self.node(node)
        except CompileFailed:
            return None

    def text(self, node: n.Node) -> str:
        """Canonical text, only where it can be shown: the fast form never reports, so it skips printing."""
        return to_text(node) if self.traced else ""

    def fail(self, code: str, node: n.Node, suggestion: str | None = None, **params: Any) -> CompileFailed:
        self.problems.append(Problem(code, node.span, params, suggestion))
        return CompileFailed(code)

    def node(self, node: n.Node) -> CompiledNode:
        handler = self.handlers.get(type(node))
        if handler is None:
            raise self.fail("E208", node, name=type(node).__name__, what="规则")
        c = handler(self, node)
        if self.steps and c.type.kind in ("num", "bool", "text", "list"):
            c.fn = traced(c.fn, c.text, c.type.kind)
        return c

    def reading(self, words: tuple[str, ...] | None, name: str) -> None:
        """What a function or a named document part `name` declares it reads; None: it never said."""
        if words is None:
            self.undeclared.add(name)
        else:
            self.read.update(words)

    def loop_var(self, node: n.Node) -> str | None:
        """The name when `node` is a for-each variable (read straight from ctx.vars by the hottest closures)."""
        return node.name if isinstance(node, n.Name) and node.name in self.scope else None

    def all_of(self, *thunks: Callable[[], CompiledNode]) -> list[CompiledNode]:
        """Compile every operand even when one fails, so a rule reports all its problems at once."""
        out: list[CompiledNode] = []
        failed: CompileFailed | None = None
        for thunk in thunks:
            try:
                out.append(thunk())
            except CompileFailed as exc:
                failed = exc
        if failed is not None:
            raise failed
        return out

    def num(self, node: n.Node, what: str = "运算") -> CompiledNode:
        c = self.node(node)
        if c.type.kind == "num":
            return c
        if c.type.kind == "row":  # a bare row means its main column
            row_fn, var = c.fn, self.loop_var(node)
            fn: Fn = ((lambda ctx: cell(ctx, ctx.vars[var], None)) if var is not None  # one call less per element
                      else (lambda ctx: cell(ctx, row_fn(ctx), None)))
            if var is not None:
                self.cells[fn] = (var, None)
            return CompiledNode(traced(fn, c.text, "num") if self.steps else fn, NUM, c.text, c.probe)
        if c.type.kind == "fund":
            fund_fn = c.fn
            return CompiledNode(lambda ctx: fund_fn(ctx)[0], NUM, c.text, c.probe)
        raise self.fail("E206", node, what=what, expected="数值", got=kind_zh(c.type.kind))

    def boolean(self, node: n.Node, what: str) -> CompiledNode:
        c = self.node(node)
        if c.type.kind != "bool":
            raise self.fail("E206", node, what=what, expected="真/假判断", got=kind_zh(c.type.kind))
        return c


def resolve_row(compiler: Compiler, node: n.Node, spec: TableSpec, label: str, side: str | None) -> resolve.RowName:
    try:
        return resolve.row(spec, compiler.catalogue, label, side)
    except resolve.ResolveError as err:
        raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
