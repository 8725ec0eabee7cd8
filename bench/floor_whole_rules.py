"""The default rulebook's rules by what they do, for pricing a hand-written floor of the whole rulebook per class.

A rule's class follows from what its expression (and 适用) reads: the first test that holds below decides, so a rule
that compares a stated percentage with the tables is `percentage`, not `narrative`. The order goes from the most
specific reader to the least (自评表 forms, subject codes and names, last year's figures, percentages, stated
amounts, printed words, the document's parts and headers, two tables, one table).
"""
from __future__ import annotations

import re

CLASSES = ("arithmetic", "cross_table", "narrative", "yoy", "percentage", "structure", "text", "codes", "forms")
ZH = {"arithmetic": "表内行列运算", "cross_table": "表间相等", "narrative": "文中金额对表", "yoy": "同比与跨年",
      "percentage": "百分比", "structure": "完整性与结构", "text": "文字、占位符与标题", "codes": "科目编码与名称",
      "forms": "自评表"}

# functions of the rule language that decide a class wherever they appear
_CODES = {"编码名称不一", "名称编码不一", "同表科目重复", "经费科目不符", "文中科目不符", "科目名称不符"}
_YOY = {"文中增减", "原因方向", "文中原因", "零基数增减率", "方向词不符"}
_PERCENT = {"文中百分比", "占比", "完成率不符"}
_STATED = {"文中金额", "文中所述", "文中各处金额"}
_TEXT = {"占位符", "小数位数", "金额单位疑误", "其中超出", "决算称谓", "年份", "标题年度不一", "标题单位不一",
         "文中所有金额", "文中所有百分比", "包含"}
_STRUCTURE = {"有表", "表头", "目录缺项", "目录错序", "缺少固定行", "无数据", "表注", "行次断号", "栏次断号", "计数", "count"}
# named quantities (catalogue.yaml) that are sentences of the 情况说明, read like 文中金额
_STATED_NAMES = ("文中政府采购", "绩效跟踪", "绩效目标", "中小企业预留", "小微企业预留", "各类年初预算之和")
_CALL = re.compile(r"([\w\u4e00-\u9fff]+)\(")


def classify(rule) -> str:
    """The class of one rule (an engine.rules.loader.Rule)."""
    text = f"{rule.expr} {rule.when or ''}"
    calls = set(_CALL.findall(text))
    own = set(_CALL.findall(rule.expr))  # a guard (适用: 有表(公开10)) does not make a row sum a structure check
    if rule.category == "绩效" or "自评表" in text:
        return "forms"
    if calls & _CODES:
        return "codes"
    if "小数位数" in own:  # how a figure is printed, wherever it stands
        return "text"
    if rule.category in ("同比", "跨年度") or calls & _YOY:
        return "yoy"
    if calls & _PERCENT:
        return "percentage"
    if calls & _STATED or any(name in text for name in _STATED_NAMES):
        return "narrative"
    if own & _TEXT:
        return "text"
    if own & _STRUCTURE or rule.category in ("完整性", "名称年度"):
        return "structure"
    if rule.category == "表间一致":
        return "cross_table"
    return "arithmetic"


def classes(book) -> dict[str, list[str]]:
    """Class -> the ids of its rules, in the rulebook's order (every class present, possibly empty)."""
    out: dict[str, list[str]] = {c: [] for c in CLASSES}
    for rule in book.rules:
        out[classify(rule)].append(rule.id)
    return out


# --- hand-written floor functions for a sample of the classes the 40-rule floor does not cover -------------------
# Written as a user would over json.loads output: the flat dict of bench/flat.py, the 情况说明 flattened once per
# document (FloorDoc, its cost charged to the floor's conversion), regular expressions precompiled once, Decimal
# intervals with the same rounding-aware tolerance as bench/floor.py. No rulebook helper is imported.

import json  # noqa: E402
import unicodedata  # noqa: E402
from decimal import ROUND_HALF_UP, Decimal  # noqa: E402

