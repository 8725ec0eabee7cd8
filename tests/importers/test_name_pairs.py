"""公开06 of the real PDFs through pdfplumber's `extract_text`: its two groups' names, wrapped into pieces on lines
of their own, read as the layout proves them (engine/importers/name_pairs.py, code_bands.py) — checked against the
pdfplumber words with their positions, which the text importer never sees: each name word is the left group's or
the right group's by where it stands on the page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from importer_paths import SAMPLES, SHARED

from engine.importers import import_text, load_disclosure
from engine.render.derive import pdfplumber_text

PDFS = [SAMPLES / "shanghai-putuo-czj-2024.pdf", SHARED / "pdf" / "shanghai-putuo-ghzyj-2024.pdf"]
_NOT_NAME = re.compile(r"^(?:\d+|[\d,]+\.\d+)$")  # a code or a code's part, an amount


def _by_position(pdf: Path) -> tuple[str, str]:
    """The left and the right group's name words of 公开06, each group's in printed order, joined: the groups are
    told apart by x (the right group's 科目编码 heading starts it), the body runs from the first code to the totals."""
    import pdfplumber

    left: list[str] = []
    right: list[str] = []
    with pdfplumber.open(pdf) as doc:
        inside = False
        for page in doc.pages:
            words = sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"]))
            heads = [w for w in words if w["text"] == "科目编码"]
            if "基本支出决算表" in (page.extract_text() or "") and len(heads) == 2:
                boundary, inside = heads[1]["x0"], False
                body_top = min(w["top"] for w in words if w["top"] > heads[1]["top"] and re.match(r"^30\d", w["text"]))
                inside = True
            elif not inside:
                continue
            else:
                body_top = 0.0
            for w in words:
                if w["top"] < body_top - 1:
                    continue
                if w["text"].endswith("经费合计"):
                    return "".join(left), "".join(right)
                if not _NOT_NAME.match(w["text"]):
                    (left if w["x0"] < boundary else right).append(w["text"])
    raise AssertionError("公开06 not found")


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_names_of_two_groups_in_pieces_are_read_as_printed(pdf):
    if not pdf.is_file():
        pytest.skip("../shared/pdf is not here")
    doc = import_text(pdfplumber_text(pdf))
    reading = next(r for r in doc.reading if r.item == "公开06")
    assert reading.status == "read" and reading.rows == []  # every name proven (before: 63 and 9 doubtful)
    rows = [row for row in doc.tables["公开06"].rows if row.code]
    # the rows come one group after the other (left, then right): their names, joined, are the words by position
    left, right = _by_position(pdf)
    joined = "".join(row.label for row in rows)
    assert joined == left + right
    # and each is the name the PDF reader (words with positions) gives the same code
    by_pdf = {row.key: row.label for row in load_disclosure(pdf).tables["公开06"].rows}
    assert {row.key: row.label for row in rows} == {row.key: by_pdf[row.key] for row in rows}


@pytest.mark.parametrize("pdf", PDFS + [SHARED / "pdf" / "shanghai-template-2024.pdf"], ids=lambda p: p.stem)
def test_every_name_not_in_doubt_is_the_pdfs(pdf):
    """The blank template too (no amounts; its totals line is joined into 31099's name by the importer, so 31099
    stays in doubt): each name the reading does not list as doubtful is the PDF reader's for the same code."""
    if not pdf.is_file():
        pytest.skip("../shared/pdf is not here")
    doc = import_text(pdfplumber_text(pdf))
    reading = next(r for r in doc.reading if r.item == "公开06")
    by_pdf = {row.key: row.label for row in load_disclosure(pdf).tables["公开06"].rows}
    certain = {row.key: row.label for row in doc.tables["公开06"].rows if row.code and row.key not in reading.rows}
    assert len(certain) >= 60 and certain == {key: by_pdf[key] for key in certain}
