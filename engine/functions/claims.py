"""Narrative claims (issue 18): each number printed in 情况说明 read as a claim about a 科目 or a table row.

A claim is: the subject (the words naming what the number is about, matched to table rows through
labels.normalise), the measure (决算, 年初预算, 全年预算, 上年决算, 增减额, 增减率, 占比, 完成率, 数量), the value as
printed (its precision kept), its unit, the direction word (增加 +1, 减少 −1, 持平 0), and where it was printed.

Reading is by clause (split at ，；。): the measure is the nearest measure word before the number in its clause; the
subject is the words before that (without connectives such as 其中、与上年相比、2024年度), or, for a rate or a
change that names nothing, the subject of the claim before it in the same sentence. Phrasing variants do not matter
(为/是/共/合计/计 before the number, spaces, widths, thousands commas). A number whose subject or measure cannot be
read is left unattached: a claim never borrows a figure from another clause, so a sentence that is phrased
differently yields no claim rather than a wrong one. `文中所述(r, "决算")` gives rules the claims about row r."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from engine.functions.registry import Function
from engine.functions.stated import Stated, anchors_of, flat_text
from engine.functions.text import Anchored
from engine.functions.text import line_anchors, plain_digits, source_at
from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.compiler.calls import argument
from engine.labels import normalise
from engine.model import Disclosure, Section, Source
from engine.language.numbers import Amount, half_unit
from engine.language.runtime import Ctx, EvalError, Item, RowItem, Values
from engine.language.types import CompiledNode, StaticType, kind_zh
from engine.functions.items import listed
from engine.said import say

MEASURES = ("决算", "年初预算", "全年预算", "上年决算", "增减额", "增减率", "占比", "完成率", "数量")
_UP, _DOWN, _FLAT = ("增加", "增长", "上升", "提高", "增支"), ("减少", "下降", "降低", "减支"), ("持平",)
_COUNT_UNITS = ("人次", "批次", "个", "辆", "台", "套", "次", "人", "家", "项", "批", "场")
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元|%|" + "|".join(_COUNT_UNITS) + r")")
_CLAUSE = re.compile(r"[，,；;。:：]")
_SENTENCE = re.compile(r"[。；;]")
_HEADING_ENDS = ("情况", "说明", "情况说明")
_NAMED = re.compile(r"([\u4e00-\u9fff“”\"]{2,30}?)[（(](?:项|款|类)[)）](?!.*[（(](?:项|款|类)[)）])")
_THRESHOLD = re.compile(r"[（(]?含?[)）]?(?:及)?(?:以上|以下|以内)")
# measure words, longest first; the last one before the number (in its clause) decides
_MEASURE_WORDS = [
    ("完成年初预算的", "完成率"), ("完成全年预算的", "完成率"), ("完成预算的", "完成率"), ("完成", "完成率"),
    ("上年决算", "上年决算"), ("上年", "上年决算"),
    ("年初预算", "年初预算"), ("全年预算", "全年预算"), ("预算数", "全年预算"), ("预算", "年初预算"),
    ("支出决算", "决算"), ("决算数", "决算"), ("决算", "决算"),
    ("占比", "占比"), ("占", "占比"),
    *((w, "增减") for w in _UP + _DOWN + _FLAT),
]
_SAID = dict(reversed(_MEASURE_WORDS))  # word -> measure (the first listing of a word wins)
# The measure word ending last, the longest where several end there: one search of the reversed words, longest
# alternative first (27 rfind() per number before)
_LAST_MEASURE = re.compile("|".join(re.escape(w[::-1]) for w in sorted(_SAID, key=len, reverse=True)))
_LEAD = re.compile(r"^(?:[（(]含[)）]|以上|以下|其中|另外|此外|主要包括|主要是|主要为|包括|用于|以及|和|及|与上年相比|与\d{4}年度?相比|"
                   r"比上年|较上年|比\d{4}年度?|较\d{4}年度?|\d{4}年度?|本年度?|全年|共计|共|为|是|、|"
                   r"[\d一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）])+")
_TAIL = re.compile(r"(?:为|是|共计|共|达|约)+$")
# Measure words inside a 科目 or fund name are not measures: 一般公共预算财政拨款支出 names a fund, not a 预算.
_NAMES = re.compile(r"一般公共预算|公共预算|预算财政拨款|预算绩效|政府性基金预算|国有资本经营预算")
# A subject made only of measure words names nothing (较上年决算减少…: the change of the subject before it).
_ONLY_MEASURE = re.compile(r"^(?:上年|本年|年初|全年)?(?:决算|预算)(?:数)?$")
_LEVEL = re.compile(r"[（(](?:类|款|项)[)）]")
_YEAR_END, _YEAR = re.compile(r"\d{4}年$"), re.compile(r"\d{4}")  # a year, not an amount (2024年, 2024个)


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: a frozen init costs ~2.5× (numbers.Amount), ~300 per document
class Claim:
    subject: str  # normalised words naming what the number is about ("" when none could be read)
    measure: str | None  # one of MEASURES, or None when no measure word could be read
    value: Decimal  # as printed
    unit: str
    direction: int | None  # +1 增加, −1 减少, 0 持平, None when the claim is not a change
    words: str  # the clause, as printed (flattened)
    section: str
    source: Source | None
    offset: int = 0
    context: tuple[tuple[str, str], ...] = ()  # (类 or 款, name) printed before a 项 (“…（类）…（款）行政运行（项）”)

    @property
    def attached(self) -> bool:
        return bool(self.subject) and self.measure is not None

    def amount(self) -> Amount:
        signed = self.value if self.direction is None or self.direction >= 0 else -self.value
        return Amount(signed, half_unit(self.value), "number")


def _measure(before: str, unit: str) -> tuple[str | None, int | None, int]:
    """The measure the words before a number give it, its direction, and where the measure word starts."""
    masked = _NAMES.sub(lambda m: "＃" * len(m.group(0)), before)
    last = _LAST_MEASURE.search(masked[::-1])
    best = None if last is None else (last.group(0)[::-1], _SAID[last.group(0)[::-1]], len(masked) - last.end())
    if unit in _COUNT_UNITS:
        return "数量", None, best[2] if best else len(before)
    if best is None:
        return ("决算" if unit in ("万元", "元") else None), None, len(before)
    word, found, at = best
    measure: str | None = found
    direction = None
    if measure == "增减":
        direction = 1 if word in _UP else -1 if word in _DOWN else 0
        measure = "增减率" if unit == "%" else "增减额"
    elif unit == "%" and measure not in ("占比", "完成率"):
        measure = None  # a percentage after 决算/预算 words states no amount: leave it unread
    elif unit != "%" and measure in ("占比", "完成率"):
        measure = None
    return measure, direction, at


def _subject(words: str) -> str:
    words = _LEVEL.sub("", words)
    words = _LEAD.sub("", words)
    words = _TAIL.sub("", words)
    if len(words) < 2 or _ONLY_MEASURE.match(words):
        return ""
    return normalise(words)


_CHAIN_NAME = re.compile(r"([\u4e00-\u9fff“”\"]{2,30}?)[（(](类|款)[)）]")


def _chain_before(text: str, start: int, end: int) -> tuple[tuple[str, str], ...]:
    """The 类 and 款 names printed between start and end (the chain a 项 name closes), each with its level."""
    return tuple((m.group(2), normalise(_LEAD.sub("", m.group(1)))) for m in _CHAIN_NAME.finditer(text, start, end))


def _fits(claim: Claim, row: RowItem) -> bool:
    """A claim naming its 类/款 (a chain) is about row r only when they are r's own parents in r's table."""
    code = row.row.code
    if not claim.context or not code or not code.isdigit() or len(code) <= 3:
        return True
    names = {r.code: normalise(r.label) for r in row.table.rows if r.code and r.code in (code[:3], code[:5])}
    return all(names.get(code[:3] if level == "类" else code[:5]) == name for level, name in claim.context)


def section_claims(section: Section, anchored: Anchored = line_anchors) -> list[Claim]:
    flat, anchors = anchored(section)
    where = f"{section.number}、{section.title}"
    # a printed line starts a clause after punctuation or a heading; otherwise it is a wrapped line of the sentence
    line_starts = sorted(o for o, _ in anchors if o == 0 or flat[o - 1] in "。；;：:，," or flat[:o].endswith(_HEADING_ENDS))
    # paragraph starts and clause ends, each found once (not rescanned from the section's start for every number)
    paragraphs = sorted(o for o, _ in anchors if o == 0 or flat[o - 1] in "。；;：:")
    clause_ends = [c.end() for c in _CLAUSE.finditer(flat)]
    out: list[Claim] = []
    sentence_start, previous, after_number, previous_end = -1, None, 0, 0
    for m in _NUMBER.finditer(flat):
        start = m.start()
        if start and (flat[start - 1].isdigit() or flat[start - 1] in ".,"):
            continue  # the tail of a longer number
        unit = m.group(2)
        # a clause ends at punctuation, at the end of a printed line (a heading) and after the number before it
        clause_start = max(_last_at_most(clause_ends, start), _last_at_most(line_starts, start), after_number)
        previous_end, after_number = after_number, m.end()
        paragraph = _last_at_most(paragraphs, start)
        if paragraph != sentence_start:  # a subject carries over sentences of one printed paragraph, not beyond
            sentence_start, previous = paragraph, None
        if _THRESHOLD.match(flat, m.end()):
            continue  # 单价100万元（含）以上: a threshold, not a stated figure
        before = flat[clause_start:start]
        if _YEAR_END.search(before) or _YEAR.fullmatch(m.group(1)) and unit not in ("万元", "元", "%"):
            continue
        measure, direction, at = _measure(before, unit)
        subject = _subject(before[:at])
        context: tuple[tuple[str, str], ...] = ()
        if not subject and measure is not None:  # 1、…（类）…（款）行政运行（项）。年初预算为…: the 科目 named before
            named = _NAMED.search(flat, max(previous_end, start - 160), clause_start)
            if named is not None:
                subject = normalise(named.group(1))
                context = _chain_before(flat, max(previous_end, start - 200), named.start())
        if not subject and previous is not None and measure in ("增减率", "增减额", "占比", "完成率", "决算"):
            subject, context = previous.subject, previous.context  # 收入总计减少…，下降6.74%: the same subject
        value = Decimal(m.group(1).replace(",", ""))
        if not context and subject and _LEVEL.search(before):
            context = _chain_before(before, 0, len(before))
        claim = Claim(subject, measure, value, unit, direction, flat[clause_start:m.end()], where,
                      source_at(anchors, start, section.source), start, context)
        out.append(claim)
        if claim.attached:
            previous = claim
    return out


def _last_at_most(offsets: list[int], at: int) -> int:
    """The largest of the sorted `offsets` that is ≤ `at`, 0 when none is."""
    i = bisect_right(offsets, at)
    return offsets[i - 1] if i else 0


def claims_of(ctx: Ctx, section: Section) -> list[Claim]:
    """The section's claims, read once per document whichever rule asks first (文中所述, 其中超出)."""
    claims: list[Claim] = ctx.memo.once(("claims", id(section)), section, lambda: section_claims(section, anchors_of(ctx)))
    return claims


