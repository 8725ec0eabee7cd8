"""20 clients edit the same rule at once with the same If-Match, against a real uvicorn on loopback."""
from __future__ import annotations

import json
import threading

import httpx
from ruamel.yaml import YAML

from engine.service.app import create_app
from engine.service.background import serving
from engine.service.settings import Settings
from tests.service.helpers import AUTH, TOKEN

CLIENTS = 20


def test_twenty_editors_one_winner(book_dir, changelog):
    app = create_app(book_dir, Settings(edit_tokens={TOKEN: "alice"}, changelog=changelog, workers=8))
    with serving(app) as base:
        first = httpx.get(f"{base}/v1/rules/T01")
        tag, body = first.headers["etag"], first.json()
        for key in ("canonical", "file", "line", "version"):
            body.pop(key)
        body = {k: v for k, v in body.items() if v is not None}
        barrier = threading.Barrier(CLIENTS)
        results: dict[int, httpx.Response] = {}

        def edit(n: int) -> None:
            mine = {**body, "basis": f"编辑者 {n}"}
            barrier.wait()
            results[n] = httpx.put(f"{base}/v1/rules/T01", json=mine, headers={**AUTH, "If-Match": tag},
                                   timeout=120)

        threads = [threading.Thread(target=edit, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        statuses = sorted(r.status_code for r in results.values())
        assert statuses == [200] + [412] * (CLIENTS - 1), statuses
        winner = next(n for n, r in results.items() if r.status_code == 200)
        losers = [r for r in results.values() if r.status_code == 412]
        assert {r.json()["error"]["current_version"] for r in losers} == {results[winner].headers["etag"]}
        served = httpx.get(f"{base}/v1/rules/T01").json()
        assert served["basis"] == f"编辑者 {winner}"
    data = YAML(typ="safe").load((book_dir / "balance.yaml").read_text("utf-8"))
    rules = {r["编号"]: r for r in data["规则"]}
    assert list(rules) == ["T01", "T02", "C01"] and rules["T01"]["依据"] == f"编辑者 {winner}"
    entries = [json.loads(line) for line in changelog.read_text("utf-8").splitlines()]
    assert len(entries) == 1 and entries[0]["after"]["basis"] == f"编辑者 {winner}"
