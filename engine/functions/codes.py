"""科目编码与名称 (issue 18, class 7), checked without a guessed official list:
- the same 科目编码 printed with different names in different tables (编码名称不一);
- one name printed for two codes of a classification and level where the classification does not repeat it
  (名称编码不一: a code given another 科目's name; see _structural);
- a 类/款/项 chain named in the narrative ("住房保障支出（类）住房改革支出（款）住房公积金（项）") whose 项 no table
  carries, or whose 款/类 is not the tables' own parent of that 项 (文中科目不符);
- an 经济科目 listed in 情况说明 under 人员经费 while 公开06 prints it under a 公用经费 类, or the other way round
  (经费科目不符);
- when the user supplies an official list (CSV: code,name,year; path in RULEBOOK_SUBJECT_CODES), each printed
  name against it (科目名称不符; 有科目表() says whether one is supplied).
Names are compared after labels.normalise (width, spaces, brackets, numbering do not count).

Rows whose names are in doubt (engine/importers/name_proof.py; the memo holds them while a rule is judged,
engine/checking/names_read.py) are judged per finding: a finding is listed only when it holds whatever those names
truly are; each doubtful row whose name enters a comparison that could change what is listed is recorded
(`_compared`), so the rule passes only when none does."""
from __future__ import annotations

import csv
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, partial
from pathlib import Path

from engine.catalogue import load_catalogue
from engine.functions.row_names import COMPARED
from engine.functions.stated import anchors_of
from engine.functions.text import Anchored, line_anchors, source_at
from engine.labels import normalise
from engine.model import Disclosure, Row, Table
from engine.functions.registry import Function
from engine.language.runtime import FALSE, TRUE, Ctx, Item, Truth
from engine.functions.items import cite
from engine.said import Said, say

ENV = "RULEBOOK_SUBJECT_CODES"
_FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
_NAME = r"[\u4e00-\u9fff“”\"]{2,30}?"
# 1、住房保障支出（类）住房改革支出（款）住房公积金（项）; the 类 may be left out
_CHAIN = re.compile(rf"(?:({_NAME})[（(]类[)）])?({_NAME})[（(]款[)）]({_NAME})[（(]项[)）]")
# what every chain prints: a section without it has no chain (_CHAIN's lazy names cost ~0.5 ms a document to find none)
_KIND_MARK = re.compile(r"[（(]款[)）]")


Doubt = frozenset[tuple[str, str]]  # (table id, row key) of the rows whose names are in doubt
Judged = tuple[tuple[Item, ...], frozenset[tuple[str, str]]]  # (certain findings, (table, code) of doubtful names compared)


Coded = list[tuple[Table, Row, str]]  # (table, row, its code)


def _every_coded(ctx: Ctx) -> Coded:
    """Every row printed with a numeric 科目编码, listed once per document (five functions read them, some twice:
    seven walks over every row of every table before)."""
    doc = ctx.doc
    coded: Coded = ctx.memo.once(("coded rows",), doc, lambda: _coded_rows(doc))
    return coded


def _coded_rows(doc: Disclosure) -> Coded:
    return [(t, r, r.code) for t in doc.tables.values() for r in t.rows if r.code and r.code.isdigit()]


def _coded(rows: Coded, doubt: Doubt = frozenset(), doubtful: bool = False) -> Coded:
    """Those of `rows` whose names are certain, or (`doubtful`) those in doubt."""
    if not doubt:  # no name in doubt (the common case): every row is certain
        return [] if doubtful else rows
    return [(t, r, code) for t, r, code in rows if ((t.id, r.key) in doubt) == doubtful]


def _doubt(ctx: Ctx) -> Doubt:
    """The rows whose names are in doubt while a rule is judged per finding (none otherwise)."""
    held = ctx.memo.names_doubtful or {}
    return frozenset((table, key) for table, keys in held.items() if table and table != COMPARED for key in keys)


