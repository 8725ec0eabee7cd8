"""Generated disclosures (bench/generate.py) rendered to PDF (engine/render) and read back through poppler's
`pdftotext -layout`, as a published PDF is: the text reader is not fitted to the three real PDFs.

Every table the import reports read holds the generated amounts, codes and names (honesty), and every amount is in
its place: a 公开06 printed as one long group over two pages (each page on its own grid, the second indented less)
and a 公开10 whose rows pdftotext printed at other positions included."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.importers import import_text, load_disclosure
from engine.labels import normalise
from engine.render import derive
from engine.render.compare import amounts, differences

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
INDICES = (1, 2)  # about 3 s each: render, pdftotext, import
_cache: dict = {}


def _pair(index: int, tmp: Path):
    if index not in _cache:
        from bench.generate import Generator

        gen = Generator(seed=7)
        doc = import_text(gen.published_text(gen.document(index)).encode("utf-8"), name=f"d{index}.txt")
        pdf = tmp / f"d{index}.pdf"
        pdf.write_bytes(derive.from_model(doc, "pdf"))
        text = tmp / f"d{index}.txt"
        text.write_bytes(derive.pdftotext_layout(pdf))
        _cache[index] = (doc, load_disclosure(text))
    return _cache[index]


def _rows(doc, table_id: str) -> dict[str, tuple]:
    table = doc.tables.get(table_id)
    return {r.key: (r.code, normalise(r.label)) for r in table.rows} if table is not None else {}


@pytest.mark.parametrize("index", INDICES)
def test_a_table_reported_read_holds_the_generated_amounts_codes_and_names(tmp_path, index):
    doc, got = _pair(index, tmp_path)
    want, have = amounts(doc), amounts(got)
    read = [r.item for r in got.reading if r.kind == "table" and r.status == "read"]
    assert read, "no table read at all: the property would hold vacuously"
    for table_id in read:
        printed = {k: v for k, v in want.items() if k[0] == table_id and v[0] == "number"}
        placed = {k: v for k, v in have.items() if k[0] == table_id and v[0] == "number"}
        assert placed == printed, (table_id, differences(printed, placed)[:5])
        assert _rows(got, table_id) == _rows(doc, table_id), table_id


@pytest.mark.parametrize("index", INDICES)
def test_every_amount_in_place(tmp_path, index):
    doc, got = _pair(index, tmp_path)
    assert differences(amounts(doc), amounts(got)) == []
