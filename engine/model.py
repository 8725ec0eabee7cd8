"""The normalised disclosure: pydantic models every check reads, and the JSON the importers write."""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, SkipValidation, TypeAdapter, ValidationError,
                      field_serializer, field_validator, model_validator)
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from engine.catalogue import load_catalogue, profile_ids
from engine.labels import PREVIOUS, normalise

SCHEMA_VERSION = "1.0"

CellKind = Literal["number", "blank", "na", "text"]
Level = Literal["类", "款", "项"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Source, Cell and FormField are slotted dataclasses, not models: a document has ~1,100 sources and ~600 printed
# values, and a dataclass validates in about half a model's time (same JSON, same schema).
@dataclass(slots=True, frozen=True, config=ConfigDict(extra="forbid"))
class Source:
    """Where something was printed: 1-based line of the text file, page when known."""

    line: int | None = None
    page: int | None = None
    # PDF only: (x0, top, x1, bottom) in PDF points from the page's top-left corner, so a report can outline the
    # cell on the page image. Kept in memory from import to report; not written to the model JSON (goldens unchanged).
    box: tuple[float, float, float, float] | None = Field(default=None, exclude=True)

    def __str__(self) -> str:  # every cell a finding shows: no list built
        page, line = self.page, self.line
        if page is None:
            return "未知位置" if line is None else f"第{line}行"
        return f"第{page}页" if line is None else f"第{page}页第{line}行"


# A printed amount has at most this many digits, counting zeros an exponent stands for: 1E+999999999 or a
# 5,000-digit cell is not an amount, and Decimal arithmetic on it overflows or prints megabytes (issue 15).
AMOUNT_DIGITS = 30


NA_MARKS = {"——", "—", "-", "－", "--", "—-", "/", "…"}  # a cell printed as not applicable
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_number(text: str) -> Decimal | None:
    """The Decimal a printed amount means, or None when it is not a plain amount."""
    compact = re.sub(r"\s+", "", text or "")
    if not _NUMBER.match(compact) or sum(c.isdigit() for c in compact) > AMOUNT_DIGITS:
        return None  # too long to be an amount: kept as printed text
    return Decimal(compact.replace(",", ""))


_MAX_DIGITS: TypeAdapter[Decimal] = TypeAdapter(Annotated[Decimal, Field(max_digits=AMOUNT_DIGITS)])


def _bounded_digits(value: Decimal) -> Decimal:
    """pydantic's max_digits, and the places it lets through (`1E-999999999`, `0E-40`: pydantic-core counts the
    normalised digits): no printed amount has more than AMOUNT_DIGITS of either."""
    try:
        _MAX_DIGITS.validate_python(value)
        exponent = value.as_tuple().exponent
        bounded = not isinstance(exponent, int) or exponent >= -AMOUNT_DIGITS
    except ValidationError:
        bounded = False
    if not bounded:
        raise PydanticCustomError("decimal_max_digits", "Decimal input should have no more than {max_digits} "
                                  "digits in total", {"max_digits": AMOUNT_DIGITS})
    return value


def _bounded(value: Decimal) -> Decimal:
    # Plain digits of at most 30 characters are within both bounds below; deciding that from the printed form
    # costs a third of pydantic's max_digits and the digit tuple (~1.1 µs an amount, ~700 amounts a document).
    text = str(value)
    if len(text) <= AMOUNT_DIGITS and "E" not in text:
        return value
    return _bounded_digits(value)


# Bounded inside the optional: most printed values are None (blank cells, unfilled fields) and skip the call.
_BoundedAmount = Annotated[Decimal, AfterValidator(_bounded)]


@dataclass(slots=True, kw_only=True, config=ConfigDict(extra="forbid"))
class Printed:
    """A value as printed: the Decimal (None when nothing numeric was printed), the text, and where."""

    value: _BoundedAmount | None = None  # at most AMOUNT_DIGITS digits: _bounded
    text: str = ""
    source: Source = Field(default_factory=Source)

    @field_serializer("value")
    def _value_as_text(self, value: Decimal | None) -> str | None:
        # Kept as text so the printed precision (2014.40 vs 2014.4) survives JSON.
        return None if value is None else str(value)


@dataclass(slots=True, kw_only=True, config=ConfigDict(extra="forbid"))
class Cell(Printed):
    """One printed cell. `number` has a Decimal `value` (an explicit 0 is a number);
    `blank` printed nothing; `na` printed a not-applicable mark (——, -); `text` printed words."""

    kind: CellKind


class Column(_Model):
    key: str  # normalised label, unique within its side
    label: str  # as printed
    number: str | None = None  # 栏次
    side: str | None = None  # 收入/支出 for two-sided tables


class Row(_Model):
    key: str  # 科目编码 where there is one, otherwise the normalised label (unique in the table)
    label: str
    code: str | None = None
    line_no: str | None = None  # 行次
    level: Level | None = None
    side: str | None = None
    group: str | None = None  # heading the row sits under (e.g. 政府采购情况), when the table has several
    cells: dict[str, Cell] = Field(default_factory=dict)  # column key -> cell
    source: Source = Field(default_factory=Source)


class Note(_Model):
    text: str
    kind: Literal["note", "no_data"] = "note"  # 注：… or 说明：本表无数据
    source: Source = Field(default_factory=Source)


class SpacerLine(_Model):
    """A 行次 printed on a row with no label and no amount (a spacer): kept so the numbering can be checked."""

    number: str
    side: str | None = None
    source: Source = Field(default_factory=Source)


class PossibleCell(_Model):
    """An amount of a row not placed, in the column one possible reading puts it (engine/importers/possible.py)."""

    row: str  # row key
    column: str  # column key
    text: str  # as printed


class Ambiguity(_Model):
    """Rows whose amounts could not be placed (blank cells left no trace), and every way they may stand: the check
    judges a rule over each reading (engine/checking/readings.py). `solved`: the readings are the solutions of the
    table's own arithmetic (its sums hold in each by construction); otherwise no placement solved and every one in
    printed order is a reading."""

    rows: list[str]  # row keys
    readings: list[list[PossibleCell]]
    solved: bool = False
    lines: list[Source] = Field(default_factory=list)



def _twice(group: Ambiguity) -> list[str]:
    """The cells a reading of the group fills twice (row/column)."""
    return [f"{k[0]}/{k[1]}" for reading in group.readings
            for k, count in Counter((c.row, c.column) for c in reading).items() if count > 1]

def _possible_trouble(group: Ambiguity, rows: dict[str, Row]) -> str:
    """What is wrong with a group's readings whose cells name known rows and columns ("" when nothing)."""
    bad = [c.text for reading in group.readings for c in reading
           if c.text.strip() not in NA_MARKS and parse_number(c.text) is None]
    if bad:
        return f"的金额不是印出的数：{'、'.join(dict.fromkeys(bad[:5]))}"
    taken = [f"{c.row}/{c.column}" for reading in group.readings for c in reading
             if (cell := rows[c.row].cells.get(c.column)) is not None and cell.kind != "blank"]
    if taken:
        return f"写入已读出金额的单元格：{'、'.join(dict.fromkeys(taken[:5]))}"
    if twice := _twice(group):
        return f"的同一种读法把两个金额放进同一单元格：{'、'.join(dict.fromkeys(twice[:5]))}"
    printed = [Counter(c.text for c in reading) for reading in group.readings]
    if any(p != printed[0] for p in printed[1:]):
        return "的各种读法放入的金额不同（每种读法应放同样的印出金额，只是归栏不同）"
    return ""


class Table(_Model):
    id: str  # 公开01 …
    title: str
    number: str | None = None  # 公开01表 as printed
    header: dict[str, str] = Field(default_factory=dict)  # 部门名称, 年度, 金额单位 as printed
    unit: str | None = None  # 万元 or 元
    columns: list[Column] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)
    spacer_lines: list[SpacerLine] = Field(default_factory=list)
    # rows not placed and their possible readings (written only when some: a fully read table's JSON is unchanged)
    ambiguous: list[Ambiguity] = Field(default_factory=list, exclude_if=lambda v: not v)

    @model_validator(mode="after")
    def _possible_cells_known(self) -> Table:
        # a possible reading writes only printed amounts, only into blank cells of its group's rows of this table, and
        # each reading of a group places the same amounts (a user's JSON may say otherwise: a reading would overwrite
        # what was read, or quote an amount another reading has not)
        rows, columns = {row.key: row for row in self.rows}, {c.key for c in self.columns}
        for n, group in enumerate(self.ambiguous):
            cells = [c for reading in group.readings for c in reading]
            stray = [c.row for c in cells if c.row not in rows or c.row not in group.rows]
            stray += [c.column for c in cells if columns and c.column not in columns]
            what = (f"指向表中没有（或本组未列）的行或列：{'、'.join(dict.fromkeys(stray[:5]))}" if stray
                    else "没有任何可能的读法" if not group.readings else _possible_trouble(group, rows))
            if what:
                raise PydanticCustomError("possible_cells", "表「{table}」ambiguous 第 {n} 组{what}",
                                          {"table": self.id, "n": n, "what": what})
        return self

    @property
    def no_data(self) -> bool:
        return any(n.kind == "no_data" for n in self.notes)

    def columns_of(self, side: str | None) -> list[Column]:
        return [c for c in self.columns if c.side == side] or self.columns

    def main_column(self, row: Row) -> str | None:
        """The value column a bare row reference means: the first column of the row's side."""
        cols = self.columns_of(row.side)
        return cols[0].key if cols else None

    def row(self, ref: str, *, exact: bool = False) -> Row | None:
        """A row by key, 科目编码, 行次 or normalised label; `exact`: by its key as written, and only when no other
        row has that key (a row a possible reading names, engine/checking/readings.py)."""
        if exact:
            found = [r for r in self.rows if r.key == ref]
            return found[0] if len(found) == 1 else None
        wanted = normalise(ref)
        for r in self.rows:
            if r.key == wanted or r.code == wanted or r.line_no == wanted:
                return r
        for r in self.rows:
            if normalise(r.label) == wanted:
                return r
        return None


