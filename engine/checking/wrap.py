"""Wrapping report text to a width measured on screen (a CJK character takes two columns: wcwidth), breaking
between CJK characters or at spaces and after 、，；, never inside a number or a Latin word ("76.27", "T21a")."""
from __future__ import annotations

import re

from wcwidth import wcswidth, wcwidth

_TOKENS = re.compile(r"[A-Za-z0-9_.,%±+\-/×÷=≥≤<>()\[\]{}#@'\"→…]+|\s+|.", re.S)
_OPENERS = "「『（《“‘([{"  # kept with what follows
_CLOSERS = "」』）》”’)]}，。；：、！？,.;:!?"  # kept with what precedes


def width(text: str) -> int:
    """Columns the text takes on a terminal (control characters count 0, not -1)."""
    n = wcswidth(text)
    return n if n >= 0 else sum(max(wcwidth(c), 0) for c in text)


def _units(text: str) -> list[str]:
    """Unbreakable pieces: a Latin/number run, one CJK character; an opening bracket joins the next piece and
    closing punctuation the previous one (no line starts with ）or ，)."""
    units: list[str] = []
    carry = ""
    for token in _TOKENS.findall(text):
        if token in _OPENERS:
            carry += token
            continue
        if all(c in _CLOSERS for c in token) and units and not units[-1].isspace() and not carry:
            units[-1] += token
            continue
        units.append(carry + token)
        carry = ""
    if carry:
        units.append(carry)
    return units


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` display columns (a piece longer than a line is cut, the only mid-word break)."""
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line, used = "", 0
        for unit in _units(paragraph):
            w = width(unit)
            if unit.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            if used + w > columns and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            while w > columns:  # a single piece wider than the column: cut it
                cut, taken = "", 0
                for ch in unit:
                    if taken + width(ch) > columns - used:
                        break
                    cut, taken = cut + ch, taken + width(ch)
                lines.append(line + cut)
                line, used, unit = "", 0, unit[len(cut):]
                w = width(unit)
            line, used = line + unit, used + w
        lines.append(line.rstrip())
    return lines


def columns(rows: list[list[str]], headers: list[str], widths: list[int]) -> str:
    """A table like tabulate's "simple" format with each cell wrapped to its column's display width: a header,
    dashes, then the rows, columns two spaces apart, the last column unpadded."""
    def lines_of(row: list[str]) -> list[str]:
        cells = [wrap(str(cell), w) for cell, w in zip(row, widths)]
        out = []
        for i in range(max(len(c) for c in cells)):
            parts = [c[i] if i < len(c) else "" for c in cells]
            out.append("  ".join(p + " " * (w - width(p)) for p, w in zip(parts[:-1], widths)) + "  " + parts[-1])
        return [line.rstrip() for line in out]

    dashes = "  ".join("-" * w for w in widths)
    return "\n".join(lines_of(headers) + [dashes] + [line for row in rows for line in lines_of(row)])


def report_widths(total: int, rule_ids: list[str], places: list[str]) -> list[int]:
    """Rule, name, place, message columns for a screen `total` columns wide (80 and 120 both read well): the
    place column as wide as its longest entry up to 12 (14 on a wide screen), so "第570、563行" stays whole."""
    rule = max([4] + [width(r) for r in rule_ids])
    rest = total - rule - 6  # three gaps of two
    name = max(8, min(20, rest * 2 // 10))
    place = max(4, min(max([4] + [width(p) for p in places]), 14 if total >= 100 else 12))
    return [rule, name, place, max(20, rest - name - place)]
