"""The operations figures of lives and accounts: :func:`live_operations` and
:func:`account_operations`.

The bases come from DuckDB SQL over the stored orders (:mod:`siaran.operations.queries`, where
every rule is written down); the KPI registry's ``operations`` expressions turn them into the
figures (:func:`siaran.metrics.registry.operations_kpis`), so that each figure is defined once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from siaran.operations.model import AccountOperations, Followed, LiveOperations, Share
from siaran.operations.queries import ACCOUNT_BASES, CANCELLATIONS, LIVE_BASES, ORDER_FACTS
from siaran.operations.settings import FulfilmentSettings, fulfilment_settings
from siaran.orders.linking import linked_orders

if TYPE_CHECKING:
    from siaran.workspace import Workspace

Row = dict[str, Any]
NONE_SHIPPED = "none_shipped"
BACKLOG_AFTER_EXPORT = "backlog_after_export"


@contextmanager
def _order_facts(
    workspace: Workspace, settings: FulfilmentSettings, grace: int | None
) -> Iterator[None]:
    """The temporary ``ops_orders`` table while open (dropped after, whatever happens)."""
    # Local days (the backlog's cut-off) are the workspace's, whatever last set the zone.
    workspace.con.execute("SET TimeZone = ?", [workspace.timezone.key])
    with linked_orders(workspace, grace):
        try:
            workspace.con.execute(ORDER_FACTS, {"promise": settings.promise_hours})
            yield
        finally:
            workspace.con.execute("DROP TABLE IF EXISTS ops_orders")


def _rows(workspace: Workspace, sql: str, params: Mapping[str, object]) -> list[Row]:
    """Rows as dicts; times as aware datetimes in the workspace's zone."""
    table = workspace.con.execute(sql, dict(params)).fetch_arrow_table()
    zone = workspace.timezone
    return [
        {k: v.astimezone(zone) if isinstance(v, dt.datetime) else v for k, v in row.items()}
        for row in table.to_pylist()
    ]


def _with_kpis(bases: Sequence[Row]) -> list[Row]:
    """``bases`` with the registry's operations KPIs added (computed by Ibis in memory)."""
    if not bases:
        return []
    import ibis
    import pyarrow as pa

    from siaran.metrics.registry import operations_kpis

    numeric = (
        "orders", "cancelled_orders", "returned_orders", "kept_orders", "refund_sum",
        "ship_hours_median", "ship_hours_p90", "late_orders", "judged_orders", "peak_orders",
        "capacity_per_10min", "backlog_orders",
    )  # fmt: skip
    table = pa.table(
        {name: pa.array([b.get(name) for b in bases], pa.float64()) for name in numeric}
    )
    memory = ibis.memtable(table)
    kpis = memory.select(**operations_kpis(memory)).to_pyarrow().to_pylist()
    return [{**b, **k} for b, k in zip(bases, kpis, strict=True)]


def _filters(room: str | None, account: str | None, *, live: bool) -> tuple[str, Row]:
    where, params = ["true"], {}
    if room is not None:
        where.append(("p." if live else "") + "room_id = $room")
        params["room"] = room.strip()
    if account is not None:
        where.append(("p." if live else "") + "account = $account")
        params["account"] = account.strip().lstrip("@")
    return " AND ".join(where), params


def _count(value: object) -> int | None:
    return None if value is None else int(float(str(value)))


def _shared(row: Row) -> Row:
    """The figures a live and an account have alike, from their bases and KPIs."""
    return {
        "hours_to_ship_median": row["hours_to_ship_median"],
        "hours_to_ship_p90": row["hours_to_ship_p90"],
        "shipped_orders": int(row["shipped_orders"]),
        "late_orders": _count(row["late_orders"]),
        "judged_orders": _count(row["judged_orders"]),
        "late_share": row["late_share"],
        "cancelled_orders": int(row["cancelled_orders"]),
        "cancelled_share": row["cancelled_share"],
        "returned_orders": int(row["returned_orders"]),
        "returned_share": row["returned_share"],
        "refund_value": row["refund_value"],
        "currency": row["currency"],
    }


def _live(row: Row, settings: FulfilmentSettings) -> LiveOperations:
    reasons = list(settings.reasons)
    if not row["shipped_orders"]:
        reasons.append(NONE_SHIPPED)
    if row["backlog_orders"] is None:
        reasons.append(BACKLOG_AFTER_EXPORT)
    orders = int(row["orders"])
    capacity = settings.capacity_per_hour
    return LiveOperations(
        account=row["account"],
        platform=row["platform"],
        room_id=row["room_id"],
        started_at=row["live_started_at"],
        ended_at=row["ended_at"],
        orders=orders,
        peak_orders_per_10min=int(row["peak_orders"]),
        peak_at=row["peak_at"],
        capacity_per_10min=settings.capacity_per_10min,
        peak_load=row["peak_load"],
        over_capacity=None if row["peak_load"] is None else row["peak_load"] > 1.0,
        pack_hours=None if capacity is None else orders / capacity,
        backlog_after_live=_count(row["backlog_orders"]),
        backlog_cutoff=row["backlog_cutoff"],
        **_shared(row),
        reasons=reasons,
    )


