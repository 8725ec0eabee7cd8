"""Offline API docs, the placeholder home page, the access log (never content) and a taken port, on a real server."""
import logging
import re
import socket
import urllib.request

from click.testing import CliRunner

from engine.resources import sample
from engine.service.app import create_app
from engine.service.background import serving
from engine.service.docs import STATIC


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("content-type", ""), response.read()


def test_docs_and_redoc_load_only_assets_the_package_ships(book_dir):
    with serving(create_app(book_dir)) as base:
        status, kind, home = _get(base + "/")
        assert status == 200 and kind.startswith("text/html") and "/docs" in home.decode()
        for page in ("/docs", "/redoc"):
            status, _, html = _get(base + page)
            assets = re.findall(r'(?:src|href)="([^"]+)"', html.decode())
            assert status == 200 and any(a.endswith(".js") for a in assets), page
            assert not [a for a in assets if "//" in a], assets  # no CDN, no other host
            for asset in assets:
                status, _, body = _get(base + asset)
                assert status == 200 and body == (STATIC / asset.rsplit("/", 1)[1]).read_bytes()


def test_access_log_has_method_path_status_and_time_but_never_content(book_dir, caplog):
    text = sample("yangquan-czj-2024.txt").read_bytes()
    with caplog.at_level(logging.INFO, logger="rulebook.access"), serving(create_app(book_dir)) as base:
        import httpx

        response = httpx.post(base + "/v1/check", params={"lang": "zh"}, timeout=60,
                              files={"file": ("yangquan.txt", text, "text/plain")})
        assert response.status_code == 200 and "阳泉" in response.text
        try:
            urllib.request.urlopen(base + "/v1/rules/NO_SUCH_RULE", timeout=30)
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
    lines = [r.getMessage() for r in caplog.records if r.name == "rulebook.access"]
    assert any(re.fullmatch(r"POST /v1/check 200 \d+ms", line) for line in lines), lines
    assert any(re.fullmatch(r"GET /v1/rules/NO_SUCH_RULE 404 \d+ms", line) for line in lines), lines
    logged = "\n".join(lines)
    assert "阳泉" not in logged and "lang=" not in logged  # no content, no query string


def test_a_taken_port_is_said_in_chinese(tmp_path):
    from engine.cli.main import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = CliRunner().invoke(cli, ["serve", "--host", "127.0.0.1", "--port", str(port)])
    assert out.exit_code == 2
    assert f"无法在 127.0.0.1:{port} 上启动服务：端口已被占用" in out.output and "Errno" not in out.output


def test_eval_and_explain_accept_an_uploaded_text_or_pdf(client):
    text = sample("yangquan-czj-2024.txt").read_bytes()
    upload = client.post("/v1/eval", data={"expression": "公开05.合计.基本支出", "trace": "true"},
                         files={"file": ("yangquan.txt", text, "text/plain")})
    as_json = client.post("/v1/eval", json={"expression": "公开05.合计.基本支出", "trace": True,
                                            "disclosure": __import__("json").loads(
                                                sample("yangquan-czj-2024.json").read_text("utf-8"))})
    assert upload.status_code == as_json.status_code == 200
    assert upload.json()["value"] == as_json.json()["value"] == "1230.37" and upload.json()["steps"]
    missing = client.post("/v1/eval", files={"file": ("yangquan.txt", text, "text/plain")})
    assert missing.status_code == 422 and "expression" in missing.json()["error"]["message"]
    pdf = sample("shanghai-putuo-czj-2024.pdf") if sample("shanghai-putuo-czj-2024.pdf").exists() else None
    rule = client.get("/v1/rules").json()["rules"][0]["id"]
    explained = client.post(f"/v1/rules/{rule}/explain", files={"file": ("yangquan.txt", text, "text/plain")})
    bare = client.post(f"/v1/rules/{rule}/explain")
    assert explained.status_code == bare.status_code == 200
    assert len(explained.json()["text"]) > len(bare.json()["text"])  # the worked steps on the document
    if pdf is not None:
        on_pdf = client.post(f"/v1/rules/{rule}/explain",
                             files={"file": ("putuo.pdf", pdf.read_bytes(), "application/pdf")})
        assert on_pdf.status_code == 200
