"""What happens behind the lives, as indicators: fulfilment, crew, reviews and the ecosystem.

Read once per advice (:func:`read_behind`) from :mod:`siaran.operations`, :mod:`siaran.crew`,
:mod:`siaran.feedback` and :mod:`siaran.ecosystem`, then measured per account over the
window judged and the window before (the account's own history):

- ``fulfilment`` (operations): over the lives of the window with orders, ``late_share``
  (late / judged orders), ``cancelled_share`` (cancelled / orders), ``hours_to_ship_p90``
  (the highest of the lives' p90) and ``peak_load`` (the highest peak against capacity; only
  with capacity settings, ``siaran ops --capacity``).
- ``crew_roles`` (operations): ``dedicated_admin_share``, the share of the window's lives with
  a roster that had a dedicated interaction admin.
- ``reviews``: ``negative_review_rate`` (trust: reviews of 1-2 stars / rated reviews in the
  window) and ``shipping_complaint_share`` (operations: reviews with a shipping-speed or
  packaging complaint / reviews in the window).
- ``channel_orders`` (ecosystem): ``partner_gmv_share``, affiliate and reseller GMV over the GMV
  of every channel in the calendar months the window touches, compared within a currency.
- ``resellers`` (ecosystem): ``active_resellers`` (mean resellers active per month) and
  ``signups_after_call`` (mean reseller sign-ups after the window's lives with an ecosystem call).

The evidence of each is the lives it rests on (the lives the orders came from), or for the
review indicators the reviews themselves.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeVar

from siaran.advice.indicators import EVIDENCE_ITEMS, Definition, Measured, place
from siaran.advice.model import Evidence, Indicator
from siaran.crew import LiveCrew, list_crew
from siaran.ecosystem import (
    ChannelMonth,
    PartnerMonth,
    SignupLive,
    channel_gmv,
    partners_by_month,
    signup_comparison,
)
from siaran.feedback.records import ReviewRecord, list_reviews
from siaran.operations import LiveOperations, live_operations

if TYPE_CHECKING:
    from siaran.advice.sources import AdviceData
    from siaran.workspace import Workspace

COHORT_ORDERS: Final = "accounts_with_orders"
COHORT_CREW: Final = "accounts_with_rosters"
COHORT_REVIEWS: Final = "accounts_with_reviews"
COHORT_RESELLERS: Final = "accounts_with_partners"
SHIPPING_CUES: Final = ("shipping_speed", "packaging")
PARTNER_CHANNELS: Final = frozenset(
    {
        "affiliate_live",
        "affiliate_video",
        "affiliate_showcase",
        "affiliate_product_card",
        "resellers",
    }
)

T = TypeVar("T")


@dataclass(frozen=True)
class Behind:
    """The workspace's data behind the lives (empty where it has none)."""

    operations: tuple[LiveOperations, ...] = ()
    crews: tuple[LiveCrew, ...] = ()
    reviews: tuple[ReviewRecord, ...] = ()
    channels: tuple[ChannelMonth, ...] = ()
    partners: tuple[PartnerMonth, ...] = ()
    signups: tuple[SignupLive, ...] = ()


def read_behind(workspace: Workspace, accounts: Collection[str] | None) -> Behind:
    """Fulfilment per live, rosters, reviews and the ecosystem's months of ``accounts``."""
    keep = None if accounts is None else set(accounts)

    def mine(rows: Iterable[T], account: Callable[[T], str]) -> tuple[T, ...]:
        return tuple(r for r in rows if keep is None or account(r) in keep)

    return Behind(
        operations=mine(live_operations(workspace), lambda v: v.account),
        crews=mine(list_crew(workspace, keep), lambda c: c.account),
        reviews=mine(list_reviews(workspace, accounts=keep), lambda r: r.account),
        channels=mine(channel_gmv(workspace, keep), lambda c: c.account),
        partners=mine(partners_by_month(workspace, keep), lambda p: p.account),
        signups=tuple(live for c in signup_comparison(workspace, keep) for live in c.lives),
    )


