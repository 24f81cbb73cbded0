"""The product lineup: the account's products that sold best in its lives, from the orders
linked to them (:mod:`siaran.orders.linking`).

Products are ranked by their value per live: the value of the product's SKU lines in the lives
the account's stored orders cover, divided by the number of those lives (a product that sold
in few of many lives ranks below one that sells every time). Money of another currency than
the account's main one is left out. Without imported orders the lineup is unknown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from siaran.plan.model import ProductJson

if TYPE_CHECKING:
    from siaran.workspace import Workspace

TOP_PRODUCTS: Final = 5


@dataclass
class _Total:
    sku: str | None
    lives: set[str] = field(default_factory=set)
    orders: int = 0
    quantity: float | None = None
    amount: float | None = None


@dataclass(frozen=True)
class Lineup:
    n_lives: int
    """Lives of the account that its stored orders cover."""
    products: tuple[ProductJson, ...]


def product_lineup(workspace: Workspace, account: str, top: int = TOP_PRODUCTS) -> Lineup:
    from siaran.orders.linking import live_orders, live_products

    lives = live_orders(workspace, account=account)
    if not lives:
        return Lineup(0, ())
    currencies = Counter(v.currency for v in lives)
    currency = currencies.most_common(1)[0][0]
    covered = [v for v in lives if v.currency == currency or v.currency is None]
    sold = [p for p in live_products(workspace, account=account) if p.currency == currency]
    totals: dict[str, _Total] = {}
    for item in sold:
        name = item.product or item.sku or "?"
        total = totals.setdefault(name, _Total(item.sku))
        total.lives.add(f"{item.room_id}|{item.started_at.isoformat()}")
        total.orders += item.orders
        if item.quantity is not None:
            total.quantity = (total.quantity or 0.0) + float(item.quantity)
        if item.amount is not None:
            total.amount = (total.amount or 0.0) + float(item.amount)
    n = len(covered)
    products: list[ProductJson] = [
        {
            "product": name,
            "sku": total.sku,
            "lives": len(total.lives),
            "orders": total.orders,
            "quantity": total.quantity,
            "amount": total.amount,
            "amount_per_live": None if total.amount is None else total.amount / n,
            "currency": currency,
        }
        for name, total in totals.items()
    ]
    products.sort(key=lambda p: (-(p["amount_per_live"] or 0.0), -p["orders"], p["product"]))
    return Lineup(n, tuple(products[:top]))