def _judged(ctx: Ctx, key: str, judge: Callable[[Doubt], Judged]) -> tuple[Item, ...]:
    """A function's certain findings, once per document and doubt; the doubtful names it compared are recorded in
    the memo (COMPARED) and the rule marked as having read doubtful names."""
    doubt = _doubt(ctx)
    items, compared = ctx.memo.once((key, doubt) if doubt else (key,), ctx.doc, lambda: judge(doubt))
    held = ctx.memo.names_doubtful
    if compared and held is not None:
        held[COMPARED] = held.get(COMPARED, frozenset()) | frozenset(f"{t} {code}" for t, code in compared)
        ctx.memo.named = True
    return cite(ctx, items)


def _rows_of(coded: list[tuple[Table, Row, str]], codes: set[str] | None = None) -> frozenset[tuple[str, str]]:
    """(table, code) of those rows (of `codes` only, when given)."""
    return frozenset((t.id, code) for t, _, code in coded if codes is None or code in codes)


def _conflicts(doc: Disclosure, doubt: Doubt = frozenset(), rows: Coded | None = None) -> Judged:
    """Certain names of one code that differ; a doubtful name compared with any other row of its code is in doubt
    (its true name may differ from them or not)."""
    rows = _coded_rows(doc) if rows is None else rows
    first: dict[str, tuple[Table, Row]] = {}
    out: list[Item] = []
    reported: set[tuple[str, str]] = set()
    for table, row, code in _coded(rows, doubt):
        seen = first.setdefault(code, (table, row))
        name, other = normalise(row.label), normalise(seen[1].label)
        if name == other or (code, name) in reported:
            continue
        reported.add((code, name))
        label = f"{code}：{seen[0].id}「{seen[1].label}」、{table.id}「{row.label}」"
        out.append(Item(label, row.source, table.id))
    doubtful = _coded(rows, doubt, doubtful=True)
    printed = Counter(code for _, _, code in rows)  # every row of each code, certain or not
    return tuple(out), _rows_of(doubtful, {code for code, n in printed.items() if n > 1})


def code_name_conflicts(ctx: Ctx) -> tuple[Item, ...]:
    """编码名称不一(): codes printed with another name in a later table, each with the line of the second name."""
    return _judged(ctx, "code_name_conflicts", partial(_conflicts, ctx.doc, rows=_every_coded(ctx)))


def _position(code: str) -> str:
    """Where a code sits under its parent: its last two digits (a 类 has no parent, so the whole code)."""
    return code if len(code) <= 3 else code[-2:]


_QUALIFIER = re.compile(r"\([^)]*\)")


def _parallel(one: str | None, other: str | None) -> bool:
    """Two printed parents that are one 科目 in two variants (资本性支出（基本建设） and 资本性支出): the same name once a
    bracketed qualifier is dropped. An unprinted parent is no evidence of a variant: the codes alone decide, and two
    different parents are two 科目."""
    if one is None or other is None:
        return False
    return _QUALIFIER.sub("", one) == _QUALIFIER.sub("", other)


# The generic 项 the 功能分类 itself repeats under its administrative 款 (2010101, 2010601, 2130101 … 行政运行).
# Not a guessed catalogue of codes: the official classification defines these four 项 once, by position, for every
# administrative 款; every other 项 name is particular to its 款 (2080501 行政单位离退休, 2210201 住房公积金).
_GENERIC_ITEMS = {"01": "行政运行", "02": "一般行政管理事务", "03": "机关服务", "50": "事业运行"}


def _structural(codes: set[str], name: str, names: dict[str, str]) -> bool:
    """Whether one name printed at one position by two codes under two parents is the classification's own repeat:
    - a generic 项 of the 功能分类 (_GENERIC_ITEMS) at its own position, in any 类: a department may run
      administrative 款 in several 类 (2120101 and 2200101 are both 行政运行). So 2080501 printed as 行政运行 cannot
      be told from print alone; only an official list (H05c) tells it;
    - the printed parents are one 科目 in two variants (309/310 and 311/312 list the same 款).
    Elsewhere (30101 基本工资 and 30301 基本工资) a shared name means a code carries another 科目's name."""
    parents = {c[:-2] for c in codes if len(c) > 3}
    if len(parents) < 2:
        return False
    if all(len(c) == 7 and c[0] == "2" for c in codes):
        return name == _GENERIC_ITEMS.get(_position(min(codes)))
    printed = [names.get(p) for p in sorted(parents)]
    return all(_parallel(printed[0], other) for other in printed[1:])


