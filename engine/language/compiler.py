"""Resolved nodes -> closures, once per rule: a fast form, and a traced form that records every sub-expression."""
from __future__ import annotations

from typing import Callable

from engine.language import nodes as n
from engine.language import resolve
from engine.catalogue import Catalogue, TableSpec
from engine.model import Row
from engine.language.printer import to_text
from engine.language.compile_ops import (ARITH, BOOL, NUM, TEXT, C, CompileFailed, Fn, Problem, T, cell_kind, kind_zh,
                                metadata, num_compare, row_by_name, text_compare, traced, var_probe)
from engine.language.numbers import Amount, NumberError, half_unit
from engine.language.runtime import (FALSE, TRUE, CellRef, Ctx, EvalError, NotCheckable, RowItem, TableView, Truth, Values, all_rows, cell,
                            find_key, get_table, level_rows, prefix_rows, range_rows)

__all__ = ["BOOL", "NUM", "TEXT", "C", "CompileFailed", "Compiler", "Fn", "Problem", "T", "cell_kind", "kind_zh",
           "resolve_row", "row_by_name"]


class Compiler:
    def __init__(self, catalogue: Catalogue, definitions: dict[str, n.Node], traced: bool,
                 steps: bool = True) -> None:
        self.catalogue = catalogue
        self.definitions = definitions
        self.traced = traced  # texts and cells read, for findings
        self.steps = traced and steps  # every sub-expression's value too, for explaining
        self.problems: list[Problem] = []
        self.scope: dict[str, T] = {}
        self.defining: list[str] = []
        self.tables: set[str] = set()

    # --- entry points ---------------------------------------------------------------------------
    def compile(self, node: n.Node) -> C | None:
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

    def node(self, node: n.Node) -> C:
        handler = getattr(self, "_" + type(node).__name__.lower(), None)
        if handler is None:
            raise self.fail("E208", node, name=type(node).__name__, what="规则")
        c = handler(node)
        if self.steps and c.type.kind in ("num", "bool", "text", "list"):
            c.fn = traced(c.fn, c.text, c.type.kind)
        return c

    def loop_var(self, node: n.Node) -> str | None:
        """The name when `node` is a for-each variable (read straight from ctx.vars by the hottest closures)."""
        return node.name if isinstance(node, n.Name) and node.name in self.scope else None

    def all_of(self, *thunks: Callable[[], C]) -> list[C]:
        """Compile every operand even when one fails, so a rule reports all its problems at once."""
        out, failed = [], None
        for thunk in thunks:
            try:
                out.append(thunk())
            except CompileFailed as exc:
                failed = exc
        if failed is not None:
            raise failed
        return out

    # --- coercions ------------------------------------------------------------------------------
    def num(self, node: n.Node, what: str = "运算") -> C:
        c = self.node(node)
        if c.type.kind == "num":
            return c
        if c.type.kind == "row":  # a bare row means its main column
            row_fn, var = c.fn, self.loop_var(node)
            fn: Fn = ((lambda ctx: cell(ctx, ctx.vars[var], None)) if var is not None  # one call less per element
                      else (lambda ctx: cell(ctx, row_fn(ctx), None)))
            return C(traced(fn, c.text, "num") if self.steps else fn, NUM, c.text, c.probe)
        if c.type.kind == "fund":
            fund_fn = c.fn
            return C(lambda ctx: fund_fn(ctx)[0], NUM, c.text, c.probe)
        raise self.fail("E206", node, what=what, expected="数值", got=kind_zh(c.type.kind))

    def values(self, node: n.Node, what: str) -> C:
        if isinstance(node, n.ForAll):  # 求和(每个 r 属于 SET: expr): the expression's value for each element
            from engine.language.compile_parts import forall_values
            return forall_values(self, node)
        c = self.node(node)
        if c.type.kind == "list":
            return c
        if c.type.kind == "rows":
            rows_fn = c.fn
            return C(lambda ctx: Values(tuple([cell(ctx, r, None) for r in rows_fn(ctx)])), T("list"), c.text)
        raise self.fail("E206", node, what=what, expected="行集合或数值列表", got=kind_zh(c.type.kind))

    def boolean(self, node: n.Node, what: str) -> C:
        c = self.node(node)
        if c.type.kind != "bool":
            raise self.fail("E206", node, what=what, expected="真/假判断", got=kind_zh(c.type.kind))
        return c

    # --- literals -------------------------------------------------------------------------------
    def _number(self, node: n.Number) -> C:
        value = Amount.exact(node.value)
        return C(lambda ctx: value, NUM, self.text(node), lambda ctx: "derived")

    def _percent(self, node: n.Percent) -> C:
        value = Amount(node.value, half_unit(node.value), "number")  # compared at its written precision
        return C(lambda ctx: value, NUM, self.text(node), lambda ctx: "number")

    def _string(self, node: n.String) -> C:
        value = node.value
        return C(lambda ctx: value, TEXT, self.text(node))

    # --- names ----------------------------------------------------------------------------------
    def _name(self, node: n.Name) -> C:
        name, text = node.name, self.text(node)
        if name in self.scope:
            if self.traced and self.scope[name].kind == "num":  # a stated number read in a finding: its words
                return C(lambda ctx: _read_stated(ctx, ctx.vars[name]), self.scope[name], text, var_probe(name))
            return C(lambda ctx: ctx.vars[name], self.scope[name], text, var_probe(name))
        if name in self.definitions:
            return self._definition(node)
        if resolve.is_table(self.catalogue, name):
            spec = resolve.table(self.catalogue, name)
            self.tables.add(spec.id)
            tid = spec.id
            return C(lambda ctx: TableView(get_table(ctx, tid)), T("table", spec), text,
                     lambda ctx: "number" if tid in ctx.doc.tables else "missing")
        if name in resolve.NARRATIVE:
            part = resolve.NARRATIVE[name]
            return C(lambda ctx: getattr(ctx.doc.narrative, part), T("narrative"), text)
        if name in resolve.FORMS:
            return C(lambda ctx: tuple(ctx.doc.attachments), T("forms"), text)
        if name in resolve.METADATA:
            return metadata(name, text)
        if name in resolve.DOCUMENT:
            from engine.functions.structure_compile import document_name
            return document_name(name, text)
        names = resolve.global_names(self.catalogue, self.definitions, self.scope)
        raise self.fail("E201", node, resolve.suggest(name, names), name=name)

    def _definition(self, node: n.Name) -> C:
        if node.name in self.defining:
            cycle = " → ".join([*self.defining[self.defining.index(node.name):], node.name])
            raise self.fail("E207", node, cycle=cycle)
        self.defining.append(node.name)
        saved, self.scope = self.scope, {}  # definitions see no loop variables
        before = len(self.problems)
        try:
            c = self.node(self.definitions[node.name])
        except CompileFailed:
            c = None
        finally:
            self.scope = saved
            self.defining.pop()
        if c is None or len(self.problems) > before:
            if not any(p.code == "E207" for p in self.problems[before:]):
                del self.problems[before:]
                raise self.fail("E212", node, name=node.name)
            raise CompileFailed("E207")
        return C(c.fn, c.type, self.text(node), c.probe)

    # --- members and selectors ------------------------------------------------------------------
    def _member(self, node: n.Member) -> C:
        from engine.language.compile_parts import member
        return member(self, node)

    def _index(self, node: n.Index) -> C:
        obj = self.node(node.obj)
        if obj.type.kind != "table" or obj.type.spec is None:
            raise self.fail("E208", node, name="[…]", what=kind_zh(obj.type.kind))
        spec, side, sel, text = obj.type.spec, obj.type.side, node.selector, self.text(node)
        view_fn = obj.fn
        if isinstance(sel, n.Key):
            return self._key_row(node, obj, sel)
        if isinstance(sel, n.Same):
            return self._same_row(node, obj, sel)
        if isinstance(sel, (n.Level, n.Prefix)) and not (spec.coded or spec.class_rows):
            raise self.fail("E211", node, table=spec.id, what="科目编码",
                            selector=sel.level if isinstance(sel, n.Level) else sel.prefix + "*")
        if isinstance(sel, n.Level):
            level, what = sel.level, ("level", sel.level)
            pick = lambda view: level_rows(view, level)  # noqa: E731
        elif isinstance(sel, n.Prefix):
            prefix, what = sel.prefix, ("prefix", sel.prefix)
            pick = lambda view: prefix_rows(view, prefix)  # noqa: E731
        elif isinstance(sel, n.Range):
            low, high = sel.low, sel.high
            if not (low.isdigit() and high.isdigit()):
                raise self.fail("E206", node, what="范围", expected="数字", got=f"{low}..{high}")
            what = ("range", low, high)
            pick = lambda view: range_rows(view, low, high)  # noqa: E731
        else:
            pick, what = all_rows, ("all",)

        def rows(ctx: Ctx) -> tuple[RowItem, ...]:
            view = view_fn(ctx)
            key = (id(view.table), view.side, what)  # many rules walk the same rows of one document
            found = ctx.memo.rows.get(key)
            if found is None:
                found = ctx.memo.rows[key] = tuple(RowItem(view.table, r) for r in pick(view))
            return found
        return C(rows, T("rows", spec, side), text)

    def _key_row(self, node: n.Index, obj: C, sel: n.Key) -> C:
        spec, view_fn, key = obj.type.spec, obj.fn, sel.text
        assert spec is not None
        side = obj.type.side
        if not key.isdigit() and not spec.coded:
            name = resolve_row(self, node, spec, key, side)
            return row_by_name(obj, name, self.text(node))

        def row(ctx: Ctx) -> RowItem:
            view = view_fn(ctx)
            found = find_key(ctx, view, key)
            if found is None:
                raise EvalError("E402", table=view.table.id, row=key)
            return RowItem(view.table, found)

        def probe(ctx: Ctx) -> str:
            if spec.id not in ctx.doc.tables:
                return "missing"
            found = find_key(ctx, TableView(ctx.doc.tables[spec.id], side), key)
            return "missing" if found is None else cell_kind(ctx, RowItem(ctx.doc.tables[spec.id], found), None)
        return C(row, T("row", spec, side), self.text(node), probe)

    def _same_row(self, node: n.Index, obj: C, sel: n.Same) -> C:
        """`公开04[r]`: the row with row r's code; a row the table does not print reads as blank."""
        if self.scope.get(sel.var, T("none")).kind != "row":
            raise self.fail("E235", sel, name=sel.var)
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
        return C(row, T("row", spec, obj.type.side), self.text(node), probe)

    # --- operators ------------------------------------------------------------------------------
    def _call(self, node: n.Call) -> C:
        from engine.language.compile_calls import call
        return call(self, node)

    def _unary(self, node: n.Unary) -> C:
        operand = self.num(node.operand).fn
        return C(lambda ctx: -operand(ctx), NUM, self.text(node))

    def _binary(self, node: n.Binary) -> C:
        if node.op in ("+", "-") and not self.steps:
            return self._sum_chain(node)
        left, right = (c.fn for c in self.all_of(lambda: self.num(node.left), lambda: self.num(node.right)))
        op = ARITH[node.op]

        def arith(ctx: Ctx) -> Amount:
            try:
                return op(left(ctx), right(ctx))
            except NumberError as exc:
                raise EvalError(exc.code) from None
        return C(arith, NUM, self.text(node))

    def _sum_chain(self, node: n.Binary) -> C:
        """`a + b - c + …` as one closure: the same additions in the same order as Amount.__add__/__sub__, without a
        closure call and an intermediate Amount per operator (table-sum rules add up to a dozen cells per row).
        Not for explaining, which shows every partial sum."""
        whole, terms = node, []  # terms: (operator before it, operand), left to right once reversed
        while isinstance(node, n.Binary) and node.op in ("+", "-"):
            terms.append((node.op, node.right))
            node = node.left
        terms.append(("+", node))
        terms.reverse()
        fns = [c.fn for c in self.all_of(*(lambda t=t: self.num(t) for _, t in terms))]
        first, rest = fns[0], [(op == "+", fn) for (op, _), fn in zip(terms[1:], fns[1:])]

        def chain(ctx: Ctx) -> Amount:
            a = first(ctx)
            value, tol = a.value, a.tol
            for plus, fn in rest:
                b = fn(ctx)
                value = value + b.value if plus else value - b.value
                tol = tol + b.tol
            return Amount(value, tol)
        return C(chain, NUM, self.text(whole))

    def _compare(self, node: n.Compare) -> C:
        text = self.text(node)
        left, right = self.all_of(lambda: self.node(node.left), lambda: self.node(node.right))
        if left.type.kind == "text" or right.type.kind == "text":
            if left.type.kind != right.type.kind or node.op not in ("==", "!="):
                raise self.fail("E206", node, what="文字比较", expected="两边都是文字且用 == 或 !=",
                                got=f"{kind_zh(left.type.kind)} {node.op} {kind_zh(right.type.kind)}")
            return C(text_compare(node.op, left.fn, right.fn, text), BOOL, text)
        lf, rf = self.num(node.left, "比较").fn, self.num(node.right, "比较").fn
        return C(num_compare(node.op, lf, rf, text, self.traced), BOOL, text)

    def _logical(self, node: n.Logical) -> C:
        left, right = (c.fn for c in self.all_of(lambda: self.boolean(node.left, node.op),
                                                  lambda: self.boolean(node.right, node.op)))
        if node.op == "and":
            def both(ctx: Ctx) -> Truth:
                a = left(ctx)
                if not a.ok:  # short-circuit
                    return a
                b = right(ctx)
                return b if not a.checks else Truth(b.ok, a.checks + b.checks)

            def every_part(ctx: Ctx) -> Truth:
                """Traced (findings): a failing part does not hide the next one; each is its own finding. A part
                that failed without a reportable check (a guard such as 有值(…)) still stops the rest."""
                a = left(ctx)
                if a.ok:
                    b = right(ctx)
                    return b if not a.checks else Truth(b.ok, a.checks + b.checks)
                if not a.checks:
                    return a
                r0 = len(ctx.refs) if ctx.refs is not None else 0
                s0 = len(ctx.steps) if ctx.steps is not None else 0
                try:
                    b = right(ctx)
                except (EvalError, NotCheckable):  # the next part cannot be read: the first failure stands
                    b = TRUE
                if b.ok or not any(c.status in ("fail", "error") for c in b.checks):
                    if ctx.refs is not None:  # what the unreported part read belongs to no finding
                        del ctx.refs[r0:]
                    if ctx.steps is not None:
                        del ctx.steps[s0:]
                    return a
                return Truth(False, a.checks + b.checks)
            return C(every_part if self.traced else both, BOOL, self.text(node))

        def either(ctx: Ctx) -> Truth:
            a = left(ctx)
            if a.ok:
                return a
            b = right(ctx)
            # Both failed: the last alternative is the requirement, the earlier ones its exemptions (为空(x) 或 上年数
            # == 0 或 x == …): report what the requirement compared, not an exemption's numbers (a base of 0 shown
            # where a rate belongs); the exemption's only when the requirement reported nothing.
            return b if b.ok or b.checks or not a.checks else a
        return C(either, BOOL, self.text(node))

    def _not(self, node: n.Not) -> C:
        operand = self.boolean(node.operand, "not").fn
        return C(lambda ctx: FALSE if operand(ctx).ok else TRUE, BOOL, self.text(node))

    def _if(self, node: n.If) -> C:
        cond = self.boolean(node.cond, "if").fn
        then, other = self.all_of(lambda: self.node(node.then), lambda: self.node(node.otherwise))
        if then.type.kind != other.type.kind:
            then, other = self.num(node.then, "if 的结果"), self.num(node.otherwise, "if 的结果")
        tf, of = then.fn, other.fn
        return C(lambda ctx: tf(ctx) if cond(ctx).ok else of(ctx), then.type, self.text(node))

    def _forall(self, node: n.ForAll) -> C:
        from engine.language.compile_parts import forall
        return forall(self, node)


def _read_stated(ctx: Ctx, value):
    """A loop variable over stated numbers (文中所述, 文中所有金额): the finding quotes the words and their line."""
    snippet = getattr(value, "snippet", None)
    if snippet and ctx.refs is not None:
        ctx.refs.append(CellRef(None, value.section, None, snippet, value.value, snippet, value.source))
    return value


def resolve_row(compiler: Compiler, node: n.Node, spec: TableSpec, label: str, side: str | None) -> resolve.RowName:
    try:
        return resolve.row(spec, compiler.catalogue, label, side)
    except resolve.ResolveError as err:
        raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
