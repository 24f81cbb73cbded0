"""One account: its window KPIs, rolling trends, every live, and the weekday x hour map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

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

if TYPE_CHECKING:
    from markupsafe import Markup

    from siaran.i18n import Lang
    from siaran.report.crew_section import CrewView
    from siaran.report.ecosystem_section import EcosystemView
    from siaran.workspace import Workspace

router = APIRouter()
HEATMAP_DAYS: Final = 91
SESSIONS_SHOWN: Final = 60
SESSION_COLUMNS: Final[tuple[str, ...]] = ("gmv", "views", "orders", "watch_gpm", "conversion")


def session_ref(session: Mapping[str, Any]) -> str:
    """How the URL names a live: its room id, else (no room id in the export) its start."""
    return str(session.get("room_id") or session["started_at"])


def session_url(account: str, session: Mapping[str, Any]) -> str:
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
    from siaran.report.ecosystem_section import collect as ecosystem_of

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
        ecosystem = ecosystem_of(ws, [account])
        feedback = feedback_section(ws, account, viewer.accounts)
        crew = account_crew(ws, account, viewer.lang)
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
        account_href_plan=account_url(account) + "/plan",
        operations_href=account_url(account) + "/operations",
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
        ecosystem=ecosystem_section(ecosystem[0] if ecosystem else None, fig),
        feedback=feedback,
        crew=crew,
        live_href=lambda room: live_url(account, str(room)),
    )


def account_crew(workspace: Workspace, account: str, lang: Lang) -> CrewView | None:
    """The account's crew view (the report's partial), ``None`` without a roster."""
    from siaran.report.crew_section import collect_crew, crew_view

    found = collect_crew(workspace, [account])
    return crew_view(found[0], lang) if found else None


def ecosystem_section(view: EcosystemView | None, fig: Figures) -> Markup:
    """The account's ecosystem (the report's partial, KPI names linked to this glossary)."""
    from siaran.report.ecosystem_section import partial

    return partial(view, fig.lang, fig, heading="h3")
