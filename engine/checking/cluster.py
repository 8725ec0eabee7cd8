"""`rulebook check --cluster ADDRESS`: the same batch on a Dask distributed cluster.

The rulebook's files travel once to every worker (a worker plugin, so a worker that joins or is restarted later gets
it too) and are compiled there once. Documents are read here and sent as bytes in small chunks, so workers need no
shared file system; at most a few chunks per worker are in flight, so memory stays bounded however long the batch.
Results come back in input order and are rendered on the worker exactly as `--jobs N` renders them (Job.checked),
so the output is the same bytes. A chunk whose worker dies is run again by the scheduler elsewhere (Dask reschedules
the tasks of a lost worker); a chunk that still fails is submitted again, up to RETRIES times.
"""
from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from engine.checking.job import Checked, Job

CHUNK = 16  # documents per task: Dask's per-task cost (~1–25 ms, measured) is paid once per chunk
IN_FLIGHT = 4  # chunks per worker thread at most, submitted ahead of the one being written
RETRIES = 3


def rulebook_files(path: Path | None) -> tuple[str, dict[str, bytes]]:
    """The rulebook's top file and every file it reads (includes, the base it extends), by absolute path."""
    from engine.resources import default_rulebook
    from engine.rules.loader import _read_book, _Reader

    top = Path(path) if path else default_rulebook()
    if top.is_dir():
        top = top / "default.yaml"
    reader = _Reader()
    _read_book(reader, top)
    return str(top.resolve()), {str(p): Path(p).read_bytes() for p in reader._lines}


def check_chunk(items: list[tuple[str, bytes]], key: str) -> list[Checked]:
    """Runs on a worker: each document written to a private file of its own name (importers name things by the
    file name), checked, and reported under the name it has on the submitting machine."""
    from distributed import get_worker

    job = get_worker().rulebook_jobs[key]  # type: ignore[attr-defined]  # set up once per worker by BookPlugin
    out = []
    with tempfile.TemporaryDirectory(prefix="rulebook-docs-") as folder:
        for name, data in items:
            local = Path(folder) / (Path(name).name or "document")
            local.write_bytes(data)
            out.append(job.checked(local, name))
            local.unlink()
    return out


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # reported from this machine, with the message a local batch gives


class ClusterError(Exception):
    """The cluster cannot be used (no Dask installed, no scheduler at the address): a message, not a traceback."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def connect(address: str, workers: int):
    """A client to the scheduler at `address` (tcp://host:8786), or to a local cluster of `workers` processes
    started here for `local` (what the tests and a single big machine use)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("在集群上校验需要安装 Dask distributed：pip install 'rulebook[cluster]'",
                           "checking on a cluster needs Dask distributed: pip install 'rulebook[cluster]'") from None
    if address == "local":
        import dask

        # Dask's statistical profiler samples every task thread's stack every 10 ms for its dashboard, which a local
        # batch has not got: ~7 % of the cluster's CPU on 200 documents (measured). A real cluster keeps its own
        # configuration.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        client.wait_for_workers(workers)
        return client, cluster
    try:
        return Client(address), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"无法连接集群调度器 {address}：{exc}",
                           f"cannot connect to the cluster scheduler {address}: {exc}") from None


def results(job: Job, paths: list[Path], client, *, rulebook_path: Path | None) -> Iterator[Checked]:
    """Every file's Checked, in input order, from the cluster behind `client`; `job` is the batch's settings (its
    rulebook is compiled again on each worker from the same files)."""
    import uuid

    from engine.checking.cluster_plugin import BookPlugin

    top, files = rulebook_files(rulebook_path)
    settings = {"lang": job.lang, "profile": job.profile, "fmt": job.fmt, "fail_on": job.fail_on,
                "single": job.single}
    plugin = BookPlugin(top, files, settings)
    client.register_plugin(plugin, name=plugin.name)
    batch_id = uuid.uuid4().hex[:12]  # task keys of two batches on one cluster must never coincide
    threads = max(1, sum(client.nthreads().values()))
    size = max(1, min(CHUNK, len(paths) // (threads * 8)))  # small batches still spread over every worker
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    pending: deque = deque()
    ahead = threads * IN_FLIGHT

    def submit(n: int, attempt: int = 0):
        """The chunk's readable files go to the cluster; one this machine cannot read is reported from here."""
        datas = [_read(p) for p in chunks[n]]
        items = [(str(p), d) for p, d in zip(chunks[n], datas) if d is not None]
        unread = {i for i, d in enumerate(datas) if d is None}
        future = client.submit(check_chunk, items, plugin.key, pure=False, key=f"rulebook-{batch_id}-{n}-{attempt}")
        return future, unread

    def fill(nxt: int) -> int:
        while nxt < len(chunks) and len(pending) < ahead:
            pending.append((nxt, 0, *submit(nxt)))
            nxt += 1
        return nxt

    try:
        yield from _in_order(job, chunks, pending, submit, fill)
    finally:
        try:
            client.unregister_worker_plugin(plugin.name)  # the workers drop this batch's compiled rulebook
        except Exception:  # noqa: BLE001 - a cluster going away at the end is not the batch's failure
            pass


def _in_order(job: Job, chunks: list, pending: deque, submit, fill) -> Iterator[Checked]:
    nxt = fill(0)
    while pending:
        n, attempt, future, unread = pending.popleft()
        try:
            done = iter(future.result())
        except Exception:  # the chunk's workers died too often (KilledWorker) or the task failed: run it again
            if attempt + 1 >= RETRIES:
                raise
            pending.appendleft((n, attempt + 1, *submit(n, attempt + 1)))
            continue
        finally:
            future.release()
        for i, path in enumerate(chunks[n]):
            yield job.checked(path) if i in unread else next(done)
        nxt = fill(nxt)


def default_workers() -> int:
    return os.cpu_count() or 1
