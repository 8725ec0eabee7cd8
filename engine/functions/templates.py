"""Narrative look-ups by template: 文中金额 / 文中百分比 / 文中增减 / 文中原因(章节, "…{金额}万元"[, 第几处]).
The template is the disclosure's literal words (engine/functions/narrative.py); `{r}` in a for-each is the row's name."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.functions.narrative import TEMPLATE_SLOT, Template, TemplateError, compile_template, flatten
from engine.functions.registry import Function
from engine.functions.stated import flat_text, flat_utf8, source_in
from engine.labels import normalise
from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.numbers import Amount
from engine.language.runtime import CellRef, Ctx, EvalError, NotCheckable, OVER_BUDGET, RowItem
from engine.language.types import NUM, TEXT, CompiledNode, kind_zh
from engine.model import Section


def slot_text(value: Any) -> str:
    """What `{r}` stands for in a template: a row's label without its numbering, a form's project name."""
    if isinstance(value, RowItem):
        return normalise(value.row.label)
    return str(getattr(value, "project", value))


def _contains_all(text: str, words: tuple[str, ...]) -> bool:
    for word in words:
        if word not in text:
            return False
    return True


_UNSET = object()
_WANTS = {"text_amount": "amount", "text_percent": "percent", "text_change": "direction", "text_reason": "reason"}


def section_and_template(compiler: Compiler, node: n.Call, variables: frozenset[str] = frozenset()
                         ) -> tuple[CompiledNode, n.String, Template]:
    """The (章节, "模板") arguments every template function takes, checked when the rule is compiled."""
    sec = compiler.node(node.args[0])
    if sec.type.kind != "section":
        raise compiler.fail("E206", node.args[0], what=node.func, expected="情况说明章节", got=kind_zh(sec.type.kind))
    literal = node.args[1]
    if not isinstance(literal, n.String):
        raise compiler.fail("E234", literal)
    # only the loop variables the template names: the same words in another rule's scope are the same Template,
    # so their searches and answers are shared within a document
    named = variables & frozenset(m.group(1) for m in TEMPLATE_SLOT.finditer(flatten(literal.value)))
    try:
        return sec, literal, compile_template(literal.value, named)
    except TemplateError as err:
        raise compiler.fail(err.code, literal, **err.params) from None


def _text_call(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    sec, literal, template = section_and_template(compiler, node, frozenset(compiler.scope))
    want = _WANTS[fn.name]
    if want not in template.wants or (want == "direction" and "amount" not in template.wants):
        raise compiler.fail("E233", literal, template=literal.value)
    nth_fn = compiler.num(node.args[2], node.func).fn if len(node.args) > 2 else None
    sec_fn, where = sec.fn, compiler.text(node.args[0])
    var = compiler.loop_var(node.args[0])  # `文中金额(s, …)` in a for-each: s is read in place

    slots = template.slots

    def look_up(ctx: Ctx, section: Section, labels: tuple[str, ...], nth: int) -> tuple[Section, Any, Any]:
        key = (id(template), labels, id(section), nth)  # 文中金额 and 文中增减 may ask the same words: one search
        found = ctx.memo.found.get(key, _UNSET)
        if found is _UNSET:
            text, data = flat_text(ctx, section), flat_utf8(ctx, section)
            found = ctx.memo.found[key] = (template.find_labelled(labels, text, nth, data) if slots
                                           else template.find_flat(text, nth, data))
        if found is None:
            return section, None, None
        if want == "reason":
            return section, found, found.reason or ""
        if want == "amount":
            return section, found, found.amount
        if want == "percent":
            return section, found, found.percent
        amount = found.amount or Amount(Decimal(0), Decimal(0), "number")
        return section, found, amount if found.sign is None else Amount(amount.value * found.sign, amount.tol, "number")

    needles = template.needles
    # This document's answers to the template read as `want`, shared by every rule and element that asks it:
    # id(section) -> (section, None, None) when the section lacks the template's literal words (most do), else a
    # dict from the slots' labels and the n-th (just n when the template has no slot) to (section, found, value).
    # An element's look-up is then two dict look-ups; a search runs once per (words, section) and document.
    answers_key = ("template", id(template), want)

    def hit(ctx: Ctx) -> tuple[Section, Any, Any]:  # the words found and their amount, or the reason's text
        section = ctx.vars[var] if var is not None else sec_fn(ctx)
        nth = int(nth_fn(ctx).value) if nth_fn else 1
        memo = ctx.memo.found
        answers = memo.get(answers_key)
        if answers is None:
            answers = memo[answers_key] = {}
        in_section: Any = answers.get(id(section))
        if in_section is None:
            present = not needles or _contains_all(flat_text(ctx, section), needles)
            in_section = answers[id(section)] = {} if present else (section, None, None)
        if type(in_section) is tuple:
            return in_section
        if not slots:
            found: tuple[Section, Any, Any] | None = in_section.get(nth)
            if found is None:
                found = in_section[nth] = look_up(ctx, section, (), nth)
            return found
        labels = tuple([slot_text(ctx.vars[s]) for s in slots])
        found = in_section.get((labels, nth))
        if found is None:
            found = in_section[(labels, nth)] = look_up(ctx, section, labels, nth)
        return found

    def run(ctx: Ctx) -> Any:  # an Amount, or a reason's words
        section, found, value = hit(ctx)
        if found is None:
            raise EvalError("E404", section=where, template=template.text)
        if want == "reason":  # the words themselves; the finding quotes the change and its reason
            if ctx.refs is not None:
                ctx.refs.append(CellRef(None, where, None, found.snippet, None, found.snippet,
                                        source_in(ctx, section, found.start)))
            return value
        if value is None:  # the words matched without the figure (an optional one: "持平" after {增减}): not stated
            raise EvalError("E404", section=where, template=template.text)
        if ctx.refs is not None:
            ctx.refs.append(CellRef(None, where, None, found.snippet, value.value, found.snippet,
                                    source_in(ctx, section, found.start)))
        return value

    def probe(ctx: Ctx) -> str:
        """有值/为空 of a look-up: absent words are common, so the fast form answers without raising."""
        try:
            _, found, value = hit(ctx)
        except EvalError as err:
            if err.code == OVER_BUDGET:
                raise
            return "missing"
        except NotCheckable:
            return "missing"
        return "missing" if found is None or value is None else value.kind
    # A traced form probes through `run` (probe_of), which records the look-up as the rule reads it; so do reasons
    # (words, not amounts).
    fast_probe = None if compiler.traced or want == "reason" else probe
    return CompiledNode(run, TEXT if want == "reason" else NUM, compiler.text(node), fast_probe)


_PARAMS = ("section", "template", "num")
FUNCTIONS = (
    Function("text_amount", ("text_amount", "文中金额"), _PARAMS, "num",
             "章节中模板 {金额} 处印出的金额（可选：第几处）", "the amount printed at the template's {金额} in a section "
             "(optionally: the n-th match)", optional=1, hook=_text_call,
             reads=(), example="文中金额(情况说明.一, \"收入总计{金额}万元\")"),
    Function("text_percent", ("text_percent", "文中百分比"), _PARAMS, "num",
             "章节中模板 {%} 处印出的百分比", "the percentage printed at the template's {%}", optional=1, hook=_text_call,
             reads=(), example="文中百分比(情况说明.一, \"增长{%}\")"),
    Function("text_change", ("text_change", "文中增减"), _PARAMS, "num",
             "模板 {增减}{金额} 处的金额，减少为负", "the amount at {增减}{金额}, negative for a decrease", optional=1,
             hook=_text_call,
             reads=(), example="文中增减(情况说明.一, \"收入总计{增减}{金额}万元\")"),
    Function("text_reason", ("text_reason", "文中原因"), _PARAMS, "text",
             "模板 {原因} 处直到句末的原因文字", "the reason's words at the template's {原因}, up to the sentence's end",
             optional=1, hook=_text_call,
             reads=(), example="文中原因(情况说明.一, \"主要原因是{原因}\")"),
)