from bench import floor as fl  # noqa: E402
from engine.labels import normalise  # noqa: E402  the domain helper a user imports: label spelling
from functools import lru_cache  # noqa: E402

# row labels normalised through a per-process cache, as rulebook's own (engine/language/runtime._normal_label, the
# same size): the same 科目 recur in every disclosure
label = lru_cache(maxsize=16384)(normalise)
from bench.flat import NIL, ZERO, View, view  # noqa: E402

NUMBER = r"(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
JOIN = "(?:为|是|共计|共|合计|计|达)?"  # a connective a writer may put between a label and its number
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


def flatten(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "").translate(_QUOTES))


def appended(raw: dict) -> list[tuple[int, dict]]:
    """The parts of a section (index, raw part) its own text lacks: a section's full text appends their titles and
    texts (Section here, flattened; the template-leftover scan of floor_whole_scans, as printed)."""
    text = raw.get("text", "")
    return [(i, s) for i, s in enumerate(raw.get("subsections") or ()) if s.get("text") and s["text"] not in text]


class Section:
    __slots__ = ("title", "text", "subs")

    def __init__(self, raw: dict) -> None:
        text = raw.get("text", "")
        self.title = flatten(raw.get("title", ""))
        self.subs = [Section(s) for s in raw.get("subsections") or ()]
        # the full text: a part whose words the section's own text lacks is appended (title and full text)
        self.text = flatten(text) + "".join(self.subs[i].title + self.subs[i].text for i, _ in appended(raw))


class FloorDoc:
    """What the floor's rules share for one document: the flat dict, the 情况说明 flattened, the raw JSON."""

    __slots__ = ("v", "sections", "overview", "glossary", "data", "shared")

    def __init__(self, data: dict) -> None:
        self.v: View = view(data)
        narrative = data.get("narrative") or {}
        self.sections = [Section(s) for s in narrative.get("sections") or ()]
        self.overview = [Section(s) for s in narrative.get("overview") or ()]
        self.glossary = narrative.get("glossary") or []
        self.data = data
        self.shared: dict = {}  # what two rules read alike, made by the first that asks (the 目录's placement)


def floor_doc(text: str | bytes) -> FloorDoc:
    return FloorDoc(json.loads(text))


def section(parts: list, *words: str):
    """The first part whose title holds `words`, then its sub-part holding the next words … or None."""
    found = None
    for w in words:
        found = next((s for s in parts if w in s.title), None)
        if found is None:
            return None
        parts = found.subs
    return found


def _stated(label: str, tail: str = "万元") -> re.Pattern[str]:
    return re.compile(re.escape(label) + JOIN + NUMBER + re.escape(tail))


def stated_amount(m, group: int = 1) -> tuple[Decimal, Decimal] | None:
    """A stated number as an interval: ± half a unit of its last printed digit."""
    if m is None:
        return None
    text = m.group(group).replace(",", "")
    dot = text.find(".")
    return Decimal(text), Decimal("0.5").scaleb(-(0 if dot < 0 else len(text) - dot - 1))


def said(sec, pattern: re.Pattern[str]):
    return None if sec is None else stated_amount(pattern.search(sec.text))


def _eq_or_blank(stated, table) -> str:
    """为空(stated) 或 stated == table: the table is read (a callable) only when the text states the figure."""
    return "pass" if stated is None else fl.compare("==", stated, table())


def has_table(d: FloorDoc, t: str) -> bool:
    return t in d.v.rows


# structure ------------------------------------------------------------------------------------------------------

def c01a(d):
    return "pass" if has_table(d, "公开01") else "fail"


def c01d(d):
    return "pass" if has_table(d, "公开04") else "fail"


def c01j(d):
    if (d.data.get("metadata") or {}).get("profile") != "shanxi10":
        return "not_applicable"
    return "pass" if has_table(d, "公开10") else "fail"


def c06b(d):
    s = section(d.sections, "收入决算情况")
    return "pass" if s is not None and s.text else "fail"


def c06i(d):
    s = section(d.sections, "三公")
    return "pass" if s is not None and s.text else "fail"


