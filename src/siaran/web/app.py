"""The app factory: ``create_app(settings)`` gives the FastAPI app ``siaran serve`` runs.

Routes are thin: each checks who is asking, calls one public function of the core and renders
a template. Errors are turned into pages in the reader's language here and nowhere else, and a
server error never shows a traceback (it goes to the server's log).
"""

from __future__ import annotations

import importlib
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from siaran.errors import EXIT_INTERNAL, SiaranError
from siaran.i18n import text
from siaran.web.access import WorkspaceAccess
from siaran.web.assets import AssetStore
from siaran.web.pages import PAGE_MODULES
from siaran.web.paths import SegmentPaths
from siaran.web.preview_worker import PreviewWorkers
from siaran.web.rendering import make_environment, render
from siaran.web.security.hosts import HostCheck
from siaran.web.security.limits import BodySizeLimit, BodyTooLargeError
from siaran.web.security.passwords import hash_password
from siaran.web.security.sessions import SessionRegistry
from siaran.web.security.throttle import LoginThrottle
from siaran.web.security.tokens import Tokens
from siaran.web.security.users import User, load_users
from siaran.web.settings import WebSettings
from siaran.web.uploads import UploadStaging
from siaran.web.viewer import CsrfRejectedError, LoginRequiredError, viewer_of
from siaran.workspace import WorkspaceBusyError

log = logging.getLogger("siaran.web")


class WebApp:
    """Everything one running app holds: settings, the open workspace, secrets, users and
    their sessions, templates, static files, staged uploads and the preview workers."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.users: dict[str, User] = (
            load_users(settings.users_file) if settings.users_file is not None else {}
        )
        self.tokens = Tokens(settings.secret or secrets.token_bytes(32), settings.session_seconds)
        self.sessions = SessionRegistry(settings.session_seconds)
        self.logins = LoginThrottle()
        # Checked against when a name is unknown, so that a login takes as long either way.
        self.decoy_hash = hash_password(secrets.token_urlsafe(12)) if self.users else ""
        self.templates = make_environment()
        self.assets = AssetStore()
        self.access = WorkspaceAccess(settings.workspace)
        with self.access.use() as workspace:
            # Previews run elsewhere and need the zone; it does not change while serving.
            self.timezone: str = workspace.timezone.key
        self.staging = UploadStaging()
        self.previews = PreviewWorkers(settings.preview)
        # (path, message key, the roles it is for or None for everyone), in menu order.
        self.nav: list[tuple[str, str, frozenset[str] | None]] = []

    def close(self) -> None:
        self.previews.close()
        self.staging.close()
        self.access.close()


def create_app(settings: WebSettings) -> FastAPI:
    """The web app over ``settings.workspace`` (opened now; a missing workspace or a bad
    users file raises the core's error before anything listens)."""
    web = WebApp(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            web.close()

    app = FastAPI(
        title="siaran", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.web = web
    entries = []
    for name in PAGE_MODULES:
        module = importlib.import_module(name)
        app.include_router(module.router)
        if hasattr(module, "NAV"):
            # A module with ROLES is only for those roles in agency mode: out of their menu too.
            entries.append((*module.NAV, getattr(module, "ROLES", None)))
    entries.sort(key=lambda entry: entry[0])
    web.nav = [(path, key, roles) for _, path, key, roles in entries]
    app.add_middleware(BodySizeLimit, limit=settings.upload_limit_bytes)
    # Pages travel gzipped (a phone on a weak signal); static files come pre-compressed.
    app.add_middleware(GZipMiddleware, minimum_size=4096, compresslevel=5)
    app.add_middleware(SegmentPaths)
    # Outermost: a request for a name this server does not answer for gets nothing else.
    app.add_middleware(HostCheck, allowed=settings.allowed_hosts)
    _add_error_pages(app)
    return app


def _error_page(request: Request, code: int, message_key: str, **params: Any) -> Response:
    viewer = viewer_of(request, login=False)
    message = text(message_key, viewer.lang, **params)
    return render(request, viewer, "error.html", status=code, status_code=code, message=message)


def _add_error_pages(app: FastAPI) -> None:
    async def login_required(request: Request, _: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        url = "/login?next=" + quote(target, safe="/")
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": url})
        return RedirectResponse(url, status_code=303)

    async def csrf_rejected(request: Request, _: Exception) -> Response:
        return _error_page(request, 403, "web.error.csrf")

    async def too_large(request: Request, _: Exception) -> Response:
        limit = request.app.state.web.settings.upload_limit_bytes // (1024 * 1024)
        return _error_page(request, 413, "web.error.too_large", limit=limit)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        key = {404: "web.error.not_found", 405: "web.error.method"}.get(status, "web.error.http")
        return _error_page(request, status, key, status=status)

    async def bad_query(request: Request, _: Exception) -> Response:
        return _error_page(request, 400, "web.error.bad_query")

    async def siaran_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SiaranError)
        viewer = viewer_of(request, login=False)
        status = 500 if exc.exit_code == EXIT_INTERNAL else 400
        message = exc.message(viewer.lang)
        if isinstance(exc, WorkspaceBusyError):
            # Busy, not damaged; the holder's command line may name another person's file.
            status, message = 503, text("web.error.busy", viewer.lang)
        return render(
            request,
            viewer,
            "error.html",
            status=status,
            status_code=status,
            message=message,
        )

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
        try:
            return _error_page(request, 500, "web.error.server")
        except Exception:  # the error page itself failed: plain words, still no traceback
            return HTMLResponse("<h1>500</h1>", status_code=500)

    app.add_exception_handler(LoginRequiredError, login_required)
    app.add_exception_handler(CsrfRejectedError, csrf_rejected)
    app.add_exception_handler(BodyTooLargeError, too_large)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_query)
    app.add_exception_handler(SiaranError, siaran_error)
    app.add_exception_handler(Exception, server_error)
