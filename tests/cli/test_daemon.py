"""The check daemon, started for real: a one-file check through it gives the in-process output, stderr and exit
code byte for byte; its socket is private; it reloads a changed rulebook; the client imports almost nothing; it
ends when idle."""
import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.resources import sample

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from engine.cli.main import main; main()"]
TEXT, JSON = str(sample("yangquan-czj-2024.txt")), str(sample("defect-sum.json"))


def _run(args, env, cwd=ROOT):
    return subprocess.run(CLI + list(args), env=env, cwd=cwd, capture_output=True, timeout=300)


def _status(env):
    done = _run(["daemon", "status"], env)
    return done.returncode, done.stdout.decode()


def _served(env) -> int:
    probe = subprocess.run([sys.executable, "-c", "import json; from engine.cli.client import ask; "
                            "r = ask({'op': 'status'}); print(json.dumps(r[0] if r else None))"],
                           env=env, capture_output=True, text=True, check=True)
    return json.loads(probe.stdout)["served"]


@pytest.fixture(scope="module")
def daemon(tmp_path_factory):
    folder = tmp_path_factory.mktemp("daemon") / "run"
    env = {**os.environ, "RULEBOOK_DAEMON_DIR": str(folder)}
    env.pop("RULEBOOK_DEBUG", None)
    env.pop("RULEBOOK_NO_DAEMON", None)
    started = _run(["daemon", "start", "--idle", "300"], env)
    assert started.returncode == 0, started.stderr.decode()
    assert "已启动" in started.stdout.decode()
    yield env
    _run(["daemon", "stop"], env)