class Section(_Model):
    """A numbered part of the narrative: 一、收入支出决算总体情况说明, its text, and its (一)(二) parts."""

    number: str  # 一, (一), 1 as printed without punctuation
    title: str
    text: str = ""  # the full text, its parts included
    source: Source = Field(default_factory=Source)
    subsections: list[Section] = Field(default_factory=list)
    # Where each "\n"-separated line of `text` was printed (a joined paragraph: its first line); empty when unknown.
    lines: list[Source] = Field(default_factory=list)


class Narrative(_Model):
    overview: list[Section] = Field(default_factory=list)  # 第一部分 概况: 职责, 机构设置
    sections: list[Section] = Field(default_factory=list)  # 第三部分 情况说明
    glossary: list[Section] = Field(default_factory=list)  # 名词解释


@dataclass(slots=True, kw_only=True, config=ConfigDict(extra="forbid"))
class FormField(Printed):
    label: str


class FundLine(_Model):
    """预算金额 / 实际到位 / 实际执行 with their 其中 breakdown (中央省财政, 市财政, …)."""

    total: FormField
    parts: list[FormField] = Field(default_factory=list)


class Indicator(_Model):
    level1: str = ""  # 一级指标: 产出指标 …
    level2: str = ""  # 二级指标: 数量指标 …
    name: str = ""  # 三级指标
    target: str = ""  # 年度指标值
    actual: str = ""  # 全年完成值
    shortfall_reason: str = ""  # 未完成原因和改进措施 (national template: 偏差原因分析及改进措施)
    score: FormField | None = None  # 自评得分 as printed on this row
    source: Source = Field(default_factory=Source)
    weight: FormField | None = Field(default=None, exclude_if=lambda v: v is None)  # 分值 (national template's rows)

    @property
    def weight_text(self) -> str:  # i.分值 in a rule: as printed
        return self.weight.text if self.weight is not None else ""

    @property
    def score_text(self) -> str:  # i.得分 in a rule: as printed
        return self.score.text if self.score is not None else ""


