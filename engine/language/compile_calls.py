"""Compiling function calls from the table in functions.py, including the narrative look-ups 文中金额/百分比/增减."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from engine.language import nodes as n
from engine.language import resolve
from engine.language.compiler import NUM, TEXT, C, Compiler, Fn, T, cell_kind, kind_zh
from engine.functions.structure_compile import STRUCTURE, structure_call
from engine.functions.registry import HEADER_ALIASES, HEADER_ELEMENTS, Function, all_names, header_element, lookup
from engine.functions.indicators import stated_words
from engine.labels import normalise
from engine.model import Section, Source
from engine.functions.narrative import TemplateError, compile_template
from engine.language.numbers import Amount, NumberError, half_unit
from engine.language.printer import to_text
from engine.language.runtime import CellRef, Ctx, EvalError, NotCheckable, RowItem, Values
from engine.functions.structure import Located
from engine.functions.text import CLAUSE_END, UNITS, line_anchors, money_amounts, source_at

_COUNTABLE = ("rows", "list", "forms", "narrative", "items", "tables")


def call(compiler: Compiler, node: n.Call) -> C:
    fn = lookup(node.func)
    if fn is None:
        raise compiler.fail("E204", node, resolve.suggest(node.func, all_names()), name=node.func)
    most, least = len(fn.params), len(fn.params) - fn.optional
    if not least <= len(node.args) <= most:
        expected = str(most) if least == most else f"{least}～{most}"
        raise compiler.fail("E205", node, name=node.func, expected=expected, got=str(len(node.args)))
    if fn.name in _WANTS:
        return _text_call(compiler, node, fn)
    if fn.name in ("text_percents", "text_amounts"):
        return _stated_call(compiler, node, fn.name)
    if fn.name in STRUCTURE:
        return structure_call(compiler, node, fn)
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
            if fn.returns == "rows":  # 下级(r): rows of r's table
                result_type = T("rows", c.type.spec, c.type.side)
        elif param == "table":
            c = compiler.node(arg)
            if c.type.kind != "table":
                raise compiler.fail("E206", arg, what=node.func, expected="表", got=kind_zh(c.type.kind))
            args.append(lambda ctx, f=c.fn: f(ctx).table)  # a missing table raises NotCheckable, as usual
        elif param == "text":
            c = compiler.node(arg)
            if c.type.kind != "text":
                raise compiler.fail("E206", arg, what=node.func, expected="文字", got=kind_zh(c.type.kind))
            args.append(c.fn)
        elif param == "section":  # a 情况说明 section (文中所述): the Section itself
            c = compiler.node(arg)
            if c.type.kind != "section":
                raise compiler.fail("E206", arg, what=node.func, expected="情况说明章节", got=kind_zh(c.type.kind))
            args.append(c.fn)
        elif param == "element":
            element = _header_element(compiler, arg)
            args.append(lambda ctx, e=element: e)
        else:  # probe: presence, never an error
            c = compiler.node(arg)
            probe = probe_of(c)
            if c.type.kind == "text":  # printed words (a title) count as a value for 有值
                probe = _text_probe(probe)
            args.append(probe)
    impl = fn.impl
    if fn.name == "table_header":
        return _header_call(compiler, node, fn, args)
    if fn.name == "decimals":  # a finding on a stated number points at the words that state it
        value_fn = args[0]

        def decimals(ctx: Ctx) -> Amount:
            value = value_fn(ctx)
            if ctx.refs is not None and isinstance(value, Stated) and not (
                    ctx.refs and ctx.refs[-1].text == value.snippet and ctx.refs[-1].source == value.source):
                ctx.refs.append(CellRef(None, value.section, None, value.snippet, value.value, value.snippet,
                                        value.source))
            return impl(value)
        return C(decimals, NUM, compiler.text(node))

    if fn.contextual:  # reads the document (its memo) as well as its arguments
        return C(lambda ctx: impl(ctx, *[f(ctx) for f in args]), result_type, compiler.text(node))

    if fn.name == "stated_figure":  # a finding quotes the words that state the figure
        text_fn, name_fn = args

        def figure(ctx: Ctx) -> str:
            text, name = text_fn(ctx), name_fn(ctx)
            if ctx.refs is not None and (words := stated_words(text, name)):
                ctx.refs.append(CellRef(None, to_text(node.args[0]), None, words, None, words, None))
            return impl(text, name)
        return C(figure, T("text"), compiler.text(node))

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
    else:
        def run(ctx: Ctx) -> Any:
            try:
                return impl(*[f(ctx) for f in args])
            except NumberError as exc:
                raise EvalError(exc.code) from None
    return C(run, result_type, compiler.text(node))


def _header_element(compiler: Compiler, arg: n.Node) -> str:
    """The header element named by a quoted literal, checked at load time."""
    name = arg.value if isinstance(arg, n.String) else to_text(arg)
    element = header_element(name) if isinstance(arg, n.String) else None
    if element is None:
        known = "、".join(f"“{k}”" for k in (*HEADER_ELEMENTS, "单位名称"))
        raise compiler.fail("E236", arg, resolve.suggest(str(name), [*HEADER_ELEMENTS, *HEADER_ALIASES]),
                            name=name, known=known)
    return element


def _header_call(compiler: Compiler, node: n.Call, fn: Function, args: list[Fn]) -> C:
    """表头(公开01, "表名"): the printed text, "" when not printed; traced runs point at unprinted elements."""
    table_fn, element_fn, impl = *args, fn.impl

    def run(ctx: Ctx) -> str:
        table, element = table_fn(ctx), element_fn(ctx)
        value = Located.join([(impl(table, element), table.source)], f"{table.id}表头")
        if ctx.refs is not None and not value:  # a finding names the elements that were not printed
            ctx.refs.append(CellRef(table.id, element, None, element, None, value, table.source))
        return value
    return C(run, T("text"), compiler.text(node))


# A printed percentage: digits (thousands commas allowed) and %, not the tail of a longer number.
# Written to start with a sign or digit (the lookbehind after it), so the regex engine skips ahead: 2× faster.
_PERCENT_PLAIN = r"(?<![\d.,])(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)%"  # what _PERCENT matches, as written
_PERCENT = re.compile(r"((?:-(?<![\d.,]-)\d|\d(?<![\d.,]\d))(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)%")
SourceAt = Callable[[int], "Source | None"]


def _nowhere(_: int) -> Source | None:
    return None


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class Stated(Amount):
    """A number stated in the narrative: the words it closes and the line it was printed on (for findings)."""

    snippet: str = ""
    section: str = ""
    source: Source | None = None


def all_percents(flat: str, section: str = "", source_at: SourceAt = _nowhere) -> tuple[Stated, ...]:
    """Every percentage in a flattened text, each keeping its printed precision (2.6 stays 2.6, not 2.60);
    `source_at` maps an offset in it to its printed line."""
    out = []
    for m in _PERCENT.finditer(flat):
        value = Decimal(m.group(1).replace(",", ""))
        before = CLAUSE_END.split(flat[max(0, m.start() - 16):m.start()])[-1]
        out.append(Stated(value, half_unit(value), "number", snippet=before + m.group(0), section=section,
                          source=source_at(m.start())))
    return tuple(out)


def all_amounts(flat: str, unit: str, section: str = "", source_at: SourceAt = _nowhere) -> tuple[Stated, ...]:
    """Every amount printed with the money unit in a flattened text, each keeping its printed precision (thresholds
    left out)."""
    return tuple(Stated(value, half_unit(value), "number", snippet=words, section=section, source=source_at(start))
                 for value, words, start in money_amounts(flat, unit))


def _unit(compiler: Compiler, node: n.Call) -> str:
    """文中所有金额's optional unit: a quoted 万元 or 元, checked at load time."""
    if len(node.args) < 2:
        return UNITS[0]
    arg = node.args[1]
    if not (isinstance(arg, n.String) and arg.value in UNITS):
        name = arg.value if isinstance(arg, n.String) else to_text(arg)
        raise compiler.fail("E239", arg, resolve.suggest(str(name), UNITS), name=name, known="、".join(UNITS))
    return arg.value


