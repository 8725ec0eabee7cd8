"""Worker processes for the document work (engine/service/jobs.py): importing, checking and evaluating.

Why processes, not threads: that work holds the interpreter lock for long stretches (JSON and model validation,
regular expressions, garbage collection), so in threads it queued /healthz behind it (issue 15); and a crash in a
native library (the PDF reader) ends one worker, not the service. Workers run at a lower scheduling priority than
the server, each with its own copy of the served rulebook, reloaded when the rulebook's files change (an edit).
A job has the request's time limit: past it the worker running it is killed and replaced (503 timeout), so no job
holds a worker for ever, and shutdown waits at most SHUTDOWN_GRACE for running jobs."""
from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from engine.service.errors import ApiError, refusal


def _start(server: int) -> None:
    _end_with(server)
    try:
        os.nice(10)  # the server process (event loop, /healthz, refusals) gets the cores first
    except OSError:
        pass


def _end_with(server: int) -> None:
    """A worker must not outlive its server (kill -9 of the server left them running): Linux sends it SIGKILL when
    the thread that started it ends, so workers are started from the server's main thread (app.py, Runner)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != server:  # the server ended before the line above
        os._exit(1)


@functools.lru_cache(maxsize=1)
def _served(entry: str):
    """This worker's served rulebook (one per process, loaded on its first job)."""
    import gc

    from engine.service.state import ServedRulebook

    served = ServedRulebook(entry)
    gc.collect()
    gc.freeze()  # the compiled rulebook is long-lived: full collections need not walk it
    return served


def _run(entry: str, fn: Callable[..., Any], args: tuple) -> Any:
    from engine.rules.loader import RulebookError

    try:
        served = _served(entry)
    except RulebookError as exc:  # a worker (re)started while the rulebook's files are broken on disk
        raise refusal(503, "rulebook_unavailable", "S42", headers={"Retry-After": "5"}, n=len(exc.diagnostics)) from None
    try:
        return fn(served, *args)
    except ApiError:
        raise
    except Exception as exc:  # sent back as an ApiError: any other exception may not survive the trip (its
        # arguments rebuilt in the server) and break the whole pool; its text may quote the document, so only its type
        raise refusal(500, "internal_error", "S26", extra={"kind": type(exc).__name__}) from None


SHUTDOWN_GRACE = 3  # seconds a running job gets at shutdown before its worker is killed


def _serve(conn, entry: str, server: int) -> None:
    """A worker's loop: one job at a time from the server, its result (or ApiError) sent back; ends when the server
    closes the pipe or goes away."""
    _start(server)
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = (True, _run(entry, fn, args))
        except ApiError as exc:
            reply = (False, exc)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class WorkerDied(Exception):
    """The worker ended while running a job (a native crash, the memory cap, or killed)."""


class _Worker:
    """One worker process and the pipe to it. Started from the server's main thread (see _end_with)."""

    def __init__(self, context, entry: str) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, entry, os.getpid()), daemon=True,
                                       name="rulebook-worker")
        self.process.start()
        child.close()

    def call(self, fn: Callable[..., Any], args: tuple) -> Any:
        """In a thread: the job sent, its reply awaited (the thread ends with the worker if it is killed)."""
        try:
            self.conn.send((fn, args))
            ok, value = self.conn.recv()
        except (EOFError, OSError, ConnectionError):
            raise WorkerDied() from None
        if not ok:
            raise value
        return value

    def kill(self) -> None:
        """The pipe is left open: a thread may still be reading it (it sees the end of the pipe and stops)."""
        if self.process.is_alive():
            self.process.kill()
            self.process.join(0.5)  # reaped now, not left a zombie until the next start

    def stop(self, until: float) -> None:
        """Closing the pipe ends an idle worker at once; a running one gets until `until` (monotonic), then is killed."""
        import time

        self.conn.close()
        self.process.join(max(0.0, until - time.monotonic()))
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)


class Workers:
    """`count` worker processes, one job each at a time. A job past its time limit, or whose request is abandoned,
    ends its own worker (killed, then replaced): Python cannot stop a busy process any other way, and a pool that
    shares its workers (concurrent.futures) would fail every other request in flight with it."""

    def __init__(self, entry: Path, count: int) -> None:
        self.entry, self.count = str(entry), count
        self._context = multiprocessing.get_context("spawn")  # spawn: the server has threads (a forked lock …)
        self._workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._threads: ThreadPoolExecutor | None = None  # one blocking pipe call per busy worker
        self._closed = False

    def _setup(self) -> asyncio.Queue:
        if self._idle is None:
            self._closed = False
            self._idle = asyncio.Queue()
            # a killed worker's thread ends a moment later: room for its replacement's meanwhile
            self._threads = ThreadPoolExecutor(2 * self.count, thread_name_prefix="rulebook-pipe")
            for _ in range(self.count):
                worker = _Worker(self._context, self.entry)
                self._workers.append(worker)
                self._idle.put_nowait(worker)
        return self._idle

    async def warm(self) -> None:
        """Starts every worker and loads its rulebook now, not on the first submissions."""
        self._setup()
        await asyncio.gather(*(self.run(_loaded, (), 300.0) for _ in range(self.count)))

    async def run(self, fn: Callable[..., Any], args: tuple, limit: float) -> Any:
        """`fn(served rulebook, *args)` in a free worker, within `limit` seconds counted from now (waiting included).
        TimeoutError past it; WorkerDied when the worker ended under the job."""
        idle = self._setup()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        worker = await asyncio.wait_for(idle.get(), limit)  # still queued at the limit: nothing was started
        call = loop.run_in_executor(self._threads, worker.call, fn, args)
        try:
            result = await asyncio.wait_for(asyncio.shield(call), max(0.0, deadline - loop.time()))
        except WorkerDied:
            self._replace(worker)
            raise
        except BaseException:  # past the limit, or the request was abandoned: the job is stopped with its worker
            if not call.done():
                self._replace(worker, call)
            elif isinstance(call.exception(), WorkerDied):
                self._replace(worker)
            else:
                idle.put_nowait(worker)
            raise
        idle.put_nowait(worker)
        return result

    def _replace(self, worker: _Worker, call: asyncio.Future | None = None) -> None:
        """On the event loop (the server's main thread, so the new worker ends with the server too)."""
        worker.kill()
        if call is None or call.done():
            worker.conn.close()
        else:  # its thread ends with WorkerDied once the pipe breaks: the pipe is closed then, nobody waits for that
            call.add_done_callback(lambda f: (worker.conn.close(), f.cancelled() or f.exception()))
        if worker in self._workers:
            self._workers.remove(worker)
        if self._closed or self._idle is None:
            return
        fresh = _Worker(self._context, self.entry)
        self._workers.append(fresh)
        self._idle.put_nowait(fresh)  # it loads the rulebook on its first job

    def close(self, grace: float = SHUTDOWN_GRACE) -> None:
        """At shutdown: idle workers end now, running jobs get `grace` seconds, then their workers are killed."""
        import time

        self._closed = True
        until = time.monotonic() + grace
        for worker in list(self._workers):
            worker.stop(until)
        self._workers.clear()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
        self._idle, self._threads = None, None


def _loaded(served) -> int:
    return len(served.current().book.rules)