class PerformanceForm(_Model):
    """One 项目支出绩效自评表."""

    project: str
    department: str = ""  # 主管部门
    implementer: str = ""  # 实施单位
    year: str = ""
    budget: FundLine | None = None  # 项目预算金额
    available: FundLine | None = None  # 实际到位金额
    executed: FundLine | None = None  # 实际执行金额
    execution_rate: FormField | None = None  # stated 预算执行率 (%)
    execution_score: FormField | None = None  # 项目执行情况 score
    indicators: list[Indicator] = Field(default_factory=list)
    category_scores: dict[str, FormField] = Field(default_factory=dict)  # 产出指标, 效益指标, 满意度指标
    total_score: FormField | None = None
    grade: str | None = None  # 自评等级 (优/良/中/差) as stated
    conclusion: str = ""
    source: Source = Field(default_factory=Source)
    # indicator rows whose cell boundaries the text does not show, and every way each may stand (rows: the
    # indicator's index in `indicators`; columns: INDICATOR_CELLS). Written only when some: a read form's JSON is
    # unchanged. The check judges a rule over each reading (engine/checking/readings.py), as for Table.ambiguous.
    ambiguous: list[Ambiguity] = Field(default_factory=list, exclude_if=lambda v: not v)
    # Which template was printed. "shanxi": 项目预算金额 / 实际到位金额 / 实际执行金额, rows 指标N, a note's fixed 分值.
    # "national" (财预〔2020〕10号 附件): 年初预算数 / 全年预算数 / 全年执行数 with the 执行率's 分值 and 得分, 预期目标 /
    # 实际完成情况, rows with their own 分值 and 得分. A national form's funds fill the same slots by role, each keeping
    # its printed label: budget = 年初预算数, available = 全年预算数 (the 执行率's denominator there, as 实际到位金额
    # is here), executed = 全年执行数; its 其中 rows (当年财政拨款 / 上年结转资金 / 其他资金) are their parts. The
    # fields below are written only when printed: a Shanxi form's JSON is as it always was.
    template: Literal["shanxi", "national"] = Field(default="shanxi", exclude_if=lambda v: v == "shanxi")
    execution_weight: FormField | None = Field(default=None, exclude_if=lambda v: v is None)  # the 执行率's 分值
    goal: str = Field(default="", exclude_if=lambda v: not v)  # 年度总体目标 · 预期目标
    goal_outcome: str = Field(default="", exclude_if=lambda v: not v)  # 年度总体目标 · 实际完成情况

    @model_validator(mode="after")
    def _possible_indicators_known(self) -> PerformanceForm:
        # a reading only redistributes the row's own printed words over its cells (a user's JSON may say otherwise:
        # a reading would invent a value, or name a row or a column the form has not)
        for n, group in enumerate(self.ambiguous):
            what = _indicator_trouble(group, self.indicators, NATIONAL_CELLS if self.template == "national" else INDICATOR_CELLS)
            if what:
                raise PydanticCustomError("possible_indicators", "自评表「{project}」ambiguous 第 {n} 组{what}",
                                          {"project": self.project, "n": n, "what": what})
        return self


