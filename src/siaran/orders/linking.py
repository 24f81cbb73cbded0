"""Orders linked to the live they were bought in, and per live what they add up to.

**The rule.** An order belongs to a live of the same platform and account when it was created
between the live's start and its end plus a grace window (default
:data:`DEFAULT_GRACE_MINUTES`, the workspace setting :data:`GRACE_SETTING`, or ``grace`` given
to each function): buyers who put a product in the cart during the live often pay a little
after it. A live without an end time ends at its start plus its duration (or at its start).
When an order falls in the windows of two lives, the live that was on air at that moment wins,
else the one that started last. An order in no window is not bought in a live (``room_id``
``None``).

**Per live** (:func:`live_orders`): the orders and their value (the sum of the SKU lines'
amounts after discounts, shipping excluded, cancelled orders included, as placed) against the
orders and GMV the platform attributed to the live, and the differences; the buyers, new (their
first order on the account stored in the workspace is in this live) or returning; orders,
quantity and value by product (:func:`live_products`). Only lives that lie within the period
the stored orders of their account cover are listed: before the first or after the last
stored order, a live would show no orders for lack of data, not of sales.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from siaran.errors import UsageError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from siaran.workspace import Workspace

DEFAULT_GRACE_MINUTES: Final = 30
GRACE_SETTING: Final = "orders.grace_minutes"
MAX_GRACE_MINUTES: Final = 24 * 60
CANCELLED_STATUSES: Final = ("cancelled", "canceled", "batal", "dibatalkan", "pembatalan")


@dataclass(frozen=True)
class OrderLine:
    sku: str | None
    product: str | None
    quantity: float | None
    amount: float | None


@dataclass(frozen=True)
class OrderRecord:
    """One order as ``siaran orders --format json`` writes it."""

    order_id: str
    account: str
    platform: str
    status: str | None
    created_at: dt.datetime
    paid_at: dt.datetime | None
    shipped_at: dt.datetime | None
    delivered_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancelled_by: str | None
    amount: float | None
    currency: str | None
    room_id: str | None
    buyer_key: str | None
    lines: list[OrderLine] = field(default_factory=list)
    live_started_at: dt.datetime | None = None
    """When the live it was bought in started (``None``: not bought in a live); tells lives
    apart whose export gave no room id."""


@dataclass(frozen=True)
class LinkedLive:
    """A live and how many orders :func:`linked_orders` links to it: what every figure of a
    live's orders starts with."""

    account: str
    platform: str
    room_id: str | None
    started_at: dt.datetime
    ended_at: dt.datetime
    orders: int


@dataclass(frozen=True)
class LiveOrders(LinkedLive):
    """A live's orders against what the platform attributed to it."""

    gmv: float | None
    platform_orders: float | None
    platform_gmv: float | None
    orders_difference: float | None
    """``orders`` minus ``platform_orders`` (``None`` when the platform gave none)."""
    gmv_difference: float | None
    currency: str | None
    cancelled_orders: int
    buyers: int
    new_buyers: int
    returning_buyers: int


@dataclass(frozen=True)
class LiveProduct:
    account: str
    platform: str
    room_id: str | None
    started_at: dt.datetime
    product: str | None
    sku: str | None
    orders: int
    quantity: float | None
    amount: float | None
    currency: str | None


def grace_minutes(workspace: Workspace, grace: int | None = None) -> int:
    """``grace`` when given, else the workspace setting, else the default (minutes)."""
    value: object = grace if grace is not None else workspace.setting(GRACE_SETTING)
    if value is None:
        return DEFAULT_GRACE_MINUTES
    try:
        minutes = int(str(value))
    except ValueError:
        raise UsageError("orders.bad_grace", value=value, most=MAX_GRACE_MINUTES) from None
    if not 0 <= minutes <= MAX_GRACE_MINUTES:
        raise UsageError("orders.bad_grace", value=value, most=MAX_GRACE_MINUTES)
    return minutes


def _links_sql(grace: int) -> str:
    """``order_links``: every stored order with the live it belongs to (module docstring)."""
    return f"""
    CREATE OR REPLACE TEMP TABLE lives AS
    SELECT platform, account, room_id, started_at,
           coalesce(ended_at, started_at + to_seconds(coalesce(duration_s, 0))) AS ended_at,
           orders AS platform_orders, gmv AS platform_gmv, currency AS platform_currency
    FROM sessions;
    CREATE OR REPLACE TEMP TABLE order_links AS
    SELECT o.platform, o.account, o.order_id, l.room_id, l.started_at AS live_started_at
    FROM orders o LEFT JOIN (
      SELECT o.platform, o.account, o.order_id, s.room_id, s.started_at,
             row_number() OVER (
               PARTITION BY o.platform, o.account, o.order_id
               ORDER BY (o.created_at <= s.ended_at) DESC, s.started_at DESC
             ) AS pick
      FROM orders o JOIN lives s ON s.platform = o.platform AND s.account = o.account
       AND o.created_at >= s.started_at
       AND o.created_at <= s.ended_at + to_minutes({int(grace)})
    ) l ON l.platform = o.platform AND l.account = o.account AND l.order_id = o.order_id
       AND l.pick = 1;
    """


