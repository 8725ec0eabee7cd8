"""Requests per second for POST /v1/check of the sample (uvicorn on loopback, httpx from a thread pool), against
the CLI's per-document time in the same run (engine.checking.check in-process, and `rulebook check` as a subprocess).

    python bench/service.py [--requests 200] [--clients 8] [--runs 5]

Prints a table and writes bench/RESULTS-service.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE_JSON = ROOT / "samples" / "yangquan-czj-2024.json"
SAMPLE_TXT = ROOT / "samples" / "yangquan-czj-2024.txt"


def in_process(runs: int) -> tuple[float, float]:
    """Median seconds per document: check of the JSON, and import+check of the text."""
    from engine.checking.check import check
    from engine.importers import import_text, load_disclosure
    from engine.rules.loader import load_rulebook

    book = load_rulebook()
    doc = load_disclosure(SAMPLE_JSON)
    check(doc, book)  # warm
    json_times, text_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        check(load_disclosure(SAMPLE_JSON), book)
        json_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        check(import_text(SAMPLE_TXT.read_bytes(), name="x.txt"), book)
        text_times.append(time.perf_counter() - start)
    return statistics.median(json_times), statistics.median(text_times)


def subprocess_cli(runs: int) -> float:
    """Median wall seconds of `rulebook check --format json` on the sample (start-up included)."""
    command = [sys.executable, "-c", "from engine.cli.main import main; main()", "check", "--format", "json",
               "--jobs", "1", str(SAMPLE_JSON)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1) or b'"summary"' not in done.stdout:  # 1 = findings at --fail-on level
            raise SystemExit(f"rulebook check failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def over_http(requests: int, clients: int) -> dict[str, float]:
    import httpx

    from engine.resources import default_rulebook
    from engine.service.app import create_app
    from engine.service.background import serving
    from engine.service.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="rulebook-bench-"))
    try:
        shutil.copytree(default_rulebook().parent, tmp / "rulebook")
        app = create_app(tmp / "rulebook", Settings(workers=clients))
        body = SAMPLE_JSON.read_bytes()
        text = SAMPLE_TXT.read_bytes()
        with serving(app) as base:
            local = __import__("threading").local()

            def client() -> httpx.Client:
                if not hasattr(local, "client"):
                    local.client = httpx.Client(base_url=base, timeout=120)
                return local.client

            def one(_: int) -> float:
                start = time.perf_counter()
                response = client().post("/v1/check", content=body, headers={"content-type": "application/json"})
                assert response.status_code == 200, response.text[:200]
                return time.perf_counter() - start

            def upload(_: int) -> float:
                start = time.perf_counter()
                response = client().post("/v1/check", files={"file": ("x.txt", text)})
                assert response.status_code == 200, response.text[:200]
                return time.perf_counter() - start

            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(one, range(clients)))  # warm every connection
                start = time.perf_counter()
                latencies = list(pool.map(one, range(requests)))
                elapsed = time.perf_counter() - start
                start = time.perf_counter()
                uploads = list(pool.map(upload, range(max(clients, requests // 4))))
                upload_elapsed = time.perf_counter() - start
            with httpx.Client(base_url=base, timeout=120) as single:
                serial = []
                for _ in range(min(20, requests)):
                    start = time.perf_counter()
                    single.post("/v1/check", content=body, headers={"content-type": "application/json"})
                    serial.append(time.perf_counter() - start)
        return {"rps": requests / elapsed, "p50": statistics.median(latencies),
                "p95": sorted(latencies)[int(len(latencies) * 0.95) - 1], "serial": statistics.median(serial),
                "upload_rps": len(uploads) / upload_elapsed}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS-service.md")
    args = parser.parse_args()
    from tabulate import tabulate

    check_json, check_text = in_process(args.runs)
    cli = subprocess_cli(max(1, args.runs // 2))
    http = over_http(args.requests, args.clients)
    rows = [
        ["engine.checking.check in-process (JSON sample)", f"{check_json * 1000:.1f} ms", f"{1 / check_json:.1f}"],
        ["engine import+check in-process (text sample)", f"{check_text * 1000:.1f} ms", f"{1 / check_text:.1f}"],
        ["`rulebook check --format json` subprocess", f"{cli * 1000:.0f} ms", f"{1 / cli:.2f}"],
        ["POST /v1/check JSON, 1 client (serial)", f"{http['serial'] * 1000:.1f} ms", f"{1 / http['serial']:.1f}"],
        [f"POST /v1/check JSON, {args.clients} clients", f"p50 {http['p50'] * 1000:.1f} ms, "
         f"p95 {http['p95'] * 1000:.1f} ms", f"{http['rps']:.1f}"],
        [f"POST /v1/check text upload, {args.clients} clients", "", f"{http['upload_rps']:.1f}"],
    ]
    table = tabulate(rows, headers=["what", "time per document", "documents/s"], tablefmt="github")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, " \
              f"load average {os.getloadavg()[0]:.1f} at start" if hasattr(os, "getloadavg") else platform.platform()
    text = (f"# Service benchmark\n\n`python bench/service.py --requests {args.requests} --clients {args.clients} "
            f"--runs {args.runs}` on {machine}; the default rulebook, the bundled sample "
            f"(yangquan-czj-2024), uvicorn (one process) on 127.0.0.1, httpx clients in a thread pool.\n\n"
            f"{table}\n\nOne service process runs checks in a thread pool; Python's GIL keeps it near one core's "
            f"worth of checks, so documents/s over HTTP is bounded by the in-process rate. Run several "
            f"processes behind a balancer for more.\n")
    print(text)
    args.out.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
