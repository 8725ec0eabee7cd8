"""Generated disclosures printed one cell a line read as with single spaces, and as the original where it matters here.

bench/generate.py scales every amount of the sample (its 公开01 printed without a title, its 目录 with page numbers,
its 自评表) and plants defects; the documents whose table cells were not changed are rendered (engine/render) as
printed and with every table titled and numbered, one cell a line and with single spaces, and imported again. One
cell a line gives the same amounts and findings as single spaces (layout rules aside, as in test_format_invariance),
its 目录 and 自评表 findings are the original's, and its untitled 公开01 is found. Single spaces cannot show where a
cell with a space inside ends: a 自评表 with such an indicator row must say so (partly read). GENERATED_CELLS examples
(default 4) per layout."""
from __future__ import annotations

import os
import re

import pytest

from engine.importers import import_text, load_disclosure
from engine.render import write
from engine.render.layout import Layout, render
from invariance import amounts, differences, findings, layout_independent

EXAMPLES = int(os.environ.get("GENERATED_CELLS", "4"))
_state: dict = {}


def _documents():
    """(index, imported document, its findings) for the first EXAMPLES documents with no table cell changed."""
    if "docs" not in _state:
        from bench.generate import Generator

        gen, out, index = Generator(seed=11), [], 0
        while len(out) < EXAMPLES:
            index += 1
            made = gen.document(index)
            if any(d["where"].startswith("表:") for d in made.defects):
                continue
            doc = import_text(gen.published_text(made).encode("utf-8"), name=f"{made.name}.txt")
            out.append((index, doc, layout_independent(findings(doc))))
        _state["docs"] = out
    return _state["docs"]


def _p_rules(found: list[tuple]) -> list[tuple]:
    return [f for f in found if f[0].startswith("P")]


def _other_rules(found: list[tuple]) -> list[tuple]:
    """Findings of rules that do not read the 自评表, and no 不可核 summary (it lists the P rules too)."""
    return [f for f in found if not f[0].startswith("P") and f[2] != "not_checkable"]


def _toc(doc) -> list[tuple[str, str | None]]:
    """The 目录's entries; spaces aside (text.py drops the typesetting space in `第二部分 2024年…`)."""
    return [(re.sub(r"\s+", "", e.title), e.page) for e in doc.toc]


def _read(path, data: bytes):
    path.write_bytes(data)
    return load_disclosure(path)


@pytest.mark.parametrize("numbering", ["as-printed", "公开"])
def test_generated_documents_one_cell_a_line_read_as_single_spaces_and_the_original(tmp_path, numbering):
    """Which amounts single spaces let the table's arithmetic place is placement.py's matter (tests/formats/
    test_placed_text.py); one cell a line must read exactly as single spaces do, its 目录, untitled 公开01 and 自评表
    as the original."""
    compared = 0
    for index, doc, want in _documents():
        printed = render(doc, Layout(numbering=numbering))
        cells = _read(tmp_path / f"d{index}-cells.txt", write(printed, "cell-lines", form_feeds=index % 2 == 0))
        spaced = _read(tmp_path / f"d{index}-spaced.txt", write(printed, "single-space", form_feeds=index % 2 == 1))
        where = (index, numbering)
        originals = {form.project: form for form in doc.attachments}
        assert differences(amounts(spaced), amounts(cells)) == [], where
        assert _toc(cells) == _toc(doc), where
        assert "公开01" in cells.tables, where  # found by its header words when printed untitled
        for got in (cells, spaced):
            for reading in got.reading:  # a table reported read holds the original's amounts, each in its place
                if reading.kind == "table" and reading.status == "read":
                    mine = {k: v for k, v in amounts(got).items() if k[0] == reading.item}
                    assert differences({k: v for k, v in amounts(doc).items() if k[0] == reading.item}, mine) == [], \
                        (where, reading.item)
        have, spaced_found = layout_independent(findings(cells)), layout_independent(findings(spaced))
        assert _other_rules(have) == _other_rules(spaced_found), where
        for got, found in ((cells, have), (spaced, spaced_found)):
            unclear = [r for r in got.reading if r.kind == "form" and r.status != "read"]
            assert all("无法确定" in r.reason for r in unclear), unclear  # only what cannot be known is left unread
            if not unclear:
                assert _p_rules(found) == _p_rules(want), where
            unread = {r.item for r in unclear}
            for form in got.attachments:  # a 自评表 reported read: every indicator cell as printed
                if f"自评表「{form.project}」" not in unread:
                    assert _indicators(form) == _indicators(originals[form.project]), (where, form.project)
                    compared += 1
    assert compared, "no 自评表 was reported read: nothing was compared"


def _indicators(form) -> list:
    return [(i.name, i.target, i.actual, i.shortfall_reason, i.score.value if i.score else None) for i in form.indicators]
