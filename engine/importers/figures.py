"""Figures a PDF-to-text tool printed on a line of their own, put back into the sentence they belong to.

pdfplumber's `extract_text` groups characters into lines by their top: where digits and quote marks are set in a
font that sits lower than the Chinese text (the Shanghai PDFs), each printed line comes out as two, the words with a
space where each figure stood (`上海市普陀区财政局 年度收入支出总计 万元。`) and then the figures alone
(`2024 2995.39`). The figures go back into the spaces, in order, only where the text itself decides it: as many
spaces as figures (or one figure more, standing first, when the line opens with what follows a figure: `、` `万元`
`年度` …), a space before a unit or a punctuation mark, and the pattern seen on several lines of the document. Any
other line is left as printed."""
from __future__ import annotations

import re

# a figure as these tools print it: an amount, a count, a percentage, a year; quote marks (`”“` between two quoted
# words) and a Latin colon set in the Latin font
_FIGURE = re.compile(r"^(?:[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?|[“”‘’]+|[:;,])$")
# the template's XX left where a figure goes: set in the figures' Latin font, it is printed among them, and goes
# back into its hole as they do (a line's own XX does not make it a table row: only _FIGURE does)
_STANDS_IN = re.compile(r"^[XxＸｘ]{2,}%?$")
# what follows a figure in a sentence: a unit, a year's 年度, a date's 年/月/日, a punctuation mark
_AFTER = re.compile(r"^(?:万元|万$|亿元|元|分(?![类配析])|年度|年(?![初末])|月|日|个(?!人)|人次|批次|人(?![员民事])|项|次|辆|台|套|家|倍|%|％|[、，。；：）)”,.;:])")
_PUNCTUATION = re.compile(r"^[、，。；：）)”,.;:]")
_GAP = re.compile(r"(?<=\S) (?=\S)")
_NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])$")
_MARKS = re.compile(r"^(?:[“”‘’]+|[:;,])$")  # go wherever a space stands: they follow no unit
_LEAST = 3  # lines that must show the pattern before any is mended: a document-wide trait of the tool, not chance


def _figures(raw: str) -> list[str] | None:
    words = raw.split()
    return words if words and all(_FIGURE.match(w) or _STANDS_IN.match(w) for w in words) else None


def _fits(after: str, figure: str) -> bool:
    """A figure standing right before `after`, strictly: an amount or a count before its unit, a percentage before a
    punctuation mark too, a quote mark anywhere."""
    if _MARKS.match(figure):
        return True
    return bool(_AFTER.match(after)) and (figure.endswith("%") or not _PUNCTUATION.match(after))


def _filled(words: str, figures: list[str]) -> tuple[str, list[tuple[int, int]]] | None:
    """The line with its figures back in place, and where each of its characters was printed ((-1, column) in
    `words`, (k, offset) in the k-th figure); None when the text does not decide where they go."""
    line = words.strip()
    if any(_FIGURE.match(w) and not _MARKS.match(w) for w in line.split()):
        return None  # a line with figures of its own is a table row, not a sentence that lost them
    gaps = [m.start() for m in _GAP.finditer(line)]
    lead = []
    if len(gaps) == len(figures) - 1 and (_AFTER.match(line) or figures[0] in "“‘"):
        lead, figures = figures[:1], figures[1:]  # the printed line opened with a figure
    elif len(gaps) == len(figures) + 1 and _NUMBERING.match(line[:gaps[0]]):
        gaps = gaps[1:]  # `第二部分 上海市…`: the space after a heading's number is printed, not a lost figure
    elif len(gaps) == len(figures) + 1:
        # one space too many (`保险费 。年初预算为 万元，支出决算为 万元`): the one fitting way, if only one, where an
        # amount stands before a unit and only a percentage before a punctuation mark
        fits = [gaps[:k] + gaps[k + 1:] for k in range(len(gaps))
                if all(_fits(line[g + 1:], f) for g, f in zip(gaps[:k] + gaps[k + 1:], figures))]
        gaps = fits[0] if len(fits) == 1 else []
    if len(gaps) != len(figures) or not all(_MARKS.match(f) or _AFTER.match(line[g + 1:]) for g, f in zip(gaps, figures)):
        return None
    indent = len(words) - len(words.lstrip())
    out, origin = words[:indent], [(-1, c) for c in range(indent)]
    for k, figure in enumerate(lead):
        out += figure
        origin += [(k, c) for c in range(len(figure))]
    at = 0
    for k, (gap, figure) in enumerate(zip(gaps, figures), start=len(lead)):
        out += line[at:gap] + figure
        origin += [(-1, indent + c) for c in range(at, gap)] + [(k, c) for c in range(len(figure))]
        at = gap + 1
    out += line[at:]
    origin += [(-1, indent + c) for c in range(at, len(line))]
    return out, origin


