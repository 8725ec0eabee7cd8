"""POST /v1/check and /v1/eval, /healthz: the same report as the CLI, and clear refusals for bad input."""
from __future__ import annotations

import json
from decimal import Decimal

from engine.checking.check import check
from engine.model import Cell, Disclosure
from engine.checking.formats import as_json
from engine.rules.loader import load_rulebook


def test_check_json_is_the_cli_report(client, book_dir, sample_json):
    response = client.post("/v1/check", content=sample_json, headers={"content-type": "application/json"})
    assert response.status_code == 200
    expected = json.loads(as_json(check(Disclosure.model_validate_json(sample_json), load_rulebook(book_dir))))
    assert response.json().pop("checked_at") <= expected.pop("checked_at")  # checked over HTTP first
    assert response.json() | {"checked_at": None} == expected | {"checked_at": None}
    assert response.json()["summary"]["rules"] == 3


def test_check_text_upload(client, sample_text):
    response = client.post("/v1/check", files={"file": ("阳泉.txt", sample_text, "text/plain")})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["file"] == "阳泉.txt"
    assert report["unit"]
    assert report["summary"]["passed"] == 3


def test_check_workbook_page_and_word_uploads_report_as_the_text(client, sample_text):
    """The same disclosure as an Excel workbook, an HTML page and a Word document: the same report as its text."""
    from engine.importers.text import read_text
    from engine.render import Printed, write

    printed = Printed.from_lines(read_text(sample_text).lines)
    want = client.post("/v1/check", files={"file": ("阳泉.txt", sample_text)}).json()
    for form, name in (("xlsx", "阳泉.xlsx"), ("html", "阳泉.html"), ("docx", "阳泉.docx")):
        response = client.post("/v1/check", files={"file": (name, write(printed, form))})
        assert response.status_code == 200, response.text
        got = response.json()
        assert got["file"] == name and got["summary"] == want["summary"] and got["unit"] == want["unit"]
    damaged = client.post("/v1/check", files={"file": ("坏.xlsx", b"PK\x03\x04 not a zip")})
    assert damaged.status_code == 422 and "无法导入" in damaged.json()["error"]["message"]


def test_check_finds_a_broken_total(client, sample_json):
    doc = Disclosure.model_validate_json(sample_json)
    row = doc.tables["公开01"].row("年初结转和结余")
    row.cells[doc.tables["公开01"].main_column(row)] = Cell(kind="number", value=Decimal("10.00"))
    response = client.post("/v1/check", content=doc.model_dump_json(), params={"lang": "en"},
                           headers={"content-type": "application/json"})
    assert response.status_code == 200
    failed = [f for f in response.json()["findings"] if f["severity"] == "error"]
    assert [f["rule"] for f in failed] == ["T01"]
    assert "does not hold" in failed[0]["message"] or "differ" in failed[0]["message"]


def test_schema_mismatch_is_422_with_reasons(client, sample_json):
    doc = json.loads(sample_json)
    doc["metadata"]["profile"] = "火星"
    doc["surprise"] = 1
    response = client.post("/v1/check", json=doc)
    assert response.status_code == 422
    error = response.json()["error"]
    wheres = {r["where"] for r in error["reasons"]}
    assert "metadata.profile" in wheres and "surprise" in wheres
    assert all(r["message"] for r in error["reasons"])
    assert "火星" not in response.text  # the submitted value is not echoed back


