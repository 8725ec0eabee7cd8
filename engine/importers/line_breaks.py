"""Where a cell's text may break a line: shared by the readers that prove wrapped names by their layout
(name_stack.py, name_pairs.py, code_bands.py).

A cell wraps a line only when it is full, and the common line-break rules keep an opening bracket with the character
after it and a closing bracket or a mark that cannot start a line with the character before. So a piece went on over
the next line only if the smallest part the next piece could start a line with — and end it on — did not fit beside
it: width(piece) + width(cluster(next)) > the column's width. The widest piece printed is no wider than the column, so
a piece that passes this against the widest may have gone on; one that fails cannot have. Also where a code's words
are on a line (name_stack.py and name_pairs.py read the pieces beside it).
"""
from __future__ import annotations

_OPENING = "（([【〔《〈「『“‘｛{"
_NO_START = "）)]】〕》〉」』”’｝}、，。；：？！,.;:?!…·％%"


def printed_width(piece: str) -> float:
    """A piece's printed width in full-width characters (ASCII is half as wide)."""
    return sum(0.5 if ord(c) < 128 else 1.0 for c in piece)


def cluster(piece: str) -> str:
    """The smallest start of a piece a line could begin with and end on: an opening bracket kept with the next
    character, a closing bracket or a mark that cannot start a line kept with the one before."""
    n = 1
    while n < len(piece) and (piece[n - 1] in _OPENING or piece[n] in _NO_START):
        n += 1
    return piece[:n]


def went_on(piece: str, following: str, widest: float) -> bool:
    """Whether a name may go on from `piece` to `following` on the next line: only when the line was full, the
    next piece's first unbreakable part not fitting beside it (`widest`: the widest piece of the column)."""
    return printed_width(piece) + printed_width(cluster(following)) > widest


def code_at(words: list[str], code: str) -> tuple[int, int] | None:
    """Where a code's words are on a line (start, end): as one word, else printed in parts (208 05 05)."""
    for i, word in enumerate(words):
        if word == code:
            return i, i + 1
    for i in range(len(words)):
        joined = ""
        for j in range(i, len(words)):
            joined += words[j]
            if joined == code:
                return i, j + 1
            if not code.startswith(joined):
                break
    return None