def c07c(d):
    if not d.sections:
        return "not_applicable"
    return "pass" if d.glossary else "fail"


def c03t02(d):
    t = d.data["tables"].get("公开02")
    if t is None:
        return "not_applicable"
    return "pass" if (t.get("title") or "").strip() else "fail"


def _subdivided(table: str, col: str):
    """Every 类 and 款 with an amount in `col` lists its lower-level rows (C08a–f)."""
    def rule(d):
        v = d.v
        out = []
        for lvl in ("类", "款"):
            for r in fl.level(v, table, lvl):
                value = fl.v(r, col)
                if value[0] == 0:
                    continue
                out.append("pass" if fl.kids(v, table, r) else ("rounding" if abs(value[0]) <= value[1] else "fail"))
        return fl.worst(out)
    return rule


# text -----------------------------------------------------------------------------------------------------------

def _overview_has(d, *words) -> str:
    if not d.sections:
        return "not_applicable"
    return "pass" if any(w in s.title or w in s.text for s in d.overview for w in words) else "fail"


def c07a(d):
    return _overview_has(d, "职责", "职能")


def c07b(d):
    return _overview_has(d, "机构设置", "单位构成")


_PRINTED_PERCENT = re.compile(r"(?<![\d.,])(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)%")


def y07(d):
    """Every printed percentage has two decimals (0 aside)."""
    for s in d.sections:
        for m in _PRINTED_PERCENT.finditer(s.text):
            text = m.group(1).replace(",", "")
            dot = text.find(".")
            if (0 if dot < 0 else len(text) - dot - 1) != 2 and Decimal(text) != 0:
                return "fail"
    return "pass"


def c10d(d):
    """A table header's department name is the one on the cover."""
    cover = flatten("\n".join(c.get("text", "") for c in d.data.get("cover") or ()))
    if not cover:
        return "not_applicable"
    for t in d.data["tables"].values():
        header = t.get("header") or {}
        name = flatten((header.get("部门名称") or header.get("单位名称") or "").strip())
        if name and name not in cover:
            return "fail"
    return "pass"


# codes and names ---------------------------------------------------------------------------------------------------

def _coded(d):
    return [(tid, r) for tid, t in d.data["tables"].items() for r in t.get("rows", ())
            if r.get("code") and r["code"].isdigit()]


def h06(d):
    """A 科目编码 printed twice on one side of one table."""
    for t in d.data["tables"].values():
        seen = set()
        for r in t.get("rows", ()):
            code = r.get("code")
            if code and code.isdigit():
                key = (r.get("side"), code)
                if key in seen:
                    return "fail"
                seen.add(key)
    return "pass"


def h05a(d):
    """A code printed with another name in a later table (names compared as rulebook's labels.normalise does)."""
    first: dict[str, str] = {}
    for _, r in _coded(d):
        name = label(r.get("label") or r["key"])
        if first.setdefault(r["code"], name) != name:
            return "fail"
    return "pass"


def h05c(d):
    """Printed names against an official code list: none is configured in the workload (RULEBOOK_SUBJECT_CODES)."""
    return "not_applicable"


# narrative: a stated amount against the tables -------------------------------------------------------------------

_INCOME_TOTAL, _SPEND_TOTAL = _stated("收入总计"), _stated("支出总计")
_FISCAL_IN_TOTAL = _stated("财政拨款收入总计")
_INCOME_SUM, _SPEND_SUM = _stated("收入合计"), _stated("支出合计")
_SPEND = _stated("支出")
_GENERAL_SPEND = _stated("一般公共预算财政拨款支出")


def fiscal_overview(d):
    return section(d.sections, "财政拨款收支决算总体情况") or section(d.sections, "财政拨款收入支出决算总体情况")


def n01(d):
    s = section(d.sections, "收入支出决算总体情况")
    if s is None or not s.text:
        return "not_applicable"
    return fl.worst([_eq_or_blank(said(s, _INCOME_TOTAL), lambda: fl.cell(d.v, "公开01", "收入总计")),
                     _eq_or_blank(said(s, _SPEND_TOTAL), lambda: fl.cell(d.v, "公开01", "支出总计"))])


