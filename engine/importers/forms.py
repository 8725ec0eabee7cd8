"""项目支出绩效自评表 → PerformanceForm: units, funds with their 其中 parts, execution, indicators, scores, grade."""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from engine.importers import form_national, form_rows
from engine.importers.form_scores import add_score, category_scores
from engine.importers.amounts import parse_number, split_merged
from engine.importers.errors import Warnings
from engine.importers.lines import SourceLine
from engine.labels import normalise
from engine.model import INDICATOR_CELLS, Ambiguity, FormField, FundLine, Indicator, PerformanceForm, PossibleCell
from engine.said import joined, say

FORM_TITLE = "项目支出绩效自评表"
MARKER = re.compile(r"^指标\s*(\d+)$")
LEVEL1 = re.compile(r"^(产出指标|效益指标|满意度指标)")
SCORE = re.compile(r"^\d+(?:\.\d+)?$")
_RATE = re.compile(r"执行率[^=＝]*[=＝]\s*(\d+(?:\.\d+)?)\s*[%％]")
_RATE_SCORE = re.compile(r"(?:^|\s|[%％])(\d+(?:\.\d+)?)\s*分\s*$")
_GRADE = re.compile(r"等级\s*[:：为是]?\s*[“\"']?([优良中差])")
_DECOR = {"绩效指标", "绩效", "效指标", "标", "一级指标", "二级指标", "三级指标", "绩效目标自评情况"}
FUNDS = (("预算金额", "budget"), ("到位金额", "available"), ("执行金额", "executed"))
_FULL = Decimal(100)  # 总分's 分值: every 自评表 scores out of 100
FIELDS = {"主管部门": "department", "实施单位": "implementer", "绩效自评评价年度": "year"}


def is_form_title(line: SourceLine) -> bool:
    return line.single and line.text.replace(" ", "").endswith(FORM_TITLE)


def _level1_of(level2: str) -> str:
    """The standard 一级指标 each 二级指标 belongs to."""
    if "满意度" in level2:
        return "满意度指标"
    if "效益" in level2 or "可持续" in level2:
        return "效益指标"
    return "产出指标"


def _entries(line: SourceLine) -> list[FormField]:
    """A fund line's label/amount pairs, splitting merged cells such as `市财政570`."""
    out: list[FormField] = []
    for value in line.values:
        label, number = split_merged(value)
        if label:
            out.append(FormField(label=re.sub(r"^其中\s*[:：]\s*", "", label), value=number, text=value, source=line.source))
        elif out and out[-1].value is None:
            out[-1].value, out[-1].text = number, f"{out[-1].text} {value}"
        else:
            out.append(FormField(label="", value=number, text=value, source=line.source))
    return out


def _gridded(lines: list[SourceLine]) -> tuple[list[SourceLine], bool]:
    """Text laid out with spaces: the indicator rows (一级指标 … 总分) put on one column grid, the columns being where
    the heading row's cells start and where cells start on two lines or more, so an empty 完成值 or 原因 keeps its place. False when
    a cell starts off every column (or the text has single spaces): then which column a value is in is a guess."""
    begin = next((i for i, line in enumerate(lines) if "一级指标" in {normalise(v) for v in line.values}), None)
    if begin is None or all(line.starts is None for line in lines):
        return lines, True  # tabs, a sheet, a PDF table: cells are where they were printed
    end = next((i for i in range(begin, len(lines)) if lines[i].values and normalise(lines[i].values[0]) == "总分"),
               len(lines) - 1)
    region = [line for line in lines[begin:end + 1] if line.starts and len(line.values) >= 2]
    counts = Counter(s for line in region for c, s in zip(line.cells, line.starts) if c.strip())
    head = lines[begin]  # the heading row names every column, an empty one (未完成原因 filled nowhere) too
    columns = sorted({s for s, n in counts.items() if n >= 2} | {s for c, s in zip(head.cells, head.starts or ()) if c.strip()})
    if not columns:
        return lines, False
    clean, out = True, list(lines)
    for i in range(begin, end + 1):
        line = lines[i]
        if not line.starts or len(line.values) < 2:
            continue
        cells = [""] * len(columns)
        for cell, start in zip(line.cells, line.starts):
            if not cell.strip():
                continue
            # 总分's score is read from the row's numbers wherever they stand (one column right of 自评得分, a merged
            # cell, in yangquan; _FormReader._total): only the indicator rows need their cells on the grid
            clean = clean and (start in columns or normalise(line.values[0]) == "总分")
            k = max((k for k, col in enumerate(columns) if col <= start), default=0)
            cells[k] = f"{cells[k]} {cell.strip()}" if cells[k] else cell.strip()
        out[i] = SourceLine(cells=cells, line=line.line, page=line.page)
    return out, clean


