"""What the operations figures are: per live, per account, and the cancellations behind them.

Every share is a fraction; hours are decimal hours; money is a number in ``currency``;
unknown is ``None`` with a code in ``reasons`` that says why (``capacity_unknown``,
``promise_unknown``, ``none_shipped``, ``backlog_after_export``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from siaran.orders.linking import LinkedLive


@dataclass(frozen=True)
class Fulfilment:
    """How a live's or an account's orders were shipped, cancelled and returned: the figures
    :class:`LiveOperations` and :class:`AccountOperations` share."""

    hours_to_ship_median: float | None
    hours_to_ship_p90: float | None
    shipped_orders: int
    late_orders: int | None
    judged_orders: int | None
    """Orders whose promise could be judged: shipped, or unshipped past the promise."""
    late_share: float | None
    cancelled_orders: int
    cancelled_share: float | None
    returned_orders: int
    returned_share: float | None
    refund_value: float | None
    currency: str | None


@dataclass(frozen=True)
class _LiveLoad(LinkedLive):
    """A live's peak against the crew's capacity, and its backlog."""

    peak_orders_per_10min: int
    peak_at: dt.datetime
    """The start of the busiest 10 minutes (fixed buckets from the live's start)."""
    capacity_per_10min: float | None
    peak_load: float | None
    """The peak against what the crew can pack in 10 minutes (1.0 = exactly at capacity)."""
    over_capacity: bool | None
    pack_hours: float | None
    """How long the crew needs to pack all the live's orders, at its capacity."""
    backlog_after_live: int | None
    backlog_cutoff: dt.datetime
    """The end of the local day after the live: orders not shipped by then are backlog."""


# Fulfilment is the first base so that its fields come after the load's: a dataclass orders
# its fields from the last base to the first, and that order is the order of the columns and
# JSON keys of ``siaran ops``.
@dataclass(frozen=True)
class LiveOperations(Fulfilment, _LiveLoad):
    """The fulfilment of one live's orders (the orders linked to it by
    :func:`siaran.orders.linking.linked_orders`)."""

    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Share:
    """How many of an account's orders one group holds (a canceller, a cancel reason)."""

    name: str | None
    orders: int
    share: float | None


@dataclass(frozen=True)
class Followed:
    """What followed in a group of lives: their orders, late and cancelled ones."""

    lives: int
    orders: int
    late_orders: int | None
    late_share: float | None
    cancelled_orders: int
    cancelled_share: float | None


@dataclass(frozen=True)
class _AccountLoad:
    """An account's orders and lives, the peak of its lives against the crew's capacity, and
    their backlog."""

    account: str
    platform: str
    orders: int
    live_orders: int
    lives: int
    peak_orders_per_10min: int | None
    """The highest peak of the account's lives (``None``: no order was bought in a live)."""
    capacity_per_hour: float | None
    promise_hours: float | None
    peak_load: float | None
    lives_over_capacity: int | None
    backlog_after_live: int | None
    """Orders of its lives not shipped by the end of the next local day, summed over the lives
    where that is known."""


@dataclass(frozen=True)
class AccountOperations(Fulfilment, _AccountLoad):
    """The fulfilment of all of an account's stored orders, with its lives' (fields ordered as
    :class:`LiveOperations`' are: the load, then the fulfilment)."""

    cancelled_by: list[Share] = field(default_factory=list)
    cancel_reasons: list[Share] = field(default_factory=list)
    over_capacity: Followed | None = None
    """The lives whose peak exceeded capacity (``None`` while capacity is unknown)."""
    within_capacity: Followed | None = None
    reasons: list[str] = field(default_factory=list)
