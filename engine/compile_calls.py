"""Compiling function calls from the table in functions.py, including the narrative look-ups 文中金额/百分比/增减."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine import nodes as n
from engine import resolve
from engine.compile import NUM, C, Compiler, Fn, T, cell_kind, kind_zh
from engine.functions import Function, all_names, lookup
from engine.labels import normalise
from engine.model import Section
from engine.narrative_text import TemplateError, compile_template
from engine.numbers import Amount, NumberError
from engine.runtime import CellRef, Ctx, EvalError, NotCheckable, RowItem, Values

_COUNTABLE = ("rows", "list", "forms", "narrative")


def call(compiler: Compiler, node: n.Call) -> C:
    fn = lookup(node.func)
    if fn is None:
        raise compiler.fail("E204", node, resolve.suggest(node.func, all_names()), name=node.func)
    most, least = len(fn.params), len(fn.params) - fn.optional
    if not least <= len(node.args) <= most:
        expected = str(most) if least == most else f"{least}～{most}"
        raise compiler.fail("E205", node, name=node.func, expected=expected, got=str(len(node.args)))
    if fn.name.startswith("text_"):
        return _text_call(compiler, node, fn)
    args: list[Fn] = []
    result_type = T(fn.returns)
    for param, arg in zip(fn.params, node.args):
        if param == "num":
            args.append(compiler.num(arg, node.func).fn)
        elif param == "list":
            values_fn = compiler.values(arg, node.func).fn
            args.append(lambda ctx, f=values_fn: f(ctx).items)
        elif param == "count":
            c = compiler.node(arg)
            if c.type.kind not in _COUNTABLE:
                raise compiler.fail("E206", arg, what=node.func, expected="集合", got=kind_zh(c.type.kind))
            args.append(lambda ctx, f=c.fn: len(_items(f(ctx))))
        elif param == "row":
            c = compiler.node(arg)
            if c.type.kind != "row":
                raise compiler.fail("E206", arg, what=node.func, expected="行", got=kind_zh(c.type.kind))
            args.append(c.fn)
            result_type = T("rows", c.type.spec, c.type.side)
        else:  # probe: presence, never an error
            args.append(probe_of(compiler.node(arg)))
    impl = fn.impl

    def run(ctx: Ctx) -> Any:
        try:
            return impl(*[f(ctx) for f in args])
        except NumberError as exc:
            raise EvalError(exc.code) from None
    return C(run, result_type, compiler.text(node))


def _items(value: Any) -> tuple:
    return value.items if isinstance(value, Values) else tuple(value)


def probe_of(c: C) -> Fn:
    """A closure telling whether the value is a printed number, blank, na, text or missing."""
    if c.probe is not None:
        return c.probe
    f = c.fn

    def probe(ctx: Ctx) -> str:
        try:
            value = f(ctx)
        except (EvalError, NotCheckable):
            return "missing"
        if isinstance(value, Amount):
            return value.kind
        if isinstance(value, RowItem):
            return cell_kind(ctx, value, None)
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Amount):
            return value[0].kind  # a form's fund line
        if isinstance(value, str):
            return "text" if value.strip() else "blank"
        return "number"
    return probe


def slot_text(value: Any) -> str:
    """What `{r}` stands for in a template: a row's label without its numbering, a form's project name."""
    if isinstance(value, RowItem):
        return normalise(value.row.label)
    return str(getattr(value, "project", value))


def section_text(section: Section) -> str:
    """The section's full text; parts are added only when the section's own text does not already hold them."""
    missing = [s for s in section.subsections if s.text and s.text not in section.text]
    return section.text + "".join(s.title + section_text(s) for s in missing)


_WANTS = {"text_amount": "amount", "text_percent": "percent", "text_change": "direction"}


def _text_call(compiler: Compiler, node: n.Call, fn: Function) -> C:
    sec = compiler.node(node.args[0])
    if sec.type.kind != "section":
        raise compiler.fail("E206", node.args[0], what=node.func, expected="情况说明章节", got=kind_zh(sec.type.kind))
    literal = node.args[1]
    if not isinstance(literal, n.String):
        raise compiler.fail("E234", literal)
    try:
        template = compile_template(literal.value, frozenset(compiler.scope))
    except TemplateError as err:
        raise compiler.fail(err.code, literal, **err.params) from None
    want = _WANTS[fn.name]
    if want not in template.wants or (want == "direction" and "amount" not in template.wants):
        raise compiler.fail("E233", literal, template=literal.value)
    nth_fn = compiler.num(node.args[2], node.func).fn if len(node.args) > 2 else None
    sec_fn, where = sec.fn, compiler.text(node.args[0])

    def run(ctx: Ctx) -> Amount:
        section = sec_fn(ctx)
        nth = int(nth_fn(ctx).value) if nth_fn else 1
        bound = template.bind({s: slot_text(ctx.vars[s]) for s in template.slots}) if template.slots else template
        found = bound.find(section_text(section), nth)
        if found is None:
            raise EvalError("E404", section=where, template=template.text)
        if want == "amount":
            value = found.amount
        elif want == "percent":
            value = found.percent
        else:
            amount = found.amount or Amount(Decimal(0), Decimal(0), "number")
            value = amount if found.sign is None else Amount(amount.value * found.sign, amount.tol, "number")
        assert value is not None
        if ctx.refs is not None:
            ctx.refs.append(CellRef(None, where, None, found.snippet, value.value, found.snippet, section.source))
        return value
    return C(run, NUM, compiler.text(node))
