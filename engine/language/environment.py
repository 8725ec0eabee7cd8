"""The rule language's public face: Environment.build → compile(text) once → run(doc) many times."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Any, Literal, Mapping

from engine.language.printer import to_text
from engine.language.analysis import NOTHING, Reads, identity_tables, reads_of
from engine.catalogue import Catalogue, load_catalogue
from engine.language.compiler.base import FunctionTable, Shared
from engine.language.compiler.dispatch import new_compiler
from engine.language.types import CompiledNode, Fn, Problem
from engine.diagnostics import Diagnostic, DiagnosticError, Origin, make
from engine.messages import text as message
from engine.model import Disclosure, Section
from engine.language.nodes import Node
from engine.language.numbers import Amount
from engine.language.runtime import (CellRef, Check, Ctx, EvalError, Item, Memo, NotCheckable, RowItem, Step, TableView,
                                     Truth, Values, cited)

__all__ = ["Environment", "Compiled", "Result", "Violation", "ValueResult", "CellRef", "Step"]

Status = Literal["pass", "fail", "rounding", "not_checkable", "error"]
_RANK = {"pass": 0, "rounding": 1, "not_checkable": 2, "error": 3, "fail": 4}


@dataclass(kw_only=True)
class Violation:
    """One outcome of a rule that is not a plain pass, as data: the values compared and the cells read. Its message is
    rendered from the message table (engine/messages.py) when it is shown."""

    status: Literal["fail", "rounding", "error", "not_checkable"]
    element: str | None = None  # the for-each element it is about
    refs: list[CellRef] = field(default_factory=list)
    op: str | None = None  # a comparison's operator, sides, difference and tolerance
    left: Decimal | None = None
    right: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    code: str | None = None  # an error's message code (E4xx) …
    params: dict[str, Any] = field(default_factory=dict)  # … and its parameters
    steps: list[Step] | None = None
    text: str | None = None  # canonical text of the failing comparison

    def message(self, lang: str = "zh") -> str:
        if self.code is not None:
            return message(self.code, lang, **self.params)
        where = f"「{self.element}」：" if self.element else ""
        if self.op is None or self.difference is None or self.tolerance is None:
            return message("V03", lang, where=where, text=self.text)
        diff, tol = _fmt(abs(self.difference)), _fmt(self.tolerance)
        if self.status == "rounding":
            return message("V02", lang, where=where, text=self.text, diff=diff, tol=tol)
        assert self.left is not None and self.right is not None
        return message("V01", lang, where=where, text=self.text, left=_fmt(self.left), right=_fmt(self.right),
                       diff=diff, tol=tol)

    @property
    def message_zh(self) -> str:
        return self.message("zh")

    @property
    def message_en(self) -> str:
        return self.message("en")


@dataclass
class Result:
    status: Status
    violations: list[Violation] = field(default_factory=list)
    missing_tables: list[str] = field(default_factory=list)
    # a run with trace=True: every cell it read and every step, whatever the verdict (for explaining)
    refs: list[CellRef] = field(default_factory=list)
    steps: list[Step] | None = None
    evaluated: bool = True  # False when the rule itself could not be evaluated (an error, a missing table)


@dataclass
class ValueResult:
    """An expression's value on a document: a Decimal (with its tolerance), bool, text or list; or an error."""

    status: Literal["ok", "error", "not_checkable"]
    value: Any = None
    tolerance: Decimal | None = None
    kind: str = "number"
    notes: list[Violation] = field(default_factory=list)  # for checks: failures and 尾数差异 notes
    refs: list[CellRef] = field(default_factory=list)
    steps: list[Step] | None = None
    code: str | None = None
    message_zh: str = ""
    message_en: str = ""


def _diagnostic(problem: Problem, text: str, origin: Origin | None) -> Diagnostic:
    params = dict(problem.params)
    if problem.suggestion:
        params["suggestion"] = problem.suggestion
    return make(problem.code, problem.span, source=text, origin=origin, **params)


