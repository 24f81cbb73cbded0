"""Stored reviews read back with their cues and the live they were bought in.

A review with an order id is linked to that order (same platform and account) and so to the
live the order was bought in (:func:`siaran.orders.list_orders`, the orders' rule of a live's
window plus grace). A review is **negative** when its rating is 1 or 2 stars, as TikTok Shop
and Shopee count it; a review without a rating is neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from siaran.feedback.cues import FeedbackCue, Polarity
from siaran.feedback.tagger import tag_review

if TYPE_CHECKING:
    from siaran.workspace import Workspace

NEGATIVE_STARS: Final = 2


@dataclass(frozen=True)
class ReviewRecord:
    platform: str
    account: str
    review_id: str
    order_id: str | None
    product: str | None
    rating: int | None
    text: str | None
    reviewed_at: dt.datetime
    cues: dict[FeedbackCue, Polarity]
    order_found: bool
    room_id: str | None

    @property
    def negative(self) -> bool:
        return self.rating is not None and self.rating <= NEGATIVE_STARS

    def complaints(self) -> list[FeedbackCue]:
        return [cue for cue, sign in self.cues.items() if sign == "-"]


def scope_sql(
    account: str | None, accounts: Collection[str] | None, alias: str = ""
) -> tuple[str, list[object]]:
    """A WHERE condition for one account and/or the accounts a user may see."""
    column = f"{alias}.account" if alias else "account"
    where = ["true"]
    params: list[object] = []
    if account is not None:
        where.append(f"{column} = ?")
        params.append(account.strip().lstrip("@"))
    if accounts is not None:
        where.append(f"list_contains(?, {column})")
        params.append(sorted(accounts))
    return " AND ".join(where), params


def _links(workspace: Workspace, accounts: set[str]) -> dict[tuple[str, str, str], str | None]:
    from siaran.orders import list_orders

    links: dict[tuple[str, str, str], str | None] = {}
    for account in sorted(accounts):
        for order in list_orders(workspace, account=account):
            links[(order.platform, order.account, order.order_id)] = order.room_id
    return links


def list_reviews(
    workspace: Workspace,
    *,
    account: str | None = None,
    product: str | None = None,
    accounts: Collection[str] | None = None,
) -> list[ReviewRecord]:
    """Stored reviews, oldest first, each with its cues and its order's live; ``product``
    keeps those whose product name contains it (case ignored)."""
    where, params = scope_sql(account, accounts)
    if product is not None:
        where += " AND contains(lower(coalesce(product, '')), ?)"
        params.append(product.strip().lower())
    rows = workspace.con.execute(
        f"""
        SELECT platform, account, review_id, order_id, product, rating, text, reviewed_at
        FROM reviews WHERE {where} ORDER BY reviewed_at, account, review_id
        """,
        params,
    ).fetchall()
    with_orders = {str(r[1]) for r in rows if r[3] is not None}
    links = _links(workspace, with_orders) if with_orders else {}
    zone = workspace.timezone
    out = []
    for platform, acc, review_id, order_id, name, rating, text, at in rows:
        key = (str(platform), str(acc), str(order_id))
        out.append(
            ReviewRecord(
                platform=str(platform),
                account=str(acc),
                review_id=str(review_id),
                order_id=order_id,
                product=name,
                rating=rating,
                text=text,
                reviewed_at=at.astimezone(zone),
                cues=dict(tag_review(text, rating).cues),
                order_found=order_id is not None and key in links,
                room_id=links.get(key) if order_id is not None else None,
            )
        )
    return out