def _by_measure(ctx: Ctx, section: Section) -> dict[str | None, list[Claim]]:
    """The section's claims grouped by measure, in printed order (文中所述 asks one measure ~13 times a document)."""
    def group() -> dict[str | None, list[Claim]]:
        out: dict[str | None, list[Claim]] = {}
        for c in claims_of(ctx, section):
            out.setdefault(c.measure, []).append(c)
        return out
    grouped: dict[str | None, list[Claim]] = ctx.memo.once(("claims_by_measure", id(section)), section, group)
    return grouped


def document_claims(doc: Disclosure) -> list[Claim]:
    """Claims of every 情况说明 section (a section's text holds its parts: each number is read once)."""
    return [c for s in doc.narrative.sections for c in section_claims(s)]


def coverage(doc: Disclosure) -> tuple[int, int, list[Claim]]:
    """(numbers attached to a claim, numbers printed, the unattached ones)."""
    claims = document_claims(doc)
    loose = [c for c in claims if not c.attached]
    return len(claims) - len(loose), len(claims), loose


def _names(subject: str, label: str) -> bool:
    """A claim's subject names the row: its label, or spending on it (公务接待费支出 is 公务接待费; 公务用车购置支出
    is 公务用车购置费). A label that itself ends in 支出 (一般公共服务支出) is matched only as printed."""
    if subject == label:
        return True
    if not subject.endswith("支出") or label.endswith("支出"):
        return False
    stem = subject[:-2]
    return stem == label or (label.endswith("费") and stem == label[:-1])