def _shared_names(doc: Disclosure, doubt: Doubt = frozenset(), rows: Coded | None = None) -> Judged:
    """One name printed for two codes of the same classification and level (名称编码不一), unless the classification
    itself repeats it there (see _structural) — judged without any official list, by what the document prints.
    Certain: two certain names, the exception judged by certain parents' names. In doubt: a doubtful name beside any
    other code of its classification and level (it may be that code's name), and a pair whose exception turns on a
    parent named only by doubtful rows."""
    rows = _coded_rows(doc) if rows is None else rows
    coded, doubtful = _coded(rows, doubt), _coded(rows, doubt, doubtful=True)
    names: dict[str, str] = {}
    for _, row, code in coded:
        names.setdefault(code, normalise(row.label))
    unnamed = {code for _, _, code in doubtful} - set(names)  # codes named by doubtful rows only
    first: dict[tuple[str, int, str], tuple[Table, Row, str]] = {}
    out: list[Item] = []
    compared: set[tuple[str, str]] = set()
    for table, row, code in coded:
        name = normalise(row.label)
        if not name:
            continue
        key = (code[0], len(code), name)
        seen = first.setdefault(key, (table, row, code))
        if seen[2] == code:
            continue
        if _position(code) == _position(seen[2]):
            parents = {c[:-2] for c in (seen[2], code) if len(c) > 3} & unnamed
            if parents and not all(len(c) == 7 and c[0] == "2" for c in (seen[2], code)):
                compared |= _rows_of(doubtful, parents)  # the exception turns on a doubtful parent's name
                continue
            if _structural({seen[2], code}, name, names):
                continue
        label = f"「{row.label}」：{seen[0].id} {seen[2]}、{table.id} {code}"
        out.append(Item(label, row.source, table.id))
    levels = Counter((code[0], len(code)) for code in {code for _, _, code in coded + doubtful})
    compared |= {(t.id, code) for t, _, code in doubtful if levels[(code[0], len(code))] > 1}
    return tuple(dict.fromkeys(out)), frozenset(compared)


def name_code_conflicts(ctx: Ctx) -> tuple[Item, ...]:
    """名称编码不一(): a name printed for two codes of one classification and level, not at the same place."""
    return _judged(ctx, "name_code_conflicts", partial(_shared_names, ctx.doc, rows=_every_coded(ctx)))


def _repeated_in_table(doc: Disclosure, doubt: Doubt = frozenset()) -> Judged:
    """A 科目编码 printed twice on one side of one table (同表科目重复): a table lists each 科目 once, so the second
    row is another 科目 printed under this one's code or name — in 公开01/公开04, which print a 类 by name alone,
    that is how a 类 given another 类's name reads (「一、一般公共服务支出」 twice, 「二、外交支出」 gone). Codes
    decide (a table in doubt about names only has certain codes, engine/model.Reading) and a doubtful name is not
    shown (I162) — except a 类 code a table that prints its 类 by name (公开01) took from the name: in doubt with it."""
    out: list[Item] = []
    compared: set[tuple[str, str]] = set()
    specs = load_catalogue().tables if doubt else {}
    for table in doc.tables.values():
        first: dict[tuple[str | None, str], Row] = {}
        named = getattr(specs.get(table.id), "class_rows", None)  # the side whose 类 codes come from their names
        for row in table.rows:
            if not (row.code and row.code.isdigit()):
                continue
            if (table.id, row.key) in doubt and named is not None and len(row.code) == 3 and row.side in (None, named):
                compared.add((table.id, row.code))
                continue
            seen = first.setdefault((row.side, row.code), row)
            if seen is row:
                continue
            if {(table.id, row.key), (table.id, seen.key)} & doubt:
                said = say("I162", table=table.id, code=row.code)
            else:
                said = say("R30", table=table.id, code=row.code, label=row.label, first=seen.label)
            out.append(Item(said, row.source, table.id))
    return tuple(out), frozenset(compared)


