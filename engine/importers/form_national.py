"""项目支出绩效自评表 in the national template (财政部 财预〔2020〕10号 附件 and its predecessors) → PerformanceForm.

Recognised by its header words, not by position: 年初预算数 / 全年预算数 / 全年执行数 (with 分值 / 执行率 / 得分) head
the funds, whose rows are 年度资金总额 and its 其中 rows (当年财政拨款 / 上年结转资金 / 其他资金); 年度总体目标 has
预期目标 / 实际完成情况; the indicator grid is headed 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
偏差原因分析及改进措施 (its columns in the order the heading prints them); 总分 | 100 | score; 自评等级.

A row's cells are placed by the heading: its printed values in order when they are as many as the heading's columns
(a reason left empty at the end, as a met indicator leaves it), else by column where the source keeps empty cells in
place (tabs, a sheet, text laid out in columns: forms._gridded). Otherwise which value stands under which heading is
not known: the row is not read, and the form is partly read with the reason (I180): never placed by a guess.
Text without cell boundaries (single spaces, one cell a line) is first put back into rows by the form's labels
(form_rows.national_rows)."""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations, combinations_with_replacement
from math import comb

from engine.importers import form_rows
from engine.importers.amounts import parse_number
from engine.importers.errors import Warnings
from engine.importers.form_scores import category_scores
from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.model import NATIONAL_CELLS, Ambiguity, FormField, FundLine, Indicator, PerformanceForm, PossibleCell
from engine.said import say

