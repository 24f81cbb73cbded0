"""One account's plan for its next live (:func:`siaran.plan.make_plan`): the run sheet on a
phone-friendly page, and the same sheet as an A4 PDF to download and print."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Final

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from siaran.errors import UsageError
from siaran.web.pages.common import not_found, web_of
from siaran.web.paths import account_url
from siaran.web.rendering import render
from siaran.web.viewer import Viewer, viewer_of

if TYPE_CHECKING:
    from siaran.plan import Plan
    from siaran.workspace import Workspace

router = APIRouter()
Minutes = Annotated[int, Query(ge=10, le=720)]
PlanDate = Annotated[dt.date | None, Query()]
PDF_TYPE: Final = "application/pdf"


def _plan(
    request: Request, viewer: Viewer, account: str, day: dt.date | None, minutes: int
) -> Plan:
    from siaran.plan import make_plan

    if not viewer.may_see(account):
        raise not_found()
    cohort = None if viewer.accounts is None else sorted(viewer.accounts)

    def compute(ws: Workspace) -> Plan | None:
        try:
            return make_plan(ws, account, date=day, minutes=minutes, cohort=cohort)
        except UsageError:
            return None

    key = ("plan", account, day, minutes, tuple(cohort or ()))
    found = web_of(request).access.cached(key, compute)
    if found is None:
        raise not_found()
    return found


@router.get("/accounts/{account:segment}/plan", response_class=HTMLResponse)
def plan_page(
    request: Request, account: str, date: PlanDate = None, minutes: Minutes = 90
) -> HTMLResponse:
    from siaran.plan import sheet_html
    from siaran.plan.render import plan_css

    viewer = viewer_of(request)
    found = _plan(request, viewer, account, date, minutes)
    query = f"?minutes={minutes}" + (f"&date={date.isoformat()}" if date else "")
    return render(
        request,
        viewer,
        "plan.html",
        account=account,
        account_href=account_url(account),
        sheet=sheet_html(found, viewer.lang),
        plan_css=plan_css(),
        pdf_href=account_url(account) + "/plan.pdf" + query,
        minutes=minutes,
        date=found.to_json()["date"],
    )


@router.get("/accounts/{account:segment}/plan.pdf")
def plan_pdf_download(
    request: Request, account: str, date: PlanDate = None, minutes: Minutes = 90
) -> Response:
    from siaran.plan import plan_pdf

    viewer = viewer_of(request)
    found = _plan(request, viewer, account, date, minutes)
    body = plan_pdf(found, viewer.lang)
    name = f"{found.account}-{found.to_json()['date']}.pdf"
    return Response(
        body,
        media_type=PDF_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