def repeated_in_table(ctx: Ctx) -> tuple[Item, ...]:
    """同表科目重复(): rows printing a 科目编码 already printed on the same side of the same table."""
    return _judged(ctx, "repeated_in_table", partial(_repeated_in_table, ctx.doc))


def _names_by_code(rows: Coded, doubt: Doubt = frozenset()) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The certain names of each 功能分类 code, and the tables printing it with a name in doubt."""
    names: dict[str, set[str]] = {}
    doubted: dict[str, set[str]] = {}
    for table, row, code in _coded(rows, doubt) + _coded(rows, doubt, doubtful=True):
        if len(code) in _FUNCTION_LEVELS:
            if (table.id, row.key) in doubt:
                doubted.setdefault(code, set()).add(table.id)
            else:
                names.setdefault(code, set()).add(normalise(row.label))
    return names, doubted


def _chain(words: str, groups: tuple[str | None, ...], codes: list[str], names: dict[str, set[str]]) -> Said | None:
    """What is wrong with one narrative chain, given the 项 codes named like its 项 and the names of their parents."""
    class_name, kind_name, item_name = groups
    if not codes:
        return say("I50", words=words, name=item_name)
    parents = {code[:5] for code in codes}
    kind_names = set().union(*(names.get(p, set()) for p in parents))
    if kind_names and kind_name not in kind_names:
        shown = "、".join(sorted(f"{p} {n}" for p in parents for n in names.get(p, ())))
        return say("I51", words=words, name=item_name, shown=shown, stated=kind_name)
    class_names = set().union(*(names.get(code[:3], set()) for code in codes))
    if class_name and class_names and class_name not in class_names:
        return say("I52", words=words, name=item_name, shown="、".join(sorted(class_names)), stated=class_name)
    return None


class _Worlds:
    """One chain against every world the doubtful names allow: the true 项 codes named like the chain's 项 are those
    certainly so named (`certain`) and any of the doubtful 项 (`doubtful`); a parent with a doubtful row may carry any
    name. The checks take unions of parents' names, so a chain can fit in some world only if it fits with the certain
    codes and at most one doubtful 项 added, or all of them (see `fits`)."""

    def __init__(self, certain: set[str], doubtful: set[str], names: dict[str, set[str]],
                 doubted: dict[str, set[str]]) -> None:
        self.certain, self.doubtful, self.names, self.doubted = certain, doubtful, names, doubted
        self.worlds = [certain, *(certain | {d} for d in sorted(doubtful)), certain | doubtful]

    def _level(self, codes: set[str], size: int, stated: str | None) -> bool:
        """Whether the 款 (size 5) or 类 (3) check may pass for these 项: the stated name may be a parent's name, or
        no parent has any name."""
        parents = {code[:size] for code in codes}
        return stated is None or any(stated in self.names.get(p, ()) or p in self.doubted for p in parents) or all(
            not self.names.get(p) and p not in self.doubted for p in parents)

    def fits(self, kind: str | None, cls: str | None) -> bool:
        """Whether some world lets the chain stand (a union only grows, a parent without a name only shrinks)."""
        return any(codes and self._level(codes, 5, kind) and self._level(codes, 3, cls) for codes in self.worlds)

    def stands(self, kind: str | None, cls: str | None) -> bool:
        """Whether every world lets it stand: the certain 项's certain parents carry the stated names."""
        return bool(self.certain) and any(kind in self.names.get(c[:5], ()) for c in self.certain) and (
            cls is None or any(cls in self.names.get(c[:3], ()) for c in self.certain))

    def kind_never_fits(self, kind: str | None) -> bool:
        """Whether no world lets the 款 check pass: I51 in every world where a 项 is so named."""
        return not any(codes and self._level(codes, 5, kind) for codes in self.worlds)

    def exact(self) -> bool:
        """Whether no doubtful name can change the outcome: no doubtful 项, no doubtful parent of the certain ones."""
        return not self.doubtful and not any(c[:size] in self.doubted for c in self.certain for size in (5, 3))

    def in_doubt(self) -> set[str]:
        return {p for c in self.certain | self.doubtful for p in (c, c[:5], c[:3]) if p in self.doubted}


