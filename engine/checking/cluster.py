"""`rulebook check --cluster ADDRESS`: the same batch on a Dask distributed cluster (the client's side; what runs on a
worker is engine/checking/cluster_plugin.py).

The rulebook's files travel once to every worker (a worker plugin, registered once per rulebook content, so a worker
that joins or is restarted later gets it too, and a second batch with the same rulebook sends nothing) and are compiled
there on first use and kept. Documents go in chunks (a task's cost is paid once per chunk): as paths when the workers
see the same files (a shared file system, or `local`), else as bytes read here; at most a few chunks per worker are in
flight, so memory stays bounded however long the batch. Results come back in input order, rendered on the worker
exactly as `--jobs N` renders them (Job.checked), so the output is the same bytes. A chunk whose worker dies is run
again by the scheduler elsewhere (Dask reschedules the tasks of a lost worker); a chunk that still fails is submitted
again, up to RETRIES times.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.checking.job import Checked, Job

# Chunks are sized by measurement (_Sizes): Dask's per-task cost (~10-30 ms CPU, measured) is paid once per chunk, so
# a chunk holds about TASK_SECONDS of checking (CPU) at the pace the workers report; the first ones, sent before any
# report, hold FIRST documents (the first results come soon); none holds more than 1/TAIL of each worker thread's
# share of what is left, so the last chunks shrink and the workers finish together.
TASK_SECONDS = 2.0
FIRST = 4
TAIL = 2
IN_FLIGHT = 4  # chunks per worker thread at most, submitted ahead of the one being written
RETRIES = 3
BYTES_IN_FLIGHT = 64 * 2**20  # documents' bytes sent and not yet checked, at most: the client's and workers' memory
# A local cluster's own housekeeping, measured idle (2 workers, 20 s): 2.0 CPU-s with Dask's defaults, 0.36 s with
# these (the event loop's 20 ms watchdog tick, the system monitor, the nanny's memory poll, work stealing every
# 100 ms, and the statistical profiler sampling the task thread every 10 ms for a dashboard a batch has not got).
# A real cluster keeps its own configuration (README: the same settings for `dask worker`).
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                "distributed.admin.system-monitor.interval": "5s", "distributed.worker.memory.monitor-interval": "1s",
                "distributed.scheduler.work-stealing-interval": "1s"}


def rulebook_files(path: Path | None) -> tuple[str, dict[str, bytes]]:
    """The rulebook's top file and every file it reads (includes, the base it extends), by absolute path."""
    from engine.rules.loader import rulebook_files as files

    paths = files(path)
    return str(paths[0]), {str(p): p.read_bytes() for p in paths}


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
    started here for `local` (what the tests and a single big machine use); a local cluster's first worker takes
    tasks as soon as it is up, the others join as they come."""
    if address == "local":
        _forkserver()  # first: its imports run beside this process's import of Dask
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("在集群上校验需要安装 Dask distributed：pip install 'rulebook[cluster]'",
                           "checking on a cluster needs Dask distributed: pip install 'rulebook[cluster]'") from None
    if address == "local":
        import dask

        with dask.config.set({**LOCAL_CONFIG, "distributed.worker.multiprocessing-method": "forkserver"}):
            cluster = LocalCluster(n_workers=0, threads_per_worker=1, processes=True, dashboard_address=None,
                                   scheduler_kwargs={"dashboard": False})
            cluster.scale(workers)  # started in the background (the constructor would wait for every worker)
            client = Client(cluster)
            client.wait_for_workers(1)
        return client, cluster
    try:
        return Client(address), None
    except Exception as exc:  # noqa: BLE001 - whatever answers there (or nothing), the user gets a clear error
        why = str(exc) or type(exc).__name__  # an address that answers something other than Dask: MemoryError, …
        raise ClusterError(f"无法连接集群调度器 {address}：{why}",
                           f"cannot connect to the cluster scheduler {address}: {why}") from None


# Imported once by the server that forks a local cluster's workers (Dask's default spawns each worker afresh, and
# each imports Dask and the engine again: measured 2.3-2.7 s to two workers up, ~1 s of it per worker's imports).
PRELOAD = ["distributed", "engine.checking.cluster_plugin", "engine.checking.check", "engine.importers"]


def _forkserver() -> None:
    """Starts this process's fork server with the engine imported, before Dask asks for it (Dask would set its
    own list of modules, without the engine)."""
    import multiprocessing
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


@dataclass
class Started:
    """A connected client, the rulebook's plugin installed on its cluster, and the worker threads to plan for."""

    client: Any
    local: Any  # the LocalCluster started for `local`, else None
    plugin: Any
    threads: int | None  # a local cluster's workers (some may still be starting); None: ask the scheduler
    budget: int = BYTES_IN_FLIGHT  # --cluster-memory


