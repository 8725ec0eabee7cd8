"""Import errors and warnings: a bad file raises DisclosureError; what cannot be placed becomes an ImportWarning."""
from __future__ import annotations

from engine.model import ImportWarning, Source


class DisclosureError(Exception):
    """A file that cannot be read as a disclosure at all (empty, binary, not UTF-8, not a disclosure)."""

    def __init__(self, code: str, message_zh: str, message_en: str = "", source: Source | None = None):
        super().__init__(message_zh)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en or message_zh
        self.source = source or Source()

    def message(self, lang: str = "zh") -> str:
        text = self.message_en if lang == "en" else self.message_zh
        where = str(self.source) if (self.source.line or self.source.page) else ""
        if not where:
            return text
        return f"{text} (line {self.source.line})" if lang == "en" else f"{text}（{where}）"

    def __str__(self) -> str:
        return self.message()


# The brief's name for the text source's error; one class serves both.
ImportError_ = DisclosureError


class Warnings:
    """Collects import warnings in order; each keeps the line (and page, when known) it came from."""

    def __init__(self) -> None:
        self.items: list[ImportWarning] = []
        self.pages: dict[int, int] = {}  # line -> page, for sources that have pages (PDF)

    def add(self, code: str, message: str, line: int | None = None, page: int | None = None) -> None:
        if page is None and line is not None:
            page = self.pages.get(line)
        self.items.append(ImportWarning(code=code, message=message, source=Source(line=line, page=page)))