def stated_about(ctx: Ctx, section: Section, row: RowItem, measure: str) -> Values:
    """文中所述(章节, r, "决算"): every amount the section (its parts included) claims for row r's 科目 (by its printed
    name) and that measure, each at its printed precision."""
    if measure not in MEASURES:
        raise EvalError("E412", name=measure, known="、".join(MEASURES))
    label = normalise(row.row.label)
    out = []
    for c in _by_measure(ctx, section).get(measure, ()):
        if _names(c.subject, label) and c.unit not in ("元",) and _fits(c, row):
            amount = c.amount()
            out.append(Stated(amount.value, amount.tol, "number", snippet=c.words, section=c.section, source=c.source))
    return Values(tuple(out))


_INNER = re.compile(r"其中|包括|包含|含|具体|明细")  # words that open a breakdown of the part before them


def _parts_over(ctx: Ctx) -> tuple[Item, ...]:
    """Amounts stated as 其中 of a whole in the same sentence (same measure, 万元) that exceed it beyond rounding;
    and the parts listed after one 其中 that together exceed it (a nested 其中/包括 stops the sum: its parts are
    inside an earlier part)."""
    out: list[Item] = []
    for section in ctx.doc.narrative.sections:
        flat = flat_text(ctx, section)
        whole: Claim | None = None
        parts: list[Claim] = []
        nested = False
        sentence_end = -1
        for c in claims_of(ctx, section):
            if c.offset > sentence_end:  # a new sentence: no whole yet
                whole, end, parts, nested = None, flat.find("。", c.offset), [], False
                sentence_end = end if end >= 0 else len(flat)
            if c.unit != "万元" or c.measure != "决算" or not c.attached:
                continue
            between = flat[whole.offset:c.offset] if whole is not None else ""
            if whole is not None and "其中" in between:
                if c.value - whole.value > half_unit(c.value) + half_unit(whole.value):
                    out.append(Item(say("I66", words=plain_digits(c.words), part=c.value, whole=whole.subject, whole_value=whole.value),
                                    c.source))
                nested = nested or bool(parts and _INNER.search(flat, parts[-1].offset, c.offset))
                if nested:
                    continue
                parts.append(c)
                total = sum((p.value for p in parts), Decimal(0))
                slack = sum((half_unit(p.value) for p in parts), half_unit(whole.value))
                if len(parts) > 1 and total - whole.value > slack:
                    out.append(Item(say("I67", words=plain_digits(flat[whole.offset:c.offset + len(c.words)][-80:]), total=total,
                                        whole=whole.subject, whole_value=whole.value), c.source))
            elif whole is None or "其中" not in between:
                whole, parts, nested = c, [], False
    return tuple(dict.fromkeys(out))


