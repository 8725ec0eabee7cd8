"""SourceLines → Disclosure: split the document into its parts, then hand each part to its reader."""
from __future__ import annotations

import re
from collections import Counter

from engine.catalogue import load_catalogue
from engine.importers import cell_lines, finish, narrative, status
from engine.importers.kind import document_kind, refuse_unless_final
from engine.importers.script import normalise_lines
from engine.importers.errors import DisclosureError, Warnings
from engine.importers.forms import is_form_title, read_forms
from engine.importers.lines import SourceLine
from engine.importers import links, name_proof
from engine.importers.tables import Block, read_table, split_blocks
from engine.importers.text import TextSource
from engine.labels import normalise
from engine.model import Disclosure, Metadata, Reading, TextLine
from engine.said import say

_COVER = re.compile(r"(\d{4})\s*年度?\s*(部门|单位)决算")
PART_KINDS = (("概况", "overview"), ("决算表", "tables"), ("情况说明", "narrative"), ("名词解释", "glossary"),
              ("附件", "attachments"))
PART_NAMES = {"overview": "第一部分 概况", "narrative": "第三部分 情况说明", "glossary": "第四部分 名词解释"}


def _toc_range(lines: list[SourceLine]) -> tuple[int, int] | None:
    start = next((i for i, line in enumerate(lines) if normalise(line.text) == "目录"), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (lines[end].blank or (len(lines[end].values) >= 2 and lines[end].values[-1].isdigit())
                                or re.match(r"^\S.*\S\s+\d{1,3}$", lines[end].text)):
        end += 1
    if any(not line.blank for line in lines[start + 1:end]):
        return start, end
    if (paired := _paired_end(lines, start + 1)) is not None:
        return start, paired
    # A 目录 without page numbers (the national/Shanghai layout): short heading lines until the body
    # repeats the first entry.
    first, entries = None, 0
    while end < len(lines):
        line = lines[end]
        key = normalise(line.text)
        if not line.blank and (len(key) > narrative.HEADING_MAX or key == first
                               or (not line.single and not narrative.PART.match(line.text))):
            break
        first = first or key or None
        entries += not line.blank
        end += 1
    repeated = end < len(lines) and normalise(lines[end].text) == first
    return (start, end) if repeated or entries >= 3 else (start, start + 1)


_PAGE_ONLY = re.compile(r"^\d{1,3}$")


def _paired_end(lines: list[SourceLine], start: int) -> int | None:
    """A 目录 printed one cell a line: each entry's title on a line (wrapped over two at most) and its page number on
    the next. The index after the last entry, or None when fewer than three entries are so printed."""
    i, entries = start, 0
    while i < len(lines):
        while i < len(lines) and lines[i].blank:
            i += 1
        title = [k for k in range(i, min(i + 3, len(lines))) if not lines[k].blank][:3]
        page = next((n for n, k in enumerate(title) if _PAGE_ONLY.match(lines[k].text)), None)
        if page is None or page == 0 or not all(lines[k].single for k in title[:page]):
            break
        i, entries = title[page] + 1, entries + 1
    return i if entries >= 3 else None


def _toc_lines(lines: list[SourceLine]) -> list[SourceLine]:
    """目录 lines with a page number printed on a line of its own put back beside its title (title cell, page cell),
    as a tab-separated 目录 prints them; a title wrapped over two lines stays two lines (narrative.toc joins them)."""
    out: list[SourceLine] = []
    for line in lines:
        prev = next((p for p in reversed(out) if not p.blank), None)
        if _PAGE_ONLY.match(line.text) and prev is not None and len(prev.values) == 1 \
                and not _PAGE_ONLY.match(prev.text):
            out[out.index(prev)] = SourceLine(cells=[prev.text, line.text], line=prev.line, page=prev.page)
            continue
        out.append(line)
    return out


def _parts(lines: list[SourceLine], start: int, warnings: Warnings,
           headings: list[TextLine] | None = None) -> list[tuple[str, int, int]]:
    """(kind, first line index, end index) for each 第N部分; what comes before the first is 'front'.
    `headings` receives each 第N部分 heading as printed (for checking the 目录 against the body)."""
    heads = []  # (kind, heading index, lines the heading takes)
    for i in range(start, len(lines)):
        line = lines[i]
        if len(line.values) <= 2 and (match := narrative.PART.match(line.text)) and len(line.text) <= 60:
            kind = next((k for word, k in PART_KINDS if word in match[2]), None)
            taken = 1
            nxt = next((k for k in range(i + 1, min(i + 4, len(lines))) if not lines[k].blank), None)
            after = lines[nxt] if nxt is not None else None
            if kind is None and after is not None and after.single and len(after.text) <= 4:
                # a heading wrapped onto a second line (…部门决算情况 / 说明), perhaps after a blank line
                kind = next((k for word, k in PART_KINDS if word in match[2] + after.text), None)
                taken = nxt - i + 1 if kind else 1
            if kind is None:
                warnings.add("unknown_part", say("I49", text=line.text), line.line)
                kind = "unknown"
            heads.append((kind, i, taken))
    heads = sorted(heads + _unnumbered_heads(lines, start, heads), key=lambda h: h[1])
    if headings is not None:
        headings += [TextLine(text=" ".join(lines[k].text for k in range(i, i + taken) if not lines[k].blank),
                              source=lines[i].source) for _, i, taken in heads]
    spans = [("front", start, heads[0][1] if heads else len(lines))]
    for n, (kind, i, taken) in enumerate(heads):
        spans.append((kind, i + taken, heads[n + 1][1] if n + 1 < len(heads) else len(lines)))
    return spans


# A part heading printed without its 第N部分 (上海市…局2024年度部门决算表): the designation, its year, and the part's
# word right after it; a table title has its own words between the year and 决算 (…年度一般公共预算…决算表).
_UNNUMBERED = re.compile(r"\d{4}\s*年\s*度?\s*(?:部门|单位)?\s*决算\s*(表|情况说明)$")
_UNNUMBERED_KINDS = {"表": "tables", "情况说明": "narrative"}
_ORDER = [kind for _, kind in PART_KINDS]


def _unnumbered_heads(lines: list[SourceLine], start: int, heads: list[tuple[str, int, int]]
                      ) -> list[tuple[str, int, int]]:
    """The heading of a part the body prints without its number, when no numbered heading of that kind was found:
    the first such line in the place the part's order gives it (after the parts before it, before those after)."""
    found = {kind for kind, _, _ in heads}
    out = []
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.single or len(line.text) > 60 or not (match := _UNNUMBERED.search(line.text)):
            continue
        kind = _UNNUMBERED_KINDS[match[1]]
        if kind in found:
            continue
        rank = _ORDER.index(kind)
        before = [h for h in heads if h[0] in _ORDER and _ORDER.index(h[0]) < rank]
        after = [h for h in heads if h[0] in _ORDER and _ORDER.index(h[0]) > rank]
        if all(h[1] < i for h in before) and all(h[1] > i for h in after):
            out.append((kind, i, 1))
            found.add(kind)
    return out


def _name_above(values: list[str]) -> str:
    """The unit name printed above the year line: up to three short lines without a year (a name that wraps)."""
    parts: list[str] = []
    for value in reversed(values):
        if re.search(r"\d{4}", value) or len(value) > 30 or normalise(value) in ("目录", "仅供内部审核") or len(parts) == 3:
            break
        parts.insert(0, value.strip())
    return "".join(parts)


def _longest_agreeing(name: str, doc: Disclosure) -> str:
    """The cover's name, or the longer name the 目录 and part headings print when the cover's is its tail (资源局)."""
    found = [re.sub(r"\s+", "", m[1]) for text in [e.title for e in doc.toc] + [p.text for p in doc.parts]
             if (m := re.match(r"^第\s*[一二三四五六七八九十]+\s*部分\s*(\S.*?)\s*(?:概况|\d{4}\s*年)", text))]
    longer = [f for f in found if f != name and (not name or f.endswith(name)) and len(f) <= 40]
    return max(longer, key=len) if longer else name


def _metadata(cover: list[SourceLine], doc: Disclosure, text: TextSource, name: str | None) -> Metadata:
    meta = Metadata(internal_only=getattr(text, "internal_only", False), source_file=name)
    values = [line.text for line in cover if not line.blank]
    for n, value in enumerate(values):
        if match := _COVER.search(value):
            meta.year, meta.disclosure_type = int(match[1]), f"{match[2]}决算"
            before = value[: match.start()].strip()
            meta.unit_name = before or _name_above(values[:n])
            break
    if not _COVER.search(" ".join(values)):
        # a year wrapped away from its 部门决算 (2024 / 年度部门决算): read the cover as one line
        joined = re.sub(r"\s+", "", "".join(values))
        if match := _COVER.search(joined):
            meta.year, meta.disclosure_type = int(match[1]), f"{match[2]}决算"
            meta.unit_name = meta.unit_name or _name_above([joined[: match.start()]])
    meta.unit_name = _longest_agreeing(re.sub(r"\s+", "", meta.unit_name), doc)
    headers = [t.header for t in doc.tables.values()]
    if not meta.unit_name:
        meta.unit_name = next((h.get("部门名称") or h.get("单位名称") for h in headers
                               if h.get("部门名称") or h.get("单位名称")), "")
    if meta.year is None:
        year = next((h["年度"] for h in headers if "年度" in h), None)
        meta.year = int(year[:4]) if year else None
    if meta.year is None:  # the 目录 and part headings name the year too (第二部分 …2024年度部门决算表)
        years = [int(m[1]) for text in [e.title for e in doc.toc] + [p.text for p in doc.parts]
                 if (m := re.search(r"(20\d{2})\s*年", text))]
        if not years:  # the year split away from every heading: the year the text speaks of most (2024年度)
            years = [int(y) for s in doc.narrative.sections for y in re.findall(r"(20\d{2})\s*年度", s.text)]
        meta.year = Counter(years).most_common(1)[0][0] if years else None
    units = Counter(t.unit for t in doc.tables.values() if t.unit in ("万元", "元"))
    if units:
        meta.currency_unit = units.most_common(1)[0][0]
    return meta


def recognise(text: TextSource, name: str | None = None, profile: str | None = None) -> Disclosure:
    """Read every part that can be read; say in warnings what could not be placed.

    `text` is any source with `.lines` (a PDF source works too); `internal_only`/`truncated_bytes` when known.
    `profile` forces a catalogue profile; otherwise it is detected from the tables and titles found."""
    lines, notes = normalise_lines(text.lines)
    doc_kind = document_kind(lines)
    if doc_kind.kind == "budget":
        refuse_unless_final(lines)
    warnings = Warnings()
    warnings.pages = {line.line: line.page for line in lines if line.page is not None}
    if getattr(text, "truncated_bytes", False):
        warnings.add("truncated", say("I27"), lines[-1].line if lines else None)
    for note in notes:
        warnings.add("normalised", note)
    doc = Disclosure()
    toc = _toc_range(lines)
    body_start = toc[1] if toc else 0
    if toc:
        doc.toc = narrative.toc(_toc_lines(lines[toc[0] + 1:toc[1]]))
    form_start = next((i for i in range(body_start, len(lines)) if is_form_title(lines[i])), len(lines))
    spans = _parts(lines[:form_start], body_start, warnings, doc.parts)
    first_part = spans[1][1] - 1 if len(spans) > 1 else None
    cover = lines[: toc[0]] if toc else lines[: first_part if first_part is not None else min(len(lines), 20)]
    table_lines: list[SourceLine] = []
    unsure: dict[str, str] = {}  # part kind -> why it is only partly read
    for kind, start, end in spans:
        part = lines[start:end]
        if kind in ("front", "overview", "tables", "unknown"):
            table_lines += part if kind != "front" or toc or first_part is None else []
        elif kind == "narrative":
            doc.narrative.sections, loose = narrative.sections(part)
            apart = [n for n in getattr(text, "figures_apart", []) if part and part[0].line <= n <= part[-1].line]
            if apart:  # figures a text tool set apart that could not be put back: the 情况说明 is partly read
                unsure["narrative"] = say("I130", n=len(apart))
                warnings.add("figures_apart", unsure["narrative"], apart[0])
            for text_, line in loose:
                warnings.add("unplaced_text", say("I28", text=text_[:20]), line.line)
        elif kind == "glossary":
            doc.narrative.glossary = narrative.glossary(part)
    before, blocks = split_blocks(table_lines)
    if (untitled := cell_lines.untitled_start(before)) is not None:
        # a table printed one cell a line without its title: its header words are on lines of their own
        before, blocks = before[:untitled], [Block(lines=before[untitled:])] + blocks
    doc.narrative.overview, _ = narrative.sections(before)
    taken: set[str] = set()
    readings: list[Reading] = []
    read: list[list] = []  # [block, table id, first warning, warnings] per table: links.reread
    for block in blocks:
        before_count = len(warnings.items)
        table = read_table(block, taken, warnings)
        if table is None:
            continue
        if table.id in doc.tables:
            warnings.add("duplicate_table", say("I29", table=table.id), table.source.line)
            continue
        taken.add(table.id)
        doc.tables[table.id] = table
        readings.append(status.table_reading(table, block.lines, warnings.items[before_count:]))
        read.append([block, table.id, before_count, len(warnings.items) - before_count])
    links.reread(doc, read, readings, warnings, read_table)  # amounts single spaces left unplaced: what other tables say
    name_proof.corroborate(doc, readings)  # names put back from other lines: certain where another table proves them
    doc.attachments = read_forms(lines[form_start:], warnings)
    doc.metadata = _metadata(cover, doc, text, name)
    doc.cover = [TextLine(text=line.text, source=line.source) for line in cover if not line.blank]
    finish.convert_units(doc, warnings)
    finish.apply_profile(doc, profile, warnings)
    finish.report_placeholders(lines, warnings)
    if not (doc.tables or doc.narrative.sections or doc.narrative.overview or doc.attachments or doc.metadata.year):
        raise DisclosureError("not_disclosure", "这不是部门决算公开文本：没有找到封面、公开表、情况说明或自评表",
                              "this is not a final-accounts disclosure: no cover, tables, narrative or forms found")
    if doc_kind.kind == "other" and not (doc.tables or doc.attachments):
        refuse_unless_final(lines)
    _missing(doc, spans, warnings)
    heads = {k: lines[start - 1].source for k, start, _ in spans if k != "front" and start > 0}
    doc.reading = readings + status.absent_tables(doc) + status.part_readings(doc, heads, unsure) \
        + status.form_readings(doc, warnings.items)
    doc.warnings = warnings.items
    from engine.importers.pages import relocate

    relocate(doc, getattr(text, "page_lines", None) or {})  # 第21页第14行: the line on its page
    return doc


def _missing(doc: Disclosure, spans: list[tuple[str, int, int]], warnings: Warnings) -> None:
    """What a disclosure of this profile should contain but the file did not (truncated or omitted)."""
    catalogue = load_catalogue()
    for table_id in catalogue.required_tables(doc.metadata.profile):
        if table_id not in doc.tables:
            warnings.add("table_missing", say("I44", table=table_id, title=catalogue.tables[table_id].title))
    kinds = {kind for kind, _, _ in spans}
    for kind, label in PART_NAMES.items():
        if kind not in kinds:
            warnings.add("part_missing", say("I48", part=label))
