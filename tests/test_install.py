"""Installed the way users install it: the wheel is built, installed into a fresh virtual environment, and every
command runs from a folder outside the checkout (no PYTHONPATH, no source tree). ~1–2 min, mostly pip: marked
slow (`-m "not slow"` skips it while developing; CI runs it)."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                     ".pytest_cache", ".hypothesis")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(bin folder of the fresh venv, an empty working folder with copies of the samples)."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)  # a clean tree: nothing built in the checkout leaks in
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(source)],
                   check=True, timeout=900)
    (wheel,) = (base / "dist").glob("rulebook-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile",
                    str(wheel)], check=True, timeout=1500)
    work = base / "work"
    work.mkdir()
    for name in ("yangquan-czj-2024.txt", "yangquan-czj-2024.json", "shanghai-putuo-czj-2024.pdf"):
        shutil.copy(ROOT / "samples" / name, work / name)
    return venv / "bin", work


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "RULEBOOK_DEBUG")}
    env["COLUMNS"] = "100"
    return env


def _run(installed, *args, code=0, timeout=300):
    bin_dir, work = installed
    done = subprocess.run([str(bin_dir / "rulebook"), *args], cwd=work, env=_env(), capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == code, (args, done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    return done


def test_the_package_runs_from_the_venv_not_the_checkout(installed):
    bin_dir, work = installed
    where = subprocess.run([str(bin_dir / "python"), "-c", "import engine; print(engine.__file__)"], cwd=work,
                           env=_env(), capture_output=True, text=True, check=True).stdout
    assert str(bin_dir.parent) in where and str(ROOT) not in where
    assert _run(installed, "--version").stdout.strip().endswith("0.1.0")


def test_check_text_json_and_pdf(installed):
    text = json.loads(_run(installed, "check", "yangquan-czj-2024.txt", "--format", "json", code=1).stdout)
    assert {"C01c", "P01"} <= {f["rule"] for f in text["findings"]}  # the sample has errors: exit 1
    table = _run(installed, "check", "yangquan-czj-2024.json", code=1).stdout
    assert "错误（强制性，须更正）（4）" in table
    pdf = json.loads(_run(installed, "check", "shanghai-putuo-czj-2024.pdf", "--format", "json", code=1).stdout)
    assert "N04" in {f["rule"] for f in pdf["findings"]}
    sarif = json.loads(_run(installed, "check", "yangquan-czj-2024.txt", "--format", "sarif", code=1).stdout)
    assert sarif["version"] == "2.1.0"


def test_import_list_explain_eval_and_schema(installed):
    _, work = installed
    _run(installed, "import", "shanghai-putuo-czj-2024.pdf", "-o", "putuo.json")
    assert json.loads((work / "putuo.json").read_text("utf-8"))["tables"]["公开01"]
    listed = json.loads(_run(installed, "list", "--format", "json").stdout)
    assert "T11" in {r["id"] for r in listed} and len(listed) > 150
    explained = _run(installed, "explain", "T11", "yangquan-czj-2024.json").stdout
    assert "T11" in explained and "公开05" in explained
    value = _run(installed, "eval", "公开05.合计.基本支出", "yangquan-czj-2024.json").stdout
    assert value.strip()[0].isdigit(), value
    for kind, key in (("disclosure", "properties"), ("rulebook", "properties")):
        assert key in json.loads(_run(installed, "schema", kind).stdout)


def test_lint_and_test_of_the_default_rulebook_pass(installed):
    linted = _run(installed, "lint")
    assert "无错误" in linted.stdout and "E511" not in linted.stdout  # the examples' documents are in the wheel
    tested = _run(installed, "test")
    assert "失败 0" in tested.stdout and "示例 " in tested.stdout


def test_serve(installed):
    bin_dir, work = installed
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(bin_dir / "rulebook"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=work, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        for page in ("/", "/docs", "/redoc", "/static/docs/swagger-ui-bundle.js", "/static/docs/redoc.standalone.js"):
            with urllib.request.urlopen(base + page, timeout=30) as response:
                assert response.status == 200, page
        boundary = "rulebookwheeltest"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"y.txt\"\r\n"
                "Content-Type: text/plain\r\n\r\n").encode() + (work / "yangquan-czj-2024.txt").read_bytes() + \
            f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(base + "/v1/check", data=body, method="POST",
                                         headers={"content-type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            assert "C01c" in {f["rule"] for f in json.loads(response.read())["findings"]}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            log = server.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            server.kill()
            log = server.communicate()[0]
    assert "POST /v1/check 200" in log  # the access log