def parts_over_whole(ctx: Ctx) -> tuple[Item, ...]:
    """其中超出(): 其中 amounts larger than the whole they belong to (each with its words and line)."""
    return listed(ctx, "parts_over", lambda: _parts_over(ctx))


def _stated_about_call(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    """文中所述(章节, r, "决算"): the section, a row, and a measure named by a quoted literal (checked at load time)."""
    section = compiler.node(node.args[0])
    if section.type.kind != "section":
        raise compiler.fail("E206", node.args[0], what=node.func, expected="情况说明章节", got=kind_zh(section.type.kind))
    row = argument(compiler, node, "row", node.args[1])
    literal = node.args[2]
    if not (isinstance(literal, n.String) and literal.value in MEASURES):
        raise compiler.fail("E206", literal, what=node.func, expected="说法类别（" + "、".join(MEASURES) + "）",
                            got=getattr(literal, "value", "表达式"))
    section_fn, row_fn, measure = section.fn, row.fn, literal.value
    return CompiledNode(lambda ctx: stated_about(ctx, section_fn(ctx), row_fn(ctx), measure), StaticType("list"),
                        compiler.text(node))


FUNCTIONS = (
    Function("stated_about", ("stated_about", "文中所述"), ("section", "row", "text"), "list",
             "章节中关于行 r 的科目、该说法类别（决算、年初预算、增减额、占比……）的全部数字，不论写法",
             "every number the section states about row r's 科目 for that measure (决算, 年初预算, 增减额, 占比 …), "
             "whatever the phrasing", hook=_stated_about_call,
             reads=(), example="文中所述(情况说明.五, 公开05[201], \"决算\")"),
    Function("parts_over_whole", ("parts_over_whole", "其中超出"), (), "items",
             "情况说明同一句中“其中”所列金额大于其所属总数（超出尾数容差）的",
             "amounts stated as 其中 of a whole in the same sentence that exceed it beyond rounding",
             parts_over_whole, contextual=True, reads=("情况说明",), example="其中超出()"),
)
