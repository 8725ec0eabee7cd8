"""The one table of built-in functions: names (Chinese and English), parameter types, result type, implementation."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from engine.functions import claims, codes, directions, indicators

from engine.functions import reasons
from engine.model import Table
from engine.language.numbers import Amount, ZERO, exponent
from engine.language.runtime import FALSE, TRUE, EvalError, Truth, children


@dataclass(frozen=True)
class Function:
    name: str  # canonical (English) name
    params: tuple[str, ...]  # static types: num, list, rows, row, probe, section, template, count, table, element, text
    returns: str
    impl: Callable[..., Any]
    optional: int = 0  # how many trailing params may be left out
    contextual: bool = False  # impl takes the evaluation context first (it reads the document's memo)


_PRESENT = frozenset({"number", "derived"})
_ABSENT = frozenset({"blank", "na", "missing"})


def _truth(flag: bool) -> Truth:
    return TRUE if flag else FALSE


def _sum(values: tuple[Amount, ...]) -> Amount:
    # Same additions in the same order as Amount + Amount, without an Amount per step.
    value = tol = ZERO
    for v in values:
        value += v.value
        tol += v.tol
    return Amount(value, tol)


def _extreme(name: str, pick) -> Callable[[tuple[Amount, ...]], Amount]:
    def impl(values: tuple[Amount, ...]) -> Amount:
        if not values:
            raise EvalError("E408", name=name)
        return pick(values, key=lambda a: a.value)
    return impl


def _round(value: Amount, places: Amount | None = None) -> Amount:
    return value.rounded(int(places.value) if places is not None else 0)


_HUNDRED = Decimal(100)


def _percentage(part: Amount, whole: Amount) -> Amount:
    return (part / whole).scaled(_HUNDRED)  # keeps the exact (asymmetric) interval of the quotient


# 表头要素: element name -> how to read it from a Table. 部门名称 and 单位名称 are one element (either is printed).
HEADER_ELEMENTS: dict[str, Callable[[Table], str]] = {
    "表名": lambda t: t.title or "",
    "表号": lambda t: t.number or "",
    "部门名称": lambda t: t.header.get("部门名称") or t.header.get("单位名称") or "",
    "年度": lambda t: t.header.get("年度") or "",
    "金额单位": lambda t: t.header.get("金额单位") or "",
}
HEADER_ALIASES = {"单位名称": "部门名称", "title": "表名", "number": "表号", "unit_name": "部门名称", "year": "年度",
                  "currency_unit": "金额单位"}


def header_element(name: str) -> str | None:
    """The canonical element a name in 表头(…, "name") stands for, or None."""
    return name if name in HEADER_ELEMENTS else HEADER_ALIASES.get(name)


def _table_header(table: Table, element: str) -> str:
    return HEADER_ELEMENTS[element](table).strip()


def _decimals(value: Amount) -> Amount:
    # A printed Decimal keeps its exponent (2.60 vs 2.6), so the printed precision is read from it.
    return Amount.exact(decimal_places(value.value))


FUNCTIONS: dict[str, Function] = {}
ALIASES: dict[str, str] = {}


def _define(names: tuple[str, ...], fn: Function) -> None:
    FUNCTIONS[fn.name] = fn
    for n in names:
        ALIASES[n] = fn.name


_define(("abs", "绝对值"), Function("abs", ("num",), "num", abs))
_define(("round", "四舍五入"), Function("round", ("num", "num"), "num", _round, optional=1))
_define(("percentage", "占比", "百分比"), Function("percentage", ("num", "num"), "num", _percentage))
_define(("exists", "有值", "有表"), Function("exists", ("probe",), "bool", lambda p: _truth(p in _PRESENT)))
_define(("blank", "为空"), Function("blank", ("probe",), "bool", lambda p: _truth(p in _ABSENT)))
_define(("sum", "求和"), Function("sum", ("list",), "num", _sum))
_define(("count", "计数"), Function("count", ("count",), "num", lambda n: Amount.exact(n)))
_define(("min", "最小"), Function("min", ("list",), "num", _extreme("min", min)))
_define(("max", "最大"), Function("max", ("list",), "num", _extreme("max", max)))
_define(("children", "下级"), Function("children", ("row",), "rows", children, contextual=True))
# Narrative look-ups: (section, literal template, optional n-th match). Compiled in compile_calls.py.
_define(("text_amount", "文中金额"), Function("text_amount", ("section", "template", "num"), "num", None, 1))
_define(("text_percent", "文中百分比"), Function("text_percent", ("section", "template", "num"), "num", None, 1))
_define(("text_change", "文中增减"), Function("text_change", ("section", "template", "num"), "num", None, 1))
# Every percentage printed in a section (or the whole 情况说明), at its printed precision. Compiled in compile_calls.py.
_define(("text_percents", "文中所有百分比"), Function("text_percents", ("section",), "list", None))
# Every amount printed with a money unit (万元 by default, or "元"), as printed. Compiled in compile_calls.py.
_define(("text_amounts", "文中所有金额"), Function("text_amounts", ("section", "unit"), "list", None, 1))
_define(("table_header", "表头"), Function("table_header", ("table", "element"), "text", _table_header))
_define(("decimals", "小数位数"), Function("decimals", ("num",), "num", _decimals))
_define(("text_reason", "文中原因"), Function("text_reason", ("section", "template", "num"), "text", None, 1))
# 绩效指标: printed target/actual pairs (engine/functions/indicators.py documents the semantics) and stated reasons.
_define(("unmet", "未达标"), Function("unmet", ("text", "text", "text"), "bool",
                                        lambda actual, target, name="": _truth(indicators.unmet(actual, target, name)),
                                        optional=1))
_define(("contradicts", "数值不符"), Function("contradicts", ("text", "text"), "bool",
                                             lambda stated, actual: _truth(indicators.contradicts(stated, actual))))
_define(("stated_figure", "文中数值"), Function("stated_figure", ("text", "text"), "text", indicators.stated_figure))
_define(("reason_direction", "原因方向"), Function("reason_direction", ("text",), "num",
                                                   lambda reason: Amount.exact(reasons.direction(reason))))
# Document structure (目录, cover, 行次/栏次): lists of entries or gaps, each with its line. Compiled in compile_structure.py.
_define(("toc_missing", "目录缺项"), Function("toc_missing", (), "items", None))
_define(("toc_out_of_order", "目录错序"), Function("toc_out_of_order", (), "items", None))
_define(("line_number_gaps", "行次断号"), Function("line_number_gaps", ("table",), "items", None))
_define(("column_number_gaps", "栏次断号"), Function("column_number_gaps", ("table",), "items", None))
_define(("year", "年份"), Function("year", ("text",), "num", None))
_define(("disclosure_kind", "决算称谓"), Function("disclosure_kind", ("text",), "text", None))
# 包含(文字, "词"[, "词2", …]): any of up to four words (alternative wordings of one requirement make one finding).
_define(("contains", "包含"), Function("contains", ("text", "text", "text", "text", "text"), "bool", None, 3))
# Free text: template leftovers (C11), a table's printed notes and whether it has data (C04). In compile_structure.py.
_define(("placeholders", "占位符"), Function("placeholders", ("text",), "items", None))
_define(("table_notes", "表注"), Function("table_notes", ("table",), "text", None))
_define(("empty_table", "无数据"), Function("empty_table", ("table",), "bool", None))
# 科目编码与名称 (engine/functions/codes.py): lists with lines, read from the whole document.
_define(("code_name_conflicts", "编码名称不一"),
        Function("code_name_conflicts", (), "items", codes.code_name_conflicts, contextual=True))
_define(("narrative_subject_mismatches", "文中科目不符"),
        Function("narrative_subject_mismatches", (), "items", codes.narrative_subject_mismatches, contextual=True))
_define(("official_name_mismatches", "科目名称不符"),
        Function("official_name_mismatches", (), "items", codes.official_name_mismatches, contextual=True))
# Narrative claims (engine/functions/claims.py): what 情况说明 states about row r's 科目, by measure.
_define(("stated_about", "文中所述"), Function("stated_about", ("section", "row", "text"), "list",
                                               claims.stated_about, contextual=True))
# Direction words against the numbers they describe (engine/functions/directions.py), in the whole 情况说明.
_define(("direction_conflicts", "方向词不符"),
        Function("direction_conflicts", (), "items", directions.direction_conflicts, contextual=True))
_define(("has_official_list", "有科目表"),
        Function("has_official_list", (), "bool", codes.has_official_list, contextual=True))


def lookup(name: str) -> Function | None:
    canonical = ALIASES.get(name) or ALIASES.get(name.lower())
    return FUNCTIONS.get(canonical) if canonical else None


def all_names() -> list[str]:
    return list(ALIASES)


def decimal_places(value: Decimal) -> int:
    places = exponent(value)
    return -places if isinstance(places, int) and places < 0 else 0
