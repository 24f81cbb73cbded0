"""Logging in and out (agency mode). Repeated wrong passwords lock a name for a while."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Final

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from siaran.i18n import text
from siaran.web.pages.common import not_found, web_of
from siaran.web.rendering import render
from siaran.web.security.passwords import verify_password
from siaran.web.security.tokens import CLIENT_COOKIE, SESSION_COOKIE, new_client_id
from siaran.web.viewer import check_csrf, viewer_of

router = APIRouter()
FAILURES_ALLOWED: Final = 5
LOCKOUT_SECONDS: Final = 15 * 60


class FailedLogins:
    """Wrong passwords per name in the last :data:`LOCKOUT_SECONDS` (one per app)."""

    def __init__(self) -> None:
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, name: str) -> deque[float]:
        found = self._failures[name]
        while found and time.monotonic() - found[0] > LOCKOUT_SECONDS:
            found.popleft()
        return found

    def locked(self, name: str) -> bool:
        with self._lock:
            return len(self._recent(name)) >= FAILURES_ALLOWED

    def failed(self, name: str) -> None:
        with self._lock:
            self._recent(name).append(time.monotonic())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


def safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//elsewhere`` or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    if not web_of(request).settings.agency:
        raise not_found()
    viewer = viewer_of(request, login=False)
    return render(request, viewer, "login.html", next=safe_next(next), error=None, name="")


@router.post("/login", response_model=None)
async def login(request: Request) -> Response:
    web = web_of(request)
    if not web.settings.agency:
        raise not_found()
    viewer = viewer_of(request, login=False)
    await check_csrf(request)
    form = await request.form()
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or "/"))
    user = web.users.get(name)
    failed = web.failed_logins
    ok = False
    if not failed.locked(name):
        stored = user.password_hash if user is not None else web.decoy_hash
        # The same work whether or not the name exists: the time tells nothing.
        ok = await run_in_threadpool(verify_password, password, stored) and user is not None
    if not ok or user is None:
        failed.failed(name)
        key = "web.login.locked" if failed.locked(name) else "web.login.wrong"
        error = text(key, viewer.lang, minutes=LOCKOUT_SECONDS // 60)
        return render(
            request, viewer, "login.html", status=401, next=target, error=error, name=name
        )
    failed.succeeded(name)
    client = new_client_id()
    response = RedirectResponse(target, status_code=303)
    secure = web.settings.secure_cookies
    response.set_cookie(
        CLIENT_COOKIE, client, max_age=365 * 24 * 3600, httponly=True, samesite="lax",
        secure=secure,
    )  # fmt: skip
    response.set_cookie(
        SESSION_COOKIE,
        web.tokens.session_cookie(user.name, client),
        max_age=web.settings.session_seconds,
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await check_csrf(request)
    response = RedirectResponse("/login" if web_of(request).settings.agency else "/", 303)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CLIENT_COOKIE)
    return response