INDICATOR_CELLS = ("name", "target", "actual", "shortfall_reason", "score")  # an indicator row's cells, in print order
# … on the national template: 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施
NATIONAL_CELLS = ("name", "target", "actual", "weight", "score", "shortfall_reason")


def _indicator_trouble(group: Ambiguity, indicators: list[Indicator], order: tuple[str, ...] = INDICATOR_CELLS) -> str:
    """What is wrong with one group of an indicator row's possible readings ("" when nothing): each must be the
    indicator's own printed cells' characters in print order (`order`: the template's), the first one its cells as
    they stand."""
    stray = [r for r in group.rows if not r.isdigit() or int(r) >= len(indicators)]
    stray += [c.row for reading in group.readings for c in reading if c.row not in group.rows]
    stray += [c.column for reading in group.readings for c in reading if c.column not in order]
    if stray:
        return f"指向自评表中没有（或本组未列）的指标行或栏：{'、'.join(dict.fromkeys(stray[:5]))}"
    if not group.readings:
        return "没有任何可能的读法"
    bad = [c.text for reading in group.readings for c in reading
           if c.column in ("score", "weight") and c.text and re.fullmatch(r"\d+(?:\.\d+)?", c.text) is None]
    if bad:
        return f"的自评得分不是印出的数：{'、'.join(dict.fromkeys(bad[:5]))}"
    if twice := _twice(group):
        return f"的同一种读法把两段文字放进同一格：{'、'.join(dict.fromkeys(twice[:5]))}"
    def cells(reading: list[PossibleCell]) -> list[tuple[str, ...]]:
        placed = {(c.row, c.column): c.text for c in reading}
        return [tuple(placed.get((row, column), "") for column in order) for row in group.rows]

    def printed(rows: list[tuple[str, ...]]) -> list[str]:
        # the row's characters in print order (a name and the cell after it may have been printed joined: text.py)
        return ["".join(row).replace(" ", "") for row in rows]
    own = [_indicator_cells(indicators[int(row)], order) for row in group.rows]
    if any(printed(cells(reading)) != printed(own) for reading in group.readings):
        return "的各种读法所含文字与该指标行印出的文字不同（每种读法应是这一行印出的文字，依次分入各格）"
    if cells(group.readings[0]) != own:
        return "的第一种读法不是该指标行所填的各格（第一种读法应是读入时的读法）"
    return ""