def _chain_mismatches(doc: Disclosure, anchored: Anchored = line_anchors, doubt: Doubt = frozenset(),
                      rows: Coded | None = None) -> Judged:
    """Chains wrong in every world (I51 when no world fits its 款 to the certain 项, else I161); chains wrong in
    some world only are in doubt."""
    names, doubted = _names_by_code(_coded_rows(doc) if rows is None else rows, doubt)
    items = {code: n for code, n in names.items() if len(code) == 7}
    if not items and not any(len(code) == 7 for code in doubted):  # no 项 printed in any table: nothing to hold against
        return (), frozenset()
    out: list[Item] = []
    compared: set[str] = set()
    for section in doc.narrative.sections:
        flat, anchors = anchored(section)
        if not _KIND_MARK.search(flat):
            continue
        for m in _CHAIN.finditer(flat):
            where = source_at(anchors, m.start(), section.source)
            groups = tuple(normalise(g) if g else None for g in m.groups())
            class_name, kind_name, item_name = groups
            certain = {code for code, n in items.items() if item_name in n}
            worlds = _Worlds(certain, {code for code in doubted if len(code) == 7} - certain, names, doubted)
            words = m.group(0)
            if worlds.exact():
                said = _chain(words, groups, sorted(worlds.certain), names)
            elif worlds.stands(kind_name, class_name):
                said = None
            elif worlds.fits(kind_name, class_name):
                compared |= worlds.in_doubt()
                continue
            elif worlds.certain and worlds.kind_never_fits(kind_name):
                said = _chain(words, (None, kind_name, item_name), sorted(worlds.certain), names)  # I51 in every world
            else:
                said = say("I161", words=words, name=item_name, codes="、".join(sorted(worlds.in_doubt())))
            if said is not None:
                out.append(Item(said, where))
    return tuple(dict.fromkeys(out)), frozenset((t, code) for code in compared for t in doubted[code])


def narrative_subject_mismatches(ctx: Ctx) -> tuple[Item, ...]:
    """文中科目不符(): 类/款/项 chains in 情况说明 that do not fit the tables' 科目 (see the module docstring)."""
    return _judged(ctx, "narrative_subjects",
                   partial(_chain_mismatches, ctx.doc, anchors_of(ctx), rows=_every_coded(ctx)))


_COSTS = "公开06"  # the table that prints 人员经费 and 公用经费 by 经济分类 (the one R31 names)
_COST_LABELS = ("人员经费", "公用经费")
_CLAUSE = re.compile(r"[^；;。]+")


def _economic_names(doc: Disclosure, doubt: Doubt = frozenset()) -> tuple[dict[str, set[str]], frozenset[tuple[str, str]]]:
    """Normalised name -> the 类 (first three digits) of every 经济分类 code 公开06 prints under it (certain names
    only); and (公开06, code) of its 经济分类 rows whose names are in doubt."""
    out: dict[str, set[str]] = {}
    doubtful: set[tuple[str, str]] = set()
    table = doc.tables.get(_COSTS)
    for row in table.rows if table else ():
        code = row.code or ""
        if not (code.isdigit() and code[0] == "3" and len(code) in (3, 5)):
            continue
        if (_COSTS, row.key) in doubt:
            doubtful.add((_COSTS, code))
        elif name := normalise(row.label):
            out.setdefault(name, set()).add(code[:3])
    return out, frozenset(doubtful)


def _listed(clause: str, names: dict[str, set[str]]) -> Iterator[tuple[int, str]]:
    """(offset, name) for each printed 经济科目 name in a clause, the longest first where names overlap
    (其他工资福利支出 holds 工资福利支出)."""
    taken: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        at = clause.find(name)
        while at >= 0:  # each non-overlapping occurrence, left to right
            if not any(at < end and start < at + len(name) for start, end in taken):
                taken.append((at, at + len(name)))
                yield at, name
            at = clause.find(name, at + len(name))


