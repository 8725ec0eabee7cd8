"""Hand-written floor functions for the costly scans of structure, text and codes (session 15): the fixed rows,
the 行次/栏次 numbering, the 目录 against the body, table headers, amounts printed and template leftovers in the
情况说明, 元 written for 万元, headings' years and unit names, names printed for two codes. Part of
bench/floor_whole_costly.COSTLY (bench/floor_whole.FLOOR)."""
from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from pathlib import Path

from bench import floor as fl
from bench import floor_whole_rules as fw

ZERO = Decimal(0)
HUNDRED = Decimal(100)

SCANS: dict = {}


# structure: the fixed rows, the 行次 numbering, the 目录 against the body ---------------------------------------
# The catalogue (rulebook/catalogue.yaml) is data a user's script would carry as its own constants: read once.

def _catalogue():
    import yaml

    raw = yaml.safe_load((Path(__file__).resolve().parent.parent / "rulebook" / "catalogue.yaml").read_text("utf-8"))
    fixed, titles = {}, {}
    for tid, spec in raw["tables"].items():
        rows = []
        for r in spec.get("rows", ()):
            key = fw.normalise(r["key"])
            names = frozenset({key, *(fw.normalise(str(a)) for a in r.get("aliases") or ())})
            rows.append((r.get("side"), key.split("/")[0] if "/" in key else None, names))
        fixed[tid] = rows
        for title in (spec["title"], *(spec.get("aliases") or ())):
            titles.setdefault(fw.normalise(str(title)), tid)
    return fixed, titles


_FIXED, _TITLES = _catalogue()


def c13(d):
    """No table leaves out a fixed row of its form (a row keyed 甲/乙 only where the table prints 甲's breakdown)."""
    for tid, t in d.data["tables"].items():
        spec, rows = _FIXED.get(tid), t.get("rows")
        if spec is None or not rows:
            continue
        printed, parents = set(), set()
        for r in rows:
            key = fw.label(r["key"])
            printed.add((key, r.get("side")))
            printed.add((key, None))
            if "/" in r["key"]:
                parents.add(key.split("/")[0])
        for side, parent, names in spec:
            if parent is not None and parent not in parents:
                continue
            if not any((name, side) in printed for name in names):
                return "fail"
    return "pass"


def _order(source) -> tuple[int, int]:
    return ((source.get("page") or 0), (source.get("line") or 0)) if source else (0, 0)


def t21a(d):
    """行次 runs 1, 2, 3 … on each side, in printed order: no number skipped or repeated."""
    for t in d.data["tables"].values():
        sides: dict = {}
        for r in t.get("rows", ()):
            n = r.get("line_no")
            if n and n.isdigit():
                sides.setdefault(r.get("side"), []).append((_order(r.get("source")), int(n)))
        for s in t.get("spacer_lines") or ():
            if s["number"].isdigit():
                sides.setdefault(s.get("side"), []).append((_order(s.get("source")), int(s["number"])))
        for printed in sides.values():
            printed.sort()
            for (_, before), (_, after) in zip(printed, printed[1:]):
                if after != before + 1:
                    return "fail"
    return "pass"


_PART_HEAD = re.compile(r"^第\s*[一二三四五六七八九十\d]+\s*部分\s*(.*)$")
_PART_WORDS = (("概况", "overview"), ("决算表", "tables"), ("情况说明", "narrative"), ("名词解释", "glossary"),
               ("附件", "attachments"))
_TABLE_SUFFIX = re.compile(r"\(公开\d+表?\)$")
_TITLE_TAIL = re.compile(r"(?:的)?(?:情况说明|说明|情况)$")
_LEADER = re.compile(r"[.…·\-—]*\d*$")


def _key(title: str) -> str:
    text = _TABLE_SUFFIX.sub("", _LEADER.sub("", fw.normalise(title)))
    return _TITLE_TAIL.sub("", text) or text


def _part_kind(title: str):
    m = _PART_HEAD.match(fw.normalise(title))
    if not m:
        return None
    return next((kind for word, kind in _PART_WORDS if word in m[1]), "unknown")


