"""The report over HTTP, from a real server on loopback: the Excel workbook read back with openpyxl, the HTML page
self-contained, with the PDF's pages embedded and the cells a finding reads outlined where their text is printed."""
from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook

from engine.reports.rows import FINDING_HEADERS, SUMMARY_HEADERS
from engine.resources import sample

PDF, TEXT = sample("shanghai-putuo-czj-2024.pdf"), sample("yangquan-czj-2024.txt")


def _post(server, path, file, **params):
    with server.client(timeout=180) as client:
        return client.post(path, params=params, files={"file": (file.name, file.read_bytes())})


@pytest.fixture(scope="module")
def pdf_json(server):
    response = _post(server, "/v1/check", PDF)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def pdf_html(server):
    response = _post(server, "/v1/report", PDF, format="html")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_xlsx_over_http_has_the_headers_counts_and_findings(server, pdf_json):
    response = _post(server, "/v1/report", PDF, format="xlsx")
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    summary, findings = book["汇总"], book["问题"]
    assert [c.value for c in summary[1]] == SUMMARY_HEADERS["zh"]
    assert [c.value for c in findings[1]] == FINDING_HEADERS["zh"]
    row = next(summary.iter_rows(min_row=2, values_only=True))
    s = pdf_json["summary"]
    assert list(row[5:9]) == [s["errors"], s["warnings"], s["infos"], s["not_checkable"]]
    assert findings.max_row - 1 == len(pdf_json["findings"])
    first = pdf_json["findings"][0]
    got = next(r for r in findings.iter_rows(min_row=2, values_only=True) if r[12] == first["fingerprint"])
    assert (got[1], got[2], got[9]) == (first["rule"], first["name"], first["message"])
    pages = re.findall(r"第(\d+)页", first["refs"][0]["source"] or "")
    assert got[4] == (int(pages[0]) if pages else None)


