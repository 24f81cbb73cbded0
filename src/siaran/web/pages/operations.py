"""One account's operations (:mod:`siaran.operations`): how its orders were fulfilled against
the crew's capacity and the ship-by promise, every live with orders, and its cancellations by
who cancelled and why."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.web.pages.common import not_found, web_of
from siaran.web.paths import account_url, live_url
from siaran.web.rendering import render
from siaran.web.viewer import viewer_of

router = APIRouter()


@router.get("/accounts/{account:segment}/operations", response_class=HTMLResponse)
def operations_page(request: Request, account: str) -> HTMLResponse:
    from siaran.metrics import list_sessions
    from siaran.operations import describe_settings
    from siaran.report.operations_section import ACCOUNT_COLUMNS, collect_operations

    viewer = viewer_of(request)
    if not viewer.may_see(account):
        raise not_found()
    web = web_of(request)
    with web.access.use() as ws:
        if not list_sessions(ws, account=account):
            raise not_found()
        found = collect_operations(ws, account=account)
    return render(
        request,
        viewer,
        "operations.html",
        account=account,
        account_href=account_url(account),
        accounts=found.accounts,
        lives=found.lives,
        columns=ACCOUNT_COLUMNS,
        settings_text=describe_settings(found.settings, viewer.lang) if found.settings else "",
        live_href=lambda live: live_url(account, live.room_id or live.started_at.isoformat()),
    )
