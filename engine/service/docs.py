"""/docs and /redoc served from assets shipped in the package (no CDN: government networks are often offline),
and `/`: a placeholder page until the workbench takes that route. Assets: static/, built by static/fetch-assets.sh."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"
PREFIX = "/static/docs"


def _with_request_models(app: FastAPI) -> None:
    """Routes that take JSON or a multipart upload describe their body by $ref (openapi_extra), so FastAPI does not
    see the models: their schemas are added to components here."""
    from pydantic.json_schema import models_json_schema

    from engine.model import Disclosure
    from engine.service.schemas import EvalRequest

    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            _, defs = models_json_schema([(Disclosure, "validation"), (EvalRequest, "validation")],
                                         ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, model in defs.get("$defs", {}).items():
                components.setdefault(name, model)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


def install(app: FastAPI) -> None:
    """Call with an app created with docs_url=None, redoc_url=None."""
    _with_request_models(app)
    app.mount(PREFIX, StaticFiles(directory=STATIC), name="docs-assets")
    title = app.title

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{title} · 接口文档",
                                   swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{PREFIX}/swagger-ui.css",
                                   swagger_favicon_url=f"{PREFIX}/favicon-32x32.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url, title=f"{title} · 接口文档",
                              redoc_js_url=f"{PREFIX}/redoc.standalone.js",
                              redoc_favicon_url=f"{PREFIX}/favicon-32x32.png", with_google_fonts=False)
