"""One account's diagnosis and advice (:func:`siaran.advice.advise`): the six areas with
their indicators against the cohort the viewer may see, and the ranked recommendations with
links to what they rest on: the lives, the lines and questions, the buyers' reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.advice.display import indicator_rows
from siaran.errors import UsageError
from siaran.talk.timecodes import format_clock
from siaran.web.pages.common import WindowDays, WindowEnd, not_found, web_of
from siaran.web.paths import account_url, live_url
from siaran.web.rendering import render
from siaran.web.viewer import viewer_of

if TYPE_CHECKING:
    from siaran.advice import Advice, Evidence
    from siaran.workspace import Workspace

router = APIRouter()


TALK_ANCHOR = "#talk-h"
"""The live page's talk section, where its scorecard (lines and viewers' questions) is."""
LIVE_REVIEWS_ANCHOR = "#feedback-card"
"""The live page's feedback card: the reviews of orders bought in that live."""
ACCOUNT_REVIEWS_ANCHOR = "#feedback"
"""The account page's customer-feedback section: all of the account's reviews."""


def evidence_link(item: Evidence) -> str:
    """Where the evidence is in the workspace: a live, its page (by room id, else by start
    time); a host line or a viewer's question, the talk section of its live's page; a review,
    the feedback card of the live its order was bought in, or the account page's reviews when
    it was bought outside a live (or not linked to one)."""
    if item.kind == "review":
        if item.room_id is None:
            return account_url(item.account) + ACCOUNT_REVIEWS_ANCHOR
        return live_url(item.account, item.room_id) + LIVE_REVIEWS_ANCHOR
    if item.room_id is None and item.started_at is None:
        return account_url(item.account)
    page = live_url(item.account, item.room_id or item.started_at or "")
    return page + TALK_ANCHOR if item.kind in ("line", "comment") else page


def evidence_mark(item: Evidence) -> str:
    return format_clock(item.at_s) if item.at_s is not None else ""


@router.get("/accounts/{account:segment}/advice", response_class=HTMLResponse)
def advice_page(
    request: Request, account: str, days: WindowDays = 28, end: WindowEnd = None
) -> HTMLResponse:
    from siaran.advice import advise

    viewer = viewer_of(request)
    if not viewer.may_see(account):
        raise not_found()
    web = web_of(request)
    cohort = None if viewer.accounts is None else sorted(viewer.accounts)

    def compute(ws: Workspace) -> Advice | None:
        try:
            return advise(ws, account, window_days=days, end=end, cohort=cohort)
        except UsageError:
            return None

    found = web.access.cached(("advice", account, days, end, tuple(cohort or ())), compute)
    if found is None:
        raise not_found()
    return render(
        request,
        viewer,
        "advice.html",
        account=account,
        account_href=account_url(account),
        lang=viewer.lang,
        advice=found,
        rows=indicator_rows(found, viewer.lang),
        evidence_link=evidence_link,
        evidence_mark=evidence_mark,
    )