def _live_bases(
    workspace: Workspace, settings: FulfilmentSettings, room: str | None, account: str | None
) -> list[Row]:
    where, params = _filters(room, account, live=True)
    params["capacity_per_10min"] = settings.capacity_per_10min
    params["promise"] = settings.promise_hours
    return _rows(workspace, LIVE_BASES.format(where=where), params)


def live_operations(
    workspace: Workspace,
    *,
    room: str | None = None,
    account: str | None = None,
    settings: FulfilmentSettings | None = None,
    grace: int | None = None,
) -> list[LiveOperations]:
    """Per live with orders, oldest first: its peak against capacity, backlog, time to ship,
    late, cancelled and returned orders (:mod:`siaran.operations.queries`). ``settings``
    default to the workspace's; ``grace`` to the orders' grace window."""
    chosen = settings or fulfilment_settings(workspace)
    with _order_facts(workspace, chosen, grace):
        rows = _with_kpis(_live_bases(workspace, chosen, room, account))
    return [_live(row, chosen) for row in rows]


def _followed(lives: Sequence[LiveOperations]) -> Followed:
    orders = sum(live.orders for live in lives)
    cancelled = sum(live.cancelled_orders for live in lives)
    judged = [live for live in lives if live.judged_orders is not None]
    late = sum(live.late_orders or 0 for live in judged) if judged else None
    judged_total = sum(live.judged_orders or 0 for live in judged)
    return Followed(
        lives=len(lives),
        orders=orders,
        late_orders=late,
        late_share=None if late is None or not judged_total else late / judged_total,
        cancelled_orders=cancelled,
        cancelled_share=cancelled / orders if orders else None,
    )


def _shares(rows: Sequence[Row], account: str, orders: int) -> list[Share]:
    return [
        Share(name=r["name"], orders=int(r["orders"]), share=int(r["orders"]) / orders)
        for r in rows
        if r["account"] == account
    ]


def account_operations(
    workspace: Workspace,
    *,
    account: str | None = None,
    settings: FulfilmentSettings | None = None,
    grace: int | None = None,
) -> list[AccountOperations]:
    """Per account with stored orders: the figures of all its orders, the peak and backlog of
    its lives, its cancellations by canceller and by reason, and what followed in its lives
    over capacity against the others."""
    chosen = settings or fulfilment_settings(workspace)
    with _order_facts(workspace, chosen, grace):
        where, params = _filters(None, account, live=False)
        promise = {"promise": chosen.promise_hours}
        bases = _rows(workspace, ACCOUNT_BASES.format(where=where), {**params, **promise})
        lives = [
            _live(row, chosen) for row in _with_kpis(_live_bases(workspace, chosen, None, account))
        ]
        by_whom = _rows(workspace, CANCELLATIONS.format(column="canceller", where=where), params)
        why = _rows(workspace, CANCELLATIONS.format(column="cancel_reason", where=where), params)
    for base in bases:
        own = [live for live in lives if live.account == base["account"]]
        known = [live.backlog_after_live for live in own if live.backlog_after_live is not None]
        base["peak_orders"] = max((live.peak_orders_per_10min for live in own), default=None)
        base["capacity_per_10min"] = chosen.capacity_per_10min
        base["backlog_orders"] = sum(known) if known else None
    return [
        _account(
            row, chosen, [live for live in lives if live.account == row["account"]], by_whom, why
        )
        for row in _with_kpis(bases)
    ]


def _account(
    row: Row,
    settings: FulfilmentSettings,
    lives: Sequence[LiveOperations],
    by_whom: Sequence[Row],
    why: Sequence[Row],
) -> AccountOperations:
    orders = int(row["orders"])
    reasons = list(settings.reasons)
    if not row["shipped_orders"]:
        reasons.append(NONE_SHIPPED)
    over = within = None
    if settings.capacity_per_hour is not None:
        over = _followed([live for live in lives if live.over_capacity])
        within = _followed([live for live in lives if not live.over_capacity])
    return AccountOperations(
        account=row["account"],
        platform=row["platform"],
        orders=orders,
        live_orders=int(row["live_orders"]),
        lives=int(row["lives"]),
        peak_orders_per_10min=_count(row["peak_orders"]),
        capacity_per_hour=settings.capacity_per_hour,
        promise_hours=settings.promise_hours,
        peak_load=row["peak_load"],
        lives_over_capacity=None if over is None else over.lives,
        backlog_after_live=_count(row["backlog_orders"]),
        **_shared(row),
        cancelled_by=_shares(by_whom, row["account"], orders),
        cancel_reasons=_shares(why, row["account"], orders),
        over_capacity=over,
        within_capacity=within,
        reasons=reasons,
    )
