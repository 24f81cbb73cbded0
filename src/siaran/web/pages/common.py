"""What the page modules share: the web app of a request, the window query parameters, the
not-found answer and running blocking work off the event loop."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Final

from fastapi import Query
from starlette.exceptions import HTTPException
from starlette.requests import Request

if TYPE_CHECKING:
    from siaran.web.app import WebApp

MAX_WINDOW_DAYS: Final = 366

WindowDays = Annotated[int, Query(ge=1, le=MAX_WINDOW_DAYS)]
WindowEnd = Annotated[dt.date | None, Query()]


def web_of(request: Request) -> WebApp:
    web: WebApp = request.app.state.web
    return web


def not_found() -> HTTPException:
    """The same answer for an account that does not exist and one the viewer may not see, so
    a changed id in the URL tells nothing."""
    return HTTPException(status_code=404)
