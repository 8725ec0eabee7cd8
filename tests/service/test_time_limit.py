"""A document job past the request's time limit ends with its worker (killed and replaced), and shutdown waits a
bounded time for running jobs, against a real `rulebook serve` on loopback. The long job is a real one: an upload of
an 800-page PDF, whose import takes many times the limit here (about 18 s of CPU on the reference machine)."""
from __future__ import annotations

import signal
import threading
import time

import httpx
import pytest

from engine.service.workers import SHUTDOWN_GRACE
from tests.service.pdfmake import pdf_with_pages
from tests.service.process import busy_workers, cpu_ticks, running, running_pid, start, stop

LIMIT = 3.0


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return pdf_with_pages([[f"第{n}页 项目{k} 支出 {n * 37 % 1000}.{k:02d} {k * 3}.00" for k in range(30)]
                           for n in range(800)])


def _worker_running_a_job(srv, before: dict[int, int], timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = next((pid for pid in before if cpu_ticks(pid) >= before[pid] + 20), None)
        if busy is not None:
            return busy
        time.sleep(0.05)
    raise AssertionError("no worker started on the upload")


def test_a_job_past_its_time_limit_ends_with_its_worker(book_dir, tmp_path, long_pdf, sample_json):
    env = {"RULEBOOK_WORKERS": "1", "RULEBOOK_TIMEOUT": str(LIMIT)}
    with running(book_dir, tmp_path / "s", env=env) as srv:
        [worker] = busy_workers(srv)
        started = time.monotonic()
        refused = httpx.post(f"{srv.base}/v1/check", files={"file": ("long.pdf", long_pdf)}, timeout=120)
        elapsed = time.monotonic() - started
        assert refused.status_code in (503, 504), refused.text[:300]
        assert elapsed < LIMIT + 10, elapsed  # the limit, not the import's length
        # the worker that ran it is gone at once, not busy for the rest of the import; another takes its place
        assert not running_pid(worker), "the timed-out job still holds its worker"
        error = refused.json()["error"]
        assert error["code"] == "timeout" and "时间上限" in error["message"] and "已停止" in error["message"]
        deadline = time.monotonic() + 30
        while not busy_workers(srv) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert busy_workers(srv) and worker not in busy_workers(srv)
        deadline, answer = time.monotonic() + 90, None
        while time.monotonic() < deadline:  # the new worker loads the rulebook on its first job
            answer = httpx.post(f"{srv.base}/v1/check", content=sample_json,
                                headers={"content-type": "application/json"}, timeout=60)
            if answer.status_code == 200:
                break
            time.sleep(0.5)
        assert answer is not None and answer.status_code == 200, answer.text[:300]
        assert srv.healthy(2.0) and "Traceback" not in srv.log_text()


def test_shutdown_waits_a_bounded_time_for_running_jobs(book_dir, tmp_path, long_pdf):
    srv = start(book_dir, tmp_path / "s", env={"RULEBOOK_WORKERS": "1", "RULEBOOK_TIMEOUT": "600"})
    try:
        workers = busy_workers(srv)
        before = {pid: cpu_ticks(pid) for pid in workers}
        outcome: list[object] = []

        def upload() -> None:
            try:
                outcome.append(httpx.post(f"{srv.base}/v1/check", files={"file": ("long.pdf", long_pdf)},
                                          timeout=120).status_code)
            except httpx.HTTPError as exc:  # the connection closed by the stopping server
                outcome.append(type(exc).__name__)

        client = threading.Thread(target=upload)
        client.start()
        _worker_running_a_job(srv, before)
        stopped = time.monotonic()
        srv.process.send_signal(signal.SIGTERM)
        srv.process.wait(timeout=120)
        took = time.monotonic() - stopped
        client.join(60)
        assert took < 2 * SHUTDOWN_GRACE + 5, f"shutdown took {took:.1f} s"
        assert not any(running_pid(pid) for pid in workers)
        assert outcome and outcome[0] != 200, outcome
    finally:
        stop(srv, kill=True)
