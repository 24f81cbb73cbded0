"""One live session: its KPIs beside the platform's own figures, its talk scorecard when a
transcript was scored, and its minute-by-minute timeline when events were captured."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.formatting import SESSION_FIELD_UNITS
from siaran.metrics.registry import session_kpi_names, timeline_kpi_names
from siaran.report.operations_section import live_tiles
from siaran.report.talk_section import chosen_suggestions
from siaran.report.timeline import moment_items
from siaran.web import charts
from siaran.web.formatting import Figures
from siaran.web.live_feedback_view import LiveFeedbackCard, live_feedback_card
from siaran.web.operations_view import live_order_cards, order_tiles
from siaran.web.pages.account import session_ref
from siaran.web.pages.common import not_found, web_of
from siaran.web.pages.crew import crew_card
from siaran.web.paths import account_url
from siaran.web.rendering import render
from siaran.web.viewer import viewer_of

if TYPE_CHECKING:
    from siaran.events.timeline import TimelineMinute
    from siaran.talk.moments import TalkMoment
    from siaran.workspace import Workspace

router = APIRouter()
SUGGESTIONS_SHOWN: Final = 5


def timeline_of(
    workspace: Workspace, account: str, room_id: str
) -> tuple[list[TimelineMinute], Mapping[str, object], list[TalkMoment]]:
    """The per-minute timeline of ``account``'s room, its timeline KPIs and its moments of
    largest change with what the host said then (all empty without captured events). Only
    that account's events and talk lines are read.

    This is the page's one hook into :mod:`siaran.events`."""
    from siaran.events import has_events, room_timeline, session_measures
    from siaran.store.engine import engine_context
    from siaran.talk import moments_with_talk

    if not has_events(workspace):
        return [], {}, []
    context = engine_context(workspace)
    minutes = room_timeline(context, workspace, account, room_id)
    if not minutes:
        return [], {}, []
    measured = session_measures(context, workspace, account=account, rooms=[room_id])
    moments = moments_with_talk(context, workspace, account, room_id)
    return minutes, (measured[0] if measured else {}), moments


@router.get("/accounts/{account:segment}/lives/{ref:segment}", response_class=HTMLResponse)
def live_page(request: Request, account: str, ref: str) -> HTMLResponse:
    from siaran.metrics import list_sessions
    from siaran.talk.storage import load_scorecard

    viewer = viewer_of(request)
    if not viewer.may_see(account):
        raise not_found()
    web = web_of(request)
    with web.access.use() as ws:
        found = [s for s in list_sessions(ws, account=account) if session_ref(s) == ref]
        if not found:
            raise not_found()
        session: Mapping[str, Any] = found[-1]
        room = session.get("room_id")
        scorecard = load_scorecard(ws, account, str(room)) if room else None
        minutes, measures, moments = timeline_of(ws, account, str(room)) if room else ([], {}, [])
        crew = crew_card(request, ws, account, str(room)) if room else None
        cards = live_order_cards(ws, account, session, viewer.lang)
        live_feedback = (
            live_feedback_card(ws, account, str(room), viewer.accounts)
            if room
            else LiveFeedbackCard()
        )
    fig = Figures(viewer.lang)
    disagreeing = {d["kpi"]: d for d in session["disagreements"]}
    suggestions = []
    if scorecard is not None:
        shown = SUGGESTIONS_SHOWN
        suggestions = chosen_suggestions(scorecard, viewer.lang, shown, fallback=shown)
    return render(
        request,
        viewer,
        "live.html",
        account=account,
        session=session,
        kpis=session_kpi_names(),
        field_tiles=[
            (fig.label(f), fig.field(f, session[f], session["currency"]))
            for f in SESSION_FIELD_UNITS
        ],
        platform=session["platform_values"],
        disagreeing=disagreeing,
        scorecard=scorecard,
        suggestions=suggestions,
        timeline=charts.timeline(minutes, fig) if minutes else None,
        timeline_tiles=[
            (fig.kpi_link(k), fig.kpi(k, measures.get(k))) for k in timeline_kpi_names()
        ],
        moments=moment_items(moments, viewer.lang),
        moments_scored=any(moment.get("said") is not None for moment in moments),
        crew=crew,
        cards=cards,
        live_feedback=live_feedback,
        order_tiles=order_tiles(fig, cards),
        operations_tiles=live_tiles(fig, cards.operations) if cards.operations else [],
        operations_href=account_url(account) + "/operations",
    )
