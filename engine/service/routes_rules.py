"""The rulebook over HTTP: list, read, explain; create, replace (If-Match), delete (If-Match)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from engine.rules.loader import Rule
from engine.service.auth import require_checker, require_editor
from engine.service.errors import refusal
from engine.service.routes_check import CHECK_BODY
from engine.service.schemas import RULE_ID, ErrorBody, ExplainOut, Lang, RuleIn, RuleList, RuleOut
from engine.service.yamlfile import _plain

router = APIRouter(prefix="/v1/rules")

RuleId = Path(..., max_length=40, description="规则编号")
_401 = {401: {"model": ErrorBody}}
_404 = {404: {"model": ErrorBody, "description": "没有这条规则"}}
_EDIT = {**_401, 400: {"model": ErrorBody, "description": "规则未通过检查或示例（附诊断），文件未改动"},
         409: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody},
         503: {"model": ErrorBody}}
_PRECONDITION = {412: {"model": ErrorBody, "description": "If-Match 已过期（附当前版本）"},
                 428: {"model": ErrorBody, "description": "缺少 If-Match"}}


def rule_out(rule: Rule, version: str | None) -> RuleOut:
    return RuleOut(id=rule.id, name=rule.name, severity=rule.severity, category=rule.category, expr=rule.expr,
                   canonical=rule.canonical, when=rule.when, message=rule.message, basis=rule.basis,
                   tolerance=None if rule.tolerance is None else format(rule.tolerance, "f"),
                   examples=_plain(rule.examples), file=rule.file.name, line=rule.line, version=version)


def _find(request: Request, rid: str) -> tuple[Rule, str | None]:
    snap = request.app.state.served.current()
    rule = snap.book.rule(rid)
    if rule is None:
        raise refusal(404, "unknown_rule", "S40", extra={"rule": rid}, rule=rid)
    return rule, snap.versions.get(rid)


def _with_version(status: int, body: RuleOut, extra: dict | None = None) -> JSONResponse:
    headers = {"ETag": body.version} if body.version else {}
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers={**headers, **(extra or {})})


@router.get("", tags=["规则"], summary="列出规则", response_model=RuleList, responses=_401,
            dependencies=[Depends(require_checker)])
def list_rules(request: Request, category: str | None = Query(None, max_length=50, description="类别，如 表内平衡"),
               severity: str | None = Query(None, max_length=20, description="级别：error/warning/info")) -> RuleList:
    from engine.rules.loader import SEVERITIES

    snap = request.app.state.served.current()
    wanted = SEVERITIES.get(severity.strip()) if severity else None
    if severity and wanted is None:
        raise refusal(422, "bad_severity", "S54", extra={"allowed": sorted(SEVERITIES)}, severity=severity)
    rules = [rule_out(r, snap.versions.get(r.id)) for r in snap.book.rules
             if (not category or r.category == category) and (not wanted or r.severity == wanted)]
    return RuleList(rulebook=snap.book.id, version=snap.book.version, count=len(rules), rules=rules)


@router.get("/{rule_id}", tags=["规则"], summary="读取一条规则（带 ETag）", response_model=RuleOut,
            responses={**_401, **_404}, dependencies=[Depends(require_checker)])
def get_rule(request: Request, rule_id: str = RuleId) -> JSONResponse:
    rule, version = _find(request, rule_id)
    return _with_version(200, rule_out(rule, version))


_EXPLAIN_BODY = {**CHECK_BODY, "required": False}  # explain reads a document when one is given


@router.post("/{rule_id}/explain", tags=["规则"], summary="解释规则（可附公开文件逐步说明）", response_model=ExplainOut,
             responses={**_401, **_404, 415: {"model": ErrorBody}, 422: {"model": ErrorBody},
                        503: {"model": ErrorBody}},
             dependencies=[Depends(require_checker)], openapi_extra={"requestBody": _EXPLAIN_BODY})
async def explain_rule(request: Request, rule_id: str = RuleId, lang: Lang = Query("zh")) -> Response:
    """请求体为规范化公开文件 JSON，或以表单上传公开文本/PDF（multipart，字段 file）；省略则只说明规则本身。"""
    from engine.service.jobs import explain
    from engine.service.submission import read_submission

    rule, _ = _find(request, rule_id)
    submission = await read_submission(request)
    # the document is imported and the rule run traced in a worker process, as a check is
    text = await request.app.state.runner.document(explain, rule.id, submission, lang,
                                                   request.app.state.settings.max_json)
    return Response(text, media_type="application/json")


@router.post("", tags=["编辑"], summary="新建规则", status_code=201, response_model=RuleOut,
             responses={**_EDIT, 409: {"model": ErrorBody, "description": "编号已存在"}})
async def create_rule(request: Request, rule: RuleIn,
                      file: str | None = Query(None, max_length=100, pattern=r"^[A-Za-z0-9_.\-]+\.ya?ml$",
                                               description="写入的规则文件（默认：同类别规则所在文件）"),
                      who: str = Depends(require_editor)) -> JSONResponse:
    import re

    if not rule.id or not re.match(RULE_ID, rule.id):
        raise refusal(422, "missing_id", "S55")
    fields = rule.fields()
    outcome = await request.app.state.runner.edit(request.app.state.editor.create, fields, who, file)
    created, _ = _find(request, outcome.rule)
    return _with_version(201, rule_out(created, outcome.version), {"Location": f"/v1/rules/{outcome.rule}"})


@router.put("/{rule_id}", tags=["编辑"], summary="替换规则（须带 If-Match）", response_model=RuleOut,
            responses={**_EDIT, **_404, **_PRECONDITION})
async def replace_rule(request: Request, rule: RuleIn, rule_id: str = RuleId,
                       if_match: str | None = Header(None, max_length=200, description="GET 得到的 ETag"),
                       who: str = Depends(require_editor)) -> JSONResponse:
    if rule.id is not None and rule.id != rule_id:
        raise refusal(400, "id_mismatch", "S56", id=rule.id, path_id=rule_id)
    fields = {**rule.fields(), "id": rule_id}
    outcome = await request.app.state.runner.edit(request.app.state.editor.replace, rule_id, fields, if_match, who)
    replaced, _ = _find(request, rule_id)
    return _with_version(200, rule_out(replaced, outcome.version))


@router.delete("/{rule_id}", tags=["编辑"], summary="删除规则（须带 If-Match）", status_code=204,
               responses={**_EDIT, **_404, **_PRECONDITION})
async def delete_rule(request: Request, rule_id: str = RuleId,
                      if_match: str | None = Header(None, max_length=200, description="GET 得到的 ETag"),
                      who: str = Depends(require_editor)) -> Response:
    await request.app.state.runner.edit(request.app.state.editor.delete, rule_id, if_match, who)
    return Response(status_code=204)
