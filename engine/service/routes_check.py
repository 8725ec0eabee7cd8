"""Checking over HTTP: POST /v1/check (JSON or an uploaded file), POST /v1/eval, GET /healthz."""
from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from engine.checking.findings import Report
from engine.service.auth import require_checker
from engine.service.errors import ApiError
from engine.service.intake import from_json, from_upload, keep, value_json, within_limits
from engine.service.submission import Submission, read_submission
from engine.service.schemas import ErrorBody, EvalRequest, EvalResult, Health, Lang

router = APIRouter()

REFUSALS = {401: {"model": ErrorBody}, 413: {"model": ErrorBody}, 415: {"model": ErrorBody},
            422: {"model": ErrorBody}, 429: {"model": ErrorBody}, 503: {"model": ErrorBody}}

_CHECK_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Disclosure"}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary",
                                    "description": "公开文本 .txt、规范化 .json 或 .pdf"}}}},
    },
}


@router.post("/v1/check", tags=["校验"], summary="校验一个公开文件", openapi_extra={"requestBody": _CHECK_BODY},
             responses={200: {"model": Report, "description": "与 `rulebook check --format json` 相同的报告"},
                        **REFUSALS}, dependencies=[Depends(require_checker)])
async def check_endpoint(request: Request, lang: Lang = Query("zh"),
                         name: str | None = Query(None, max_length=200, description="报告中的文件名")) -> Response:
    """提交规范化 JSON 或上传公开文本（multipart，字段 file），返回校验报告（与命令行 JSON 输出相同）。"""
    submission = await read_submission(request)
    app = request.app

    def work() -> str:
        from engine.checking.check import check
        from engine.checking.formats import as_json

        source, raw, _ = submission.parts()
        doc = from_json(raw) if source == "json" else from_upload(source, raw, app.state.settings.max_json)
        keep(app.state.settings.keep_submissions, doc, raw, ".json" if source == "json" else _suffix(source))
        book = app.state.served.current().book
        return bounded(as_json(check(doc, book, lang=lang, file=name or (None if source == "json" else source))))

    return Response(await app.state.runner(work), media_type="application/json")


def bounded(report: str) -> str:
    from engine.limits import MAX_REPORT_BYTES

    if len(report) > MAX_REPORT_BYTES // 4 and len(report.encode("utf-8")) > MAX_REPORT_BYTES:
        raise ApiError(422, "report_too_large", f"校验报告超过 {MAX_REPORT_BYTES // 1024 // 1024} MB 上限，未发送；"
                       "文件中问题过多，请先修正明显的错误或分批提交", f"the report exceeds {MAX_REPORT_BYTES} bytes "
                       "and was not sent; fix the obvious errors first", limit=MAX_REPORT_BYTES)
    return report


def _suffix(name: str) -> str:
    from pathlib import Path

    return Path(name).suffix.lower() or ".txt"


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


def eval_request(submission: Submission, max_json: int) -> EvalRequest:
    """The JSON EvalRequest, or one made of a form's fields and its uploaded file. Runs in a worker: validating
    the disclosure (and importing an upload) holds the interpreter lock."""
    source, raw, fields = submission.parts()
    if source == "json":
        from pydantic import ValidationError

        from engine.service.errors import unprocessable

        try:
            return EvalRequest.model_validate_json(raw or b"{}")
        except ValidationError as exc:
            raise unprocessable(list(exc.errors()), "请求 ") from None
    expression = str(fields.get("expression", "")).strip()
    if not expression or len(expression) > 8000:
        raise ApiError(422, "missing_expression", "表单中缺少表达式字段「expression」（至多 8000 字）",
                       "the form needs an 'expression' field (at most 8000 characters)")
    return EvalRequest.model_construct(
        expression=expression, disclosure=from_upload(source, raw, max_json),
        trace=str(fields.get("trace", "")).lower() in ("1", "true", "yes", "on"))


@router.post("/v1/eval", tags=["校验"], summary="在公开文件上求一个表达式的值", response_model=EvalResult,
             responses={400: {"model": ErrorBody, "description": "表达式无法编译（附诊断）"}, **REFUSALS},
             dependencies=[Depends(require_checker)], openapi_extra={"requestBody": _EVAL_BODY})
async def eval_endpoint(request: Request, lang: Lang = Query("zh")) -> Response:
    """编译表达式（使用当前规则库的定义）并在给定的公开文件上求值；trace=true 时给出每一步。公开文件可为 JSON 请求体中的
    规范化数据，或以表单上传（multipart：expression、trace、file 为 .txt/.json/.pdf）。"""
    app = request.app
    submission = await read_submission(request)

    def work() -> str:
        from engine.diagnostics import DiagnosticError

        body = eval_request(submission, app.state.settings.max_json)
        within_limits(body.disclosure)
        book = app.state.served.current().book
        try:
            compiled = book.environment.compile(body.expression)
        except DiagnosticError as exc:
            raise ApiError(400, "bad_expression", "表达式无法编译", "the expression does not compile",
                           diagnostics=[d.to_dict() for d in exc.diagnostics]) from None
        result = compiled.value(body.disclosure, trace=body.trace)
        message = result.message_en if lang == "en" else result.message_zh
        return EvalResult(
            status=result.status, kind=result.kind, value=value_json(result.value),
            tolerance=value_json(result.tolerance), canonical=compiled.canonical, code=result.code,
            message=message or None,
            refs=[{"table": r.table, "row": r.row, "column": r.column, "label": r.label,
                   "value": value_json(r.value), "source": str(r.source) if r.source is not None else None}
                  for r in result.refs],
            steps=None if result.steps is None else [
                {"text": s.text, "value": s.value if isinstance(s.value, bool) else value_json(s.value),
                 "tolerance": value_json(s.tolerance), "kind": s.kind} for s in result.steps]).model_dump_json()

    # serialised in the worker, not by FastAPI on the event loop (a trace can be long)
    return Response(await app.state.runner(work), media_type="application/json")


RELOAD_WAIT = 0.5  # seconds /healthz waits for a changed rulebook to reload; then it answers from the last one


@router.get("/healthz", tags=["服务"], summary="健康检查", response_model=Health)
async def health(request: Request) -> Health:  # on the event loop: no worker thread to wait for
    """服务是否可用，以及当前规则库；规则库文件被改坏时为 degraded（仍用上一个可用版本）。"""
    served = request.app.state.served
    if served.changed():  # a reload compiles the rulebook: in a thread, and never waited for long
        try:
            await asyncio.wait_for(asyncio.shield(_reloading(request.app)), RELOAD_WAIT)
        except asyncio.TimeoutError:
            pass
    snap = served.snapshot
    return Health(status="degraded" if snap.problems else "ok", rulebook=snap.book.id, version=snap.book.version,
                  rules=len(snap.book.rules), problems=snap.problems)


def _reloading(app) -> asyncio.Future:
    """One reload at a time, shared by every /healthz that sees the change."""
    task = getattr(app.state, "reloading", None)
    if task is None or task.done():
        task = app.state.reloading = asyncio.ensure_future(run_in_threadpool(app.state.served.current))
    return task
