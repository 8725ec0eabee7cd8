"""Before recognition: traditional characters to simplified, full-width digits and signs to ASCII.

Traditional → simplified uses OpenCC's maintained conversion tables (opencc-python-reimplemented, pure Python):
a hand-written table would miss characters and phrases (後→后 but 皇后 stays), and OpenCC is the table the
Chinese-language world maintains. A text is converted only when it really is in traditional characters, so a
simplified text is never touched (t2s is not the identity on every simplified phrase).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from engine.importers.lines import SourceLine
from engine.said import say

# Full-width digits, decimal point, percent, minus, comma between digits, ideographic space.
_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "％": "%", "－": "-",
                        "\u3000": " "})
_DIGIT_COMMA = re.compile(r"(?<=\d)，(?=\d{3}(?:\D|$))")
_MIN_TRADITIONAL = 8  # distinct traditional-only characters before a text counts as traditional
_SHARE = 0.03  # … and at least this share of its distinct CJK characters


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """Characters OpenCC's TSCharacters table converts to a different simplified character."""
    from pathlib import Path

    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    out = set()
    for line in table.read_text("utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values and key not in values.split():
            out.add(key)
    return frozenset(out)


def is_traditional(text: str) -> bool:
    chars = {c for c in text if "\u4e00" <= c <= "\u9fff"}
    if not chars:
        return False
    changed = len(chars & _traditional_only())
    return changed >= _MIN_TRADITIONAL and changed >= _SHARE * len(chars)


def _width(text: str) -> str:
    return _DIGIT_COMMA.sub(",", text.translate(_WIDTH)) if text else text


def normalise_lines(lines: list[SourceLine]) -> tuple[list[SourceLine], list[str]]:
    """The lines in simplified characters and ASCII digits, and what was changed (for the import notes)."""
    notes: list[str] = []
    whole = "\n".join("\t".join(line.cells) for line in lines)
    convert = None
    if is_traditional(whole):
        convert = _converter().convert
        notes.append(say("I109"))
    wide = any(ch in whole for ch in "０１２３４５６７８９．％")
    if wide:
        notes.append(say("I110"))
    if convert is None and not wide and "\u3000" not in whole:
        return lines, notes
    out = []
    for line in lines:
        cells = [_width(convert(c) if convert and c else c) for c in line.cells]
        out.append(replace(line, cells=cells))
    return out, notes