def _parse(text: str, origin: Origin | None) -> Node:
    from engine.language.syntax import parse
    try:
        return parse(text)
    except DiagnosticError as exc:
        raise (exc.located(origin) if origin else exc) from None


class Environment:
    """The catalogue, the rulebook's definitions and the built-in functions, against which rule texts compile."""

    def __init__(self, catalogue: Catalogue, definitions: dict[str, Node], functions: FunctionTable) -> None:
        self.catalogue = catalogue
        self.definitions = definitions
        self.functions = functions
        # each definition's fast form, compiled once and shared by every rule naming it (compiler/names.py)
        self.shared: dict[str, Shared] = {}

    @classmethod
    def build(cls, definitions: Mapping[str, tuple[str, Origin | None]] | None = None, *, functions: FunctionTable,
              catalogue: Catalogue | None = None) -> Environment:
        """Parse and resolve every definition once; all their diagnostics are raised together. `functions`: the
        built-in functions rules may call (engine/functions/builtins.py BUILTINS)."""
        catalogue = catalogue or load_catalogue()
        parsed: dict[str, Node] = {}
        texts: dict[str, tuple[str, Origin | None]] = {}
        diagnostics: list[Diagnostic] = []
        for name, (text, origin) in (definitions or {}).items():
            texts[name] = (text, origin)
            try:
                parsed[name] = _parse(text, origin)
            except DiagnosticError as exc:
                diagnostics += exc.diagnostics
        env = cls(catalogue, parsed, functions)
        for name, node in parsed.items():
            compiler = new_compiler(catalogue, parsed, functions, traced=False)
            compiler.defining.append(name)
            compiler.compile(node)
            text, origin = texts.get(name, (to_text(node), None))
            diagnostics += [_diagnostic(p, text, origin) for p in compiler.problems if p.code != "E212"]
        if diagnostics:
            raise DiagnosticError(diagnostics)
        return env

    def compile(self, text: str, *, origin: Origin | None = None) -> Compiled:
        return self.compile_node(_parse(text, origin), text, origin=origin)

    def compile_node(self, node: Node, text: str | None = None, *, origin: Origin | None = None) -> Compiled:
        """Resolve and compile a parsed rule (raises DiagnosticError with every problem found)."""
        text = to_text(node) if text is None else text
        fast = new_compiler(self.catalogue, self.definitions, self.functions, traced=False, shared=self.shared)
        compiled = fast.compile(node)
        if fast.problems or compiled is None:
            raise DiagnosticError([_diagnostic(p, text, origin) for p in fast.problems])
        reads = reads_of(fast.tables, fast.read, fast.sections, fast.undeclared, self.catalogue)
        identity = identity_tables(node, self.definitions, self.catalogue, self.functions)
        return Compiled(node, text, frozenset(fast.tables), compiled, self, fast.plain, reads, identity)

    def deferred(self, node: Node, text: str, *, origin: Origin | None = None) -> Compiled:
        """A rule that compiled before (a rulebook cache entry is kept only when every rule did), compiled when first
        used: a check compiles only the rules it runs (not one whose 适用 is false for the document)."""
        return _Deferred(node, text, self, origin)