def _stated_call(compiler: Compiler, node: n.Call, name: str) -> C:
    """文中所有百分比(情况说明.五) / 文中所有金额(情况说明.五): the printed percentages or amounts, section by section."""
    arg = compiler.node(node.args[0])
    if arg.type.kind not in ("section", "narrative"):
        raise compiler.fail("E206", node.args[0], what=node.func, expected="情况说明或其章节",
                            got=kind_zh(arg.type.kind))
    arg_fn, whole = arg.fn, arg.type.kind == "narrative"
    unit = _unit(compiler, node) if name == "text_amounts" else ""

    def run(ctx: Ctx) -> Values:
        value = arg_fn(ctx)
        sections = value if whole else (value,)
        return Values(tuple(p for s in sections for p in _section_stated(ctx, s, unit)))
    return C(run, T("list"), compiler.text(node))


def _section_stated(ctx: Ctx, section: Section, unit: str) -> tuple[Stated, ...]:
    """The section's percentages (no unit) or amounts in `unit`, scanned once per document."""
    def scan() -> tuple[Stated, ...]:
        where, at, flat = f"{section.number}、{section.title}", partial(_source_at, ctx, section), flat_text(ctx, section)
        return all_amounts(flat, unit, where, at) if unit else all_percents(flat, where, at)
    return ctx.memo.once((unit or "%", id(section)), section, scan)


