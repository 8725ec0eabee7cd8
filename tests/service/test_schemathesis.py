"""Property-based API test from the OpenAPI document (schemathesis): no 5xx, every response fits its schema."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from engine.service.app import create_app  # noqa: E402
from engine.service.settings import Settings  # noqa: E402
from tests.service.helpers import AUTH, DATA, TOKEN  # noqa: E402

_TMP = Path(tempfile.mkdtemp(prefix="rulebook-schemathesis-"))
shutil.copytree(DATA, _TMP / "rulebook")
APP = create_app(_TMP / "rulebook", Settings(edit_tokens={TOKEN: "fuzz"}, changelog=_TMP / "changes.jsonl",
                                             max_body=256 * 1024))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms(case):
    checks = schemathesis.checks
    case.call_and_validate(headers=AUTH, checks=[
        checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
        checks.response_schema_conformance, checks.response_headers_conformance])
    assert APP.state.unexpected_errors == 0  # bad input never reaches the catch-all handler
