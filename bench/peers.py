"""The peers: simpleeval (Decimal) and json-logic run the 40 workload rules of bench/peer_rules.py.

Each peer compiles its rule texts once and, per document, reads the JSON text, builds the flat dict (bench/flat.py)
and evaluates every rule: the same work as the floor, through the peer's interpreter. A rule's verdict is the
string its expression returns; a missing table or row raised by a domain function becomes not_checkable / error
exactly as in the floor.
"""
from __future__ import annotations

import ast
import json

from bench import floor
from bench.flat import view
from bench.peer_rules import TEXTS, Domain


def _verdict(run, rid: str) -> str:
    try:
        return run(rid)
    except floor.Missing:
        return "not_checkable"
    except floor.NoRow:
        return "error"


class SimpleEvalPeer:
    name = "simpleeval (Decimal)"

    def __init__(self) -> None:
        from simpleeval import EvalWithCompoundTypes

        self.domain = Domain()
        self.ev = EvalWithCompoundTypes(functions=self.domain.functions())
        self.parsed = {rid: self.ev.parse(text) for rid, text in TEXTS.items()}

    def run_all(self, text: str | bytes) -> dict[str, str]:
        self.domain.use(view(json.loads(text)))
        ev, parsed = self.ev, self.parsed
        return {rid: _verdict(lambda r: ev.eval(TEXTS[r], previously_parsed=parsed[r]), rid) for rid in parsed}


def to_json_logic(node: ast.AST) -> object:
    """A rule's Python-syntax tree as json-logic: calls are operations, comprehensions map/filter, `x if c else y`
    is `if`; the comprehension variable is the item (`{"var": ""}`)."""
    if isinstance(node, ast.Expression):
        return to_json_logic(node.body)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return {"var": ""}
    if isinstance(node, ast.List):
        return [to_json_logic(e) for e in node.elts]
    if isinstance(node, ast.Call):
        return {node.func.id: [to_json_logic(a) for a in node.args]}
    if isinstance(node, ast.IfExp):
        return {"if": [to_json_logic(node.test), to_json_logic(node.body), to_json_logic(node.orelse)]}
    if isinstance(node, ast.ListComp):
        (gen,) = node.generators
        items = to_json_logic(gen.iter)
        for cond in gen.ifs:
            items = {"filter": [items, to_json_logic(cond)]}
        return {"map": [items, to_json_logic(node.elt)]}
    raise ValueError(f"not translatable to json-logic: {ast.dump(node)}")


class JsonLogicPeer:
    name = "json-logic (panzi-json-logic)"

    def __init__(self) -> None:
        from json_logic import builtins

        self.domain = Domain()
        ops = dict(builtins.BUILTINS)
        for fname, fn in self.domain.functions().items():
            ops[fname] = (lambda f: lambda data, *args: f(*args))(fn)
        self.ops = ops
        self.logic = {rid: to_json_logic(ast.parse(text, mode="eval")) for rid, text in TEXTS.items()}
        json.dumps(self.logic, ensure_ascii=False)  # every rule is plain JSON data

    def run_all(self, text: str | bytes) -> dict[str, str]:
        from json_logic import jsonLogic

        self.domain.use(view(json.loads(text)))
        ops, logic = self.ops, self.logic
        return {rid: _verdict(lambda r: jsonLogic(logic[r], None, ops), rid) for rid in logic}


def to_cel(node: ast.AST) -> str:
    """The same tree as CEL text: comprehensions become the `map`/`filter` macros, `x if c else y` is `c ? x : y`."""
    if isinstance(node, ast.Expression):
        return to_cel(node.body)
    if isinstance(node, ast.Constant):
        return json.dumps(node.value, ensure_ascii=False)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.List):
        return "[" + ", ".join(map(to_cel, node.elts)) + "]"
    if isinstance(node, ast.Call):
        return f"{node.func.id}(" + ", ".join(map(to_cel, node.args)) + ")"
    if isinstance(node, ast.IfExp):
        return f"({to_cel(node.test)} ? {to_cel(node.body)} : {to_cel(node.orelse)})"
    if isinstance(node, ast.ListComp):
        (gen,) = node.generators
        var, items = gen.target.id, to_cel(gen.iter)
        for cond in gen.ifs:
            items = f"{items}.filter({var}, {to_cel(cond)})"
        return f"{items}.map({var}, {to_cel(node.elt)})"
    raise ValueError(f"not translatable to CEL: {ast.dump(node)}")


class CelPeer:
    """cel-python: the rule texts compiled once to CEL programs; the domain functions registered with it (CEL has
    no decimal type, so amounts stay (Decimal, Decimal) tuples that only the functions look into)."""

    name = "cel-python"

    def __init__(self) -> None:
        import celpy
        from celpy import celtypes

        self.domain = Domain()
        fns = self.domain.functions()
        for pred in ("has", "sangong", "filled"):  # CEL's ?: and filter take CEL booleans only
            fns[pred] = (lambda f: lambda *a: celtypes.BoolType(f(*a)))(fns[pred])
        env = celpy.Environment()
        self.texts = {rid: to_cel(ast.parse(text, mode="eval")) for rid, text in TEXTS.items()}
        self.programs = {rid: env.program(env.compile(text), functions=fns) for rid, text in self.texts.items()}
        self.error = celpy.CELEvalError

    def _run(self, rid: str) -> str:
        try:
            return str(self.programs[rid].evaluate({}))
        except self.error as exc:  # a domain function's exception arrives wrapped: unwrap it for the verdict
            for cause in (exc.__cause__, *exc.args, *(a for x in exc.args if isinstance(x, tuple) for a in x)):
                if isinstance(cause, (floor.Missing, floor.NoRow)):
                    raise cause from None
            raise

    def run_all(self, text: str | bytes) -> dict[str, str]:
        self.domain.use(view(json.loads(text)))
        return {rid: _verdict(self._run, rid) for rid in self.programs}


PEERS = (SimpleEvalPeer, JsonLogicPeer, CelPeer)
