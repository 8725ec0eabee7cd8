"""The workbench on a service that wants a check token (RULEBOOK_CHECK_TOKEN): without it the 校验 page says so in
Chinese; with it typed once, the check and the HTML report (fetched with the token, not a bare form post) work. The
规则 pages show what GET /v1/rules returns, so they want the same token: without it no rule is shown."""
from __future__ import annotations

import httpx

from engine.resources import sample
from tests.web.test_browser import _all, _css, _visible, _wait

CHECK_TOKEN = "web-check-token-7d1e"
SERVER_ENV = {"RULEBOOK_CHECK_TOKEN": CHECK_TOKEN}  # read by the server fixture (tests/web/conftest.py)
BEARER = {"Authorization": f"Bearer {CHECK_TOKEN}"}


def test_the_check_page_sends_the_check_token_it_is_given(server, browser):
    text = sample("yangquan-czj-2024.txt")
    browser.get(server.base + "/")
    browser.execute_script("sessionStorage.clear()")
    browser.delete_all_cookies()
    browser.get(server.base + "/")
    _css(browser, "#file").send_keys(str(text))
    _css(browser, "#check-button").click()
    refused = _wait(browser, _visible("#status .error-box"))
    assert "401" in refused.text and any(ch >= "\u4e00" for ch in refused.text)  # said in Chinese
    _css(browser, "#token").send_keys(CHECK_TOKEN)
    _css(browser, "#check-button").click()
    assert _wait(browser, _visible("details.finding"))
    before = set(browser.window_handles)
    _css(browser, 'button[formaction="/v1/report?format=html"]').click()
    opened = _wait(browser, lambda d: set(d.window_handles) - before)
    browser.switch_to.window(opened.pop())
    try:
        _wait(browser, lambda d: "阳泉市财政局" in d.page_source)
    finally:
        browser.close()
        browser.switch_to.window(sorted(before)[0])


def test_the_rules_pages_want_the_check_token_as_the_rules_api_does(server):
    rule = httpx.get(f"{server.base}/v1/rules/T11", headers=BEARER).json()
    for path in ("/rules", "/rules/T11"):
        refused = httpx.get(server.base + path)
        assert refused.status_code == httpx.get(server.base + "/v1/rules").status_code == 401
        assert "需要校验令牌" in refused.text and rule["expr"] not in refused.text and "T11" not in refused.text
        wrong = httpx.get(server.base + path, cookies={"rulebook-token": "not-the-token"})
        assert wrong.status_code == 401 and "令牌无效" in wrong.text
        shown = httpx.get(server.base + path, headers=BEARER)
        assert shown.status_code == 200 and "T11" in shown.text
    assert httpx.get(f"{server.base}/v1/rules", cookies={"rulebook-token": CHECK_TOKEN}).status_code == 401  # API: header only


def test_the_rules_page_opens_once_the_token_is_typed(server, browser):
    browser.get(server.base + "/")
    browser.execute_script("sessionStorage.clear()")
    browser.delete_all_cookies()
    browser.get(server.base + "/rules")
    assert _css(browser, "h1").text == "需要校验令牌" and not _all(browser, "#rules tbody tr")
    _css(browser, "#token").send_keys(CHECK_TOKEN)
    _css(browser, "#token-button").click()
    rows = _wait(browser, lambda d: _all(d, "#rules tbody tr"))
    assert len(rows) > 100 and any(r.get_attribute("data-id") == "T11" for r in rows)
    _css(browser, 'a[href="/rules/T11"]').click()
    assert _wait(browser, lambda d: "T11" in _css(d, "h1").text)