def _indicator_cells(indicator: Indicator, order: tuple[str, ...] = INDICATOR_CELLS) -> tuple[str, ...]:
    """An indicator row's cells as printed, in `order` (the template's print order)."""
    printed = {"name": indicator.name, "target": indicator.target, "actual": indicator.actual,
               "shortfall_reason": indicator.shortfall_reason, "score": indicator.score_text,
               "weight": indicator.weight_text}
    return tuple(printed[column] for column in order)


def form_item(form: PerformanceForm) -> str:
    """How a form is named in the document's reading statuses."""
    return f"自评表「{form.project}」"


class ImportWarning(_Model):
    code: str
    message: SkipValidation[str]  # Chinese; an importer's engine.said.Said keeps its code for the English report
    source: Source = Field(default_factory=Source)


def _profile_schema(schema: dict[str, Any]) -> None:
    schema.update(enum=profile_ids(), default=load_catalogue().default_profile.id)


class Metadata(_Model):
    unit_name: str = ""  # 单位名称
    year: int | None = None  # 年度
    currency_unit: Literal["万元", "元"] = "万元"
    disclosure_type: Literal["部门决算", "单位决算"] = "部门决算"
    profile: str = Field(default_factory=lambda: load_catalogue().default_profile.id,  # the catalogue's profiles
                         json_schema_extra=lambda schema: _profile_schema(schema))
    internal_only: bool = False  # marked 仅供内部审核: never log or keep contents
    source_file: str | None = None

    @field_validator("profile")
    @classmethod
    def _known_profile(cls, value: str) -> str:
        known = profile_ids()
        if value not in known:
            raise PydanticCustomError("literal_error", "Input should be {expected}",
                                      {"expected": " or ".join(map(repr, known))})
        return value


ReadStatus = Literal["read", "partly_read", "unreadable", "absent"]
READ_STATUS_ZH = {"read": "已读取", "partly_read": "部分读取", "unreadable": "有但无法读取", "absent": "没有"}


class Reading(_Model):
    """How far one table, part, section or form could be read: what a check can rely on, and what it cannot."""

    item: str  # 公开05, 情况说明, 概况, 名词解释, 自评表「项目」
    kind: Literal["table", "part", "section", "form"]
    status: ReadStatus
    reason: SkipValidation[str] = ""  # why it is not fully read (Chinese; a Said keeps its code, engine/said.py)
    lines: list[Source] = Field(default_factory=list)  # where it (or what could not be read) was printed
    # What is in doubt when it is not all of it: ["names"] = every amount, code and column is certain, only the
    # names of `rows` (row keys) may be wrong; a rule that does not read those names can rely on the table.
    # (written only when some aspect is in doubt: a fully read document's JSON is as it always was)
    # ["placement"]: some rows' amounts may stand in more than one way, each listed in the table's `ambiguous`
    uncertain: list[Literal["names", "placement"]] = Field(default_factory=list, exclude_if=lambda v: not v)
    rows: list[str] = Field(default_factory=list, exclude_if=lambda v: not v)
    # table whose printed figures placed some of this table's rows → those rows' keys (engine/importers/links.py): a
    # rule that reads those rows and that table holds by construction, so its pass is 不可核 (check.py)
    placed_by: dict[str, list[str]] = Field(default_factory=dict, exclude_if=lambda v: not v)
    # rows (keys) whose amounts' columns the table's own arithmetic decided (blank cells left no trace,
    # engine/importers/placement.py; rows side by side on one printed line together): a rule of that arithmetic
    # reading them holds by construction (check.py)
    placed_by_sums: list[str] = Field(default_factory=list, exclude_if=lambda v: not v)

    @property
    def names_only(self) -> bool:
        """Partly read, and only some rows' names are in doubt (amounts, codes and columns certain)."""
        return self.status == "partly_read" and self.uncertain == ["names"]

    @property
    def doubtful(self) -> bool:
        """Present, but what the model holds of it is incomplete: rules that need it are 不可核."""
        return self.status in ("partly_read", "unreadable")


