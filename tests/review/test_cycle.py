"""The whole review cycle over HTTP against a real `rulebook serve` process and a real database (SQLite, and a
PostgreSQL server this test run starts): submit → check → explain (boilerplate refused, a good one accepted) →
re-submit a corrected document → only what still fires remains, accepted ones 已说明 → next year 沿用上年说明."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from engine.resources import sample
from tests.review.servers import postgres, rulebook_server

ADMIN = "admin-secret-for-tests"
TEXT = sample("yangquan-czj-2024.txt").read_bytes()
CORRECTED = TEXT.decode("utf-8").replace("增长2.6%", "增长2.60%").encode("utf-8")  # the Y07 warning corrected


@pytest.fixture(params=["sqlite", "postgres"])
def server(request, tmp_path: Path):
    def run(url: str):
        env = {"RULEBOOK_DATABASE_URL": url, "RULEBOOK_ADMIN_TOKEN": ADMIN, "RULEBOOK_EDIT_TOKEN": "editor-token"}
        return rulebook_server(env, tmp_path)

    if request.param == "sqlite":
        with run(f"sqlite:///{tmp_path / 'review.db'}") as (base, log):
            yield base, log
    else:
        with postgres() as url, run(url) as (base, log):
            yield base, log


def _client(base: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base + "/v1/review", headers={"Authorization": f"Bearer {token}"}, timeout=60)


def _submit(client: httpx.Client, unit: str, body: bytes, year: int | None = None) -> httpx.Response:
    params = {"unit": unit, **({"year": year} if year else {})}
    return client.post("/submissions", params=params, files={"file": ("yangquan.txt", body, "text/plain")})


def _finding(view: dict, rule: str, element_start: str = "") -> dict:
    return next(f for f in view["findings"] if f["rule"] == rule and (f.get("element") or "").startswith(element_start))


def test_review_cycle(server):
    base, log = server
    admin = _client(base, ADMIN)
    assert admin.post("/units", json={"code": "YQ", "name": "阳泉市财政局"}).status_code == 200
    assert admin.post("/units", json={"code": "XX", "name": "另一单位"}).status_code == 200
    tokens = {name: admin.post("/principals", json={"name": name, "role": role, "unit": unit}).json()["token"]
              for name, role, unit in [("yq", "department", "YQ"), ("xx", "department", "XX"),
                                       ("checker", "validator", None)]}
    dept, other, validator = (_client(base, tokens[n]) for n in ("yq", "xx", "checker"))

    # submit → check
    first = _submit(dept, "YQ", TEXT)
    assert first.status_code == 200, first.text
    view = first.json()
    sid = view["submission"]["id"]
    assert view["submission"]["year"] == 2024 and view["counts"]["must_correct"] == 4
    n08 = _finding(view, "N08", "201")
    y07 = _finding(view, "Y07")
    assert n08["state"] == "to_explain" and len(n08["fingerprint"]) >= 16

    # explain: boilerplate refused at once, an error cannot be explained away, a good explanation taken
    refused = dept.post(f"/submissions/{sid}/explanations",
                        json={"fingerprint": n08["fingerprint"], "category": "其他", "text": "已核实修正数据"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "boilerplate"
    error = next(f for f in view["findings"] if f["severity"] == "error" and f["status"] == "fail")
    assert dept.post(f"/submissions/{sid}/explanations", json={
        "fingerprint": error["fingerprint"], "category": "其他", "text": "因核算口径调整所致，已在附注中说明。"}
    ).json()["error"]["code"] == "must_correct"
    good = "年中追加一般公共服务支出预算（人员经费调整），决算数小于年初预算的原因是项目结转。"
    taken = dept.post(f"/submissions/{sid}/explanations",
                      json={"fingerprint": n08["fingerprint"], "category": "政策调整", "text": good})
    assert taken.status_code == 200, taken.text
    pasted = dept.post(f"/submissions/{sid}/explanations",
                       json={"fingerprint": _finding(view, "N08", "208")["fingerprint"], "category": "政策调整",
                             "text": good})
    assert pasted.json()["error"]["code"] == "pasted"
    y07_expl = dept.post(f"/submissions/{sid}/explanations", json={
        "fingerprint": y07["fingerprint"], "category": "其他", "text": "增长率2.6%少印一位小数，应为2.60%。"})
    assert y07_expl.status_code == 200

    # validator: a department cannot decide; the validator accepts
    assert dept.post(f"/explanations/{taken.json()['id']}/decision",
                     json={"decision": "accepted", "comment": ""}).status_code == 403
    assert validator.post(f"/explanations/{taken.json()['id']}/decision",
                          json={"decision": "accepted", "comment": "原因清楚"}).status_code == 200
    assert _finding(validator.get(f"/submissions/{sid}").json(), "N08", "201")["state"] == "accepted"

    # re-submit a corrected document: Y07 gone (its explanation closed), N08 still 已说明, errors still block approval
    second = _submit(dept, "YQ", CORRECTED).json()
    sid2 = second["submission"]["id"]
    assert sid2 != sid and not any(f["rule"] == "Y07" for f in second["findings"])
    assert _finding(second, "N08", "201")["state"] == "accepted"
    assert _finding(second, "N08", "201")["state_text"] == "已说明"
    assert [e["fingerprint"] for e in second["closed_explanations"]] == [y07["fingerprint"]]
    assert second["counts"]["to_explain"] == view["counts"]["to_explain"] - 2
    assert validator.post(f"/submissions/{sid2}/approve", json={}).json()["error"]["code"] == "open_errors"
    assert dept.get(f"/submissions/{sid}").json()["latest"] is False

    # next year: the same deviation offers last year's accepted explanation; never applied silently
    nxt = _submit(dept, "YQ", CORRECTED, year=2025).json()
    sid3 = nxt["submission"]["id"]
    carried = _finding(nxt, "N08", "201")
    assert carried["state"] == "to_explain" and carried["offer"]["kind"] == "沿用上年说明"
    assert carried["offer"]["text"] == good
    confirm = dept.post(f"/submissions/{sid3}/explanations",
                        json={"fingerprint": carried["fingerprint"], "carry_from": carried["offer"]["explanation_id"]})
    assert confirm.status_code == 200 and confirm.json()["state"] == "pending"
    assert validator.post(f"/explanations/{confirm.json()['id']}/decision",
                          json={"decision": "accepted", "comment": "沿用"}).status_code == 200
    assert _finding(validator.get(f"/submissions/{sid3}").json(), "N08", "201")["state"] == "accepted"

    # who did what when
    events = validator.get(f"/submissions/{sid2}/history").json()
    assert [e["event"] for e in events].count("提交") == 2
    assert {"yq", "checker"} <= {e["by"] for e in events}

    # another unit's department sees nothing of YQ's, on every endpoint
    assert other.get("/submissions").json() == []
    for method, path, body in [("get", f"/submissions/{sid}", None), ("get", f"/submissions/{sid}/history", None),
                               ("post", f"/submissions/{sid}/explanations",
                                {"fingerprint": y07["fingerprint"], "category": "其他", "text": good + "。"}),
                               ("post", f"/submissions/{sid}/approve", {})]:
        response = getattr(other, method)(path, **({"json": body} if body is not None else {}))
        assert response.status_code in (403, 404), (path, response.status_code)
    assert _submit(other, "YQ", TEXT).status_code == 403
    assert other.post(f"/explanations/{taken.json()['id']}/decision",
                      json={"decision": "rejected", "comment": "x"}).status_code == 403
    assert other.post("/units", json={"code": "ZZ", "name": "z"}).status_code == 403
    assert httpx.get(base + "/v1/review/submissions").status_code == 401

    # nothing of the submissions' contents reached the log
    assert "阳泉" not in log.read_text("utf-8", "replace")
