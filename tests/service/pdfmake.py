"""A minimal PDF with Chinese text lines (the predefined STSong-Light font with a UCS-2 CMap: nothing embedded),
for tests that need a PDF with given words, e.g. the 仅供内部审核 mark."""
from __future__ import annotations


def pdf_with_lines(lines: list[str]) -> bytes:
    return pdf_with_pages([lines])


def pdf_with_pages(pages: list[list[str]]) -> bytes:
    """One page per list of lines (objects 1–3 the catalogue and font, then each page and its content stream)."""
    kids = " ".join(f"{8 + 2 * n} 0 R" for n in range(len(pages)))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        "/Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        "/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    objects = objects[:2] + ["null"] * 2 + objects[2:]  # objects 3 and 4: unused numbers keep 5–7 the font as before
    for lines in pages:
        content = "BT /F1 12 Tf\n" + "".join(
            f"1 0 0 1 72 {800 - 24 * i} Tm <{''.join(f'{ord(c):04X}' for c in text)}> Tj\n"
            for i, text in enumerate(lines)) + "ET\n"
        page = len(objects) + 1
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                       f"/Contents {page + 1} 0 R >>")
        objects.append(f"<< /Length {len(content.encode())} >>\nstream\n{content}endstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


DISCLOSURE_LINES = ["阳泉市财政局2024年度单位决算公开", "一、收入支出决算总体情况说明", "2024年度收入总计100.00万元。"]
