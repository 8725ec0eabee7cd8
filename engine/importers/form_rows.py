"""A 项目支出绩效自评表 printed without cell boundaries (single spaces, or one cell a line) → its rows, by its labels.

Such text leaves no trace of where a cell ends or that a cell was empty. The form says what it is by its labels:
its fields are label → value pairs (项目名称, 主管部门, 实施单位, 绩效自评评价年度, 项目执行情况, 总分, 自评结论), its
funds label → amount pairs under 预算金额 / 到位金额 / 执行金额, and its indicator grid rows start at 指标N (after
their 一级 / 二级 labels). The cells come back as the form's reader (forms.py) takes them from tabs. In a grid row the
cells after 指标N are, in print order, name, target, actual, reason and score: a trailing bare number is the score,
the others fill in order: cells left empty are taken to be the last ones, the reason and the score (a form leaves
them empty when the target is met, or before it is scored). A row with more words than cells (single spaces inside a
cell), with only one value after the name, or with a bare number right after the target (the completed value, or
the score with the completed value empty?) has no knowable cell boundaries: it is handed on with every way it may
stand (SourceLine.possible; the form's `ambiguous`, judged reading by reading in the check), or, when those are more
than CAP, listed as unread and the form then partly read.

Two premises of this reader, for every row alike (a form breaking them is read wrong, not flagged): with single
spaces, an indicator's name is the first word after 指标N (a name with a space inside is cut there; where text.py
joined the name to a year, an amount or a percentage after it, each run of its parts is tried); one cell a line, a
line is one cell (a cell wrapped onto two lines is read as two)."""
from __future__ import annotations

import re
from itertools import combinations, combinations_with_replacement
from math import comb

from engine.importers.amounts import FORM_AMOUNT
from engine.importers.lines import SourceLine
from engine.importers.text import GLUED
from engine.labels import normalise

_MARKER = re.compile(r"^指标\s*\d+$")
_UNIT = re.compile(r"^[（(][^）)]*[）)]$")  # `(万元)` printed after its label
_CUT = re.compile(r"^\d[\d,]*\.$")  # `52.` of `52. 03`
_AMOUNT = FORM_AMOUNT
_SCORE = re.compile(r"^\d+(?:\.\d+)?$")
_FUND = re.compile(r"^(?:项目)?(?:实际)?(?:预算|到位|执行)金额")  # 项目预算金额, 实际到位金额, 实际执行金额
# labels that start a row of their own; their value is the words up to the next row
_FIELDS = ("项目名称", "项目负责人", "联系电话", "主管部门", "实施单位", "项目起止时间", "绩效自评评价年度",
           "项目执行情况", "总分", "自评结论", "主要经验做法", "存在问题与整改措施", "评价人员", "项目预期绩效目标",
           "填报人", "填报日期", "单位（盖章）")
_GRID_HEAD = {"一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施", "自评得分"}
GRID_CELLS = 5  # after 指标N: name, target, actual, reason, score


def unbounded(lines: list[SourceLine]) -> bool:
    """Is this form printed without cell boundaries (text whose cells no tab or column keeps apart)?"""
    return bool(lines) and all(line.starts == () for line in lines)


def _field(word: str) -> str | None:
    key = normalise(word)
    return next((f for f in _FIELDS if key.startswith(normalise(f))), None)


def _level(word: str) -> bool:
    """一级 / 二级 indicator labels: 产出指标, 数量指标, 服务对象满意度指标 (not 指标1, not the grid's heading)."""
    key = normalise(word)
    return key.endswith("指标") and len(key) <= 10 and not _MARKER.match(key) and key not in _GRID_HEAD


def one_cell_a_line(lines: list[SourceLine]) -> bool:
    """One cell a line: a field's label on a line of its own more often than followed by its value."""
    fields = [line.text.split() for line in lines if _field(line.text)]
    return sum(len(f) == 1 for f in fields) > sum(len(f) > 1 for f in fields)


def _words(lines: list[SourceLine]) -> list[tuple[str, SourceLine]]:
    """Every printed word with its line. One cell a line (a field's label on a line of its own more often than
    followed by its value): each line is a word. Single spaces: each line split at its spaces, a unit in brackets
    staying with its label and a cut amount (`52. 03`) whole."""
    one_cell = one_cell_a_line(lines)
    out: list[tuple[str, SourceLine]] = []
    for line in lines:
        for part in ([line.text] if one_cell else _split(line.text)) if not line.blank else []:
            if out and out[-1][1] is line and (_UNIT.match(part) or (_CUT.match(out[-1][0]) and part.isdigit())):
                out[-1] = (f"{out[-1][0]} {part}", line)
            else:
                out.append((part, line))
    return out


