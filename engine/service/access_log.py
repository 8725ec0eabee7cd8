"""The service's access log: method, path, status and time of each request, never a submission's content, its
query string or headers (submissions may be 仅供内部审核)."""
from __future__ import annotations

import logging
import time

log = logging.getLogger("rulebook.access")


class AccessLog:
    """ASGI middleware: one line per HTTP request after its response started, e.g. `POST /v1/check 200 57ms`."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]  # what an exception that escapes every handler becomes

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            log.info("%s %s %d %.0fms", scope["method"], scope["path"], status[0], (time.perf_counter() - start) * 1000)