@contextmanager
def linked_orders(workspace: Workspace, grace: int | None = None) -> Iterator[None]:
    """While open, the temporary tables ``order_links`` (``platform, account, order_id,
    room_id, live_started_at``: each stored order with its live by the module's rule) and
    ``lives`` (``platform, account, room_id, started_at, ended_at``...) exist on the
    workspace's connection, for other analyses of orders to join in SQL."""
    workspace.con.execute(_links_sql(grace_minutes(workspace, grace)))
    try:
        yield
    finally:
        workspace.con.execute("DROP TABLE IF EXISTS order_links; DROP TABLE IF EXISTS lives;")


def _rows(workspace: Workspace, sql: str, params: list[object]) -> list[dict[str, Any]]:
    """Rows as dicts, read through Arrow (times as aware datetimes in the workspace zone)."""
    table = workspace.con.execute(sql, params).fetch_arrow_table()
    zone = workspace.timezone
    return [{k: _local(v, zone) for k, v in row.items()} for row in table.to_pylist()]


def _local(value: object, zone: ZoneInfo) -> object:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(zone)
    return value


def _filters(alias: str, room: str | None, account: str | None) -> tuple[str, list[object]]:
    where: list[str] = []
    params: list[object] = []
    if room is not None:
        where.append(f"{alias}.room_id = ?")
        params.append(room.strip())
    if account is not None:
        where.append(f"{alias}.account = ?")
        params.append(account.strip().lstrip("@"))
    return (" AND ".join(where) or "true"), params


def list_orders(
    workspace: Workspace,
    *,
    room: str | None = None,
    account: str | None = None,
    grace: int | None = None,
) -> list[OrderRecord]:
    """Stored orders with the live each was bought in, oldest first; ``room`` keeps those of
    one live, ``account`` those of one account."""
    with linked_orders(workspace, grace):
        where, params = _filters("k", room, account)
        orders = _rows(
            workspace,
            f"""
            SELECT o.*, k.room_id, k.live_started_at FROM orders o
            JOIN order_links k USING (platform, account, order_id)
            WHERE {where} ORDER BY o.created_at, o.order_id
            """,
            params,
        )
        lines = _rows(
            workspace,
            f"""
            SELECT l.platform, l.account, l.order_id, coalesce(l.seller_sku, l.sku_id) AS sku,
                   l.product, l.quantity, l.amount
            FROM order_lines l JOIN order_links k USING (platform, account, order_id)
            WHERE {where} ORDER BY l.platform, l.account, l.order_id, l.line_no
            """,
            params,
        )
    by_order: dict[tuple[str, str, str], list[OrderLine]] = {}
    for line in lines:
        key = (line["platform"], line["account"], line["order_id"])
        by_order.setdefault(key, []).append(
            OrderLine(line["sku"], line["product"], line["quantity"], line["amount"])
        )
    return [
        OrderRecord(
            order_id=o["order_id"],
            account=o["account"],
            platform=o["platform"],
            status=o["status"],
            created_at=o["created_at"],
            paid_at=o["paid_at"],
            shipped_at=o["shipped_at"],
            delivered_at=o["delivered_at"],
            cancelled_at=o["cancelled_at"],
            cancelled_by=o["cancelled_by"],
            amount=o["amount"],
            currency=o["currency"],
            room_id=o["room_id"],
            buyer_key=o["buyer_key"],
            lines=by_order.get((o["platform"], o["account"], o["order_id"]), []),
            live_started_at=o["live_started_at"],
        )
        for o in orders
    ]


_CANCELLED: Final = (
    "(o.cancelled_at IS NOT NULL OR lower(coalesce(o.status, '')) IN ("
    + ", ".join(f"'{s}'" for s in CANCELLED_STATUSES)
    + "))"
)
CANCELLED_CONDITION: Final = _CANCELLED
"""SQL that is true for a cancelled order ``o`` (a cancel time, or a cancelled status)."""