# a label before a space, the line's end or a figure (绩效自评评价年度2024年: text.py drops the typesetting space)
_SPACED_FIELDS = [re.compile(r"\s*".join(map(re.escape, f)) + r"(?=\s|$|\d)") for f in _FIELDS]


def _split(text: str) -> list[str]:
    """A single-spaced line → words; a field's label printed with spaces between its characters (总 分) one word,
    and a label run into its figure (…年度2024年) a word apart from it."""
    head = next((m for pattern in _SPACED_FIELDS if (m := pattern.match(text))), None)
    return [text[:head.end()], *text[head.end():].split()] if head else text.split()


def unglued(word: str) -> list[str]:
    """An indicator row's word cut where text.py joined a CJK character to the quantity after it (`时间 2024年` →
    `时间2024年`, `率 95.5%`: a PDF's typesetting space), a space that in an indicator row may have been a cell
    boundary (`培训完成时间 2024年年底之前`): the row's readings then decide."""
    return [part for part in GLUED.split(word) if part]


def rows(lines: list[SourceLine]) -> tuple[list[SourceLine], list[int]]:
    """The form's lines (its title first) → rows of cells as tabs would print them, and the lines of grid rows whose
    cells cannot be told apart."""
    one_cell = one_cell_a_line(lines[1:])
    words = _words(lines[1:])
    out: list[SourceLine] = [lines[0]]
    unclear: list[int] = []
    funds = 0
    i = 0
    while i < len(words):
        word, line = words[i]
        field = _field(word)
        if _FUND.match(normalise(word)):  # the funds: label → amount, three to a row
            row, i = _take(words, i, lambda w: _FUND.match(normalise(w)) is not None or _AMOUNT.match(w) is not None
                           or bool(_UNIT.match(w)))
            funds = sum(1 for w in row if _FUND.match(normalise(w)))
            out.append(_line(row, line))
        elif funds and field is None and not _level(word) and not _MARKER.match(normalise(word)) \
                and normalise(word) not in _GRID_HEAD:
            # a 其中 row of the funds: as many labels as there are funds, each with its amount, if printed
            row = [word]
            i += 1
            while i < len(words) and (_AMOUNT.match(words[i][0]) or sum(1 for w in row if not _AMOUNT.match(w)) < funds) \
                    and _field(words[i][0]) is None and not _FUND.match(normalise(words[i][0])):
                row.append(words[i][0])
                i += 1
            out.append(_line(row, line))
        elif normalise(word) in _GRID_HEAD:
            funds = 0
            row, i = _take(words, i, lambda w: normalise(w) in _GRID_HEAD)
            out.append(_line(row, line))
        elif _level(word) or _MARKER.match(normalise(word)):
            funds = 0
            levels = []
            while i < len(words) and _level(words[i][0]):
                levels.append(words[i][0])
                i += 1
            if i >= len(words) or not _MARKER.match(normalise(words[i][0])):
                out.append(_line(levels, line))  # a level label with no indicator: forms.py says so
                continue
            marker = words[i][0]
            i += 1
            cells: list[str] = []
            while i < len(words) and not _starts_row(words[i][0]):
                cells.append(words[i][0])
                i += 1
            printed = list(cells)
            names = name_prefixes(cells[0]) if cells and not one_cell else []
            score = cells.pop() if cells and _SCORE.match(cells[-1]) and (len(cells) >= 4 or len(cells) == 1) else ""
            open_ = len(cells) > GRID_CELLS - 1 or len(printed) == 2 or (len(printed) == 3 and _SCORE.match(cells[-1])) \
                or len(names) > 1
            if len(cells) > GRID_CELLS - 1:
                cells = cells[:3] + [" ".join(cells[3:])]
            # else a lone value (target or completed?), or a bare number after the target (completed value or score?)
            cells += [""] * (GRID_CELLS - 1 - len(cells))
            possible: tuple = ()
            if open_:
                names = names or printed[:1]
                ways = [(name, printed[1:] if k == len(names) - 1 else [*unglued(printed[0])[k + 1:], *printed[1:]])
                        for k, name in enumerate(names)]
                own = (*cells, score)  # the reader's own cells, as laid out here: the first reading
                if sum(count(rest, one_cell) for _, rest in ways) <= CAP:
                    every = [r for name, rest in ways for r in readings(rest, name, one_cell)]
                    possible = (own, *(r for r in every if r != own)) if own in every else ()
                if not possible:  # too many ways to list, or none the reader's own is (one cell a line, more lines
                    unclear.append(line.line)  # than cells): the row stays unread, the form partly read (I24)
            out.append(_line([*(levels + [""] * 2)[:2], marker, *cells, score], line, keep_empty=True, possible=possible))
        else:
            funds = 0 if field else funds
            row = [word]
            i += 1
            while i < len(words) and not _starts_row(words[i][0]):
                row.append(words[i][0])
                i += 1
            # a field's value is the rest of its row, spaces and all (a project name, the 自评结论)
            out.append(_line([row[0], " ".join(row[1:])] if field and len(row) > 1 else row, line))
    return out, unclear


