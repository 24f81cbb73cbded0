"""``make_plan``: the run sheet of an account's next live, from everything the workspace
holds about the account; each part says what it rests on, or that it is unknown and which
data would answer it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING, Final

from siaran.errors import UsageError
from siaran.i18n import LANGUAGES, text
from siaran.plan.architecture import plan_phases
from siaran.plan.crew import crew_part
from siaran.plan.lineup import product_lineup
from siaran.plan.model import (
    PLAN_FORMAT,
    AdviceItemJson,
    AdvicePartJson,
    ArchitectureJson,
    CallsJson,
    CheckJson,
    CtaJson,
    LineupJson,
    Plan,
    PlanJson,
    QuestionsJson,
    SlotPartJson,
    TextJson,
)
from siaran.plan.questions import cluster_questions, scored_questions, stream_questions
from siaran.plan.slot import time_slots
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.advice.lives import Live
    from siaran.talk.scorecard import Scorecard
    from siaran.workspace import Workspace

DEFAULT_MINUTES: Final = 90
MIN_MINUTES: Final = 10
MAX_MINUTES: Final = 12 * 60
TOP_RECOMMENDATIONS: Final = 3
TOP_CALLS: Final = 3


def message(key: str, **params: object) -> TextJson:
    """A catalogue text in both languages."""
    return {"id": text(key, LANGUAGES[0], **params), "en": text(key, LANGUAGES[1], **params)}


def make_plan(
    workspace: Workspace,
    account: str,
    *,
    date: dt.date | None = None,
    minutes: int = DEFAULT_MINUTES,
    cohort: Collection[str] | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> Plan:
    """The plan of ``account``'s live on ``date`` (default: the day after its latest live)
    lasting ``minutes``; ``cohort`` limits the accounts its advice compares it with (``None``:
    every account; the dashboard passes those its viewer may see)."""
    from siaran.advice.lives import read_lives
    from siaran.talk.storage import stored_scorecards

    account = account.strip().lstrip("@")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UsageError("plan.bad_minutes", minutes=minutes, low=MIN_MINUTES, high=MAX_MINUTES)
    everyone = read_lives(workspace, engine=engine)
    lives = [v for v in everyone if v.account == account]
    if not lives:
        known = sorted({v.account for v in everyone})
        raise UsageError("advice.unknown_account", account=account, known=", ".join(known) or "-")
    day = date or (max(v.started_at for v in lives).date() + dt.timedelta(days=1))
    cards = stored_scorecards(workspace, [account])
    data: PlanJson = {
        "format": PLAN_FORMAT,
        "account": account,
        "date": day.isoformat(),
        "minutes": minutes,
        "timezone": workspace.timezone.key,
        "architecture": _architecture(minutes, cards),
        "lineup": _lineup(workspace, account),
        "slot": _slot(lives, day),
        "crew": crew_part(workspace, account, message("plan.missing.crew"), engine),
        "questions": _questions(workspace, account, lives, cards),
        "calls_to_action": _calls(workspace, account),
        "advice": _advice(workspace, account, cohort, engine),
    }
    return Plan(data)


def _architecture(minutes: int, cards: list[Scorecard]) -> ArchitectureJson:
    phases = plan_phases(minutes, cards)
    n_scored = phases[0].n_scored_lives
    return {
        "status": "known",
        "missing": [] if n_scored else [message("plan.missing.scorecards")],
        "n_scored_lives": n_scored,
        "phases": [p.to_json() for p in phases],
    }


def _lineup(workspace: Workspace, account: str) -> LineupJson:
    found = product_lineup(workspace, account)
    stock = message("plan.missing.stock")
    if not found.products:
        key = "plan.missing.orders" if found.n_lives == 0 else "plan.missing.order_products"
        return {
            "status": "unknown",
            "missing": [message(key)],
            "n_lives": found.n_lives,
            "products": [],
            "stock": stock,
        }
    return {
        "status": "known",
        "missing": [],
        "n_lives": found.n_lives,
        "products": list(found.products),
        "stock": stock,
    }


def _slot(lives: list[Live], day: dt.date) -> SlotPartJson:
    found = time_slots(lives, day.weekday())
    missing = []
    if not found.cells:
        missing.append(message("plan.missing.slots"))
    elif found.best is None:
        missing.append(message("plan.missing.slot_day", weekday=day.weekday()))
    return {
        "status": "known" if found.best is not None else "unknown",
        "missing": missing,
        "weekday": day.weekday(),
        "currency": found.currency,
        "gmv_basis": found.gmv_basis,
        "n_lives": found.n_lives,
        "best": found.best,
        "usual": found.usual,
        "cells": list(found.cells),
    }


def _questions(
    workspace: Workspace, account: str, lives: list[Live], cards: list[Scorecard]
) -> QuestionsJson:
    asked = scored_questions(cards)
    scored_rooms = {str(c.room_id) for c in cards}
    rooms = sorted({v.room_id for v in lives if v.room_id and v.room_id not in scored_rooms})
    asked += stream_questions(workspace, account, rooms)
    clusters = cluster_questions(asked)
    missing = [] if asked else [message("plan.missing.questions")]
    return {
        "status": "known" if asked else "unknown",
        "missing": missing,
        "n_scored_lives": len(cards),
        "n_questions": len(asked),
        "clusters": clusters,
    }


def _calls(workspace: Workspace, account: str) -> CallsJson:
    """The host's own calls to action, most said first, and the checks the scorecard makes."""
    rows = workspace.con.execute(
        "SELECT room_id, start_s, text FROM talk_lines WHERE account = ? "
        "AND list_contains(cues, 'call_to_action') ORDER BY room_id, number",
        [account],
    ).fetchall()
    said = Counter(str(r[2]).strip() for r in rows)
    first: dict[str, tuple[str, float | None]] = {}
    for room, start, line in rows:
        first.setdefault(str(line).strip(), (str(room), None if start is None else float(start)))
    chosen = sorted(said, key=lambda t: (-said[t], t))[:TOP_CALLS]
    calls: list[CtaJson] = [
        {"text": t, "room_id": first[t][0], "at_s": first[t][1]} for t in chosen
    ]
    return {
        "status": "known" if calls else "unknown",
        "missing": [] if calls else [message("plan.missing.calls")],
        "calls": calls,
        "checks": scorecard_checks(),
    }


