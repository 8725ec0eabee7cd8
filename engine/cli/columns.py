"""Plain aligned columns by display width: listings that must start fast (no tabulate, no pydantic)."""
from __future__ import annotations


def aligned(rows: list[list[str]], headers: list[str]) -> str:
    """Columns padded by display width (CJK counts 2), last column unpadded: a listing that starts fast."""
    from engine.diagnostics import char_width

    def width(text: str) -> int:
        return sum(char_width(c) for c in text)

    table = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in table) for i in range(len(headers) - 1)]
    rule = ["-" * w for w in widths] + ["-" * width(headers[-1])]
    return "\n".join("  ".join(cell + " " * (widths[i] - width(cell)) if i < len(widths) else cell
                               for i, cell in enumerate(row)).rstrip()
                     for row in [table[0], rule] + table[1:])