def test_malformed_json_is_422(client):
    response = client.post("/v1/check", content=b'{"version": ', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["reasons"][0]["message"].startswith("JSON 格式错误")


def test_empty_body_is_422(client):
    response = client.post("/v1/check", content=b"", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "empty_body"


def test_binary_upload_is_422_in_chinese(client):
    response = client.post("/v1/check", files={"file": ("x.txt", bytes(range(256)) * 20, "text/plain")})
    assert response.status_code == 422
    assert "二进制" in response.json()["error"]["message"]


def test_upload_type_and_media_type_refused(client):
    assert client.post("/v1/check", files={"file": ("x.doc", b"abc")}).status_code == 415
    assert client.post("/v1/check", content=b"abc", headers={"content-type": "text/plain"}).status_code == 415
    missing = client.post("/v1/check", data={"other": "x"}, files={"f2": ("a.txt", b"abc")})
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "missing_file"


def test_body_limit_413(make_client, sample_json):
    client = make_client(max_body=1000)
    response = client.post("/v1/check", content=sample_json, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["limit"] == 1000

    def chunks():  # no Content-Length: the limit still holds
        for i in range(0, len(sample_json), 500):
            yield sample_json[i:i + 500]

    streamed = client.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_time_limit_503(make_client, sample_text):
    client = make_client(timeout=0.005)  # importing and checking the sample takes well over 5 ms
    response = client.post("/v1/check", files={"file": ("a.txt", sample_text)})
    assert response.status_code == 503
    assert "时间上限" in response.json()["error"]["message"] and response.headers["retry-after"]


def test_runner_gives_up_after_its_limit():
    import asyncio
    import time

    from engine.service.errors import ApiError
    from engine.service.limits import Runner

    runner = Runner(timeout=0.05, workers=1)
    try:
        assert asyncio.run(runner(lambda: 7)) == 7
        started = time.monotonic()
        try:
            asyncio.run(runner(time.sleep, 0.5))
            raise AssertionError("no timeout")
        except ApiError as exc:
            assert exc.status == 503 and exc.code == "timeout"
        assert time.monotonic() - started < 0.4
    finally:
        runner.close()


def test_check_token_when_configured(make_client, sample_json):
    client = make_client(check_token="checker-token")
    headers = {"content-type": "application/json"}
    assert client.post("/v1/check", content=sample_json, headers=headers).status_code == 401
    wrong = client.post("/v1/check", content=sample_json, headers={**headers, "Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "nope" not in wrong.text
    ok = client.post("/v1/check", content=sample_json, headers={**headers, "Authorization": "Bearer checker-token"})
    assert ok.status_code == 200
    assert client.get("/healthz").status_code == 200  # health stays open


def test_eval_value_and_trace(client, sample_json):
    doc = json.loads(sample_json)
    response = client.post("/v1/eval", json={"expression": "收入合计 + 0", "disclosure": doc, "trace": True})
    assert response.status_code == 200, response.text
    body = response.json()
    income = Disclosure.model_validate(doc).tables["公开01"].row("本年收入合计")
    assert body["status"] == "ok" and body["kind"] == "number"
    assert body["value"] == format(next(iter(income.cells.values())).value, "f")
    assert body["steps"]


def test_eval_bad_expression_400_with_diagnostics(client, sample_json):
    response = client.post("/v1/eval", json={"expression": "公开01.本年收入合记 == 1",
                                             "disclosure": json.loads(sample_json)})
    assert response.status_code == 400
    diagnostic = response.json()["error"]["diagnostics"][0]
    assert diagnostic["code"].startswith("E") and "本年收入合计" in diagnostic["hint_zh"]


def test_eval_schema_422(client):
    response = client.post("/v1/eval", json={"expression": "1 == 1"})
    assert response.status_code == 422
    assert any(r["where"] == "disclosure" for r in response.json()["error"]["reasons"])


def test_healthz_and_openapi(client):
    health = client.get("/healthz").json()
    assert health == {"status": "ok", "rulebook": "service-test", "version": "1", "rules": 3, "problems": []}
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/eval", "/v1/rules", "/v1/rules/{rule_id}", "/v1/lint", "/healthz"} <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    assert client.get("/docs").status_code == 200


def test_budget_disclosure_upload_is_422_in_chinese(client):
    budget = "江苏省某某厅\n2019年度部门预算公开\n\n目录\n第一部分 部门概况\n一、收支预算总表\n".encode()
    response = client.post("/v1/check", files={"file": ("budget.txt", budget, "text/plain")})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unreadable_budget_disclosure"
    assert "预算公开" in response.json()["error"]["message"]


def test_healthz_says_degraded_when_a_reload_fails_otherwise_than_on_the_rules(client, monkeypatch):
    """A reload that fails on the disk (not a rule file's diagnostics) leaves the last good rulebook served: /healthz
    answers degraded, never a 500."""
    with client:
        served = client.app.state.served
        assert client.get("/healthz").json()["status"] == "ok"

        def broken():
            raise OSError("disk")
        monkeypatch.setattr(served, "changed", lambda: True)
        monkeypatch.setattr(served, "current", broken)
        response = client.get("/healthz")
        assert response.status_code == 200 and response.json()["status"] == "degraded", response.text


def test_a_possible_reading_overwriting_a_read_cell_is_422_naming_table_and_group(client):
    # samples/consistent.json with 公开05 handed on a reading that writes 31.00 over the 合计 read as 30.00
    from engine.resources import sample

    doc = json.loads(sample("consistent.json").read_text(encoding="utf-8"))
    doc["reading"] = [{"item": "公开05", "kind": "table", "status": "partly_read", "uncertain": ["placement"]}]
    doc["tables"]["公开05"]["ambiguous"] = [{"rows": ["2010102"], "readings": [
        [{"row": "2010102", "column": "合计", "text": "31.00"}], [{"row": "2010102", "column": "合计", "text": "32.00"}]]}]
    response = client.post("/v1/check", json=doc)
    assert response.status_code == 422
    [reason] = response.json()["error"]["reasons"]
    assert reason["where"] == "tables.公开05" and "空白单元格" in reason["message"], reason
    assert "第 0 组" in reason["message_en"] and "已读出金额的单元格" in reason["message_en"], reason
