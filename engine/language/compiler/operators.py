"""Compiling operators: arithmetic, comparisons, and/or/not, if-then-else."""
from __future__ import annotations

from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.compiler.closures import ARITH, num_compare, text_compare
from engine.language.numbers import Amount, NumberError
from engine.language.printer import to_text
from engine.language.runtime import FALSE, TRUE, Ctx, EvalError, NotCheckable, Truth, cell
from engine.language.types import BOOL, NUM, CompiledNode, kind_zh


def unary(compiler: Compiler, node: n.Unary) -> CompiledNode:
    operand = compiler.num(node.operand).fn
    return CompiledNode(lambda ctx: -operand(ctx), NUM, compiler.text(node))


def binary(compiler: Compiler, node: n.Binary) -> CompiledNode:
    if node.op in ("+", "-") and not compiler.steps:
        return _sum_chain(compiler, node)
    left, right = (c.fn for c in compiler.all_of(lambda: compiler.num(node.left), lambda: compiler.num(node.right)))
    op = ARITH[node.op]

    def arith(ctx: Ctx) -> Amount:
        try:
            return op(left(ctx), right(ctx))
        except NumberError as exc:
            raise EvalError(exc.code) from None
    return CompiledNode(arith, NUM, compiler.text(node))


def _sum_chain(compiler: Compiler, node: n.Binary) -> CompiledNode:
    """`a + b - c + …` as one closure: the same additions in the same order as Amount.__add__/__sub__, without a
    closure call and an intermediate Amount per operator (table-sum rules add up to a dozen cells per row).
    Not for explaining, which shows every partial sum."""
    terms: list[tuple[str, n.Node]] = []  # (operator before it, operand), left to right once reversed
    whole, operand = node, node  # type: n.Binary, n.Node
    while isinstance(operand, n.Binary) and operand.op in ("+", "-"):
        terms.append((operand.op, operand.right))
        operand = operand.left
    terms.append(("+", operand))
    terms.reverse()
    fns = [c.fn for c in compiler.all_of(*(lambda t=t: compiler.num(t) for _, t in terms))]
    first, rest = fns[0], [(op == "+", fn) for (op, _), fn in zip(terms[1:], fns[1:])]
    cells = [c for c in (compiler.cells.get(fn) for fn in fns) if c is not None]
    if len(cells) == len(fns):  # `r.合计 - r.基本支出 - r.项目支出`: every cell read in place
        (var0, key0), others = cells[0], [(plus, var, key) for (plus, _), (var, key) in zip(rest, cells[1:])]

        def cell_chain(ctx: Ctx) -> Amount:
            variables = ctx.vars
            a = cell(ctx, variables[var0], key0)
            value, tol = a.value, a.tol
            for plus, var, key in others:
                b = cell(ctx, variables[var], key)
                value = value + b.value if plus else value - b.value
                tol = tol + b.tol
            return Amount(value, tol)
        return CompiledNode(cell_chain, NUM, compiler.text(whole))

    def chain(ctx: Ctx) -> Amount:
        a = first(ctx)
        value, up, down, skewed = a.value, a.tol, a.down, a.below is not None
        for plus, fn in rest:
            b = fn(ctx)
            skewed = skewed or b.below is not None  # a quotient's interval is not symmetric: keep both sides
            if plus:
                value, up, down = value + b.value, up + b.tol, down + b.down
            else:
                value, up, down = value - b.value, up + b.down, down + b.tol
        return Amount(value, up, "derived", down) if skewed else Amount(value, up)
    return CompiledNode(chain, NUM, compiler.text(whole))


def compare(compiler: Compiler, node: n.Compare) -> CompiledNode:
    text = compiler.text(node)
    left, right = compiler.all_of(lambda: compiler.node(node.left), lambda: compiler.node(node.right))
    if left.type.kind == "text" or right.type.kind == "text":
        if left.type.kind != right.type.kind or node.op not in ("==", "!="):
            raise compiler.fail("E206", node, what="文字比较", expected="两边都是文字且用 == 或 !=",
                            got=f"{kind_zh(left.type.kind)} {node.op} {kind_zh(right.type.kind)}")
        return CompiledNode(text_compare(node.op, left.fn, right.fn, text, lambda: to_text(node)), BOOL, text)
    lf, rf = compiler.num(node.left, "比较").fn, compiler.num(node.right, "比较").fn
    shapes = (compiler.cells.get(lf), compiler.constants.get(rf))
    return CompiledNode(num_compare(node.op, lf, rf, text, compiler.traced, lambda: to_text(node), shapes), BOOL, text)


