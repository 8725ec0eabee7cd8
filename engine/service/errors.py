"""Every refusal as JSON {error: {code, message, message_en, ...}}, and the handlers that keep 500s out of bad input."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("rulebook.service")

# status -> (code, message) for refusals raised by the framework itself (unknown path, wrong method …)
_GENERIC = {
    400: ("bad_request", "S17"), 401: ("unauthorized", "S18"), 404: ("not_found", "S19"),
    405: ("method_not_allowed", "S20"), 406: ("not_acceptable", "S21"), 413: ("body_too_large", "S22"),
    429: ("busy", "S23"), 415: ("unsupported_media_type", "S24"),
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


def refusal(status: int, code: str, message: str, *, headers: dict[str, str] | None = None,
            extra: dict[str, Any] | None = None, **params: Any) -> ApiError:
    """A refusal whose words are `message` of the message table (engine/messages.py, S codes), filled with
    `params`; the body names the message as message_code. `extra`: more fields of the body."""
    from engine.messages import text

    return ApiError(status, code, text(message, "zh", **params), text(message, "en", **params), headers=headers,
                    message_code=message, **(extra or {}))


def refusal_body(status: int, code: str, message: str, **params: Any) -> bytes:
    """The JSON body of a refusal sent by a middleware, before any route (413, 429)."""
    import json

    return json.dumps(refusal(status, code, message, extra=params, **params).body(), ensure_ascii=False).encode("utf-8")


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
    "possible_cells": "可能的放法（ambiguous）不合要求：只能把印出的金额放进本组所列各行的空白单元格，且每种放法放入的金额相同",
    "placed_rows": "按表内算术或他表数字归栏的行（placed_by_sums、placed_by）不合要求：只能列出本表中有的行",
    "placed_by_source": "他表数字归栏（placed_by）只能指向本文件的另一张表",
    "placed_not_table": "按表内算术或他表数字归栏的行只能属于本文件的一张表",
    "possible_indicators": "自评表指标行可能的读法（ambiguous）不合要求：只能把该行印出的文字依次分入指标值、完成值、未完成原因、自评得分各格",
    "form_placement": "自评表标为指标行读法存疑（uncertain: placement），但不是本文件唯一一张列出可能读法的自评表",
}


def unprocessable(errors: list[dict], message: str = "S13") -> ApiError:
    """`message`: S13 a request, S14 an eval request, S15 a disclosure's JSON."""
    return refusal(422, "invalid_body", message, n=len(errors), extra={"reasons": validation_reasons(errors)})


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
            return error_response(refusal(422, "unparsable_body", "S16"))
        code, message = _GENERIC.get(exc.status_code, ("http_error", "S25"))
        return error_response(refusal(exc.status_code, code, message, headers=getattr(exc, "headers", None)))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Only the type and path are logged: never the submission, never a header.
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        app.state.unexpected_errors = getattr(app.state, "unexpected_errors", 0) + 1
        return error_response(refusal(500, "internal_error", "S26"))