def _at(source):
    """A body place ((page, line) to order by), or None when its line is unknown."""
    return None if not source or source.get("line") is None else ((source.get("page") or 0), source["line"])


def _placement(d):
    """Each 目录 entry as (found in the body, where the body prints it or None): a 第N部分 by its heading or its
    content, a table as found (C01 reports a missing one), the rest by title (the same title first, then one inside
    the other), each body entry taken once. Made once per document for C02 and C02b, as a user would."""
    found = d.shared.get("placement")
    if found is None:
        found = d.shared["placement"] = _place(d)
    return found


def _place(d):
    data = d.data
    narrative = data.get("narrative") or {}
    body = {"overview": [(_key(s["title"]), _at(s.get("source"))) for s in narrative.get("overview") or ()],
            "narrative": [(_key(s["title"]), _at(s.get("source"))) for s in narrative.get("sections") or ()],
            "glossary": [(_key(s["title"]), _at(s.get("source"))) for s in narrative.get("glossary") or ()],
            "attachments": [(_key(f["project"]), _at(f.get("source"))) for f in data.get("attachments") or ()],
            "tables": [(t, _at(x.get("source"))) for t, x in data["tables"].items()]}
    headings = [(_part_kind(h["text"]), _key(h["text"]), h.get("source")) for h in data.get("parts") or ()]
    used: set = set()
    part, out = None, []
    for entry in data.get("toc") or ():
        title = entry.get("title", "")
        kind = _part_kind(title)
        if kind is not None:
            part = kind
            key = _key(title)
            heading = next((h for h in headings if h[0] == kind != "unknown" or h[1] == key), None)
            lines = [line for _, line in body.get(kind, []) if line is not None]
            line = _at(heading[2]) if heading is not None else (min(lines) if lines else None)
            out.append((heading is not None or bool(body.get(kind)), line))
            continue
        tid = _TITLES.get(fw.normalise(_TABLE_SUFFIX.sub("", _LEADER.sub("", fw.normalise(title)))))
        if tid is not None:
            table = data["tables"].get(tid)
            out.append((True, _at(table.get("source")) if table else None))
            continue
        key = _key(title)
        kinds = [part] if part in body else []
        kinds += [k for k in body if k not in kinds and k != "tables"]
        free = [(k, i, name, line) for k in kinds for i, (name, line) in enumerate(body[k]) if (k, i) not in used]
        hit = next(((k, i, line) for k, i, name, line in free if name == key), None) or next(
            ((k, i, line) for k, i, name, line in free
             if min(len(key), len(name)) >= 2 and (key in name or name in key)), None)
        if hit is not None:
            used.add(hit[:2])
        out.append((hit is not None, hit[2] if hit else None))
    return out


def _has_toc(d) -> bool:
    return bool("\n".join(e.get("title", "") for e in d.data.get("toc") or ()).strip())


def c02(d):
    """Every 目录 entry is found in the body."""
    if not _has_toc(d):
        return "not_applicable"
    return "pass" if all(found for found, _ in _placement(d)) else "fail"


def c02b(d):
    """The body prints the 目录's entries in its order: the longest run in order holds every placed entry."""
    if not _has_toc(d):
        return "not_applicable"
    lines = [line for _, line in _placement(d) if line is not None]
    best: list = []  # patience: the smallest last line of an in-order run of each length
    for line in lines:
        i = bisect_right(best, line)
        if i == len(best):
            best.append(line)
        else:
            best[i] = line
    return "pass" if len(best) == len(lines) else "fail"


def t21b(d):
    """栏次 runs 1, 2, 3 … under each table's header."""
    for t in d.data["tables"].values():
        numbers = [int(c["number"]) for c in t.get("columns", ()) if c.get("number") and c["number"].isdigit()]
        if any(after != before + 1 for before, after in zip(numbers, numbers[1:])):
            return "fail"
    return "pass"


SCANS.update({"C13": c13, "T21a": t21a, "C02": c02, "C02b": c02b, "T21b": t21b})


# text: how amounts are printed, template leftovers, 元 written for 万元 ----------------------------------------------

