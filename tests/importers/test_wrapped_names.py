"""A 科目 name wrapped over several lines of text laid out with spaces joins the row whose code line it is printed
around, never the next row: on the real documents' pdftotext text, and on tables laid out here at several widths."""
from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from engine.importers import import_text, load_disclosure
from engine.importers.text import read_text
from engine.importers.wrapped import join_wrapped_names
from importer_paths import SAMPLES, SHARED

REAL = [SAMPLES / "shanghai-putuo-czj-2024.pdf", SHARED / "pdf" / "shanghai-putuo-ghzyj-2024.pdf",
        SAMPLES / "shanghai-template-2024.pdf"]
NAMES = ["社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休", "事业单位离退休", "机关事业单位基本养老保险缴费支出",
         "机关事业单位职业年金缴费支出", "其他行政事业单位养老支出", "卫生健康支出", "行政事业单位医疗", "行政单位医疗",
         "城乡社区支出", "城乡社区管理事务", "行政运行", "城乡社区规划与管理", "自然资源海洋气象等支出", "事业运行",
         "其他自然资源事务支出", "住房公积金"]


def _pdftotext(path):
    if not path.exists() or shutil.which("pdftotext") is None:
        pytest.skip("needs the PDF and pdftotext (poppler-utils)")
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True).stdout


def _labels(doc):
    """(table, code) → name, in the 功能分类 tables reported read (what is not is 不可核, tested elsewhere; the 经济分类
    tables print two groups side by side, see the report of issue 17)."""
    from engine.catalogue import load_catalogue

    specs = load_catalogue().tables
    read = {r.item for r in doc.reading if r.kind == "table" and r.status == "read"}
    return {(t.id, r.key): r.label for t in doc.tables.values() if t.id in read and not specs[t.id].economic
            for r in t.rows if r.key[:1].isdigit()}


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_pdftotext_text_reads_every_coded_name_as_the_pdf(path):
    text, pdf = import_text(_pdftotext(path), name=f"{path.stem}.txt"), load_disclosure(path)
    got, want = _labels(text), _labels(pdf)
    both = [k for k in want if k in got]
    assert len(both) >= 15 and {k: got[k] for k in both} == {k: want[k] for k in both}
    assert _h05a(text) == _h05a(pdf)


def _h05a(doc) -> list[str]:
    from engine.checking.check import check

    return sorted(f.element or "" for f in check(doc, _book()).findings if f.rule == "H05a" and f.status == "fail")


def _book():
    from engine.rules.loader import load_rulebook

    return load_rulebook()


def _laid_out(rows: list[tuple[str, str]], width: int, rng: random.Random, page_break_at: int | None) -> str:
    """A coded table as a PDF-to-text tool prints it: each name wrapped at `width` characters and centred on its
    code line (an odd count puts the middle line beside the code), amounts right-aligned."""
    out = ["科目编码          科目名称                 合计"]
    for n, (code, name) in enumerate(rows):
        if n == page_break_at:
            out.append("\f")
        parts = [name[i:i + width] for i in range(0, len(name), width)]
        half = len(parts) // 2
        above, mid, below = (parts[:half], parts[half], parts[half + 1:]) if len(parts) % 2 else \
            (parts[:half], "", parts[half:])
        if rng.random() < 0.3:
            out.append("")  # a taller row: pdftotext leaves a blank line
        out += [" " * 10 + p for p in above]
        amount = f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}"
        out.append(f"{code:<10}{mid:<{2 * width + 2}}" + amount.rjust(12))
        out += [" " * 10 + p for p in below]
    out.append(" " * 10 + "合计".ljust(2 * width + 2) + "1.00".rjust(12))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("seed", range(12))
def test_names_wrapped_at_any_width_join_their_own_row(seed):
    rng = random.Random(seed)
    width = rng.choice([4, 5, 6, 7, 8])
    names = rng.sample(NAMES, 10)
    rows = [(str(2010000 + 3 * i + rng.randint(1, 2)), name) for i, name in enumerate(names)]
    page_break = rng.choice([None, 4, 7])
    lines = read_text(_laid_out(rows, width, rng, page_break)).lines
    joined = join_wrapped_names(lines)
    got = [(line.values[0], line.values[1]) for line in joined if line.values and line.values[0].isdigit()]
    assert got == rows, _laid_out(rows, width, random.Random(seed), page_break)


def test_lines_without_positions_or_codes_are_left_alone():
    tabs = read_text("科目编码\t科目名称\t合计\n208\t社会保障和就\t1.00\n\t业支出\t\n").lines
    assert join_wrapped_names(tabs) == tabs
    plain = read_text("项目      金额\n一、收入   1.00\n    合计   1.00\n").lines
    assert join_wrapped_names(plain) == plain


@pytest.mark.parametrize("at", [0.3, 0.5, 0.8])
def test_a_note_wrapped_over_two_lines_stays_the_tables_note(at):
    """Every 注：… line of the sample broken in two (as a PDF wraps a long note): each table reads as before, and
    each note is whole; the tail is never an unknown row (which made an empty 公开09 read as partly read)."""
    text = (SAMPLES / "yangquan-czj-2024.txt").read_text("utf-8")
    lines = text.splitlines()
    wrapped = []
    for line in lines:
        if line.startswith("注：") and len(line) > 20:
            cut = int(len(line) * at)
            while line[cut - 1].isdigit() or line[cut].isdigit():
                cut += 1  # a tool does not break inside a number
            wrapped += [line[:cut], line[cut:]]
        else:
            wrapped.append(line)
    assert len(wrapped) > len(lines)
    original, got = load_disclosure(SAMPLES / "yangquan-czj-2024.txt"), import_text("\n".join(wrapped).encode("utf-8"))
    assert [(r.item, r.status) for r in got.reading] == [(r.item, r.status) for r in original.reading]
    for table_id, table in original.tables.items():
        assert [n.text for n in got.tables[table_id].notes] == [n.text for n in table.notes], table_id
        assert len(got.tables[table_id].rows) == len(table.rows), table_id


def test_a_name_line_that_could_be_the_tail_above_or_the_head_below_is_said():
    """`机关事业单位基本养老保` / `30108 …` / `险缴费` / `30109 (no name) …`: 险缴费 is 30108's tail as much as 30109's head
    (a centred name has as many lines below its code as above). Joined either way, the table is not reported read."""
    path = SHARED / "pdf" / "shanghai-putuo-ghzyj-2024.pdf"
    lines = _pdftotext(path).decode("utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.split()[:2] == ["30109", "职业年金缴费"])
    assert lines[at - 1].strip() == "险缴费" and lines[at - 2].split()[0] == "30108"
    whole = import_text("\n".join(lines).encode("utf-8"), name="ghzyj.txt")
    lines[at] = lines[at].replace("职业年金缴费", " " * 12)
    doubtful = import_text("\n".join(lines).encode("utf-8"), name="ghzyj.txt")
    assert [r.status for r in whole.reading if r.item == "公开06"] == ["read"]
    assert [r.status for r in doubtful.reading if r.item == "公开06"] == ["partly_read"]
    assert not _stacked(whole) and _stacked(doubtful)  # said, whatever else the table lacks


def _stacked(doc) -> list[str]:
    return [str(w.message) for w in doc.warnings if w.code == "names_stacked" and str(w.message).startswith("公开06")]