def n04(d):
    s = fiscal_overview(d)
    if s is None or not s.text:
        return "not_applicable"
    return fl.worst([_eq_or_blank(said(s, _FISCAL_IN_TOTAL), lambda: fl.cell(d.v, "公开04", "收入总计")),
                     _eq_or_blank(said(s, _SPEND_TOTAL), lambda: fl.cell(d.v, "公开04", "支出总计", "合计"))])


def _stated_vs(d, words, pattern, table_cell) -> str:
    a = said(section(d.sections, *words), pattern)
    if a is None:
        return "not_applicable"
    return fl.compare("==", a, table_cell())


def n02a(d):
    return _stated_vs(d, ("收入决算情况",), _INCOME_SUM, lambda: fl.cell(d.v, "公开01", "本年收入合计"))


def n03a(d):
    return _stated_vs(d, ("支出决算情况",), _SPEND_SUM, lambda: fl.cell(d.v, "公开01", "本年支出合计"))


def n11a(d):
    return _stated_vs(d, ("政府性基金",), _SPEND, lambda: fl.cell(d.v, "公开07", "合计", "本年支出"))


def n11b(d):
    return _stated_vs(d, ("国有资本经营",), _SPEND, lambda: fl.cell(d.v, "公开08", "合计", "合计"))


def n86(d):
    return _stated_vs(d, ("一般公共预算财政拨款支出决算情况", "结构情况"), _GENERAL_SPEND,
                      lambda: fl.cell(d.v, "公开05", "合计", "合计"))


# percentage ------------------------------------------------------------------------------------------------------

def _share(d, words, label, part_of, whole_of) -> str:
    """文中金额 == the table's amount, and the stated share (if any) == part ÷ whole (unrounded, intervals)."""
    s = section(d.sections, *words)
    amount = said(s, _stated(label))
    if amount is None:
        return "not_applicable"
    table_part = part_of()
    first = fl.compare("==", amount, table_part)
    if first in ("fail", "error"):
        return first
    pct = stated_amount(_SHARE[label].search(s.text), 2)
    if pct is None:
        return first
    whole = whole_of()
    if whole[0] is None or table_part[0] is None:
        return "error"
    return fl.worst([first, stated_share(pct, table_part, whole)])


def stated_share(pct, part, whole) -> str:
    """A printed percentage against part ÷ whole × 100: pass when the ratio rounds to it at its printed precision,
    rounding when some ratio the printed amounts allow (the corners of their intervals) does, else fail."""
    (p, h), (a, ta), (b, tb) = pct, part, whole
    if b == 0:
        return "error"
    c = a / b * fl.HUNDRED
    if c.quantize(p, rounding=ROUND_HALF_UP) == p:
        return "pass"
    if b - tb <= 0 <= b + tb:
        t = (ta / abs(b) + abs(a) * tb / (b * b)) * fl.HUNDRED
        return "rounding" if c + t >= p - h and c - t < p + h else "fail"
    corners = [x / y * fl.HUNDRED for x in (a - ta, a + ta) for y in (b - tb, b + tb)]
    return "rounding" if max(corners) >= p - h and min(corners) < p + h else "fail"


