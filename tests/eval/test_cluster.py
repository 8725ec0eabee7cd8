"""`rulebook check --cluster`: a local Dask cluster of two worker processes, started here, checks a batch.

The CLI runs as a user runs it (a subprocess pointed at the scheduler's address); its output must be the bytes
`--jobs 1` writes. One worker is killed mid-batch (SIGKILL, by its process id): no document may be lost.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

CLI = [sys.executable, "-c", "from engine.cli.main import main; main()"]


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    from bench.generate import generate

    folder = tmp_path_factory.mktemp("cluster")
    generate(folder, 32, seed=21, text=False)
    (folder / "json" / "zz-bad.json").write_text("{not json", "utf-8")  # reported, the rest checked
    return folder / "json"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from distributed import Client, LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                         local_directory=str(tmp_path_factory.mktemp("dask")))
    client = Client(local)
    client.wait_for_workers(2)
    yield local, client
    client.close()
    local.close()


def _timeless(out: str) -> str:
    """A report's text without its `checked_at` (the clock): every other byte must be equal."""
    return re.sub(r'"checked_at": ?"[^"]*"', '"checked_at": ""', out)


def _env(tmp: Path) -> dict:
    root = Path(__file__).resolve().parents[2]
    return {**os.environ, "RULEBOOK_CACHE_DIR": str(tmp / "cache"),
            "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _check(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + ["check", *args], capture_output=True, text=True, env=_env(tmp), timeout=600)


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("runs")  # one rulebook cache for every run of this module


@pytest.fixture(scope="module")
def reference(docs, tmp):
    """What `--jobs 1` writes, per format."""
    return {fmt: _check([str(docs), "--jobs", "1", "--format", fmt], tmp) for fmt in ("jsonl", "table")}


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_cluster_output_is_the_jobs_1_output(docs, cluster, reference, tmp, fmt):
    local, _ = cluster
    one = reference[fmt]
    on_cluster = _check([str(docs), "--cluster", local.scheduler_address, "--format", fmt], tmp)
    assert one.returncode == on_cluster.returncode == 2  # the bad file
    assert _timeless(on_cluster.stdout) == _timeless(one.stdout)
    assert on_cluster.stderr.count("zz-bad.json") == 1
    if fmt == "jsonl":
        assert len(one.stdout.splitlines()) == 32


def test_a_worker_killed_mid_batch_loses_no_document(docs, cluster, reference, tmp):
    local, client = cluster
    expected = reference["jsonl"].stdout
    client.wait_for_workers(2, timeout=120)
    pids = list(client.run(os.getpid).values())
    proc = subprocess.Popen(CLI + ["check", str(docs), "--cluster", local.scheduler_address, "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp))
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)  # no pipe fills up
    reader.start()
    first = proc.stdout.readline()  # the batch is running: the first chunk's reports are out
    assert proc.poll() is None  # … and not over: the kill lands mid-batch
    os.kill(pids[0], signal.SIGKILL)  # a worker this test started
    # The rest through the same file object: communicate() would read the pipe's descriptor directly and lose
    # what readline() had already buffered (the lines behind the first one).
    rest = proc.stdout.read()
    proc.wait(timeout=600)
    reader.join(timeout=60)
    assert proc.returncode == 2, "".join(errors)[-2000:]
    assert _timeless(first + rest) == _timeless(expected)
    assert pids[0] not in client.run(os.getpid).values()  # the kill happened: that worker is gone


def test_two_batches_at_once_on_one_cluster_each_get_their_own(docs, cluster, reference, tmp):
    """Two clients, two formats, one cluster: task keys and compiled rulebooks never mix."""
    local, _ = cluster
    runs = {fmt: subprocess.Popen(CLI + ["check", str(docs), "--cluster", local.scheduler_address, "--format", fmt],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp))
            for fmt in ("jsonl", "table")}
    for fmt, proc in runs.items():
        out, _ = proc.communicate(timeout=600)
        assert _timeless(out) == _timeless(reference[fmt].stdout), fmt


def test_unknown_scheduler_is_a_clear_error(docs, tmp_path):
    result = subprocess.run(CLI + ["check", str(docs), "--cluster", "tcp://127.0.0.1:9"], capture_output=True,
                            text=True, env={**_env(tmp_path), "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"},
                            timeout=120)
    assert result.returncode == 2
    assert "集群" in result.stderr and "Traceback" not in result.stderr
