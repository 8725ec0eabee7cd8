"""Document structure the rule language can read: 目录 vs body (C02), cover/目录 text (C10), 行次/栏次 numbering (T21)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.catalogue import Catalogue
from engine.labels import normalise
from engine.language.runtime import Item
from engine.model import Disclosure, Source, Table, TextLine
from engine.said import say

_PART = re.compile(r"^第\s*[一二三四五六七八九十\d]+\s*部分\s*(.*)$")
# Body content standing for each 第N部分 (the importer's part words; tables are their own entries).
_PART_WORDS = (("概况", "overview"), ("决算表", "tables"), ("情况说明", "narrative"), ("名词解释", "glossary"),
               ("附件", "attachments"))
_TABLE_SUFFIX = re.compile(r"\(公开\d+表?\)$")
_TITLE_TAIL = re.compile(r"(?:的)?(?:情况说明|说明|情况)$")
_LEADER = re.compile(r"[.…·\-—]*\d*$")  # dot leaders and a page number left on a 目录 line
_YEAR = re.compile(r"(\d{4})\s*年")
_KIND = re.compile(r"(\d{4})\s*年度?\s*(部门|单位)决算")  # the document's own designation: 2024年度单位决算


class Located(str):
    """Text joined from printed lines, remembering where each line starts (so a finding can point at the words)."""

    lines: tuple[tuple[int, Source], ...] = ()
    name: str = ""  # 封面, 目录, 公开05表头: where the words were read

    @classmethod
    def join(cls, parts: list[tuple[str, Source | None]], name: str = "") -> Located:  # type: ignore[override]
        text, lines, offset = [], [], 0
        for part, source in parts:
            lines.append((offset, source or Source()))
            text.append(part)
            offset += len(part) + 1
        made = cls("\n".join(text))
        made.lines, made.name = tuple(lines), name
        return made

    def source_at(self, offset: int) -> Source | None:
        found = None
        for start, source in self.lines:
            if start <= offset:
                found = source
        return found


def source_of(text: str, offset: int) -> Source | None:
    return text.source_at(offset) if isinstance(text, Located) else None


def cover_text(doc: Disclosure) -> Located:
    return Located.join([(line.text, line.source) for line in doc.cover], "封面")


def toc_text(doc: Disclosure) -> Located:
    return Located.join([(entry.title, entry.source) for entry in doc.toc], "目录")


def year_in(text: str) -> tuple[int, int] | None:
    """The year a text states (2024 in “2024年度单位决算公开”, “2024年度”) and where, or None."""
    match = _KIND.search(text) or _YEAR.search(text)
    return (int(match[1]), match.start()) if match else None


def kind_in(text: str) -> tuple[str, int] | None:
    """部门决算/单位决算 from the document's own designation “YYYY年(度)部门|单位决算”, and where.

    Only the designation after a year counts: the statutory table title 部门决算公开相关信息统计表 and the template's
    本部门（单位） wording are used by 单位 disclosures too."""
    match = _KIND.search(text)
    return (f"{match[2]}决算", match.start()) if match else None


def contains(text: str, words: str) -> bool:
    wanted = normalise(words)
    return bool(wanted) and wanted in normalise(text)


# --- 目录 against the body ---------------------------------------------------------------------------

def _key(title: str) -> str:
    text = _LEADER.sub("", normalise(title))
    text = _TABLE_SUFFIX.sub("", text)
    return _TITLE_TAIL.sub("", text) or text


def _part_kind(title: str) -> str | None:
    match = _PART.match(normalise(title))
    if not match:
        return None
    return next((kind for word, kind in _PART_WORDS if word in match[1]), "unknown")


def _at(source: Source) -> Source | None:
    """A body place, or None when the line is unknown. Places are ordered by (page, line): a PDF's lines are
    numbered per page."""
    return source if source.line is not None else None


def _order(source: Source | None) -> tuple[int, int]:
    return (source.page or 0, source.line or 0) if source is not None else (0, 0)


def _body(doc: Disclosure) -> dict[str, list[tuple[str, Source | None]]]:
    """Each body part's entries as (title key, where it is printed), in body order."""
    narrative = doc.narrative
    return {
        "overview": [(_key(s.title), _at(s.source)) for s in narrative.overview],
        "narrative": [(_key(s.title), _at(s.source)) for s in narrative.sections],
        "glossary": [(_key(s.title), _at(s.source)) for s in narrative.glossary],
        "attachments": [(_key(f.project), _at(f.source)) for f in doc.attachments],
        "tables": [(t.id, _at(t.source)) for t in doc.tables.values()],
    }


