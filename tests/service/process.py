"""A real `rulebook serve` process on a free loopback port, its memory capped (RLIMIT_AS), its log and temp folder
kept apart so a test can read them. Hostile-input tests use this, not a thread in the test process: a crash, a
freeze or a memory blow-up then shows as what it is."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator

import httpx

from engine.service.background import free_port
from tests.service.helpers import TOKEN

MEMORY_CAP_MB = 1500  # address space, not resident memory: threads and libraries reserve much more than they use


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log: Path
    tmp: Path  # TMPDIR of the server: a file left here is a leak

    def client(self, timeout: float = 60) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=timeout)

    def rss_mb(self) -> float:
        """Resident memory of the server and its worker processes now (Linux /proc)."""
        total, pids = 0.0, [self.process.pid]
        while pids:
            pid = pids.pop()
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pids += [int(c) for c in (task / "children").read_text().split()]
            except OSError:  # a worker that just exited
                continue
            total += next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")),
                          0.0)
        return total

    def workers(self) -> list[int]:
        """Process ids of the server's children (its worker processes)."""
        found: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                found += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
        return found

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_text(self) -> str:
        return self.log.read_text("utf-8", "replace") if self.log.exists() else ""

    def healthy(self, timeout: float = 1.0) -> bool:
        try:
            return httpx.get(f"{self.base}/healthz", timeout=timeout).status_code == 200
        except httpx.HTTPError:
            return False


def busy_workers(srv: Server) -> list[int]:
    """The server's worker processes (not the resource tracker multiprocessing may start beside them)."""
    found = []
    for pid in srv.workers():
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in command:
            found.append(pid)
    return found


def cpu_ticks(pid: int) -> int:
    """The process's user + system CPU time in clock ticks (/proc/PID/stat, its threads, not its children); 0 once
    it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def running_pid(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _cap(memory_mb: int | None, file_size: int | None):
    def apply() -> None:
        os.setsid()  # its own process group: the test stops exactly this server
        if memory_mb:
            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    return apply


def start(book_dir: Path, work: Path, *, env: dict[str, str] | None = None, memory_mb: int | None = MEMORY_CAP_MB,
          file_size: int | None = None, startup: float = 90.0) -> Server:
    work.mkdir(parents=True, exist_ok=True)
    tmp = work / "tmp"
    tmp.mkdir(exist_ok=True)
    port = free_port()
    log = work / f"server-{port}.log"
    full = {**os.environ, "TMPDIR": str(tmp), "RULEBOOK_EDIT_TOKEN": TOKEN,
            "RULEBOOK_CHANGELOG": str(work / "changes.jsonl"), **(env or {})}
    full.pop("RULEBOOK_DEBUG", None)
    handle = open(log, "ab")
    process = subprocess.Popen([sys.executable, "-m", "engine.cli.main", "serve", "--host", "127.0.0.1",
                                "--port", str(port), "--rulebook", str(book_dir), "--log-level", "warning"],
                               env=full, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               preexec_fn=_cap(memory_mb, file_size))
    handle.close()
    server = Server(f"http://127.0.0.1:{port}", process, log, tmp)
    deadline = time.monotonic() + startup
    while not server.healthy(2.0):
        if not server.alive() or time.monotonic() > deadline:
            stop(server)
            raise RuntimeError(f"server did not start:\n{server.log_text()[-3000:]}")
        time.sleep(0.1)
    return server


def stop(server: Server, *, kill: bool = False) -> int | None:
    """Stops the server (SIGKILL when `kill`, else SIGTERM then SIGKILL after 10 s); its exit code."""
    if server.alive():
        server.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)
    return server.process.returncode


@contextmanager
def running(book_dir: Path, work: Path, **options) -> Iterator[Server]:
    server = start(book_dir, work, **options)
    try:
        yield server
    finally:
        stop(server)


_WATCH = """
import sys, time, urllib.request
base, stop = sys.argv[1], sys.argv[2]
import os
while not os.path.exists(stop):
    start = time.monotonic()
    try:
        ok = urllib.request.urlopen(base + "/healthz", timeout=10).status == 200
    except Exception:
        ok = False
    print(round(time.monotonic() - start, 3) if ok else 99.0, flush=True)
    time.sleep(0.2)
"""


def health_during(srv: Server, work) -> tuple[object, list[float]]:
    """Runs `work()` while another process polls /healthz (so the load generated here does not slow the
    measurement); returns (work's result, each /healthz answer's seconds, 99.0 for a failure)."""
    import subprocess
    import sys
    import tempfile

    stop = Path(tempfile.mkdtemp()) / "stop"
    watcher = subprocess.Popen([sys.executable, "-c", _WATCH, srv.base, str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        result = work()
    finally:
        stop.touch()
        out, _ = watcher.communicate(timeout=30)
    return result, [float(x) for x in out.split()] or [0.0]