_MONEY = re.compile(r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)\s*(万元|元)")
_THRESHOLD_BEFORE = re.compile(r"(?:单价|价值|金额在)\s*$")
_THRESHOLD_AFTER = re.compile(r"\s*[(（]?含?[)）]?\s*(?:及)?(?:以上|以下|以内)")


def n16(d):
    """Every amount in 万元 in the 情况说明 has two decimals (0 aside; thresholds such as 单价100万元以上 are not amounts)."""
    for s in d.sections:
        flat = s.text
        for m in _MONEY.finditer(flat):
            if (m.group(2) != "万元" or _THRESHOLD_BEFORE.search(flat, max(0, m.start() - 16), m.start())
                    or _THRESHOLD_AFTER.match(flat, m.end())):
                continue
            value = Decimal(m.group(1).replace(",", ""))
            e = value.as_tuple().exponent
            if (-e if isinstance(e, int) and e < 0 else 0) != 2 and value != 0:
                return "fail"
    return "pass"


_DIRECTION_WORD = "增加|减少|增长|下降|上升|大于|小于|高于|低于|提高|降低"
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ])[XxＸｘ]{2,}(?![A-Za-zＡ-Ｚａ-ｚ])|[×＊*]{2,}|○{2,}|□+|待填写?|待补充|此处填写|请填写"
    rf"|(?:{_DIRECTION_WORD})\s*(?:[（(]\s*(?:{_DIRECTION_WORD})\s*[)）]|/\s*(?:{_DIRECTION_WORD}))"
    r"|[（(]?(?:不涉及的不列|如持平作持平表述|按上述格式依次说明|作下述说明)[)）]?"
    r"|【\s*】|[（(][ \t\u3000]*[)）]")
_PLACEHOLDER_START = re.compile(r"[XxＸｘ×＊*○□待此请增减上下大小高低提降（(不如按作【]")


def _has_placeholder(text: str) -> bool:
    at = 0
    while (start := _PLACEHOLDER_START.search(text, at)) is not None:
        if _PLACEHOLDER.match(text, start.start()):
            return True
        at = start.start() + 1
    return False


def _full(raw: dict) -> str:
    """A section's printed text with the parts its own text lacks (their titles and texts) appended."""
    return raw.get("text", "") + "".join(s.get("title", "") + _full(s) for _, s in fw.appended(raw))


def _part_text(sections) -> str:
    return "\n".join(f"{s.get('number', '')}、{s.get('title', '')}\n" + _full(s) for s in sections)


def c11a(d):
    """No template leftover (XX, ××, 待填, 增加（减少）…) on the cover, in the 目录, 概况, 情况说明 or 名词解释."""
    data = d.data
    narrative = data.get("narrative") or {}
    texts = ("\n".join(c.get("text", "") for c in data.get("cover") or ()),
             "\n".join(e.get("title", "") for e in data.get("toc") or ()),
             _part_text(narrative.get("overview") or ()), _part_text(narrative.get("sections") or ()),
             _part_text(narrative.get("glossary") or ()))
    return "fail" if any(_has_placeholder(t) for t in texts) else "pass"


_PERCENT_SIGN = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[%％]")
_INNER = re.compile(r"其中|包括|包含|具体|明细")


def _half(text: str) -> Decimal:
    places = len(text.split(".", 1)[1]) if "." in text else 0
    return Decimal(5) / Decimal(10) ** (places + 1)


def _ratios(a, b):
    """The intervals (in %) a printed pair allows for a share a/b, a rise a/(b−a) and a fall a/(b+a)."""
    (x, ex), (y, ey) = a, b
    if y - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey) * HUNDRED, (x + ex) / (y - ey) * HUNDRED
    if y - x - ex - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey - x + ex) * HUNDRED, (x + ex) / (y - ey - x - ex) * HUNDRED
    if x + y - ex - ey > 0 and x - ex >= 0:
        yield (x - ex) / (y + ey + x - ex) * HUNDRED, (x + ex) / (y - ey + x + ex) * HUNDRED


def _explained(amount, others, percents) -> bool:
    for other in others:
        for lo, hi in (*_ratios(amount, other), *_ratios(other, amount)):
            if any(lo < p + h and hi >= p - h for p, h in percents if p != 0):
                return True
    return False


