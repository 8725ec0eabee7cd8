"""Load-time binding of names against the catalogue: tables, rows, columns, sections, form fields; 是否是…？ suggestions."""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from engine.catalogue import Catalogue, TableSpec
from engine.labels import PREVIOUS, normalise

# Names of document parts and metadata that a bare name may mean.
# The narrative parts, each a list of numbered sections: name -> Narrative field.
NARRATIVE = {"情况说明": "sections", "概况": "overview", "名词解释": "glossary", "narrative": "sections",
             "overview": "overview", "glossary": "glossary"}
FORMS = ("自评表",)
METADATA = {"口径": "profile", "年度": "year", "单位名称": "unit_name"}

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SECTION = re.compile(r"^[(（]?([一二三四五六七八九十]+|\d+)[)）]?$")


class ResolveError(Exception):
    """A name that does not resolve; `code`/`params` feed the message table, `suggestion` the hint."""

    def __init__(self, code: str, suggestion: str | None = None, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.suggestion = suggestion
        self.params = params


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate by normalised spelling, for 是否是「…」？."""
    pool = {normalise(c): c for c in candidates if c}
    best = difflib.get_close_matches(normalise(word), list(pool), n=1, cutoff=0.5)
    return pool[best[0]] if best else None


def table(catalogue: Catalogue, name: str) -> TableSpec:
    if name.startswith(PREVIOUS) and len(name) > len(PREVIOUS):  # 上年公开01: last year's disclosure
        return catalogue.previous_year(table(catalogue, name[len(PREVIOUS):]).id)
    if name in catalogue.tables:
        return catalogue.tables[name]
    by_title = catalogue.table_by_title(name)
    if by_title is not None:
        return by_title
    raise ResolveError("E201", suggest(name, list(catalogue.tables)), name=name)


def is_table(catalogue: Catalogue, name: str) -> bool:
    if name.startswith(PREVIOUS) and len(name) > len(PREVIOUS):
        return is_table(catalogue, name[len(PREVIOUS):])
    return name in catalogue.tables or catalogue.table_by_title(name) is not None


@dataclass(frozen=True, slots=True)
class RowName:
    """A row named in a rule: the catalogue key (or 类 code) and every printed form it may carry."""

    key: str
    forms: tuple[str, ...]
    side: str | None


def row(spec: TableSpec, catalogue: Catalogue, label: str, side: str | None = None) -> RowName:
    """A row label must be a fixed row of the table, or a 功能分类 类 name in a table that lists 类."""
    wanted = normalise(label)
    for r in spec.rows:
        if (side is None or r.side in (None, side)) and wanted in (r.key, r.printed, *r.aliases):
            forms = tuple(dict.fromkeys(f for f in (r.key, *r.aliases, r.printed) if f))
            return RowName(r.key, forms, r.side)
    if (spec.coded and not spec.economic) or spec.class_rows:
        code = catalogue.class_code(wanted)
        if code is not None:
            return RowName(code, (code, wanted), spec.class_rows)
    candidates = [r.key for r in spec.rows if side is None or r.side in (None, side)]
    if (spec.coded and not spec.economic) or spec.class_rows:
        candidates += list(catalogue.function_classes.values())
    raise ResolveError("E202", suggest(label, candidates), table=spec.id, row=label)


def column(spec: TableSpec, label: str, side: str | None = None) -> str:
    key = spec.column_key(label, side)
    if key is None and side is not None:
        key = spec.column_key(label)
    if key is None:
        names = [c.key for c in spec.columns]
        raise ResolveError("E203", suggest(label, names), table=spec.id, column=label)
    return key


def side(spec: TableSpec, name: str) -> str | None:
    """`公开01.收入`: the name of one side of a two-sided table, or None."""
    wanted = normalise(name)
    return wanted if wanted in spec.sides else None


def section_number(name: str) -> str:
    """`五` -> 五, `(三)`/`三` under a section -> 三; the printed numeral without brackets."""
    m = _SECTION.match(bare_number(name))
    if not m:
        raise ResolveError("E209", name=name)
    return m.group(1)


@lru_cache(maxsize=512)
def bare_number(printed: str) -> str:
    """`（一）`, `(一)`, `一、` -> 一 (labels.normalise would drop the whole numbering prefix)."""
    return unicodedata.normalize("NFKC", printed).strip().strip("()、.． ")


@lru_cache(maxsize=512)
def section_ordinal(number: str) -> int | None:
    """一 -> 1, 十二 -> 12, 3 -> 3 (for matching 一/（一）/1 printed forms)."""
    if number.isdigit():
        return int(number)
    if len(number) == 1:
        return _CN_DIGITS.get(number)
    if number.startswith("十"):
        return 10 + (_CN_DIGITS.get(number[1:], 0) if len(number) > 1 else 0)
    if len(number) >= 2 and number[1] == "十":
        return _CN_DIGITS.get(number[0], 0) * 10 + (_CN_DIGITS.get(number[2:], 0) if len(number) > 2 else 0)
    return None


# 自评表 fields: Chinese name -> (attribute path, kind). kind: num (FormField), fund (FundLine), text.
FORM_FIELDS: dict[str, tuple[str, str]] = {
    "总分": ("total_score", "num"),
    "执行率": ("execution_rate", "num"),
    "执行率得分": ("execution_score", "num"),
    "产出指标": ("category:产出指标", "num"),
    "效益指标": ("category:效益指标", "num"),
    "满意度指标": ("category:满意度指标", "num"),
    "预算金额": ("budget", "fund"),
    "到位金额": ("available", "fund"),
    "执行金额": ("executed", "fund"),
    "自评等级": ("grade", "text"),
    "项目名称": ("project", "text"),
    "自评结论": ("conclusion", "text"),
    "指标": ("indicators", "indicators"),  # the 绩效指标 rows: 每个 i 属于 f.指标: …
    "执行率分值": ("execution_weight", "num"),  # the national template's 分值 of the 执行率
    "模板": ("template", "text"),  # "shanxi" or "national" (engine/model.py PerformanceForm.template)
}
# The national template's fund columns fill the same slots by role (engine/model.py PerformanceForm.template).
FORM_FIELD_ALIASES = {"结论": "自评结论", "conclusion": "自评结论", "indicators": "指标", "绩效指标": "指标",
                      "年初预算数": "预算金额", "全年预算数": "到位金额", "全年执行数": "执行金额"}

# 绩效指标 row fields: Chinese name -> Indicator attribute (all printed text). English names are aliases.
INDICATOR_FIELDS: dict[str, str] = {
    "指标名称": "name",
    "指标值": "target",
    "完成值": "actual",
    "未完成原因": "shortfall_reason",
    "一级指标": "level1",
    "二级指标": "level2",
    "分值": "weight_text",  # the national template's 分值 and 得分 of the row, as printed
    "得分": "score_text",
}
INDICATOR_ALIASES = {"三级指标": "指标名称", "年度指标值": "指标值", "全年完成值": "完成值", "实际完成值": "完成值",
                     "未完成原因和改进措施": "未完成原因", "偏差原因": "未完成原因",
                     "偏差原因分析及改进措施": "未完成原因", "自评得分": "得分", "name": "指标名称",
                     "target": "指标值", "actual": "完成值", "reason": "未完成原因", "level1": "一级指标",
                     "level2": "二级指标"}


def form_field(name: str) -> tuple[str, str]:
    wanted = normalise(name)
    wanted = FORM_FIELD_ALIASES.get(wanted, wanted)
    if wanted in FORM_FIELDS:
        return FORM_FIELDS[wanted]
    raise ResolveError("E210", suggest(name, list(FORM_FIELDS)), name=name)


def indicator_field(name: str) -> str:
    """`i.完成值` -> the Indicator attribute; unknown names get a 是否是…？ suggestion."""
    wanted = normalise(name)
    wanted = INDICATOR_ALIASES.get(wanted, INDICATOR_ALIASES.get(wanted.lower(), wanted))
    if wanted in INDICATOR_FIELDS:
        return INDICATOR_FIELDS[wanted]
    raise ResolveError("E237", suggest(name, [*INDICATOR_FIELDS, *INDICATOR_ALIASES]), name=name,
                       known="、".join(INDICATOR_FIELDS))


def global_names(catalogue: Catalogue, definitions: Iterable[str], variables: Iterable[str],
                 document: Iterable[str]) -> list[str]:
    """Everything a bare name could be, for suggestions (`document`: the parts the function registry reads)."""
    return [*catalogue.tables, *definitions, *variables, *NARRATIVE, *FORMS, *METADATA, *document]