_LIVE_SQL: Final = f"""
WITH linked AS (
  SELECT o.*, k.room_id, k.live_started_at,
         (SELECT sum(l.amount) FROM order_lines l WHERE l.platform = o.platform
            AND l.account = o.account AND l.order_id = o.order_id) AS line_amount,
         {_CANCELLED} AS cancelled
  FROM orders o JOIN order_links k USING (platform, account, order_id)
),
first_orders AS (
  SELECT platform, account, buyer_key, min(created_at) AS first_at FROM orders
  WHERE buyer_key IS NOT NULL GROUP BY ALL
),
live_buyers AS (
  SELECT d.platform, d.account, d.live_started_at, d.buyer_key,
         min(d.created_at) = any_value(f.first_at) AS is_new
  FROM linked d JOIN first_orders f USING (platform, account, buyer_key)
  WHERE d.live_started_at IS NOT NULL GROUP BY ALL
),
covered AS (
  SELECT platform, account, min(created_at) AS first_at, max(created_at) AS last_at
  FROM orders GROUP BY ALL
)
SELECT s.account, s.platform, s.room_id, s.started_at, s.ended_at,
       count(d.order_id) AS orders, sum(d.line_amount) AS gmv,
       any_value(s.platform_orders) AS platform_orders, any_value(s.platform_gmv) AS platform_gmv,
       count(d.order_id) - any_value(s.platform_orders) AS orders_difference,
       coalesce(sum(d.line_amount), 0) - any_value(s.platform_gmv) AS gmv_difference,
       coalesce(any_value(d.currency), any_value(s.platform_currency)) AS currency,
       count(d.order_id) FILTER (WHERE d.cancelled) AS cancelled_orders,
       (SELECT count(*) FROM live_buyers b WHERE b.platform = s.platform
          AND b.account = s.account AND b.live_started_at = s.started_at) AS buyers,
       (SELECT count(*) FROM live_buyers b WHERE b.platform = s.platform
          AND b.account = s.account AND b.live_started_at = s.started_at AND b.is_new)
          AS new_buyers
FROM lives s JOIN covered c ON c.platform = s.platform AND c.account = s.account
 AND s.ended_at >= c.first_at AND s.started_at <= c.last_at
LEFT JOIN linked d ON d.platform = s.platform AND d.account = s.account
 AND d.live_started_at = s.started_at
WHERE {{where}}
GROUP BY s.account, s.platform, s.room_id, s.started_at, s.ended_at
ORDER BY s.started_at, s.account
"""


def live_orders(
    workspace: Workspace,
    *,
    room: str | None = None,
    account: str | None = None,
    grace: int | None = None,
) -> list[LiveOrders]:
    """Per live: its orders against the platform's attributed figures (module docstring)."""
    with linked_orders(workspace, grace):
        where, params = _filters("s", room, account)
        rows = _rows(workspace, _LIVE_SQL.format(where=where), params)
    return [
        LiveOrders(
            account=r["account"],
            platform=r["platform"],
            room_id=r["room_id"],
            started_at=r["started_at"],
            ended_at=r["ended_at"],
            orders=int(r["orders"]),
            gmv=r["gmv"],
            platform_orders=r["platform_orders"],
            platform_gmv=r["platform_gmv"],
            orders_difference=r["orders_difference"],
            gmv_difference=r["gmv_difference"],
            currency=r["currency"],
            cancelled_orders=int(r["cancelled_orders"]),
            buyers=int(r["buyers"]),
            new_buyers=int(r["new_buyers"]),
            returning_buyers=int(r["buyers"]) - int(r["new_buyers"]),
        )
        for r in rows
    ]


def live_products(
    workspace: Workspace,
    *,
    room: str | None = None,
    account: str | None = None,
    grace: int | None = None,
) -> list[LiveProduct]:
    """Per live and product: distinct orders, quantity and value of its SKU lines."""
    with linked_orders(workspace, grace):
        where, params = _filters("k", room, account)
        rows = _rows(
            workspace,
            f"""
            SELECT k.account, k.platform, k.room_id, k.live_started_at AS started_at,
                   l.product, coalesce(l.seller_sku, l.sku_id) AS sku,
                   count(DISTINCT l.order_id) AS orders, sum(l.quantity) AS quantity,
                   sum(l.amount) AS amount, any_value(o.currency) AS currency
            FROM order_lines l JOIN order_links k USING (platform, account, order_id)
            JOIN orders o USING (platform, account, order_id)
            WHERE k.live_started_at IS NOT NULL AND {where}
            GROUP BY ALL ORDER BY k.live_started_at, amount DESC NULLS LAST, product
            """,
            params,
        )
    return [
        LiveProduct(
            account=r["account"],
            platform=r["platform"],
            room_id=r["room_id"],
            started_at=r["started_at"],
            product=r["product"],
            sku=r["sku"],
            orders=int(r["orders"]),
            quantity=r["quantity"],
            amount=r["amount"],
            currency=r["currency"],
        )
        for r in rows
    ]
