"""Editing over HTTP: tokens, If-Match, refusals with diagnostics, round-trip YAML, the change log, live reload."""
from __future__ import annotations

import json
import os
import time

from ruamel.yaml import YAML

from tests.service.helpers import AUTH, DATA, TOKEN, rule_body

NEW_RULE = {
    "编号": "N01", "名称": "收入总计不为负", "级别": "提示性", "类别": "表内平衡", "规则": "公开01.收入总计 >= 0",
    "示例": [{"名称": "样本通过", "样本": "yangquan-czj-2024.json", "期望": "通过"},
             {"名称": "改为负数", "样本": "yangquan-czj-2024.json", "修改": {"公开01.收入总计": "-1.00"},
              "期望": "不通过"}],
}


def _lines_outside(text: str, start: str, end: str) -> list[str]:
    """The file's lines without those from `start` up to (not including) `end`."""
    lines = text.splitlines()
    a = next(i for i, ln in enumerate(lines) if start in ln)
    b = next(i for i, ln in enumerate(lines) if end in ln and i > a)
    return lines[:a] + lines[b:]


def _log(changelog) -> list[dict]:
    if not changelog.exists():
        return []
    return [json.loads(line) for line in changelog.read_text("utf-8").splitlines()]


def test_editing_needs_a_token(client, make_client):
    body, tag = rule_body(client, "T01")
    assert client.put("/v1/rules/T01", json=body, headers={"If-Match": tag}).status_code == 401
    wrong = client.put("/v1/rules/T01", json=body, headers={"If-Match": tag, "Authorization": "Bearer x" + TOKEN})
    assert wrong.status_code == 401 and TOKEN not in wrong.text
    assert client.delete("/v1/rules/T01", headers={"If-Match": tag}).status_code == 401
    assert client.post("/v1/rules", json=NEW_RULE).status_code == 401
    closed = make_client(edit_tokens={})
    refused = closed.put("/v1/rules/T01", json=body, headers={**AUTH, "If-Match": tag})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "editing_disabled"


def test_replace_keeps_the_rest_of_the_file(client, book_dir, changelog):
    path = book_dir / "balance.yaml"
    before = path.read_text("utf-8")
    body, tag = rule_body(client, "T01")
    body["name"] = "总表收入总计（修订）"
    response = client.put("/v1/rules/T01", json=body, headers={**AUTH, "If-Match": tag})
    assert response.status_code == 200, response.text
    assert response.headers["etag"] != tag and response.json()["name"] == "总表收入总计（修订）"
    after = path.read_text("utf-8")
    assert after.replace("总表收入总计（修订）", "总表收入总计", 1) == before  # comments, quotes, order: all kept
    assert client.get("/v1/rules/T01").json()["name"] == "总表收入总计（修订）"  # the next request sees it
    entries = _log(changelog)
    assert len(entries) == 1
    entry = entries[0]
    assert (entry["who"], entry["action"], entry["rule"]) == ("alice", "replace", "T01")
    assert entry["before"]["name"] == "总表收入总计" and entry["after"]["name"] == "总表收入总计（修订）"
    assert entry["version_before"] == tag and TOKEN not in changelog.read_text("utf-8")


def test_multiline_expression_change_is_a_block(client, book_dir):
    body, tag = rule_body(client, "T02")
    body["expr"] = "公开01.支出总计 == 公开01.本年支出合计 + 公开01.结余分配\n  + 公开01.年末结转和结余 + 0"
    response = client.put("/v1/rules/T02", json=body, headers={**AUTH, "If-Match": tag})
    assert response.status_code == 200, response.text
    text = (book_dir / "balance.yaml").read_text("utf-8")
    assert "    规则: |\n      公开01.支出总计 ==" in text and "+ 公开01.年末结转和结余 + 0\n" in text
    original = (DATA / "balance.yaml").read_text("utf-8")
    assert _lines_outside(text, "编号: T02", "编号: C01") == _lines_outside(original, "编号: T02", "编号: C01")
    data = YAML(typ="safe").load(text)
    assert [r["编号"] for r in data["规则"]] == ["T01", "T02", "C01"]


def test_stale_if_match_412_and_missing_428(client, book_dir):
    body, tag = rule_body(client, "T01")
    first = client.put("/v1/rules/T01", json={**body, "basis": "第一次"}, headers={**AUTH, "If-Match": tag})
    assert first.status_code == 200
    stale = client.put("/v1/rules/T01", json={**body, "basis": "第二次"}, headers={**AUTH, "If-Match": tag})
    assert stale.status_code == 412
    error = stale.json()["error"]
    assert error["current_version"] == first.headers["etag"] == stale.headers["etag"]
    assert error["current"]["basis"] == "第一次"
    missing = client.put("/v1/rules/T01", json=body, headers=AUTH)
    assert missing.status_code == 428 and missing.json()["error"]["current_version"] == first.headers["etag"]
    assert client.delete("/v1/rules/T01", headers={**AUTH, "If-Match": tag}).status_code == 412
    assert "第一次" in (book_dir / "balance.yaml").read_text("utf-8")


