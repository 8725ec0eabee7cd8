"""Round trip at scale: generated disclosures rendered in each form and layout, re-imported, compared.

Documents come from bench/generate.py (the sample with every amount scaled and a few defects planted); each is
imported from its text, rendered from the model (engine/render) and imported again. A bounded number of examples
here (ROUNDTRIP_EXAMPLES, default 6 per property); bench/round_trip.py runs thousands
(tests/formats/test_round_trip_bench.py runs it bounded)."""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.importers import load_disclosure
from engine.render import suffix, write
from engine.render.layout import Layout, render
from invariance import SAMPLES, amounts, differences, findings, generated, layout_independent, real_documents

EXAMPLES = int(os.environ.get("ROUNDTRIP_EXAMPLES", "6"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_state: dict = {}


def _reimport(doc, layout: Layout, form: str, tmp_path: Path):
    """Text is written without form feeds here: with them, see FORM_FEEDS in test_format_invariance.py."""
    path = tmp_path / f"round{suffix(form)}"
    path.write_bytes(write(render(doc, layout), form, form_feeds=False))
    return load_disclosure(path)


@SETTINGS
@given(index=st.integers(1, 5000), form=st.sampled_from(["tabs", "xlsx", "html", "docx", "pdf"]))
def test_every_form_reads_back_the_same(tmp_path, index, form):
    doc, want_amounts, want_findings = generated(index)
    got = _reimport(doc, Layout(), form, tmp_path)
    assert differences(want_amounts, amounts(got)) == []
    assert findings(got) == want_findings  # the planted defects found again, nothing else


def _national(index: int):
    """Generated document `index` with every 自评表 on the national template (bench/generate.py), its forms and
    findings (cached)."""
    key = ("national", index)
    if key not in _state:
        from bench.generate import with_national_forms

        doc = with_national_forms(generated(index)[0])
        _state[key] = (doc, forms(doc), findings(doc))
    return _state[key]


def forms(doc) -> list:
    """Every 自评表 as read: its fields, funds, indicators and scores, without where they were printed (a PDF's
    text may wrap a long cell: its spaces are not compared)."""
    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if k not in ("source", "lines")}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return "".join(value.split()) if isinstance(value, str) else value
    return [plain(form.model_dump()) for form in doc.attachments]


@SETTINGS
@given(index=st.integers(1, 5000), form=st.sampled_from(["tabs", "xlsx", "html", "docx", "pdf"]))
def test_national_forms_read_back_the_same(tmp_path, index, form):
    """The national template (财预〔2020〕10号) rendered and read back: every form as it was, the same findings."""
    doc, want_forms, want_findings = _national(index)
    assert want_forms and all(f["template"] == "national" for f in want_forms)
    got = _reimport(doc, Layout(), form, tmp_path)
    assert forms(got) == want_forms
    assert findings(got) == want_findings


@SETTINGS
@given(index=st.integers(1, 5000), form=st.sampled_from(["spaces", "single-space", "cell-lines"]))
def test_national_forms_in_text_are_read_as_printed_or_said_unread(tmp_path, index, form):
    """Text that keeps no cell boundaries (or whose runs of spaces the aligner reads): what a national form's reader
    places is what was printed there; a row, a fund line or a level it cannot place is left out and the form is
    partly read with the reason, never filled by a guess."""
    doc, want_forms, _ = _national(index)
    got = _reimport(doc, Layout(), form, tmp_path)
    status = {r.item: r.status for r in got.reading if r.kind == "form"}
    want = {f["project"]: f for f in want_forms}
    for read, model in zip(forms(got), got.attachments):
        given = want[read["project"]]
        rows = [(i["name"], i["target"], i["actual"], i.get("weight"), i["score"], i["shortfall_reason"])
                for i in given["indicators"]]
        levels = {(i["level1"], i["level2"]) for i in given["indicators"]}
        handed = {int(g.rows[0]): [tuple("".join((c.text or "").split()) for c in r) for r in g.readings]
                  for g in model.ambiguous}
        for n, i in enumerate(read["indicators"]):
            cells = (i["name"], i["target"], i["actual"], i.get("weight"), i["score"], i["shortfall_reason"])
            if n in handed:  # a row handed on with its readings: the printed one among them
                plain = [tuple("".join((v["text"] if isinstance(v, dict) else v or "").split()) for v in row)
                         for row in rows]
                assert any(r in plain for r in handed[n])
                continue
            assert cells in rows
            assert (i["level1"], i["level2"]) in levels or i["level1"] == ""  # a level not known is left blank
        for key in ("budget", "available", "executed", "execution_rate", "execution_score", "execution_weight",
                    "total_score", "grade"):
            assert read.get(key) is None or read[key] == given.get(key), key
        if read != given:
            assert status[f"自评表「{read['project']}」"] == "partly_read"


@SETTINGS
@given(index=st.integers(1, 5000), numbering=st.sampled_from(["公开", "表", "none"]), data=st.data(),
       form=st.sampled_from(["tabs", "xlsx", "html"]), per_page=st.booleans())
def test_every_layout_reads_back_the_same(tmp_path, index, numbering, data, form, per_page):
    doc, want_amounts, want_findings = generated(index)
    order = data.draw(st.permutations(list(doc.tables)), label="order")
    got = _reimport(doc, Layout(numbering=numbering, order=order, page_per_table=per_page), form, tmp_path)
    assert differences(want_amounts, amounts(got)) == []
    assert layout_independent(findings(got)) == layout_independent(want_findings)


@pytest.fixture(scope="module")
def national():
    doc = load_disclosure(SAMPLES / "shanghai-putuo-czj-2024.pdf")
    return doc, amounts(doc), findings(doc)


def test_numbered_as_attached_tables(national, tmp_path):
    doc, want_amounts, _ = national
    got = _reimport(doc, Layout(numbering="附表"), "xlsx", tmp_path)
    assert differences(want_amounts, amounts(got)) == []


def test_a_table_in_yuan_is_converted_to_the_same_amounts(national, tmp_path):
    doc, want_amounts, _ = national
    got = _reimport(doc, Layout(numbering="公开", yuan={"公开02"}), "xlsx", tmp_path)
    assert got.tables["公开02"].unit == "万元" and any(w.code == "unit_converted" for w in got.warnings)
    assert differences(want_amounts, amounts(got)) == []
    printed = got.tables["公开02"].row("合计").cells["本年收入合计"]
    assert Decimal(printed.text.replace(",", "")) == doc.tables["公开02"].row("合计").cells["本年收入合计"].value * 10000


def test_a_table_in_yuan_gives_the_same_findings(national, tmp_path):
    doc, _, want_findings = national
    got = _reimport(doc, Layout(numbering="公开", yuan={"公开02"}), "xlsx", tmp_path)
    assert layout_independent(findings(got)) == layout_independent(want_findings)


@pytest.mark.parametrize("table_id", ["公开02", "公开05"])
def test_a_table_in_thousands_is_converted_to_the_same_amounts_and_findings(national, tmp_path, table_id):
    """金额单位：千元 on one table of a 万元 document: read as 千元 and converted, nothing else changes."""
    doc, want_amounts, want_findings = national
    got = _reimport(doc, Layout(numbering="公开", thousand={table_id}), "tabs", tmp_path)
    assert got.tables[table_id].unit == "万元" and any(w.code == "unit_converted" and "千元" in w.message
                                                      for w in got.warnings)
    assert differences(want_amounts, amounts(got)) == []
    total = next(c for c in got.tables[table_id].rows[0].cells.values() if c.kind == "number")
    assert Decimal(total.text.replace(",", "")) == total.value * 10
    assert layout_independent(findings(got)) == layout_independent(want_findings)


def test_the_renderer_writes_each_numbering():
    doc = generated(1)[0]
    pages = {n: render(doc, Layout(numbering=n)).pages for n in ("公开", "表", "附表", "none")}
    first = {n: [line[0] for page in p for line in page if line and line[0]] for n, p in pages.items()}
    assert "公开05表" in first["公开"] and "表五" in first["表"] and "附表5" in first["附表"]
    assert not any(x in first["none"] for x in ("公开05表", "表五", "附表5"))


@pytest.mark.parametrize("path", real_documents(), ids=lambda p: p.stem)
def test_rendered_text_prints_each_part_heading_as_recorded(path):
    """A part heading the importer joined from two printed lines (情况 说明) is still that part's heading: the render
    prints it as recorded, so a year or unit name changed in it survives into every derived form."""
    doc = load_disclosure(path)
    text = "".join("".join(line) for page in render(doc).pages for line in page)
    assert doc.parts and all("".join(part.text.split()) in "".join(text.split()) for part in doc.parts)
