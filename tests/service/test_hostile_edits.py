"""Edits against real server processes: a hand edit or a second process never freezes the edit lock (issue 15 #1);
an edit and its change-log entry succeed or fail together, stale candidate copies are cleaned (#10)."""
from __future__ import annotations

import json
import time

import httpx

from tests.service.helpers import AUTH
from tests.service.process import running


def _rule(client: httpx.Client, rid: str) -> tuple[dict, str]:
    response = client.get(f"/v1/rules/{rid}")
    assert response.status_code == 200, response.text
    body = {k: v for k, v in response.json().items() if k not in ("canonical", "file", "line", "version")
            and v is not None}
    return body, response.headers["etag"]


def _put(client: httpx.Client, rid: str, basis: str) -> httpx.Response:
    body, tag = _rule(client, rid)
    return client.put(f"/v1/rules/{rid}", json={**body, "basis": basis}, headers={**AUTH, "If-Match": tag})


def _touch_by_hand(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    stamp = time.time() + 2  # a distinct modification time even on coarse file systems
    import os

    os.utime(path, (stamp, stamp))


def test_hand_edit_then_put_does_not_freeze(book_dir, tmp_path):
    with running(book_dir, tmp_path / "a") as server, server.client(timeout=30) as client:
        assert _put(client, "T01", "第一次").status_code == 200
        body, tag = _rule(client, "T02")
        _touch_by_hand(book_dir / "balance.yaml", "# 第二条：多行表达式", "# 第二条：多行表达式（手改）")
        # the PUT is the first request to see the hand edit: it reloads while holding the lock
        response = client.put("/v1/rules/T02", json={**body, "basis": "手改之后"}, headers={**AUTH, "If-Match": tag})
        assert response.status_code == 200, response.text
        assert client.get("/healthz", timeout=2).status_code == 200
        assert _put(client, "T01", "再一次").status_code == 200
        assert client.get("/v1/rules/T01").json()["basis"] == "再一次"


def test_two_processes_on_one_rulebook_keep_editing(book_dir, tmp_path):
    with running(book_dir, tmp_path / "a") as one, running(book_dir, tmp_path / "b") as two, \
            one.client(timeout=30) as a, two.client(timeout=30) as b:
        for n in range(3):
            body, tag = _rule(b, "T02")
            assert _put(a, "T01", f"甲{n}").status_code == 200
            # b's PUT is its first request to see a's write: it reloads under the lock it already holds
            response = b.put("/v1/rules/T02", json={**body, "basis": f"乙{n}"}, headers={**AUTH, "If-Match": tag})
            assert response.status_code == 200, response.text
            assert b.get("/healthz", timeout=2).status_code == 200
            assert a.get("/healthz", timeout=2).status_code == 200
        assert b.get("/v1/rules/T01").json()["basis"] == "甲2"
        assert a.get("/v1/rules/T02").json()["basis"] == "乙2"


def test_full_disk_refuses_the_edit_and_keeps_file_and_log_together(book_dir, tmp_path):
    """The change log cannot grow (RLIMIT_FSIZE: writes past the size fail as on a full disk): the PUT is
    refused with a clear 507, the rule file is unchanged and the old rule is still served."""
    work = tmp_path / "a"
    work.mkdir()
    log = work / "changes.jsonl"
    limit = 64 * 1024
    log.write_text("#" * (limit - 10) + "\n", "utf-8")  # nearly full; rule files stay far below the limit
    before = (book_dir / "balance.yaml").read_bytes()
    with running(book_dir, work, file_size=limit) as server, server.client(timeout=30) as client:
        response = _put(client, "T01", "磁盘已满时")
        assert response.status_code == 507, response.text
        error = response.json()["error"]
        assert error["code"] == "storage_full" and "未保存" in error["message"]
        assert (book_dir / "balance.yaml").read_bytes() == before
        assert client.get("/v1/rules/T01").json()["basis"] != "磁盘已满时"
        assert "Traceback" not in server.log_text()
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()[1:]]
    assert entries == []
