"""The narrative as derived text forms print it: pages a tool joins with a bare form feed (pdfplumber's pages, no
line end before the next page), figures a tool puts on a line of their own. Each is made from whole documents, the
bundled sample and generated ones, and must read as the plain text does: the same sections with the same text at
the same page and line, and the same findings."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.importers import import_text
from engine.render.compare import findings

ROOT = Path(__file__).resolve().parents[2]
PAGE = 37  # lines a page: pages then break anywhere, inside a section as well as before a heading


def _sample() -> str:
    return (ROOT / "samples" / "yangquan-czj-2024.txt").read_text("utf-8")


def _generated(index: int) -> str:
    from bench.generate import Generator

    gen = Generator(seed=11)
    return gen.published_text(gen.document(index))


TEXTS = {"yangquan": _sample, "generated-1": lambda: _generated(1), "generated-2": lambda: _generated(2)}


def _paged(text: str, join: str) -> str:
    lines = text.split("\n")
    return join.join("\n".join(lines[i:i + PAGE]) for i in range(0, len(lines), PAGE))


def _narrative(doc) -> list[tuple]:
    out = [("toc", e.title, e.page, e.source.page, e.source.line) for e in doc.toc]
    for s in doc.narrative.sections:
        out.append(("section", s.number, s.title, s.text, s.source.page, s.source.line))
        out += [("sub", t.number, t.title, t.source.page, t.source.line) for t in s.subsections]
    return out


@pytest.mark.parametrize("name", TEXTS)
def test_pages_joined_by_a_bare_form_feed_read_as_pages_on_lines_of_their_own(name):
    text = TEXTS[name]()
    own = import_text(_paged(text, "\n\f").encode("utf-8"), name="own.txt")
    joined = import_text(_paged(text, "\f").encode("utf-8"), name="joined.txt")
    assert own.narrative.sections, "the narrative is read at all"
    assert _narrative(joined) == _narrative(own)
    assert findings(joined) == findings(own)
