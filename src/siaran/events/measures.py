"""Session-level measures of a live's event stream, derived from its per-minute timeline.

Computed by the engine (Ibis expressions, DuckDB or Spark) as one row of bases per room, then
turned into the ``timeline`` KPIs of :mod:`siaran.metrics.registry` (defined there, once):

- ``peak_viewers``: the largest minute viewer sample; ``peak_at`` the first minute reaching it;
- ``mean_viewers``: mean over the minutes that have a sample (a gap is unknown, not 0);
- ``end_viewers``: the sample of the last minute that has one;
- ``half_life_s``: from the peak minute to the first later minute whose sample is at most half
  the peak (null when the audience never halved);
- ``viewer_minutes``: ``mean_viewers`` × the time from first to last event in minutes
  (elapsed whole seconds / 60, not the number of minute rows);
- ``interactions``: comments + likes + shares;
- ``first_comment_to_order_s``: first order time − first comment time, in whole seconds
  (negative when an order came before any comment).

Also :func:`largest_changes`: the minutes where the audience moved most from the previous
sample, with the product pinned at the time and the comments of that minute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypedDict, cast

from siaran.events.timeline import events_table, minute_table
from siaran.metrics.registry import timeline_kpi_names, timeline_kpis
from siaran.store.engine import to_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from siaran.store.engine import EngineContext
    from siaran.workspace import Workspace

BASE_FIELDS: Final[tuple[str, ...]] = (
    "minutes",
    "events",
    "viewer_samples",
    "peak_viewers",
    "mean_viewers",
    "end_viewers",
    "viewer_minutes",
    "comments",
    "likes",
    "shares",
    "joins",
    "follows",
    "gifts_diamonds",
    "orders",
    "gmv",
)
_TIMES: Final = ("first_event_at", "last_event_at", "peak_at")


def session_bases(events: ir.Table) -> ir.Table:
    """One row per room: the bases of the timeline KPIs (see the module docstring)."""
    e = events
    kind = e.type
    minute_s = e.ts.truncate("m").epoch_seconds()
    totals = e.group_by("room_id").aggregate(
        account=e.account.max(),
        first_event_at=e.ts.min(),
        last_event_at=e.ts.max(),
        first_minute_s=minute_s.min(),
        last_minute_s=minute_s.max(),
        events=e.count(),
        comments=e.count(where=kind == "comment"),
        likes=e["count"].coalesce(1).sum(where=kind == "like").coalesce(0),
        shares=e.count(where=kind == "share"),
        joins=e.count(where=kind == "join"),
        follows=e.count(where=kind == "follow"),
        gifts_diamonds=e.diamonds.sum(where=kind == "gift").coalesce(0),
        orders=e.count(where=kind == "order"),
        gmv_known=e.amount.sum(where=kind == "order"),
        # Whole seconds on every engine (Spark's epoch seconds drop the fraction).
        first_event_s=e.ts.epoch_seconds().floor().min(),
        last_event_s=e.ts.epoch_seconds().floor().max(),
        first_comment_s=e.ts.epoch_seconds().floor().min(where=kind == "comment"),
        first_order_s=e.ts.epoch_seconds().floor().min(where=kind == "order"),
    )
    minutes = minute_table(e)
    sampled = minutes.filter(minutes.viewers.notnull())
    stats = sampled.group_by("room_id").aggregate(
        viewer_samples=sampled.count(),
        peak_viewers=sampled.viewers.max(),
        mean_viewers=sampled.viewers.mean(),
        end_minute=sampled.minute.max(),
    )
    stats = stats.rename(stat_room="room_id")
    both = sampled.inner_join(stats, sampled.room_id == stats.stat_room)
    peak = (
        both.filter(both.viewers == both.peak_viewers)
        .group_by(peak_room=both.room_id)
        .aggregate(peak_at=both.minute.min(), peak_s=both.minute.epoch_seconds().min())
    )
    end = both.filter(both.minute == both.end_minute).select(
        end_room=both.room_id, end_viewers=both.viewers
    )
    after = both.inner_join(peak, both.room_id == peak.peak_room)
    halved = (
        after.filter((after.minute > after.peak_at) & (after.viewers * 2 <= after.peak_viewers))
        .group_by(half_room=after.room_id)
        .aggregate(half_life_s=(after.minute.epoch_seconds() - after.peak_s).min())
    )
    joined = (
        totals.left_join(stats, totals.room_id == stats.stat_room)
        .left_join(peak, totals.room_id == peak.peak_room)
        .left_join(end, totals.room_id == end.end_room)
        .left_join(halved, totals.room_id == halved.half_room)
    )
    span = (joined.last_minute_s - joined.first_minute_s) / 60 + 1
    elapsed_minutes = (joined.last_event_s - joined.first_event_s) / 60
    return joined.select(
        "room_id",
        "account",
        "first_event_at",
        "last_event_at",
        "peak_at",
        minutes=span.cast("int64"),
        events=joined.events,
        viewer_samples=joined.viewer_samples.coalesce(0),
        peak_viewers=joined.peak_viewers,
        mean_viewers=joined.mean_viewers,
        end_viewers=joined.end_viewers,
        viewer_minutes=joined.mean_viewers * elapsed_minutes,
        half_life_s=joined.half_life_s.cast("float64"),
        comments=joined.comments,
        likes=joined.likes,
        shares=joined.shares,
        joins=joined.joins,
        follows=joined.follows,
        gifts_diamonds=joined.gifts_diamonds,
        orders=joined.orders,
        gmv=_gmv(joined),
        interactions=joined.comments + joined.likes + joined.shares,
        first_comment_to_order_s=(joined.first_order_s - joined.first_comment_s).cast("float64"),
    )


def _gmv(joined: ir.Table) -> ir.Value:
    import ibis

    return ibis.ifelse(joined.orders == 0, 0.0, joined.gmv_known)


def session_measures_table(events: ir.Table) -> ir.Table:
    """:func:`session_bases` with the timeline KPIs added, sorted by first event."""
    bases = session_bases(events)
    measured = bases.mutate(**timeline_kpis(bases))
    return measured.select(
        "room_id", "account", *_TIMES, *BASE_FIELDS, *timeline_kpi_names()
    ).order_by(["first_event_at", "room_id"])


class RoomMeasures(TypedDict):
    """A room's measures from its events: first and last event and peak (ISO 8601 with the
    workspace offset), the bases (:data:`BASE_FIELDS`) and the ``timeline`` KPIs of the
    registry. Unknown is ``None``."""

    room_id: str
    account: str
    first_event_at: str
    last_event_at: str
    peak_at: str | None
    minutes: int
    events: int
    viewer_samples: int
    peak_viewers: int | None
    mean_viewers: float | None
    end_viewers: int | None
    viewer_minutes: float | None
    comments: int
    likes: int
    shares: int
    joins: int
    follows: int
    gifts_diamonds: int
    orders: int
    gmv: float | None
    peak_concurrency: float | None
    average_concurrency: float | None
    retention_at_end: float | None
    viewer_half_life_s: float | None
    interaction_intensity: float | None
    orders_per_1000_viewer_minutes: float | None
    first_comment_to_order_s: float | None


def session_measures(
    context: EngineContext,
    workspace: Workspace,
    *,
    account: str | None = None,
    rooms: list[str] | None = None,
) -> list[RoomMeasures]:
    """One dict per room with events (of ``account``/``rooms`` if given): room, account,
    first/last event and peak times (ISO 8601 with the workspace offset), the bases and the
    timeline KPIs. Unknown is ``None``."""
    from siaran.metrics.sessions import iso_times

    events = events_table(context, workspace, account)
    if events is None:
        return []
    if rooms is not None:
        events = events.filter(events.room_id.isin(rooms))
    found = to_arrow(session_measures_table(events))
    for name in _TIMES:
        index = found.schema.get_field_index(name)
        found = found.set_column(index, name, iso_times(found[name], context.zone))
    return cast(list[RoomMeasures], found.to_pylist())


class Moment(TypedDict):
    """A minute of :func:`largest_changes`."""

    minute: str
    viewers_before: int
    viewers: int
    change: int
    product_id: str | None
    product: str | None
    comments: int
    orders: int


def largest_changes(
    context: EngineContext, workspace: Workspace, account: str, room_id: str, *, limit: int = 3
) -> list[Moment]:
    """The ``limit`` minutes of ``account``'s ``room_id`` whose viewer sample moved most from
    the previous
    sample (largest absolute change first): ``minute``, ``viewers_before``, ``viewers``,
    ``change``, the product pinned then (``product_id``, ``product``: the latest ``product``
    event up to that minute), and that minute's ``comments`` and ``orders``."""
    import ibis

    from siaran.metrics.sessions import iso_times

    events = events_table(context, workspace, account)
    if events is None:
        return []
    events = events.filter(events.room_id == room_id)
    minutes = minute_table(events)
    sampled = minutes.filter(minutes.viewers.notnull())
    window = ibis.window(group_by=sampled.room_id, order_by=sampled.minute)
    moved = sampled.mutate(viewers_before=sampled.viewers.lag().over(window))
    moved = moved.filter(moved.viewers_before.notnull()).mutate(
        change=moved.viewers - moved.viewers_before
    )
    top = moved.order_by([moved.change.abs().desc(), moved.minute]).limit(limit)
    products = events.filter(events.type == "product")
    products = products.select(
        pinned_minute=products.ts.truncate("m"),
        pinned_ts=products.ts,
        pinned_id=products.id,
        product_id=products.product_id,
        product=products.text,
    )
    pinned = top.left_join(products, top.minute >= products.pinned_minute)
    latest = pinned.mutate(
        pick=ibis.row_number().over(
            group_by=pinned.minute,
            order_by=[pinned.pinned_ts.desc(), pinned.pinned_id.desc()],
        )
    )
    chosen = latest.filter(latest.pick == 0).select(
        "minute", "viewers_before", "viewers", "change", "product_id", "product", "comments",
        "orders",
    )  # fmt: skip
    found = to_arrow(chosen)
    if found.num_rows == 0:
        return []
    found = found.set_column(0, "minute", iso_times(found["minute"], context.zone))
    rows = cast(list[Moment], found.to_pylist())
    rows.sort(key=lambda row: (-abs(row["change"]), row["minute"]))
    return rows
