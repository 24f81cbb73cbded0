"""Who is looking at a page: their language, their login (agency mode), what they may see and
the CSRF token their forms must carry."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from siaran.i18n import LANGUAGES, Lang
from siaran.web.security.tokens import (
    CLIENT_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    LANG_COOKIE,
    SESSION_COOKIE,
    new_client_id,
)

if TYPE_CHECKING:
    from siaran.web.app import WebApp
    from siaran.web.security.users import User


R = TypeVar("R", bound=Response)


class LoginRequiredError(Exception):
    """Agency mode and no valid session: the page answers with the login form."""


class CsrfRejectedError(Exception):
    """A form without the token of this browser."""


@dataclass
class Viewer:
    """The person behind one request."""

    lang: Lang
    client_id: str
    csrf_token: str
    user: User | None = None
    agency: bool = False
    new_client: bool = False
    path: str = "/"
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def accounts(self) -> frozenset[str] | None:
        """The accounts this viewer may see; ``None`` for all of them."""
        return None if self.user is None else self.user.accounts

    def may_see(self, account: str) -> bool:
        return self.user is None or self.user.may_see(account)

    def may_open(self, roles: frozenset[str] | None) -> bool:
        """Whether a page meant for ``roles`` (``None``: everyone) is open to this viewer; the
        local user (no agency mode) may open every page."""
        return roles is None or self.user is None or self.user.role in roles

    @property
    def other_lang(self) -> Lang:
        return "en" if self.lang == "id" else "id"


def choose_lang(request: Request) -> Lang:
    """``?lang=`` if given, else the language cookie, else Indonesian."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            chosen: Lang = "en" if candidate == "en" else "id"
            return chosen
    return "id"


def viewer_of(request: Request, *, login: bool = True) -> Viewer:
    """The viewer of ``request``; with ``login`` (every page but the login form) agency mode
    insists on a valid session."""
    web: WebApp = request.app.state.web
    client = request.cookies.get(CLIENT_COOKIE) or ""
    fresh = len(client) < 16
    if fresh:
        client = new_client_id()
    viewer = Viewer(
        lang=choose_lang(request),
        client_id=client,
        csrf_token=web.tokens.csrf_token(client),
        agency=web.settings.agency,
        new_client=fresh,
        path=request.url.path,
    )
    if web.settings.agency and login:
        session = web.tokens.session_id(request.cookies.get(SESSION_COOKIE))
        name = web.sessions.user_of(session, client)
        user = web.users.get(name) if name else None
        if user is None:
            raise LoginRequiredError
        viewer.user = user
    return viewer


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request that lacks this browser's token."""
    web: WebApp = request.app.state.web
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not web.tokens.csrf_ok(request.cookies.get(CLIENT_COOKIE), token):
        raise CsrfRejectedError


def closes_form(route: Callable[[Request], Awaitable[R]]) -> Callable[[Request], Awaitable[R]]:
    """Close the request's form when ``route`` is done, whatever it answered or raised: an
    uploaded file is spooled to a temporary file that holds a descriptor (and its disk space)
    until closed."""

    @functools.wraps(route)
    async def closing(request: Request) -> R:
        try:
            return await route(request)
        finally:
            await request.close()

    return closing