def _holed(raw: str) -> bool:
    """Words without figures of their own and a space where an amount stood: right before its unit."""
    line = raw.replace("\f", "").strip()
    if not line or any(_FIGURE.match(w) and not _MARKS.match(w) for w in line.split()):
        return False
    return any(_fits(line[m.start() + 1:], "0") for m in _GAP.finditer(line))


def figures_in_place(raws: list[str], furniture: frozenset[int] = frozenset()) -> tuple[list[str], list[int]]:
    """The text's lines with each line of lost figures merged into the line above it (see the module's doc);
    a merged pair becomes one line and an empty one, so line numbers stay those of the file. Also the (1-based)
    lines of the sentences whose figures stay apart: the text did not decide where they go, or too few lines showed
    the pattern to mend any. `furniture`: (1-based) lines that are page numbers or running heads, never figures of a
    sentence nor a sentence (a page number below a sentence with holes is not its amount)."""
    out, apart, _ = figures_traced(raws, furniture)
    return out, apart


def figures_traced(raws: list[str], furniture: frozenset[int] = frozenset()
                   ) -> tuple[list[str], list[int], dict[int, list[tuple[int, int]]]]:
    """figures_in_place, and for each merged line (0-based) where each of its characters stands in `raws`
    ((line, column), both 0-based): what lets a change to the merged sentence be made in the text as printed."""
    mends: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    apart: list[int] = []
    bare: list[int] = []  # sentences with a figure's hole right above a page number: their figures are not printed
    for i in range(1, len(raws)):
        if i + 1 in furniture and i not in furniture and _holed(raws[i - 1]):
            bare.append(i)
        if i in furniture or i + 1 in furniture:
            continue
        figures = _figures(raws[i])
        above = raws[i - 1].lstrip("\f")  # a page's first line keeps its form feed
        if figures is None or "\f" in raws[i] or not above.strip() or _figures(above) is not None:
            continue
        filled = _filled(above, figures)
        if filled is not None:
            head = len(raws[i - 1]) - len(above)
            columns = [m.start() for m in re.finditer(r"\S+", raws[i])]
            trace = [(i - 1, c) for c in range(head)] + [(i - 1, head + c) if k < 0 else (i, columns[k] + c)
                                                         for k, c in filled[1]]
            mends[i - 1] = (raws[i - 1][:head] + filled[0], trace)
        elif not any(_FIGURE.match(w) and not _MARKS.match(w) for w in above.split()):
            apart.append(i + 1)  # words without figures of their own, then figures that could not be put back
    bare = bare if mends or apart else []  # holes count only where the document shows figures set apart
    if len(mends) < _LEAST:  # not mended: those sentences keep their holes too
        return raws, sorted(apart + bare + [i + 2 for i in mends]), {}
    out = list(raws)
    for i, (filled_line, _) in mends.items():
        out[i], out[i + 1] = filled_line, ""
    return out, sorted(apart + bare), {i: trace for i, (_, trace) in mends.items()}
