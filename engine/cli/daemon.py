"""`rulebook daemon start|stop|status`: the warm local check process (engine/service/daemon.py)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from engine.cli.rules import RULEBOOK_OPTION
from engine.messages import text

# Texts: engine/messages.py D01–D07 (Chinese and English side by side)
_CODES = {"started": "D01", "running": "D02", "not_running": "D03", "stopped": "D04", "failed": "D05", "slow": "D06",
          "status": "D07"}
_WAIT = 120.0  # seconds a start may take (the first check imports everything and loads the rulebook)


def _msg(key: str, **params) -> str:
    lang = (click.get_current_context().obj or {}).get("lang", "zh")
    return text(_CODES[key], lang, **params)


def _status() -> dict | None:
    from engine.cli.client import ask

    answered = ask({"op": "status"}, timeout=10)
    if answered is None:
        return None
    reply, sock = answered
    sock.close()
    return reply


@click.group("daemon")
def daemon_command():
    """本机校验守护进程：让脚本中的单文件 rulebook check 免去启动与载入规则库的时间。"""


@daemon_command.command("start")
@RULEBOOK_OPTION
@click.option("--idle", type=click.FloatRange(min=1), default=900, show_default=True, help="空闲多少秒后自动退出")
def start(rulebook_path: Path | None, idle: float) -> None:
    """启动守护进程（已在运行则不重复启动）。"""
    import subprocess

    from engine.cli.client import socket_path

    found = _status()
    if found is not None:
        click.echo(_msg("running", pid=found["pid"]))
        return
    command = [sys.executable, "-m", "engine.service.daemon", "--idle", str(idle)]
    if rulebook_path is not None:
        command += ["--rulebook", str(rulebook_path.resolve())]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True, cwd="/")
    deadline = time.monotonic() + _WAIT
    while time.monotonic() < deadline:
        found = _status()
        if found is not None:
            click.echo(_msg("started", pid=found["pid"], path=socket_path(), idle=idle))
            return
        if process.poll() is not None:
            click.echo(_msg("failed", code=process.returncode), err=True)
            sys.exit(2)
        time.sleep(0.1)
    click.echo(_msg("slow", s=_WAIT), err=True)
    sys.exit(2)


@daemon_command.command("stop")
def stop() -> None:
    """停止守护进程。"""
    from engine.cli.client import ask, socket_path

    answered = ask({"op": "stop"}, timeout=10)
    if answered is None:
        click.echo(_msg("not_running", path=socket_path()))
        return
    reply, sock = answered
    sock.close()
    click.echo(_msg("stopped", pid=reply.get("pid")))


@daemon_command.command("status")
def status() -> None:
    """显示守护进程的状态；没有运行时退出码为 1。"""
    from engine.cli.client import socket_path

    found = _status()
    if found is None:
        click.echo(_msg("not_running", path=socket_path()))
        sys.exit(1)
    click.echo(_msg("status", **{**found, "rulebooks": "、".join(found["rulebooks"]) or "-"}))
