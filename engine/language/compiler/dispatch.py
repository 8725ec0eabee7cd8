"""The dispatch table: which function compiles each node type. A node type missing here is reported (E208)."""
from __future__ import annotations

from typing import Mapping

from engine.catalogue import Catalogue
from engine.language import nodes as n
from engine.language.compiler import calls, loops, members, names, operators, selectors
from engine.language.compiler.base import Compiler, FunctionTable, Handler, Shared

HANDLERS: Mapping[type[n.Node], Handler] = {
    n.Number: names.number,
    n.Percent: names.percent,
    n.String: names.string,
    n.Name: names.name,
    n.Member: members.member,
    n.Index: selectors.index,
    n.Call: calls.call,
    n.Unary: operators.unary,
    n.Binary: operators.binary,
    n.Compare: operators.compare,
    n.Logical: operators.logical,
    n.Not: operators.not_,
    n.If: operators.if_,
    n.ForAll: loops.forall,
}


def new_compiler(catalogue: Catalogue, definitions: Mapping[str, n.Node], functions: FunctionTable, *, traced: bool,
                 steps: bool = True, shared: dict[str, Shared] | None = None) -> Compiler:
    """A compiler for one rule: `traced` records texts and cells read (for findings), `steps` every sub-expression's
    value too (for explaining); `shared`: definitions' fast forms compiled once for every rule (Environment.shared)."""
    return Compiler(catalogue, definitions, functions, HANDLERS, traced, steps, shared)
