"""One account: its window KPIs, rolling trends, every live, and the weekday x hour map."""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.web import charts
from siaran.web.cohort import window_end
from siaran.web.feedback_view import feedback_section
from siaran.web.formatting import Figures
from siaran.web.pages.common import WindowDays, WindowEnd, not_found, web_of
from siaran.web.pages.overview import COLUMNS
from siaran.web.paths import account_url, live_url
from siaran.web.rendering import render
from siaran.web.viewer import viewer_of

router = APIRouter()
HEATMAP_DAYS: Final = 91
SESSIONS_SHOWN: Final = 60
SESSION_COLUMNS: Final[tuple[str, ...]] = ("gmv", "views", "orders", "watch_gpm", "conversion")


def session_ref(session: dict[str, Any]) -> str:
    """How the URL names a live: its room id, else (no room id in the export) its start."""
    return str(session.get("room_id") or session["started_at"])


def session_url(account: str, session: dict[str, Any]) -> str:
    return live_url(account, session_ref(session))


@router.get("/accounts/{account:segment}", response_class=HTMLResponse)
def account_page(
    request: Request,
    account: str,
    days: WindowDays = 28,
    end: WindowEnd = None,
    all: bool = False,
) -> HTMLResponse:
    from siaran.metrics import account_rollups, account_trends, list_sessions
    from siaran.metrics import weekday_hour_activity as activity

    viewer = viewer_of(request)
    if not viewer.may_see(account):
        raise not_found()
    web = web_of(request)
    with web.access.use() as ws:
        sessions = list_sessions(ws, account=account)
        if not sessions:
            raise not_found()
        end = window_end(ws, viewer.accounts, end)
        rollups = account_rollups(ws, window_days=days, end=end, accounts=[account])
        cells = activity(ws, account=account, window_days=HEATMAP_DAYS, end=end)
        feedback = feedback_section(ws, account, viewer.accounts)
    mine = web.access.cached(
        ("trends", account, days, end),
        lambda ws: account_trends(ws, window_days=days, end=end, accounts=[account]),
    )
    fig = Figures(viewer.lang)
    newest = list(reversed(sessions))
    return render(
        request,
        viewer,
        "account.html",
        account=account,
        advice_href=account_url(account) + "/advice",
        rollups=rollups,
        kpi_tiles=lambda r: [(fig.kpi_link(c), fig.kpi(c, r[c], r["currency"])) for c in COLUMNS],
        days=days,
        trends=charts.trends(mine, fig, days) if mine else None,
        heatmap=charts.heatmap(cells, fig) if cells else None,
        heatmap_days=HEATMAP_DAYS,
        sessions=newest if all else newest[:SESSIONS_SHOWN],
        session_total=len(sessions),
        show_all=all,
        session_columns=SESSION_COLUMNS,
        session_url=lambda s: session_url(account, s),
        platforms=sorted({str(s["platform"]) for s in sessions}),
        feedback=feedback,
        live_href=lambda room: live_url(account, str(room)),
    )
