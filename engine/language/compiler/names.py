"""Compiling literals and names: numbers, percentages, strings, loop variables, definitions, tables, document parts."""
from __future__ import annotations

from typing import Any

from engine.language import nodes as n
from engine.language import resolve
from engine.language.analysis import FORMS, PARTS
from engine.language.compiler.base import Compiler, Shared
from engine.language.compiler.closures import metadata, var_probe
from engine.language.numbers import Amount, half_unit
from engine.language.runtime import CellRef, Ctx, table_view
from engine.language.types import NUM, TEXT, CompiledNode, CompileFailed, Fn, StaticType


def number(compiler: Compiler, node: n.Number) -> CompiledNode:
    value = Amount.exact(node.value)
    fn: Fn = lambda ctx: value  # noqa: E731
    compiler.constants[fn] = value
    return CompiledNode(fn, NUM, compiler.text(node), lambda ctx: "derived")


def percent(compiler: Compiler, node: n.Percent) -> CompiledNode:
    value = Amount(node.value, half_unit(node.value), "number")  # compared at its written precision
    fn: Fn = lambda ctx: value  # noqa: E731
    compiler.constants[fn] = value
    return CompiledNode(fn, NUM, compiler.text(node), lambda ctx: "number")


def _read_stated(ctx: Ctx, value: Any) -> Any:
    """A loop variable over stated numbers (文中所述, 文中所有金额): the finding quotes the words and their line."""
    snippet = getattr(value, "snippet", None)
    if snippet and ctx.refs is not None:
        ctx.refs.append(CellRef(None, value.section, None, snippet, value.value, snippet, value.source))
    return value


def string(compiler: Compiler, node: n.String) -> CompiledNode:
    value = node.value
    return CompiledNode(lambda ctx: value, TEXT, compiler.text(node))


def name(compiler: Compiler, node: n.Name) -> CompiledNode:
    name, text = node.name, compiler.text(node)
    if name in compiler.scope:
        if compiler.scope[name].kind == "num":  # possibly a stated number, cited by its words (_read_stated)
            compiler.plain = False
        if compiler.traced and compiler.scope[name].kind == "num":  # a stated number read in a finding: its words
            return CompiledNode(lambda ctx: _read_stated(ctx, ctx.vars[name]), compiler.scope[name], text,
                                var_probe(name))
        return CompiledNode(lambda ctx: ctx.vars[name], compiler.scope[name], text, var_probe(name))
    if name in compiler.definitions:
        return definition(compiler, node)
    if resolve.is_table(compiler.catalogue, name):
        spec = resolve.table(compiler.catalogue, name)
        compiler.tables.add(spec.id)
        tid = spec.id
        return CompiledNode(lambda ctx: table_view(ctx, tid), StaticType("table", spec), text,
                 lambda ctx: "number" if ctx.doc.table(tid) is not None else "missing")
    if name in resolve.NARRATIVE:
        part = resolve.NARRATIVE[name]
        compiler.read.add(PARTS[part])
        return CompiledNode(lambda ctx: getattr(ctx.doc.narrative, part), StaticType("narrative"), text)
    if name in resolve.FORMS:
        compiler.read.add(FORMS)
        return CompiledNode(lambda ctx: tuple(ctx.doc.attachments), StaticType("forms"), text)
    if name in resolve.METADATA:
        compiler.read.add(name)
        return metadata(name, text)
    document = compiler.functions.document_name(name)
    if document is not None:  # a part of the document the function registry knows how to read (封面, 目录, …)
        compiler.plain = False
        compiler.reading(compiler.functions.document_reads(name), name)
        return document(text)
    names = resolve.global_names(compiler.catalogue, compiler.definitions, compiler.scope,
                                 compiler.functions.document_names())
    raise compiler.fail("E201", node, resolve.suggest(name, names), name=name)


def definition(compiler: Compiler, node: n.Name) -> CompiledNode:
    if node.name in compiler.defining:
        cycle = " → ".join([*compiler.defining[compiler.defining.index(node.name):], node.name])
        raise compiler.fail("E207", node, cycle=cycle)
    if compiler.shared is not None:
        kept = compiler.shared.get(node.name) or _shared(compiler, node.name)
        if kept is not None:
            kept.apply(compiler)
            return CompiledNode(kept.node.fn, kept.node.type, compiler.text(node), kept.node.probe)
    compiler.defining.append(node.name)
    saved, compiler.scope = compiler.scope, {}  # definitions see no loop variables
    before = len(compiler.problems)
    try:
        c = compiler.node(compiler.definitions[node.name])
    except CompileFailed:
        c = None
    finally:
        compiler.scope = saved
        compiler.defining.pop()
    if c is None or len(compiler.problems) > before:
        if not any(p.code == "E207" for p in compiler.problems[before:]):
            del compiler.problems[before:]
            raise compiler.fail("E212", node, name=node.name)
        raise CompileFailed("E207")
    return CompiledNode(c.fn, c.type, compiler.text(node), c.probe)


def _shared(compiler: Compiler, name: str) -> Shared | None:
    """The definition compiled on its own for every rule of the environment; None when it does not compile (the
    ordinary path then reports why, in this rule)."""
    assert compiler.shared is not None
    before = len(compiler.problems)
    compiler.defining.append(name)
    saved, compiler.scope = compiler.scope, {}  # definitions see no loop variables
    try:
        c, recorded, plain = compiler.isolated(lambda: compiler.compile(compiler.definitions[name]))
    finally:
        compiler.scope = saved
        compiler.defining.pop()
    if c is None or len(compiler.problems) > before:
        del compiler.problems[before:]
        return None
    kept = compiler.shared[name] = Shared(c, recorded, plain)
    return kept
