"""A real `rulebook serve` on loopback serving a copy of the shipped rulebook (edits go to the copy), with its own
review store (SQLite in the test's folder), kept submissions and an admin token; and a headless Chromium."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.resources import default_rulebook
from tests.service import process

ADMIN = "web-admin-token-51c2"


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    """One server per test module; a module's SERVER_ENV (e.g. a check token) is added to its environment."""
    work = tmp_path_factory.mktemp("web")
    book = work / "rulebook"
    shutil.copytree(Path(default_rulebook()).parent, book, ignore=shutil.ignore_patterns("*.jsonl"))
    env = {"RULEBOOK_DATA": str(work / "data"), "RULEBOOK_KEEP_SUBMISSIONS": str(work / "kept"),
           "RULEBOOK_ADMIN_TOKEN": ADMIN, **getattr(request.module, "SERVER_ENV", {})}
    with process.running(book, work / "srv", env=env) as srv:
        srv.book = book
        yield srv


CHROMIUM, DRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("没有安装 chromium 与 chromium-driver（apt-get install chromium chromium-driver；CI 的 .ci/run 会安装）")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--lang=zh-CN", "--proxy-server=direct://", "--proxy-bypass-list=*"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def department_token(client, code: str, name: str) -> str:
    """A review unit `code` and a department principal of it (made by the admin): the principal's token."""
    admin = {"Authorization": f"Bearer {ADMIN}"}
    assert client.post("/v1/review/units", headers=admin, json={"code": code, "name": name}).status_code < 300
    return client.post("/v1/review/principals", headers=admin,
                       json={"name": f"{name}填报", "role": "department", "unit": code}).json()["token"]