class _FormReader:
    def __init__(self, lines: list[SourceLine], warnings: Warnings):
        self.lines, self.warnings = lines, warnings
        self.form = PerformanceForm(project="", source=lines[0].source)
        if form_rows.unbounded(lines):  # single spaces or one cell a line: the rows come back by the form's labels
            self.lines, unclear = form_rows.rows(lines)
            if unclear:
                warnings.add("form_unaligned", say("I24", lines=joined([str(n) for n in unclear], "、")), lines[0].line)
        else:
            self.lines, clean = _gridded(lines)
            if not clean:
                warnings.add("form_unaligned", say("I07"), lines[0].line)
        self.funds: list[FundLine] = []
        self.weighted = False  # the indicator heading has a 分值 column: 总分's row may print 100 there

    def _total(self, cells: list[str]) -> Decimal | None:
        """总分's score, where the row's printed numbers decide it: the last of two (分值 and 自评得分), or the only
        one when no 分值 column is printed or it is not 分值's 100. A lone 100 under a form with a 分值 column may be
        the 分值 with the score left blank: no score is read, and the form is partly read with the reason."""
        numbers = [n for n in (parse_number(w) for v in cells for w in v.split()) if n is not None]  # cells merged
        if len(numbers) == 2 or (len(numbers) == 1 and not (self.weighted and numbers[0] == _FULL)):
            return numbers[-1]
        if numbers:
            self.warnings.add("form_unaligned", say("I131", project=self.form.project,
                                                    numbers="、".join(str(n) for n in numbers)), self.form.source.line)
        return None

    def read(self) -> PerformanceForm:
        form = self.form
        in_indicators = False
        self.in_parts = False
        for line in self.lines[1:]:
            values = line.values
            if not values:
                continue
            first = normalise(values[0])
            if first == "项目名称" and len(values) > 1:
                form.project = values[1]
            for n, value in enumerate(values[:-1]):
                if normalise(value) in FIELDS:
                    setattr(form, FIELDS[normalise(value)], values[n + 1])
            if first.startswith("项目执行情况"):
                self.in_parts = False
                self._execution(line, " ".join(values[1:]))
                continue
            if any(key in normalise(v) for v in values for key, _ in FUNDS):
                self._fund_totals(line)
                self.in_parts = True
                continue
            self.in_parts = self.in_parts and not first.startswith("项目")
            if self.in_parts:
                self._fund_parts(line)
            elif "一级指标" in {normalise(v) for v in values}:
                in_indicators = True
                self.weighted = any("分值" in normalise(v) for v in values)
            elif first == "总分":
                in_indicators = False
                form.total_score = FormField(label="总分", value=self._total(values[1:]),
                                             text=" ".join(values[1:]), source=line.source)
            elif in_indicators:
                self._indicator(line)
            elif first.startswith("自评结论"):
                form.conclusion = " ".join(values[1:])
                if match := _GRADE.search(form.conclusion):
                    form.grade = match[1]
        if not form.project:
            self.warnings.add("form_no_project", say("I09"), form.source.line)
        missing = [name for name, value in (("资金情况", self.funds), ("绩效指标", form.indicators),
                                             ("总分", form.total_score), ("自评结论", form.conclusion)) if not value]
        if missing:
            self.warnings.add("form_incomplete", say("I08", project=form.project, missing="、".join(missing)),
                              form.source.line)
        return form

    def _fund_totals(self, line: SourceLine) -> None:
        for entry in _entries(line):
            for key, attr in FUNDS:
                if key in normalise(entry.label):
                    fund = FundLine(total=entry)
                    setattr(self.form, attr, fund)
                    self.funds.append(fund)

    def _fund_parts(self, line: SourceLine) -> None:
        entries = _entries(line)
        if len(entries) > len(self.funds):
            self.warnings.add("form_unplaced", say("I95", project=self.form.project, n=len(entries), columns=len(self.funds)),
                              line.line)
        for fund, entry in zip(self.funds, entries):
            fund.parts.append(entry)

    def _execution(self, line: SourceLine, text: str) -> None:
        rate = _RATE.search(text)
        score = _RATE_SCORE.search(text) or (re.match(r"^\s*(\d+(?:\.\d+)?)\s*$", text) if text else None)
        if rate:
            self.form.execution_rate = FormField(label="预算执行率", value=Decimal(rate[1]), text=text, source=line.source)
        if score:
            self.form.execution_score = FormField(label="项目执行情况", value=Decimal(score[1]), text=text, source=line.source)
        if not rate and not score:
            self.warnings.add("form_execution_unread", say("I96", project=self.form.project),
                              line.line)

    def _indicator(self, line: SourceLine) -> None:
        form, cells = self.form, [c.strip() for c in line.cells]
        mark = next((p for p, c in enumerate(cells) if MARKER.match(c.replace(" ", ""))), None)
        left = cells if mark is None else cells[:mark]
        level1 = next((LEVEL1.match(normalise(c))[1] for c in left if LEVEL1.match(normalise(c))), None)
        level2 = next((c for c in left if normalise(c).endswith("指标") and normalise(c) not in _DECOR
                       and not LEVEL1.match(normalise(c))), None)
        previous = form.indicators[-1] if form.indicators else None
        if mark is None:
            if [c for c in cells if c and normalise(c) not in _DECOR and c not in (level1, level2)]:
                self.warnings.add("form_unplaced", say("I97", project=form.project), line.line)
            return
        after = cells[mark + 1:]
        score_text = ""
        filled = [n for n, c in enumerate(after) if c]
        if filled and filled[-1] >= 3 and SCORE.match(after[filled[-1]]):
            score_text = after[filled[-1]]
            after[filled[-1]] = ""
        while after and not after[0] and any(after):
            after.pop(0)  # a row shifted right by a merged cell
        after += [""] * 4
        name, target, actual, reason = after[0], after[1], after[2], " ".join(c for c in after[3:] if c)
        if not actual and (merged := re.match(r"^(\d+(?:\.\d+)?)\s+(.+)$", reason)):
            actual, reason = merged[1], merged[2]  # 完成值 merged into the reason cell
        if line.possible:  # cell boundaries not printed (form_rows.py): the first reading, the others handed on
            name, target, actual, reason, score_text = line.possible[0]
            row = str(len(form.indicators))
            form.ambiguous.append(Ambiguity(rows=[row], lines=[line.source], readings=[
                [PossibleCell(row=row, column=column, text=text) for column, text in zip(INDICATOR_CELLS, reading)]
                for reading in line.possible]))
        if level2 is None and previous is not None:
            if MARKER.match(cells[mark].replace(" ", ""))[1] == "1" and previous.name:
                self.warnings.add("form_level_unknown", say("I98", project=form.project),
                                  line.line)
                level2 = ""
            else:
                level2 = previous.level2
        level2 = normalise(level2 or "")
        level1 = _level1_of(level2) if level2 else (level1 or (previous.level1 if previous else ""))
        indicator = Indicator(level1=level1, level2=level2, name=name, target=target, actual=actual,
                              shortfall_reason=reason, source=line.source)
        if score_text:
            indicator.score = FormField(label="自评得分", value=Decimal(score_text), text=score_text, source=line.source)
            if add_score(form.category_scores, indicator):
                self.warnings.add("form_category_sum", say("I99", project=form.project, level=level1),
                                  line.line)
        form.indicators.append(indicator)


