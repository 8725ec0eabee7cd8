"""The 校验 page on a service that wants a check token (RULEBOOK_CHECK_TOKEN): without it the page says so in
Chinese; with it typed once, the check and the HTML report (fetched with the token, not a bare form post) work."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.resources import default_rulebook, sample
from tests.service import process
from tests.web.test_browser import _css, _visible, _wait

CHECK_TOKEN = "web-check-token-7d1e"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    work = tmp_path_factory.mktemp("web-token")
    book = work / "rulebook"
    shutil.copytree(Path(default_rulebook()).parent, book, ignore=shutil.ignore_patterns("*.jsonl"))
    env = {"RULEBOOK_DATA": str(work / "data"), "RULEBOOK_CHECK_TOKEN": CHECK_TOKEN}
    with process.running(book, work / "srv", env=env) as srv:
        yield srv


def test_the_check_page_sends_the_check_token_it_is_given(guarded, browser):
    text = sample("yangquan-czj-2024.txt")
    browser.get(guarded.base + "/")
    browser.execute_script("sessionStorage.clear()")
    browser.get(guarded.base + "/")
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
