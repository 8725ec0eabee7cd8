"""Checking over HTTP: POST /v1/check (JSON or an uploaded file), POST /v1/eval, GET /healthz."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from engine.checking.findings import Report
from engine.service.auth import require_checker
from engine.service.errors import ApiError
from engine.service.intake import from_json, from_upload, keep, value_json
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


async def _read_submission(request: Request, fields: dict | None = None) -> tuple[str, bytes]:
    """('json', body) or (file name, file bytes); the content type decides. A form's other text fields are put
    in `fields` (eval's expression)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("application/json", "") or kind.endswith("+json"):
        return "json", await request.body()
    if kind == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(422, "missing_file", "上传表单中缺少文件字段「file」", "the form has no 'file' field")
        if fields is not None:
            fields.update({k: v for k, v in form.items() if isinstance(v, str)})
        data = await upload.read()
        await form.close()
        return upload.filename or "upload.txt", data
    raise ApiError(415, "unsupported_media_type", f"不支持的内容类型「{kind}」：应为 application/json 或 multipart/form-data",
                   f"unsupported content type {kind}: use application/json or multipart/form-data")


@router.post("/v1/check", tags=["校验"], summary="校验一个公开文件", openapi_extra={"requestBody": _CHECK_BODY},
             responses={200: {"model": Report, "description": "与 `rulebook check --format json` 相同的报告"},
                        **REFUSALS}, dependencies=[Depends(require_checker)])
async def check_endpoint(request: Request, lang: Lang = Query("zh"),
                         name: str | None = Query(None, max_length=200, description="报告中的文件名")) -> Response:
    """提交规范化 JSON 或上传公开文本（multipart，字段 file），返回校验报告（与命令行 JSON 输出相同）。"""
    source, raw = await _read_submission(request)
    app = request.app

    def work() -> str:
        from engine.checking.check import check
        from engine.checking.formats import as_json

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


async def eval_request(request: Request) -> tuple[EvalRequest | None, dict, str, bytes]:
    """The JSON EvalRequest, or a form's fields and its uploaded file (imported later, off the event loop)."""
    fields: dict = {}
    source, raw = await _read_submission(request, fields)
    if source == "json":
        from pydantic import ValidationError

        from engine.service.errors import unprocessable

        try:
            return EvalRequest.model_validate_json(raw or b"{}"), {}, source, raw
        except ValidationError as exc:
            raise unprocessable(list(exc.errors()), "请求 ") from None
    expression = str(fields.get("expression", "")).strip()
    if not expression or len(expression) > 8000:
        raise ApiError(422, "missing_expression", "表单中缺少表达式字段「expression」（至多 8000 字）",
                       "the form needs an 'expression' field (at most 8000 characters)")
    return None, fields, source, raw


@router.post("/v1/eval", tags=["校验"], summary="在公开文件上求一个表达式的值", response_model=EvalResult,
             responses={400: {"model": ErrorBody, "description": "表达式无法编译（附诊断）"}, **REFUSALS},
             dependencies=[Depends(require_checker)], openapi_extra={"requestBody": _EVAL_BODY})
async def eval_endpoint(request: Request, lang: Lang = Query("zh")) -> EvalResult:
    """编译表达式（使用当前规则库的定义）并在给定的公开文件上求值；trace=true 时给出每一步。公开文件可为 JSON 请求体中的
    规范化数据，或以表单上传（multipart：expression、trace、file 为 .txt/.json/.pdf）。"""
    app = request.app
    parsed, fields, source, raw = await eval_request(request)

    def work() -> EvalResult:
        from engine.diagnostics import DiagnosticError

        body = parsed or EvalRequest.model_construct(
            expression=fields["expression"].strip(), disclosure=from_upload(source, raw),
            trace=str(fields.get("trace", "")).lower() in ("1", "true", "yes", "on"))
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
                 "tolerance": value_json(s.tolerance), "kind": s.kind} for s in result.steps])

    return await app.state.runner(work)


@router.get("/healthz", tags=["服务"], summary="健康检查", response_model=Health)
async def health(request: Request) -> Health:  # on the event loop: no worker thread to wait for
    """服务是否可用，以及当前规则库；规则库文件被改坏时为 degraded（仍用上一个可用版本）。"""
    snap = request.app.state.served.current()
    return Health(status="degraded" if snap.problems else "ok", rulebook=snap.book.id, version=snap.book.version,
                  rules=len(snap.book.rules), problems=snap.problems)