def rescored(scores: dict[str, FormField], level1: str, before: list[Indicator],
             after: list[Indicator]) -> dict[str, FormField]:
    """The form's 一级指标 scores once a reading of an open row places its score anew (engine/checking/readings.py):
    only that row's category changes, and only by the row's change — added as the reader adds them when the form
    states the reader's own sum, else a given figure (a user's JSON) shifted by it; every other category kept."""
    own = category_scores([i for i in before if i.level1 == level1]).get(level1)
    new = category_scores([i for i in after if i.level1 == level1]).get(level1)
    known, out = scores.get(level1), dict(scores)
    if known is None or (own is not None and (known.value, known.text) == (own.value, own.text)):
        if new is None:
            out.pop(level1, None)
        else:
            out[level1] = new
        return out
    change = (new.value if new and new.value is not None else Decimal(0)) - (
        own.value if own and own.value is not None else Decimal(0))
    if change:
        out[level1] = FormField(label=known.label, value=(known.value or Decimal(0)) + change,
                                text=f"{known.text}{change:+}", source=known.source)
    return out


def read_forms(lines: list[SourceLine], warnings: Warnings) -> list[PerformanceForm]:
    """Every 自评表 from its title line to the next one."""
    starts = [i for i, line in enumerate(lines) if is_form_title(line)]
    forms = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        part = lines[start:end]
        if form_national.is_national(part):  # 年初预算数 / 全年预算数 / 全年执行数: the national template
            one_cell = None
            if form_rows.unbounded(part):
                one_cell = form_rows.one_cell_a_line(part[1:])
                part = form_national.rows(part)
            else:
                part, _ = _gridded(part)
            forms.append(form_national.NationalReader(part, warnings, one_cell).read())
        else:
            forms.append(_FormReader(part, warnings).read())
    return forms
