"""A table numbered in the document's own series (表五, 附表5), before or after its title, is found by its title,
and its number line is never read as a row of the table."""
from __future__ import annotations

import pytest

from engine.importers import import_text, load_disclosure
from engine.importers.tables import printed_number, table_number
from engine.render import write
from engine.render.compare import amounts, differences
from engine.render.layout import Layout, render
from importer_paths import SAMPLE_TXT


@pytest.mark.parametrize("text, number, id_", [("公开05表", True, "公开05"), ("公开 5", True, "公开05"),
                                               ("表五", True, None), ("附表5", True, None), ("附表 10", True, None),
                                               ("表格", False, None), ("附表说明", False, None)])
def test_number_lines(text, number, id_):
    assert printed_number(text) is number and table_number(text) == id_


@pytest.mark.parametrize("numbering", ["附表", "表", "公开"])
@pytest.mark.parametrize("form", ["tabs", "spaces", "xlsx"])
def test_the_sample_numbered_another_way_reads_the_same(numbering, form, tmp_path):
    original = load_disclosure(SAMPLE_TXT)
    path = tmp_path / f"numbered.{'xlsx' if form == 'xlsx' else 'txt'}"
    path.write_bytes(write(render(original, Layout(numbering=numbering)), form))
    got = load_disclosure(path)
    assert differences(amounts(original), amounts(got)) == []
    assert not [w for w in got.warnings if w.code in ("unknown_row", "no_header")]


def test_a_number_printed_before_the_title():
    sample = SAMPLE_TXT.read_text("utf-8")
    text = sample.replace("一般公共预算财政拨款支出决算表\n\n公开05表\n", "附表5\n\n一般公共预算财政拨款支出决算表\n", 1)
    assert text != sample
    doc, original = import_text(text.encode("utf-8")), load_disclosure(SAMPLE_TXT)
    assert differences(amounts(original), amounts(doc)) == []
    assert not [w for w in doc.warnings if w.code in ("unknown_row", "no_header")]