FUND_HEADS = {"年初预算数": "budget", "全年预算数": "available", "全年执行数": "executed"}
RATE_HEADS = ("分值", "执行率", "得分")
GRID_HEADS = ("三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
GRID_FIELDS = {"三级指标": "name", "年度指标值": "target", "实际完成值": "actual", "全年完成值": "actual",
               "分值": "weight", "得分": "score", "自评得分": "score", "偏差原因分析及改进措施": "reason",
               "偏差原因": "reason", "未完成原因和改进措施": "reason"}
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_YEAR = re.compile(r"^[（(]?\s*(\d{4})\s*年度?\s*[)）]?$")
_GRADE = re.compile(r"([优良中差])")  # 自评等级 | 优
_CONCLUDED = re.compile(r"等级\s*[:：为是]?\s*[“\"']?([优良中差])")  # …自评等级为“优”… in a 自评结论
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*[%％]$")
FIELDS = {"主管部门": "department", "实施单位": "implementer"}
_DASH = {"—", "-", "－", "——", "/"}
UNREAD = "unread"  # SourceLine.possible of words rows() could not cut into rows


def is_national(lines: list[SourceLine]) -> bool:
    """The form's funds are headed by the national template's words (全年预算数 and 全年执行数)."""
    words = {normalise(w) for line in lines for v in line.values for w in (v, *v.split())}  # single spaces: words
    return "全年预算数" in words and "全年执行数" in words


def _level(word: str) -> bool:
    key = normalise(word)
    return key.endswith("指标") and len(key) <= 10 and key not in GRID_FIELDS and key not in ("一级指标", "二级指标")


# What a column may hold, where it matters for telling which cells a row left empty: amounts and points are numbers
# (or a dash), the 执行率 a percentage or a number, a reason words (a bare number is a score or a 分值).
_KINDS = {"budget": "number", "available": "number", "executed": "number", "分值": "number", "得分": "number",
          "weight": "number", "score": "number", "执行率": "rate", "reason": "words", "name": "words"}


def _fits(key: str, value: str) -> bool:
    kind = _KINDS.get(key)
    if kind == "words":
        return parse_number(value) is None
    if kind is None or value in _DASH:
        return True
    if " " in value.strip():  # one number to a cell
        return False
    return parse_number(value) is not None or (kind == "rate" and _PERCENT.match(value) is not None)


def _in_order(values: list[str], keys: list[str]) -> dict[str, str] | None:
    """A row's printed values put under the heading's columns in order, the columns left empty chosen so each value
    fits its column (the name first and never empty); None unless exactly one choice fits: an empty 实际完成值 and an
    empty 得分 leave the same words, and which it was is then not known."""
    ways = _placements(values, keys, joined=False)
    return ways[0] if ways is not None and len(ways) == 1 else None


def _ways(values: list[str], keys: list[str], joined: bool) -> list[dict[str, str]]:
    """_placements of a row's values; single-spaced, where text.py may have joined the name to the cells after it
    (`培训完成时间 2024年年底之前` → one word: a PDF's typesetting space), each run of its parts as the name in turn
    (form_rows.name_prefixes), as for the Shanxi form's rows. [] when none fits or too many to try."""
    names = form_rows.name_prefixes(values[0]) if joined and values else []
    if len(names) < 2:
        return _placements(values, keys, joined) or []
    parts = form_rows.unglued(values[0])
    out: list[dict[str, str]] = []
    for k, name in enumerate(names):
        found = _placements([name, *parts[k + 1:], *values[1:]], keys, joined)
        if found is None:
            return []
        out += found
    return out


CAP = 64  # readings of one row at most, as for the Shanxi form (form_rows.CAP)
_COLUMN = {"name": "name", "target": "target", "actual": "actual", "weight": "weight", "score": "score",
           "reason": "shortfall_reason"}
_RUNS = 20000  # ways of cutting a row's words into its cells tried at most (counted first)


def _placements(values: list[str], keys: list[str], joined: bool) -> list[dict[str, str]] | None:
    """Every way a row's printed values, in order, stand under the heading's columns so that each fits its column
    (the name first and never empty; a number column one number; a bare number a cell of its own): each value a
    cell of its own, the columns left empty chosen (one cell a line; or single spaces with no more words than
    cells), or, single-spaced (`joined`) with more words than cells, the name the first word and the rest cut into
    runs, a cell holding several. None when too many to try."""
    n, k = len(values), len(keys)
    cuts: list[tuple[int, ...]]
    if joined and n > k:  # more words than cells: some cell has spaces inside (as many: a word a cell, as any row)
        # the name is the first word (as the Shanxi form's rows are read: form_rows.py), the rest cut into runs
        if comb(n - 1 + k - 2, k - 2) > _RUNS:
            return None
        cuts = [(0, 1, *cut, n) for cut in combinations_with_replacement(range(1, n + 1), k - 2)]
    else:
        if n > k:
            return []
        cuts = []
        for slots in combinations(range(k), n):  # value v in column slots[v]: runs of one value or none
            bounds, at = [0], 0
            for column in range(k):
                at += 1 if column in slots else 0
                bounds.append(at)
            cuts.append(tuple(bounds))
    out = []
    for bounds in cuts:
        cells = {keys[j]: " ".join(values[bounds[j]:bounds[j + 1]]) for j in range(k)}
        if ("name" in cells and not cells["name"]) or not all(_fits(key, v) for key, v in cells.items() if v):
            continue
        if any(" " in v and any(_NUMBER.match(w) for w in v.split()) for v in cells.values()):
            continue  # a bare number is a cell of its own (a 分值, a 得分, a count), never inside a cell's words
        out.append(cells)
    return out


def _field(label: str, text: str, line: SourceLine) -> FormField:
    match = _PERCENT.match(text.strip())
    value = Decimal(match[1]) if match else parse_number(text)
    return FormField(label=label, value=value, text=text, source=line.source)


class NationalReader:
    def __init__(self, lines: list[SourceLine], warnings: Warnings, one_cell: bool | None = None):
        """`one_cell`: None for a source with cell boundaries; for text without them (rows()), whether a line is a
        cell (one cell a line) or a row whose words a cell may share (single spaces)."""
        self.lines, self.warnings, self.one_cell = lines, warnings, one_cell
        self.form = PerformanceForm(project="", source=lines[0].source, template="national")
        self.unclear: dict[str, list[int]] = {}  # what could not be placed (its message code) -> its lines

    def read(self) -> PerformanceForm:
        form, mode, heads = self.form, "", None
        level1 = level2 = ""
        for line in self.lines[1:]:
            values = line.values
            if not values:
                continue
            keys = [normalise(v) for v in values]
            first = keys[0]
            if len(values) == 1 and (year := _YEAR.match(values[0])):
                form.year = f"{year[1]}年度"
                continue
            if first == "项目名称" and len(values) > 1:
                form.project = " ".join(values[1:]) if line.starts == () else values[1]  # single spaces: its words
                continue
            if any(k in FIELDS for k in keys[:-1]):
                for n, key in enumerate(keys[:-1]):
                    if key in FIELDS:
                        setattr(form, FIELDS[key], values[n + 1])
                continue
            if any(k in FUND_HEADS for k in keys):
                mode, heads = "funds", line
                continue
            if first == "年度总体目标" or "预期目标" in keys:
                mode, heads = "goal", line
                continue
            if "一级指标" in keys and "三级指标" in keys:
                mode, heads = "grid", line
                continue
            if first == "总分":
                mode = ""
                self._total(line)
                continue
            if first.startswith("自评等级") or first.startswith("自评结论"):
                mode, rest = "", " ".join(values[1:])
                if first.startswith("自评结论"):
                    form.conclusion = rest
                match = _GRADE.match(rest.strip()) if first.startswith("自评等级") else _CONCLUDED.search(rest)
                if match and (first.startswith("自评等级") or not form.grade):
                    form.grade = match[1]
                continue
            if mode == "funds" and heads is not None:
                self._fund_row(line, heads)
            elif mode == "goal" and heads is not None:
                self._goal(line, heads)
            elif mode == "grid" and heads is not None:
                level1, level2 = self._indicator(line, heads, level1, level2)
        self._finish()
        return form

    # --- placing a row's values under the heading ---------------------------------------------------------------
    def _placed(self, line: SourceLine, heads: SourceLine, names: dict[str, str], skip: int,
                by_column: bool = True, in_order: bool = True) -> dict[str, str] | None:
        """The row's cells under the heading's columns (heading word -> key), its first `skip` values being its labels.
        By column where the source keeps cells in place (a tab, a sheet's column, text put on the grid's columns by
        forms._gridded) and every value stands under a heading; else its values in order, when only one way of
        leaving the missing columns empty fits what each column holds (_in_order); else None."""
        wanted = [(n, names[normalise(c)]) for n, c in enumerate(heads.cells) if normalise(c) in names]
        keys = [key for _, key in wanted]
        if not keys:
            return None
        if by_column and line.starts is None and heads.starts is None:
            cells = {key: line.cell(n) for n, key in wanted}
            if sum(1 for v in cells.values() if v) == len(line.values) - skip:
                return cells
        return _in_order(line.values[skip:], keys) if in_order else None

    def _fund_row(self, line: SourceLine, heads: SourceLine) -> None:
        values = line.values
        label_at = next((n for n, v in enumerate(values) if parse_number(v) is None and not _PERCENT.match(v)
                         and v.strip() not in ("—", "-", "－", "——", "/")), None)
        if label_at is None:
            self._unclear("I181", line)
            return
        label = re.sub(r"^其中\s*[:：]\s*", "", values[label_at])
        cells = self._placed(line, heads, {**FUND_HEADS, **{k: k for k in RATE_HEADS}}, label_at + 1)
        printed = {FUND_HEADS[normalise(c)]: c.strip() for c in heads.cells if normalise(c) in FUND_HEADS}
        amounts = list(printed)
        if cells is None and len(values) - label_at - 1 == len(amounts):  # a 其中 row: its amounts only
            cells = dict(zip(amounts, values[label_at + 1:]))
        if cells is None:
            self._unclear("I181", line)
            return
        total = normalise(label).startswith("年度资金总额") or "总额" in normalise(label)
        for attr in amounts:
            text = cells.get(attr, "")
            entry = _field(printed[attr] if total else label, text, line)  # a total is named by its column
            if total:
                setattr(self.form, attr, FundLine(total=entry))
            elif getattr(self.form, attr) is not None:
                getattr(self.form, attr).parts.append(entry)
        if total:
            if cells.get("分值"):
                self.form.execution_weight = _field("分值", cells["分值"], line)
            if cells.get("执行率"):
                self.form.execution_rate = _field("执行率", cells["执行率"], line)
            if cells.get("得分"):
                self.form.execution_score = _field("得分", cells["得分"], line)

    def _goal(self, line: SourceLine, heads: SourceLine) -> None:
        cells = self._placed(line, heads, {"预期目标": "goal", "实际完成情况": "outcome"}, 0)
        if cells is None:  # no rule reads it: said, the form not partly read for it
            self.warnings.add("form_unplaced", say("I180", project=self.form.project, what=say("I183"),
                                                   lines=str(line.line)), line.line)
            return
        self.form.goal, self.form.goal_outcome = cells.get("goal", ""), cells.get("outcome", "")

    def _indicator(self, line: SourceLine, heads: SourceLine, level1: str, level2: str) -> tuple[str, str]:
        if line.possible == (UNREAD,):  # words whose rows could not be told apart (rows())
            self._unclear("I182", line)
            return "", ""
        ways: list[dict[str, str]] = []  # every reading of a row without cell boundaries, when more than one
        # by column first, its 一级 / 二级 labels where printed (a name like 质量指标 stays a name)
        cells = self._placed(line, heads, {**GRID_FIELDS, "一级指标": "level1", "二级指标": "level2"}, 0,
                             in_order=False)
        if cells is None:  # in order: the labels before the name told by their words
            values = line.values
            lead = 1 if values and normalise(values[0]) == "绩效指标" else 0
            levels: list[str] = []
            while lead + len(levels) < len(values) and len(levels) < 2 and _level(values[lead + len(levels)]):
                levels.append(values[lead + len(levels)])
            if self.one_cell is None:
                cells = self._placed(line, heads, GRID_FIELDS, lead + len(levels), by_column=False)
            else:  # no cell boundaries: every way the words may stand; the first is the row as read
                keys = [GRID_FIELDS[normalise(c)] for c in heads.cells if normalise(c) in GRID_FIELDS]
                ways = _ways(values[lead + len(levels):], keys, joined=not self.one_cell)
                if len(ways) > 1 and (len(ways) > CAP or tuple(_COLUMN[k] for k in keys) != NATIONAL_CELLS):
                    ways = []  # too many to judge one by one, or a heading in another order: not read
                cells = ways[0] if ways else None
            if cells is None and lead + len(levels) == len(values):
                cells = {}  # the levels' labels on a row of their own
            if cells is not None and levels:
                # two labels: 一级 and 二级; one: a 一级 only if it is one of the three every template has
                # (成本指标 alone is the 2020 template's 二级 under 产出指标, a 一级 since 2021 with its own 二级)
                if len(levels) == 2 or normalise(levels[0]) in LEVEL1[:3]:
                    cells["level1"] = levels[0]
                if len(levels) == 2 or normalise(levels[0]) not in LEVEL1[:3]:
                    cells["level2"] = levels[-1]
        if cells is None:  # later rows' levels, printed once above them, are not known either
            self._unclear("I182", line)
            return "", ""
        if cells.get("level1"):
            level1, level2 = normalise(cells["level1"]), ""
        if cells.get("level2"):
            level2 = normalise(cells["level2"])
        if not cells.get("name"):
            if any(cells.get(k) for k in ("target", "actual", "weight", "score", "reason")):
                self._unclear("I182", line)  # values without an indicator's name
            return level1, level2
        indicator = Indicator(level1=level1, level2=level2, name=cells["name"], target=cells.get("target", ""),
                              actual=cells.get("actual", ""), shortfall_reason=cells.get("reason", ""),
                              source=line.source)
        if cells.get("weight"):
            indicator.weight = _field("分值", cells["weight"], line)
        if cells.get("score"):
            indicator.score = _field("得分", cells["score"], line)
        if len(ways) > 1:  # handed on with every reading, judged reading by reading (engine/checking/readings.py)
            row = str(len(self.form.indicators))
            self.form.ambiguous.append(Ambiguity(rows=[row], lines=[line.source], readings=[
                [PossibleCell(row=row, column=column, text=way.get(key, ""))
                 for key, column in zip(("name", "target", "actual", "weight", "score", "reason"), NATIONAL_CELLS)]
                for way in ways]))
        self.form.indicators.append(indicator)
        return level1, level2

    def _total(self, line: SourceLine) -> None:
        numbers = [n for n in (parse_number(v) for v in line.values[1:]) if n is not None]
        text = " ".join(line.values[1:])
        # 总分 | 100 (its 分值) | score: the last of two; a lone figure other than 100 is the score
        value = numbers[-1] if len(numbers) == 2 or (len(numbers) == 1 and numbers[0] != 100) else None
        if numbers and value is None:
            self.warnings.add("form_unaligned", say("I131", project=self.form.project,
                                                    numbers="、".join(str(n) for n in numbers)), self.form.source.line)
        self.form.total_score = FormField(label="总分", value=value, text=text, source=line.source)

    def _unclear(self, what: str, line: SourceLine) -> None:
        self.unclear.setdefault(what, []).append(line.line)

    def _finish(self) -> None:
        form = self.form
        form.category_scores = category_scores(form.indicators)
        for what, lines in self.unclear.items():
            self.warnings.add("form_unaligned", say("I180", project=form.project, what=say(what),
                                                    lines="、".join(str(n) for n in lines)), form.source.line)
        if not form.project:
            self.warnings.add("form_no_project", say("I09"), form.source.line)
        missing = [name for name, value in (("资金情况", form.executed), ("绩效指标", form.indicators),
                                             ("总分", form.total_score)) if not value]
        if missing:
            self.warnings.add("form_incomplete", say("I08", project=form.project, missing="、".join(missing)),
                              form.source.line)


# --- text without cell boundaries --------------------------------------------------------------------------------
_FUND_WORDS = {"项目资金(万元)", "项目资金", *FUND_HEADS, *RATE_HEADS}
_GRID_WORDS = {"绩效指标", "一级指标", "二级指标", *GRID_FIELDS}
_LABELS = ("项目名称", "主管部门", "实施单位", "自评等级", "自评结论")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _amount(word: str) -> bool:
    return parse_number(word) is not None or _PERCENT.match(word) is not None or word in _DASH


def rows(lines: list[SourceLine]) -> list[SourceLine]:
    """A national form printed without cell boundaries → its rows. Single spaces keep a row on its line: each line is
    a row, its words the cells (a cell with spaces inside then makes the row's count differ from the heading's, and
    the reader leaves it unread). One cell a line: the rows come back by the form's labels and heading words, and the
    indicator rows by their 分值 and 得分 (two bare numbers after name, 年度指标值 and 实际完成值); a row whose end
    cannot be told (an empty cell, a 偏差原因 that could be the next row's name) is handed to the reader as one row of
    all its words, which it leaves unread."""
    from engine.importers.form_rows import one_cell_a_line

    if not one_cell_a_line(lines[1:]):
        return [lines[0], *(SourceLine(cells=line.text.split(), line=line.line, page=line.page, starts=())
                            for line in lines[1:] if not line.blank)]
    words = [(line.text.strip(), line) for line in lines[1:] if not line.blank]
    out: list[SourceLine] = [lines[0]]
    mode, i = "", 0

    def emit(cells: list[str], at: SourceLine, possible: tuple = ()) -> None:
        out.append(SourceLine(cells=cells, line=at.line, page=at.page, starts=(), possible=possible))

    while i < len(words):
        word, line = words[i]
        key = normalise(word)
        if key in _LABELS and i + 1 < len(words):
            emit([word, words[i + 1][0]], line)
            i += 2
        elif key in _FUND_WORDS and mode != "grid":
            mode, j = "funds", i
            while j < len(words) and normalise(words[j][0]) in _FUND_WORDS:
                j += 1
            emit([w for w, _ in words[i:j]], line)
            i = j
        elif key == "年度总体目标":
            j = i + 1
            while j < len(words) and normalise(words[j][0]) in ("预期目标", "实际完成情况"):
                j += 1
            emit([w for w, _ in words[i:j]], line)
            k = j
            while k < len(words) and normalise(words[k][0]) not in _GRID_WORDS:
                k += 1
            if k > j:
                emit([w for w, _ in words[j:k]], words[j][1])
            mode, i = "", k
        elif key in _GRID_WORDS:
            j = i
            while j < len(words) and normalise(words[j][0]) in _GRID_WORDS:
                j += 1
            emit([w for w, _ in words[i:j]], line)
            end = next((k for k in range(j, len(words)) if normalise(words[k][0]) == "总分"), len(words))
            for start, stop, clear in _grid_rows([w for w, _ in words[j:end]]):
                span = [w for w, _ in words[j + start:j + stop]]
                emit(span, words[j + start][1], () if clear else (UNREAD,))
            mode, i = "grid", end
        elif key == "总分":
            j = i + 1
            while j < len(words) and _NUMBER.match(words[j][0]):
                j += 1
            emit([w for w, _ in words[i:j]], line)
            mode, i = "", j
        elif mode == "funds" and not _amount(word):
            j = i + 1
            while j < len(words) and _amount(words[j][0]):
                j += 1
            emit([w for w, _ in words[i:j]], line)
            i = j
        else:
            emit([word], line)
            i += 1
    return out


def _grid_rows(words: list[str]) -> list[tuple[int, int, bool]]:
    """The indicator rows of one-cell-a-line words: (start, stop, True) of each; the rest from where a row's end
    cannot be told is one span (start, stop, False), which the reader leaves unread."""
    def fits(j: int) -> int | None:
        """Where the row starting at j ends (its 得分), when it has labels, name, target, actual, 分值, 得分."""
        k = j
        while k < len(words) and k - j < 2 and _level(words[k]):
            k += 1
        if k + 4 < len(words) and _NUMBER.match(words[k + 3]) and _NUMBER.match(words[k + 4]) \
                and not any(_level(w) for w in words[k:k + 3]):
            return k + 4
        return None

    out: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(words):
        end = fits(i)
        if end is None:
            break
        after = end + 1
        if after >= len(words) or _level(words[after]):  # the last row, or the next one's labels: no reason
            out.append((i, after, True))
            i = after
            continue
        bare, reason = fits(after), fits(after + 1)
        if after + 1 >= len(words):  # the last row's reason
            out.append((i, after + 1, True))
            i = after + 1
        elif bare is not None and reason is None:
            out.append((i, after, True))
            i = after
        elif reason is not None and bare is None:
            out.append((i, after + 1, True))
            i = after + 1
        else:
            break
    if i < len(words):
        out.append((i, len(words), False))
    return out