def _same(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class _Placed:
    title: str
    source: Source
    found: bool
    line: Source | None  # where the body prints it (None: found but the line is unknown, or a table C01 reports)


def toc_placement(doc: Disclosure, catalogue: Catalogue) -> list[_Placed]:
    body, used, part, out = _body(doc), set(), None, []
    headings = [(h, _part_kind(h.text), _key(h.text)) for h in doc.parts]  # read once, not once per 目录 part
    for entry in doc.toc:
        kind = _part_kind(entry.title)
        if kind is not None:
            part = kind
            out.append(_place_part(headings, body, entry.title, entry.source, kind))
            continue
        spec = catalogue.table_by_title(_TABLE_SUFFIX.sub("", _LEADER.sub("", normalise(entry.title))))
        if spec is not None:  # a table: a missing one is C01's finding, so it counts as found here
            table: Table | None = doc.tables.get(spec.id)
            out.append(_Placed(entry.title, entry.source, True, _at(table.source) if table else None))
            continue
        key = _key(entry.title)
        kinds = [part] if part in body else []
        kinds += [k for k in body if k not in kinds and k != "tables"]
        free = [(k, i, name, line) for k in kinds for i, (name, line) in enumerate(body[k]) if (k, i) not in used]
        # the same title first; only then one title inside the other (支出决算 is inside 收入支出决算总体)
        hit = next(((k, i, line) for k, i, name, line in free if name == key), None) or next(
            ((k, i, line) for k, i, name, line in free if _same(key, name)), None)
        if hit is not None:
            used.add(hit[:2])
        out.append(_Placed(entry.title, entry.source, hit is not None, hit[2] if hit else None))
    return out


def _place_part(headings: list[tuple[TextLine, str | None, str]], body: dict[str, Any], title: str, source: Source,
                kind: str) -> _Placed:
    """A 第N部分 entry is present when its content is (概况 sections, tables …) or its heading (with its kind and key)
    is printed (a 附件 part that only says “无”). Its place is the heading, or else where its content starts."""
    key = _key(title)
    heading = next((h for h, h_kind, h_key in headings if h_kind == kind != "unknown" or h_key == key), None)
    lines = [line for _, line in body.get(kind, []) if line is not None]
    line = _at(heading.source) if heading is not None else (min(lines, key=_order) if lines else None)
    return _Placed(title, source, heading is not None or bool(body.get(kind)), line)


def toc_missing(placed: list[_Placed]) -> tuple[Item, ...]:
    """目录 entries (placed by toc_placement) the body does not contain (tables excepted: a missing table is reported
    by C01)."""
    return tuple(Item(p.title, p.source) for p in placed if not p.found)


def toc_out_of_order(placed: list[_Placed]) -> tuple[Item, ...]:
    """目录 entries the body prints out of the 目录's order: the fewest entries whose removal leaves the rest in order
    (one misplaced entry is reported once, not every entry it jumps over)."""
    placed = [p for p in placed if p.line is not None]
    lines = [_order(p.line) for p in placed]
    best = [1] * len(lines)  # longest non-decreasing run of body lines ending at each entry
    back = [-1] * len(lines)
    for i, line in enumerate(lines):
        for j in range(i):
            if lines[j] <= line and best[j] + 1 > best[i]:
                best[i], back[i] = best[j] + 1, j
    keep, i = set(), max(range(len(lines)), key=best.__getitem__, default=-1)
    while i >= 0:
        keep.add(i)
        i = back[i]
    return tuple(Item(say("I54", title=p.title, line=p.line), p.source) for i, p in enumerate(placed) if i not in keep)


# --- 行次 / 栏次 numbering --------------------------------------------------------------------------

def _gaps(numbers: Sequence[tuple[int, Source | None]], table: str) -> list[Item]:
    out = []
    for (before, _), (after, source) in zip(numbers, numbers[1:]):
        if after == before:
            out.append(Item(say("I55", number=after), source, table))
        elif after != before + 1:
            out.append(Item(f"{before} → {after}", source, table))
    return out


def line_number_gaps(table: Table) -> tuple[Item, ...]:
    """Gaps and repeats in 行次, side by side in printed order (two-sided tables number one side, then the other)."""
    sides: dict[str | None, list[tuple[tuple[int, int], int, Source]]] = {}
    for row in table.rows:
        if row.line_no and row.line_no.isdigit():
            sides.setdefault(row.side, []).append((_order(row.source), int(row.line_no), row.source))
    for spacer in table.spacer_lines:
        if spacer.number.isdigit():
            sides.setdefault(spacer.side, []).append((_order(spacer.source), int(spacer.number), spacer.source))
    out: list[Item] = []
    for printed in sides.values():
        printed.sort(key=lambda p: (p[0], p[1]))
        out += _gaps([(number, source) for _, number, source in printed], table.id)
    return tuple(out)


def column_number_gaps(table: Table) -> tuple[Item, ...]:
    """Gaps and repeats in 栏次 (the printed 1, 2, 3 … under the header), in column order."""
    numbers = [(int(c.number), table.source) for c in table.columns if c.number and c.number.isdigit()]
    return tuple(_gaps(numbers, table.id))
