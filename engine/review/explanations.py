"""审核说明 checked as data: an explanation is refused at once, with the reason, when it is boilerplate, too short,
not about its finding, or the same text pasted onto another finding. Incumbent systems accept "已核实" in every box."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from engine.said import joined, say

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
    message: str  # its text: engine/messages.py R20–R24
    params: dict[str, object] = field(default_factory=dict)

    @property
    def zh(self) -> str:
        return str(say(self.message, **self.params))

    @property
    def en(self) -> str:
        return say(self.message, **self.params).text("en")


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
        return Refusal("bad_category", "R20", {"category": category, "categories": joined(list(categories), "、")})
    flat = plain(text)
    if not flat or flat in {plain(b) for b in boilerplate}:
        return Refusal("boilerplate", "R21")
    if len(flat) < MIN_CHARS:
        return Refusal("too_short", "R22", {"n": MIN_CHARS})
    about = (_FIGURE.search(text) or _CAUSE.search(text) or any(w in flat for w in _subject_words(finding)))
    if not about:
        return Refusal("not_about_finding", "R23")
    if used_elsewhere:
        return Refusal("pasted", "R24")
    return None
