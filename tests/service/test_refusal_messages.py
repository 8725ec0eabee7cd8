"""Every refusal of the service takes its words from the message table (engine/messages.py, S codes; Chinese first,
English on request): a real server is sent ~30 kinds of bad request, and each 4xx body names its message_code,
whose Chinese and English templates its message and message_en are. The review store's own refusals
(engine/review, ReviewError) keep their table there and are the one exception in the code."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import httpx
import pytest

from engine import resources
from engine.messages import MESSAGES
from tests.service.helpers import AUTH, rule_body
from tests.service.pdfmake import pdf_with_lines
from tests.service.process import running

SERVICE = Path(__file__).resolve().parents[2] / "engine" / "service"
FIELD = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def _pattern(template: str) -> re.Pattern:
    parts = FIELD.split(template)  # literal, name, literal, name …
    return re.compile("".join(re.escape(p) if i % 2 == 0 else "(.+?)" for i, p in enumerate(parts)) + r"\Z", re.S)


def _from_the_table(body: dict) -> str:
    error = body["error"]
    code = error.get("message_code")
    assert code in MESSAGES and code.startswith("S"), error
    assert _pattern(MESSAGES[code].zh).match(error["message"]), (code, error["message"])
    assert _pattern(MESSAGES[code].en).match(error["message_en"]), (code, error["message_en"])
    return code


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import shutil

    from tests.service.helpers import DATA

    work = tmp_path_factory.mktemp("refusals")
    shutil.copytree(DATA, work / "rulebook")
    with running(work / "rulebook", work / "srv") as srv:
        yield srv


def _requests(client: httpx.Client) -> list[httpx.Response]:
    sample = json.loads(resources.sample("yangquan-czj-2024.json").read_text("utf-8"))
    body, tag = rule_body(client, "T01")
    pdf = ("a.pdf", pdf_with_lines(["无关的文字"]))
    form = {"content-type": "multipart/form-data"}
    return [
        client.get("/no/such/path"),
        client.delete("/v1/check"),
        client.post("/v1/check", content=b""),
        client.post("/v1/check", content=b"{not json", headers={"content-type": "application/json"}),
        client.post("/v1/check", json={"tables": 3}),
        client.post("/v1/check", content=b"x", headers={"content-type": "text/plain"}),
        client.post("/v1/check", files={"file": ("a.exe", b"MZ")}),
        client.post("/v1/check", files={"other": ("a.txt", b"x")}),
        client.post("/v1/check", content=b"--x\r\n", headers=form),
        client.post("/v1/check", files=[("file", ("a.txt", b"x")), ("file", ("b.txt", b"y"))]),
        client.post("/v1/check", files={"file": pdf}),
        client.post("/v1/check", files={"file": ("a.xlsx", b"not a workbook")}),
        client.post("/v1/check", content=b"[" * 2_000_000, headers={"content-type": "application/json"}),
        client.post("/v1/eval", json={"expression": "公开01.收入总计 >>= 1", "disclosure": sample}),
        client.post("/v1/eval", json={"disclosure": sample}),
        client.post("/v1/eval", files={"file": ("a.txt", b"x")}),
        client.get("/v1/rules/NOPE"),
        client.get("/v1/rules", params={"severity": "严重"}),
        client.get("/web/samples/nope.txt"),
        client.get("/rules/NOPE"),
        client.post("/v1/rules/NOPE/explain", json=None),
        client.put("/v1/rules/T01", json=body, headers={"If-Match": tag}),
        client.put("/v1/rules/T01", json=body, headers={"If-Match": tag, "Authorization": "Bearer wrong"}),
        client.put("/v1/rules/T01", json=body, headers=AUTH),
        client.put("/v1/rules/T01", json=body, headers={**AUTH, "If-Match": '"stale"'}),
        client.put("/v1/rules/T01", json={**body, "id": "T02"}, headers={**AUTH, "If-Match": tag}),
        client.put("/v1/rules/T01", json={**body, "expr": "公开01.收入总记 >= 0"}, headers={**AUTH, "If-Match": tag}),
        client.post("/v1/rules", json={k: v for k, v in body.items() if k != "id"}, headers=AUTH),
        client.post("/v1/rules", json=body, headers=AUTH),
        client.post("/v1/rules", json={**body, "id": "T99"}, params={"file": "../x.yaml"}, headers=AUTH),
        client.get("/v1/review/submissions"),
        client.get("/v1/review/submissions", headers={"Authorization": "Bearer not-a-token"}),
    ]


def test_every_refusal_body_takes_its_words_from_the_table(server):
    with server.client(timeout=120) as client:
        responses = _requests(client)
    codes = []
    for response in responses:
        assert 400 <= response.status_code < 500, (response.request.method, response.request.url, response.text[:300])
        if response.headers.get("content-type", "").startswith("text/html"):
            continue  # a page (the 规则 pages' 404 is JSON like the API's)
        codes.append(_from_the_table(response.json()))
    assert len(set(codes)) >= 20, sorted(set(codes))  # many different refusals, not one repeated


def test_no_refusal_text_is_written_in_a_service_module():
    """ApiError is built only by errors.refusal (and rebuilt after a worker); the review store's ReviewError is
    passed through with its own table."""
    builders = []
    for path in sorted(SERVICE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ApiError":
                builders.append((path.relative_to(SERVICE).as_posix(), ast.unparse(node)[:60]))
    assert all(where in ("errors.py", "routes_review.py") for where, _ in builders), builders
    assert [b for b in builders if b[0] == "routes_review.py"] == [("routes_review.py", "ApiError(exc.status, exc.code, exc.zh, exc.en)")]
    assert {code for code in MESSAGES if code.startswith("S")} == {f"S{n:02d}" for n in range(1, 57)}
