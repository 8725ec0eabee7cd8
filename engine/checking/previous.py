"""Last year's disclosure beside this year's: its tables are reachable as 上年公开01 … (Disclosure.table);
without one, rules on them are 不可核."""
from __future__ import annotations

from engine.model import Disclosure


class PreviousError(Exception):
    """The document given as last year's cannot be: the message is Chinese, with the English beside it."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


def with_previous(doc: Disclosure, previous: Disclosure) -> Disclosure:
    this, last = doc.metadata.year, previous.metadata.year
    if this is not None and last is not None and last != this - 1:
        raise PreviousError(f"上年文件的年度是 {last} 年，本年文件是 {this} 年：应为 {this - 1} 年的决算公开",
                            f"the previous document is of {last}, this one of {this}: expected {this - 1}")
    paired = doc.model_copy()
    paired._previous = previous
    return paired
