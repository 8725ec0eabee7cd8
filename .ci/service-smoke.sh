#!/usr/bin/env bash
# Smoke test of the real service: start `rulebook serve` on a free loopback port with a temp copy of the rulebook,
# check the sample over HTTP (JSON and a text upload), edit a rule (GET ETag, PUT If-Match), verify, stop.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r rulebook "$work/rulebook"
port="$(python -c 'from engine.service.background import free_port; print(free_port())')"
token="smoke-$(python -c 'import secrets; print(secrets.token_hex(8))')"
export RULEBOOK_EDIT_TOKEN="$token" RULEBOOK_CHANGELOG="$work/changes.jsonl"
rulebook serve --host 127.0.0.1 --port "$port" --rulebook "$work/rulebook" --log-level warning \
  >"$work/server.log" 2>&1 &
server_pid=$!

SMOKE_BASE="http://127.0.0.1:$port" SMOKE_WORK="$work" python - <<'PY'
"""The HTTP half of the smoke test; every failure exits non-zero with a message."""
import json, os, sys, time
from pathlib import Path

import httpx

base, work, token = os.environ["SMOKE_BASE"], Path(os.environ["SMOKE_WORK"]), os.environ["RULEBOOK_EDIT_TOKEN"]
samples = Path("samples")


def fail(message):
    print(f"service smoke FAILED: {message}", file=sys.stderr)
    print((work / "server.log").read_text("utf-8", "replace")[-3000:], file=sys.stderr)
    sys.exit(1)


deadline = time.monotonic() + 90
while True:
    try:
        if httpx.get(f"{base}/healthz", timeout=2).json().get("status") == "ok":
            break
    except (httpx.HTTPError, ValueError):
        pass
    if time.monotonic() > deadline:
        fail("server did not become healthy within 90 s")
    time.sleep(0.25)

client = httpx.Client(base_url=base, timeout=120)
as_json = client.post("/v1/check", content=(samples / "yangquan-czj-2024.json").read_bytes(),
                      headers={"content-type": "application/json"})
if as_json.status_code != 200 or "summary" not in as_json.json():
    fail(f"check (JSON) gave {as_json.status_code}: {as_json.text[:300]}")
upload = client.post("/v1/check", files={"file": ("yangquan-czj-2024.txt",
                                                  (samples / "yangquan-czj-2024.txt").read_bytes())})
if upload.status_code != 200 or upload.json()["summary"]["rules"] != as_json.json()["summary"]["rules"]:
    fail(f"check (upload) gave {upload.status_code}: {upload.text[:300]}")

rules = client.get("/v1/rules").json()["rules"]
target = rules[0]["id"]
got = client.get(f"/v1/rules/{target}")
tag, body = got.headers["etag"], got.json()
body = {k: v for k, v in body.items() if k not in ("canonical", "file", "line", "version") and v is not None}
body["basis"] = "冒烟测试修改"
auth = {"Authorization": f"Bearer {token}"}
put = client.put(f"/v1/rules/{target}", json=body, headers={**auth, "If-Match": tag})
if put.status_code != 200:
    fail(f"PUT {target} gave {put.status_code}: {put.text[:500]}")
if client.get(f"/v1/rules/{target}").json().get("basis") != "冒烟测试修改":
    fail("the edit is not served")
stale = client.put(f"/v1/rules/{target}", json=body, headers={**auth, "If-Match": tag})
if stale.status_code != 412:
    fail(f"a stale If-Match gave {stale.status_code}, not 412")
if "冒烟测试修改" not in (work / "rulebook" / got.json()["file"]).read_text("utf-8"):
    fail("the rule file does not hold the edit")
log = [json.loads(line) for line in (work / "changes.jsonl").read_text("utf-8").splitlines()]
if len(log) != 1 or log[0]["rule"] != target or token in (work / "changes.jsonl").read_text("utf-8"):
    fail(f"change log wrong: {log}")
if token in (work / "server.log").read_text("utf-8", "replace"):
    fail("the token appears in the server log")
print(f"service smoke OK: {base} checked the sample (JSON, upload) and edited {target}")
PY
