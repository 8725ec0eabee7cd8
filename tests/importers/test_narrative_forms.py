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


def _figures_apart(text: str, most: int | None = None) -> str:
    """The narrative's prose lines (第三部分 up to 第四部分) with their figures on lines of their own (the first
    `most` such lines only, when given)."""
    out, inside, split = [], False, 0
    for line in text.split("\n"):
        if re.match(r"^\s*第[三四]部分", line):
            inside = "三" in line.split("部分")[0]
            out.append(line)
            continue
        prose = inside and re.search(r"[\u4e00-\u9fff]{4}", line) and re.search(r"[。；，]", line)
        pieces = _apart(line) if prose and (most is None or split < most) else [line]
        split += len(pieces) > 1
        out += pieces
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
def test_each_character_put_back_is_traced_to_where_it_was_printed(name):
    """figures_traced: the merged lines are figures_in_place's, and each of their characters is the character of
    the text at the traced (line, column) — what lets a defect be made where the tool printed it."""
    from engine.importers.figures import figures_in_place, figures_traced

    raws = _figures_apart(_spaced(name)).split("\n")
    out, apart, traces = figures_traced(raws)
    assert (out, apart) == figures_in_place(raws) and len(traces) > 20
    for i, trace in traces.items():
        assert "".join(raws[line][column] for line, column in trace) == out[i]
        assert {line for line, _ in trace} == {i, i + 1} and out[i + 1] == ""


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


@pytest.mark.parametrize("name", ["yangquan", "generated-1"])
def test_too_few_lines_to_mend_leave_the_narrative_partly_read(name):
    """Two sentences with their figures on lines of their own: too few to show the tool's pattern, so nothing is put
    back, and those sentences keep their holes (`支出 万元`): the 情况说明 is partly read, never read with holes."""
    text = _spaced(name)
    apart = _figures_apart(text, most=2)
    assert apart.count("\n") == text.count("\n") + 2
    doc = import_text(apart.encode("utf-8"), name="apart.txt")
    reading = {r.item: r for r in doc.reading}["情况说明"]
    assert reading.status == "partly_read" and "另起一行" in reading.reason
    assert [w for w in doc.warnings if w.code == "figures_apart"]
    assert any(f[2] == "not_checkable" and "情况说明" in f[5] for f in findings(doc))


def _numbered(lines: list[str], breaks: list[int]) -> str:
    """Pages (form feeds) ending before each of `breaks` and at the end, each closed by its page number."""
    out, page, at = [], 1, 0
    for end in breaks + [len(lines)]:
        out.append("\n".join(lines[at:end] + [str(page)]))
        page, at = page + 1, end
    return "\n\f".join(out)


@pytest.mark.parametrize("name", ["yangquan", "generated-1"])
def test_a_page_number_below_a_sentence_with_a_hole_is_not_its_amount(name):
    """Figures set apart all through the narrative (many lines mended), and one sentence whose figure line is not
    printed, last on its page: the page number below it (`12`) fits its hole, but it is page furniture, not an amount
    of the sentence: the hole stays and the 情况说明 is partly read."""
    lines = _figures_apart(_spaced(name)).split("\n")
    at = next(i for i in range(len(lines) - 1, 0, -1) if re.fullmatch(r"\d+(?:\.\d+)?", lines[i])
              and lines[i - 1].count(" ") == 1 and " 万元" in lines[i - 1])
    words = lines[at - 1]
    del lines[at]  # the sentence's figure is lost: its page's number comes next
    breaks = list(range(PAGE, at, PAGE)) + [at]
    page = len(breaks)  # the number printed below the sentence
    text = _numbered(lines, breaks)
    false = words.replace(" ", str(page))
    doc = import_text(text.encode("utf-8"), name="numbered.txt")
    prose = "".join(s.text for s in doc.narrative.sections)
    assert words.split(" ")[0] in prose.replace("\n", ""), "the sentence is read"
    assert false not in prose.replace("\n", "")
    reading = {r.item: r for r in doc.reading}["情况说明"]
    assert reading.status == "partly_read" and "另起一行" in reading.reason


def _weighted(text: str, total: str) -> str:
    """The forms with a 分值 column before 自评得分, and each 总分 row printing `total` in place of its score."""
    text = text.replace("\t自评得分", "\t分值\t自评得分")
    return re.sub(r"^(\s*总 分\t*)\d+$", lambda m: m[1] + total.format(score=_score(m[0])), text, flags=re.M)


def _score(row: str) -> str:
    return row.split("\t")[-1]


def _totals(doc) -> list:
    return [f.total_score.value if f.total_score else None for f in doc.attachments]


@pytest.mark.parametrize("index", [1, 2])
def test_a_total_row_decides_its_score_by_its_printed_numbers(index):
    """A 自评表 with a 分值 column: the 总分 row printing 分值 and 自评得分 reads the last; printing only a score
    other than 100 reads it; printing only 100 (the 分值, the score left blank) reads no score, never the 分值 as a
    guess: the form is partly read with the reason (I131)."""
    text = _generated(index)
    plain = import_text(text.encode("utf-8"), name="g.txt")
    scores = _totals(plain)
    assert scores and all(s is not None for s in scores)
    both = import_text(_weighted(text, "100\t{score}").encode("utf-8"), name="both.txt")
    assert _totals(both) == scores
    blank = import_text(_weighted(text, "100\t").encode("utf-8"), name="blank.txt")
    assert _totals(blank) == [None] * len(scores)
    forms = [r for r in blank.reading if r.kind == "form"]
    assert forms and all(r.status == "partly_read" and "总分" in r.reason for r in forms)
    alone = import_text(_weighted(text, "{score}").encode("utf-8"), name="alone.txt")
    assert _totals(alone) == [s if s != 100 else None for s in scores]
