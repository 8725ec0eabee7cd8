"""Page images for the HTML report: a PDF page rendered with pypdfium2 as an inline PNG (data: URI, nothing fetched),
with the boxes a finding reads outlined over it (positions in PDF points, kept by the importer).

Each page is embedded once per report, in the first figure that shows it (an SVG <image> with an id); later figures
of that page refer to it (<use href="#…">), so a page read by twenty findings costs one image, not twenty. The
images of one report are capped (RULEBOOK_REPORT_IMAGE_LIMIT bytes, default IMAGE_LIMIT): a page past the cap is not
embedded and its figure says so in Chinese.

The image shows the page's CropBox (what a PDF viewer shows); the importer measures from the MediaBox's top-left
corner (as pdfplumber does), so the outlines are shifted by the CropBox's offset within the MediaBox."""
from __future__ import annotations

import base64
import hashlib
import io
import os
from dataclasses import dataclass
from html import escape

SCALE = 1.25  # 90 dpi: the amounts stay legible on screen and on A4, a page is ~60–120 KB
IMAGE_LIMIT = 8 * 1024 * 1024  # bytes of page images one report embeds (about 80 pages)


def image_limit() -> int:
    """RULEBOOK_REPORT_IMAGE_LIMIT when it is a whole number of bytes ≥ 0, else IMAGE_LIMIT."""
    raw = os.environ.get("RULEBOOK_REPORT_IMAGE_LIMIT", "").strip()
    return int(raw) if raw.isdigit() else IMAGE_LIMIT


@dataclass(frozen=True)
class Page:
    uri: str  # data: URI of the PNG
    width: float  # CropBox size in points
    height: float
    left: float  # the CropBox's left edge, and its top edge below the MediaBox's top, in points
    top: float


class PageImages:
    """One PDF's pages for one report: each rendered at most once, embedded at most once, within the image cap."""

    def __init__(self, data: bytes, limit: int | None = None) -> None:
        self.data = data
        self.limit = image_limit() if limit is None else limit
        self.used = 0  # bytes of images embedded so far
        self.key = hashlib.sha256(data).hexdigest()[:10]  # ids unique across the reports of one HTML file
        self._done: dict[int, Page | None] = {}
        self.embedded: set[int] = set()
        self.left_out: set[int] = set()

    def page(self, number: int) -> Page | None:
        """The 1-based page, None when it cannot be rendered."""
        if number not in self._done:
            self._done[number] = _render(self.data, number)
        return self._done[number]

    def image_id(self, number: int) -> str:
        return f"rb-{self.key}-p{number}"


def _render(data: bytes, number: int) -> Page | None:
    import pypdfium2 as pdfium

    from engine.importers.pdf import PDFIUM_LOCK  # pdfium is not thread-safe: the importer's lock

    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return None
        try:
            if not 1 <= number <= len(pdf):
                return None
            page = pdf[number - 1]
            width, height = page.get_size()  # the CropBox, which render() draws
            crop, media = page.get_cropbox(), page.get_mediabox()
            image = page.render(scale=SCALE, grayscale=True).to_pil()
            page.close()
        finally:
            pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return Page("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), width, height,
                crop[0] - media[0], media[3] - crop[3])


def figure(images: PageImages, number: int, boxes: list[tuple[float, float, float, float]], caption: str) -> str:
    """The page with each box outlined; boxes are placed in % of the page so the figure scales with the layout.
    data-box keeps the measured points (x0, top, x1, bottom) so a test can read back what each outline covers."""
    if number not in images.embedded and images.used >= images.limit:
        page = None  # over the cap: not even rendered
    else:
        page = images.page(number)
        if page is None:
            return ""
    if page is not None and number not in images.embedded and images.used + len(page.uri) > images.limit:
        page = None
    if page is None:
        images.left_out.add(number)
        return (f'<figure class="page" data-page="{number}" data-embedded="no"><p class="meta">第{number}页的图像'
                f"未嵌入：本报告嵌入的页面图像已达上限（{images.limit / 1024 / 1024:.1f} MB），请在原文件第{number}页查看本条"
                f"读取的单元格（{len(boxes)} 处）。</p><figcaption>{escape(caption)}</figcaption></figure>")
    marks = "".join(
        f'<span class="box" data-box="{x0:.2f},{top:.2f},{x1:.2f},{bottom:.2f}" '
        f'style="left:{100 * (x0 - page.left - 2) / page.width:.3f}%;top:{100 * (top - page.top - 2) / page.height:.3f}%;'
        f'width:{100 * (x1 - x0 + 4) / page.width:.3f}%;height:{100 * (bottom - top + 4) / page.height:.3f}%"></span>'
        for x0, top, x1, bottom in boxes)
    ident = images.image_id(number)
    if number in images.embedded:
        picture = f'<use href="#{ident}"/>'
    else:
        images.embedded.add(number)
        images.used += len(page.uri)
        picture = f'<image id="{ident}" href="{page.uri}" width="{page.width:.1f}" height="{page.height:.1f}"/>'
    return (f'<figure class="page" data-page="{number}"><div class="sheet" style="aspect-ratio:{page.width:.1f}/'
            f'{page.height:.1f}"><svg role="img" aria-label="{escape(caption)}" viewBox="0 0 {page.width:.1f} '
            f'{page.height:.1f}" preserveAspectRatio="none" style="display:block;width:100%;height:100%">{picture}</svg>'
            f"{marks}</div><figcaption>{escape(caption)}</figcaption></figure>")
