"""Request limits: a body-size cap (413, checked before the app reads anything) and a per-request time limit."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from engine.service.errors import refusal, refusal_body

T = TypeVar("T")
EDIT_TIMEOUT = 120.0  # seconds; an edit loads the candidate rulebook and runs the rule's examples


def _too_large(limit: int) -> bytes:
    return refusal_body(413, "body_too_large", "S01", limit=limit)


class BodyLimit:
    """ASGI middleware: refuses a body over `limit` bytes with 413, whether or not Content-Length is sent.

    The body is read here (at most limit+1 bytes) and replayed to the app, so the app never sees a partial body.
    """

    def __init__(self, app, limit: int, json_limit: int | None = None) -> None:
        self.app, self.file_limit = app, limit
        self.json_limit = min(limit, json_limit or limit)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        # Only a file upload to /v1/check may be large (a PDF); everything else is JSON, and parsing JSON holds the
        # interpreter lock throughout (~0.15 s per MB): a small cap keeps /healthz answering while it is parsed.
        path = scope.get("path") or ""
        upload = (path in ("/v1/check", "/v1/eval", "/v1/review/submissions", "/v1/report", "/web/check") or path.endswith("/explain")) and \
            headers.get(b"content-type", b"").startswith(b"multipart/")  # a file upload: the file limit
        limit = self.file_limit if upload else self.json_limit
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body, sent = b"".join(chunks), False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send, limit: int) -> None:
        payload = _too_large(limit)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"connection", b"close"),
                                (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})


# these parse a submitted document or judge a rule (and …/explain, …/impact)
HEAVY = ("/v1/check", "/v1/eval", "/v1/lint", "/v1/report", "/web/check")


class Admission:
    """ASGI middleware: at most `limit` heavy requests in the server at once (bodies held, parsing, queued for a
    worker); one more is answered 429 with Retry-After before its body is read, so memory stays bounded however
    many clients send 10 MB at once. /healthz, reads and edits (serialised by the edit lock) are not counted."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit, self.inflight = app, limit, 0

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        heavy = scope.get("method") == "POST" and (path.startswith(HEAVY) or path.endswith(("/explain", "/impact")))
        if not heavy:
            await self.app(scope, receive, send)
            return
        if self.inflight >= self.limit:
            payload = refusal_body(429, "busy", "S02", limit=self.limit)
            await send({"type": "http.response.start", "status": 429,
                        "headers": [(b"content-type", b"application/json"), (b"retry-after", b"2"),
                                    (b"connection", b"close"), (b"content-length", str(len(payload)).encode())]})
            await send({"type": "http.response.body", "body": payload})
            return
        self.inflight += 1  # one event loop: no lock needed
        try:
            await self.app(scope, receive, send)
        finally:
            self.inflight -= 1


def _behind_the_event_loop() -> None:
    """Check threads run at a lower scheduling priority than the event loop thread (Linux schedules threads
    separately), so /healthz and refusals are answered first on a busy machine."""
    import os
    import threading

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


class Runner:
    """Runs engine work with a time limit; over the limit -> 503 with a Chinese message. Edits, lints and reads
    run in a bounded thread pool; document work (`document`) in worker processes when the service has them
    (engine/service/workers.py), else in the same threads.

    Python cannot stop a thread: a timed-out thread job finishes in the background and its result is dropped. A
    worker process can be stopped: a timed-out document job ends with its worker (engine/service/workers.py).
    """

    def __init__(self, timeout: float, workers: int, served: Any = None, processes: Any = None) -> None:
        self.timeout, self.workers = timeout, workers
        self.served, self.processes = served, processes  # ServedRulebook, Workers | None
        self._pool: ThreadPoolExecutor | None = None

    @property
    def pool(self) -> ThreadPoolExecutor:
        # made on first use, and again after close(): an app may see several lifespans (tests, reloads)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="rulebook-check",
                                            initializer=_behind_the_event_loop)
        return self._pool

    async def __call__(self, fn: Callable[..., T], *args: Any) -> T:
        return await self._run(fn, args, self.timeout, edit=False)

    async def document(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(served rulebook, *args)` in a worker process (its own copy of the rulebook), or in a thread. Past the
        time limit the worker running it is killed and replaced (workers.py): the job does not outlive its request."""
        if self.processes is None:
            return await self._run(fn, (self.served, *args), self.timeout, edit=False)
        from engine.service.workers import WorkerDied

        try:
            return await self.processes.run(fn, args, self.timeout)
        except asyncio.TimeoutError:
            raise refusal(503, "timeout", "S03", headers={"Retry-After": "5"}, extra={"limit_seconds": self.timeout},
                          limit=self.timeout) from None
        except WorkerDied:  # a native crash, the memory cap: that worker is replaced, the others go on
            raise refusal(503, "worker_crashed", "S04", headers={"Retry-After": "5"}) from None

    async def edit(self, fn: Callable[..., T], *args: Any) -> T:
        """An edit gets a longer limit (it judges a whole candidate rulebook); past it, its outcome is unknown."""
        return await self._run(fn, args, max(self.timeout, EDIT_TIMEOUT), edit=True)

    async def _run(self, fn: Callable[..., T], args: tuple, limit: float, *, edit: bool) -> T:
        loop = asyncio.get_running_loop()
        return await self._limit(loop.run_in_executor(self.pool, fn, *args), limit, edit=edit)

    async def _limit(self, future: Awaitable[T], limit: float, *, edit: bool) -> T:
        try:
            return await asyncio.wait_for(future, limit)
        except asyncio.TimeoutError:
            if edit:
                raise refusal(503, "timeout", "S05", headers={"Retry-After": "5"}, extra={"limit_seconds": limit},
                              limit=limit) from None
            raise refusal(503, "timeout", "S06", headers={"Retry-After": "5"}, extra={"limit_seconds": limit},
                          limit=limit) from None

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if self.processes is not None:
            self.processes.close()
