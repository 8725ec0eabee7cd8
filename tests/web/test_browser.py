"""The workbench in real headless Chromium (Debian's, through chromium-driver) against a real server on loopback:
upload a PDF and see its findings with a marked page; write an explanation and have it accepted; edit a rule with a
typo (the diagnostic under the typo), fix it, try it on a sample, preview examples and impact, save it and see the
change in the next check; a conflicting save shows both versions. Each test saves its page to docs/screenshots."""
from __future__ import annotations

from pathlib import Path

import httpx

from engine.resources import sample
from tests.service.helpers import TOKEN
from tests.web.conftest import ADMIN

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PDF, TEXT = sample("shanghai-putuo-czj-2024.pdf"), sample("yangquan-czj-2024.txt")
RULE = "N04"  # fires on the Shanghai PDF: its page 21 sentence and page 13 total are outlined
WAIT = 120


def _wait(driver, condition, timeout: float = WAIT):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # the page re-renders a section while we look: a vanished element is "not yet", not a failure
    return WebDriverWait(driver, timeout, poll_frequency=0.2,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition)


def _css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def _all(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _visible(selector: str):
    def ready(driver):
        found = [e for e in _all(driver, selector) if e.is_displayed()]
        return found[0] if found else False
    return ready


def _click(driver, selector: str) -> None:
    """Clicks the element once a re-render has settled (a click on a replaced element is tried again)."""
    def clicked(d):
        element = _visible(selector)(d)
        if element:
            element.click()
        return bool(element)
    _wait(driver, clicked)


def _ink(driver, element) -> float:
    """The share of dark pixels in the element as the browser draws it (a page image: a few %; blank: 0)."""
    from io import BytesIO

    from PIL import Image

    driver.execute_script("arguments[0].scrollIntoView()", element)
    shot = Image.open(BytesIO(element.screenshot_as_png)).convert("L")
    return sum(1 for v in shot.tobytes() if v < 128) / (shot.width * shot.height)


def _shot(driver, name: str) -> None:
    """The whole page (the window is grown to the page's height for the picture, then put back)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 2400)")
    driver.set_window_size(1280, max(900, height))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    driver.set_window_size(1280, 900)


def _check_pdf(driver, server):
    driver.get(server.base + "/")
    _css(driver, "#file").send_keys(str(PDF))
    _css(driver, "#check-button").click()
    return _wait(driver, _visible("details.finding"))


def test_upload_a_pdf_and_see_its_findings_with_a_marked_page(server, browser):
    first = _check_pdf(browser, server)
    assert _css(browser, "#import-h").text == "导入情况"
    groups = [e.get_attribute("id") for e in _all(browser, "section.group h2")]
    assert groups[0] == "g-error" and "g-warning" in groups  # grouped by severity, errors first
    n04 = _css(browser, f'details.finding[data-rule="{RULE}"]')
    assert n04.get_attribute("open") is not None and n04 == first
    figure = _wait(browser, lambda d: n04.find_elements("css selector", "figure.page"))[0]
    image = figure.find_element("css selector", "svg")
    assert _ink(browser, image) > 0.005  # the page is drawn
    boxes = figure.find_elements("css selector", ".box")
    assert boxes, "no cell is outlined on the page"
    inside = browser.execute_script("""
        const img = arguments[0].getBoundingClientRect();
        return [...arguments[1]].every(b => { const r = b.getBoundingClientRect();
          return r.width > 2 && r.height > 2 && r.left >= img.left - 4 && r.right <= img.right + 4
                 && r.top >= img.top - 4 && r.bottom <= img.bottom + 4; });""", image, boxes)
    assert inside  # the outlines sit on the page image
    explain = n04.find_element("css selector", ".explain-text").text
    assert RULE in explain and "2961.68" in explain.replace(",", "")  # explain's worked arithmetic beside the page
    # a page shown by several findings is embedded once: a later finding's figure refers to it, and shows it too
    later = next(d for d in _all(browser, "details.finding") if d.find_elements("css selector", "figure.page svg use"))
    later.find_element("css selector", "summary").click()
    assert _ink(browser, _wait(browser, lambda d: later.find_element("css selector", "figure.page svg"))) > 0.005
    _shot(browser, "check")


def _api(server, method, path, token, **kw):
    with httpx.Client(base_url=server.base, timeout=120) as client:
        response = client.request(method, path, headers={"Authorization": f"Bearer {token}"}, **kw)
    assert response.status_code < 300, response.text
    return response.json()


def _use_token(driver, token: str) -> None:
    field = _css(driver, "#token")
    field.clear()
    field.send_keys(token)
    _css(driver, "#token-form button").click()


def test_write_an_explanation_and_have_it_accepted(server, browser):
    _api(server, "POST", "/v1/review/units", ADMIN, json={"code": "yq-czj", "name": "阳泉市财政局"})
    department = _api(server, "POST", "/v1/review/principals", ADMIN,
                      json={"name": "阳泉填报", "role": "department", "unit": "yq-czj"})["token"]
    validator = _api(server, "POST", "/v1/review/principals", ADMIN, json={"name": "审核员甲", "role": "validator"})["token"]
    browser.get(server.base + "/review")
    _use_token(browser, department)
    _wait(browser, _visible("#submit-form"))
    _css(browser, "#unit").send_keys("yq-czj")
    _css(browser, "#sub-file").send_keys(str(TEXT))
    _css(browser, "#submit-form button").click()
    from selenium.webdriver.common.by import By

    # the warning this explanation is about (N08: 201 一般公共服务支出 above its budget), opened by its title
    title = ("//details[contains(@class, 'finding')][.//form[contains(@class, 'explain-form')]]"
             "[contains(., '201 一般公共服务支出')]/summary")
    _wait(browser, lambda d: d.find_element(By.XPATH, title)).click()
    form = _wait(browser, _visible("form.explain-form"))
    fingerprint = form.get_attribute("data-fp")
    form.find_element("css selector", "textarea").send_keys(
        "一般公共服务支出决算数大于年初预算，主要原因是年中追加了财政业务工作经费 93.69 万元。")
    form.find_element("css selector", "button").click()
    item = f'details.finding[data-fp="{fingerprint}"]'
    _wait(browser, lambda d: "待审核" in _css(d, f"{item} .state").text)
    _use_token(browser, validator)
    _click(browser, "#sub-list a[data-open]")
    decide = _wait(browser, _visible(f"{item} form.decide-form"))
    decide.find_element("css selector", "textarea").send_keys("原因具体，金额与自评表一致，同意。")
    decide.find_element("css selector", 'button[value="accepted"]').click()
    _wait(browser, lambda d: _css(d, f"{item} .state").text == "已说明")
    _wait(browser, lambda d: "通过说明" in _css(d, "#hist-body").text)
    history = _css(browser, "#hist-body").text
    assert "阳泉填报" in history and "审核员甲" in history and "说明" in history
    _click(browser, f"{item} > summary")  # the accepted explanation, open in the picture
    assert "已通过" in _wait(browser, _visible(f"{item} .meta")).text
    _shot(browser, "review")


def _type_expression(driver, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    area = _css(driver, "#f-expr")
    area.click()
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.DELETE)
    area.send_keys(text)


def test_edit_a_rule_from_typo_to_saved_and_checked(server, browser):
    browser.get(server.base + "/rules")
    search = _css(browser, "#q")
    search.send_keys(RULE)
    shown = [r for r in _all(browser, "#rules tbody tr") if r.is_displayed()]
    assert shown and all(RULE in r.text for r in shown) and len(shown) < 20
    _shot(browser, "rules")
    browser.get(f"{server.base}/rules/{RULE}")
    original = " ".join(_css(browser, "#f-expr").get_attribute("value").split())
    typo = original.replace("== 财拨收入总计", "== 财拨收入总汁")
    assert typo != original
    _type_expression(browser, typo)
    diag = _wait(browser, _visible('.diag[data-code="E201"]'))
    assert "财拨收入总汁" in diag.text
    mark = _wait(browser, _visible("#f-expr-hl mark.err"))
    assert mark.text == "财拨收入总汁"
    caret = diag.find_element("css selector", ".caret-line").text
    line = diag.find_element("css selector", "pre.caret").text.split("\n")[0]
    start = line.index("财拨收入总汁")
    width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in line[:start])
    assert caret.index("^") == width and caret.count("^") == 12  # the carets under the typo (6 wide characters)
    area = _css(browser, "#f-expr").rect
    assert area["x"] <= mark.rect["x"] <= area["x"] + area["width"] and area["y"] <= mark.rect["y"] <= area["y"] + area["height"]
    _shot(browser, "rule-typo")
    _type_expression(browser, original)
    _wait(browser, _visible(".diagnostics .ok-box"))
    assert not _all(browser, "#f-expr-hl mark.err")
    from selenium.webdriver.support.ui import Select

    Select(_css(browser, "#sample")).select_by_visible_text(PDF.name)
    _css(browser, "#try").click()
    value = _wait(browser, _visible("#trial-value"), 180)
    assert value.text == "false"  # the sample's narrative total differs from 公开04
    assert len(_all(browser, "#trial-body table tbody tr")) >= 3  # the trace
    # a loosened rule: the preview shows the sample losing its finding, and the examples refuse it
    _type_expression(browser, original.replace("== 财拨支出总计", ">= 0"))
    _wait(browser, _visible(".diagnostics .ok-box"))
    _css(browser, "#preview").click()
    _wait(browser, lambda d: "不能保存" in _css(d, "#examples-verdict").text, 240)
    changed = _wait(browser, _visible("#impact-body tr.changed"), 240)
    assert PDF.name in changed.text and "财政拨款" in changed.text  # the finding the PDF would lose, by its message
    assert _css(browser, "#impact-summary").text.startswith("1 份文件")
    _type_expression(browser, original)
    _wait(browser, _visible(".diagnostics .ok-box"))
    name = _css(browser, "#f-name")
    name.clear()
    name.send_keys("财政拨款收支总计说明（修订）")
    browser.execute_script("document.getElementById('examples-verdict').textContent = ''")
    _css(browser, "#preview").click()
    _wait(browser, lambda d: "示例全部通过" in _css(d, "#examples-verdict").text, 240)
    summary = _wait(browser, _visible("#impact-summary"), 240)
    rows = _all(browser, "#impact-body tbody tr")
    assert any(PDF.name in r.text for r in rows) and "份文件" in summary.text
    token = _css(browser, "#token")
    token.clear()  # the review test's token is still in this tab's session
    token.send_keys(TOKEN)
    _css(browser, "#save").click()
    _wait(browser, lambda d: "已保存" in _css(d, "#status").text, 180)
    _wait(browser, lambda d: "财政拨款收支总计说明（修订）" in _css(d, "#changes").text
          or _all(d, "#changes details"))
    log = _css(browser, "#changes details")
    log.click()
    assert "+" in log.text and "修订" in log.text
    _shot(browser, "rule-editor")
    _check_pdf(browser, server)
    n04 = _css(browser, f'details.finding[data-rule="{RULE}"] summary')
    assert "财政拨款收支总计说明（修订）" in n04.text  # the saved change shows in the next check


def test_a_conflicting_save_shows_both_versions(server, browser):
    browser.get(f"{server.base}/rules/{RULE}")
    _wait(browser, _visible("#f-expr"))
    rule = httpx.get(f"{server.base}/v1/rules/{RULE}", timeout=30)
    body = {k: v for k, v in rule.json().items() if k not in ("canonical", "file", "line", "version") and v is not None}
    body["message"] = "（他人修改）" + body["message"]
    other = httpx.put(f"{server.base}/v1/rules/{RULE}", json=body, timeout=120,
                      headers={"Authorization": f"Bearer {TOKEN}", "If-Match": rule.headers["etag"]})
    assert other.status_code == 200, other.text
    name = _css(browser, "#f-name")
    name.clear()
    name.send_keys("我的版本名称")
    token = _css(browser, "#token")
    token.clear()
    token.send_keys(TOKEN)
    _css(browser, "#save").click()
    _wait(browser, _visible("#conflict"), 120)
    assert "（他人修改）" in _css(browser, "#theirs").text
    assert "（他人修改）" in _css(browser, "#theirs mark").text + "".join(m.text for m in _all(browser, "#theirs mark"))
    assert "我的版本名称" in _css(browser, "#mine").text and "（他人修改）" not in _css(browser, "#mine").text
    _shot(browser, "conflict")


def test_the_editor_completes_columns_and_functions_from_the_keyboard(server, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{server.base}/rules/{RULE}")
    _wait(browser, lambda d: d.execute_script("return document.getElementById('f-expr-hl').innerHTML.length > 0"))
    _type_expression(browser, "公开05.基")
    options = _wait(browser, _visible("#completions li"))
    assert "基本支出" in options.text  # a column of 公开05 from the catalogue
    _css(browser, "#f-expr").send_keys(Keys.ENTER)
    assert _css(browser, "#f-expr").get_attribute("value") == "公开05.基本支出"
    _css(browser, "#f-expr").send_keys(" <= 绝对")
    _wait(browser, lambda d: "绝对值" in _css(d, "#completions").text)  # a function of the registry
    _css(browser, "#f-expr").send_keys(Keys.TAB)
    assert _css(browser, "#f-expr").get_attribute("value") == "公开05.基本支出 <= 绝对值("
    assert _css(browser, "#completions").get_attribute("hidden") is not None
