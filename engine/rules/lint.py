"""`rulebook lint`: every diagnostic of a rulebook, including examples that cannot be set up."""
from __future__ import annotations

from pathlib import Path

from engine.rules.examples import EXPECT, ExampleError, build_document, normalise_example
from engine.diagnostics import Diagnostic, Origin
from engine.rules.diagnostics import problem
from engine.rules.loader import load_rulebook


def lint(path: Path | None) -> tuple[list[Diagnostic], int]:
    # the cache (engine/rules/cache.py) holds an error-free rulebook's parse and diagnostics per content: a lint of
    # an unchanged rulebook neither reads, parses nor compiles it; a changed or broken one is read in full
    book = load_rulebook(path, strict=False, cache=True, only=_none)
    diagnostics = list(book.diagnostics)
    texts: dict[Path, list[str]] = {}  # each file's lines, read once

    def _line(path: Path, line: int) -> str:
        if path not in texts:
            try:
                texts[path] = path.read_text("utf-8").splitlines()
            except OSError:
                texts[path] = []
        lines = texts[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    diagnostics.extend(_over_budget_templates(book.rules))
    for rule in book.rules:
        origin = rule.origins.get("examples") or rule.origins.get("id")
        line_text = _line(rule.file, origin.line if origin else rule.line)
        expectations = set()
        invalid = False
        for index, raw in enumerate(rule.examples):
            try:
                example = normalise_example(raw)
                word = str(example.get("expect", "")).strip()
                expected = EXPECT.get(word)
                if expected is None:
                    invalid = True
                    where = _at(rule, raw, ("期望", "expect"))
                    diagnostics.append(problem("E515", where, _line(rule.file, where.line), id=rule.id, n=index + 1,
                                               value=word))
                expectations.add(expected)
                build_document(rule, example)
            except ExampleError as exc:
                where = _at(rule, raw, ())
                diagnostics.append(problem("E511", where, _line(rule.file, where.line), id=rule.id, n=index + 1,
                                           reason=str(exc)))
        lacking = [w for w in ("pass", "fail") if w not in expectations]
        if lacking and not invalid:  # an invalid 期望 is the mistake to show, not the example it seems to lack
            diagnostics.append(problem("W512", origin, line_text, id=rule.id,
                                       lacking="、".join({"pass": "通过", "fail": "不通过"}[w] for w in lacking)))
    return diagnostics, len(book.rules)


def _none(rule) -> bool:
    return False  # lint compiles no rule from the kept trees: their diagnostics are in the entry


def _at(rule, example, keys: tuple[str, ...]) -> Origin:
    """Where in the file an example (or one of its keys' values) stands: the failing example, not the first."""
    marks = getattr(example, "lc", None)
    for key in keys:
        if marks is not None and key in marks.values:
            line, col = marks.values[key]
            return Origin(str(rule.file), line + 1, col + 1)
    if marks is not None and marks.keys:
        line, col = min(marks.keys.values())
        return Origin(str(rule.file), line + 1, col + 1)
    return rule.origins.get("examples") or rule.origins.get("id") or Origin(str(rule.file), rule.line, 1)



def _over_budget_templates(rules) -> list[Diagnostic]:
    """E240: a text template over RE2's budget. Templates compile on their first search (a check never pays for
    the many that no text gets near), so lint compiles every one of them here."""
    from dataclasses import fields

    from engine.diagnostics import make
    from engine.functions.builtins import BUILTINS
    from engine.functions.narrative import TEMPLATE_SLOT, TemplateError, compile_template
    from engine.language import nodes as n
    from engine.language.syntax import parse

    names = {name for fn in BUILTINS if "template" in fn.params for name in fn.names}
    found: list[Diagnostic] = []

    def walk(node, text: str, origin) -> None:
        if isinstance(node, n.Call) and node.func in names and len(node.args) > 1 \
                and isinstance(node.args[1], n.String):
            words = node.args[1].value
            try:  # every {name} not a placeholder is a slot here: a wrong one is the compiler's E232 already
                compile_template(words, frozenset(m.group(1) for m in TEMPLATE_SLOT.finditer(words))).verify()
            except TemplateError as err:
                if err.code == "E240":
                    found.append(make("E240", node.args[1].span, source=text, origin=origin, **err.params))
        for f in fields(node):
            value = getattr(node, f.name)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, n.Node):
                    walk(child, text, origin)

    for rule in rules:
        for key, text in (("expr", rule.expr), ("when", rule.when)):
            if text and "{" in text:
                try:
                    walk(parse(text), text, rule.origins.get(key))
                except Exception:  # noqa: BLE001 - a rule that does not parse is already a diagnostic
                    continue
    return found
