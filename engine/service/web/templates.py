"""Jinja2 templates of the workbench (autoescaped: every value from a document or a rule is text, never markup)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi.responses import HTMLResponse

from engine import __version__


@cache
def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.globals["app_version"] = __version__
    return env


def fragment(name: str, **values) -> str:
    return _env().get_template(name).render(**values)


def render(name: str, status: int = 200, **values) -> HTMLResponse:
    return HTMLResponse(fragment(name, **values), status_code=status)
