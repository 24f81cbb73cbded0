"""The programme's page for coaches (agency mode: admins and coaches, :data:`ROLES`; an owner
gets the same 404 as for a page that does not exist): the training-needs matrix of the accounts
the viewer may see, sortable by area, the programme's impact on them with its chart and
verdicts, and the coaching sessions recorded for them.

Everything comes from :mod:`siaran.programme`, scoped to the viewer's accounts (a coach's
cohort is compared within itself, as the other pages do)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.errors import UsageError
from siaran.web.pages.common import not_found, web_of
from siaran.web.paths import account_url
from siaran.web.rendering import render
from siaran.web.viewer import viewer_of

if TYPE_CHECKING:
    from siaran.programme import CoachingSession, NeedsMatrix, ProgrammeImpact
    from siaran.workspace import Workspace

router = APIRouter()
NAV: Final = (45, "/programme", "web.nav.programme")
ROLES: Final = frozenset({"admin", "coach"})


@dataclass(frozen=True)
class ProgrammeView:
    matrix: NeedsMatrix
    impact: ProgrammeImpact
    sessions: tuple[CoachingSession, ...]


@router.get("/programme", response_class=HTMLResponse)
def programme_page(request: Request, sort: str = "need") -> HTMLResponse:
    from siaran.programme import list_sessions, needs_matrix, programme_impact
    from siaran.programme.charts import NEED_COLOURS, impact_chart
    from siaran.programme.needs import SORTS

    viewer = viewer_of(request)
    if not viewer.may_open(ROLES):
        raise not_found()
    if sort not in SORTS:
        sort = "need"
    cohort = None if viewer.accounts is None else sorted(viewer.accounts)
    web = web_of(request)

    def compute(ws: Workspace) -> ProgrammeView | None:
        try:
            return ProgrammeView(
                needs_matrix(ws, accounts=cohort, sort=sort),
                programme_impact(ws, accounts=cohort),
                tuple(list_sessions(ws, accounts=cohort)),
            )
        except UsageError:
            return None

    with web.access.use() as ws:
        # Sessions recorded on the command line do not change the data version: key on them.
        recorded = ws.con.execute("SELECT count(*), max(created_at) FROM coaching_sessions")
        marker = recorded.fetchone()
    key = ("programme", sort, tuple(cohort or ()), str(marker))
    found = web.access.cached(key, compute)
    if found is None:
        raise not_found()
    impacts = (found.impact.overall, *found.impact.areas)
    return render(
        request,
        viewer,
        "programme.html",
        lang=viewer.lang,
        view=found,
        impacts=impacts,
        sorts=SORTS,
        sort=sort,
        colours=NEED_COLOURS,
        chart=impact_chart(impacts, viewer.lang, fluid=True),
        advice_href=lambda account: account_url(account) + "/advice",
        assumptions=found.impact.to_json()["assumptions"][viewer.lang],
    )
