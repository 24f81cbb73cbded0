"""Logging in and out (agency mode). Guessing is slowed per browser, address and name
(:mod:`siaran.web.security.throttle`); logging out ends the session on the server."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from siaran.i18n import text
from siaran.web.formatting import Figures
from siaran.web.pages.common import not_found, web_of
from siaran.web.rendering import YEAR_SECONDS, render
from siaran.web.security.passwords import verify_password
from siaran.web.security.throttle import NAME_CHARS
from siaran.web.security.tokens import (
    CLIENT_COOKIE,
    DEVICE_COOKIE,
    DEVICE_SECONDS,
    SESSION_COOKIE,
    new_client_id,
)
from siaran.web.viewer import check_csrf, closes_form, viewer_of

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//elsewhere`` or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def address_of(request: Request) -> str:
    return request.client.host if request.client is not None else ""


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    if not web_of(request).settings.agency:
        raise not_found()
    viewer = viewer_of(request, login=False)
    return render(request, viewer, "login.html", next=safe_next(next), error=None, name="")


@router.post("/login", response_model=None)
@closes_form
async def login(request: Request) -> Response:
    web = web_of(request)
    if not web.settings.agency:
        raise not_found()
    viewer = viewer_of(request, login=False)
    await check_csrf(request)
    form = await request.form()
    name = str(form.get("name") or "").strip()[:NAME_CHARS]
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or "/"))
    known = web.tokens.device_names(request.cookies.get(DEVICE_COOKIE))
    attempt = web.logins.reserve(
        name=name,
        client_id=viewer.client_id,
        address=address_of(request),
        known_device=name in known,
    )
    if not attempt.allowed:
        wait = Figures(viewer.lang).seconds(attempt.wait_seconds)
        return render(
            request,
            viewer,
            "login.html",
            status=429,
            headers={"Retry-After": str(attempt.wait_seconds)},
            next=target,
            error=text("web.login.throttled", viewer.lang, wait=wait),
            name=name,
        )
    user = web.users.get(name)
    ok = False
    try:
        stored = user.password_hash if user is not None else web.decoy_hash
        # The same work whether or not the name exists: the time tells nothing.
        ok = await run_in_threadpool(verify_password, password, stored) and user is not None
    finally:
        web.logins.settle(attempt, succeeded=ok)
    if not ok or user is None:
        error = text("web.login.wrong", viewer.lang)
        return render(
            request, viewer, "login.html", status=401, next=target, error=error, name=name
        )
    client = new_client_id()
    response = RedirectResponse(target, status_code=303)
    secure = web.settings.secure_cookies
    session = web.tokens.session_cookie(web.sessions.start(user.name, client))
    cookies = (
        (CLIENT_COOKIE, client, YEAR_SECONDS),
        (SESSION_COOKIE, session, web.settings.session_seconds),
        (DEVICE_COOKIE, web.tokens.device_cookie(user.name, known), DEVICE_SECONDS),
    )
    for cookie, value, seconds in cookies:
        response.set_cookie(
            cookie, value, max_age=seconds, httponly=True, samesite="lax", secure=secure
        )
    return response


@router.post("/logout")
@closes_form
async def logout(request: Request) -> Response:
    await check_csrf(request)
    web = web_of(request)
    web.sessions.end(web.tokens.session_id(request.cookies.get(SESSION_COOKIE)))
    response = RedirectResponse("/login" if web.settings.agency else "/", 303)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CLIENT_COOKIE)
    return response
