"""审核说明 checked as data: an explanation is refused at once, with the reason, when it is boilerplate, too short,
not about its finding, or the same text pasted onto another finding. Incumbent systems accept "已核实" in every box."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CATEGORIES = ("政策调整", "口径差异", "尾数差异", "核算调整", "其他")
BOILERPLATE = ("已核实", "已核实修正数据", "已核实无误", "无", "情况属实", "数据无误", "已修改", "已修正", "同意",
               "正常", "无异常", "按要求填报", "经核实无误", "见附件", "确认无误", "ok", "无问题")
MIN_CHARS = 8  # Chinese characters or digits, punctuation not counted
_CAUSE = re.compile(r"因|由于|原因|导致|所致|造成|系|调整|变化|变动|增加|减少|增长|下降|政策|口径|核算|新增|取消|"
                    r"合并|划转|结转|追加|压减|口径|归集|列支|分类|四舍五入|尾数")
_FIGURE = re.compile(r"\d")
_PUNCT = re.compile(r"[\s\W_]+", re.U)


@dataclass(frozen=True)
class Refusal:
    code: str
    zh: str
    en: str


def plain(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def _subject_words(finding: dict) -> set[str]:
    """Words that name what the finding is about: its element and the labels of the cells it reads (2+ chars)."""
    words: set[str] = set()
    names = [finding.get("element") or "", finding.get("name") or ""]
    names += [r.get(k) or "" for r in finding.get("refs", []) for k in ("label", "row", "table")]
    for name in names:
        for piece in re.split(r"[\s/·、，,：:（）()《》“”\"「」]+", name):
            piece = re.sub(r"^\d+", "", piece)
            if len(piece) >= 2:
                words.add(plain(piece))
                words.update(plain(piece[i:i + 4]) for i in range(0, max(1, len(piece) - 3)))  # fragments of long labels
    return {w for w in words if len(w) >= 2}


def refusal(text: str, category: str, finding: dict, *, categories: tuple[str, ...] = CATEGORIES,
            boilerplate: tuple[str, ...] = BOILERPLATE, used_elsewhere: bool = False) -> Refusal | None:
    """Why this explanation cannot be taken, or None. `used_elsewhere`: the same text already explains another
    finding of this unit and year."""
    if category not in categories:
        return Refusal("bad_category", f"说明类别「{category}」无效：应为 {'、'.join(categories)} 之一",
                       f"unknown category {category!r}: use one of {', '.join(categories)}")
    flat = plain(text)
    if not flat or flat in {plain(b) for b in boilerplate}:
        return Refusal("boilerplate", "说明是套话（如“已核实”“已核实修正数据”“无”），没有说明原因：请写明差异的具体原因和涉及的金额或科目",
                       "the explanation is boilerplate; state the actual cause and the amounts or items concerned")
    if len(flat) < MIN_CHARS:
        return Refusal("too_short", f"说明过短（少于 {MIN_CHARS} 个字）：请写明差异的具体原因",
                       f"the explanation is too short (under {MIN_CHARS} characters)")
    about = (_FIGURE.search(text) or _CAUSE.search(text) or any(w in flat for w in _subject_words(finding)))
    if not about:
        return Refusal("not_about_finding", "说明与该问题无关：既未提到所涉科目或项目，也没有金额或原因",
                       "the explanation mentions neither the finding's subject, nor a figure, nor a cause")
    if used_elsewhere:
        return Refusal("pasted", "同一段说明已用于本单位本年度的另一条问题：每条问题须单独说明其原因",
                       "the same text already explains another finding of this unit and year")
    return None
