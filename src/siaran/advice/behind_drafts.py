"""Recommendations from the data behind the lives: pack and ship within the promise, name a
dedicated interaction admin, ask viewers to join as resellers on air.

Each is drafted only when the account's own records show the problem (late orders after lives
over capacity; its latest rostered live without a dedicated admin; lives without an ecosystem
call while calls were followed by sign-ups), and each carries the association within the
account's lives with its interval and the number of lives (:func:`relative_difference`):

- ``operations.ship_within_promise``: on-time share of the orders (1 - late / judged) of lives
  within capacity against lives over capacity.
- ``operations.dedicated_admin``: conversion (customers / viewers) of rostered lives with a
  dedicated interaction admin against those without.
- ``ecosystem.reseller_call``: reseller sign-ups after lives with an ecosystem call against
  lives without one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from siaran.advice.behind import Behind
from siaran.advice.effects import relative_difference
from siaran.advice.indicators import EVIDENCE_ITEMS
from siaran.advice.lives import Live
from siaran.advice.model import Evidence
from siaran.advice.rhythm import Draft

WITHIN_ON_TIME: Final = "within_account:on_time_share"
WITHIN_CONVERSION_ALL: Final = "within_account:live_conversion"
WITHIN_SIGNUPS: Final = "within_account:signups"


def _live(account: str, room: str | None, started: str | None) -> Evidence:
    return Evidence("live", account, room, started_at=started)


def ship_within_promise(account: str, behind: Behind) -> Draft | None:
    own = [v for v in behind.operations if v.account == account and v.judged_orders]
    over = [v for v in own if v.over_capacity]
    within = [v for v in own if v.over_capacity is False]
    late = sum(v.late_orders or 0 for v in over)
    judged = sum(v.judged_orders or 0 for v in over)
    if not over or not late or not judged:
        return None
    effect = relative_difference(
        [1.0 - (v.late_share or 0.0) for v in within],
        [1.0 - (v.late_share or 0.0) for v in over],
        basis=WITHIN_ON_TIME,
    )
    shown = sorted((v for v in over if v.late_orders), key=lambda v: v.started_at, reverse=True)
    return Draft(
        "operations.ship_within_promise",
        "operations",
        {"late": ("percent", late / judged), "n_over": ("number", float(len(over)))},
        effect,
        tuple(
            _live(v.account, v.room_id, v.started_at.isoformat()) for v in shown[:EVIDENCE_ITEMS]
        ),
    )


def dedicated_admin(account: str, behind: Behind, lives: Sequence[Live]) -> Draft | None:
    crews = [c for c in behind.crews if c.account == account]
    if not crews:
        return None
    latest = max(crews, key=lambda c: (c.started_at is not None, c.started_at or c.set_at))
    if latest.dedicated_admin:
        return None
    rate = {
        v.room_id: v.customers / v.audience
        for v in lives
        if v.account == account and v.customers is not None and v.audience
    }
    known = [c for c in crews if c.room_id in rate]
    effect = relative_difference(
        [rate[c.room_id] for c in known if c.dedicated_admin],
        [rate[c.room_id] for c in known if not c.dedicated_admin],
        basis=WITHIN_CONVERSION_ALL,
    )
    if effect.estimate is not None and effect.estimate <= 0:
        return None  # the account's own lives do not support it
    started = latest.started_at.isoformat() if latest.started_at else None
    with_admin = sum(1 for c in crews if c.dedicated_admin)
    return Draft(
        "operations.dedicated_admin",
        "operations",
        {
            "room": ("text", latest.room_id),
            "with_admin": ("number", float(with_admin)),
            "rostered": ("number", float(len(crews))),
        },
        effect,
        (_live(account, latest.room_id, started),),
    )


def reseller_call(account: str, behind: Behind) -> Draft | None:
    own = [v for v in behind.signups if v.account == account]
    called = [v for v in own if v.ecosystem_calls > 0]
    silent = [v for v in own if v.ecosystem_calls == 0]
    if not called or not silent or len(silent) < len(called):
        return None
    effect = relative_difference(
        [float(v.signups) for v in called], [float(v.signups) for v in silent], basis=WITHIN_SIGNUPS
    )
    if effect.estimate is None or effect.estimate <= 0:
        return None
    shown = sorted(called, key=lambda v: (v.signups, v.started_at), reverse=True)
    return Draft(
        "ecosystem.reseller_call",
        "ecosystem",
        {"n_called": ("number", float(len(called))), "n_lives": ("number", float(len(own)))},
        effect,
        tuple(
            _live(v.account, v.room_id, v.started_at.isoformat()) for v in shown[:EVIDENCE_ITEMS]
        ),
    )


def behind_drafts(account: str, behind: Behind, lives: Sequence[Live]) -> list[Draft]:
    """The drafts the account's records support, in the order above."""
    found = (
        ship_within_promise(account, behind),
        dedicated_admin(account, behind, lives),
        reseller_call(account, behind),
    )
    return [d for d in found if d is not None]