def _source_at(ctx: Ctx, section: Section, offset: int) -> Source:
    """The printed line of an offset in the section's flattened text; its line anchors are built once per document."""
    return source_at(_anchored(ctx, section)[1], offset, section.source)


def _anchored(ctx: Ctx, section: Section) -> tuple[str, list]:
    anchored = ctx.memo.anchored  # asked ~500 times per document: its own dict, no key tuple, no closure
    found = anchored.get(id(section))
    if found is None or found[0] is not section:
        found = anchored[id(section)] = (section, line_anchors(section))
    return found[1]


def flat_text(ctx: Ctx, section: Section) -> str:
    """The section's full text, flattened once per document (with its line anchors)."""
    return _anchored(ctx, section)[0]


def _text_probe(probe: Fn) -> Fn:
    def words(ctx: Ctx) -> str:
        kind = probe(ctx)
        return "number" if kind == "text" else kind
    return words


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


_UNSET = object()
_WANTS = {"text_amount": "amount", "text_percent": "percent", "text_change": "direction", "text_reason": "reason"}


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
    var = compiler.loop_var(node.args[0])  # `文中金额(s, …)` in a for-each: s is read in place

    slots = template.slots

    def look_up(ctx: Ctx, section: Section, labels: tuple[str, ...], nth: int) -> tuple[Any, Amount | None]:
        bound = template.bind(dict(zip(slots, labels))) if slots else template
        key = (id(bound), id(section), nth)  # 文中金额 and 文中增减 may ask the same words: one search
        found = ctx.memo.found.get(key, _UNSET)
        if found is _UNSET:
            found = ctx.memo.found[key] = bound.find_flat(flat_text(ctx, section), nth)
        if found is None:
            return None, None
        if want == "reason":
            return found, found.reason or ""
        if want == "amount":
            return found, found.amount
        if want == "percent":
            return found, found.percent
        amount = found.amount or Amount(Decimal(0), Decimal(0), "number")
        return found, amount if found.sign is None else Amount(amount.value * found.sign, amount.tol, "number")

    needles = template.needles

    def hit(ctx: Ctx) -> tuple[Section, Any, Amount | None]:
        section = ctx.vars[var] if var is not None else sec_fn(ctx)
        nth = int(nth_fn(ctx).value) if nth_fn else 1
        if needles:  # most look-ups miss (a section without the template's words): answered before any key is built
            flat = flat_text(ctx, section)
            for word in needles:
                if word not in flat:
                    return section, None, None
        labels = tuple([slot_text(ctx.vars[s]) for s in slots]) if slots else ()
        key = (id(template), want, labels, id(section), nth)  # rules often ask one section for the same words
        found = ctx.memo.found.get(key)
        if found is None:
            found = ctx.memo.found[key] = look_up(ctx, section, labels, nth)
        return section, *found

    def run(ctx: Ctx) -> Amount | str:
        section, found, value = hit(ctx)
        if found is None:
            raise EvalError("E404", section=where, template=template.text)
        if want == "reason":  # the words themselves; the finding quotes the change and its reason
            if ctx.refs is not None:
                ctx.refs.append(CellRef(None, where, None, found.snippet, None, found.snippet,
                                        _source_at(ctx, section, found.start)))
            return value
        assert value is not None
        if ctx.refs is not None:
            ctx.refs.append(CellRef(None, where, None, found.snippet, value.value, found.snippet,
                                    _source_at(ctx, section, found.start)))
        return value

    def probe(ctx: Ctx) -> str:
        """有值/为空 of a look-up: absent words are common, so the fast form answers without raising."""
        try:
            _, found, value = hit(ctx)
        except (EvalError, NotCheckable):
            return "missing"
        return "missing" if found is None else value.kind
    # A traced form probes through `run` (probe_of), which records the look-up as the rule reads it; so do reasons
    # (words, not amounts).
    fast_probe = None if compiler.traced or want == "reason" else probe
    return C(run, TEXT if want == "reason" else NUM, compiler.text(node), fast_probe)
