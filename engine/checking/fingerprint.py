"""A finding's stable identity: the rule and what the finding is about (its element, the table, row and column of the
cell it rests on, or the narrative section), never values, line numbers or message text. The same deviation keeps
its fingerprint after reformatting, after a correction elsewhere, and next year."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from json.encoder import encode_basestring  # json.dumps(ensure_ascii=False)'s own string encoder

from engine.checking.findings import Finding
from engine.labels import normalise

# amounts, percentages and years are values, not identity ("… / 2.6", "2024年度…")
_VALUES = re.compile(r"\d[\d,]*\.\d+%?|\d+(?:\.\d+)?\s*%|(?:19|20)\d{2}\s*年度?|第\s*\d+\s*[页行]")
_TABLE = re.compile(r"公开\s*\d{2}|附表\s*\d+|表[一二三四五六七八九十]+")


@lru_cache(maxsize=4096)  # row and column names repeat from document to document; a pure function of the text
def _plain_text(text: str) -> str:
    return _VALUES.sub("", normalise(text))


def _plain(text: str | None) -> str:
    return _plain_text(text or "")


def subject(finding: Finding) -> list[str]:
    """What the finding is about, in words that do not change when amounts, layout or year change."""
    if finding.element:  # a rule over many elements names the one it is about (the cells it read may vary)
        return [finding.rule, _plain(finding.element)]
    if finding.refs:
        first = finding.refs[0]
        return [finding.rule, first.table or "", _plain(first.row), _plain(first.column)]
    # e.g. "缺少公开03": the tables it names are its subject
    return [finding.rule, *sorted({re.sub(r"\s", "", t) for t in _TABLE.findall(finding.message)})]


def fingerprint(finding: Finding) -> str:
    # json.dumps(subject, ensure_ascii=False, separators=(",", ":")), without the encoder object it builds each call
    raw = "[" + ",".join(map(encode_basestring, subject(finding))) + "]"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def fingerprints(findings: list[Finding]) -> list[str]:
    """One per finding; two findings with one subject (rare) are told apart by their order within it."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for finding in findings:
        base = fingerprint(finding)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}-{n + 1}")
    return out
