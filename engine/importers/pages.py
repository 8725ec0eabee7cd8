"""Locations as a reader finds them: in a source with pages (a PDF, text with form feeds) a finding says
第21页第14行, the 14th printed line of page 21. Importers number lines through the whole source (that order is
what they work with); `relocate` turns every Source of the finished document into page + line on that page."""
from __future__ import annotations

from dataclasses import fields, is_dataclass

from pydantic import BaseModel

from engine.model import Source


def relocate(doc: BaseModel, page_lines: dict[int, int]) -> None:
    """Rewrites, in place, each Source with a page whose line `page_lines` knows (running line -> line on page)."""
    if not page_lines:
        return
    done: dict[Source, Source] = {}

    def moved(source: Source, _owner: object = None) -> Source:
        if source.page is None or source.line not in page_lines:
            return source
        new = done.get(source)
        if new is None:
            new = done[source] = Source(line=page_lines[source.line], page=source.page)
        return new

    map_sources(doc, moved)


def map_sources(doc: BaseModel, moved) -> None:
    """Replaces, in place, every Source in the document by `moved(source, owner)` (the same object when unchanged;
    `owner` is the object whose field it is: a Cell, a Row, a Note …)."""

    def visit(value, owner: object = None) -> object:
        if isinstance(value, Source):
            return moved(value, owner)
        if isinstance(value, BaseModel):
            for name, item in value.__dict__.items():
                new = visit(item, value)
                if new is not item:
                    value.__dict__[name] = new
        elif is_dataclass(value):
            for field in fields(value):
                item = getattr(value, field.name)
                new = visit(item, value)
                if new is not item:
                    setattr(value, field.name, new)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                new = visit(item)
                if new is not item:
                    value[i] = new
        elif isinstance(value, dict):
            for key, item in value.items():
                new = visit(item)
                if new is not item:
                    value[key] = new
        return value

    visit(doc)