def _sentence(flat: str, start: int, end: int):
    this = flat.rfind("。", 0, start) + 1
    before = flat.rfind("。", 0, max(0, this - 1)) + 1
    after = flat.find("。", end)
    return before, this, len(flat) if after < 0 else after


def _completes(flat: str, m, value: Decimal) -> bool:
    """Read in 万元, the amount makes the parts after the nearest 其中 add up to the 万元 whole just before it."""
    at = flat.rfind("其中", 0, m.start())
    if at < 0 or "。" in flat[at:m.start()]:
        return False
    before, this, _ = _sentence(flat, at, at)
    wholes = list(_MONEY.finditer(flat, before, at))
    if not wholes or wholes[-1][2] != "万元":
        return False
    whole = Decimal(wholes[-1][1].replace(",", ""))
    end = _sentence(flat, m.start(), m.end())[2]
    if _INNER.search(flat, this, at) and (semicolon := flat.find(";", at, end)) >= 0:
        end = semicolon
    parts, mine, last = [], False, at + 2
    for x in _MONEY.finditer(flat, at, end):
        between = flat[last:x.start()]
        last = x.end()
        if _INNER.search(between[between.rfind(";") + 1:]) or _THRESHOLD_AFTER.match(flat, x.end()):
            continue
        parts.append(x)
        mine = mine or x.start() == m.start()
    if not mine or len(parts) < 2:
        return False
    others = sum((Decimal(x[1].replace(",", "")) / (1 if x[2] == "万元" else 10000) for x in parts
                  if x.start() != m.start()), ZERO)
    slack = sum((_half(x[1]) for x in parts), _half(wholes[-1][1]))
    return abs(others + value - whole) <= slack < abs(others + value / 10000 - whole)


def n80(d):
    """No amount in 元 that was meant in 万元: explained as such by a percentage or a 其中 sum, or its digits an amount
    printed in 万元 (in the 情况说明 or, only when some is left unexplained, a table)."""
    in_wan, unexplained = set(), []
    for s in d.sections:
        flat = s.text
        for m in _MONEY.finditer(flat):
            value = Decimal(m[1].replace(",", ""))
            if value == 0 or _THRESHOLD_BEFORE.search(flat[max(0, m.start() - 6):m.start()]) \
                    or _THRESHOLD_AFTER.match(flat, m.end()):
                continue
            if m[2] == "万元":
                in_wan.add(value)
                continue
            before, this, end = _sentence(flat, m.start(), m.end())
            wan = [(Decimal(x[1].replace(",", "")), _half(x[1])) for x in _MONEY.finditer(flat[before:end])
                   if x[2] == "万元"]
            percents = [(Decimal(x[1]), _half(x[1])) for x in _PERCENT_SIGN.finditer(flat[this:end])]
            if _explained((value, _half(m[1])), wan, percents) or _completes(flat, m, value):
                return "fail"
            unexplained.append(value)
    if not unexplained:
        return "pass"
    if any(v in in_wan for v in unexplained):
        return "fail"
    for t in d.data["tables"].values():
        if t.get("unit") in ("万元", None, ""):
            for r in t.get("rows", ()):
                for c in r.get("cells", {}).values():
                    if c.get("kind", "number") == "number" and c.get("value") is not None:
                        v = Decimal(c["value"])
                        if v != 0 and v in unexplained:
                            return "fail"
    return "pass"


SCANS.update({"N16": n16, "C11a": c11a, "N80": n80})


# codes: a name printed for two codes; 经济科目 listed under the wrong group ------------------------------------

def _coded(d):
    return [(r, r["code"]) for t in d.data["tables"].values() for r in t.get("rows", ())
            if r.get("code") and r["code"].isdigit()]


_GENERIC_ITEMS = {"01": "行政运行", "02": "一般行政管理事务", "03": "机关服务", "50": "事业运行"}
_QUALIFIER = re.compile(r"\([^)]*\)")


def _position(code: str) -> str:
    return code if len(code) <= 3 else code[-2:]