class Compiled:
    def __init__(self, node: Node, text: str, tables: frozenset[str], fast: CompiledNode, env: Environment,
                 plain: bool = False, reads: Reads = NOTHING, identity: frozenset[str] = frozenset()) -> None:
        self.node, self.text, self.tables = node, text, tables
        self.reads = reads  # what it reads: tables, parts, sections, forms, metadata (engine/language/analysis.py)
        # the tables of which it is an arithmetic identity (sums of one table's cells compared with ==), else empty
        self.identity = identity
        self.plain = plain  # every cell read through runtime.cell (Compiler.plain): rounding notes from the fast run
        self.kind = fast.type.kind  # num | bool | text | list | rows | …
        self._fast, self._env = fast.fn, env
        self._slow_fn: Fn | None = None
        self._located_fn: Fn | None = None

    @cached_property
    def canonical(self) -> str:
        return to_text(self.node)

    @property
    def built(self) -> bool:
        """Its closures exist (a deferred form builds them when first used)."""
        return "_fast" in self.__dict__

    @property
    def env(self) -> Environment:
        """What it was compiled against (its definitions and functions): engine/checking/names_read.py looks in."""
        return self._env

    @property
    def _slow(self) -> Fn:
        """The traced form, compiled the first time a rule needs explaining (most rules never do)."""
        if self._slow_fn is None:
            self._slow_fn = self._traced_form(steps=True)
        return self._slow_fn

    @property
    def _located(self) -> Fn:
        """The traced form without steps: texts and cells for findings, compiled the first time a rule reports."""
        if self._located_fn is None:
            self._located_fn = self._traced_form(steps=False)
        return self._located_fn

    def _traced_form(self, steps: bool) -> Fn:
        env = self._env
        form = new_compiler(env.catalogue, env.definitions, env.functions, traced=True, steps=steps).compile(self.node)
        assert form is not None
        return form.fn

    def run(self, doc: Disclosure, *, tolerance: Decimal | None = None, trace: bool = False,
            memo: Memo | None = None) -> Result:
        """Fast form first; a rule that does not simply pass is re-run traced for its cells and steps.
        `memo`: the document's Memo when many rules run over one document (check passes one)."""
        try:
            return self._run(doc, tolerance, trace, memo)
        except _BEYOND:  # a value past Decimal's range: a finding that says so, never a crash
            return Result("error", [_error("E410", {}, None, [], None)])

    def _run(self, doc: Disclosure, tolerance: Decimal | None, trace: bool, memo: Memo | None) -> Result:
        memo = memo if memo is not None else Memo(doc)
        if self.kind != "bool":
            return Result("error", [Violation(status="error", code="E213", params={"got": self.kind})])
        if not trace:
            try:
                ctx = Ctx(doc, tolerance, traced=False, memo=memo)
                if self.plain:
                    ctx.reads = []
                truth = self._fast(ctx)
                if truth.ok and not truth.checks:
                    return Result("pass")
                if self.plain:
                    # the fast run's checks carry their cells and texts (Ctx.reads), and a run for findings reads
                    # every part of an `且` as the traced form does: the re-run would reach the same checks
                    violations = [_violation(c, False) for c in truth.checks]
                    if not truth.ok and not any(v.status in ("fail", "error") for v in violations):
                        # a bare `false`: its finding cites every cell the rule read (as _locate's)
                        violations.append(Violation(status="fail", refs=list(cited(ctx.reads or [])),
                                                    text=self.canonical, steps=None))
                    return Result(max((v.status for v in violations), key=_RANK.__getitem__, default="pass"),
                                  violations)
            except NotCheckable as exc:
                return _not_checkable(exc.table)
            except EvalError:
                pass  # re-run traced below to say where
        return self._locate(doc, tolerance, trace, memo, skips=not trace)

    def verdict(self, doc: Disclosure, *, tolerance: Decimal | None = None, memo: Memo | None = None) -> Status:
        """The status `run` gives, from the fast form alone: a verdict needs no cells located (the traced form
        reaches the same checks; tests/eval/test_verdict.py compares the two on every rule)."""
        if self.kind != "bool":
            return "error"
        try:
            truth = self._fast(Ctx(doc, tolerance, traced=False, memo=memo if memo is not None else Memo(doc),
                                   records=False))  # no re-run follows: nothing kept for one
        except NotCheckable:
            return "not_checkable"
        except (EvalError, *_BEYOND):
            return "error"
        if truth.ok and not truth.checks:
            return "pass"
        statuses = [c.status for c in truth.checks]
        if not truth.ok and "fail" not in statuses and "error" not in statuses:
            statuses.append("fail")  # a bare `false`: the traced run adds it as a finding
        return max(statuses, key=_RANK.__getitem__)

    def holds(self, doc: Disclosure, memo: Memo | None = None) -> bool | None:
        """A precondition's verdict: True when it holds (a rounding note included), None when a table it reads is
        missing. Decided from the fast form whenever its checks settle it, so no findings are located for nothing."""
        if self.kind == "bool":
            try:
                truth = self._fast(Ctx(doc, None, traced=False, memo=memo if memo is not None else Memo(doc)))
            except NotCheckable:
                return None
            except (EvalError, *_BEYOND):
                truth = None
            if truth is not None and not truth.checks:  # nearly every precondition: held or not, nothing to weigh
                return bool(truth.ok)
            if truth is not None:
                statuses = {c.status for c in truth.checks}
                if truth.ok and statuses <= {"rounding"}:
                    return True
                if not truth.ok and (not statuses or "fail" in statuses):
                    return False
        status = self.run(doc, memo=memo).status
        return None if status == "not_checkable" else status in ("pass", "rounding")

    def _locate(self, doc: Disclosure, tolerance: Decimal | None, trace: bool, memo: Memo, skips: bool) -> Result:
        """The traced run. With `skips`, for-each elements that held in the fast run are not re-evaluated; a finding
        that shows every cell the rule read (an error, a bare `false`) is then located by a full re-run."""
        ctx = Ctx(doc, tolerance, traced=True, memo=memo, steps=trace, skips=skips)
        try:
            truth = (self._slow if trace else self._located)(ctx)
        except NotCheckable as exc:
            result = _not_checkable(exc.table)
        except EvalError as exc:
            if ctx.skipped:
                return self._locate(doc, tolerance, trace, memo, skips=False)
            steps = list(ctx.steps or []) if trace else None
            result = Result("error", [_error(exc.code, exc.params, None, list(ctx.refs or []), steps)])
        except _BEYOND:  # a value past Decimal's range (as `run` reports it, with what was read before)
            result = Result("error", [_error("E410", {}, None, [], None)])
        else:
            violations = [_violation(c, trace) for c in truth.checks]
            if not truth.ok and not any(v.status in ("fail", "error") for v in violations):
                if ctx.skipped:
                    return self._locate(doc, tolerance, trace, memo, skips=False)
                violations.append(Violation(status="fail", refs=list(ctx.refs or []), text=self.canonical,
                                            steps=list(ctx.steps or []) if trace else None))
            status: Status = max((v.status for v in violations), key=_RANK.__getitem__, default="pass")
            return _traced(Result(status, violations), ctx, trace)
        result.evaluated = False
        _traced(result, ctx, trace)
        if result.status == "not_checkable" or result.violations[0].code == "E410":
            result.steps = None  # the steps up to a missing table are not shown (as `value` never showed them)
        return result

    def value(self, doc: Disclosure, *, trace: bool = False) -> ValueResult:
        ctx = Ctx(doc, None, traced=True)
        try:
            raw = self._slow(ctx)
        except NotCheckable as exc:
            return ValueResult("not_checkable", code="E407", message_zh=message("E407", table=exc.table),
                               message_en=message("E407", "en", table=exc.table), refs=list(ctx.refs or []))
        except EvalError as exc:
            return ValueResult("error", code=exc.code, message_zh=message(exc.code, **exc.params),
                               message_en=message(exc.code, "en", **exc.params), refs=list(ctx.refs or []),
                               steps=list(ctx.steps or []) if trace else None)
        except _BEYOND:
            return ValueResult("error", code="E410", message_zh=message("E410"), message_en=message("E410", "en"),
                               refs=list(ctx.refs or []))
        out = ValueResult("ok", refs=list(ctx.refs or []), steps=list(ctx.steps or []) if trace else None)
        if isinstance(raw, RowItem):  # a bare row is its main-column value
            raw = _main_amount(ctx, raw) or raw
        if isinstance(raw, Amount):
            out.value, out.tolerance = raw.value, raw.tol
            if raw.kind in ("blank", "na"):
                out.kind = raw.kind  # printed blank or ——: 0 for arithmetic, but say so
        elif isinstance(raw, Truth):
            out.value, out.kind = raw.ok, "bool"
            out.notes = [_violation(c, trace) for c in raw.checks]
        elif isinstance(raw, Values):
            out.value, out.kind = [v.value for v in raw.items], "list"
            out.tolerance = sum((v.tol for v in raw.items), Decimal(0))
        elif isinstance(raw, RowItem):
            out.value, out.kind = raw.label, "text"
        elif isinstance(raw, tuple) and raw and isinstance(raw[0], RowItem):
            out.value, out.kind = [r.label for r in raw], "rows"
        elif isinstance(raw, tuple) and all(isinstance(i, Item) for i in raw):  # 目录缺项(), 行次断号(t): entries with lines
            out.value, out.kind = [f"{i.label}（{i.source}）" if i.source else i.label for i in raw], "items"
        elif isinstance(raw, tuple) and raw and isinstance(raw[0], TableView):
            out.value, out.kind = [t.table.id for t in raw], "tables"
        elif isinstance(raw, TableView):
            out.value, out.kind = raw.table.id, "table"
        else:
            out.value, out.kind = (raw.title if isinstance(raw, Section) else str(raw)), "text"
        return out


