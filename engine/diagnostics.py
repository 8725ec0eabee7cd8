"""Diagnostics as data (code, span, Chinese and English text) and their rendering with width-aware carets."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from engine.messages import MESSAGES
from engine.language.nodes import Span

TAB_WIDTH = 4
_SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "信息"},
             "en": {"error": "error", "warning": "warning", "info": "info"}}
_HINT = {"zh": "提示：", "en": "hint: "}
_NO_FILE = {"zh": "<规则>", "en": "<rule>"}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where the expression text starts in its file (1-based line and column, in characters)."""
    file: str | None = None
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: str
    message_zh: str
    message_en: str
    hint_zh: str = ""
    hint_en: str = ""
    span: Span = (0, 0)
    source: str = ""                       # the expression text the span points into
    origin: Origin = field(default_factory=Origin)
    line_text: str | None = None           # the file line where the expression starts, if embedded

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def hint(self, lang: str = "zh") -> str:
        return self.hint_en if lang == "en" else self.hint_zh

    def located(self, origin: Origin, line_text: str | None = None) -> Diagnostic:
        """The same diagnostic, placed in a file: `origin` is where its expression starts."""
        return replace(self, origin=origin, line_text=line_text)

    def position(self) -> tuple[int, int]:
        """(line, column) in the file of the start of the bad span, 1-based."""
        return _file_position(self.source, self.origin, self.span[0])

    def to_dict(self) -> dict[str, Any]:
        line, column = self.position()
        end_line, end_column = _file_position(self.source, self.origin, self.span[1])
        return {"code": self.code, "severity": self.severity,
                "message_zh": self.message_zh, "message_en": self.message_en,
                "hint_zh": self.hint_zh, "hint_en": self.hint_en,
                "span": list(self.span), "source": self.source, "file": self.origin.file,
                "line": line, "column": column, "end_line": end_line, "end_column": end_column}


class DiagnosticError(Exception):
    """Raised with one or more diagnostics; str() is the Chinese rendering."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(render(d) for d in self.diagnostics))

    def located(self, origin: Origin, line_text: str | None = None) -> DiagnosticError:
        return DiagnosticError([d.located(origin, line_text) for d in self.diagnostics])


class _Keep(dict[str, Any]):
    """format_map helper: a missing placeholder stays visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_message(template: str, params: dict[str, Any]) -> str:
    return template.format_map(_Keep(params))


def _fill_hint(template: str, params: dict[str, Any]) -> str:
    # a hint whose facts are missing (e.g. no suggestion found) is better left out
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return ""


def make(code: str, span: Span, *, source: str = "", origin: Origin | None = None,
         line_text: str | None = None, severity: str | None = None, **params: Any) -> Diagnostic:
    """Build a diagnostic from the message table; `params` fill the {placeholders}."""
    msg = MESSAGES[code]
    return Diagnostic(code=code, severity=severity or msg.severity,
                      message_zh=fill_message(msg.zh, params), message_en=fill_message(msg.en, params),
                      hint_zh=_fill_hint(msg.hint_zh, params), hint_en=_fill_hint(msg.hint_en, params),
                      span=span, source=source, origin=origin or Origin(), line_text=line_text)


# --- rendering ------------------------------------------------------------------------------------

def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _advance(column: int, ch: str) -> int:
    if ch == "\t":
        return column + TAB_WIDTH - column % TAB_WIDTH
    return column + char_width(ch)


def expand(line: str) -> str:
    """The line as displayed: tabs become spaces up to the next tab stop."""
    out, column = [], 0
    for ch in line:
        nxt = _advance(column, ch)
        out.append(" " * (nxt - column) if ch == "\t" else ch)
        column = nxt
    return "".join(out)


def display_column(line: str, index: int) -> int:
    """Display columns taken by line[:index] (wide characters 2, tabs to the next stop)."""
    column = 0
    for ch in line[:index]:
        column = _advance(column, ch)
    return column


def _file_position(source: str, origin: Origin, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(source)))
    row = source.count("\n", 0, offset)
    line_start = source.rfind("\n", 0, offset) + 1
    # later lines of a `|` block sit at the same indentation as the first
    return origin.line + row, origin.column + (offset - line_start)


def _source_line(diag: Diagnostic, offset: int) -> tuple[str, int]:
    """The file line holding `offset` and the index of `offset` in it."""
    source = diag.source
    row = source.count("\n", 0, offset)
    start = source.rfind("\n", 0, offset) + 1
    end = source.find("\n", start)
    expr_line = source[start:] if end < 0 else source[start:end]
    indent = diag.origin.column - 1
    if row == 0 and diag.line_text is not None:
        full = diag.line_text.rstrip("\r\n")
    else:
        full = " " * indent + expr_line
    return full, indent + (offset - start)


def render(diag: Diagnostic, lang: str = "zh") -> str:
    """`file:line:col: 错误 E201 message`, the source line, carets under the whole span, and the hint."""
    lang = "en" if lang == "en" else "zh"
    line, column = diag.position()
    where = f"{diag.origin.file or _NO_FILE[lang]}:{line}:{column}"
    head = f"{where}: {_SEVERITY[lang].get(diag.severity, diag.severity)} {diag.code} {diag.message(lang)}"
    lines = [head]
    if diag.source:
        start = max(0, min(diag.span[0], len(diag.source)))
        end = max(start, min(diag.span[1], len(diag.source)))
        newline = diag.source.find("\n", start)
        if newline >= 0:
            end = min(end, newline)  # underline only the first line of a multi-line span
        text, index = _source_line(diag, start)
        left = display_column(text, index)
        right = display_column(text, index + (end - start))
        gutter = " " * len(str(line))
        lines += [f"{gutter} |",
                  f"{line} | {expand(text)}".rstrip(),
                  f"{gutter} | {' ' * left}{'^' * max(1, right - left)}"]
        hint = diag.hint(lang)
        if hint:
            lines.append(f"{gutter} = {_HINT[lang]}{hint}")
    elif diag.hint(lang):
        lines.append(f"  = {_HINT[lang]}{diag.hint(lang)}")
    return "\n".join(lines)
