"""create_app(): the FastAPI application: settings, served rulebook, editor, limits, routes, error handlers."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from engine import __version__
from engine.service import errors
from engine.service.editing import Editor
from engine.service.limits import Admission, BodyLimit, Runner
from engine.service.settings import Settings
from engine.service.state import ServedRulebook
from engine.service.workers import Workers

DESCRIPTION = """部门决算公开校验服务：提交公开文件得到校验报告；规则库可经 HTTP 修改（带令牌、If-Match）。

Final-accounts disclosure validation; the rulebook is editable over HTTP (token + If-Match). Errors are
`{"error": {"code", "message" (中文), "message_en", …}}`."""


def create_app(rulebook_path: Path | str | None = None, settings: Settings | None = None) -> FastAPI:
    """Loads the rulebook once (a broken one raises RulebookError here, before serving)."""
    settings = settings or Settings.from_env()
    served = ServedRulebook(rulebook_path)
    processes = Workers(served.entry, settings.processes) if settings.processes else None
    runner = Runner(settings.timeout, settings.workers, served, processes)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if processes is not None:  # the workers load the rulebook before the first request, not during it
            try:
                # started from this thread, which lives as long as the server: their end is tied to it (workers.py)
                await processes.warm()
            except Exception as exc:  # e.g. a __main__ a new process cannot import: check in threads instead
                logging.getLogger("rulebook.service").warning("worker processes did not start (%s): documents are "
                                                              "checked in threads", type(exc).__name__)
                processes.close()
                runner.processes = None
        yield
        runner.close()

    app = FastAPI(title="rulebook 校验服务", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # served from the package by docs.install (no CDN)
    app.state.settings = settings
    app.state.served = served
    app.state.runner = runner
    app.state.editor = Editor(served, settings.changelog)
    app.state.editor.recover()  # an edit cut short by a crash: logged if it was applied, else dropped
    app.state.unexpected_errors = 0
    errors.install(app)

    from engine.service import routes_check, routes_lint, routes_review, routes_rules

    app.include_router(routes_check.router)
    app.include_router(routes_rules.router)
    app.include_router(routes_lint.router)
    app.include_router(routes_review.router)
    from engine.service.web import routes_api, routes_pages, routes_report

    app.include_router(routes_report.router)
    app.include_router(routes_api.router)
    app.include_router(routes_pages.router)  # the workbench at /
    routes_pages.mount_static(app)
    app.add_middleware(BodyLimit, limit=settings.max_body, json_limit=settings.max_json)
    app.add_middleware(Admission, limit=settings.max_inflight)  # outermost: refuses before a body is read
    from engine.service import docs
    from engine.service.access_log import AccessLog

    docs.install(app)
    app.add_middleware(AccessLog)
    return app