class Starting:
    """`--cluster`: the cluster started (or connected to) and the rulebook's plugin installed in a thread, while the
    CLI reads the rulebook and lists the files; `ready()` waits for it. Closed by `starting()`."""

    def __init__(self, address: str, workers: int, rulebook_path: Path | None, budget: int) -> None:
        import threading

        self.address, self.workers, self.rulebook_path, self.budget = address, workers, rulebook_path, budget
        self.started: Started | None = None
        self.client: Any = None
        self.local: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._start, name="rulebook-cluster-start", daemon=True)
        self.thread.start()

    def _start(self) -> None:
        try:
            self.client, self.local = connect(self.address, self.workers)  # first: it starts the fork server
            from engine.checking.cluster_plugin import BookPlugin

            plugin = BookPlugin(*rulebook_files(self.rulebook_path))
            install(self.client, plugin)
            self.started = Started(self.client, self.local, plugin, self.workers if self.local else None,
                                   self.budget)
        except BaseException as exc:  # noqa: BLE001 - raised where the batch waits for the cluster (ready)
            self.error = exc

    def ready(self) -> Started:
        self.thread.join()
        if self.error is not None:
            raise self.error
        assert self.started is not None
        return self.started

    def close(self) -> None:
        if self.thread.is_alive() and self.address != "local":
            # the batch ended before it needed the cluster (a bad rulebook or file list): its error is not held up by
            # a connection still being tried; the thread is a daemon and goes with the process. A local cluster being
            # started is waited for, so that its processes are shut down.
            return
        self.thread.join()
        if self.client is not None:
            self.client.close()
        if self.local is not None:
            self.local.close()


@contextmanager
def starting(address: str, workers: int | None, rulebook_path: Path | None,
             budget: int = BYTES_IN_FLIGHT) -> Iterator[Starting]:
    """The cluster of `--cluster ADDRESS` being started from here on; a `local` one lives as long as the batch.
    `budget`: --cluster-memory, the documents' bytes sent and not yet checked, at most."""
    handle = Starting(address, workers or default_workers(), rulebook_path, budget)
    try:
        yield handle
    finally:
        handle.close()


def results(job: Job, paths: list[Path], client, *, rulebook_path: Path | None,
            previous_file: Path | None = None, by_path: bool | None = None,
            budget: int = BYTES_IN_FLIGHT, plugin: Any = None, threads: int | None = None,
            own: bool = False) -> Iterator[Checked]:
    """Every file's Checked, in input order, from the cluster behind `client`; `job` is the batch's settings (its
    rulebook is compiled on each worker from the same files, with the rules `job.book` kept after --select and
    --ignore). `by_path`: send paths (True) or bytes (False); None asks the workers whether they see the files.
    `budget`: documents' bytes sent and not yet checked, at most (one chunk always goes, however big). `plugin`: the
    rulebook's, already installed (Starting); `threads`: the worker threads to plan chunks for (None: those up now).
    `own`: the workers are this batch's alone (`local`): they run the collector by hand (cluster_plugin.Settings)."""
    import hashlib
    import uuid

    from engine.checking.cluster_plugin import BookPlugin, Settings

    if plugin is None:
        plugin = BookPlugin(*rulebook_files(rulebook_path))
        install(client, plugin)
    previous = _Previous(client, previous_file.read_bytes()) if previous_file else None
    settings = Settings(job.lang, job.profile, job.fmt, job.fail_on, job.single,
                        rules=tuple(r.id for r in job.book.rules),
                        previous=(str(previous_file), hashlib.sha256(previous.data).hexdigest()) if previous else None,
                        whole=job.per_file is not None, own=own)
    threads = threads or max(1, sum(client.nthreads().values()))
    ahead = threads * IN_FLIGHT
    sizes = _Sizes(threads)
    chunks = _Chunks(client, plugin, settings, previous, uuid.uuid4().hex[:12],
                     by_path=_shared(client, paths) if by_path is None else by_path, budget=budget)
    try:
        yield from chunks.in_order(job, chunks.split(paths, sizes, ahead), ahead, sizes)
    finally:
        if previous is not None:
            previous.release()


