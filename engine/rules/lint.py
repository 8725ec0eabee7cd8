"""`rulebook lint`: every diagnostic of a rulebook, including examples that cannot be set up."""
from __future__ import annotations

from pathlib import Path

from engine.rules.examples import EXPECT, ExampleError, build_document, normalise_example
from engine.diagnostics import Diagnostic
from engine.rules.diagnostics import problem
from engine.rules.loader import load_rulebook


def lint(path: Path | None) -> tuple[list[Diagnostic], int]:
    book = load_rulebook(path, strict=False)
    diagnostics = list(book.diagnostics)
    for rule in book.rules:
        origin = rule.origins.get("examples") or rule.origins.get("id")
        line_text = _line(rule.file, origin.line if origin else rule.line)
        expectations = set()
        for index, raw in enumerate(rule.examples):
            try:
                example = normalise_example(raw)
                expectations.add(EXPECT.get(str(example.get("expect", "")).strip()))
                build_document(rule, example)
            except ExampleError as exc:
                diagnostics.append(problem("E511", origin, line_text, id=rule.id, n=index + 1, reason=str(exc)))
        lacking = [w for w in ("pass", "fail") if w not in expectations]
        if lacking:
            diagnostics.append(problem("W512", origin, line_text, id=rule.id,
                                       lacking="、".join({"pass": "通过", "fail": "不通过"}[w] for w in lacking)))
    return diagnostics, len(book.rules)


def _line(path: Path, line: int) -> str:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return ""
    return lines[line - 1] if 0 < line <= len(lines) else ""