def logical(compiler: Compiler, node: n.Logical) -> CompiledNode:
    left, right = (c.fn for c in compiler.all_of(lambda: compiler.boolean(node.left, node.op),
                                              lambda: compiler.boolean(node.right, node.op)))
    if node.op == "and":
        def both(ctx: Ctx) -> Truth:
            a: Truth = left(ctx)
            if not a.ok:  # short-circuit (a verdict); a run for findings reads on, as the traced form does
                return a if ctx.reads is None or not a.checks else after_failed(ctx, a)
            b: Truth = right(ctx)
            return b if not a.checks else Truth(b.ok, a.checks + b.checks)

        def every_part(ctx: Ctx) -> Truth:
            """Traced (findings): a failing part does not hide the next one; each is its own finding. A part
            that failed without a reportable check (a guard such as 有值(…)) still stops the rest."""
            a: Truth = left(ctx)
            if a.ok:
                b: Truth = right(ctx)
                return b if not a.checks else Truth(b.ok, a.checks + b.checks)
            if not a.checks:
                return a
            return after_failed(ctx, a)

        def after_failed(ctx: Ctx, a: Truth) -> Truth:
            """The part after one that failed with checks: its own failures are reported too."""
            r0 = len(ctx.refs) if ctx.refs is not None else 0
            s0 = len(ctx.steps) if ctx.steps is not None else 0
            d0 = len(ctx.reads) if ctx.reads is not None else 0
            try:
                b = right(ctx)
            except (EvalError, NotCheckable):  # the next part cannot be read: the first failure stands
                b = TRUE
            if b.ok or not any(c.status in ("fail", "error") for c in b.checks):
                if ctx.refs is not None:  # what the unreported part read belongs to no finding
                    del ctx.refs[r0:]
                if ctx.steps is not None:
                    del ctx.steps[s0:]
                if ctx.reads is not None:
                    del ctx.reads[d0:]
                return a
            return Truth(False, a.checks + b.checks)
        presence = compiler.presence.get(left)
        if presence is not None and not compiler.traced:  # `为空(x) 且 …`: x's presence kind read in place
            probe, table, other = presence
            get = table.get

            def both_present(ctx: Ctx) -> Truth:
                kind = probe(ctx)
                a = get(kind)
                if a is None:
                    return both_after(ctx, other(kind))
                return right(ctx) if a.ok else a  # a table's truths have no checks

            def both_after(ctx: Ctx, a: Truth) -> Truth:
                if not a.ok:
                    return a if ctx.reads is None or not a.checks else after_failed(ctx, a)
                b: Truth = right(ctx)
                return b if not a.checks else Truth(b.ok, a.checks + b.checks)
            return CompiledNode(both_present, BOOL, compiler.text(node))
        return CompiledNode(every_part if compiler.traced else both, BOOL, compiler.text(node))

    presence = compiler.presence.get(left)
    if presence is not None:  # `为空(x) 或 …` (~100 rules): x's presence kind read in place
        probe, table, other = presence
        get = table.get

        def either_present(ctx: Ctx) -> Truth:
            kind = probe(ctx)
            a = get(kind)
            if a is None:
                a = other(kind)
            if a.ok:
                return a
            b: Truth = right(ctx)
            return b if b.ok or b.checks or not a.checks else a
        return CompiledNode(either_present, BOOL, compiler.text(node))

    def either(ctx: Ctx) -> Truth:
        a: Truth = left(ctx)
        if a.ok:
            return a
        b: Truth = right(ctx)
        # Both failed: the last alternative is the requirement, the earlier ones its exemptions (为空(x) 或 上年数
        # == 0 或 x == …): report what the requirement compared, not an exemption's numbers (a base of 0 shown
        # where a rate belongs); the exemption's only when the requirement reported nothing.
        return b if b.ok or b.checks or not a.checks else a
    return CompiledNode(either, BOOL, compiler.text(node))


def not_(compiler: Compiler, node: n.Not) -> CompiledNode:
    operand = compiler.boolean(node.operand, "not").fn
    return CompiledNode(lambda ctx: FALSE if operand(ctx).ok else TRUE, BOOL, compiler.text(node))


def if_(compiler: Compiler, node: n.If) -> CompiledNode:
    cond = compiler.boolean(node.cond, "if").fn
    then, other = compiler.all_of(lambda: compiler.node(node.then), lambda: compiler.node(node.otherwise))
    if then.type.kind != other.type.kind:
        then, other = compiler.num(node.then, "if 的结果"), compiler.num(node.otherwise, "if 的结果")
    tf, of = then.fn, other.fn
    return CompiledNode(lambda ctx: tf(ctx) if cond(ctx).ok else of(ctx), then.type, compiler.text(node))
