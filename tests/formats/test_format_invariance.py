"""Format invariance: the same disclosure in another form imports to the same amounts and the same findings.

For every real 决算 disclosure (samples/ and ../shared/pdf): its text as pdfplumber and `pdftotext -layout` write it,
its printed lines as tab text, aligned text, Excel, HTML and Word, and its imported model rendered anew as text (tabs,
aligned, single spaces, one cell a line), Excel (a sheet per table, one sheet), HTML, Word and PDF. Each is imported with `load_disclosure` (told apart by content, as the CLI does) and
compared with the original: every cell of every table, and every finding with its locations taken out."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.importers import load_disclosure
from engine.labels import normalise
from engine.render import derive, suffix
from invariance import amounts, differences, findings, real_documents

SPACE_TEXT = pytest.mark.xfail(strict=True, reason="text whose cells are separated by runs of spaces or single spaces, "
                                                   "or printed one cell a line, does not yet import to the same amounts "
                                                   "and findings (issue 17, text recognition: importa)")
# Single spaces and one cell a line leave no trace of an empty cell; amounts are placed by the table's arithmetic
# (engine/importers/placement.py). What still differs, and why (an honest partly-read table, never a guess):
NINE_AMBIGUOUS = pytest.mark.xfail(strict=True, reason="czj 公开09 prints 0.95 0.95 and nothing else: as 预算数 or as "
                                                       "决算数 (合计 and 公务接待费) both fit its arithmetic, so the table "
                                                       "is partly read and C04/X12 are 不可核")
# yangquan's 自评表 rows whose cell boundaries the text does not show are handed on with every way they may stand, and
# the P rules judged over them (engine/checking/readings.py): what is the same in every reading is as in the original;
# what still differs is 不可核, naming the row (never a guess):
FORMS_UNREAD = pytest.mark.xfail(strict=True, reason="yangquan with single spaces: four 自评表 indicator rows have no "
                                                     "knowable cell boundaries (城建项目审计成本: cells with spaces inside; "
                                                     "培训完成时间: joined to its target by text.py; "
                                                     "「考试每人每科33元 33 33」; 「安全事故发生率 0%」); the P rules are judged "
                                                     "over their readings and all but three agree with the original: P07 "
                                                     "on 安全事故发生率 (0%: target, its 完成值 empty, or 完成值?) and "
                                                     "P04/P07b on 会计…考务费 (the second 33: 完成值 or a score?) are 不可核")
CELLS_UNCLEAR = pytest.mark.xfail(strict=True, reason="yangquan one cell a line: two 自评表 indicator rows print fewer "
                                                      "cells than the grid (「考试每人每科33元 33 33」: is the second 33 the "
                                                      "completed value or the score?; 「安全事故发生率 0%」: target or "
                                                      "completed value?); the P rules are judged over their readings: P07 "
                                                      "on 安全事故发生率 and P04/P07b on 会计…考务费 differ between them "
                                                      "and are 不可核, every other P verdict is the original's")
PLACED = {  # (document stem, form, what) that now read as the original; the rest of these forms keep their mark
    ("yangquan-czj-2024", "lines:spaces", "amounts"),
    ("yangquan-czj-2024", "lines:spaces", "findings"),
    ("shanghai-putuo-ghzyj-2024", "lines:spaces", "amounts"),
    ("shanghai-putuo-ghzyj-2024", "lines:spaces", "findings"),
    ("shanghai-putuo-czj-2024", "lines:spaces", "amounts"),
    ("shanghai-putuo-czj-2024", "lines:spaces", "findings"),
    ("yangquan-czj-2024", "model:single-space", "amounts"),
    ("yangquan-czj-2024", "model:cell-lines", "amounts"),
    ("shanghai-putuo-ghzyj-2024", "model:single-space", "amounts"),
    ("shanghai-putuo-ghzyj-2024", "model:single-space", "findings"),
    ("shanghai-putuo-ghzyj-2024", "model:cell-lines", "amounts"),
    ("shanghai-putuo-ghzyj-2024", "model:cell-lines", "findings"),
    ("shanghai-putuo-czj-2024", "pdftotext", "amounts"),
    ("shanghai-putuo-ghzyj-2024", "pdftotext", "amounts"),
    ("shanghai-putuo-ghzyj-2024", "pdftotext", "findings"),
    ("shanghai-putuo-czj-2024", "pdftotext", "findings"),
    # pdfplumber's extract_text: every cell in place (groups side by side, rows over two lines, names in pieces);
    # its findings still differ where the narrative is read differently
    ("shanghai-putuo-ghzyj-2024", "pdfplumber", "amounts"),
    # 公开06's names in pieces of two groups side by side, proven by the layout (engine/importers/name_pairs.py)
    ("shanghai-putuo-ghzyj-2024", "pdfplumber", "findings"),
}

DOCS = real_documents()
LINE_FORMS = ["lines:tabs", "lines:spaces", "lines:xlsx", "lines:html", "lines:docx"]
MODEL_FORMS = ["model:tabs", "model:xlsx", "model:xlsx-one-sheet", "model:html", "model:docx", "model:pdf",
               "model:spaces", "model:single-space", "model:cell-lines"]
_cache: dict = {}


def _original(path: Path):
    if path not in _cache:
        doc = load_disclosure(path)
        _cache[path] = (doc, amounts(doc))
    return _cache[path]


def _findings(path: Path):
    key = (path, "findings")
    if key not in _cache:
        _cache[key] = findings(_original(path)[0])
    return _cache[key]


def _derived(path: Path, form: str, tmp_path: Path):
    key = (path, form)
    if key not in _cache:
        doc = _original(path)[0]
        kind, _, name = form.partition(":")
        if kind == "pdfplumber":
            data = derive.pdfplumber_text(path)
        elif kind == "pdftotext":
            data = derive.pdftotext_layout(path)
        elif kind == "lines":
            data = derive.from_lines(path, name)
        else:
            data = derive.from_model(doc, name)
        if data is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        file = tmp_path / f"{path.stem}-{kind}{suffix(name or 'txt')}"
        file.write_bytes(data)
        _cache[key] = load_disclosure(file)
    return _cache[key]


def _forms(path: Path) -> list[str]:
    return (["pdfplumber", "pdftotext"] if path.suffix == ".pdf" else []) + LINE_FORMS + MODEL_FORMS


def _marks(path: Path, form: str, what: str) -> list:
    if (path.stem, form, what) in PLACED:
        return []
    if form == "pdfplumber" and "putuo-czj" in path.stem:
        # every other amount in place (公开06's groups at heights: code_bands.py) and every name proven by the layout
        # (its two wrapped names: a line not full ends its name); only 公开09 is partly read
        return [NINE_AMBIGUOUS]
    if form in ("model:single-space", "model:cell-lines") and "putuo-czj" in path.stem:
        return [NINE_AMBIGUOUS]
    if form == "model:single-space" and "yangquan" in path.stem:
        return [FORMS_UNREAD]
    if form == "model:cell-lines" and "yangquan" in path.stem:
        return [CELLS_UNCLEAR]
    if form in ("pdfplumber", "pdftotext", "lines:spaces", "model:single-space", "model:cell-lines"):
        return [SPACE_TEXT]
    return []


def _cases(what: str):
    return [pytest.param(path, form, marks=_marks(path, form, what), id=f"{path.stem}-{form}")
            for path in DOCS for form in _forms(path)]


@pytest.mark.parametrize(("path", "form"), _cases("amounts"))
def test_same_amounts(tmp_path, path, form):
    got = _derived(path, form, tmp_path)
    assert differences(_original(path)[1], amounts(got)) == []


@pytest.mark.parametrize(("path", "form"), _cases("findings"))
def test_same_findings(tmp_path, path, form):
    got = _derived(path, form, tmp_path)
    assert findings(got) == _findings(path)


@pytest.mark.parametrize(("path", "form"), [pytest.param(p, f, id=f"{p.stem}-{f}") for p in DOCS for f in _forms(p)])
def test_a_table_reported_read_holds_the_originals_amounts(tmp_path, path, form):
    """In every form, those that cannot yet be read completely too: a table whose status is read has every amount
    of the original at its row and column and no other, and every row of the original with its code and name (a
    name cut in half is a reading error too); what is not so is reported partly read or unreadable."""
    got = _derived(path, form, tmp_path)
    original = _original(path)[0]
    want, have = _original(path)[1], amounts(got)
    for table_id in [r.item for r in got.reading if r.kind == "table" and r.status == "read"]:
        printed = {k: v for k, v in want.items() if k[0] == table_id and v[0] == "number"}
        placed = {k: v for k, v in have.items() if k[0] == table_id and v[0] == "number"}
        assert placed == printed, (table_id, differences(printed, placed)[:5])
        rows, read = _rows(original, table_id), _rows(got, table_id)
        assert read == rows, (table_id, differences(rows, read)[:5])


def _rows(doc, table_id: str) -> dict[str, tuple]:
    """row key → (code, name as printed, spacing and bracket width aside) of one table."""
    table = doc.tables.get(table_id)
    return {r.key: (r.code, normalise(r.label)) for r in table.rows} if table is not None else {}


def test_every_real_document_is_covered():
    """The list is not silently short: both bundled samples, and ../shared/pdf's 决算 disclosures when it is there."""
    names = {p.name for p in DOCS}
    assert {"yangquan-czj-2024.txt", "shanghai-putuo-czj-2024.pdf"} <= names
    shared = __import__("invariance").shared_dir()
    if shared is not None:
        assert "shanghai-putuo-ghzyj-2024.pdf" in names


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in DOCS if p.suffix == ".pdf"])
def test_pdfplumber_names_in_one_column_are_proven_and_the_originals(tmp_path, path):
    """pdfplumber prints a wrapped 科目名称 in pieces around its code; where a table has one column of names, the
    layout leaves one way to give the pieces to the rows (engine/importers/name_stack.py): those names are read, and
    each is the original's. Only groups printed side by side (公开06) keep names in doubt."""
    got, original = _derived(path, "pdfplumber", tmp_path), _original(path)[0]
    in_doubt = {r.item for r in got.reading if r.kind == "table" and "names" in r.uncertain}
    assert in_doubt <= {"公开06"}, in_doubt
    for table_id in ("公开02", "公开03", "公开05"):
        if table_id in original.tables:
            assert _rows(got, table_id) == _rows(original, table_id), table_id


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in DOCS if p.suffix == ".pdf"])
def test_pdfplumber_hands_on_the_possible_readings_single_spaces_do(tmp_path, path):
    """A one-row table whose blank cells left no trace (czj 公开09: 0.95 0.95) is handed on with its possible readings
    through pdfplumber too, though pdfplumber prints its header out of order (engine/importers/wide.py): the same
    readings as the model's single-space text, so the same rules are judged in every reading."""
    spaced, plumbed = _derived(path, "model:single-space", tmp_path), _derived(path, "pdfplumber", tmp_path)

    def readings(doc, table_id):
        return sorted(sorted((c.row, c.column, c.text) for c in reading)
                      for group in doc.tables[table_id].ambiguous for reading in group.readings)
    for table_id in [t for t in ("公开09",) if t in spaced.tables and spaced.tables[t].ambiguous]:
        assert table_id in plumbed.tables and readings(plumbed, table_id) == readings(spaced, table_id), table_id
