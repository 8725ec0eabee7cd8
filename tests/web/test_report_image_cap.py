"""The page images of one HTML report are capped (RULEBOOK_REPORT_IMAGE_LIMIT): pages past the cap are not embedded
and their figures say so in Chinese; the report and the workbench's result stay within it. A real server, its cap
set low enough that the Shanghai sample's pages (about 12 distinct ones) do not all fit."""
from __future__ import annotations

import re

from engine.resources import sample

LIMIT = 200_000
SERVER_ENV = {"RULEBOOK_REPORT_IMAGE_LIMIT": str(LIMIT)}  # read by the server fixture (tests/web/conftest.py)
PDF = sample("shanghai-putuo-czj-2024.pdf")


def _post(server, path, **params):
    with server.client(timeout=180) as client:
        return client.post(path, params=params, files={"file": (PDF.name, PDF.read_bytes())})


def _within_the_cap(page: str) -> None:
    uris = re.findall(r'href="(data:image/png;base64,[^"]+)"', page)
    assert uris and sum(len(u) for u in uris) <= LIMIT
    ids = set(re.findall(r'<image id="([^"]+)"', page))
    assert set(re.findall(r'<use href="#([^"]+)"/>', page)) <= ids  # nothing refers to a page left out
    left_out = re.findall(r'<figure class="page" data-page="(\d+)" data-embedded="no"><p class="meta">(.*?)</p>', page)
    assert left_out, "the sample's pages should not all fit under the cap"
    for number, note in left_out:
        assert f"第{number}页的图像未嵌入" in note and "上限" in note and f"原文件第{number}页" in note
    embedded = {int(n) for n in re.findall(r'<figure class="page" data-page="(\d+)"><div', page)}
    assert embedded and not embedded & {int(n) for n, _ in left_out}


def test_the_html_report_embeds_pages_up_to_the_cap(server):
    response = _post(server, "/v1/report", format="html")
    assert response.status_code == 200, response.text[:300]
    _within_the_cap(response.text)
    assert len(response.content) < LIMIT + 400_000  # the rest of the report is text


def test_the_workbench_result_embeds_pages_up_to_the_cap(server):
    response = _post(server, "/web/check")
    assert response.status_code == 200, response.text[:300]
    _within_the_cap(response.text)