def test_refused_rule_400_with_diagnostics_and_nothing_written(client, book_dir, changelog):
    path = book_dir / "balance.yaml"
    before, stamp = path.read_text("utf-8"), os.stat(path).st_mtime_ns
    body, tag = rule_body(client, "T01")
    body["expr"] = "公开01.收入总记 == 收入合计"
    response = client.put("/v1/rules/T01", json=body, headers={**AUTH, "If-Match": tag})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "rule_refused" and "未保存" in error["message"]
    diagnostic = error["diagnostics"][0]
    assert diagnostic["severity"] == "error" and diagnostic["file"].endswith("balance.yaml")
    assert diagnostic["line"] == 7 and "收入总计" in diagnostic["hint_zh"]
    assert path.read_text("utf-8") == before and os.stat(path).st_mtime_ns == stamp
    assert not _log(changelog)
    assert [p.name for p in book_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_failing_example_refused(client, book_dir):
    body, tag = rule_body(client, "T01")
    body["examples"][1]["期望"] = "通过"  # the broken sample would now have to pass
    response = client.put("/v1/rules/T01", json=body, headers={**AUTH, "If-Match": tag})
    assert response.status_code == 400
    examples = response.json()["error"]["examples"]
    assert [e["ok"] for e in examples] == [True, False] and examples[1]["actual"] == "fail"
    lacking = {**body, "examples": body["examples"][:1]}
    response = client.put("/v1/rules/T01", json=lacking, headers={**AUTH, "If-Match": tag})
    assert response.status_code == 400 and "不通过示例" in response.json()["error"]["message"]


def test_create_409_then_delete(client, book_dir, changelog, sample_json):
    created = client.post("/v1/rules", json=NEW_RULE, headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/v1/rules/N01" and created.json()["severity"] == "warning"
    text = (book_dir / "balance.yaml").read_text("utf-8")
    assert "  - 编号: N01\n    名称: 收入总计不为负\n" in text
    check = client.post("/v1/check", content=sample_json, headers={"content-type": "application/json"})
    assert check.json()["summary"]["rules"] == 4  # the running service uses the new rulebook
    again = client.post("/v1/rules", json=NEW_RULE, headers=AUTH)
    assert again.status_code == 409 and again.json()["error"]["code"] == "rule_exists"
    gone = client.delete("/v1/rules/N01", headers={**AUTH, "If-Match": created.headers["etag"]})
    assert gone.status_code == 204
    assert client.get("/v1/rules/N01").status_code == 404
    assert [e["action"] for e in _log(changelog)] == ["create", "delete"]
    assert _log(changelog)[1]["after"] is None


def test_put_and_delete_unknown_rule_404(client):
    body, _ = rule_body(client, "T01")
    body.pop("id")
    assert client.put("/v1/rules/ZZ9", json=body, headers={**AUTH, "If-Match": '"x"'}).status_code == 404
    assert client.delete("/v1/rules/ZZ9", headers={**AUTH, "If-Match": '"x"'}).status_code == 404


def test_bad_rule_bodies_422_and_id_mismatch_400(client):
    body, tag = rule_body(client, "T01")
    headers = {**AUTH, "If-Match": tag}
    assert client.put("/v1/rules/T01", json={**body, "severity": "致命"}, headers=headers).status_code == 422
    assert client.put("/v1/rules/T01", json={**body, "colour": "red"}, headers=headers).status_code == 422
    assert client.put("/v1/rules/T01", json={**body, "id": "T02"}, headers=headers).status_code == 400
    assert client.post("/v1/rules", json={k: v for k, v in NEW_RULE.items() if k != "编号"},
                       headers=AUTH).status_code == 422
    assert client.post("/v1/rules", json=NEW_RULE, params={"file": "../x.yaml"}, headers=AUTH).status_code == 422


def test_external_file_change_is_picked_up(client, book_dir):
    path = book_dir / "balance.yaml"
    text = path.read_text("utf-8").replace("名称: 财拨收入不超过总收入", "名称: 外部改名")
    time.sleep(0.01)
    path.write_text(text, "utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert client.get("/v1/rules/C01").json()["name"] == "外部改名"
    path.write_text(text.replace("规则: 公开04.收入总计 <= 公开01.收入总计", "规则: 公开04.收入总计 <="), "utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 2_000_000))
    health = client.get("/healthz").json()
    assert health["status"] == "degraded" and health["problems"]
    assert client.get("/v1/rules/C01").json()["name"] == "外部改名"  # the last good rulebook is still served
