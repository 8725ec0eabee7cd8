"""The review cycle over HTTP: units and tokens (admin), submissions (department or validator), 审核说明 (department),
decisions and 审核通过 (validator), history. A department's token sees and acts on its own unit only."""
from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from engine.review.workflow import Actor, Review, ReviewError
from engine.service.errors import ApiError, refusal
from engine.service.schemas import ErrorBody

_REFUSALS = {status: {"model": ErrorBody, "description": text} for status, text in (
    (401, "缺少或无效的令牌"), (403, "无权执行此操作（角色或单位不符）"), (404, "没有该单位、提交或说明（他单位的提交对填报单位不可见）"),
    (409, "与当前状态冲突（已有说明、已被新提交取代、仍有强制性问题）"), (413, "请求体过大"), (415, "不支持的文件类型"),
    (422, "内容不符合要求（含被当即退回的说明及其原因）"), (503, "超时"))}
# an integer column's range in SQLite and PostgreSQL alike
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="编号")]
router = APIRouter(prefix="/v1/review", tags=["审核"], responses=_REFUSALS)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


class UnitIn(BaseModel):
    code: str = Field(min_length=1, max_length=64, description="单位编码")
    name: str = Field(min_length=1, max_length=200, description="单位名称")


class PrincipalIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="用户名")
    role: str = Field(description="department 填报单位 | validator 审核人 | editor 规则编辑 | admin 管理员")
    unit: str | None = Field(None, max_length=64, description="单位编码（填报单位必填）")


class ExplanationIn(BaseModel):
    fingerprint: str = Field(min_length=1, max_length=80, description="问题指纹（报告中的 fingerprint）")
    category: str | None = Field(None, max_length=40, description="说明类别：政策调整、口径差异、尾数差异、核算调整、其他…")
    text: str | None = Field(None, max_length=4000, description="说明文字")
    carry_from: int | None = Field(None, ge=1, le=2**31 - 1, description="确认沿用的上年说明编号（沿用上年说明）")


class DecisionIn(BaseModel):
    decision: str = Field(description="accepted 通过 | rejected 退回")
    comment: str = Field("", max_length=4000, description="审核意见（退回时必填）")


class ApprovalIn(BaseModel):
    comment: str = Field("", max_length=4000)


def review_of(request: Request) -> Review:
    review = getattr(request.app.state, "review", None)
    if review is None:
        from engine.review.db import connect

        settings = request.app.state.settings
        served = request.app.state.served
        review = Review(connect(settings.database_url), lambda: served.current().book, keep=settings.keep_submissions)
        request.app.state.review = review
    return review


def actor_of(request: Request) -> Actor:
    """Who calls: a store token, the admin token, or an edit token (the rule-editor role)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    if not given:
        raise refusal(401, "unauthorized", "S43", headers=_CHALLENGE)
    settings = request.app.state.settings
    if settings.admin_token and hmac.compare_digest(given.encode(), settings.admin_token.encode()):
        return Actor("admin", "admin")
    for token, who in settings.edit_tokens.items():
        if hmac.compare_digest(given.encode(), token.encode()):
            return Actor(who, "editor")
    actor = review_of(request).authenticate(given)
    if actor is None:
        raise refusal(401, "unauthorized", "S44", headers=_CHALLENGE)
    return actor


async def _run(request: Request, fn, *args) -> Any:
    def work():
        try:
            return fn(*args)
        except ReviewError as exc:
            raise ApiError(exc.status, exc.code, exc.zh, exc.en) from None

    return await request.app.state.runner(work)


@router.post("/units", summary="新建单位（管理员）")
async def add_unit(body: UnitIn, request: Request) -> dict:
    return await _run(request, review_of(request).add_unit, actor_of(request), body.code, body.name)


@router.post("/principals", summary="新建用户令牌（管理员；令牌只显示这一次）")
async def add_principal(body: PrincipalIn, request: Request) -> dict:
    token = await _run(request, review_of(request).add_principal, actor_of(request), body.name, body.role, body.unit)
    return {"name": body.name, "role": body.role, "unit": body.unit, "token": token}


@router.post("/submissions", summary="提交公开文件并校验（填报单位：本单位）")
async def submit(request: Request, unit: str = Query(..., max_length=64, description="单位编码"),
                 year: int | None = Query(None, ge=1990, le=2100, description="年度（默认从文件读出）"),
                 lang: str = Query("zh", pattern="^(zh|en)$")) -> dict:
    from engine.service.jobs import imported
    from engine.service.submission import read_submission

    actor = actor_of(request)
    submission = await read_submission(request)
    review = review_of(request)
    # the file is imported in a worker process like every other upload; the check is stored here, in the database
    source, raw, doc = await request.app.state.runner.document(imported, submission)

    def work():
        return review.submit(actor, unit, doc, raw, None if source == "json" else source, year, lang)

    return await _run(request, work)


@router.get("/submissions", summary="提交列表（填报单位只见本单位）")
async def submissions(request: Request, unit: str | None = Query(None, max_length=64),
                      year: int | None = Query(None, ge=1990, le=2100)) -> list[dict]:
    return await _run(request, review_of(request).submissions, actor_of(request), unit, year)


@router.get("/submissions/{submission_id}", summary="一次提交的校验结果：每条问题的指纹、状态、说明与可沿用的上年说明")
async def view(submission_id: RowId, request: Request) -> dict:
    return await _run(request, review_of(request).view, actor_of(request), submission_id)


@router.get("/submissions/{submission_id}/history", summary="本单位本年度的审核记录：谁在何时做了什么")
async def history(submission_id: RowId, request: Request) -> list[dict]:
    return await _run(request, review_of(request).history, actor_of(request), submission_id)


@router.post("/submissions/{submission_id}/explanations", summary="对提示性问题写审核说明（填报单位）")
async def explain(submission_id: RowId, body: ExplanationIn, request: Request) -> dict:
    return await _run(request, review_of(request).explain, actor_of(request), submission_id, body.fingerprint,
                      body.category, body.text, body.carry_from)


@router.post("/explanations/{explanation_id}/decision", summary="通过或退回一条审核说明（审核人）")
async def decide(explanation_id: RowId, body: DecisionIn, request: Request) -> dict:
    return await _run(request, review_of(request).decide, actor_of(request), explanation_id, body.decision,
                      body.comment)


@router.post("/submissions/{submission_id}/approve", summary="审核通过（审核人；有未更正的强制性问题时拒绝）")
async def approve(submission_id: RowId, body: ApprovalIn, request: Request) -> dict:
    return await _run(request, review_of(request).approve, actor_of(request), submission_id, body.comment)


@router.get("/categories", summary="审核说明的类别")
async def categories(request: Request) -> list[str]:
    from engine.review.explanations import CATEGORIES

    book = request.app.state.served.current().book
    return list(dict.fromkeys(CATEGORIES + tuple(getattr(book, "reason_categories", ()))))
