"""The catch-all handler: an unexpected error is JSON without its contents; bad input never reaches it."""
from __future__ import annotations

from fastapi.testclient import TestClient

from engine.service.settings import Settings, SettingsError, read_token_file


def test_unexpected_error_is_json_without_contents(client):
    app = client.app

    @app.get("/boom")
    def boom():
        raise ValueError("secret submission text 机密")

    quiet = TestClient(app, raise_server_exceptions=False)
    response = quiet.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "机密" not in response.text and "secret" not in response.text
    assert app.state.unexpected_errors == 1


def test_bad_inputs_never_reach_the_catch_all(client):
    bad = [
        ("post", "/v1/check", {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}),
        ("post", "/v1/check", {"content": b"[1, 2]", "headers": {"content-type": "application/json"}}),
        ("post", "/v1/check", {"content": b"--x\r\n", "headers": {"content-type": "multipart/form-data; boundary=x"}}),
        ("post", "/v1/check", {"files": {"file": ("a.txt", b"")}}),
        ("post", "/v1/check", {"files": {"file": ("a.json", b"{")}}),
        ("post", "/v1/eval", {"json": {"expression": "", "disclosure": {}}}),
        ("post", "/v1/eval", {"json": {"expression": "(((", "disclosure": {}}}),
        ("post", "/v1/lint", {"content": b"not json", "headers": {"content-type": "application/json"}}),
        ("get", "/v1/rules/%E2%80%AE", {}),
        ("get", "/v1/rules", {"params": {"severity": "\x00"}}),
        ("post", "/v1/rules/T01/explain", {"json": {"tables": 5}}),
        ("put", "/v1/rules/T01", {"json": [], "headers": {"Authorization": "Bearer x"}}),
    ]
    for method, url, kwargs in bad:
        response = getattr(client, method)(url, **kwargs)
        assert 400 <= response.status_code < 500, (url, kwargs, response.status_code, response.text)
        error = response.json().get("error")
        assert error is None or error["message"], (url, response.text)
    lint = client.post("/v1/lint", json={"expression": "每个 x 属于"})
    assert lint.status_code == 200 and lint.json()["ok"] is False  # lint reports, it does not refuse
    assert client.app.state.unexpected_errors == 0


def test_settings_from_environment(tmp_path):
    tokens = tmp_path / "tokens"
    tokens.write_text("# editors\nalice:tok-a\n\ntok-b\n", "utf-8")
    settings = Settings.from_env({"RULEBOOK_EDIT_TOKEN_FILE": str(tokens), "RULEBOOK_MAX_BODY": "2048",
                                  "RULEBOOK_TIMEOUT": "1.5", "RULEBOOK_KEEP_SUBMISSIONS": "off"})
    assert settings.edit_tokens == {"tok-a": "alice", "tok-b": "editor"}
    assert (settings.max_body, settings.timeout, settings.keep_submissions) == (2048, 1.5, None)
    assert "tok-a" not in repr(settings)
    for bad in ({"RULEBOOK_MAX_BODY": "lots"}, {"RULEBOOK_TIMEOUT": "-1"}):
        try:
            Settings.from_env(bad)
            raise AssertionError(bad)
        except SettingsError as exc:
            assert next(iter(bad)) in str(exc)
    try:
        read_token_file(tmp_path / "missing")
        raise AssertionError("no error")
    except SettingsError as exc:
        assert "令牌文件" in str(exc)


def test_submissions_kept_only_when_configured(make_client, tmp_path, sample_json):
    import json

    kept = tmp_path / "kept"
    client = make_client(keep_submissions=kept)
    doc = json.loads(sample_json)
    doc["metadata"]["internal_only"] = True
    assert client.post("/v1/check", json=doc).status_code == 200
    assert not kept.exists()  # 仅供内部审核: never stored
    doc["metadata"]["internal_only"] = False
    assert client.post("/v1/check", json=doc).status_code == 200
    stored = list(kept.iterdir())
    assert len(stored) == 1 and json.loads(stored[0].read_text("utf-8"))["metadata"]["internal_only"] is False
    assert make_client().post("/v1/check", json=doc).status_code == 200
    assert len(list(kept.iterdir())) == 1  # not configured: nothing kept


def test_names_in_doubt_of_no_table_is_refused(client, sample_json):
    """A reading with names in doubt (uncertain ["names"]) for an item that is no table: 422 with the Chinese
    reason, never the catch-all (the reviewer's bad1/bad2 were a KeyError in the check)."""
    import json

    doc = json.loads(sample_json)
    doc["reading"].append({"item": "概况", "kind": "part", "status": "partly_read", "reason": "x",
                           "uncertain": ["names"], "rows": ["201"]})
    response = client.post("/v1/check", json=doc)
    assert response.status_code == 422, response.text
    assert "不是本文件的一张表" in response.text
    assert client.app.state.unexpected_errors == 0
