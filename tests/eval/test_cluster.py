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


def test_an_address_that_answers_something_else_is_a_clear_error(docs, tmp_path):
    # a listener that is not a Dask scheduler answers the handshake with bytes Dask reads as a huge frame length
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]

        def answer() -> None:
            conn, _ = server.accept()
            with conn:
                conn.sendall(b"\xff" * 64)
                conn.recv(1024)

        threading.Thread(target=answer, daemon=True).start()
        result = subprocess.run(CLI + ["check", str(docs), "--cluster", f"tcp://127.0.0.1:{port}"],
                                capture_output=True, text=True, timeout=120,
                                env={**_env(tmp_path), "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "5s"})
    assert result.returncode == 2, result.stderr
    assert "集群" in result.stderr and "Traceback" not in result.stderr and "内部错误" not in result.stderr


def test_select_previous_and_a_report_per_file_as_with_jobs_1(cluster, tmp, tmp_path):
    """What the workers run is the batch's: only the --select'ed rules, last year's file for the cross-year rules,
    and with -o DIR each file's full report written on the submitting machine."""
    import json
    import shutil

    local, _ = cluster
    samples = Path(__file__).resolve().parents[2] / "samples"
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(samples / "yangquan-czj-2024.json", folder / f"{name}.json")
    (folder / "d.txt").write_bytes((samples / "yangquan-czj-2024.txt").read_bytes())  # read by the worker
    # last year's year-end differs from this year's year-start: K01 says so, only if the workers have last year
    last = json.loads((samples / "yangquan-czj-2023-derived.json").read_text("utf-8"))
    row = next(r for r in last["tables"]["公开01"]["rows"] if r["key"] == "年末结转和结余")
    row["cells"]["金额"].update(kind="number", value="12.34", text="12.34")
    (tmp_path / "last.json").write_text(json.dumps(last, ensure_ascii=False), "utf-8")
    args = [str(folder), "--previous", str(tmp_path / "last.json"), "--select", "K*,T1*", "--format", "jsonl"]
    one = _check([*args, "--jobs", "1"], tmp)
    on_cluster = _check([*args, "--cluster", local.scheduler_address], tmp)
    assert one.returncode == on_cluster.returncode
    assert _timeless(on_cluster.stdout) == _timeless(one.stdout)
    rules = set(re.findall(r'"rule": ?"([^"]+)"', one.stdout))
    assert "K01" in rules and all(r.startswith(("K", "T1", "-")) for r in rules), rules
    outputs = {}
    for side, extra in (("one", ["--jobs", "1"]), ("cluster", ["--cluster", local.scheduler_address])):
        target = tmp_path / side
        target.mkdir()
        run = _check([str(folder), "--format", "json", "-o", str(target), *extra], tmp)
        outputs[side] = (run.returncode, run.stdout.replace(str(target), "OUT"),
                         {p.name: _timeless(p.read_text("utf-8")) for p in sorted(target.iterdir())})
    assert outputs["one"] == outputs["cluster"]
    assert len(outputs["one"][2]) == 4


def test_documents_sent_as_bytes_when_workers_cannot_see_them(docs, cluster):
    """Workers without the client's file system get each document's bytes; the reports are the same."""
    from engine.checking import cluster as on_cluster
    from engine.checking.job import Job
    from engine.rules.loader import load_rulebook

    _, client = cluster
    job = Job(load_rulebook(None, cache=True), fmt="jsonl")
    paths = sorted(docs.glob("*.json"))[:5]
    sent = list(on_cluster.results(job, paths, client, rulebook_path=None, by_path=False))
    assert [c.name for c in sent] == [str(p) for p in paths]
    assert [_timeless(c.text or "") for c in sent] == [_timeless(job.checked(p).text or "") for p in paths]


def _bytes_in(value) -> int:
    """The raw bytes a task's arguments carry (documents, a previous file), however nested."""
    import dataclasses

    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(_bytes_in(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(_bytes_in(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 0


class _Watched:
    """A client whose submissions are weighed from outside: the bytes each task carries, and the bytes of the
    tasks submitted and not yet released (the batch's memory in flight)."""

    def __init__(self, client) -> None:
        self.client, self.sent, self.in_flight, self.peak = client, [], 0, 0

    def __getattr__(self, name):
        return getattr(self.client, name)

    def submit(self, *args, **kwargs):
        weight = _bytes_in(args)
        self.sent.append(weight)
        self.in_flight += weight
        self.peak = max(self.peak, self.in_flight)
        return _WatchedFuture(self.client.submit(*args, **kwargs), self, weight)


class _WatchedFuture:
    def __init__(self, future, client: _Watched, weight: int) -> None:
        self.future, self.client, self.weight = future, client, weight

    def __getattr__(self, name):
        return getattr(self.future, name)

    def release(self) -> None:
        if self.weight is not None:
            self.client.in_flight -= self.weight
            self.weight = None
        self.future.release()


def _local_job(**kwargs):
    from engine.checking.job import Job
    from engine.rules.loader import load_rulebook

    return Job(load_rulebook(None, cache=True), fmt="jsonl", **kwargs)


def test_documents_bytes_in_flight_stay_within_the_budget(docs, cluster):
    """Memory is bounded by bytes, not by a number of chunks: with a budget of three documents' bytes, never more
    than that is sent and not yet back (one document at least goes), and every report comes back in order."""
    from engine.checking import cluster as on_cluster

    _, client = cluster
    paths = sorted(docs.glob("*.json"))[:24]
    sizes = [p.stat().st_size for p in paths]
    budget = 3 * max(sizes)
    watched = _Watched(client)
    job = _local_job()
    sent = list(on_cluster.results(job, paths, watched, rulebook_path=None, by_path=False, budget=budget))
    assert watched.peak <= budget
    assert sum(watched.sent) == sum(sizes)  # every document's bytes went, once
    assert len(watched.sent) >= len(paths) // 3  # in many tasks, not one
    assert [c.name for c in sent] == [str(p) for p in paths]
    assert [_timeless(c.text or "") for c in sent] == [_timeless(job.checked(p).text or "") for p in paths]


def test_the_previous_file_goes_to_each_worker_once_not_with_every_task(cluster, tmp_path):
    import json

    from engine.checking import cluster as on_cluster
    from engine.importers import load_disclosure

    _, client = cluster
    samples = Path(__file__).resolve().parents[2] / "samples"
    paths = []
    for name in "abcdef":
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_bytes((samples / "yangquan-czj-2024.json").read_bytes())
    last = tmp_path / "last.json"
    data = json.loads((samples / "yangquan-czj-2023-derived.json").read_text("utf-8"))
    row = next(r for r in data["tables"]["公开01"]["rows"] if r["key"] == "年末结转和结余")
    row["cells"]["金额"].update(kind="number", value="12.34", text="12.34")  # K01 says so, given last year
    # padded (JSON allows trailing blanks) to weigh more than a document: a task carrying it shows
    last.write_bytes(json.dumps(data, ensure_ascii=False).encode() + b" " * 2**20)
    job = _local_job(previous=load_disclosure(last))
    watched = _Watched(client)
    sent = list(on_cluster.results(job, paths, watched, rulebook_path=None, previous_file=last, by_path=False,
                                   budget=1))  # a chunk per document: six tasks
    assert len(watched.sent) == 6
    assert max(watched.sent) < last.stat().st_size  # each task carries its document, not last year's file
    assert [_timeless(c.text or "") for c in sent] == [_timeless(job.checked(p).text or "") for p in paths]
    assert all('"rule":"K01"' in (c.text or "") for c in sent)  # the cross-year rule ran: the workers had it


def test_a_long_running_cluster_keeps_only_the_newest_rulebooks(docs, cluster, tmp_path):
    """One plugin per rulebook version would pile up on the scheduler (and every worker that joins would get
    them all): the cluster keeps the newest two, their workers' files and compiled forms go; an older rulebook
    used again is installed again."""
    import shutil

    from engine.checking import cluster as on_cluster
    from engine.checking.cluster_plugin import BookPlugin
    from engine.checking.job import Job
    from engine.resources import default_rulebook
    from engine.rules.loader import load_rulebook

    _, client = cluster
    paths = sorted(docs.glob("*.json"))[:2]
    books = []
    for version in range(3):
        folder = tmp_path / f"v{version}"
        shutil.copytree(default_rulebook().parent, folder)
        with open(folder / "default.yaml", "a", encoding="utf-8") as fh:
            fh.write(f"# version {version}\n")  # another content, the same rules
        books.append(folder)

    def batch(folder):
        job = Job(load_rulebook(folder, cache=True), fmt="jsonl")
        return [_timeless(c.text or "") for c in on_cluster.results(job, paths, client, rulebook_path=folder,
                                                                    by_path=True)]

    first = batch(books[0])
    for folder in books[1:]:
        assert batch(folder) == first
    names = client.run_on_scheduler(lambda dask_scheduler: [n for n in dask_scheduler.worker_plugins
                                                            if n.startswith("rulebook-book-")])
    keys = [BookPlugin(*on_cluster.rulebook_files(f)).key for f in books]
    assert names == [f"rulebook-book-{k}" for k in keys[1:]]
    kept = client.run(lambda dask_worker: sorted(dask_worker.rulebook_state.tops))
    assert all(set(tops) <= set(keys[1:]) for tops in kept.values()), kept
    assert batch(books[0]) == first  # pushed out, then used again: installed again


def test_a_local_cluster_the_cli_starts_gives_the_jobs_1_output_within_a_tiny_memory_budget(docs, reference, tmp):
    """`--cluster local`: the CLI starts its own scheduler and two workers (while it reads the rulebook), and with a
    budget smaller than one document (one always goes) still writes what `--jobs 1` writes."""
    on_cluster = _check([str(docs), "--cluster", "local", "--jobs", "2", "--cluster-memory", "1KiB", "--format",
                         "jsonl"], tmp)
    assert on_cluster.returncode == reference["jsonl"].returncode == 2, on_cluster.stderr[-2000:]
    assert _timeless(on_cluster.stdout) == _timeless(reference["jsonl"].stdout)
    assert "Traceback" not in on_cluster.stderr


@pytest.mark.parametrize("value", ["0", "abc", "-3MB", "2XB", "MiB"])
def test_a_bad_cluster_memory_is_a_clear_usage_error(docs, tmp_path, value):
    result = subprocess.run(CLI + ["check", str(docs), "--cluster", "local", "--cluster-memory", value],
                            capture_output=True, text=True, env=_env(tmp_path), timeout=120)
    assert result.returncode == 2
    assert "应为正的字节数" in result.stderr and value in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("text", "size"), [("64MiB", 64 * 2**20), ("512MB", 512 * 10**6), ("1GiB", 2**30),
                                            ("2k", 2048), ("1.5 MiB", 3 * 2**19), ("4096", 4096)])
def test_cluster_memory_sizes(text, size):
    from engine.cli.options import byte_size

    assert byte_size(None, None, text) == size


def _overlapping_chunks(state, chunks: int, seconds: float, stagger: float, tick=None):
    """Two threads of one worker, each running `chunks` back-to-back chunks of `seconds`, the second `stagger` later
    (so some chunk is always running until the end); returns (chunk end times, collections' start times, most at
    once)."""
    import gc
    import time

    from engine.checking.cluster_plugin import _collector_after_chunks

    ends: list[float] = []
    collections: list[float] = []
    most = [0]

    def seen(phase, info):
        if phase == "start":
            collections.append(time.monotonic())

    def run(delay: float) -> None:
        time.sleep(delay)
        for _ in range(chunks):
            with _collector_after_chunks(state):
                most[0] = max(most[0], state.running)
                stop = time.monotonic() + seconds
                while time.monotonic() < stop:
                    time.sleep(0.01)
                    if tick is not None:
                        tick(state)
                ends.append(time.monotonic())

    was = gc.isenabled()
    gc.enable()
    gc.callbacks.append(seen)
    try:
        threads = [threading.Thread(target=run, args=(d,)) for d in (0, stagger)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        enabled_after = gc.isenabled()
    finally:
        gc.callbacks.remove(seen)
        if not was:
            gc.disable()
    assert enabled_after  # the worker's last chunk ended: the collector is back on
    return sorted(ends), collections, most[0]


def test_the_collector_runs_after_every_chunk_however_the_worker_threads_overlap():
    """The reviewer's case: two threads, back-to-back 0.1 s chunks staggered by 50 ms, so the worker is never idle
    until the end; each chunk's end must still be followed by a collection (not only the batch's last)."""
    from engine.checking.cluster_plugin import _WorkerState

    ends, collections, most = _overlapping_chunks(_WorkerState(), chunks=10, seconds=0.1, stagger=0.05)
    assert most == 2  # the chunks did overlap
    assert len(collections) >= len(ends)
    # each chunk's end followed by a collection that began after it, its own (not one at the very end for all)
    after = [min((c for c in collections if c >= end), default=None) for end in ends]
    assert None not in after
    assert len(set(after)) == len(ends)


def test_a_long_chunk_is_not_left_without_a_collection(monkeypatch):
    """A chunk longer than COLLECT_SECONDS (a huge document, a slow machine) still sees collections every
    COLLECT_SECONDS, checked between documents."""
    from engine.checking import cluster_plugin

    monkeypatch.setattr(cluster_plugin, "COLLECT_SECONDS", 0.1)
    ends, collections, _ = _overlapping_chunks(cluster_plugin._WorkerState(), chunks=1, seconds=0.8, stagger=0.05,
                                               tick=cluster_plugin._collect_if_due)
    during = [c for c in collections if c < ends[0]]
    assert len(during) >= 3  # ~7 at 0.1 s over 0.8 s; 3 leaves room for a loaded machine


def _watch_collections(dask_worker) -> None:
    """On a worker: each collection's generation, as it starts (read back by _collections)."""
    import gc

    seen = dask_worker.rulebook_test_collections = []
    gc.callbacks.append(lambda phase, info: seen.append(info["generation"]) if phase == "start" else None)


def _collections(dask_worker) -> list[int]:
    seen = dask_worker.rulebook_test_collections
    out = list(seen)
    seen.clear()
    return out


def test_a_worker_with_two_threads_collects_after_every_chunk_only_when_the_batch_owns_it(docs, tmp_path):
    """A real worker running two chunks at once: on a cluster the batch owns (`local`), a full collection by hand
    follows every chunk; on a shared one (own=False) the collector is left alone (automatic collections go on)."""
    import gc

    from distributed import Client, LocalCluster

    from engine.checking import cluster as on_cluster

    paths = sorted(docs.glob("*.json"))
    job = _local_job()
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None,
                      scheduler_kwargs={"dashboard": False}, local_directory=str(tmp_path)) as local, \
            Client(local) as client:
        client.wait_for_workers(1)
        list(on_cluster.results(job, paths[:2], client, rulebook_path=None))  # the rulebook installed and compiled
        client.run(_watch_collections)
        by_batch = {}
        for own in (True, False):
            watched = _Watched(client)
            done = list(on_cluster.results(job, paths, watched, rulebook_path=None, own=own))
            assert [c.name for c in done] == [str(p) for p in paths]
            (seen,) = client.run(_collections).values()
            by_batch[own] = (len(watched.sent), seen)
        assert all(client.run(gc.isenabled).values())  # automatic again once the chunks ended
    chunks, seen = by_batch[True]
    assert chunks >= 4
    assert seen.count(2) >= chunks  # one full collection per chunk at least (before: once the worker went idle)
    _, seen = by_batch[False]
    assert 0 in seen  # the collector stayed on: automatic young-generation collections


def _slow_compile(dask_worker) -> None:
    """On a worker: its compiled rulebooks forgotten, and the next compile burns 0.5 s of CPU more (restored by
    _fast_compile)."""
    import time

    from engine.rules import loader

    dask_worker.rulebook_state.books.clear()
    dask_worker.rulebook_state.jobs.clear()
    original = loader.load_rulebook

    def slow(*args, **kwargs):
        stop = time.thread_time() + 0.5
        while time.thread_time() < stop:
            pass
        return original(*args, **kwargs)

    slow.original = original  # type: ignore[attr-defined]
    loader.load_rulebook = slow


def _fast_compile(dask_worker) -> None:
    from engine.rules import loader

    loader.load_rulebook = getattr(loader.load_rulebook, "original", loader.load_rulebook)


def test_a_chunks_cpu_seconds_leave_out_the_rulebooks_compile(docs, cluster):
    """The CPU seconds a chunk reports (what the next chunks are sized by) are its documents' work only: a worker
    that has to compile the rulebook first (it was pushed out, or the worker just joined) does not report it."""
    from engine.checking import cluster as on_cluster
    from engine.checking.cluster_plugin import BookPlugin, Settings, check_chunk

    _, client = cluster
    plugin = BookPlugin(*on_cluster.rulebook_files(None))
    on_cluster.install(client, plugin)
    worker = sorted(client.nthreads())[0]
    settings = Settings("zh", None, "jsonl", "error", False)
    client.run(_slow_compile, workers=[worker])
    try:
        seconds, done = client.submit(check_chunk, [], plugin.key, settings, workers=[worker], pure=False).result()
        (state,) = client.run(lambda dask_worker: len(dask_worker.rulebook_state.books), workers=[worker]).values()
    finally:
        client.run(_fast_compile, workers=[worker])
    assert state == 1  # the chunk did compile the rulebook (0.5 s of CPU and more)
    assert done == [] and seconds < 0.25