def install(client, plugin) -> None:
    """The rulebook's plugin on the cluster, sent only when the scheduler has not got it; the scheduler keeps the
    newest rulebooks (cluster_plugin.KEPT) and forgets the others (their workers' files and compiled forms go with
    them), so a long-running cluster does not pile up one plugin per rulebook version."""
    from engine.checking.cluster_plugin import KEPT

    prefix = plugin.name[:plugin.name.rindex("-") + 1]
    names = client.run_on_scheduler(_plugin_names(prefix))
    if plugin.name not in names:
        client.register_plugin(plugin, name=plugin.name)
    others = [n for n in names if n != plugin.name]
    for stale in others[:max(0, len(others) - (KEPT - 1))]:
        try:
            client.unregister_worker_plugin(stale)
        except ValueError:  # another batch removed it first
            pass


def _plugin_names(prefix: str):
    # Sent by value (a closure): the scheduler need not have rulebook installed, only Dask.
    return lambda dask_scheduler: [n for n in dask_scheduler.worker_plugins if n.startswith(prefix)]


class _Previous:
    """--previous: its bytes on every worker once (scattered), not with every task; released when the batch ends."""

    def __init__(self, client, data: bytes) -> None:
        self.client, self.data = client, data
        self.future = client.scatter(data, broadcast=True, hash=False)

    def current(self):
        if self.future.status != "finished":  # every worker that had it died: scattered again
            self.future = self.client.scatter(self.data, broadcast=True, hash=False)
        return self.future

    def release(self) -> None:
        self.future.release()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _shared(client, paths: list[Path]) -> bool:
    """Send paths, not bytes, when every worker sees the first file as this machine does (a shared file system)."""
    from engine.checking.cluster_plugin import sees

    stamp = _stamp(paths[0])
    if stamp is None:
        return False
    try:
        return all(client.run(sees, str(Path(paths[0]).absolute()), stamp).values())
    except Exception:  # noqa: BLE001 - a worker that cannot answer gets bytes
        return False


