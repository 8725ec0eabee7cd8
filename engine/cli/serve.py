"""`rulebook serve`: the validation service on uvicorn (settings from RULEBOOK_* environment variables)."""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（默认只听本机）")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="端口")
@click.option("--rulebook", "rulebook_path", type=click.Path(path_type=Path),
              help="规则库文件或目录（默认：随附的默认规则库）；经 HTTP 的修改写回这里")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve_command(host: str, port: int, rulebook_path: Path | None, log_level: str) -> None:
    """启动校验服务（HTTP）。编辑令牌：RULEBOOK_EDIT_TOKEN 或 RULEBOOK_EDIT_TOKEN_FILE；详见 /docs。"""
    try:
        import uvicorn

        from engine.service.app import create_app
    except ImportError as exc:
        click.echo(f"缺少服务依赖（{exc.name}）：请重新安装 pip install rulebook", err=True)
        sys.exit(2)
    taken = _port_taken(host, port)
    if taken:
        click.echo(f"无法在 {host}:{port} 上启动服务：{taken}。请用 --port 换一个端口，或先停止占用该端口的程序。",
                   err=True)
        sys.exit(2)
    from engine.diagnostics import render
    from engine.rules.loader import RulebookError
    from engine.service.settings import SettingsError

    try:
        app = create_app(rulebook_path, _settings())
    except SettingsError as exc:
        click.echo(f"配置错误：{exc}", err=True)
        sys.exit(2)
    except RulebookError as exc:
        click.echo(f"规则库有 {len(exc.diagnostics)} 处错误，服务未启动：", err=True)
        for diagnostic in exc.diagnostics:
            click.echo(render(diagnostic), err=True)
        sys.exit(2)
    import logging

    # our access log (engine/service/access_log.py: method, path, status, time; never content) replaces uvicorn's
    logging.basicConfig(format="%(asctime)s %(message)s", level=log_level.upper())
    # The event loop shares the interpreter with the check threads: switching every 1 ms (not 5) lets /healthz
    # and refusals (413, 429) through while checks run.
    sys.setswitchinterval(0.001)
    # The compiled rulebook is a few hundred thousand long-lived objects: frozen, a full garbage collection (which
    # holds the interpreter lock) no longer walks them on every pass while checks allocate.
    import gc

    gc.collect()
    gc.freeze()
    from engine.service.workers import SHUTDOWN_GRACE

    # at shutdown requests still running get SHUTDOWN_GRACE, then are cancelled (their workers killed): bounded
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False,
                timeout_graceful_shutdown=SHUTDOWN_GRACE)


def _settings():
    """RULEBOOK_* settings; documents are checked in worker processes, one per core (at most 4) unless
    RULEBOOK_WORKERS says otherwise (engine/service/workers.py: /healthz never waits behind a check)."""
    import dataclasses
    import os

    from engine.service.settings import Settings

    settings = Settings.from_env()
    if not os.environ.get("RULEBOOK_WORKERS", "").strip():
        settings = dataclasses.replace(settings, processes=min(4, os.cpu_count() or 1))
    return settings


def _port_taken(host: str, port: int) -> str | None:
    """Why the address cannot be listened on (in Chinese), or None. Checked before uvicorn, whose own message is
    an English errno line."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return f"无法解析地址「{host}」"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "端口已被占用"
            if exc.errno in (errno.EACCES, errno.EPERM):
                return "没有权限使用该端口（1024 以下的端口需要管理员权限）"
            if exc.errno == errno.EADDRNOTAVAIL:
                return "本机没有这个地址"
            return f"{exc.strerror or exc}"
    return None
