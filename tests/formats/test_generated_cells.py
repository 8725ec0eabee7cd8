"""Generated disclosures printed one cell a line read as with single spaces, and as the original where it matters here.

bench/generate.py scales every amount of the sample (its 公开01 printed without a title, its 目录 with page numbers,
its 自评表) and plants defects; the documents whose table cells were not changed are rendered (engine/render) as
printed and with every table titled and numbered, one cell a line and with single spaces, and imported again. One
cell a line gives the same amounts and findings as single spaces (layout rules aside, as in test_format_invariance),
its 目录 and 自评表 findings are the original's, and its untitled 公开01 is found. Single spaces cannot show where a
cell with a space inside ends: a 自评表 with such an indicator row must say so (partly read), handing the row on with
its possible readings (the printed cells among them) unless they are too many. GENERATED_CELLS examples
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
    compared = opened = 0
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
            # only what cannot be known is left unread, or handed on with its possible readings
            assert all("无法确定" in r.reason or r.uncertain == ["placement"] for r in unclear), unclear
            if not unclear:
                assert _p_rules(found) == _p_rules(want), where
            elif all(r.uncertain for r in unclear):
                _judged_as_the_original(found, want, where)
                opened += 1
            unread = {r.item for r in unclear if not r.uncertain}
            for form in got.attachments:  # a 自评表 reported read: every indicator cell as printed
                if f"自评表「{form.project}」" not in unread:
                    _as_printed(form, originals[form.project], where)
                    compared += 1
    assert compared, "no 自评表 was reported read: nothing was compared"
    print(f"{numbering}: {opened} imported documents with 自评表 rows handed on, judged over their readings")


def _judged_as_the_original(found: list[tuple], want: list[tuple], where) -> None:
    """Forms with rows handed on: every P finding is the original's (or holds in every reading, I150), and each of
    the original's P findings is reported or its rule said 不可核 (in its own note or in a form's summary)."""
    mine, given = _p_rules(found), _p_rules(want)
    assert all(f in given or "本条都不成立" in f[-1] for f in mine if f[2] == "fail"), where
    for f in given:
        assert f in mine or any(g[0] == f[0] and g[2] == "not_checkable" for g in mine) or any(
            g[0] == "-" and f[0] in g[-1] for g in found), (where, f)


def _as_printed(form, original, where) -> None:
    """Every indicator cell as printed; an open row's: the printed one is among its readings (the form's own first
    reading is in the model, the others handed on)."""
    open_rows = {int(g.rows[0]): g for g in form.ambiguous}
    for k, (mine, theirs) in enumerate(zip(_indicators(form), _indicators(original), strict=True)):
        if k not in open_rows:
            assert mine == theirs, (where, form.project)
            continue
        cells = (*theirs[:4], str(theirs[4]) if theirs[4] is not None else "")
        assert cells in [tuple(c.text for c in r) for r in open_rows[k].readings], (where, form.project, theirs)


def _indicators(form) -> list:
    return [(i.name, i.target, i.actual, i.shortfall_reason, i.score.value if i.score else None) for i in form.indicators]