class _Sizes:
    """How many documents the next chunk takes (TASK_SECONDS, FIRST, TAIL above), from the seconds the workers
    reported for the chunks taken back so far."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.seconds = 0.0
        self.documents = 0

    def measured(self, seconds: float, documents: int) -> None:
        self.seconds += seconds
        self.documents += documents

    def next(self, left: int) -> int:
        most = FIRST if not self.documents or self.seconds <= 0 else round(TASK_SECONDS * self.documents / self.seconds)
        return max(1, min(most, -(-left // (self.threads * TAIL))))


@dataclass(frozen=True)
class _Chunk:
    n: int
    paths: list[Path]
    stamps: list[tuple[int, int] | None]

    def weight(self, by_path: bool) -> int:
        """The bytes it sends."""
        return 0 if by_path else sum(s[0] for s in self.stamps if s is not None)


@dataclass
class _Task:
    chunk: _Chunk
    attempt: int
    by_path: bool
    future: Any
    unread: set[int]
    weight: int


class _Chunks:
    """One batch's chunks on the cluster: formed as they are submitted, a few ahead within the byte budget, taken
    back in order, run again when lost."""

    def __init__(self, client, plugin, settings, previous: _Previous | None, batch_id: str, by_path: bool,
                 budget: int) -> None:
        self.client, self.plugin, self.settings, self.previous = client, plugin, settings, previous
        self.batch_id = batch_id  # task keys of two batches on one cluster must never coincide
        self.by_path, self.budget = by_path, budget
        self.tries = 0  # submissions so far (every task key is new)
        self.in_flight = 0  # bytes sent with the tasks not yet taken back

    def split(self, paths: list[Path], sizes: _Sizes, ahead: int) -> Iterator[_Chunk]:
        """Chunks of at most `sizes.next()` documents (asked as each chunk is formed: by then more chunks have been
        measured) and (bytes sent) a share of the budget, one document at least."""
        cap = max(1, self.budget // ahead)
        i = n = 0
        while i < len(paths):
            size = sizes.next(len(paths) - i)
            chunk: list[Path] = []
            stamps: list[tuple[int, int] | None] = []
            weight = 0
            while i < len(paths) and len(chunk) < size:
                stamp = _stamp(paths[i])
                more = 0 if self.by_path or stamp is None else stamp[0]
                if chunk and weight + more > cap:
                    break
                chunk.append(paths[i])
                stamps.append(stamp)
                weight += more
                i += 1
            yield _Chunk(n, chunk, stamps)
            n += 1

    def submit(self, chunk: _Chunk, attempt: int, by_path: bool) -> _Task:
        """The chunk's files as paths or bytes; one this machine cannot read is reported from here, as a local batch
        reports it."""
        from engine.checking.cluster_plugin import check_chunk

        items, unread = [], set()
        for i, (path, stamp) in enumerate(zip(chunk.paths, chunk.stamps)):
            data = None if by_path or stamp is None else _read(path)
            if stamp is None or (not by_path and data is None):
                unread.add(i)
                continue
            items.append((str(path), str(Path(path).absolute()), stamp, data))
        self.tries += 1
        weight = chunk.weight(by_path)
        self.in_flight += weight
        future = self.client.submit(check_chunk, items, self.plugin.key, self.settings,
                                    self.previous.current() if self.previous else None, pure=False,
                                    key=f"rulebook-{self.batch_id}-{chunk.n}-{self.tries}")
        return _Task(chunk, attempt, by_path, future, unread, weight)

    def in_order(self, job: Job, chunks: Iterator[_Chunk], ahead: int, sizes: _Sizes) -> Iterator[Checked]:
        pending: deque[_Task] = deque()
        ready = next(chunks, None)
        while ready is not None or pending:
            while ready is not None and len(pending) < ahead and (
                    not pending or self.in_flight + ready.weight(self.by_path) <= self.budget):
                pending.append(self.submit(ready, 0, self.by_path))
                ready = next(chunks, None)
            task = pending.popleft()
            try:
                seconds, done = task.future.result()
            except Exception:  # the chunk's workers died too often (KilledWorker) or the task failed: run it again
                if task.attempt + 1 >= RETRIES:
                    raise
                install(self.client, self.plugin)  # another batch's rulebooks may have pushed this one out
                pending.appendleft(self.submit(task.chunk, task.attempt + 1, task.by_path))
                continue
            finally:
                task.future.release()
                self.in_flight -= task.weight
            if None in done:  # a worker that does not see the files (it joined from elsewhere): send the bytes
                pending.appendleft(self.submit(task.chunk, task.attempt, False))
                continue
            sizes.measured(seconds, len(done))
            results = iter(done)
            for i, path in enumerate(task.chunk.paths):
                yield job.checked(path) if i in task.unread else _here(job, path, next(results))


def _here(job: Job, path: Path, checked: Checked) -> Checked:
    """check -o DIR: the worker sent the report itself; it is written on this machine."""
    if job.per_file is None or checked.report is None:
        return checked
    return job.outcome(path, checked.name, checked.report)


def default_workers() -> int:
    return os.cpu_count() or 1
