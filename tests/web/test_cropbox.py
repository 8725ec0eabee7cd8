"""A PDF whose CropBox sits inside its MediaBox (the Shanghai sample with every page's CropBox moved in): the report
shows each page as a viewer does (its CropBox) and outlines the cells a finding reads where they are printed. Read
back with pdfplumber (not the importer's pdfium reader): the words inside each measured box, and inside each outline
as drawn over the image, are the cell's value."""
from __future__ import annotations

import io
import json
import re

import pytest

from engine.resources import sample

CROP = (30, 40, 25, 20)  # points moved in from the MediaBox's left, bottom, right and top


@pytest.fixture(scope="module")
def cropped() -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(sample("shanghai-putuo-czj-2024.pdf").read_bytes())
    for number in range(len(pdf)):
        page = pdf[number]
        x0, y0, x1, y1 = page.get_mediabox()
        page.set_cropbox(x0 + CROP[0], y0 + CROP[1], x1 - CROP[2], y1 - CROP[3])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _words(page, box) -> str:
    inside = [c for c in page.chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
              and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]]
    return "".join(c["text"] for c in sorted(inside, key=lambda c: c["x0"])).replace(",", "")


def _outlines(html: str) -> dict[tuple[int, str], tuple[float, ...]]:
    """(page, data-box) -> the outline as drawn: left, top, width, height in % of the page image."""
    out = {}
    for fig in re.finditer(r'<figure class="page" data-page="(\d+)">(.*?)</figure>', html, re.S):
        for box, style in re.findall(r'data-box="([^"]+)" style="([^"]+)"', fig.group(2)):
            out[(int(fig.group(1)), box)] = tuple(float(v) for v in re.findall(r"([-\d.]+)%", style))
    return out


def test_outlines_on_a_cropped_pdf_cover_the_cells_read(server, cropped):
    import pdfplumber

    with server.client(timeout=180) as client:
        files = {"file": ("cropped.pdf", cropped)}
        report = client.post("/v1/check", files=files)
        html = client.post("/v1/report", params={"format": "html"}, files=files)
    assert report.status_code == 200 and html.status_code == 200, report.text[:300]
    outlines = _outlines(html.text)
    checked = 0
    with pdfplumber.open(io.BytesIO(cropped)) as pdf:
        for finding in json.loads(report.text)["findings"]:
            for ref in finding["refs"]:
                if not ref.get("box") or ref["value"] is None or not ref["table"]:
                    continue
                number, *box = ref["box"]
                page = pdf.pages[number - 1]
                assert _words(page, box) == ref["value"], (finding["rule"], ref)  # measured where it is printed
                key = (number, ",".join(f"{v:.2f}" for v in box))
                if key not in outlines:  # a finding shows its first pages only
                    continue
                left, top, width, height = outlines[key]
                x0, y0, x1, y1 = page.cropbox  # what the image shows, from the MediaBox's top-left
                drawn = (x0 + (x1 - x0) * left / 100 + 2, y0 + (y1 - y0) * top / 100 + 2,
                         x0 + (x1 - x0) * (left + width) / 100 - 2, y0 + (y1 - y0) * (top + height) / 100 - 2)
                assert _words(page, drawn) == ref["value"], (finding["rule"], ref, drawn)  # outlined where it shows
                checked += 1
    assert checked >= 10
