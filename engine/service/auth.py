"""Bearer tokens: editing always needs one; checking only when RULEBOOK_CHECK_TOKEN is set. Constant-time compare."""
from __future__ import annotations

import hmac

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from engine.service.errors import refusal

bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <令牌>")

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _match(given: str, tokens: dict[str, str]) -> str | None:
    """The name of the token `given` equals, comparing with every token so timing does not tell which."""
    found = None
    given_bytes = given.encode("utf-8")
    for token, who in tokens.items():
        if hmac.compare_digest(given_bytes, token.encode("utf-8")):
            found = who
    return found


def _given(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials is not None and credentials.credentials else None


def require_editor(request: Request,
                   credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
    """Who is editing (the token's name, never the token); 401 without a valid edit token."""
    settings = request.app.state.settings
    if not settings.edit_tokens:
        raise refusal(401, "editing_disabled", "S27", headers=_CHALLENGE)
    given = _given(credentials)
    who = _match(given, settings.edit_tokens) if given else None
    if who is None:
        raise refusal(401, "unauthorized", "S28", headers=_CHALLENGE)
    return who


def editor_or_none(request: Request) -> str | None:
    """Who is editing when the request carries a valid edit token; None otherwise (no refusal)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    tokens = request.app.state.settings.edit_tokens
    return _match(given.strip(), tokens) if scheme.lower() == "bearer" and given.strip() and tokens else None


PAGE_COOKIE = "rulebook-token"  # the workbench's token (workbench.js), sent by the browser when it opens a page


def _checker_ok(request: Request, *, cookie: bool) -> bool:
    settings = request.app.state.settings
    if settings.check_token is None:
        return True
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    if not given and cookie:
        from urllib.parse import unquote

        given = unquote(request.cookies.get(PAGE_COOKIE, "")).strip()
    tokens = {settings.check_token: "checker", **settings.edit_tokens}
    return bool(given) and _match(given, tokens) is not None


def require_checker(request: Request) -> None:
    """Open unless RULEBOOK_CHECK_TOKEN is set; an edit token also grants checking. The header is read directly,
    so the OpenAPI document does not claim that open checking needs a token."""
    if not _checker_ok(request, cookie=False):
        raise refusal(401, "unauthorized", "S29", headers=_CHALLENGE)


def page_reader_ok(request: Request) -> bool:
    """The same rule for a page a browser opens (it cannot send a header on navigation): the token may also come
    as the workbench's cookie. Only read-only GET pages accept the cookie, so a forged cross-site post gains nothing."""
    return _checker_ok(request, cookie=True)