# An open row's possible readings: the words after its name, in print order, cut into its cells. Only facts of every
# 自评表 grid are used: the cells print in the heading's order (name, 年度指标值, 全年完成值, 未完成原因和改进措施,
# 自评得分), a cell's words are printed together, and the score is a bare number. Two are premises of the reader, as
# for every row of the form: with single spaces the name is the first word (a name with a space inside is read
# wrong, as in every other row; where text.py may have joined it to the cell after it, each run of its parts); one
# cell a line, a line is one cell (how _words reads every field, amount and name of such text: a cell wrapped onto
# two lines is read wrong there too), so a reading never joins two lines into one cell.
# Not used: a score at most its 分值, a 完成值 shaped like its 指标值: those are what the P rules check (P04; P07), and
# a reading left out by them would make that check hold by construction.
CAP = 64  # readings of one row at most (readings._WORLDS: more could not be judged one by one): counted first
_CELLS = 3  # target, actual, reason: the words a score leaves


def name_prefixes(word: str) -> list[str]:
    """The names a row's first word may be when text.py may have joined it to the cells after it (`培训完成时间
    2024年年底之前` → `培训完成时间2024年年底之前`): each run of its parts, the whole word last; [] when not joined."""
    parts = unglued(word)
    return ["".join(parts[:k + 1]) for k in range(len(parts))] if len(parts) > 1 else []


def count(words: list[str], one_cell: bool = False) -> int:
    """How many readings `readings(words, one_cell=one_cell)` lists, without listing them."""
    def ways(n: int) -> int:  # n words in order into the cells: runs (single spaces), or a word a cell (one a line)
        return comb(_CELLS, n) if one_cell else comb(n + _CELLS - 1, _CELLS - 1)
    return ways(len(words)) + (ways(len(words) - 1) if words and _SCORE.match(words[-1]) else 0)


def readings(words: list[str], name: str = "", one_cell: bool = False) -> tuple[tuple[str, str, str, str, str], ...]:
    """Every (name, target, actual, reason, score) the words after the name may be; one cell a line, each word is a
    cell of its own."""
    out = []
    for score in ([words[-1]] if words and _SCORE.match(words[-1]) else []) + [""]:
        rest = words[:-1] if score else words
        if one_cell:
            for slots in combinations(range(_CELLS), len(rest)):
                cells = [""] * _CELLS
                for slot, word in zip(slots, rest):
                    cells[slot] = word
                out.append((name, *cells, score))
            continue
        for cut in combinations_with_replacement(range(len(rest) + 1), _CELLS - 1):
            bounds = (0, *cut, len(rest))
            out.append((name, *(" ".join(rest[bounds[k]:bounds[k + 1]]) for k in range(_CELLS)), score))
    return tuple(out)


def _starts_row(word: str) -> bool:
    key = normalise(word)
    return bool(_field(word) or _level(word) or _MARKER.match(key) or key in _GRID_HEAD
                or _FUND.match(key))


def _take(words: list[tuple[str, SourceLine]], i: int, fits) -> tuple[list[str], int]:
    """The word at i and the words after it that `fits`, and the index after them."""
    row = [words[i][0]]
    i += 1
    while i < len(words) and fits(words[i][0]):
        row.append(words[i][0])
        i += 1
    return row, i


def _line(cells: list[str], at: SourceLine, keep_empty: bool = False, possible: tuple = ()) -> SourceLine:
    return SourceLine(cells=cells if keep_empty else [c for c in cells if c], line=at.line, page=at.page, starts=None,
                      possible=possible)
