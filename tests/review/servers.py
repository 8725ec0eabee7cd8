"""Real servers for the review tests: a PostgreSQL cluster started by the test run itself, and `rulebook serve`
as a separate process on a loopback port."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from engine.service.background import free_port


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _wait(ready, proc: subprocess.Popen, seconds: float, failure: str) -> None:
    """Polls `ready()` until it is true; RuntimeError(failure) when the process ends or time runs out first."""
    deadline = time.monotonic() + seconds
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(failure)
        time.sleep(0.2)


def _stop(proc: subprocess.Popen, seconds: float) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def postgres():
    """Yields a SQLAlchemy URL of a fresh PostgreSQL server on a free loopback port; stops and removes it after."""
    bindir = _pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql; .ci/run does this)")
    root = Path(tempfile.mkdtemp(prefix="rulebook-pg-"))
    os.chmod(root, 0o777)
    data, port = root / "data", free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
    server = subprocess.Popen(_as_postgres([str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                                            "-k", str(root), "-h", "127.0.0.1"]),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    isready = _as_postgres([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)])
    try:
        _wait(lambda: subprocess.run(isready, capture_output=True).returncode == 0, server, 30,
              "PostgreSQL did not start")
        yield url
    finally:
        _stop(server, 20)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def rulebook_server(env: dict[str, str], workdir: Path):
    """`rulebook serve` in its own process; yields (base URL, log path)."""
    port = free_port()
    log = workdir / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", "from engine.cli.main import main; main()", "serve",
                                 "--host", "127.0.0.1", "--port", str(port)],
                                env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, cwd=workdir)
    base = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        try:
            return httpx.get(base + "/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False
    try:
        try:
            _wait(healthy, proc, 60, "rulebook serve did not start")
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}:\n" + log.read_text("utf-8", "replace")) from None
        yield base, log
    finally:
        _stop(proc, 15)
