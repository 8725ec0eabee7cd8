"""The workbench works offline: every page refers only to this server's own paths, each asset loads, and every asset
a page uses is one the wheel carries (pyproject's package-data)."""
from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "engine" / "service" / "web"


def test_pages_load_only_this_servers_assets(server):
    seen = set()
    with httpx.Client(base_url=server.base, timeout=60) as client:
        for page in ("/", "/review", "/rules", "/rules/N04"):
            response = client.get(page)
            assert response.status_code == 200 and response.headers["content-type"].startswith("text/html"), page
            assert '<html lang="zh-CN">' in response.text
            refs = [r for r in re.findall(r'(?:src|href)="([^"]+)"', response.text) if not r.startswith("#")]
            assert refs, page
            for ref in refs:
                assert ref.startswith("/") and not ref.startswith("//"), (page, ref)  # no CDN, no other host
                seen.add(ref)
        for ref in seen:
            assert client.get(ref).status_code == 200, ref
    shipped = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    patterns = shipped["engine.service.web"]
    for ref in (r for r in seen if r.startswith("/web/static/")):
        name = "static/" + ref.rsplit("/", 1)[1]
        assert any(fnmatch.fnmatch(name, p) for p in patterns), name
    assert "engine.service.web" in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"]


def test_a_page_form_control_has_a_label(server):
    """Accessibility basics: every input, select and textarea on each page is named by a <label for>."""
    with httpx.Client(base_url=server.base, timeout=60) as client:
        for page in ("/", "/review", "/rules", "/rules/N04"):
            html = client.get(page).text
            ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
            labels = set(re.findall(r'<label for="([^"]+)"', html))
            assert ids and set(ids) <= labels, (page, set(ids) - labels)
