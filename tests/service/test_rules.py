"""Reading the rulebook: list with filters, one rule with its ETag, explain, lint; 404 for an unknown rule."""
from __future__ import annotations

import json


def test_list_and_filters(client):
    everything = client.get("/v1/rules").json()
    assert everything["count"] == 3 and everything["rulebook"] == "service-test"
    assert [r["id"] for r in client.get("/v1/rules", params={"severity": "warning"}).json()["rules"]] == ["C01"]
    assert [r["id"] for r in client.get("/v1/rules", params={"severity": "警告"}).json()["rules"]] == ["C01"]
    balance = client.get("/v1/rules", params={"category": "表内平衡"}).json()
    assert [r["id"] for r in balance["rules"]] == ["T01", "T02"]
    assert client.get("/v1/rules", params={"category": "没有"}).json()["count"] == 0


def test_one_rule_with_version(client):
    response = client.get("/v1/rules/T02")
    assert response.status_code == 200
    rule = response.json()
    assert rule["file"] == "balance.yaml" and rule["severity"] == "error"
    assert response.headers["etag"] == rule["version"] and rule["version"].startswith('"')
    assert "公开01.结余分配" in rule["canonical"] and rule["examples"][1]["期望"] == "不通过"
    assert client.get("/v1/rules/T01").headers["etag"] != rule["version"]


def test_unknown_rule_404(client, sample_json):
    for response in (client.get("/v1/rules/X99"), client.post("/v1/rules/X99/explain", json=json.loads(sample_json))):
        assert response.status_code == 404
        assert "X99" in response.json()["error"]["message"]


def test_explain_without_and_with_document(client, sample_json):
    bare = client.post("/v1/rules/T01/explain")
    assert bare.status_code == 200 and "T01" in bare.json()["text"]
    worked = client.post("/v1/rules/T01/explain", json=json.loads(sample_json))
    assert worked.status_code == 200
    assert len(worked.json()["text"]) > len(bare.json()["text"])
    english = client.post("/v1/rules/T01/explain", params={"lang": "en"}).json()["text"]
    assert english.startswith("rule")


def test_lint_expression(client):
    good = client.post("/v1/lint", json={"expression": "公开01.收入总计 >= 0"}).json()
    assert good["ok"] and good["canonical"]
    bad = client.post("/v1/lint", json={"expression": "公开01.收入总计 >= "}).json()
    assert not bad["ok"] and bad["diagnostics"][0]["severity"] == "error"


def test_lint_rule_runs_its_examples_without_writing(client, book_dir):
    before = (book_dir / "balance.yaml").read_text("utf-8")
    rule = {"id": "N1", "name": "收入总计非负", "severity": "info", "category": "表内平衡",
            "expr": "公开01.收入总计 >= 0",
            "examples": [{"名称": "通过", "样本": "yangquan-czj-2024.json", "期望": "通过"},
                         {"名称": "应不通过", "样本": "yangquan-czj-2024.json", "期望": "不通过"}]}
    result = client.post("/v1/lint", json={"rule": rule}).json()
    assert not result["ok"]
    assert [e["ok"] for e in result["examples"]] == [True, False]
    assert (book_dir / "balance.yaml").read_text("utf-8") == before


def test_lint_whole_rulebook(client):
    result = client.post("/v1/lint").json()
    assert result["ok"] and result["rules"] == 3
