"""What runs on a worker of `rulebook check --cluster` (its own module: importing Dask costs start-up time, so only a
cluster batch imports it): the plugin that brings the rulebook's files, the compiled rulebooks a worker keeps, and the
task that checks a chunk of documents."""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from distributed import WorkerPlugin, get_worker

from engine.checking.job import Checked, Job

KEPT = 2  # rulebook versions a cluster keeps (engine/checking/cluster.py install), and its workers compiled
# While the collector is off (_collector_after_chunks), a collection at most this long after the last one, checked
# between documents: a chunk holds ~2 s of CPU (cluster.TASK_SECONDS), so only a long chunk or a loaded machine needs it.
COLLECT_SECONDS = 2.0


@dataclasses.dataclass(frozen=True)
class Settings:
    """One batch's settings, sent with each task (small): the Job a worker builds from its compiled rulebook."""

    lang: str
    profile: str | None
    fmt: str
    fail_on: str
    single: bool
    rules: tuple[str, ...] | None = None  # --select/--ignore: the ids kept (None: every rule)
    previous: tuple[str, str] | None = None  # --previous: its name and the sha256 of its bytes (which go once)
    whole: bool = False  # send the report itself (check -o DIR: the submitting machine writes each file's report)
    own: bool = False  # the workers are this batch's alone (--cluster local): the collector may be switched off


def book_key(top: str, files: dict[str, bytes]) -> str:
    content = repr((top, sorted((k, hashlib.sha256(v).hexdigest()) for k, v in files.items())))
    return hashlib.sha256(content.encode()).hexdigest()[:24]


class BookPlugin(WorkerPlugin):
    """Set up on every worker, once per rulebook content (idempotent: a second batch with the same rulebook does not
    send it again): writes the rulebook's files under a folder named by their content and compiles them (a worker
    that joins or restarts later does the same), kept for the tasks."""

    idempotent = True

    def __init__(self, top: str, files: dict[str, bytes]) -> None:
        self.top, self.files = top, files
        self.key = book_key(top, files)
        self.name = f"rulebook-book-{self.key}"

    def setup(self, worker=None) -> None:
        # A folder named by the files' content: a worker restarted on this machine finds its compiled-form cache
        # entry (keyed by path and content) and starts without parsing again.
        folder = _folder(self.key)
        for name, data in self.files.items():
            target = folder / _relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.read_bytes() != data:
                fd, tmp = tempfile.mkstemp(dir=target.parent)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, target)  # workers on one machine may write the same file at once
        state = _state(worker)
        state.tops[self.key] = folder / _relative(self.top)
        try:  # compiled now, while the client still reads its own copy, not on the first task
            _book(state, self.key)
        except Exception:  # noqa: BLE001 - a rulebook that does not load is reported by the client's own load
            pass

    def teardown(self, worker=None) -> None:
        """The rulebook is no longer kept on the cluster (a newer one came): its compiled form and files go."""
        import shutil

        state = _state(worker)
        top = state.tops.pop(self.key, None)
        state.books.pop(self.key, None)
        for job_key in [k for k in state.jobs if k[0] == self.key]:
            del state.jobs[job_key]
        if top is not None:  # workers on one machine share the folder: the first one removes it
            shutil.rmtree(_folder(self.key), ignore_errors=True)


def _folder(key: str) -> Path:
    user = getattr(os, "getuid", lambda: "")()
    return Path(tempfile.gettempdir()) / f"rulebook-worker-{user}-{key[:16]}"


def _relative(name: str) -> str:
    return name.lstrip("/\\").replace(":", "")


class _WorkerState:
    """Kept on the worker object (not in this module): where each rulebook's files are, the compiled ones."""

    def __init__(self) -> None:
        self.tops: dict[str, Path] = {}
        self.books: OrderedDict[str, object] = OrderedDict()
        self.jobs: OrderedDict[tuple[str, Settings], Job] = OrderedDict()
        self.lock = threading.Lock()  # a worker with several threads runs several chunks at once
        self.running = 0  # chunks running now
        self.collector = False  # the collector was on when the first of them began
        self.collected = 0.0  # time.monotonic() of the last collection by hand
        self.collecting = threading.Lock()


def _state(worker) -> _WorkerState:
    state = getattr(worker, "rulebook_state", None)
    if state is None:
        state = worker.rulebook_state = _WorkerState()
    return state


def _book(state: _WorkerState, key: str):
    book = state.books.get(key)
    if book is None:
        import gc

        from engine.rules.loader import load_rulebook

        top = state.tops.get(key)
        if top is None:  # removed by a newer rulebook's batch: the client installs it again and resubmits
            raise LookupError(f"rulebook {key} is not on this worker")
        book = state.books[key] = load_rulebook(top, cache=True)
        while len(state.books) > KEPT:
            state.books.popitem(last=False)
        gc.unfreeze()  # a rulebook dropped above is collected (its cycles would stay, frozen)
        gc.collect()
        gc.freeze()  # the compiled rulebooks live as long as they are kept: the collector need not walk them
    state.books.move_to_end(key)
    return book


