"""Worker processes for the document work (engine/service/jobs.py): importing, checking and evaluating.

Why processes, not threads: that work holds the interpreter lock for long stretches (JSON and model validation,
regular expressions, garbage collection), so in threads it queued /healthz behind it (issue 15); and a crash in a
native library (the PDF reader) ends one worker, not the service. Workers run at a lower scheduling priority than
the server, each with its own copy of the served rulebook, reloaded when the rulebook's files change (an edit)."""
from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from engine.service.errors import ApiError


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
        raise ApiError(503, "rulebook_unavailable", f"规则库文件有 {len(exc.diagnostics)} 处错误，暂时无法校验；请修正规则库",
                       f"the rulebook's files have {len(exc.diagnostics)} errors; fix the rulebook",
                       headers={"Retry-After": "5"}) from None
    try:
        return fn(served, *args)
    except ApiError:
        raise
    except Exception as exc:  # sent back as an ApiError: any other exception may not survive the trip (its
        # arguments rebuilt in the server) and break the whole pool; its text may quote the document, so only its type
        raise ApiError(500, "internal_error", "服务内部错误，请稍后重试或联系管理员", "internal error",
                       kind=type(exc).__name__) from None


class Workers:
    """A pool of `count` worker processes, made on first use and again after a worker died."""

    def __init__(self, entry: Path, count: int) -> None:
        self.entry, self.count = str(entry), count
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the server has threads (a forked lock could be held forever)
            self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start, initargs=(os.getpid(),))
        return self._pool

    def submit(self, fn: Callable[..., Any], args: tuple) -> Future:
        return self.pool.submit(_run, self.entry, fn, args)

    def warm(self) -> None:
        """Starts every worker and loads its rulebook now, not on the first submissions."""
        for future in [self.submit(_loaded, ()) for _ in range(self.count)]:
            future.result()

    def reset(self, pool: ProcessPoolExecutor | None = None) -> None:
        """After a worker died: the pool is broken; the next job makes a new one."""
        if pool is None or pool is self._pool:
            old, self._pool = self._pool, None
            if old is not None:
                old.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """At shutdown: queued jobs are dropped, running ones finish, and the workers exit with the server."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _loaded(served) -> int:
    return len(served.current().book.rules)
