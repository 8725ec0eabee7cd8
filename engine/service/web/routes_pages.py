"""The workbench's pages (server-rendered, Chinese): 校验 at /, 审核 at /review, 规则 at /rules and /rules/{id};
their assets from the package (engine/service/web/static), never from a CDN."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from engine.service.errors import refusal
from engine.service.web.templates import render

HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)


def mount_static(app) -> None:
    app.mount("/web/static", StaticFiles(directory=HERE / "static"), name="web-static")


@router.get("/", response_class=HTMLResponse)
def check_page(request: Request) -> HTMLResponse:
    return render("check.html", page="check")


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request) -> HTMLResponse:
    return render("review.html", page="review")


def _gate(request: Request) -> HTMLResponse | None:
    """The rules pages show what GET /v1/rules returns: they want the same check token (page_reader_ok)."""
    from engine.service.auth import page_reader_ok

    if page_reader_ok(request):
        return None
    return render("token.html", status=401, page="rules", wrong=bool(request.cookies.get("rulebook-token")))


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request) -> HTMLResponse:
    if (refused := _gate(request)) is not None:
        return refused
    snap = request.app.state.served.current()
    rules = sorted(snap.book.rules, key=lambda r: r.id)
    categories = sorted({r.category for r in rules})
    return render("rules.html", page="rules", rules=rules, categories=categories, book=snap.book,
                  tables={r.id: sorted(r.tables) if r.compiled is not None else [] for r in rules})


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(request: Request, rule_id: str) -> HTMLResponse:
    from engine.resources import data_dir

    if (refused := _gate(request)) is not None:
        return refused
    snap = request.app.state.served.current()
    rule = snap.book.rule(rule_id)
    if rule is None:
        raise refusal(404, "unknown_rule", "S40", rule=rule_id)
    samples = sorted(p.name for p in data_dir("samples").glob("*") if p.suffix in (".json", ".txt", ".pdf"))
    return render("rule.html", page="rules", rule=rule, version=snap.versions.get(rule.id), samples=samples,
                  examples=rule.examples)
