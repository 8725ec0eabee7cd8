"""Bundled samples for the workbench (/web/samples/{name}), review submissions and the impact preview of a rule
edit import their files in the worker processes, like every other upload: measured on a real server as the CPU time the server process itself spends
(its threads) against what its workers spend, while a PDF is imported."""
from __future__ import annotations

import json

import httpx

from engine.resources import sample
from tests.service.process import busy_workers, cpu_ticks
from tests.web.conftest import department_token

PDF = sample("shanghai-putuo-czj-2024.pdf")


def _spent(server, work) -> tuple[int, int, object]:
    """CPU ticks of the server process and of its workers while `work()` runs; and its result."""
    workers = busy_workers(server)
    assert workers, "rulebook serve should import documents in worker processes"
    own, theirs = cpu_ticks(server.process.pid), {pid: cpu_ticks(pid) for pid in workers}
    result = work()
    return (cpu_ticks(server.process.pid) - own, sum(cpu_ticks(p) - t for p, t in theirs.items()), result)


def test_a_pdf_sample_is_imported_in_a_worker(server):
    with server.client(timeout=180) as client:
        client.get(f"/web/samples/{PDF.name}")  # a first time: anything loaded once is not counted
        own, workers, response = _spent(server, lambda: client.get(f"/web/samples/{PDF.name}"))
    assert response.status_code == 200 and "公开01" in response.json()["tables"], response.text[:300]
    assert workers >= 20 and own * 3 < workers, (own, workers)  # the import (~1 s) ran in a worker


def test_a_review_submission_is_imported_in_a_worker(server):
    with server.client(timeout=180) as client:
        token = department_token(client, "wk-1", "普陀区财政局")

        def submit():
            return client.post("/v1/review/submissions", params={"unit": "wk-1"},
                               headers={"Authorization": f"Bearer {token}"}, files={"file": (PDF.name, PDF.read_bytes())})

        submit()
        own, workers, response = _spent(server, submit)
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    assert body["findings"] and any(f["rule"] == "N04" for f in body["findings"]), json.dumps(body)[:300]
    assert workers >= 20 and own * 2 < workers, (own, workers)  # the import ran in a worker; the check is stored here
    bad = httpx.post(f"{server.base}/v1/review/submissions", params={"unit": "wk-1"},
                     headers={"Authorization": f"Bearer {token}"}, files={"file": ("x.pdf", b"%PDF-1.4 broken")})
    assert bad.status_code == 422 and "无法导入" in bad.json()["error"]["message"]


def test_the_impact_preview_imports_the_samples_in_a_worker(server):
    with server.client(timeout=240) as client:
        rule = client.get("/v1/rules/N04").json()
        body = {k: v for k, v in rule.items() if k not in ("canonical", "file", "line", "version") and v is not None}
        own, workers, response = _spent(server, lambda: client.post("/web/rules/N04/impact", json=body))
    assert response.status_code == 200, response.text[:300]
    rows = response.json()["documents"]
    assert any(PDF.name in r["document"] and r["status"] == "不变" and r["before"] >= 1 for r in rows), rows
    assert workers >= 20 and own * 3 < workers, (own, workers)  # the samples (two PDFs) were read in a worker