def _strip(data: bytes) -> bytes:  # the check's time is the one thing that may differ
    return re.sub(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?", b"<time>", data)


@pytest.mark.parametrize("args", [
    [TEXT], [TEXT, "--format", "json"], [TEXT, "--format", "junit"], [TEXT, "--format", "jsonl"],
    [TEXT, "--format", "sarif"], [TEXT, "--format", "html"], [TEXT, "--format", "xlsx"],  # xlsx: needs -o, exit 2
    ["--lang", "en", "check", JSON],
    [JSON, "--format", "json", "--select", "T1*"], [JSON, "--select", "T999"],  # a usage error: stderr, exit 2
])
def test_same_bytes_and_exit_code_through_the_daemon(daemon, args):
    argv = args if args[0] == "--lang" else ["check", *args]
    before = _served(daemon)
    through = _run(argv, daemon)
    assert _served(daemon) == before + 1  # the daemon did run it
    local = _run(argv, {**daemon, "RULEBOOK_NO_DAEMON": "1"})
    assert through.returncode == local.returncode
    assert _strip(through.stdout) == _strip(local.stdout)
    assert through.stderr == local.stderr
    assert through.stdout or through.stderr


def test_output_file_relative_to_the_callers_folder(daemon, tmp_path):
    through = _run(["check", TEXT, "--format", "json", "-o", "out.json"], daemon, cwd=tmp_path)
    assert through.returncode in (0, 1), through.stderr.decode()
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["summary"]["rules"] > 100


def test_socket_is_private(daemon):
    folder = Path(daemon["RULEBOOK_DAEMON_DIR"])
    sockets = list(folder.glob("*.sock"))
    assert len(sockets) == 1
    assert stat.S_IMODE(sockets[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    code, text = _status(daemon)
    assert code == 0 and "运行中" in text


def test_the_client_path_imports_almost_nothing(daemon):
    code = ("import sys; from engine.cli.main import main\n"
            "from engine.cli.client import forward\n"
            f"rc = forward(['check', {TEXT!r}, '--format', 'json'])\n"
            "heavy = sorted(m for m in ('click', 'pydantic', 'engine.model', 'engine.rules', 're2', 'yaml')"
            " if m in sys.modules)\n"
            "print(rc, heavy, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], env=daemon, capture_output=True, text=True, cwd=ROOT)
    assert done.stderr.strip().splitlines()[-1] == "1 []"  # the sample has findings: exit code 1, nothing heavy
    assert json.loads(done.stdout)["summary"]["rules"] > 100


def test_a_changed_rulebook_is_loaded_again(daemon, tmp_path):
    book = tmp_path / "book.yaml"
    rule = ("rulebook: {{id: t, 版本: '1'}}\n规则:\n  - 编号: X01\n    名称: 收入总计\n    级别: {level}\n"
            "    类别: 表内平衡\n    规则: 公开01.收入总计 == 公开01.支出总计 + {n}\n")
    book.write_text(rule.format(level="error", n=1), "utf-8")
    first = _run(["check", JSON, "--rulebook", str(book), "--format", "json"], daemon)
    book.write_text(rule.format(level="warning", n=2), "utf-8")
    second = _run(["check", JSON, "--rulebook", str(book), "--format", "json"], daemon)
    local = _run(["check", JSON, "--rulebook", str(book), "--format", "json"],
                 {**daemon, "RULEBOOK_NO_DAEMON": "1"})
    assert _strip(second.stdout) == _strip(local.stdout) != _strip(first.stdout)
    assert [f["severity"] for f in json.loads(second.stdout)["findings"] if f["rule"] == "X01"] == ["warning"]


def test_it_ends_when_idle(tmp_path):
    env = {**os.environ, "RULEBOOK_DAEMON_DIR": str(tmp_path / "idle")}
    env.pop("RULEBOOK_NO_DAEMON", None)
    assert _run(["daemon", "start", "--idle", "1"], env).returncode == 0
    deadline = time.monotonic() + 60  # watched from outside: a status request would count as activity
    while list((tmp_path / "idle").glob("*.sock")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not list((tmp_path / "idle").glob("*.sock"))
    assert _status(env)[0] == 1


def test_a_broken_rulebook_is_the_same_error_through_the_daemon(daemon, tmp_path):
    book = tmp_path / "broken.yaml"
    book.write_text("rulebook: {id: t, 版本: '1'}\n规则:\n  - 编号: X01\n    名称: 坏\n    级别: error\n"
                    "    类别: 表内平衡\n    规则: 公开01.收入总计 ==\n", "utf-8")
    before = _served(daemon)
    through = _run(["check", JSON, "--rulebook", str(book)], daemon)
    assert _served(daemon) == before + 1
    local = _run(["check", JSON, "--rulebook", str(book)], {**daemon, "RULEBOOK_NO_DAEMON": "1"})
    assert through.returncode == local.returncode == 2
    assert through.stdout == local.stdout and through.stderr == local.stderr and "规则库有 1 处错误".encode() in through.stderr


def test_malformed_requests_do_not_end_the_daemon(daemon):
    import socket as sock_mod

    from engine.cli.client import send

    path = subprocess.run([sys.executable, "-c", "from engine.cli.client import socket_path; print(socket_path())"],
                          env=daemon, capture_output=True, text=True, check=True).stdout.strip()
    for payload in (b"[1, 2]", b'{"op": "run", "version": "x"}', json.dumps({"op": "run"}).encode(), b"\xff"):
        with sock_mod.socket(sock_mod.AF_UNIX, sock_mod.SOCK_STREAM) as conn:
            conn.connect(path)
            send(conn, payload)
            conn.settimeout(10)
            try:
                conn.recv(1)
            except OSError:
                pass
    assert _status(daemon)[0] == 0  # still answering


def test_a_symlinked_socket_folder_is_refused(tmp_path):
    from engine.cli.client import safe_folder

    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    assert safe_folder(str(real)) and not safe_folder(str(link))


def test_a_second_check_while_one_runs_is_declined_at_once_and_runs_in_its_own_process(daemon):
    """One check at a time in the daemon; a script running checks in parallel is not queued behind it."""
    import socket as sock_mod

    from engine.cli.client import receive, send, version

    path = subprocess.run([sys.executable, "-c", "from engine.cli.client import socket_path; print(socket_path())"],
                          env=daemon, capture_output=True, text=True, check=True).stdout.strip()
    pdf = str(sample("shanghai-putuo-czj-2024.pdf"))

    def request(file):
        conn = sock_mod.socket(sock_mod.AF_UNIX, sock_mod.SOCK_STREAM)
        conn.connect(path)
        send(conn, json.dumps({"op": "run", "argv": ["check", file, "--format", "json"], "cwd": str(ROOT),
                               "env": dict(daemon), "version": version()}).encode())
        return conn

    first = request(pdf)
    try:
        time.sleep(0.2)
        second = request(TEXT)
        second.settimeout(5)
        assert json.loads(receive(second))["op"] == "declined"  # at once, not after the first check
        second.close()
        first.settimeout(300)
        assert json.loads(receive(first))["op"] == "ran"
    finally:
        first.close()
