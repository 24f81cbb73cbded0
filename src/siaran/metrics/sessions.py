"""Sessions with every derived KPI, and the export's own figures where they disagree with ours.

Also the helpers the other metrics modules share: local calendar days as UTC instants, ISO
8601 times with offset. The engine backend itself comes from :mod:`siaran.store.engine`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast
from zoneinfo import ZoneInfo

from siaran.metrics.registry import (
    DISAGREEMENT_THRESHOLD,
    KPIS,
    session_kpi_names,
    with_session_kpis,
)
from siaran.store.engine import DEFAULT_ENGINE, EngineName, engine_context, to_arrow
from siaran.store.schema import SESSION_FIELD_NAMES

if TYPE_CHECKING:
    import pyarrow as pa

    from siaran.workspace import Workspace

_TIME_FIELDS = ("started_at", "ended_at")


def day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The instant local ``day`` begins in ``zone``, in UTC (a portable literal)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    return moment.astimezone(zone).date()


def iso_times(column: pa.ChunkedArray, zone: ZoneInfo) -> pa.ChunkedArray:
    """Timestamps as ISO 8601 text with the offset of ``zone`` (``2026-07-04T20:01:54+07:00``),
    to the second as exports give them; formatted by Arrow, not row by row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    local = column.cast(pa.timestamp("s", tz=zone.key), safe=False)
    stamped = pc.strftime(local, format="%Y-%m-%dT%H:%M:%S%z")
    return pc.replace_substring_regex(stamped, pattern=r"([+-]\d\d)(\d\d)$", replacement=r"\1:\2")


Row = TypeVar("Row", bound=Mapping[str, object])


def fetch(expr: Any, shape: type[Row]) -> list[Row]:
    """Run an Ibis table expression and convert its Arrow result to Python once, as rows of
    the record type ``shape`` whose keys the expression selects."""
    del shape  # names the type only: a TypedDict is a dict at run time
    return cast(list[Row], to_arrow(expr).to_pylist())


class _Reported(TypedDict):
    session_key: str
    kpi: str
    value: float | None


class Disagreement(TypedDict):
    """A KPI whose exported figure differs from ours (an entry of a session's
    ``disagreements``)."""

    kpi: str
    ours: float
    platform: float
    relative_difference: float | None


def disagreements(
    ours: Mapping[str, float | None], platform: Mapping[str, float | None]
) -> list[Disagreement]:
    """Where an export's own figure differs from our recomputation by more than 1% of it.

    Only figures known on both sides are compared. When the export says 0 and we do not, the
    relative difference is unbounded: flagged, with ``relative_difference`` null.
    """
    found: list[Disagreement] = []
    for item in KPIS:
        if item.platform_value_kpi is None or item.platform_value_kpi not in platform:
            continue
        reported, computed = platform[item.platform_value_kpi], ours.get(item.name)
        if reported is None or computed is None:
            continue
        difference = abs(computed - reported)
        if reported == 0:
            if difference == 0:
                continue
            relative: float | None = None
        else:
            relative = difference / abs(reported)
            if relative <= DISAGREEMENT_THRESHOLD:
                continue
        found.append(
            {
                "kpi": item.name,
                "ours": computed,
                "platform": reported,
                "relative_difference": relative,
            }
        )
    return found


def _platform_values(con: Any, selected: Any) -> dict[str, dict[str, float | None]]:
    reported = con.table("platform_reported")
    keys = selected.select("session_key")
    chosen = reported.semi_join(keys, reported.session_key == keys.session_key)
    out: dict[str, dict[str, float | None]] = {}
    for row in fetch(chosen.select("session_key", "kpi", "value"), _Reported):
        out.setdefault(row["session_key"], {})[row["kpi"]] = row["value"]
    order = {item.name: i for i, item in enumerate(KPIS)}
    return {
        key: dict(sorted(values.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
        for key, values in out.items()
    }


class SessionRow(TypedDict):
    """A session as :func:`list_sessions` gives it: the canonical fields
    (:data:`siaran.store.schema.SESSION_FIELDS`, times as ISO 8601 with the workspace offset),
    the registry's session KPIs, the KPIs as the platform exported them (``platform_values``)
    and where ours and theirs disagree. Unknown is ``None``."""

    platform: str
    account: str
    room_id: str | None
    title: str | None
    started_at: str
    ended_at: str | None
    duration_s: float | None
    currency: str | None
    gmv: float | None
    gmv_basis: str | None
    orders: float | None
    sku_orders: float | None
    items_sold: float | None
    customers: float | None
    views: float | None
    viewers: float | None
    impressions: float | None
    acu: float | None
    pcu: float | None
    avg_view_duration_s: float | None
    product_impressions: float | None
    product_clicks: float | None
    comments: float | None
    likes: float | None
    shares: float | None
    new_followers: float | None
    watch_gpm: float | None
    show_gpm: float | None
    live_ctr: float | None
    ctr: float | None
    ctor: float | None
    aov: float | None
    gmv_per_hour: float | None
    conversion: float | None
    tap_through_rate: float | None
    comment_rate: float | None
    like_rate: float | None
    share_rate: float | None
    follow_rate: float | None
    platform_values: dict[str, float | None]
    disagreements: list[Disagreement]


def list_sessions(
    workspace: Workspace,
    *,
    account: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> list[SessionRow]:
    """One dict per session: the canonical fields (:data:`siaran.store.schema.SESSION_FIELDS`)
    in order, the derived KPIs, ``platform_values`` ({kpi: value} as exported) and
    ``disagreements``.

    ``since``/``until`` are local calendar dates (workspace zone), both inclusive. Times are
    ISO 8601 strings with the workspace offset; unknown values are ``None``. Sorted by start
    time, then account.
    """
    context = engine_context(workspace, engine)
    con, zone = context.con, context.zone
    table = con.table("sessions")
    if account is not None:
        table = table.filter(table.account == account)
    if since is not None:
        table = table.filter(table.started_at >= day_start(since, zone))
    if until is not None:
        table = table.filter(table.started_at < day_start(until + dt.timedelta(days=1), zone))
    kpi_names = session_kpi_names()
    listed = with_session_kpis(table).select("session_key", *SESSION_FIELD_NAMES, *kpi_names)
    found = to_arrow(listed.order_by(["started_at", "account", "session_key"]))
    if found.num_rows == 0:
        return []
    for name in _TIME_FIELDS:
        found = found.set_column(
            found.schema.get_field_index(name), name, iso_times(found[name], zone)
        )
    reported = _platform_values(con, table)
    return [_session_dict(row, reported) for row in found.to_pylist()]


def _session_dict(
    row: dict[str, Any], reported: Mapping[str, dict[str, float | None]]
) -> SessionRow:
    # ``row`` already holds the canonical fields, then the KPIs, in order.
    platform = reported.get(row.pop("session_key"), {})
    row["platform_values"] = platform
    row["disagreements"] = disagreements(row, platform) if platform else []
    return cast(SessionRow, row)
