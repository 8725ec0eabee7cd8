"""Page images for the HTML report: a PDF page rendered with pypdfium2 as an inline PNG (data: URI, nothing fetched),
with the boxes a finding reads outlined over it (positions in PDF points, kept by the importer)."""
from __future__ import annotations

import base64
import io
from html import escape

SCALE = 1.25  # 90 dpi: the amounts stay legible on screen and on A4, a page is ~60–120 KB


class PageImages:
    """One PDF's pages as data: URIs, each rendered at most once per report."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._done: dict[int, tuple[str, float, float]] = {}

    def page(self, number: int) -> tuple[str, float, float] | None:
        """(data URI, width, height in points) of the 1-based page, None when it cannot be rendered."""
        if number not in self._done:
            rendered = _render(self.data, number)
            if rendered is None:
                return None
            self._done[number] = rendered
        return self._done[number]


def _render(data: bytes, number: int) -> tuple[str, float, float] | None:
    import pypdfium2 as pdfium

    from engine.importers.pdf import _PDFIUM  # pdfium is not thread-safe: the importer's lock

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return None
        try:
            if not 1 <= number <= len(pdf):
                return None
            page = pdf[number - 1]
            width, height = page.get_size()
            image = page.render(scale=SCALE, grayscale=True).to_pil()
            page.close()
        finally:
            pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), width, height


def figure(images: PageImages, number: int, boxes: list[tuple[float, float, float, float]], caption: str) -> str:
    """The page with each box outlined; boxes are placed in % of the page so the figure scales with the layout.
    data-box keeps the points (x0, top, x1, bottom) so a test can read back what each outline covers."""
    page = images.page(number)
    if page is None:
        return ""
    uri, width, height = page
    marks = "".join(
        f'<span class="box" data-box="{x0:.2f},{top:.2f},{x1:.2f},{bottom:.2f}" style="left:{100 * (x0 - 2) / width:.3f}%;'
        f'top:{100 * (top - 2) / height:.3f}%;width:{100 * (x1 - x0 + 4) / width:.3f}%;'
        f'height:{100 * (bottom - top + 4) / height:.3f}%"></span>'
        for x0, top, x1, bottom in boxes)
    return (f'<figure class="page" data-page="{number}"><div class="sheet" style="aspect-ratio:{width:.1f}/{height:.1f}">'
            f'<img alt="{escape(caption)}" src="{uri}">{marks}</div><figcaption>{escape(caption)}</figcaption></figure>')