_SHARE = {label: re.compile(re.escape(label) + JOIN + NUMBER[:-1] + r")万元,占(?:[^。；;]{0,40}?)" + JOIN
                            + NUMBER + "%")
          for label in ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")}
_GENERAL_SHARE = re.compile("支出" + JOIN + NUMBER + r"万元,占本年支出合计的" + JOIN + NUMBER + "%")


def n05(d):
    s = section(d.sections, "一般公共预算财政拨款支出决算情况", "总体情况")
    m = None if s is None else _GENERAL_SHARE.search(s.text)
    if m is None:
        return "not_applicable"
    spent = fl.cell(d.v, "公开05", "合计", "合计")
    first = fl.compare("==", stated_amount(m), spent)
    if first in ("fail", "error"):
        return first
    whole = fl.cell(d.v, "公开01", "本年支出合计")
    if spent[0] is None or whole[0] is None:
        return "error"
    return fl.worst([first, stated_share(stated_amount(m, 2), spent, whole)])


def _n02(label):
    def rule(d):
        return _share(d, ("收入决算情况",), label, lambda: fl.cell(d.v, "公开02", "合计", label),
                      lambda: fl.cell(d.v, "公开01", "本年收入合计"))
    return rule


# year-on-year and across years: a stated change is its direction word's sign × its amount (持平: 0)

DIRECTION = {"增加": 1, "增长": 1, "上升": 1, "减少": -1, "下降": -1, "降低": -1, "持平": 0, "相同": 0}
_DIRECTION_WORDS = "(" + "|".join(DIRECTION) + ")"


def _change(label: str, tail: str = "万元") -> re.Pattern[str]:
    return re.compile(re.escape(label) + _DIRECTION_WORDS + "(?:" + NUMBER + ")?" + re.escape(tail))


def change(sec, pattern: re.Pattern[str]):
    m = None if sec is None else pattern.search(sec.text)
    if m is None:
        return None
    amount = stated_amount(m, 2) if m.group(2) else (ZERO, ZERO)
    return amount[0] * DIRECTION[m.group(1)], amount[1]


_INCOME_CHANGE, _SPEND_CHANGE = _change("收入总计"), _change("支出总计")
_FISCAL_INCOME_CHANGE = _change("财政拨款收入总计")


def y05(d):
    s = section(d.sections, "收入支出决算总体情况")
    income = change(s, _INCOME_CHANGE)
    if income is None:
        return "not_applicable"
    spend = change(s, _SPEND_CHANGE)
    first = "pass" if spend is None else fl.compare("==", income, spend)
    if first in ("fail", "error"):
        return first
    same = fl.compare("==", fl.cell(d.v, "公开01", "收入总计"), fl.cell(d.v, "公开04", "收入总计"))
    if same == "error":
        return same
    if same != "pass":
        return first  # 非 (收入总计 == 财拨收入总计): only an exact equality asks the second comparison
    fiscal = change(fiscal_overview(d), _FISCAL_INCOME_CHANGE)
    return first if fiscal is None else fl.worst([first, fl.compare("==", income, fiscal)])


_INCOME_RATE = re.compile("收入总计" + _DIRECTION_WORDS + "(?:" + NUMBER + ")?万元," + _DIRECTION_WORDS + JOIN
                          + NUMBER + "%")
_SPEND_RATE = re.compile("支出总计" + _DIRECTION_WORDS + "(?:" + NUMBER + ")?万元," + _DIRECTION_WORDS + JOIN
                         + NUMBER + "%")


def _rate_of_change(s, rate: re.Pattern[str], amount: re.Pattern[str], now) -> str:
    m = rate.search(s.text)
    if m is None:
        return "pass"
    delta = change(s, amount)
    if delta is None or now[0] is None:
        return "error"
    base = (now[0] - delta[0], now[1] + delta[1])
    return stated_share(stated_amount(m, 4), (abs(delta[0]), delta[1]), base)


def y01a(d):
    s = section(d.sections, "收入支出决算总体情况")
    if s is None or not s.text:
        return "not_applicable"
    return fl.worst([_rate_of_change(s, _INCOME_RATE, _INCOME_CHANGE, fl.cell(d.v, "公开01", "收入总计")),
                     _rate_of_change(s, _SPEND_RATE, _SPEND_CHANGE, fl.cell(d.v, "公开01", "支出总计"))])


_ANY = "(?:[^。;]{0,40}?)"  # the template's {*}: up to 40 characters within one sentence (；is ; once NFKC'd)


def _class_labels(d, table: str) -> list[str]:
    """The printed labels of a table's 类 rows, flattened as the text is."""
    raw = {r["key"]: r.get("label") or r["key"] for r in d.data["tables"].get(table, {}).get("rows", ())}
    return [flatten(raw.get(r.key, r.key)) for r in fl.level(d.v, table, "类")]


def y04c(d):
    """Each 类 whose change on last year is stated (and not 0) gives its reason."""
    s = section(d.sections, "一般公共预算财政拨款支出决算情况", "具体情况")
    if s is None or not s.text:
        return "not_applicable"
    out = []
    for label in _class_labels(d, "公开05"):
        head = re.escape(label) + "年初预算" + _ANY + "%" + _ANY + "。较上年决算" + _DIRECTION_WORDS + "(?:" + NUMBER + ")?万元"
        m = re.search(head, s.text)
        if m is None:
            continue
        amount = stated_amount(m, 2) if m.group(2) else (ZERO, ZERO)
        if amount[0] * DIRECTION[m.group(1)] == 0 or re.search(head + _ANY + "原因", s.text):
            out.append("pass")
        else:
            out.append("rounding" if abs(amount[0]) <= amount[1] else "fail")
    return fl.worst(out)


# across years -------------------------------------------------------------------------------------

def _last_year(d, t: str, r: str, col: str | None = None) -> str:
    """Last year's disclosure is not part of the workload: every cross-year comparison is not checkable."""
    raise fl.Missing("上年" + t)


def _cross_year(d, t: str, r: str, col: str | None, last: tuple) -> str:
    """This year's figure against last year's: this year's row read first (absent: an error, as rulebook's left
    operand), then last year's (not part of the workload: not checkable)."""
    now = fl.cell(d.v, t, r, col)
    if now[0] is None:
        return "error"
    return fl.compare("==", now, _last_year(d, *last))


def k01(d):
    return _cross_year(d, "公开01", "年初结转和结余", None, ("公开01", "年末结转和结余"))


def k02(d):
    return _cross_year(d, "公开04", "年初财政拨款结转和结余", None, ("公开04", "年末"))


def k03(d):
    return _cross_year(d, "公开07", "合计", "年初结转和结余", ("公开07", "合计"))


# 自评表 ------------------------------------------------------------------------------------------------------------

def _forms(d):
    return d.data.get("attachments") or []


def _filled(field) -> bool:
    if field is not None and "total" in field:
        field = field["total"]
    return field is not None and field.get("value") not in (None, "")


def p01b(d):
    return "pass" if all(_filled(f.get("execution_rate")) for f in _forms(d)) else "fail"


def p03b(d):
    return "pass" if all(_filled((f.get("category_scores") or {}).get(k)) for f in _forms(d)
                         for k in ("产出指标", "效益指标", "满意度指标")) else "fail"


def p10(d):
    forms = d.v.forms
    if not forms:
        return "not_applicable"
    spent = fl.total(f["executed"] or NIL for f in forms)
    return fl.compare("<=", spent, fl.cell(d.v, "公开03", "合计", "项目支出"), tolerance=Decimal("0.05"))


SAMPLE = {
    "C01a": c01a, "C01d": c01d, "C01j": c01j, "C06b": c06b, "C06i": c06i, "C07c": c07c, "C03t02": c03t02,
    "C08a": _subdivided("公开02", "本年收入合计"), "C08c": _subdivided("公开05", "合计"),
    "C08e": _subdivided("公开07", "本年支出"), "C08f": _subdivided("公开08", "合计"),
    "C07a": c07a, "C07b": c07b,
    "N01": n01, "N04": n04, "N02a": n02a, "N03a": n03a, "N11a": n11a, "N11b": n11b, "N86": n86,
    "N02b": _n02("财政拨款收入"), "N02c": _n02("上级补助收入"), "N02d": _n02("事业收入"),
    "K01": k01, "K02": k02, "K03": k03,
    "N02e": _n02("经营收入"), "N02f": _n02("附属单位上缴收入"), "N02g": _n02("其他收入"), "N05": n05,
    "Y05": y05, "Y04c": y04c, "Y01a": y01a, "Y07": y07, "C10d": c10d, "H06": h06, "H05a": h05a, "H05c": h05c,
    "P01b": p01b, "P03b": p03b, "P10": p10,
}
