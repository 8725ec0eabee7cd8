"""文中各处金额(章节, 模板): every amount a template matches in a section, in order (the items a narrative lists one by
one, e.g. each 项's 年初预算), each with the words and line that state it, so a rule can add them up."""
from __future__ import annotations

from functools import partial

from engine.functions.narrative import compile_template
from engine.functions.registry import Function
from engine.functions.stated import SourceAt, Stated, flat_text, source_in
from engine.functions.templates import section_and_template
from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.runtime import Ctx, Values
from engine.language.types import CompiledNode, StaticType
from engine.model import Section


def all_matches(flat: str, template_text: str, section: str, source_at: SourceAt) -> tuple[Stated, ...]:
    """The amounts at the template's {金额} in every non-overlapping match, in printed order."""
    template = compile_template(template_text)
    out: list[Stated] = []
    nth, data = 1, flat.encode()
    while (found := template.find_flat(flat, nth, data)) is not None:
        if found.amount is not None:
            out.append(Stated(found.amount.value, found.amount.tol, "number", snippet=found.snippet,
                              section=section, source=source_at(found.start)))
        nth += 1
    return tuple(out)


def _call(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    sec, literal, template = section_and_template(compiler, node)
    if "amount" not in template.wants:
        raise compiler.fail("E233", literal, template=literal.value)
    sec_fn, words = sec.fn, literal.value

    def run(ctx: Ctx) -> Values:
        section: Section = sec_fn(ctx)

        def scan() -> tuple[Stated, ...]:
            where = f"{section.number}、{section.title}"
            return all_matches(flat_text(ctx, section), words, where, partial(source_in, ctx, section))
        found: tuple[Stated, ...] = ctx.memo.once(("各处", words, id(section)), section, scan)
        return Values(found)
    return CompiledNode(run, StaticType("list"), compiler.text(node))


FUNCTIONS = (
    Function("text_amounts_at", ("text_amounts_at", "文中各处金额"), ("section", "template"), "list",
             "章节中模板 {金额} 处印出的每一个金额（按印出的顺序）",
             "every amount printed at the template's {金额} in a section, in printed order",
             hook=_call,
             reads=(), example="文中各处金额(情况说明.五.三, \"年初预算{金额}万元\")"),
)
