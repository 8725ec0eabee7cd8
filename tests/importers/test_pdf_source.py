"""The PDF source: table rows as cells, joined codes, merged wrapped names, dropped page furniture, clear errors."""
from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
pytest.importorskip("pdfplumber")

from engine.importers.errors import DisclosureError  # noqa: E402
from engine.importers.pdf import read_pdf  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SHANGHAI = SAMPLES / "shanghai-putuo-czj-2024.pdf"
TEMPLATE = SAMPLES / "shanghai-template-2024.pdf"
RECORD = SAMPLES / "shanghai-putuo-czj-2024.expected.md"
AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$")


@pytest.fixture(scope="module")
def shanghai():
    if not SHANGHAI.exists():
        pytest.skip("Shanghai sample PDF not present")
    return read_pdf(SHANGHAI)


def _row(source, page: int, first: str, second: str | None = None):
    """The first line on `page` whose leading cells are `first` (and `second`)."""
    for line in source.lines:
        if line.page == page and line.cells and line.cells[0] == first and (second is None or line.cells[1] == second):
            return line
    raise AssertionError(f"no line {first!r} {second!r} on page {page}")


# Rows checked by hand against the rendered pages (samples/shanghai-putuo-czj-2024.expected.md).
KNOWN_ROWS = [
    (6, "一、一般公共预算财政拨款收入", None, ["一、一般公共预算财政拨款收入", "2,940.05", "一、一般公共服务支出", "2,106.66"]),
    (7, "总计", None, ["总计", "2,995.39", "总计", "2,995.39"]),
    (8, "2010601", None, ["2010601", "行政运行", "1,511.90", "1,511.89", "", "", "", "", "0.01"]),
    (8, "", "合计", ["", "合计", "2,946.25", "2,940.05", "", "", "", "", "6.20"]),
    (10, "2010601", None, ["2010601", "行政运行", "1,511.89", "1,503.52", "8.37", "", "", ""]),
    (13, "总计", None, ["总计", "2,961.68", "总计", "2,961.68", "2,961.68", "", ""]),
    (15, "", "合计", ["", "合计", "2,940.05", "2,336.91", "603.14"]),
    (16, "30101", None, ["30101", "基本工资", "262.33", "30201", "办公费", "21.21"]),
    (17, "", "人员经费合计", ["", "人员经费合计", "2,152.26", "", "公用经费合计", "184.65"]),
    (18, "0.95", None, ["0.95"] + [""] * 9 + ["0.95", ""]),
]


@pytest.mark.parametrize("page, first, second, cells", KNOWN_ROWS, ids=[f"p{r[0]}-{r[1] or r[2]}" for r in KNOWN_ROWS])
def test_known_table_rows(shanghai, page, first, second, cells):
    assert _row(shanghai, page, first, second).cells == cells


def test_every_recorded_amount_is_extracted_once(shanghai):
    """The multiset of amounts in table rows equals the hand-checked record's, table by table page range."""
    record = [line.split("|")[3].strip() for line in RECORD.read_text(encoding="utf-8").splitlines()
              if line.startswith("| ") and AMOUNT.match(line.split("|")[3].strip())]
    found = [c for line in shanghai.lines if 6 <= line.page <= 20 and len(line.cells) > 1
             for c in line.cells if AMOUNT.match(c)]
    assert Counter(found) == Counter(record)
    assert len(record) > 150


def test_wrapped_names_are_merged(shanghai):
    # printed as "机关事业单位基本养老保险" / "缴费支出" on two lines in the cell
    assert _row(shanghai, 8, "2080505").cells[1] == "机关事业单位基本养老保险缴费支出"
    assert _row(shanghai, 10, "2080506").cells[1] == "机关事业单位职业年金缴费支出"
    # justified across the cell (wide letter gaps) and wrapped: no spaces inside the name
    assert _row(shanghai, 16, "30113").cells[4] == "因公出国（境）费用"
    # header cells wrapped over three lines
    assert "附属单位上缴收入" in _row(shanghai, 8, "", "项目").cells


def test_split_codes_are_joined(shanghai):
    codes = [line.cells[0] for line in shanghai.lines if line.page in (8, 9) and line.cells[0].isdigit()]
    assert codes[:4] == ["201", "20106", "2010601", "2010602"]
    assert all(len(c) in (3, 5, 7) for c in codes)
    # the continuation page has no 类/款/项 heading: codes are still joined
    assert _row(shanghai, 9, "2101101").cells[:2] == ["2101101", "行政单位医疗"]
    # 公开06 has two 类/款 groups side by side, both joined
    assert _row(shanghai, 17, "30309").cells[:5] == ["30309", "奖励金", "0.31", "30228", "工会经费"]


def test_titles_units_and_notes_are_single_cell_lines(shanghai):
    texts = [(line.page, line.cells) for line in shanghai.lines if len(line.cells) == 1]
    assert (8, ["收入决算表"]) in texts
    assert (18, ["财政拨款“三公”经费支出决算表"]) in texts  # quotes from another font stay on the line
    assert sum(1 for _, cells in texts if cells == ["单位：万元"]) == 9
    assert any(p == 19 and cells[0].endswith("故本表无数据。") for p, cells in texts)


def test_narrative_numbers_stay_on_their_line(shanghai):
    """Latin digits sit lower than the CJK text; they must not become lines of their own."""
    page21 = [line.text for line in shanghai.lines if line.page == 21]
    assert any("年度收入支出总计2995.39万元" in t for t in page21)
    assert not any(re.fullmatch(r"[\d.%\s]+", t) for t in page21)