def _placed_rows_known(doc: Disclosure, n: int, r: Reading) -> None:
    """A reading's placed rows (placed_by, placed_by_sums) are rows of a table of this document, and placed_by's
    sources are other tables of it (a user's JSON may say otherwise: the check would then ask about nothing)."""
    table = doc.tables.get(r.item) if r.kind == "table" else None
    where = {"n": n, "item": r.item}
    if table is None:
        raise PydanticCustomError("placed_not_table", "reading 第 {n} 项「{item}」列出按算术或他表数字归栏的行，"
                                  "但它不是本文件的一张表", where)
    keys = {row.key for row in table.rows}
    sources = [s for s in r.placed_by if s == r.item or s not in doc.tables]
    if sources:
        raise PydanticCustomError("placed_by_source", "reading 第 {n} 项「{item}」的 placed_by 指向的不是本文件的另一张表："
                                  "{what}", {**where, "what": "、".join(sources[:5])})
    given = ([("placed_by_sums", r.placed_by_sums)] if r.placed_by_sums else []) + [
        (f"placed_by.{s}", v) for s, v in r.placed_by.items()]
    for field, rows in given:
        stray = [key for key in rows if key not in keys]
        if stray or not rows:
            raise PydanticCustomError("placed_rows", "reading 第 {n} 项「{item}」的 {field} {what}",
                                      {**where, "field": field, "what": f"列出表中没有的行：{'、'.join(stray[:5])}"
                                       if stray else "没有列出任何行"})


class TocEntry(_Model):
    title: str
    page: str | None = None
    source: Source = Field(default_factory=Source)


class TextLine(_Model):
    text: str
    source: Source = Field(default_factory=Source)


class Disclosure(_Model):
    version: str = SCHEMA_VERSION
    metadata: Metadata = Field(default_factory=Metadata)
    cover: list[TextLine] = Field(default_factory=list)  # the cover's printed lines (unit name, year, 部门/单位决算)
    toc: list[TocEntry] = Field(default_factory=list)
    parts: list[TextLine] = Field(default_factory=list)  # the body's 第N部分 headings as printed
    tables: dict[str, Table] = Field(default_factory=dict)
    narrative: Narrative = Field(default_factory=Narrative)
    attachments: list[PerformanceForm] = Field(default_factory=list)
    warnings: list[ImportWarning] = Field(default_factory=list)
    reading: list[Reading] = Field(default_factory=list)  # reading status of every table, part and form

    @model_validator(mode="after")
    def _names_doubt_of_tables(self) -> Disclosure:
        # a reading in doubt about names only is about rows of a table of this document (a user's JSON may say not)
        for n, r in enumerate(self.reading):
            if not r.uncertain:
                continue
            if r.kind == "form":  # rows of a form open: the form is one of this document's, with those rows listed
                forms = [f for f in self.attachments if form_item(f) == r.item]
                if r.uncertain != ["placement"] or len(forms) != 1 or not forms[0].ambiguous or r.status != "partly_read":
                    raise PydanticCustomError("form_placement", "reading 第 {n} 项「{item}」标为指标行读法存疑，但{what}",
                                              {"n": n, "item": r.item, "what": "存疑的只能是指标行的读法（placement）"
                                               if r.uncertain != ["placement"] else "本文件没有（唯一一张）这样的自评表"
                                               if len(forms) != 1 else "该自评表没有列出可能的读法（ambiguous）"
                                               if not forms[0].ambiguous else "状态不是 partly_read"})
                continue
            table = self.tables.get(r.item) if r.kind == "table" else None
            if table is None:
                raise PydanticCustomError("names_not_table", "reading 第 {n} 项「{item}」标为仅名称存疑（uncertain），"
                                          "但它不是本文件的一张表", {"n": n, "item": r.item})
            keys = {row.key for row in table.rows}
            stray = [key for key in r.rows if key not in keys]
            if stray or r.status != "partly_read":
                raise PydanticCustomError("names_rows", "reading 第 {n} 项「{item}」标为仅名称存疑，但{what}",
                                          {"n": n, "item": r.item, "what": f"表中没有这些行：{'、'.join(stray[:5])}"
                                           if stray else "状态不是 partly_read"})
        for n, r in enumerate(self.reading):
            if r.placed_by or r.placed_by_sums:
                _placed_rows_known(self, n, r)
        return self

    def doubtful(self, kind: str | None = None) -> dict[str, Reading]:
        """Items present but not (fully) read, by item name."""
        return {r.item: r for r in self.reading if r.doubtful and (kind is None or r.kind == kind)}

    _previous: Disclosure | None = PrivateAttr(default=None)  # last year's, given for a check (never serialised)

    def table(self, table_id: str) -> Table | None:
        """A table of this disclosure, or of last year's for 上年公开01 … when one was given."""
        found = self.tables.get(table_id)
        if found is None and table_id.startswith(PREVIOUS) and self._previous is not None:
            return self._previous.tables.get(table_id[len(PREVIOUS):])
        return found

    def to_json(self) -> str:
        return self.model_dump_json(indent=1, exclude_defaults=False)


def json_schema() -> dict[str, Any]:
    return Disclosure.model_json_schema()
