"""Groups printed side by side in text that keeps no columns (pdfplumber's `extract_text`, single spaces) → one
group a row, as the table reads when printed so.

A table of 经济分类 rows may print two (or more) groups beside each other: `301 工资福利支出 4816.14 302 商品和服务支出
440.90`. The header says how many: its lines repeat their words once per group (`科目名称 决算数 科目名称 决算数`). A
line then carries each group's segment in order, each a code (or a total the table knows, 人员经费合计), its name and
its amounts; a line with fewer segments carries the groups that still print, a segment going to the group of its own
科目 class (a new class printed alone continues the group the line before did, else the last group: the rows
are keyed by their codes, only their order depends on it). A name wrapped onto lines of its own (no code, no amount) belongs to the neighbouring segment that prints
no name. Whatever does not fit this reading (amounts with no code, more segments than groups, a name with no
nameless segment beside it) leaves the table as it was: it is then read, or reported not read, as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.catalogue import TableSpec
from engine.importers import code_bands
from engine.importers.errors import Warnings
from engine.importers.lines import SourceLine
from engine.importers.split_rows import AMOUNT, words
from engine.said import say

_CODE = re.compile(r"^\d{3}(?:\d{2})?$")
_GLUED_CODE = re.compile(r"^(\D*[^\d\s.,])(\d{3}(?:\d{2})?)$")  # `对企业补助30307`: a name, the next segment's code


@dataclass
class _Segment:
    lead: str  # the 科目编码, or the total's label
    coded: bool
    name: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    line: SourceLine | None = None
    printed_name: bool = False  # its line printed a name beside its code


def groups_in_header(header: list[SourceLine]) -> int:
    """How many groups the header prints side by side: the repeat count its lines share (1 when none repeats)."""
    counts = set()
    for line in header:
        heads = _heads(line)
        repeat = next((k for k in range(len(heads) // 2, 1, -1) if _repeats(heads, k)), 1)
        if repeat > 1:
            counts.add(repeat)
    return counts.pop() if len(counts) == 1 else 1


def _heads(line: SourceLine) -> list[str]:
    return [w for v in line.values for w in v.split()]


def _repeats(heads: list[str], k: int) -> bool:
    """Do the header words `heads` print one group's words `k` times over?"""
    return len(heads) >= 2 and len(heads) % k == 0 and heads == heads[:len(heads) // k] * k


def one_group_a_row(spec: TableSpec, header: list[SourceLine], body: list[SourceLine],
                    warnings: Warnings | None) -> tuple[list[SourceLine], list[SourceLine]]:
    """(header, body) with the groups printed side by side read one group a row; as given when the header repeats
    nothing or a line does not read as the groups' segments."""
    k = groups_in_header(header)
    if k < 2:
        return header, body
    if code_bands.applies(header, body):  # 类 and 款 in columns of their own, each cell at its own height
        tail = code_bands.codes_in_header(header)
        # the 类 | 款 headings over the code columns: the code is read whole (30101)
        out_header = [line for line in _one_group_header(spec, header[:len(header) - tail], k)
                      if not set(line.cells) <= {"类", "款"}]
        columns = len({spec.column_key(w) for line in out_header for w in line.cells} - {None})
        read = code_bands.read_bands(spec, header, body, k, max(columns, 1), warnings)
        if read is not None:
            return out_header, read
    split = _segments(spec, body, k)
    if split is None:
        return header, body
    placed = _assign(split, k)
    if placed is None:
        return header, body
    named = _names(split)
    if named is None:
        return header, body
    out_header = _one_group_header(spec, header, k)
    rows = [seg for group in placed for seg in group]
    out = [SourceLine(cells=[seg.lead] + (["".join(seg.name)] if seg.name else []) + seg.amounts,
                      line=seg.line.line, page=seg.line.page) for seg in rows if seg.line is not None]
    if named and warnings is not None and out:
        warnings.add("names_stacked", say("I100", table=spec.id), out[0].line)
    return out_header, out


def _one_group_header(spec: TableSpec, header: list[SourceLine], k: int) -> list[SourceLine]:
    """The header of one group: each line's words once, and (stacked over lines) one line of code, name, columns."""
    out_header = []
    for line in header:
        heads = _heads(line)
        if _repeats(heads, k):
            heads = heads[:len(heads) // k]
        out_header.append(SourceLine(cells=heads, line=line.line, page=line.page))
    # one group's heading, stacked over lines (科目编码 under 科目名称 决算数): one line of code, name and columns
    columns = [w for line in out_header for w in line.cells if spec.column_key(w)]
    if columns and not any(len(line.cells) >= 3 for line in out_header):
        last = out_header[-1]
        out_header.append(SourceLine(cells=["科目编码", "科目名称"] + columns, line=last.line, page=last.page))
    return out_header


def _segments(spec: TableSpec, body: list[SourceLine], k: int) -> list[list[_Segment] | str] | None:
    """Per line: its segments, or its text when it is a name's wrapped part; None when a line is neither."""
    out: list[list[_Segment] | str] = []
    for line in body:
        printed = words(line)
        if not printed:
            continue
        segments: list[_Segment] = []
        glued = [part for w in printed for part in (_GLUED_CODE.match(w).groups() if _GLUED_CODE.match(w) else (w,))]
        for word in glued:
            code = bool(_CODE.match(word))
            starts = code or (spec.row_key(word) is not None and not AMOUNT.match(word))
            if starts:
                segments.append(_Segment(lead=word, coded=code, line=line))
            elif not segments:
                if AMOUNT.match(word) or _CODE.match(word):
                    return None  # amounts with no code before them: not this reading
                segments = []
                break
            elif AMOUNT.match(word):
                segments[-1].amounts.append(word)
            elif segments[-1].amounts:
                return None  # a word after a segment's amounts that starts no segment
            else:
                segments[-1].name.append(word)
        if not segments:
            if any(AMOUNT.match(w) or re.search(r"\d", w) for w in printed):
                return None
            out.append("".join(printed))
        elif len(segments) > k:
            return None
        else:
            for seg in segments:
                seg.printed_name = bool(seg.name)
            out.append(segments)
    return out


def _assign(lines: list[list[_Segment] | str], k: int) -> list[list[_Segment]] | None:
    """Segments → groups: a line of k segments gives one to each; a line of fewer gives each to the group of its
    科目 class (or, a new class, to the group the line before continued). Totals come last, in printed order."""
    groups: list[list[_Segment]] = [[] for _ in range(k)]
    totals: list[_Segment] = []
    last_alone: int | None = None
    for segments in lines:
        if isinstance(segments, str):
            continue
        coded = [s for s in segments if s.coded]
        totals += [s for s in segments if not s.coded]
        if len(coded) == k:
            # in order, unless a segment's class says otherwise (a line printed a little out of level comes out
            # right group first: `312 对企业补助 30307 医疗费补助`)
            same = {n: [g for g in range(k) if groups[g] and groups[g][-1].lead[:3] == seg.lead[:3]]
                    for n, seg in enumerate(coded)}
            order = list(range(k))
            for n, found in same.items():
                if len(found) == 1 and found[0] != order[n]:
                    other = order.index(found[0])
                    order[n], order[other] = order[other], order[n]
            for seg, g in zip(coded, order):
                groups[g].append(seg)
            last_alone = None
            continue
        used: set[int] = set()
        for seg in coded:
            same = [g for g in range(k) if g not in used and groups[g] and groups[g][-1].lead[:3] == seg.lead[:3]]
            if len(same) == 1:
                g = same[0]
            elif last_alone is not None and last_alone not in used:
                g = last_alone
            else:  # not said which group a lone new class continues: the last (only the rows' order depends on it)
                g = next((g for g in range(k - 1, -1, -1) if g not in used), None)
                if g is None:
                    return None
            used.add(g)
            groups[g].append(seg)
            last_alone = g if len(coded) == 1 else None
    groups.append(totals)
    return groups


def _names(lines: list[list[_Segment] | str]) -> bool | None:
    """Wrapped name lines joined to the nameless segment beside them (above or below; a run between two such
    segments is split, the lower half to the lower one). True when any was joined; None when one has no place."""
    joined = False
    n = 0
    while n < len(lines):
        if not isinstance(lines[n], str):
            n += 1
            continue
        end = n
        while end < len(lines) and isinstance(lines[end], str):
            end += 1
        run = [t for t in lines[n:end] if isinstance(t, str)]
        above = _nameless(lines[n - 1]) if n > 0 else []
        below = _nameless(lines[end]) if end < len(lines) else []
        if len(above) > 1 or len(below) > 1 or not (above or below):
            return None
        if above and below:
            half = len(run) // 2
            above[0].name += run[:half]
            below[0].name[:0] = run[half:]
        elif above:
            above[0].name += run
        else:
            below[0].name[:0] = run
        joined = True
        n = end
    return joined


def _nameless(line: list[_Segment] | str) -> list[_Segment]:
    return [] if isinstance(line, str) else [s for s in line if s.coded and not s.printed_name]
