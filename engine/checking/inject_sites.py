"""The sites of each injected defect class: where in a dumped (JSON) disclosure model a defect of that class can be
put, and the change that puts it there. engine/checking/inject.py runs them and measures what the rules catch."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from decimal import Decimal

from engine.functions.units import half_unit, ratio_intervals

# class id -> (Chinese name, what is changed)
CLASSES = {
    "table-amount": "表中金额改动",
    "narrative-amount": "文中金额改动",
    "percent-digit": "百分比末位差一",
    "direction": "方向词反转",
    "heading-year": "标题年度改动",
    "heading-unit": "标题单位名称改动",
    "placeholder": "占位符残留",
    "alternation": "模板选择项残留",
    "code-name": "科目编码配错名称",
    "row-removed": "删去一行",
    "table-removed": "删去一张表",
    "unit-changed": "金额单位改动",
}
BENIGN = {
    "benign-separator": "千分位与空格（金额不变）",
    "benign-phrasing": "等价措辞",
    "benign-cell-text": "表中金额印法（数值不变）",
}


@dataclass(frozen=True)
class Site:
    cls: str
    where: str  # what was changed, for a person: 公开05[201].合计 2106.66 → 2117.66
    apply: Callable[[dict], None] = field(compare=False, repr=False)


# ---- walking the dumped model -------------------------------------------------------------------------------

def _sections(dump: dict) -> Iterator[dict]:
    def walk(items):
        for s in items:
            yield s
            yield from walk(s.get("subsections", []))
    for part in ("overview", "sections", "glossary"):
        yield from walk(dump["narrative"][part])


def _replace_in_text(dump: dict, old: str, new: str) -> None:
    """Replaces the first occurrence of `old` in every section text that has it (a parent section's text repeats
    its parts' text, so both must change together)."""
    for s in _sections(dump):
        if old in s["text"]:
            s["text"] = s["text"].replace(old, new, 1)


def _unique_context(start: int, end: int, text: str) -> tuple[str, int] | None:
    """The shortest window around text[start:end] that occurs once in `text` (so the edit lands where meant), and
    where the match starts inside it."""
    for pad in (4, 8, 12, 20, 40):
        left = max(0, start - pad)
        window = text[left:end + pad]
        if text.count(window) == 1:
            return window, start - left
    return None


def _text_sites(dump: dict, cls: str, pattern: re.Pattern, change: Callable[[re.Match], str | None]
                ) -> Iterator[Site]:
    """One site per match of `pattern` in the narrative's leaf texts (each printed sentence once)."""
    seen: set[str] = set()
    for s in _sections(dump):
        if s.get("subsections"):
            continue  # a parent's text repeats its parts: take each sentence from the leaf that prints it
        text = s["text"]
        for m in pattern.finditer(text):
            replacement = change(m)
            if replacement is None:
                continue
            found = _unique_context(m.start(), m.end(), text)
            if found is None or found[0] in seen:
                continue
            window, offset = found
            seen.add(window)
            new_window = window[:offset] + replacement + window[offset + len(m.group(0)):]
            shown = (window.strip(), new_window.strip())
            where = f"{s['title'][:14]}：「{shown[0]}」→「{shown[1]}」".replace("\n", "⏎")
            yield Site(cls, where, partial(_replace_in_text, old=window, new=new_window))


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _printed(value: Decimal, like: str) -> str:
    out = f"{value:.{_decimals(like)}f}"
    if "," in like:
        whole, _, frac = out.partition(".")
        out = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return out


def _shifted(text: str) -> str:
    """An amount clearly not a rounding slip: +10 % and at least 1.00 more, printed like the original."""
    value = Decimal(text.replace(",", ""))
    return _printed(value + max(Decimal(1), (value / 10).quantize(Decimal(1))), text)


AMOUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?=\s*万元)")
PERCENT = re.compile(r"(?<![\d.])(\d+\.\d+)(?=\s*%)")
DIRECTION = re.compile(r"(增加|减少|增长|下降|大于|小于|上升)(?=\s*[\d（(]|预算)")
FLIP = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "大于": "小于", "小于": "大于", "上升": "下降"}
OTHER_CHOICE = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "大于": "小于", "小于": "大于", "上升": "下降"}