# -- windows --------------------------------------------------------------------------------------
def _between(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def _month_between(month: dt.date, start: dt.date, end: dt.date) -> bool:
    return start.replace(day=1) <= month <= end


def _group(
    items: Iterable[T], account: Callable[[T], str], keep: Callable[[T], bool]
) -> dict[str, list[T]]:
    out: dict[str, list[T]] = {}
    for item in items:
        if keep(item):
            out.setdefault(account(item), []).append(item)
    return out


def _evidence(lives: Iterable[tuple[str, str | None, dt.datetime | None]]) -> tuple[Evidence, ...]:
    """The latest lives (account, room id, start), newest first, once each."""
    seen: dict[tuple[str, str | None], dt.datetime | None] = {}
    for account, room, started in lives:
        seen.setdefault((account, room), started)
    latest = sorted(seen.items(), key=lambda kv: kv[1] or dt.datetime.min, reverse=True)
    return tuple(
        Evidence("live", a, room, started_at=s.isoformat() if s else None)
        for (a, room), s in latest[:EVIDENCE_ITEMS]
    )


def _placed(
    definitions: Sequence[tuple[str, Definition[T]]],
    account: str,
    now: dict[str, list[T]],
    before: dict[str, list[T]],
    cohort_name: str,
) -> list[tuple[str, Indicator]]:
    return [
        (
            area,
            place(d, account, dict(now), cohort_name=cohort_name, history=before.get(account)),
        )
        for area, d in definitions
    ]


# -- fulfilment -----------------------------------------------------------------------------------
def _ops_evidence(lives: Iterable[LiveOperations]) -> tuple[Evidence, ...]:
    return _evidence((v.account, v.room_id, v.started_at) for v in lives)


def late_share(lives: Sequence[LiveOperations]) -> Measured:
    judged = [v for v in lives if v.judged_orders]
    total = sum(v.judged_orders or 0 for v in judged)
    late = sum(v.late_orders or 0 for v in judged)
    shown = [v for v in judged if v.late_orders] or judged
    return Measured(late / total if total else None, len(judged), _ops_evidence(shown))


def cancelled_share(lives: Sequence[LiveOperations]) -> Measured:
    used = [v for v in lives if v.orders]
    total = sum(v.orders for v in used)
    cancelled = sum(v.cancelled_orders for v in used)
    shown = [v for v in used if v.cancelled_orders] or used
    return Measured(cancelled / total if total else None, len(used), _ops_evidence(shown))


def _highest(
    lives: Sequence[LiveOperations], get: Callable[[LiveOperations], float | None]
) -> Measured:
    used = [(v, get(v)) for v in lives]
    known = [(v, x) for v, x in used if x is not None]
    if not known:
        return Measured(None, 0)
    top = max(known, key=lambda vx: vx[1])
    return Measured(top[1], len(known), _ops_evidence([top[0]]))


OPERATIONS: Final[tuple[tuple[str, Definition[LiveOperations]], ...]] = (
    ("operations", Definition("late_share", "operations", "fraction", "lower", late_share)),
    (
        "operations",
        Definition("cancelled_share", "operations", "fraction", "lower", cancelled_share),
    ),
    (
        "operations",
        Definition(
            "hours_to_ship_p90",
            "operations",
            "hours",
            "lower",
            lambda lives: _highest(lives, lambda v: v.hours_to_ship_p90),
        ),
    ),
    (
        "operations",
        Definition(
            "peak_load",
            "operations",
            "ratio",
            "lower",
            lambda lives: _highest(lives, lambda v: v.peak_load),
        ),
    ),
)


class FulfilmentSource:
    """The fulfilment of the orders of the window's lives (``siaran.operations``)."""

    name = "fulfilment"
    areas: tuple[str, ...] = ("operations",)

    def has_data(self, data: AdviceData, account: str) -> bool:
        return any(v.account == account for v in data.behind.operations)

    def indicators(self, data: AdviceData, account: str) -> list[tuple[str, Indicator]]:
        ops = data.behind.operations
        start, end = data.previous
        now = _group(
            ops, lambda v: v.account, lambda v: _between(v.started_at.date(), data.start, data.end)
        )
        before = _group(
            ops, lambda v: v.account, lambda v: _between(v.started_at.date(), start, end)
        )
        return _placed(OPERATIONS, account, now, before, COHORT_ORDERS)


# -- crew -----------------------------------------------------------------------------------------
def dedicated_admin_share(crews: Sequence[LiveCrew]) -> Measured:
    with_admin = [c for c in crews if c.dedicated_admin]
    shown = with_admin or list(crews)
    return Measured(
        len(with_admin) / len(crews) if crews else None,
        len(crews),
        _evidence((c.account, c.room_id, c.started_at) for c in shown),
    )


CREW: Final[tuple[tuple[str, Definition[LiveCrew]], ...]] = (
    (
        "operations",
        Definition(
            "dedicated_admin_share", "operations", "fraction", "higher", dedicated_admin_share
        ),
    ),
)


def _crew_day(crew: LiveCrew) -> dt.date | None:
    return crew.started_at.date() if crew.started_at else None


class CrewSource:
    """The rosters of the window's lives (``siaran.crew``)."""

    name = "crew_roles"
    areas: tuple[str, ...] = ("operations",)

    def has_data(self, data: AdviceData, account: str) -> bool:
        return any(c.account == account for c in data.behind.crews)

    def indicators(self, data: AdviceData, account: str) -> list[tuple[str, Indicator]]:
        crews = data.behind.crews
        start, end = data.previous
        now = _group(
            crews, lambda c: c.account, lambda c: _between(_crew_day(c), data.start, data.end)
        )
        before = _group(crews, lambda c: c.account, lambda c: _between(_crew_day(c), start, end))
        return _placed(CREW, account, now, before, COHORT_CREW)


# -- reviews --------------------------------------------------------------------------------------
def _review_evidence(reviews: Sequence[ReviewRecord]) -> tuple[Evidence, ...]:
    """The latest reviews, newest first, each with the live its order was bought in."""
    latest = sorted(reviews, key=lambda r: (r.reviewed_at, r.review_id), reverse=True)
    return tuple(
        Evidence("review", r.account, r.room_id, quote=r.text or "", ref=r.review_id)
        for r in latest[:EVIDENCE_ITEMS]
    )


def negative_review_rate(reviews: Sequence[ReviewRecord]) -> Measured:
    rated = [r for r in reviews if r.rating is not None]
    negative = [r for r in rated if r.negative]
    return Measured(
        len(negative) / len(rated) if rated else None,
        len(rated),
        _review_evidence(negative) or _review_evidence(rated),
    )


def shipping_complaint_share(reviews: Sequence[ReviewRecord]) -> Measured:
    hit = [r for r in reviews if any(c in SHIPPING_CUES for c in r.complaints())]
    return Measured(
        len(hit) / len(reviews) if reviews else None, len(reviews), _review_evidence(hit)
    )


REVIEWS: Final[tuple[tuple[str, Definition[ReviewRecord]], ...]] = (
    (
        "trust",
        Definition("negative_review_rate", "trust", "fraction", "lower", negative_review_rate),
    ),
    (
        "operations",
        Definition(
            "shipping_complaint_share", "operations", "fraction", "lower", shipping_complaint_share
        ),
    ),
)


class ReviewSource:
    """Buyers' reviews written in the window (``siaran.feedback``)."""

    name = "reviews"
    areas: tuple[str, ...] = ("trust", "operations")

    def has_data(self, data: AdviceData, account: str) -> bool:
        return any(r.account == account for r in data.behind.reviews)

    def indicators(self, data: AdviceData, account: str) -> list[tuple[str, Indicator]]:
        reviews = data.behind.reviews
        start, end = data.previous
        now = _group(
            reviews,
            lambda r: r.account,
            lambda r: _between(r.reviewed_at.date(), data.start, data.end),
        )
        before = _group(
            reviews, lambda r: r.account, lambda r: _between(r.reviewed_at.date(), start, end)
        )
        return _placed(REVIEWS, account, now, before, COHORT_REVIEWS)


# -- ecosystem ------------------------------------------------------------------------------------
def partner_gmv_share(months: Sequence[ChannelMonth]) -> Measured:
    total = sum(m.gmv for m in months)
    partner = sum(m.gmv for m in months if m.channel in PARTNER_CHANNELS)
    return Measured(partner / total if total else None, 0)


def _currency(months: Sequence[ChannelMonth]) -> str | None:
    found = [m.currency for m in months if m.channel in PARTNER_CHANNELS]
    return statistics.mode(found) if found else None


class ChannelSource:
    """GMV by channel in the months the window touches (``siaran.ecosystem``), compared
    within the account's currency."""

    name = "channel_orders"
    areas: tuple[str, ...] = ("ecosystem",)

    def has_data(self, data: AdviceData, account: str) -> bool:
        return any(
            m.account == account and m.channel in PARTNER_CHANNELS for m in data.behind.channels
        )

    def indicators(self, data: AdviceData, account: str) -> list[tuple[str, Indicator]]:
        months = data.behind.channels
        start, end = data.previous
        now = _group(
            months, lambda m: m.account, lambda m: _month_between(m.month, data.start, data.end)
        )
        before = _group(months, lambda m: m.account, lambda m: _month_between(m.month, start, end))
        currency = _currency(now.get(account, []))
        same = {
            a: [m for m in ms if m.currency in (currency, None)]
            for a, ms in now.items()
            if _currency(ms) == currency
        }
        share: Definition[ChannelMonth] = Definition(
            "partner_gmv_share", "ecosystem", "fraction", "higher", partner_gmv_share, money=True
        )
        return _placed(
            (("ecosystem", share),),
            account,
            same,
            before,
            f"money:{currency or 'unknown'}/channels",
        )


def active_resellers(months: Sequence[PartnerMonth]) -> Measured:
    value = statistics.fmean(m.resellers_active for m in months) if months else None
    return Measured(value, 0)


def signups_after_call(lives: Sequence[SignupLive]) -> Measured:
    called = [v for v in lives if v.ecosystem_calls > 0]
    value = statistics.fmean(v.signups for v in called) if called else None
    return Measured(
        value, len(called), _evidence((v.account, v.room_id, v.started_at) for v in called)
    )


class ResellerSource:
    """Reseller registers: active resellers per month and sign-ups after lives with an
    ecosystem call (``siaran.ecosystem``)."""

    name = "resellers"
    areas: tuple[str, ...] = ("ecosystem",)

    def has_data(self, data: AdviceData, account: str) -> bool:
        return any(
            p.account == account and (p.resellers_active or p.new_resellers)
            for p in data.behind.partners
        )

    def indicators(self, data: AdviceData, account: str) -> list[tuple[str, Indicator]]:
        b, (start, end) = data.behind, data.previous
        resellers = {p.account for p in b.partners if p.resellers_active or p.new_resellers}
        months = [p for p in b.partners if p.account in resellers]
        lives = [v for v in b.signups if v.account in resellers]
        month_def: Definition[PartnerMonth] = Definition(
            "active_resellers", "ecosystem", "count", "higher", active_resellers
        )
        signup_def: Definition[SignupLive] = Definition(
            "signups_after_call", "ecosystem", "count", "higher", signups_after_call
        )
        return [
            *_placed(
                (("ecosystem", month_def),),
                account,
                _group(
                    months,
                    lambda p: p.account,
                    lambda p: _month_between(p.month, data.start, data.end),
                ),
                _group(months, lambda p: p.account, lambda p: _month_between(p.month, start, end)),
                COHORT_RESELLERS,
            ),
            *_placed(
                (("ecosystem", signup_def),),
                account,
                _group(
                    lives,
                    lambda v: v.account,
                    lambda v: _between(v.started_at.date(), data.start, data.end),
                ),
                _group(
                    lives, lambda v: v.account, lambda v: _between(v.started_at.date(), start, end)
                ),
                COHORT_RESELLERS,
            ),
        ]


def unmet(data: AdviceData, account: str, area: str) -> tuple[str, ...]:
    """Settings an area's present source still lacks: ``capacity`` when the account has
    orders in lives but no packing capacity is set (its peak load is unknown)."""
    lives = [v for v in data.behind.operations if v.account == account]
    if area == "operations" and lives and all(v.capacity_per_10min is None for v in lives):
        return ("capacity",)
    return ()


BEHIND_SOURCES: Final = (
    FulfilmentSource(),
    CrewSource(),
    ReviewSource(),
    ChannelSource(),
    ResellerSource(),
)