# what compile_node computes; a deferred form sets them all on first use of any
_PARTS = ("tables", "reads", "identity", "plain", "kind", "_fast")


class _Deferred(Compiled):
    """A Compiled whose parts are compiled the first time one is asked for (Environment.deferred); afterwards they are
    plain attributes, so a rule run costs no more than an eagerly compiled one."""

    def __init__(self, node: Node, text: str, env: Environment, origin: Origin | None) -> None:
        self.node, self.text, self._env, self._origin = node, text, env, origin
        self._slow_fn = self._located_fn = None

    def __getattr__(self, name: str) -> Any:  # called only for an attribute not set yet
        if name not in _PARTS or "_env" not in self.__dict__:
            raise AttributeError(name)
        done = self._env.compile_node(self.node, self.text, origin=self._origin)
        for part in _PARTS:
            setattr(self, part, getattr(done, part))
        return getattr(self, name)


def _main_amount(ctx: Ctx, item: RowItem) -> Amount | None:
    from engine.language.runtime import cell
    try:
        return cell(ctx, item, None)
    except EvalError:
        return None


def _traced(result: Result, ctx: Ctx, trace: bool) -> Result:
    if trace:  # what the run read, whatever its verdict: explain shows it
        result.refs, result.steps = list(ctx.refs or []), list(ctx.steps or [])
    return result


_BEYOND = (ArithmeticError, RecursionError)  # decimal.InvalidOperation/Overflow are ArithmeticErrors


def _not_checkable(table: str) -> Result:
    v = Violation(status="not_checkable", code="E407", params={"table": table})
    return Result("not_checkable", [v], [table])


def _error(code: str, params: dict[str, Any], element: str | None, refs: list[CellRef],
           steps: list[Step] | None) -> Violation:
    return Violation(status="error", element=element, refs=refs, code=code, params=params, steps=steps)


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _violation(check: Check, trace: bool) -> Violation:
    steps = list(check.steps) if trace and check.steps is not None else None
    if check.status == "error":
        return _error(check.code or "E400", check.params, check.element, list(check.refs), steps)
    c = check.comparison
    if c is None:
        return Violation(status="fail", element=check.element, refs=list(check.refs), steps=steps, text=check.text)
    return Violation(status=check.status, element=check.element, refs=list(check.refs), op=c.op, left=c.left,
                     right=c.right, difference=c.difference, tolerance=c.tolerance, steps=steps, text=check.text)