def _not_leftover(m: re.Match) -> bool:
    after = m.string[m.end():m.end() + 4]
    return not re.match(r"[（(](增加|减少|增长|下降|大于|小于)", after)


# ---- the classes --------------------------------------------------------------------------------------------

def _number_cells(dump: dict) -> Iterator[tuple[str, dict, str, dict]]:
    for tid, table in dump["tables"].items():
        for row in table["rows"]:
            for col, cell in row["cells"].items():
                if cell["kind"] == "number" and cell["value"] is not None:
                    yield tid, row, col, cell


def table_amount(dump: dict) -> Iterator[Site]:
    for tid, row, col, cell in _number_cells(dump):
        new = _shifted(cell["value"])

        def apply(d, tid=tid, key=row["key"], col=col, new=new):
            c = next(r for r in d["tables"][tid]["rows"] if r["key"] == key)["cells"][col]
            c["value"], c["text"] = new, new
        yield Site("table-amount", f"{tid}[{row['key']}].{col} {cell['value']} → {new}", apply)


def narrative_amount(dump: dict) -> Iterator[Site]:
    yield from _text_sites(dump, "narrative-amount", AMOUNT, lambda m: _shifted(m.group(0)))


def _amount(text: str) -> tuple[Decimal, Decimal]:
    return Decimal(text.replace(",", "")), half_unit(text)


def _allowed_too(dump: dict, text: str, m: re.Match, new: str) -> bool:
    """True when the printed amounts that explain the stated percentage also allow the changed one: then the
    change is within rounding, not a defect (0.39 over 2.85 allows 13.5 %–13.9 %, so 13.69 % is as right as
    13.68 %). The basis is a figure of the same or the previous sentence over an amount of the same section, else
    over any amount of the document; of the pairs that explain the stated figure the tightest decides (a loose pair
    of small amounts matches many figures by chance). A stated 0 % has no basis to test and is left out."""
    stated, h = Decimal(m.group(1)), half_unit(m.group(1))
    if stated == 0:
        return True
    changed = Decimal(new)
    start = max(text.rfind("。", 0, max(0, text.rfind("。", 0, m.start()))), 0)
    numerators = [_amount(x.group(0)) for x in AMOUNT.finditer(text[start:m.start()])]
    near = {x.group(0) for x in AMOUNT.finditer(text)}
    anywhere = {x.group(0) for s in _sections(dump) for x in AMOUNT.finditer(s["text"])}
    anywhere |= {c["text"] or c["value"] for _, _, _, c in _number_cells(dump)}
    for denominators in (near, anywhere):
        explaining = []
        for a in numerators:
            for text_b in denominators:
                try:
                    b = _amount(text_b)
                except ArithmeticError:
                    continue
                explaining += [(lo, hi) for lo, hi in ratio_intervals(a, b) if lo < stated + h and hi >= stated - h]
        if explaining:
            lo, hi = min(explaining, key=lambda iv: iv[1] - iv[0])
            return lo < changed + h and hi >= changed - h
    return False


def percent_digit(dump: dict) -> Iterator[Site]:
    def change(m):  # one up, else one down in the last printed digit: the first that rounding does not allow
        text = m.group(1)
        step = Decimal(1).scaleb(-_decimals(text))
        for value in (Decimal(text) + step, Decimal(text) - step):
            if value >= 0 and not _allowed_too(dump, m.string, m, new := f"{value:.{_decimals(text)}f}"):
                return new
        return None
    yield from _text_sites(dump, "percent-digit", PERCENT, change)


def direction(dump: dict) -> Iterator[Site]:
    yield from _text_sites(dump, "direction", DIRECTION,
                           lambda m: FLIP[m.group(1)] if _not_leftover(m) else None)


def placeholder(dump: dict) -> Iterator[Site]:
    yield from _text_sites(dump, "placeholder", AMOUNT, lambda m: "XX")