def _cost_mismatches(doc: Disclosure, personnel: frozenset[str], anchored: Anchored = line_anchors,
                     doubt: Doubt = frozenset()) -> Judged:
    """Listed names printed in 公开06 under the other group only. A doubtful 公开06 name may be any name listed (adding
    its 类) or a longer one covering a listed name: with one in doubt, no listing is certain either way."""
    names, doubtful = _economic_names(doc, doubt)
    if not names and not doubtful:  # no 公开06 read: nothing to hold the narrative against
        return (), frozenset()
    out: list[Item] = []
    listing = False
    for section in doc.narrative.sections:
        flat, anchors = anchored(section)
        for clause in _CLAUSE.finditer(flat):
            words = clause.group(0)
            labels = [label for label in _COST_LABELS if label in words]
            if len(labels) != 1 or "包括" not in words[words.index(labels[0]):]:
                continue  # a clause naming both (基本支出包括人员经费和公用经费) or listing nothing
            label = labels[0]
            start = words.index("包括", words.index(label))
            listing = True
            for at, name in _listed(words[start:], names) if not doubtful else ():
                classes = names[name]
                groups = {"人员经费" if c in personnel else "公用经费" for c in classes}
                if len(groups) != 1 or label in groups:
                    continue
                where = source_at(anchors, clause.start() + start + at, section.source)
                # cites 公开06: a finding read against a 公开06 not fully read is 不可核 (check.py)
                out.append(Item(say("R31", name=name, listed=label, group=groups.pop(),
                                    classes="、".join(sorted(classes))), where, _COSTS))
    return tuple(dict.fromkeys(out)), doubtful if listing else frozenset()


def cost_subject_mismatches(ctx: Ctx, personnel: str) -> tuple[Item, ...]:
    """经费科目不符(人员经费的类): 经济科目 that 情况说明 lists under 人员经费 or 公用经费 “主要包括” while 公开06 prints them
    under a 类 of the other group (人员经费 = the 类 given, e.g. "301、303"; 公用经费 = every other 类)."""
    codes = frozenset(re.findall(r"\d{3}", personnel))
    return _judged(ctx, f"cost_subjects {','.join(sorted(codes))}",
                   partial(_cost_mismatches, ctx.doc, codes, anchors_of(ctx)))


@lru_cache(maxsize=8)
def _official(path: str, mtime: float) -> dict[tuple[str, int | None], str]:
    """code,name,year rows of the user's list (a header row is skipped; year may be empty: any year)."""
    out: dict[tuple[str, int | None], str] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for record in csv.reader(handle):
            if len(record) < 2 or not record[0].strip().isdigit():
                continue
            year = record[2].strip() if len(record) > 2 else ""
            out[(record[0].strip(), int(year) if year.isdigit() else None)] = record[1].strip()
    return out


_GIVEN: ContextVar[str | None] = ContextVar("subject_codes", default=None)  # a rule example's own list


@contextmanager
def using_list(path: Path) -> Iterator[None]:
    """The official list to use while checking (a rule example's 科目表), instead of RULEBOOK_SUBJECT_CODES."""
    token = _GIVEN.set(str(path))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def official_list() -> dict[tuple[str, int | None], str] | None:
    path = (_GIVEN.get() or os.environ.get(ENV, "")).strip()
    if not path or not os.path.isfile(path):
        return None
    return _official(path, os.path.getmtime(path))


def has_official_list(ctx: Ctx) -> Truth:
    """有科目表(): whether the user supplied an official list (rules that need one are 不适用 otherwise)."""
    return TRUE if official_list() is not None else FALSE


def official_name_mismatches(ctx: Ctx) -> tuple[Item, ...]:
    """科目名称不符(): rows whose name differs from the supplied list's name for that code (the document's year, or
    an entry without a year); codes the list does not hold are not judged, nor (in doubt) a doubtful name."""
    listed = official_list()
    if listed is None:
        return ()
    # keyed by the list itself (kept alive by _official's cache): a rule example may check with its own list
    return _judged(ctx, f"official_names {id(listed)}",
                   partial(_official_mismatches, ctx.doc, listed, rows=_every_coded(ctx)))


