"""Operations behind the lives: how the orders of each live and each account were fulfilled.

- :func:`fulfilment_settings`, :func:`save_fulfilment_settings`: the crew's packing capacity
  (orders per hour) and the ship-by promise (hours), workspace settings without defaults
  (:mod:`siaran.operations.settings`).
- :func:`live_operations`, :func:`account_operations`: per live and per account, the peak of
  orders per 10 minutes against capacity, the backlog after the live, hours to ship (median
  and p90), late, cancelled and returned orders, and what followed lives over capacity
  (:mod:`siaran.operations.figures`; the rules in :mod:`siaran.operations.queries`).
"""

from __future__ import annotations

from siaran.operations.figures import (
    BACKLOG_AFTER_EXPORT,
    NONE_SHIPPED,
    account_operations,
    live_operations,
)
from siaran.operations.model import AccountOperations, Followed, LiveOperations, Share
from siaran.operations.settings import (
    CAPACITY_SETTING,
    CAPACITY_UNKNOWN,
    PROMISE_SETTING,
    PROMISE_UNKNOWN,
    FulfilmentSettings,
    describe_settings,
    fulfilment_settings,
    parse_capacity,
    parse_promise,
    save_fulfilment_settings,
)

__all__ = [
    "BACKLOG_AFTER_EXPORT",
    "CAPACITY_SETTING",
    "CAPACITY_UNKNOWN",
    "NONE_SHIPPED",
    "PROMISE_SETTING",
    "PROMISE_UNKNOWN",
    "AccountOperations",
    "Followed",
    "FulfilmentSettings",
    "LiveOperations",
    "Share",
    "account_operations",
    "describe_settings",
    "fulfilment_settings",
    "live_operations",
    "parse_capacity",
    "parse_promise",
    "save_fulfilment_settings",
]