def alternation(dump: dict) -> Iterator[Site]:
    yield from _text_sites(dump, "alternation", DIRECTION,
                           lambda m: f"{m.group(1)}（{OTHER_CHOICE[m.group(1)]}）" if _not_leftover(m) else None)


def _heading_slots(dump: dict) -> Iterator[tuple[str, Callable[[dict], dict], str]]:
    """(where, getter of the dict holding the text, key): cover lines, body part headings, 目录 titles,
    table titles and table header fields."""
    for i, _ in enumerate(dump["cover"]):
        yield f"封面第{i + 1}行", partial(_at, ("cover", i)), "text"
    for i, _ in enumerate(dump["parts"]):
        yield f"第{i + 1}个部分标题", partial(_at, ("parts", i)), "text"
    for i, _ in enumerate(dump["toc"]):
        yield f"目录第{i + 1}项", partial(_at, ("toc", i)), "title"
    for tid, table in dump["tables"].items():
        yield f"{tid}表名", partial(_at, ("tables", tid)), "title"
        for field_name in table["header"]:
            yield f"{tid}表头{field_name}", partial(_at, ("tables", tid, "header")), field_name


def _at(path: tuple, d: dict) -> dict:
    """The dict at `path` inside a dumped disclosure."""
    for step in path:
        d = d[step]
    return d


def heading_year(dump: dict) -> Iterator[Site]:
    year = str(dump["metadata"].get("year") or "")
    if not year:
        return
    other = str(int(year) - 1)
    for where, get, key in _heading_slots(dump):
        if year in (get(dump).get(key) or ""):
            def apply(d, get=get, key=key):
                get(d)[key] = get(d)[key].replace(year, other)
            yield Site("heading-year", f"{where}：{year} → {other}", apply)


def _other_unit(unit: str) -> str:
    return unit[:-1] + "办公室" if unit.endswith("局") else unit + "办公室"


def heading_unit(dump: dict) -> Iterator[Site]:
    unit = dump["metadata"].get("unit_name") or ""
    if not unit:
        return
    other = _other_unit(unit)
    slots = list(_heading_slots(dump))
    for where, get, key in slots:
        if unit in (get(dump).get(key) or ""):
            yield Site("heading-unit", f"{where}：{unit} → {other}", partial(_swap_in, get, key, unit, other))
    for s in _sections(dump):
        if unit in s["title"]:
            title = s["title"]

            yield Site("heading-unit", f"情况说明标题「{title[:16]}」：{unit} → {other}",
                       partial(_swap_section_title, title, unit, other))


def code_name(dump: dict) -> Iterator[Site]:
    names: dict[str, dict[str, str]] = {}  # level -> code -> label
    for table in dump["tables"].values():
        for row in table["rows"]:
            if row.get("code") and row.get("level"):
                names.setdefault(row["level"], {}).setdefault(row["code"], row["label"])
    for tid, table in dump["tables"].items():
        for row in table["rows"]:
            level, code = row.get("level"), row.get("code")
            if not (code and level):
                continue
            # another code of the same classification (功能 2xx / 经济 3xx) and length, under another parent if any
            peers = [(c, n) for c, n in sorted(names[level].items()) if c != code and n != row["label"]
                     and c[0] == code[0] and len(c) == len(code)]
            others = [(c, n) for c, n in peers if c[:len(c) - 2] != code[:len(code) - 2]] or peers
            if not others:
                continue
            other_code, other = others[0]

            def apply(d, tid=tid, key=row["key"], other=other):
                next(r for r in d["tables"][tid]["rows"] if r["key"] == key)["label"] = other
            yield Site("code-name", f"{tid}[{code}] {row['label']} → {other}（{other_code} 的名称）", apply)


_TOTAL = re.compile(r"合计|总计|小计")


def row_removed(dump: dict) -> Iterator[Site]:
    for tid, table in dump["tables"].items():
        for row in table["rows"]:
            printed = [c for c in row["cells"].values() if c["kind"] == "number" and c["value"] not in (None, "0",
                                                                                                        "0.00")]
            if not printed or _TOTAL.search(row["label"]):
                continue

            def apply(d, tid=tid, key=row["key"]):
                d["tables"][tid]["rows"] = [r for r in d["tables"][tid]["rows"] if r["key"] != key]
            yield Site("row-removed", f"{tid} 删去行 {row['key']} {row['label']}", apply)


