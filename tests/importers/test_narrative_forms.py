"""The narrative as derived text forms print it: pages a tool joins with a bare form feed (pdfplumber's pages, no
line end before the next page), figures a tool puts on a line of their own. Each is made from whole documents, the
bundled sample and generated ones, and must read as the plain text does: the same sections with the same text at
the same page and line, and the same findings."""
from __future__ import annotations

import re
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


# a figure as pdfplumber sets it apart: an amount, a count, a percentage, a year, a quote mark in the Latin font
_FIGURE = re.compile(r"\d+(?:\.\d+)?%?|[“”]")


def _apart(line: str) -> list[str]:
    """A prose line as pdfplumber prints it when figures sit lower than the Chinese text: the words with a space
    where each figure stood, then the figures alone. A line whose figures touch each other or stand last is kept
    whole (where such a figure went the text could not tell, and the reader leaves it)."""
    figures = _FIGURE.findall(line)
    pieces = _FIGURE.split(line)
    if not figures or not pieces[-1] or any(not p for p in pieces[1:-1]) or "  " in line or "\t" in line:
        return [line]
    return [(pieces[0] + " " if pieces[0] else "") + " ".join(pieces[1:]), " ".join(figures)]


def _figures_apart(text: str) -> str:
    """The narrative's prose lines (第三部分 up to 第四部分) with their figures on lines of their own."""
    out, inside = [], False
    for line in text.split("\n"):
        if re.match(r"^\s*第[三四]部分", line):
            inside = "三" in line.split("部分")[0]
            out.append(line)
            continue
        prose = inside and re.search(r"[\u4e00-\u9fff]{4}", line) and re.search(r"[。；，]", line)
        out += _apart(line) if prose else [line]
    return "\n".join(out)


def _spaced(name: str) -> str:
    """The document as text laid out with spaces (no tabs), as PDF-to-text tools write it."""
    from engine.render import derive

    doc = import_text(TEXTS[name]().encode("utf-8"), name=f"{name}.txt")
    return derive.from_model(doc, "spaces").decode("utf-8")


def _sections(doc) -> list[tuple]:
    return [(s.number, s.title, s.text) for s in doc.narrative.sections]


@pytest.mark.parametrize("name", TEXTS)
def test_figures_printed_on_a_line_of_their_own_go_back_into_their_sentence(name):
    text = _spaced(name)
    apart = _figures_apart(text)
    assert apart.count("\n") > text.count("\n") + 20, "the derived form sets figures apart on many lines"
    whole = import_text(text.encode("utf-8"), name="whole.txt")
    read = import_text(apart.encode("utf-8"), name="apart.txt")
    assert whole.narrative.sections
    assert _sections(read) == _sections(whole)
    assert findings(read) == findings(whole)


def test_a_table_row_after_a_label_line_is_not_taken_for_lost_figures():
    """Table lines (a label, then its amounts on the next line) are not sentences: nothing is merged."""
    from engine.importers.figures import figures_in_place

    rows = ["资本性支出", "13.58", "合计 基本支出", "12.00 3.00", "年初结转和结余", "0.95", "个人农业生产补贴", "1.00"]
    assert figures_in_place(rows * 3)[0] == rows * 3


@pytest.mark.parametrize("name", ["yangquan", "generated-1"])
def test_figures_the_text_cannot_put_back_leave_the_narrative_partly_read(name):
    """A sentence whose spaces do not match its figures (here: a figure more than the spaces allow, and the line not
    opening with what follows a figure) is not guessed: the 情况说明 is partly read, with the reason, and the rules
    reading it are 不可核 rather than findings."""
    apart = _figures_apart(_spaced(name)).split("\n")
    at = next(i for i, line in enumerate(apart) if i > 0 and re.fullmatch(r"[\d.% ]+", line) and
              len(line.split()) >= 2 and "万元" in apart[i - 1])
    apart[at] += " 1.23"  # one figure no space can take
    doc = import_text("\n".join(apart).encode("utf-8"), name="apart.txt")
    reading = {r.item: r for r in doc.reading}["情况说明"]
    assert reading.status == "partly_read" and "另起一行" in reading.reason
    assert any(w.code == "figures_apart" for w in doc.warnings)
    found = findings(doc)
    assert any(f[2] == "not_checkable" and "情况说明" in f[5] for f in found)
