"""The cohort overview: each account's KPIs over the window, frequency against value with its
quadrants, and the verdict on whether more lives bring more value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, TypeVar

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.formatting import format_percent, is_known
from siaran.metrics.money import MONEY_FIELDS
from siaran.report.sections import headline_tiles, verdict_figures
from siaran.web import charts
from siaran.web.cohort import compare_cohort
from siaran.web.formatting import Figures
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


Row = TypeVar("Row", bound=Mapping[str, Any])


def sorted_rows(rows: Sequence[Row], sort: str) -> list[Row]:
    """Highest first (unknown last); by name for ``account`` and ``quadrant``. Money is
    ranked within its currency only (currencies in code order), never across."""
    if sort in ("account", "quadrant"):
        return sorted(rows, key=lambda r: (r.get(sort) is None, str(r.get(sort)), r["account"]))
    per_currency = sort in MONEY_FIELDS
    return sorted(
        rows,
        key=lambda r: (
            str(r.get("currency") or "~") if per_currency else "",
            not is_known(r.get(sort)),
            -(r.get(sort) or 0.0),
            str(r["account"]),
        ),
    )


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
    rows = comparison["accounts"]
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
    medians = comparison["quadrant_medians"]
    scatter, not_plotted = charts.scatter(rows, medians, fig, links) if rows else (None, [])
    correlation = comparison["correlation"]
    stats, details = verdict_figures(comparison, days, fig)
    return render(
        request,
        viewer,
        "overview.html",
        window=comparison["window"],
        headline=headline_tiles(rows, fig),
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