def table_removed(dump: dict) -> Iterator[Site]:
    for tid in dump["tables"]:
        def apply(d, tid=tid):
            del d["tables"][tid]
        yield Site("table-removed", f"删去 {tid}", apply)


def unit_changed(dump: dict) -> Iterator[Site]:
    for tid, table in dump["tables"].items():
        if not any(Decimal(c["value"]) != 0 for _, _, _, c in _number_cells({"tables": {tid: table}})):
            continue  # a table without a non-zero amount states nothing in its unit
        if table.get("unit") == "万元" or "万元" in table["header"].get("金额单位", ""):
            def apply(d, tid=tid):
                t = d["tables"][tid]
                t["unit"] = "元"
                for k in list(t["header"]):
                    if "单位" in k and "万元" in t["header"][k]:
                        t["header"][k] = t["header"][k].replace("万元", "元")
            yield Site("unit-changed", f"{tid} 金额单位 万元 → 元", apply)
    # 0 万元 is 0 元: only a non-zero amount changes meaning with its unit
    yield from _text_sites(dump, "unit-changed", re.compile(r"(?<![\d.])(?=\d*[1-9])[\d,]+(?:\.\d+)?\s*万元"),
                           lambda m: None if "单价" in m.string[max(0, m.start() - 3):m.start()]
                           else m.group(0).replace("万元", "元"))


def benign_separator(dump: dict) -> Iterator[Site]:
    def change(m):
        text = m.group(0)
        if "," in text:
            return text.replace(",", "")
        whole = m.group(1)
        return f"{int(whole):,}{m.group(2) or ''}" if len(whole) > 3 else text + " "
    yield from _text_sites(dump, "benign-separator", AMOUNT, change)


PHRASES = [(re.compile(r"占比(?=\d)"), "占"), (re.compile(r"(?<=[^\d])占(?=\d)"), "占比"),
           (re.compile(r"(?<=决算)为(?=\d)"), ""), (re.compile(r"(?<=[合总]计)(?=\d)"), "为")]


def _swap_in(get: Callable[[dict], dict], key: str, old: str, new: str, d: dict) -> None:
    get(d)[key] = get(d)[key].replace(old, new)


def _swap_section_title(title: str, old: str, new: str, d: dict) -> None:
    for x in _sections(d):
        if x["title"] == title:
            x["title"] = title.replace(old, new)


def _constant(text: str, m: re.Match) -> str:
    return text


def benign_phrasing(dump: dict) -> Iterator[Site]:
    for pattern, new in PHRASES:
        yield from _text_sites(dump, "benign-phrasing", pattern, partial(_constant, new))


def benign_cell_text(dump: dict) -> Iterator[Site]:
    """The same value printed another way: with a thousands separator, or padded with a space."""
    for tid, row, col, cell in _number_cells(dump):
        value, text = cell["value"], cell["text"] or ""
        whole, _, frac = value.partition(".")
        if "," in text or " " in text or whole.startswith("-"):
            continue
        new = f"{int(whole):,}" + (f".{frac}" if frac else "") if len(whole) > 3 else f" {value}"

        def apply(d, tid=tid, key=row["key"], col=col, new=new):
            next(r for r in d["tables"][tid]["rows"] if r["key"] == key)["cells"][col]["text"] = new
        yield Site("benign-cell-text", f"{tid}[{row['key']}].{col} 印作「{new}」", apply)


GENERATORS: dict[str, Callable[[dict], Iterator[Site]]] = {
    "table-amount": table_amount, "narrative-amount": narrative_amount, "percent-digit": percent_digit,
    "direction": direction, "heading-year": heading_year, "heading-unit": heading_unit, "placeholder": placeholder,
    "alternation": alternation, "code-name": code_name, "row-removed": row_removed, "table-removed": table_removed,
    "unit-changed": unit_changed, "benign-separator": benign_separator, "benign-phrasing": benign_phrasing,
    "benign-cell-text": benign_cell_text,
}


