"""The cohort overview: each account's KPIs over the window, frequency against value with its
quadrants, and the verdict on whether more lives bring more value."""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.formatting import format_percent
from siaran.i18n import text
from siaran.metrics.money import MONEY_FIELDS, totals_by_money
from siaran.report.sections import basis_name, verdict_details
from siaran.web import charts
from siaran.web.cohort import compare_cohort
from siaran.web.formatting import Figures, known
from siaran.web.pages.common import WindowDays, WindowEnd, web_of
from siaran.web.paths import account_url
from siaran.web.rendering import render
from siaran.web.viewer import viewer_of

router = APIRouter()
NAV: Final = (10, "/", "web.nav.overview")

COLUMNS: Final[tuple[str, ...]] = (
    "sessions",
    "live_hours",
    "gmv_total",
    "gmv_mean_per_session",
    "gmv_median_per_session",
    "views_per_session",
    "gmv_per_live_hour",
    "zero_gmv_share",
)
SORTS: Final = frozenset({"account", "quadrant", *COLUMNS})
DEFAULT_SORT: Final = "gmv_mean_per_session"
TABLE_ID: Final = "accounts-table"


def sorted_rows(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Highest first (unknown last); by name for ``account`` and ``quadrant``. Money is
    ranked within its currency only (currencies in code order), never across."""
    if sort in ("account", "quadrant"):
        return sorted(rows, key=lambda r: (r.get(sort) is None, str(r.get(sort)), r["account"]))
    per_currency = sort in MONEY_FIELDS
    return sorted(
        rows,
        key=lambda r: (
            str(r.get("currency") or "~") if per_currency else "",
            not known(r.get(sort)),
            -(r.get(sort) or 0.0),
            str(r["account"]),
        ),
    )


def gmv_totals(rows: list[dict[str, Any]], fig: Figures) -> Markup:
    """One GMV total per currency and GMV basis (named when there are several): rupiah and
    ringgit, or attributed and placed GMV, are never added together."""
    reason = text("report.unknown.total", fig.lang)
    groups = totals_by_money(rows)
    if not groups:
        return fig.unknown(reason)
    parts = []
    for group in groups:
        body = fig.shown(fig.money(group.total, group.currency), reason)
        if len(groups) > 1:
            bases = " + ".join(basis_name(b, fig.lang) for b in group.gmv_bases)
            body = Markup("{} <small>({})</small>").format(body, bases)
        parts.append(body)
    return Markup("<br>").join(parts)


def tiles(rows: list[dict[str, Any]], fig: Figures) -> list[tuple[str, Any]]:
    """The headline figures of the window over the visible accounts."""
    lang = fig.lang
    sessions = sum(int(r["sessions"] or 0) for r in rows)
    hours = [r.get("live_hours") for r in rows]
    gmv_total = gmv_totals(rows, fig)
    return [
        (text("report.tile.accounts", lang), fig.number(len(rows))),
        (text("report.tile.sessions", lang), fig.number(sessions)),
        (
            text("report.tile.live_hours", lang),
            fig.kpi("live_hours", sum(hours) if rows and all(known(h) for h in hours) else None),
        ),
        (text("report.tile.gmv", lang), gmv_total),
    ]


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request,
    days: WindowDays = 28,
    end: WindowEnd = None,
    q: str = "",
    sort: str = DEFAULT_SORT,
) -> HTMLResponse:
    viewer = viewer_of(request)
    web = web_of(request)
    scope = viewer.accounts
    comparison = web.access.cached(
        ("compare", scope, days, end),
        lambda ws: compare_cohort(ws, accounts=scope, window_days=days, end=end),
    )
    fig = Figures(viewer.lang)
    rows: list[dict[str, Any]] = comparison["accounts"]
    wanted = q.strip().lower()
    shown = [r for r in rows if wanted in str(r["account"]).lower()] if wanted else rows
    sort = sort if sort in SORTS else DEFAULT_SORT
    context: dict[str, Any] = {
        "rows": sorted_rows(shown, sort),
        "all_count": len(rows),
        "columns": COLUMNS,
        "sort": sort,
        "q": q,
        "days": days,
        "account_url": account_url,
        "table_id": TABLE_ID,
    }
    if request.headers.get("hx-target") == TABLE_ID:
        return render(request, viewer, "_accounts_table.html", **context)
    links = {str(r["account"]): account_url(str(r["account"])) for r in rows}
    scatter, not_plotted = charts.scatter(rows, fig, links) if rows else (None, [])
    correlation = comparison["correlation"]
    details = verdict_details(comparison, days, viewer.lang)
    stats = details.pop(0) if correlation["rho"] is not None else None
    return render(
        request,
        viewer,
        "overview.html",
        window=comparison["window"],
        tiles=tiles(rows, fig),
        verdict=comparison["verdict"][viewer.lang],
        verdict_code=comparison["verdict"]["code"],
        verdict_stats=stats,
        verdict_details=details,
        correlation=correlation,
        confidence=format_percent(correlation["confidence"], viewer.lang, decimals=0),
        scatter=scatter,
        not_plotted=not_plotted,
        estimates=comparison.get("estimates") or [],
        restricted=scope is not None,
        **context,
    )
