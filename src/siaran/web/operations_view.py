"""What the dashboard shows of a live's orders and of operations: the orders card (its linked
orders against the platform's attribution, by product, new and returning buyers, from
:mod:`siaran.orders`) and the operations card of a live page, and an account's operations
page (:mod:`siaran.operations`). Every query is scoped to the one account the page is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from siaran.i18n import Lang, text

if TYPE_CHECKING:
    from markupsafe import Markup

    from siaran.operations import LiveOperations
    from siaran.orders import LiveOrders, LiveProduct
    from siaran.web.formatting import Figures
    from siaran.workspace import Workspace


@dataclass(frozen=True)
class LiveOrderCards:
    """A live's orders card and operations card (``None``: no stored order is linked to it)."""

    orders: LiveOrders | None = None
    products: list[LiveProduct] = field(default_factory=list)
    operations: LiveOperations | None = None
    settings_text: str = ""
    stored: bool = False
    """Whether the account has any stored orders at all (tells "import" from "none linked")."""


def _is(started_at: dt.datetime, session: Mapping[str, Any]) -> bool:
    value = session.get("started_at")
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return isinstance(value, dt.datetime) and value == started_at


def live_order_cards(
    workspace: Workspace, account: str, session: Mapping[str, Any], lang: Lang
) -> LiveOrderCards:
    """The two cards of ``account``'s live ``session``; only that account's orders are read."""
    from siaran.operations import describe_settings, fulfilment_settings, live_operations
    from siaran.orders import live_orders, live_products

    stored = workspace.con.execute(
        "SELECT count(*) FROM orders WHERE account = ?", [account]
    ).fetchone()
    if not stored or not stored[0]:
        return LiveOrderCards()
    room = session.get("room_id") or None
    found = [
        o for o in live_orders(workspace, account=account, room=room) if _is(o.started_at, session)
    ]
    if not found or not found[0].orders:
        return LiveOrderCards(stored=True)
    settings = fulfilment_settings(workspace)
    products = live_products(workspace, account=account, room=room)
    operations = live_operations(workspace, account=account, room=room, settings=settings)
    return LiveOrderCards(
        orders=found[0],
        products=[p for p in products if _is(p.started_at, session)],
        operations=next((o for o in operations if _is(o.started_at, session)), None),
        settings_text=describe_settings(settings, lang),
        stored=True,
    )


def order_tiles(fig: Figures, cards: LiveOrderCards) -> list[tuple[str, Markup]]:
    """The orders card's tiles: ours against the platform's, and the buyers."""
    o = cards.orders
    if o is None:
        return []
    return [
        (text("web.orders_card.ours", fig.lang), fig.field("orders", o.orders)),
        (fig.label("platform_orders"), fig.field("platform_orders", o.platform_orders)),
        (fig.label("orders_difference"), fig.field("orders_difference", o.orders_difference)),
        (text("web.orders_card.gmv", fig.lang), fig.field("gmv", o.gmv, o.currency)),
        (fig.label("platform_gmv"), fig.field("platform_gmv", o.platform_gmv, o.currency)),
        (fig.label("gmv_difference"), fig.field("gmv_difference", o.gmv_difference, o.currency)),
        (fig.label("new_buyers"), fig.field("new_buyers", o.new_buyers)),
        (fig.label("returning_buyers"), fig.field("returning_buyers", o.returning_buyers)),
        (fig.label("cancelled_orders"), fig.field("cancelled_orders", o.cancelled_orders)),
    ]