def test_html_over_http_is_self_contained(pdf_html, pdf_json):
    assert pdf_html.startswith("<!DOCTYPE html>")
    refs = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]*)""", pdf_html)
    ids = set(re.findall(r'\sid="([^"]+)"', pdf_html))
    # only the embedded pages, and references to them within the page
    assert refs and all(r.startswith("data:image/png;base64,") or (r.startswith("#") and r[1:] in ids) for r in refs)
    assert not re.search(r"url\(|@import|https?://", pdf_html)
    assert pdf_html.count('class="finding ') == len(pdf_json["findings"])


def test_each_page_is_embedded_once(pdf_html, pdf_json):
    """A page read by several findings is embedded in the first figure that shows it; the others refer to it."""
    images = re.findall(r'<image id="([^"]+)" href="(data:image/png;base64,[^"]+)"', pdf_html)
    pages = [int(p) for p in re.findall(r'<figure class="page" data-page="(\d+)">', pdf_html)]
    assert len(pages) > len(set(pages))  # the sample's findings share pages: the case this is about
    assert len(images) == len(set(pages)) == len({uri for _, uri in images})
    assert pdf_html.count("data:image/png") == len(images)
    uses = re.findall(r'<use href="#([^"]+)"/>', pdf_html)
    assert len(uses) == len(pages) - len(images) and set(uses) <= {i for i, _ in images}
    assert "未嵌入" not in pdf_html  # within the default cap


def test_text_upload_shows_the_source_lines(server):
    response = _post(server, "/v1/report", TEXT, format="html")
    assert response.status_code == 200
    report = json.loads(_post(server, "/v1/check", TEXT).text)
    c03 = next(f for f in report["findings"] if f["rule"] == "C03t01")
    line = c03["refs"][0]["line"]
    printed = TEXT.read_text("utf-8").replace("\f", "\n").splitlines()[line - 1]
    assert f"<mark>{line:>5} │ {printed[:30]}" in response.text


def test_a_bad_format_or_file_is_a_clear_chinese_error(server):
    bad = _post(server, "/v1/report", PDF, format="pdf")
    assert bad.status_code == 422 and "format" in bad.text
    with server.client() as client:
        broken = client.post("/v1/report", params={"format": "html"}, files={"file": ("x.pdf", b"%PDF-1.4 broken")})
    assert broken.status_code == 422 and "无法导入" in broken.json()["error"]["message"]


def _boxes(page_html: str) -> list[tuple[int, list[tuple[float, ...]]]]:
    out = []
    for fig in re.finditer(r'<figure class="page" data-page="(\d+)">(.*?)</figure>', page_html, re.S):
        boxes = [tuple(float(v) for v in b.split(",")) for b in re.findall(r'data-box="([^"]+)"', fig.group(2))]
        out.append((int(fig.group(1)), boxes))
    return out


def test_outlined_boxes_hold_the_cells_the_finding_reads(pdf_html, pdf_json):
    """Read back, with pdfplumber (not the importer's pdfium reader), the words inside each outline: every amount a
    finding reads is printed inside one of the outlines on its page."""
    pdfplumber = pytest.importorskip("pdfplumber")
    figures = _boxes(pdf_html)
    assert figures, "no page image in the report of a PDF"
    checked = 0
    with pdfplumber.open(PDF) as pdf:
        for finding in pdf_json["findings"]:
            for ref in finding["refs"]:
                if not ref.get("box") or ref["value"] is None or not ref["table"]:
                    continue
                page_no, *box = ref["box"]
                page = pdf.pages[page_no - 1]
                inside = [c for c in page.chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
                          and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]]  # what a reader sees in the outline
                words = "".join(c["text"] for c in sorted(inside, key=lambda c: c["x0"])).replace(",", "")
                assert words == ref["value"], (finding["rule"], ref, words)
                assert any(page_no == p and tuple(round(v, 2) for v in box) in b for p, b in figures), ref
                checked += 1
    assert checked >= 10  # the sample's findings read dozens of cells


def test_workbench_check_of_a_text_shows_its_source_lines(server):
    response = _post(server, "/web/check", TEXT)
    assert response.status_code == 200
    lines = TEXT.read_text("utf-8").replace("\f", "\n").splitlines()
    report = json.loads(_post(server, "/v1/check", TEXT).text)
    c03 = next(f for f in report["findings"] if f["rule"] == "C03t01")
    line = c03["refs"][0]["line"]
    assert f"<mark>{line:>5} │ {lines[line - 1][:20]}" in response.text
    assert response.text.count('<details class="finding') == len(report["findings"])


def test_a_json_report_named_after_a_server_file_does_not_read_it(server, tmp_path):
    """The report's name is the caller's: an HTML report of a JSON body named like a file on the server must not
    show that file's lines (the CLI's reports read the files they name; the service's never do)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("\n".join(f"机密第{n}行 SECRET-{n}" for n in range(1, 400)), "utf-8")
    body = json.loads(sample("defect-sum.json").read_text("utf-8"))
    for n, row in enumerate((r for t in body["tables"].values() for r in t["rows"]), start=1):
        row["source"]["line"] = n  # each finding's cells name lines that the secret file has
        for cell in row["cells"].values():
            cell["source"]["line"] = n
    with server.client(timeout=180) as client:
        response = client.post("/v1/report", params={"format": "html", "name": str(secret)}, json=body)
    assert response.status_code == 200, response.text
    assert "H02c" in response.text  # the report is there, with its findings
    assert "SECRET-" not in response.text


def test_the_impact_preview_shows_stored_submissions_to_editors_only(server):
    """Stored submissions are other units' documents: a checker's preview covers the bundled samples only."""
    from tests.service.helpers import AUTH
    from tests.web.conftest import department_token

    with server.client(timeout=240) as client:
        department = department_token(client, "imp-1", "示例局")
        submitted = client.post("/v1/review/submissions", params={"unit": "imp-1"},
                                headers={"Authorization": f"Bearer {department}"},
                                json=json.loads(sample("defect-sum.json").read_text("utf-8")))
        assert submitted.status_code == 200, submitted.text
        rule = client.get("/v1/rules/T01").json()
        body = {k: v for k, v in rule.items() if k not in ("canonical", "file", "line", "version") and v is not None}
        labels = {}
        for who, headers in (("checker", {}), ("editor", AUTH)):
            response = client.post("/web/rules/T01/impact", headers=headers, json=body)
            assert response.status_code == 200, response.text
            labels[who] = [d["document"] for d in response.json()["documents"]]
    assert any("示例局" in label for label in labels["editor"])
    assert not any("示例局" in label for label in labels["checker"]) and labels["checker"]


def test_every_figure_shows_its_page_in_a_browser(pdf_html, browser, tmp_path):
    """In Chromium, a figure that refers to an earlier one's image shows the same page as that one (not a blank)."""
    from io import BytesIO

    from PIL import Image
    from selenium.webdriver.common.by import By

    report = tmp_path / "report.html"
    report.write_text(pdf_html, "utf-8")
    browser.get(report.as_uri())
    seen: dict[str, list[tuple[bool, float]]] = {}
    for fig in browser.find_elements(By.CSS_SELECTOR, "figure.page"):
        browser.execute_script("arguments[0].scrollIntoView()", fig)
        svg = fig.find_element(By.CSS_SELECTOR, "svg")
        shot = Image.open(BytesIO(svg.screenshot_as_png)).convert("L")
        ink = sum(1 for v in shot.tobytes() if v < 128) / (shot.width * shot.height)
        seen.setdefault(fig.get_attribute("data-page"), []).append((bool(fig.find_elements(By.CSS_SELECTOR, "use")), ink))
    shared = {page: shots for page, shots in seen.items() if len(shots) > 1}
    assert shared
    for page, shots in shared.items():
        first = next(ink for used, ink in shots if not used)
        assert first > 0.005, page  # printed text
        for _, ink in shots:  # the same page: its ink differs only by the outlines drawn over it
            assert abs(ink - first) < 0.5 * first, (page, shots)
