"""Per-minute timelines of live rooms, written once as Ibis expressions (DuckDB or Spark).

A timeline has one row per minute from the minute of a room's first event to the minute of its
last, with ``minute`` (ISO 8601 minute start with the workspace offset), ``viewers`` (the last
viewer sample in that minute; ``null`` when the minute has none: never 0, never carried
forward), ``joins``, ``comments``, ``likes`` (sum of burst counts; a like without a count is
one), ``shares``, ``follows``, ``gifts_diamonds``, ``orders`` and ``gmv`` (sum of order
amounts; ``null`` when the minute has orders whose amounts are all unknown).

The engine aggregates the minutes that have events; the minutes in between (no event at all)
are added afterwards, with zero counts and unknown viewers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypedDict, cast

from siaran.events.store import event_files
from siaran.store.engine import parquet_table, to_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

    from siaran.store.engine import EngineContext
    from siaran.workspace import Workspace

COUNT_FIELDS: Final[tuple[str, ...]] = (
    "joins",
    "comments",
    "likes",
    "shares",
    "follows",
    "gifts_diamonds",
    "orders",
)
TIMELINE_FIELDS: Final[tuple[str, ...]] = ("minute", "viewers", *COUNT_FIELDS, "gmv")


class EventCounts(TypedDict):
    """The events of a minute (or a span of minutes) by kind (:data:`COUNT_FIELDS`) and the
    GMV of its orders (``None`` when orders of unknown value were among them)."""

    joins: int
    comments: int
    likes: int
    shares: int
    follows: int
    gifts_diamonds: int
    orders: int
    gmv: float | None


class TimelineMinute(EventCounts):
    """A minute of a live's timeline (:data:`TIMELINE_FIELDS`): its clock minute (ISO 8601
    with the workspace offset), its viewer sample (``None`` without one) and its events."""

    minute: str
    viewers: int | None


EVENTS_VIEW: Final = "siaran_events"


def events_table(
    context: EngineContext, workspace: Workspace, account: str | None = None
) -> ir.Table | None:
    """The stored events (of ``account`` only, if given) as an Ibis table on the context's
    engine, read in place; ``None`` when there are none."""
    files = event_files(workspace, account)
    if not files:
        return None
    return parquet_table(context.con, EVENTS_VIEW, files)


def minute_table(events: ir.Table) -> ir.Table:
    """``room_id, minute`` and the counts of every minute that has at least one event.

    One aggregation pass: the minute's last viewer sample is the largest ``(ts, id,
    viewers)`` among its samples (struct order is lexicographic on both engines; ``id``
    breaks ties between samples of the same instant), so no window and no join are needed.
    """
    import ibis

    e = events.mutate(minute=events.ts.truncate("m"))
    kind = e.type
    counts = e.group_by(["room_id", "minute"]).aggregate(
        last_sample=ibis.struct({"ts": e.ts, "id": e.id, "viewers": e.viewers}).max(
            where=kind == "viewers"
        ),
        joins=e.count(where=kind == "join"),
        comments=e.count(where=kind == "comment"),
        likes=e["count"].coalesce(1).sum(where=kind == "like").coalesce(0),
        shares=e.count(where=kind == "share"),
        follows=e.count(where=kind == "follow"),
        gifts_diamonds=e.diamonds.sum(where=kind == "gift").coalesce(0),
        orders=e.count(where=kind == "order"),
        gmv_known=e.amount.sum(where=kind == "order"),
    )
    return counts.select(
        "room_id",
        "minute",
        counts.last_sample["viewers"].name("viewers"),
        *COUNT_FIELDS[:-1],
        "orders",
        gmv=ibis.ifelse(counts.orders == 0, 0.0, counts.gmv_known),
    )


def room_minutes(events: ir.Table, rooms: list[str] | None = None) -> pa.Table:
    """The per-minute rows of ``rooms`` (all rooms when ``None``), gaps filled, sorted by room
    and minute, ``minute`` a UTC instant."""
    table = events if rooms is None else events.filter(events.room_id.isin(rooms))
    found = to_arrow(minute_table(table).order_by(["room_id", "minute"]))
    return fill_gaps(found)


def fill_gaps(found: pa.Table) -> pa.Table:
    """Add the minutes without any event between each room's first and last minute: zero
    counts, unknown (null) viewers and a zero GMV."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if found.num_rows == 0:
        return found
    minutes = found["minute"].cast(pa.timestamp("us", tz="UTC"))
    found = found.set_column(found.schema.get_field_index("minute"), "minute", minutes)
    stamps = pc.cast(minutes, pa.int64()).to_numpy() // 60_000_000
    rooms = found["room_id"].to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(np.r_[True, rooms[1:] != rooms[:-1]])
    ends = np.r_[starts[1:], len(rooms)]
    first, last = stamps[starts], stamps[ends - 1]
    lengths = last - first + 1
    if int(lengths.sum()) == found.num_rows:
        return found
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    spine_minutes = np.repeat(first, lengths) + offsets
    spine = pa.table(
        {
            "room_id": pa.array(np.repeat(rooms[starts], lengths), pa.string()),
            "minute_index": pa.array(spine_minutes, pa.int64()),
        }
    )
    keyed = found.append_column("minute_index", pa.array(stamps, pa.int64())).drop(["minute"])
    joined = spine.join(keyed, ["room_id", "minute_index"], join_type="left outer")
    joined = joined.sort_by([("room_id", "ascending"), ("minute_index", "ascending")])
    columns: dict[str, Any] = {"room_id": joined["room_id"]}
    columns["minute"] = pc.cast(
        pc.multiply(joined["minute_index"], 60_000_000), pa.timestamp("us", tz="UTC")
    )
    columns["viewers"] = joined["viewers"]
    for name in COUNT_FIELDS:
        columns[name] = pc.fill_null(joined[name], 0)
    # A minute without any event sold nothing; a minute with orders of unknown value stays null.
    gap = pc.is_null(joined["orders"])
    columns["gmv"] = pc.if_else(gap, pa.scalar(0.0), joined["gmv"].cast(pa.float64()))
    return pa.table(columns)


def room_timeline(
    context: EngineContext, workspace: Workspace, account: str, room_id: str
) -> list[TimelineMinute]:
    """The timeline of ``account``'s ``room_id``: one dict per minute (:data:`TIMELINE_FIELDS`);
    empty when the account has no stored events of the room. Only that account's events are
    read: a room id another account also captured never mixes in."""
    from siaran.metrics.sessions import iso_times

    events = events_table(context, workspace, account)
    if events is None:
        return []
    found = room_minutes(events, [room_id])
    if found.num_rows == 0:
        return []
    found = found.set_column(1, "minute", iso_times(found["minute"], context.zone))
    return cast(list[TimelineMinute], found.select(list(TIMELINE_FIELDS)).to_pylist())
