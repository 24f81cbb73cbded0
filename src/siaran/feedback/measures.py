"""What the reviews add up to: negative review rates over 7 and 30 days, cue counts, per
product and per live.

**Negative review rate** (``negative_review_rate_7d``, ``negative_review_rate_30d``): the share
of 1-2 star reviews among the rated reviews received in the last 7 (30) days. The days end at
``as_of``, by default the moment of the account's latest stored review (the data's own end,
so an old export still shows its last weeks); a window without a rated review has no rate
(``None``), never 0. TikTok Shop's seller-related NRR divides by delivered orders instead and
leaves logistics complaints out: that figure needs the platform's own classification and is
not computed here (docs/en/feedback.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from siaran.feedback.cues import CUES, FeedbackCue
from siaran.feedback.records import ReviewRecord

WINDOWS: tuple[int, int] = (7, 30)


SUMMARY_FIELDS = (
    "reviews",
    "average_rating",
    "negative_review_rate_7d",
    "negative_review_rate_30d",
    "top_complaint",
    "live_complaints",
)
"""The figures of a :class:`FeedbackSummary` a reader looks at first, in that order (the
report's columns, the first of ``siaran feedback``'s table)."""


@dataclass(frozen=True)
class FeedbackSummary:
    """One account's reviews (``product`` ``None``), or one product's."""

    account: str
    product: str | None
    reviews: int
    rated: int
    average_rating: float | None
    negative: int
    as_of: dt.datetime | None
    reviews_7d: int
    negative_7d: int
    negative_review_rate_7d: float | None
    reviews_30d: int
    negative_30d: int
    negative_review_rate_30d: float | None
    with_order: int
    bought_in_live: int
    top_complaint: FeedbackCue | None
    live_complaints: int = 0


@dataclass(frozen=True)
class CueCount:
    account: str
    cue: FeedbackCue
    reviews: int
    positive: int
    negative: int
    share: float | None
    """Of the reviews with text, the share that speak of this cue."""
    negative_share: float | None
    """Of the reviews with text, the share that complain of it."""


@dataclass(frozen=True)
class LiveFeedback:
    account: str
    room_id: str
    started_at: dt.datetime | None
    reviews: int
    average_rating: float | None
    negative: int
    negative_share: float | None
    top_complaint: FeedbackCue | None
    live_complaints: int = 0


def _rate(negative: int, rated: int) -> float | None:
    return negative / rated if rated else None


def _top(reviews: Iterable[ReviewRecord]) -> FeedbackCue | None:
    counts = Counter(cue for r in reviews for cue in r.complaints())
    if not counts:
        return None
    return min(counts, key=lambda cue: (-counts[cue], CUES.index(cue)))


def summarise(
    account: str,
    product: str | None,
    reviews: Sequence[ReviewRecord],
    as_of: dt.datetime | None = None,
    live_complaints: int = 0,
) -> FeedbackSummary:
    """The figures of ``reviews`` (all of one account, or of one of its products)."""
    rated = [r for r in reviews if r.rating is not None]
    end = as_of or max((r.reviewed_at for r in reviews), default=None)
    windows: dict[int, list[ReviewRecord]] = {}
    for days in WINDOWS:
        windows[days] = (
            [r for r in rated if end - dt.timedelta(days=days) < r.reviewed_at <= end]
            if end is not None
            else []
        )
    week, month = windows[7], windows[30]
    return FeedbackSummary(
        account=account,
        product=product,
        reviews=len(reviews),
        rated=len(rated),
        average_rating=sum(r.rating or 0 for r in rated) / len(rated) if rated else None,
        negative=sum(r.negative for r in rated),
        as_of=end,
        reviews_7d=len(week),
        negative_7d=sum(r.negative for r in week),
        negative_review_rate_7d=_rate(sum(r.negative for r in week), len(week)),
        reviews_30d=len(month),
        negative_30d=sum(r.negative for r in month),
        negative_review_rate_30d=_rate(sum(r.negative for r in month), len(month)),
        with_order=sum(r.order_found for r in reviews),
        bought_in_live=sum(r.room_id is not None for r in reviews),
        top_complaint=_top(reviews),
        live_complaints=live_complaints,
    )


def _by_account(reviews: Iterable[ReviewRecord]) -> dict[str, list[ReviewRecord]]:
    out: dict[str, list[ReviewRecord]] = {}
    for review in reviews:
        out.setdefault(review.account, []).append(review)
    return out


def account_summaries(
    reviews: Sequence[ReviewRecord],
    *,
    as_of: dt.datetime | None = None,
    complaints: dict[tuple[str, str | None], int] | None = None,
) -> list[FeedbackSummary]:
    """One summary per account, by account name."""
    found = complaints or {}
    return [
        summarise(
            account, None, items, as_of, sum(n for (a, _), n in found.items() if a == account)
        )
        for account, items in sorted(_by_account(reviews).items())
    ]


def product_summaries(
    reviews: Sequence[ReviewRecord],
    *,
    as_of: dt.datetime | None = None,
    complaints: dict[tuple[str, str | None], int] | None = None,
) -> list[FeedbackSummary]:
    """One summary per account and product (reviews without a product under ``None``); the
    windows end where the account's end, so a product's rate is read on the account's days."""
    found = complaints or {}
    out = []
    for account, items in sorted(_by_account(reviews).items()):
        end = as_of or max(r.reviewed_at for r in items)
        products: dict[str | None, list[ReviewRecord]] = {}
        for review in items:
            products.setdefault(review.product, []).append(review)
        for product, group in sorted(products.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
            out.append(summarise(account, product, group, end, found.get((account, product), 0)))
    return out


def cue_counts(reviews: Sequence[ReviewRecord]) -> list[CueCount]:
    """Per account and cue: the reviews that speak of it, praise and complaint, and their
    shares of the reviews with text."""
    out = []
    for account, items in sorted(_by_account(reviews).items()):
        with_text = sum(bool(r.text) for r in items)
        for cue in CUES:
            positive = sum(r.cues.get(cue) == "+" for r in items)
            negative = sum(r.cues.get(cue) == "-" for r in items)
            out.append(
                CueCount(
                    account,
                    cue,
                    positive + negative,
                    positive,
                    negative,
                    (positive + negative) / with_text if with_text else None,
                    negative / with_text if with_text else None,
                )
            )
    return out


def live_summaries(
    reviews: Sequence[ReviewRecord],
    started: dict[tuple[str, str], dt.datetime | None],
    complaints: dict[tuple[str, str], int] | None = None,
) -> list[LiveFeedback]:
    """Per live: the reviews of the orders bought in it. Lives in time order."""
    found = complaints or {}
    lives: dict[tuple[str, str], list[ReviewRecord]] = {}
    for review in reviews:
        if review.room_id is not None:
            lives.setdefault((review.account, review.room_id), []).append(review)
    for key in found:
        lives.setdefault(key, [])
    out = []
    for (account, room), items in lives.items():
        rated = [r for r in items if r.rating is not None]
        negative = sum(r.negative for r in rated)
        out.append(
            LiveFeedback(
                account=account,
                room_id=room,
                started_at=started.get((account, room)),
                reviews=len(items),
                average_rating=sum(r.rating or 0 for r in rated) / len(rated) if rated else None,
                negative=negative,
                negative_share=_rate(negative, len(rated)),
                top_complaint=_top(items),
                live_complaints=found.get((account, room), 0),
            )
        )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(out, key=lambda x: (x.started_at or far, x.account, x.room_id))


def in_scope(account: str, accounts: Collection[str] | None) -> bool:
    return accounts is None or account in accounts