def scorecard_checks() -> list[CheckJson]:
    """The checks ``siaran talk score`` applies, with their targets."""
    from siaran.talk import scoring as s

    return [
        {"key": "opening", "target": s.OPENING_WITHIN_S},
        {"key": "demonstration", "target": s.DEMO_SHARE_OK},
        {"key": "questions_answered", "target": s.ANSWER_RATE_OK},
        {"key": "response_time", "target": s.LATENCY_OK_S},
        {"key": "offer", "target": 1},
        {"key": "trust", "target": 1},
        {"key": "urgency_without_offer", "target": 0},
        {"key": "cta_rate", "target": s.CTA_PER_10MIN_OK},
        {"key": "closing_cta", "target": s.LAST_CTA_WINDOW_S},
        {"key": "dead_air", "target": s.DEAD_AIR_SHARE_OK},
    ]


def _advice(
    workspace: Workspace, account: str, cohort: Collection[str] | None, engine: EngineName
) -> AdvicePartJson:
    from siaran.advice import advise

    found = advise(workspace, account, cohort=cohort, engine=engine)
    items: list[AdviceItemJson] = [
        {
            "id": r.id,
            "area": r.area,
            "action": {"id": r.action["id"], "en": r.action["en"]},
            "why": {"id": r.why["id"], "en": r.why["en"]},
            "confidence": r.confidence,
            "estimate": r.effect.estimate,
            "ci_low": r.effect.ci_low,
            "ci_high": r.effect.ci_high,
            "n_lives": r.effect.n_lives,
        }
        for r in found.recommendations[:TOP_RECOMMENDATIONS]
    ]
    collect: list[TextJson] = [{"id": t["id"], "en": t["en"]} for _k, t in found.collect_next]
    return {
        "status": "known" if items else "unknown",
        "missing": [] if items else [message("plan.missing.advice")],
        "n_lives": found.n_lives,
        "recommendations": items,
        "collect_next": collect,
    }