def _structural(codes: set, name: str, names: dict) -> bool:
    """The classification's own repeat: a generic 项 of the 功能分类 at its position, or parents that are one 科目
    in two variants (the same name once a bracketed qualifier is dropped)."""
    parents = {c[:-2] for c in codes if len(c) > 3}
    if len(parents) < 2:
        return False
    if all(len(c) == 7 and c[0] == "2" for c in codes):
        return name == _GENERIC_ITEMS.get(_position(min(codes)))
    printed = [names.get(p) for p in sorted(parents)]
    first = printed[0]
    return all(first is not None and other is not None and _QUALIFIER.sub("", first) == _QUALIFIER.sub("", other)
               for other in printed[1:])


def h05d(d):
    """No name printed for two codes of one classification and level, unless the classification repeats it."""
    coded = [(fw.label(r.get("label", "")), code) for r, code in _coded(d)]
    names: dict = {}
    for name, code in coded:
        names.setdefault(code, name)
    first: dict = {}
    for name, code in coded:
        if not name:
            continue
        seen = first.setdefault((code[0], len(code), name), code)
        if seen == code:
            continue
        if _position(code) == _position(seen) and _structural({seen, code}, name, names):
            continue
        return "fail"
    return "pass"


_CLAUSE = re.compile(r"[^；;。]+")
_PERSONNEL = frozenset({"301", "303"})


def h07(d):
    """经济科目 the 情况说明 lists under 人员经费 (or 公用经费) “包括” are printed in 公开06 under that group's 类."""
    if "公开06" not in d.v.rows:
        return "not_applicable"
    names: dict = {}
    for r in d.data["tables"]["公开06"].get("rows", ()):
        code = r.get("code") or ""
        if code.isdigit() and code[0] == "3" and len(code) in (3, 5) and (name := fw.label(r.get("label", ""))):
            names.setdefault(name, set()).add(code[:3])
    if not names:
        return "pass"
    longest = sorted(names, key=len, reverse=True)
    for s in d.sections:
        for clause in _CLAUSE.finditer(s.text):
            words = clause.group(0)
            labels = [label for label in ("人员经费", "公用经费") if label in words]
            if len(labels) != 1 or "包括" not in words[words.index(labels[0]):]:
                continue
            label = labels[0]
            listed = words[words.index("包括", words.index(label)):]
            taken: list = []
            for name in longest:
                at = listed.find(name)
                while at >= 0:
                    if not any(at < end and start < at + len(name) for start, end in taken):
                        taken.append((at, at + len(name)))
                        groups = {"人员经费" if c in _PERSONNEL else "公用经费" for c in names[name]}
                        if len(groups) == 1 and label not in groups:
                            return "fail"
                    at = listed.find(name, at + len(name))
    return "pass"


SCANS.update({"H05d": h05d, "H07": h07})


# structure: table headers, 类 with amounts broken down, no negative amounts ---------------------------------------

_HEADER = {"表号": lambda t: t.get("number") or "",
           "部门名称": lambda t: (t.get("header") or {}).get("部门名称") or (t.get("header") or {}).get("单位名称") or "",
           "年度": lambda t: (t.get("header") or {}).get("年度") or "",
           "金额单位": lambda t: (t.get("header") or {}).get("金额单位") or ""}
_TABLES = tuple(f"公开{i:02d}" for i in range(1, 11))


def _header(table: dict, element: str) -> bool:
    return bool(_HEADER[element](table).strip())


def _c03h(tid: str):
    """A table prints each header element that some table prints (表号 in the shanxi10 profile)."""
    def rule(d):
        tables = d.data["tables"]
        shanxi = (d.data.get("metadata") or {}).get("profile") == "shanxi10"
        if tid not in tables or (tid == "公开10" and not shanxi):
            return "not_applicable"
        t = tables[tid]
        if not _header(t, "表号") and shanxi:
            return "fail"
        for element in ("部门名称", "年度", "金额单位"):
            if not _header(t, element) and any(_header(tables[x], element) for x in _TABLES if x in tables):
                return "fail"
        return "pass"
    return rule


def _c03t(tid: str):
    def rule(d):
        t = d.data["tables"].get(tid)
        if t is None or (tid == "公开10" and (d.data.get("metadata") or {}).get("profile") != "shanxi10"):
            return "not_applicable"
        return "pass" if (t.get("title") or "").strip() else "fail"
    return rule


