"""Shared constants and helpers of the service tests."""
from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data" / "rulebook"
TOKEN = "test-edit-token-7f3a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def rule_body(client, rule_id: str) -> tuple[dict, str]:
    """The rule as GET returns it, reduced to what PUT accepts, and its ETag."""
    response = client.get(f"/v1/rules/{rule_id}")
    assert response.status_code == 200, response.text
    body = response.json()
    for key in ("canonical", "file", "line", "version"):
        body.pop(key)
    return {k: v for k, v in body.items() if v is not None}, response.headers["etag"]
