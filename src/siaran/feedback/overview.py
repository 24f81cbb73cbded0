"""Everything the feedback pages show, read once: :func:`feedback_overview`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from siaran.feedback.complaints import LiveComplaint, live_complaints
from siaran.feedback.measures import (
    CueCount,
    FeedbackSummary,
    LiveFeedback,
    account_summaries,
    cue_counts,
    live_summaries,
    product_summaries,
)
from siaran.feedback.records import ReviewRecord, list_reviews, scope_sql

if TYPE_CHECKING:
    from siaran.workspace import Workspace


@dataclass(frozen=True)
class FeedbackOverview:
    reviews: list[ReviewRecord]
    accounts: list[FeedbackSummary]
    products: list[FeedbackSummary]
    cues: list[CueCount]
    lives: list[LiveFeedback]
    complaints: list[LiveComplaint]


def _started(
    workspace: Workspace, account: str | None, accounts: Collection[str] | None
) -> dict[tuple[str, str], dt.datetime | None]:
    where, params = scope_sql(account, accounts)
    rows = workspace.con.execute(
        f"SELECT account, room_id, min(started_at) FROM sessions WHERE {where} "
        "AND room_id IS NOT NULL GROUP BY ALL",
        params,
    ).fetchall()
    zone = workspace.timezone
    return {(str(a), str(r)): s.astimezone(zone) if s else None for a, r, s in rows}


def feedback_overview(
    workspace: Workspace,
    *,
    account: str | None = None,
    product: str | None = None,
    accounts: Collection[str] | None = None,
    as_of: dt.datetime | None = None,
) -> FeedbackOverview:
    """The reviews of ``account`` (every account in ``accounts``, or all) and what they add
    up to; ``product`` keeps the products whose name contains it."""
    reviews = list_reviews(workspace, account=account, product=product, accounts=accounts)
    complaints = live_complaints(workspace, account=account, accounts=accounts)
    if product is not None:
        wanted = product.strip().lower()
        complaints = [c for c in complaints if c.product and wanted in c.product.lower()]
    by_product = Counter((c.account, c.product) for c in complaints)
    by_live = Counter((c.account, c.room_id) for c in complaints)
    return FeedbackOverview(
        reviews=reviews,
        accounts=account_summaries(reviews, as_of=as_of, complaints=dict(by_product)),
        products=product_summaries(reviews, as_of=as_of, complaints=dict(by_product)),
        cues=cue_counts(reviews),
        lives=live_summaries(reviews, _started(workspace, account, accounts), dict(by_live)),
        complaints=complaints,
    )