def _job(key: str, settings: Settings, previous: bytes | None) -> Job:
    state = _state(get_worker())
    job = state.jobs.get((key, settings))
    if job is None:
        book = _book(state, key)
        if settings.rules is not None:  # a copy: the kept rulebook serves other batches
            keep = set(settings.rules)
            book = dataclasses.replace(book, rules=[r for r in book.rules if r.id in keep])
        job = state.jobs[(key, settings)] = Job(book, settings.lang, settings.profile, settings.fmt,
                                                settings.fail_on, settings.single, _previous(settings, previous))
        while len(state.jobs) > KEPT:
            state.jobs.popitem(last=False)
    state.jobs.move_to_end((key, settings))
    return job


def _previous(settings: Settings, data: bytes | None):
    if settings.previous is None or data is None:
        return None
    from engine.importers import load_disclosure

    name, _ = settings.previous
    with tempfile.TemporaryDirectory(prefix="rulebook-previous-") as folder:
        local = Path(folder) / (Path(name).name or "previous")
        local.write_bytes(data)
        return load_disclosure(local, profile=settings.profile)  # read as the submitting machine read it


Item = tuple[str, str, tuple[int, int], "bytes | None"]  # shown name, absolute path, (size, mtime_ns), bytes


@contextmanager
def _collector_after_chunks(state: _WorkerState) -> Iterator[None]:
    """The cycle collector is off while chunks run and runs at each chunk's end, whether or not other chunks still
    run on this worker's other threads (and every COLLECT_SECONDS within a chunk: _collect_if_due); automatic again
    when the worker's last chunk ends. As a `--jobs` batch runs it every few hundred documents
    (batch._collector_by_hand): measured on a running worker (gc.callbacks, 1,000 documents over two workers),
    automatic collections took 1.2-1.3 s of each worker's ~25 s, ~2.5 ms a document. Process-wide, so only on workers
    the batch owns (Settings.own): on a shared cluster it would switch it off for other clients' tasks too."""
    with state.lock:
        state.running += 1
        if state.running == 1:
            state.collector = gc.isenabled()
            gc.disable()
            state.collected = time.monotonic()
    try:
        yield
    finally:
        _collect(state)  # the chunk's documents' few cycles; the compiled rulebooks are frozen (_book), not walked
        with state.lock:
            state.running -= 1
            if state.running == 0 and state.collector:
                gc.enable()


def _collect(state: _WorkerState) -> None:
    with state.collecting:  # one at a time: CPython skips a collection asked for while one runs (missing this chunk's)
        gc.collect()
        state.collected = time.monotonic()


def _collect_if_due(state: _WorkerState) -> None:
    """Between a chunk's documents: a collection if the collector is off here and none ran for COLLECT_SECONDS."""
    if state.running and time.monotonic() - state.collected >= COLLECT_SECONDS:
        _collect(state)


def check_chunk(items: list[Item], key: str, settings: Settings, previous: bytes | None = None
                ) -> tuple[float, list[Checked | None]]:
    """Checks a chunk of documents; each is read from its path when this worker sees the very file (same size and
    modification time: a shared file system), else from the bytes sent. None: the file is not visible here and no
    bytes came (the client sends them). A copy from bytes is written to a private file of the document's own name
    (importers name things by the file name) and reported under the name it has on the submitting machine.
    `previous`: --previous's bytes, scattered to every worker once (Dask hands the worker's copy to each task).
    Returns the CPU seconds the chunk took here (the client sizes the next chunks by them: CPU, not the wall clock,
    which a loaded machine stretches) and the results."""
    state = _state(get_worker())
    job = _job(key, settings, previous)  # the first task may compile the rulebook: not the chunk's work, not timed
    began = time.thread_time()
    out: list[Checked | None] = []
    collector = _collector_after_chunks(state) if settings.own else nullcontext()
    with collector, tempfile.TemporaryDirectory(prefix="rulebook-docs-") as folder:
        for name, path, stamp, data in items:
            _collect_if_due(state)
            if data is None:
                if not sees(path, stamp):
                    out.append(None)
                    continue
                out.append(_checked(job, Path(path), name, settings.whole))
                continue
            local = Path(folder) / (Path(name).name or "document")
            local.write_bytes(data)
            out.append(_checked(job, local, name, settings.whole))
            local.unlink()
    return time.thread_time() - began, out


def _checked(job: Job, path: Path, name: str, whole: bool) -> Checked:
    if not whole:
        return job.checked(path, name)
    name, report, error = job.check_file(path, name)
    return Checked(name, error, report=report)


def sees(path: str, stamp: tuple[int, int]) -> bool:
    """Does this worker see the file as the client does (a shared file system)? Also asked of every worker before
    a batch, to choose between sending paths and bytes."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_size, st.st_mtime_ns) == tuple(stamp)
