"""Pages from Jinja templates, with the viewer's language, formatting and cookies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.i18n import text
from siaran.report.templating import make_environment as report_environment
from siaran.web.formatting import Figures
from siaran.web.paths import account_url
from siaran.web.security.tokens import CLIENT_COOKIE, CSRF_FIELD, LANG_COOKIE

if TYPE_CHECKING:
    from siaran.web.app import WebApp
    from siaran.web.viewer import Viewer

YEAR_SECONDS: Final = 365 * 24 * 3600
SECURITY_HEADERS: Final[dict[str, str]] = {
    # Scripts and styles only from this app; Plotly sets inline styles on its own elements.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def make_environment() -> Environment:
    """The dashboard's templates first, then the report's (its shared ``partials/``), with the
    report's settings: autoescaped, strict about undefined names."""
    env = report_environment(PackageLoader("siaran.web", "templates"))
    env.filters["account_url"] = account_url
    return env


def page_url(request: Request, **changes: Any) -> str:
    """The current page's URL with some query parameters changed (``None`` removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request,
    viewer: Viewer,
    template: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """``template`` rendered for ``viewer``; sets the browser's client id and language
    cookies when they are new."""
    web: WebApp = request.app.state.web
    lang = viewer.lang

    def t(key: str, /, **params: Any) -> str:
        return text(key, lang, **params)

    body = web.templates.get_template(template).render(
        t=t,
        fig=Figures(lang),
        viewer=viewer,
        request=request,
        asset=web.assets.url,
        csrf_field=CSRF_FIELD,
        page_url=lambda **changes: page_url(request, **changes),
        nav=web.nav,
        demo=web.settings.demo,
        **context,
    )
    response = HTMLResponse(body, status_code=status, headers=headers)
    apply_cookies(request, viewer, response)
    return response


def apply_cookies(request: Request, viewer: Viewer, response: HTMLResponse) -> None:
    web: WebApp = request.app.state.web
    secure = web.settings.secure_cookies
    if viewer.new_client:
        response.set_cookie(
            CLIENT_COOKIE,
            viewer.client_id,
            max_age=YEAR_SECONDS,
            httponly=True,
            samesite="lax",
            secure=secure,
        )
    if request.cookies.get(LANG_COOKIE) != viewer.lang:
        response.set_cookie(
            LANG_COOKIE, viewer.lang, max_age=YEAR_SECONDS, samesite="lax", secure=secure
        )
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
