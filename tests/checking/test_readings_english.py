"""A finding judged over the possible readings (engine/checking/readings.py: I150–I156) reads as English in an
English report: the rows placed as the other English messages place a cell (`公开05「2010101」 (page 3, line 8)`),
lists with commas, columns quoted as the document prints them (the model has no English column names), no Chinese
punctuation or words outside the quoted document text."""
from __future__ import annotations

import re

import pytest

from engine.checking import elements, readings
from engine.checking.check import check
from engine.rules.loader import load_rulebook

from .test_english import _chinese_left, _unquoted
from .test_reading_elements import AS_GIVEN, ROOT, _printed

_CHINESE_PUNCTUATION = re.compile(r"[、；：（），。]")


@pytest.fixture(scope="module")
def book():
    return load_rulebook(ROOT / "rulebook")


def _english(text: str, element: str | None = None) -> None:
    outside = _unquoted(text)
    assert not _CHINESE_PUNCTUATION.search(outside), text
    assert _chinese_left(text, [element or ""]) == [], text


def _sourced(doc):
    """The rows read with a line each, as an imported document's are (consistent.json gives none)."""
    from engine.model import Source

    for line, row in enumerate(doc.tables["公开05"].rows, start=5):
        row.source = Source(page=3, line=line)
    return doc


def test_a_finding_over_every_reading_and_the_figures_alike_in_each_read_as_english(book):
    doc = _sourced(_printed({**AS_GIVEN, "2010101": ("50.00", "55.00")}))
    [zh] = [f for f in check(doc, book).findings if f.rule == "H02c" and f.status == "fail"]
    [en] = [f for f in check(doc, book, lang="en").findings if f.rule == "H02c" and f.status == "fail"]
    assert "、" in zh.message and "（第3页第" in zh.message  # the Chinese report is as it was
    assert "whichever columns" in en.message and "(page 3, line " in en.message and "50.00, 55.00" in en.message
    _english(en.message, en.element)


def test_the_figures_alike_in_every_reading_read_as_english(book):
    # czj through pdfplumber, 30102 changed (tests/checking/test_reading_elements.py): 301 = Σ its 款 fails in each of
    # its 32 readings, and the finding says the figures each reading has alike (I156) — in English each cell with its
    # column quoted as printed, listed with semicolons (before: 「」-less Chinese columns joined by 、)
    from engine.checking import inject
    from engine.checking.inject_forms import TextForm, _import
    from engine.importers import load_disclosure
    from engine.render.derive import pdfplumber_text

    path = ROOT / "samples" / "shanghai-putuo-czj-2024.pdf"
    doc = load_disclosure(path)
    form = TextForm(doc, pdfplumber_text(path).decode("utf-8"), None, form="pdfplumber", spaced_once=True)
    [site] = [s for s in inject.sites(doc, "table-amount") if s.where.startswith("公开06[30102].决算数")]
    changed = site.where.rsplit("→", 1)[1].strip()
    bad = _import(form.edit(site).encode("utf-8"), "pdfplumber")
    [zh] = [f for f in check(bad, book).findings if f.rule == "T12" and f.status == "fail"]
    [en] = [f for f in check(bad, book, lang="en").findings if f.rule == "T12" and f.status == "fail"]
    total = doc.tables["公开06"].row("301", exact=True).cells["决算数"].value
    assert f"各种归栏下都相同的数：公开06「301」决算数 {total}、" in zh.message  # Chinese as it was
    assert f"the same in every placement: 公开06「301」 column 「决算数」 {total}; " in en.message, en.message
    assert f"; 公开06「30102」 column 「决算数」 {changed}" in en.message
    assert "(page 16, line " in en.message
    _english(en.message, en.element)


def test_an_element_not_decided_says_why_in_english(book, monkeypatch):
    doc = _sourced(_printed({**AS_GIVEN, "2010101": ("50.00", "55.00")}))
    monkeypatch.setattr(readings, "_WORLDS", 4)  # I152: over the cap
    status, why = check(doc, book, lang="en").outcomes["H02c"]
    assert status == "not_checkable" and "more than the 4 that are checked" in why
    _english(why)
    monkeypatch.setattr(readings, "_WORLDS", 64)
    monkeypatch.setattr(elements, "_RUNS", 2)  # I155: the rule's run budget
    status, why = check(doc, book, lang="en").outcomes["H02c"]
    assert status == "not_checkable" and "limit of 2 runs" in why and "公开05「2010101」 (page 3, line " in why
    _english(why)


def test_the_reading_messages_are_in_code_order():
    from engine.messages import MESSAGES

    codes = [c for c in MESSAGES if re.fullmatch(r"I15\d", c)]
    assert codes == sorted(codes)