def _official_mismatches(doc: Disclosure, listed: dict[tuple[str, int | None], str], doubt: Doubt,
                         rows: Coded | None = None) -> Judged:
    year = doc.metadata.year
    rows = _coded_rows(doc) if rows is None else rows
    out, seen = [], set()
    for table, row, code in _coded(rows, doubt):
        official = listed.get((code, year)) or listed.get((code, None))
        if official is None or normalise(official) == normalise(row.label) or (row.code, row.label) in seen:
            continue
        seen.add((row.code, row.label))
        out.append(Item(say("I53", table=table.id, code=row.code, label=row.label, official=official), row.source, table.id))
    compared = _rows_of(_coded(rows, doubt, doubtful=True), {code for code, _ in listed})
    return tuple(out), compared


FUNCTIONS = (
    Function("code_name_conflicts", ("code_name_conflicts", "编码名称不一"), (), "items",
             "同一科目编码在不同表中印了不同名称（逐个列出，带行号）",
             "科目 codes printed with different names in different tables (each with its line)",
             code_name_conflicts, contextual=True, reads=("公开表",), example="编码名称不一()"),
    Function("name_code_conflicts", ("name_code_conflicts", "名称编码不一"), (), "items",
             "同一名称印在同一分类、同一级次的两个编码上（各行政性款下的通用项——01 行政运行、02 一般行政管理事务、"
             "03 机关服务、50 事业运行，以及 309/310 这类同一科目两种口径下同一"
             "位置的款是科目表本身的重复，不算）",
             "one name printed for two codes of the same classification and level (the classification's own repeats "
             "do not count: the generic 功能分类 项 of administrative 款 — 01 行政运行, 02 一般行政管理事务, "
             "03 机关服务, 50 事业运行 — and a 款 at the same place under two printed variants of one 类 such as "
             "309/310)", name_code_conflicts, contextual=True, reads=("公开表",), example="名称编码不一()"),
    Function("repeated_in_table", ("repeated_in_table", "同表科目重复"), (), "items",
             "同一张表（同一侧）中印了两次的科目编码（按名称印类的表中，即一个类印成了另一个类的名称）；只在输入 JSON 时"
             "报出，导入文本或 PDF 时重复的科目由导入标为重复键（I18），该表未全部读取，规则报不可核",
             "科目 codes printed twice on one side of one table (where a table prints a 类 by name, a 类 given "
             "another 类's name); found in JSON input only: an imported text or PDF table with a repeated 科目 is "
             "marked duplicate_key (I18) and partly read, so the rule is 不可核 with that reading reason", repeated_in_table, contextual=True, reads=("公开表",), example="同表科目重复()"),
    Function("narrative_subject_mismatches", ("narrative_subject_mismatches", "文中科目不符"), (), "items",
             "情况说明“××（类）××（款）××（项）”中表里没有的项，或不是该项所属的款、类",
             "narrative 类/款/项 chains whose 项 no table carries, or whose 款/类 is not the 项's own",
             narrative_subject_mismatches, contextual=True, reads=("情况说明", "公开表"), example="文中科目不符()"),
    Function("cost_subject_mismatches", ("cost_subject_mismatches", "经费科目不符"), ("text",), "items",
             "情况说明“人员经费/公用经费主要包括……”中列在另一组的经济科目（人员经费的类由参数给出，如 \"301、303\"）",
             "economic subjects the narrative lists under 人员经费 or 公用经费 while 公开06 prints them in the other "
             "group (the 人员经费 classes given, e.g. \"301、303\")", cost_subject_mismatches, contextual=True,
             reads=("情况说明", "公开06"), example='经费科目不符("301、303")'),
    Function("official_name_mismatches", ("official_name_mismatches", "科目名称不符"), (), "items",
             "与用户提供的官方科目表（RULEBOOK_SUBJECT_CODES）名称不同的行",
             "rows named otherwise than the user-supplied official list (RULEBOOK_SUBJECT_CODES)",
             official_name_mismatches, contextual=True, reads=("公开表", "年度"), example="科目名称不符()"),
    Function("has_official_list", ("has_official_list", "有科目表"), (), "bool", "是否提供了官方科目表",
             "whether an official 科目 list is supplied", has_official_list, contextual=True, reads=(), example="有科目表()"),
)
