"""The one label normalisation used wherever labels are compared."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": '"', "』": '"',
                         "〔": "(", "〕": ")", "【": "(", "】": ")"})
_CN_NUM = "一二三四五六七八九十百零〇"
# 一、 （一） (一) 1. 1、 (1) ① at the start of a label
_PREFIX = re.compile(
    rf"^(?:[{_CN_NUM}]+、|\([{_CN_NUM}]+\)|\(\d+\)|\d+[.、．](?!\d)|[①-⑳])\s*"
)
_SPACE = re.compile(r"\s+")
PREVIOUS = "上年"  # prefix of a table of last year's disclosure (上年公开01)


@lru_cache(maxsize=65536)
def normalise(label: str) -> str:
    """NFKC, no whitespace, ASCII brackets and quotes, no numbering prefix.

    `因公出国 (境) 费` and `因公出国（境）费` both become `因公出国(境)费`.
    """
    text = unicodedata.normalize("NFKC", label or "").translate(_QUOTES)
    text = _SPACE.sub("", text)
    previous = None
    while previous != text:  # "一、（一）x" carries two prefixes
        previous = text
        text = _PREFIX.sub("", text)
    return text
