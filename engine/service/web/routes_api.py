"""What the workbench's scripts call besides the /v1 API: the check result as an HTML fragment, completion names,
the bundled samples as normalised JSON, the impact preview of a rule edit, and the change log with diffs."""
from __future__ import annotations

import difflib
import json

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from engine.service.auth import editor_or_none, require_checker
from engine.service.errors import refusal
from engine.service.submission import Submission, read_submission
from engine.service.schemas import RuleIn
from engine.service.web.templates import fragment

router = APIRouter(prefix="/web", include_in_schema=False, dependencies=[Depends(require_checker)])


def check_fragment_job(served, submission: Submission, max_json: int, keep_folder) -> str:
    """Runs in a worker process: the check result as the workbench's HTML fragment."""
    from engine.service.web.checkview import check_view
    from engine.service.jobs import checked

    source, raw, _ = submission.parts()
    doc, report = checked(served, source, raw, "zh", None, max_json, keep_folder)
    return fragment("check_result.html", **check_view(doc, report, served.current().book, raw, source))


@router.post("/check", response_class=HTMLResponse)
async def check_fragment(request: Request) -> HTMLResponse:
    submission = await read_submission(request)
    settings = request.app.state.settings
    return HTMLResponse(await request.app.state.runner.document(check_fragment_job, submission, settings.max_json,
                                                                settings.keep_submissions))


@router.get("/names")
def names(request: Request) -> JSONResponse:
    from engine.service.web.names import completion_names

    return JSONResponse(completion_names(request.app.state.served.current().book))


def _sample(name: str):
    from engine.resources import data_dir

    path = data_dir("samples") / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise refusal(404, "unknown_sample", "S41", name=name)
    return path


@router.get("/samples/{name}")
async def sample_json(request: Request, name: str) -> Response:
    """A bundled sample as the normalised JSON /v1/eval takes (a text or PDF sample imported first, in a worker)."""
    from engine.service.jobs import sample_json as job

    path = _sample(name)
    return Response(await request.app.state.runner.document(job, str(path)), media_type="application/json")


@router.post("/rules/{rule_id}/impact")
async def impact_preview(request: Request, rule_id: str, rule: RuleIn) -> JSONResponse:
    from engine.resources import data_dir
    from engine.service.web.impact import documents

    if request.app.state.served.current().book.rule(rule_id) is None:
        raise refusal(404, "unknown_rule", "S40", rule=rule_id)
    # stored submissions are other units' documents: previewed only for an editor (a checker sees the samples)
    review = _review_or_none(request) if editor_or_none(request) else None
    samples = sorted(p for p in data_dir("samples").glob("*") if p.suffix in (".txt", ".pdf") and p.is_file())
    docs = documents(review, samples)
    # each document is imported and checked twice: in a worker process, like every other document
    return JSONResponse(await request.app.state.runner.document(impact_job, rule_id, rule.fields(), docs))


def impact_job(served, rule_id: str, fields: dict, docs: list) -> dict:
    from engine.service.web.impact import impact

    book = served.current().book
    current = book.rule(rule_id)
    if current is None:  # deleted since the server looked it up
        raise refusal(404, "unknown_rule", "S40", rule=rule_id)
    return impact(book, current, fields, docs)


def _review_or_none(request: Request):
    from engine.service.routes_review import review_of

    try:
        return review_of(request)
    except Exception:  # no review store configured or reachable: the samples alone
        return None


@router.get("/changes")
def changes(request: Request, rule: str | None = Query(None, max_length=40), limit: int = Query(20, ge=1, le=200)):
    """The newest entries of the change log (for one rule when given), each with a unified diff of the rule."""
    log = request.app.state.editor.changelog
    entries = []
    if log.exists():
        for line in log.read_text("utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if rule is None or entry.get("rule") == rule:
                entries.append(entry)
    out = []
    for e in reversed(entries[-limit:]):
        before, after = _yaml(e.get("before")), _yaml(e.get("after"))
        diff = "\n".join(difflib.unified_diff(before, after, "修改前", "修改后", lineterm=""))
        out.append({"when": e.get("when"), "who": e.get("who"), "action": e.get("action"), "rule": e.get("rule"),
                    "diff": diff})
    return JSONResponse(out)


def _yaml(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return value.splitlines()
    return [f"{k}: {json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}" for k, v in value.items()]