def test_line_numbers_run_through_the_document(shanghai):
    numbers = [line.line for line in shanghai.lines]
    assert numbers == list(range(1, len(numbers) + 1))
    pages = [line.page for line in shanghai.lines]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 25
    assert 14 not in pages and any("第 14 页没有文字" in n for n in shanghai.notes)


def test_template_placeholders_are_read_as_text():
    if not TEMPLATE.exists():
        pytest.skip("template PDF not present")
    source = read_pdf(TEMPLATE)
    assert any(line.cells == ["上海市XX局2024年度部门决算表"] for line in source.lines)
    assert any(line.cells[:2] == ["2050205", "高等教育"] for line in source.lines)


# ---- synthetic PDFs: page furniture and error cases ------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _pdf(pages: list[list[tuple[float, float, str]]], user_password: str | None = None) -> bytes:
    """A minimal A4 PDF with Helvetica text at (x, y-from-top); RC4-40 encrypted when a password is given."""
    file_id = hashlib.md5(b"rulebook-test").digest()
    key = b""
    encrypt: dict[str, bytes] = {}
    if user_password is not None:
        padded = (user_password.encode() + _PAD)[:32]
        owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], padded)
        perms = (-4).to_bytes(4, "little", signed=True)
        key = hashlib.md5(padded + owner + perms + file_id).digest()[:5]
        encrypt = {"O": owner, "U": _rc4(key, _PAD)}
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, texts in enumerate(pages):
        num = 5 + 2 * i
        stream = "".join(f"BT /F1 11 Tf {x} {842 - y} Td ({t}) Tj ET\n" for x, y, t in texts).encode()
        if key:
            stream = _rc4(hashlib.md5(key + num.to_bytes(3, "little") + b"\0\0").digest()[:10], stream)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {num} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> >> >>".encode())
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    if encrypt:
        objects.append(f"<< /Filter /Standard /V 1 /R 2 /P -4 /O <{encrypt['O'].hex()}> /U <{encrypt['U'].hex()}> >>"
                       .encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    extra = f" /Encrypt {len(objects)} 0 R" if encrypt else ""
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]{extra} >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _report_pages(n: int) -> list[list[tuple[float, float, str]]]:
    return [[(72, 30, "Example Department 2024 final accounts"), (72, 200, f"Body text of page {p}"),
             (72, 220, f"Second line {p * 11}"), (290, 815, f"- {p} -")] for p in range(1, n + 1)]


def test_running_headers_footers_and_page_numbers_are_dropped():
    source = read_pdf(_pdf(_report_pages(3)))
    texts = [line.text for line in source.lines]
    assert texts == ["Body text of page 1", "Second line 11", "Body text of page 2", "Second line 22",
                     "Body text of page 3", "Second line 33"]
    assert [line.page for line in source.lines] == [1, 1, 2, 2, 3, 3]
    assert any("页眉" in note for note in source.notes)


def test_body_text_in_the_margin_that_does_not_repeat_is_kept():
    pages = _report_pages(3)
    pages[1].append((72, 20, "A heading printed high on page two"))
    texts = [line.text for line in read_pdf(_pdf(pages)).lines]
    assert "A heading printed high on page two" in texts


def test_encrypted_pdf_is_a_clear_error():
    data = _pdf(_report_pages(1), user_password="secret")
    with pytest.raises(DisclosureError) as err:
        read_pdf(data)
    assert err.value.code == "pdf_encrypted"
    assert "加密" in err.value.message_zh and "password" in err.value.message_en


def test_encrypted_with_empty_password_opens():
    """Permissions-only encryption (empty user password) is readable, as in every PDF viewer."""
    source = read_pdf(_pdf(_report_pages(1), user_password=""))
    assert "Body text of page 1" in [line.text for line in source.lines]  # decrypted, not garbage


def test_scan_without_text_layer_is_a_clear_error():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(image).text((72, 72), "scanned page 2024", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PDF")
    with pytest.raises(DisclosureError) as err:
        read_pdf(buffer.getvalue())
    assert err.value.code == "pdf_no_text"
    assert "扫描件" in err.value.message_zh and "OCR" in err.value.message_zh


@pytest.mark.parametrize("cut", [0.5, 0.98])
def test_truncated_pdf_is_a_clear_error(cut):
    data = TEMPLATE.read_bytes() if TEMPLATE.exists() else _pdf(_report_pages(3))
    with pytest.raises(DisclosureError) as err:
        read_pdf(data[: int(len(data) * cut)])
    assert err.value.code == "pdf_damaged"
    assert "PDF" in err.value.message_zh


def test_damaged_structure_is_a_clear_error():
    data = _pdf(_report_pages(2))
    body = data[:9] + b"\x00garbage" * 40 + data[-30:]  # header and end marker kept, objects destroyed
    with pytest.raises(DisclosureError) as err:
        read_pdf(body)
    assert err.value.code == "pdf_damaged"


@pytest.mark.parametrize("data, code", [(b"", "empty"), (b"   \n", "empty"), (b"\xef\xbb\xbf\xe6\x94\xb6\xe5\x85\xa5", "not_pdf")])
def test_not_a_pdf(data, code):
    with pytest.raises(DisclosureError) as err:
        read_pdf(data)
    assert err.value.code == code
