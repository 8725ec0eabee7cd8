"""Long-running fault tests against real server processes, behind the `soak` marker (CI runs them bounded:
SOAK_SECONDS, default 150). `python -m pytest -m soak tests/service/test_soak.py`."""
from __future__ import annotations

import json
import os
import random
import threading
import time
from pathlib import Path

import httpx
import pytest

from engine.resources import sample
from tests.service.helpers import AUTH
from tests.service.pdfmake import DISCLOSURE_LINES, pdf_with_lines
from tests.service.process import health_during, running, start, stop

pytestmark = pytest.mark.soak

BURSTS = int(os.environ.get("SOAK_BURSTS", "20"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "150"))
CLIENTS = 20


def _log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (an exited child nobody has reaped yet)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_kill_9_during_edit_bursts_loses_no_log_entry(book_dir, tmp_path):
    """#10: kill -9 while edits are landing; after each restart every applied edit is in the change log and every
    logged edit is applied (the log's versions form one chain ending at the rule as it is on disk)."""
    from engine.service.yamlfile import versions_in

    work = tmp_path / "w"
    changelog = work / "changes.jsonl"
    rng = random.Random(15)
    seen_ok: set[str] = set()  # versions the server answered 200 for
    killed_mid_edit = 0
    orphans: set[int] = set()  # worker processes of killed servers: they must end with their server
    for burst in range(BURSTS):
        server = start(book_dir, work)
        stop_at = time.monotonic() + rng.uniform(0.3, 2.5)
        in_flight = threading.Event()

        def edits(server=server, stop_at=stop_at, in_flight=in_flight, burst=burst) -> None:
            n = 0
            with httpx.Client(base_url=server.base, timeout=30) as client:
                while time.monotonic() < stop_at + 5:
                    try:
                        got = client.get("/v1/rules/T01")
                        body = {k: v for k, v in got.json().items()
                                if k not in ("canonical", "file", "line", "version") and v is not None}
                        in_flight.set()
                        put = client.put("/v1/rules/T01", json={**body, "basis": f"第{burst}轮第{n}次"},
                                         headers={**AUTH, "If-Match": got.headers["etag"]})
                        in_flight.clear()
                        if put.status_code == 200:
                            seen_ok.add(put.headers["etag"])
                        n += 1
                    except (httpx.HTTPError, ValueError, KeyError):
                        return  # the server is gone

        worker = threading.Thread(target=edits)
        worker.start()
        time.sleep(max(0.0, stop_at - time.monotonic()))
        killed_mid_edit += in_flight.is_set()
        children = server.workers()
        stop(server, kill=True)
        worker.join(timeout=60)
        orphans.update(children)
    server = start(book_dir, work)  # recovery settles the last kill
    try:
        on_disk = versions_in((book_dir / "balance.yaml").read_text("utf-8"))["T01"]
        entries = [e for e in _log(changelog) if e["rule"] == "T01"]
        assert entries, "no edit landed"
        for before, after in zip(entries, entries[1:]):
            assert after["version_before"] == before["version_after"], (before, after)  # no applied edit unlogged
        assert entries[-1]["version_after"] == on_disk  # the last logged edit is applied
        logged = {e["version_after"] for e in entries}
        assert seen_ok <= logged  # every edit the server confirmed is logged
        assert len({e["id"] for e in entries}) == len(entries)
        assert not list(book_dir.glob(".*.tmp")) and not list(book_dir.parent.glob(".rulebook-candidate-*"))
        assert not (changelog.parent / (changelog.name + ".pending")).exists()
        assert httpx.get(f"{server.base}/v1/rules/T01").headers["etag"] == on_disk
        deadline = time.monotonic() + 30
        while any(_running(pid) for pid in orphans) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert orphans and not [pid for pid in orphans if _running(pid)], orphans
    finally:
        stop(server)
    print(f"\n{BURSTS} bursts, {len(entries)} logged edits, {killed_mid_edit} kills during a PUT")


def test_soak_mixed_clients(book_dir, tmp_path, sample_json, sample_text):
    """20 clients mix checks of text, JSON and PDF, evals, lints and edits for SOAK_SECONDS: no 5xx, /healthz
    under 1 s throughout, memory back within 20 % of its level before the load, no file left in the temp folder."""
    pdf = pdf_with_lines(DISCLOSURE_LINES)
    small = json.loads(sample("consistent.json").read_text("utf-8"))
    with running(book_dir, tmp_path / "s") as server:
        deadline = 0.0
        statuses: dict[int, int] = {}
        lock = threading.Lock()

        def count(status: int) -> None:
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

        def client(n: int) -> None:
            rng = random.Random(n)
            with httpx.Client(base_url=server.base, timeout=120) as http:
                while time.monotonic() < deadline:
                    kind = rng.choice(["json", "text", "pdf", "eval", "lint", "edit", "json", "text"])
                    if kind == "json":
                        r = http.post("/v1/check", content=sample_json, headers={"content-type": "application/json"})
                    elif kind == "text":
                        r = http.post("/v1/check", files={"file": ("a.txt", sample_text)})
                    elif kind == "pdf":
                        r = http.post("/v1/check", files={"file": ("a.pdf", pdf)})
                    elif kind == "eval":
                        r = http.post("/v1/eval", json={"expression": "公开01.收入总计 >= 0", "disclosure": small,
                                                        "trace": True})
                    elif kind == "lint":
                        r = http.post("/v1/lint", json={"expression": "公开05.合计.基本支出 + 1"})
                    else:
                        got = http.get("/v1/rules/T02")
                        body = {k: v for k, v in got.json().items()
                                if k not in ("canonical", "file", "line", "version") and v is not None}
                        r = http.put("/v1/rules/T02", json={**body, "basis": f"客户{n}"},
                                     headers={**AUTH, "If-Match": got.headers["etag"]})
                    count(r.status_code)
                    if r.status_code == 429:
                        time.sleep(0.5)

        def load() -> None:
            threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        deadline = time.monotonic() + min(10.0, SECONDS / 5)  # warm-up: caches and the allocator settle first
        load()
        time.sleep(2)
        tmp_before, base_rss = set(server.tmp.iterdir()), server.rss_mb()
        statuses.clear()
        deadline = time.monotonic() + SECONDS
        _, health = health_during(server, load)
        time.sleep(2)
        after_rss = server.rss_mb()
        print(f"\nsoak {SECONDS:.0f} s: {statuses}; /healthz worst {max(health):.3f} s over {len(health)} probes; "
              f"memory {base_rss:.0f} → {after_rss:.0f} MB")
        assert not any(s >= 500 for s in statuses), statuses
        assert statuses.get(200, 0) > CLIENTS, statuses
        assert max(health) < 1.0, max(health)
        assert after_rss <= base_rss * 1.2, (base_rss, after_rss)
        assert set(server.tmp.iterdir()) == tmp_before
        assert "Traceback" not in server.log_text()