def c08d(d):
    """Every 公开06 类 with an amount lists its 款."""
    for r in fl.level(d.v, "公开06", "类"):
        if r.m[0] != 0 and not fl.kids(d.v, "公开06", r):
            return "fail"
    return "pass"


def t22b(d):
    """No negative amount in 公开06, nor in 公开10's 行次 1–17."""
    if any(r.m[0] < 0 for r in fl.rows(d.v, "公开06")):
        return "fail"
    if "公开10" in d.v.rows and any(r.m[0] < 0 for r in d.v.rows["公开10"] if 1 <= r.line <= 17):
        return "fail"
    return "pass"


SCANS.update({f"C03h{i:02d}": _c03h(f"公开{i:02d}") for i in range(1, 11)})
SCANS.update({f"C03t{i:02d}": _c03t(f"公开{i:02d}") for i in range(1, 11) if i != 2})
SCANS.update({"C08d": c08d, "T22b": t22b})


# text: the year and the unit name every heading states, against what most places state -----------------------

_H_YEAR = re.compile(r"(\d{4})\s*年(?:\s*度|(?=\s*(?:部门|单位)?\s*决算))")
_H_NUMBERING = re.compile(r"^\s*(?:第\s*[一二三四五六七八九十\d]+\s*部分|[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）])\s*")
_H_BEFORE_OVERVIEW = re.compile(r"^(.+?)\s*(?:部门|单位)?\s*概况\s*$")
_H_SPACE = re.compile(r"\s+")
_H_ORGANISATION = re.compile(r"(?:局|委员会|委|办公室|办|厅|部|院|中心|会|所|站|队|处|馆|校|室|社|团|司|署|公司|集团|大学|学院)$")


def _heading_texts(data: dict):
    """Every heading but the cover: part headings, 目录 entries, table titles, section titles (nested)."""
    yield from (p.get("text", "") for p in data.get("parts") or ())
    yield from (e.get("title", "") for e in data.get("toc") or ())
    yield from (t["title"] for t in data["tables"].values() if t.get("title"))

    def walk(sections):
        for s in sections:
            yield s.get("title", "")
            yield from walk(s.get("subsections") or ())
    narrative = data.get("narrative") or {}
    for part in ("overview", "sections", "glossary"):
        yield from walk(narrative.get(part) or ())


def _heading_year(text: str):
    m = _H_YEAR.search(text)
    return int(m[1]) if m else None


def _heading_unit(text: str):
    words = _H_NUMBERING.sub("", _H_SPACE.sub("", text))
    year = _H_YEAR.search(words)
    if year:
        words = words[:year.start()]
    else:
        overview = _H_BEFORE_OVERVIEW.match(words)
        if not overview:
            return None
        words = overview[1]
    words = fw.normalise(words)
    return words if len(words) >= 3 and _H_ORGANISATION.search(words) else None


def _odd_heading(d, read, cover_value) -> str:
    """fail when a heading states another value than most places (the cover counting and deciding a tie)."""
    values = [v for text in _heading_texts(d.data) if (v := read(text)) is not None]
    if cover_value is not None:
        values.insert(0, cover_value)
    if not values:
        return "pass"
    votes: dict = {}
    for v in values:
        votes[v] = votes.get(v, 0) + 1
    top = max(votes.values())
    leaders = [v for v, n in votes.items() if n == top]
    if len(leaders) > 1 and cover_value not in leaders:
        return "pass"
    reference = cover_value if cover_value in leaders else leaders[0]
    return "fail" if any(v != reference for v in values) else "pass"


def _cover(d) -> str:
    return "".join(c.get("text", "") for c in d.data.get("cover") or ())


def c10e(d):
    return _odd_heading(d, _heading_year, _heading_year(_cover(d)))


def c10f(d):
    text = _H_SPACE.sub("", _cover(d))
    year = _H_YEAR.search(text)
    words = fw.normalise(text[:year.start()] if year else "")
    return _odd_heading(d, _heading_unit, words if words and _H_ORGANISATION.search(words) else None)


SCANS.update({"C10e": c10e, "C10f": c10f})
