"""Every refusal as JSON {error: {code, message, message_en, ...}}, and the handlers that keep 500s out of bad input."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("rulebook.service")

# status -> (code, zh, en) for refusals raised by the framework itself (unknown path, wrong method …)
_GENERIC = {
    400: ("bad_request", "请求无效", "bad request"),
    401: ("unauthorized", "需要有效的令牌", "a valid token is required"),
    404: ("not_found", "没有这个地址", "no such path"),
    405: ("method_not_allowed", "该地址不支持此方法", "method not allowed on this path"),
    406: ("not_acceptable", "无法提供所要求的格式", "not acceptable"),
    413: ("body_too_large", "请求体过大", "request body too large"),
    429: ("busy", "服务繁忙，请稍后重试", "the service is busy; retry later"),
    415: ("unsupported_media_type", "不支持的内容类型", "unsupported media type"),
}


class ApiError(Exception):
    """A refusal with a status, a stable code, Chinese and English text, and optional extra fields."""

    def __init__(self, status: int, code: str, message: str, message_en: str, *,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en
        self.headers, self.extra = headers, extra

    def __reduce__(self):  # raised in a worker process, re-raised in the server: keep every field
        return _rebuild, (self.status, self.code, self.message, self.message_en, self.headers, self.extra)

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "message_en": self.message_en, **self.extra}}


def _rebuild(status: int, code: str, message: str, message_en: str, headers: dict[str, str] | None,
             extra: dict) -> ApiError:
    return ApiError(status, code, message, message_en, headers=headers, **extra)


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


def _where(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "请求体"


def validation_reasons(errors: list[dict]) -> list[dict]:
    """pydantic errors -> [{where, message (zh), message_en}]; the submitted value itself is not echoed."""
    out = []
    for err in errors[:50]:
        kind, en = str(err.get("type", "")), str(err.get("msg", ""))
        zh = _ZH.get(kind.split(".")[0], "内容不符合要求")
        if kind == "json_invalid":
            zh = "JSON 格式错误：" + str((err.get("ctx") or {}).get("error", ""))
        out.append({"where": _where(err.get("loc", ())), "type": kind, "message": zh, "message_en": en})
    return out


_ZH = {
    "missing": "缺少必填项", "extra_forbidden": "不允许的字段（本模式中没有）", "json_invalid": "JSON 格式错误",
    "string_type": "应为文本", "int_type": "应为整数", "int_parsing": "应为整数", "bool_type": "应为真/假",
    "bool_parsing": "应为真/假", "decimal_parsing": "应为数值", "decimal_type": "应为数值", "float_type": "应为数值",
    "list_type": "应为列表", "dict_type": "应为对象", "model_type": "应为对象", "model_attributes_type": "应为对象",
    "literal_error": "取值不在允许范围内", "enum": "取值不在允许范围内", "string_too_long": "文本过长",
    "string_too_short": "文本过短", "too_short": "项数过少", "too_long": "项数过多", "value_error": "取值无效",
    "greater_than_equal": "数值过小", "less_than_equal": "数值过大", "union_tag_invalid": "类型无效",
    "none_required": "应为空", "json_type": "应为 JSON", "decimal_max_digits": "数值位数过多（金额至多 30 位，含指数代表的位数）",
    "finite_number": "应为有限数值", "decimal_max_places": "小数位数过多",
}


def unprocessable(errors: list[dict], what: str = "请求内容") -> ApiError:
    reasons = validation_reasons(errors)
    return ApiError(422, "invalid_body", f"{what}不符合模式，共 {len(errors)} 处问题", f"{len(errors)} schema problems",
                    reasons=reasons)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(unprocessable(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # the framework could not parse the body (bad JSON bytes, a malformed form)
            return error_response(ApiError(422, "unparsable_body", "请求体无法解析：应为 UTF-8 的 JSON，或字段为 file 的上传表单",
                                           "the body cannot be parsed: send UTF-8 JSON or a form with field 'file'"))
        code, zh, en = _GENERIC.get(exc.status_code, ("http_error", "请求无法处理", "request cannot be handled"))
        return error_response(ApiError(exc.status_code, code, zh, en, headers=getattr(exc, "headers", None)))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Only the type and path are logged: never the submission, never a header.
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        app.state.unexpected_errors = getattr(app.state, "unexpected_errors", 0) + 1
        return error_response(ApiError(500, "internal_error", "服务内部错误，请稍后重试或联系管理员",
                                       "internal error"))
