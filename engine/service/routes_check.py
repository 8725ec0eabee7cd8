"""Checking over HTTP: POST /v1/check (JSON or an uploaded file), POST /v1/eval, GET /healthz."""
from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from engine.checking.findings import Report
from engine.service.auth import require_checker
from engine.service.submission import read_submission
from engine.service.schemas import ErrorBody, EvalResult, Health, Lang

router = APIRouter()
log = logging.getLogger("rulebook.service")

REFUSALS = {401: {"model": ErrorBody}, 413: {"model": ErrorBody}, 415: {"model": ErrorBody},
            422: {"model": ErrorBody}, 429: {"model": ErrorBody}, 503: {"model": ErrorBody}}

CHECK_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Disclosure"}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary",
                                    "description": "公开文本 .txt、规范化 .json 或 .pdf"}}}},
    },
}


@router.post("/v1/check", tags=["校验"], summary="校验一个公开文件", openapi_extra={"requestBody": CHECK_BODY},
             responses={200: {"model": Report, "description": "与 `rulebook check --format json` 相同的报告"},
                        **REFUSALS}, dependencies=[Depends(require_checker)])
async def check_endpoint(request: Request, lang: Lang = Query("zh"),
                         name: str | None = Query(None, max_length=200, description="报告中的文件名")) -> Response:
    """提交规范化 JSON 或上传公开文本（multipart，字段 file），返回校验报告（与命令行 JSON 输出相同）。"""
    from engine.service.jobs import check_document

    submission = await read_submission(request)
    settings = request.app.state.settings
    report = await request.app.state.runner.document(check_document, submission, lang, name, settings.max_json,
                                                     settings.keep_submissions)
    return Response(report, media_type="application/json")


_EVAL_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/EvalRequest"}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["expression", "file"],
            "properties": {"expression": {"type": "string", "description": "规则语言表达式"},
                           "trace": {"type": "boolean", "description": "同时返回每一步运算"},
                           "file": {"type": "string", "format": "binary",
                                    "description": "公开文本 .txt、规范化 .json 或 .pdf"}}}},
    },
}


@router.post("/v1/eval", tags=["校验"], summary="在公开文件上求一个表达式的值", response_model=EvalResult,
             responses={400: {"model": ErrorBody, "description": "表达式无法编译（附诊断）"}, **REFUSALS},
             dependencies=[Depends(require_checker)], openapi_extra={"requestBody": _EVAL_BODY})
async def eval_endpoint(request: Request, lang: Lang = Query("zh")) -> Response:
    """编译表达式（使用当前规则库的定义）并在给定的公开文件上求值；trace=true 时给出每一步。公开文件可为 JSON 请求体中的
    规范化数据，或以表单上传（multipart：expression、trace、file 为 .txt/.json/.pdf）。"""
    from engine.service.jobs import evaluate

    submission = await read_submission(request)
    # imported, evaluated and serialised in a worker process, not on the event loop (a trace can be long)
    result = await request.app.state.runner.document(evaluate, submission, lang, request.app.state.settings.max_json)
    return Response(result, media_type="application/json")



RELOAD_WAIT = 0.5  # seconds /healthz waits for a changed rulebook to reload; then it answers from the last one


@router.get("/healthz", tags=["服务"], summary="健康检查", response_model=Health)
async def health(request: Request) -> Health:  # on the event loop: no worker thread to wait for
    """服务是否可用，以及当前规则库；规则库文件被改坏时为 degraded（仍用上一个可用版本）。"""
    served = request.app.state.served
    failed = False
    if served.changed():  # a reload compiles the rulebook: in a thread, and never waited for long
        try:
            await asyncio.wait_for(asyncio.shield(_reloading(request.app)), RELOAD_WAIT)
        except asyncio.TimeoutError:
            pass
        except Exception as exc:  # not the rule files (those are `problems`): a disk error; the last good book serves
            log.warning("rulebook reload failed: %s", type(exc).__name__)
            failed = True
    snap = served.snapshot
    return Health(status="degraded" if snap.problems or failed else "ok", rulebook=snap.book.id, version=snap.book.version,
                  rules=len(snap.book.rules), problems=snap.problems)


def _reloading(app) -> asyncio.Future:
    """One reload at a time, shared by every /healthz that sees the change."""
    task = getattr(app.state, "reloading", None)
    if task is None or task.done():
        task = app.state.reloading = asyncio.ensure_future(run_in_threadpool(app.state.served.current))
        task.add_done_callback(lambda done: done.cancelled() or done.exception())  # retrieved, even if none waits
    return task
