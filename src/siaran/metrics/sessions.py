"""Sessions with every derived KPI, and the export's own figures where they disagree with ours.

Also the helpers the other metrics modules share: the engine backend in the workspace's local
time, local calendar days as UTC instants, ISO 8601 times with offset.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from siaran.metrics.registry import (
    DISAGREEMENT_THRESHOLD,
    KPIS,
    session_kpi_names,
    with_session_kpis,
)
from siaran.store.engine import (
    DEFAULT_ENGINE,
    EngineName,
    backend,
    refresh_spark_tables,
    set_session_zone,
    to_arrow,
)
from siaran.store.schema import SESSION_FIELD_NAMES

if TYPE_CHECKING:
    import pyarrow as pa

    from siaran.workspace import Workspace

_TIME_FIELDS = ("started_at", "ended_at")


@dataclass(frozen=True)
class EngineContext:
    """An Ibis backend over a workspace, and the workspace's time zone."""

    con: Any
    zone: ZoneInfo


_BACKENDS: weakref.WeakKeyDictionary[Workspace, dict[str, Any]] = weakref.WeakKeyDictionary()


def engine_context(workspace: Workspace, engine: EngineName = DEFAULT_ENGINE) -> EngineContext:
    """The workspace's Ibis backend on ``engine``, its session time zone set to the workspace's.

    Local calendar days, weekdays and hours are computed by the engine in its session zone.
    Ibis resets a DuckDB connection it attaches to UTC (and anyone may attach again), so the
    zone is set on every call. The backend object is kept per workspace: attaching costs more
    than a small query. Spark gets a fresh copy of the workspace's tables on every call (they
    may have changed since the last one).
    """
    zone = workspace.timezone
    per_engine = _BACKENDS.setdefault(workspace, {})
    con = per_engine.get(engine)
    if con is None:
        con = per_engine[engine] = backend(workspace, engine)
    elif engine == "spark":
        refresh_spark_tables(con, workspace)
    set_session_zone(con, zone.key)
    return EngineContext(con, zone)


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


def fetch(expr: Any) -> list[dict[str, Any]]:
    """Run an Ibis table expression and convert its Arrow result to Python once."""
    rows: list[dict[str, Any]] = to_arrow(expr).to_pylist()
    return rows


Builder = Callable[[Any, Mapping[str, Any]], Any]
_PREPARED: dict[tuple[str, Hashable], str | None] = {}


def fetch_prepared(
    con: Any, key: Hashable | None, build: Builder, params: Mapping[str, object]
) -> pa.Table:
    """Run the Ibis table expression ``build(con, placeholders)`` to an Arrow table, the
    placeholders (Ibis scalar parameters named like ``params``) bound to ``params``.

    On DuckDB the expression is built and compiled by Ibis once per process and ``key``, then
    run as a prepared statement: building and compiling cost more than the query itself on a
    few hundred thousand sessions. The SQL is Ibis's own; only the parameters' sentinel
    literals become ``$name`` placeholders, checked to appear. Other engines (and any surprise
    in the compiled text) take the plain path: compile with the values, every call.
    ``build`` must not use in-memory tables and must depend on ``key`` and the parameters
    only. ``key=None`` always takes the plain path.
    """
    import ibis

    placeholders = {name: ibis.param(_param_type(value)) for name, value in params.items()}
    cache_key = (con.name, key)
    if key is not None and con.name == "duckdb":
        if cache_key not in _PREPARED:
            _PREPARED[cache_key] = _prepare(con, build(con, placeholders), placeholders, params)
        sql = _PREPARED[cache_key]
        if sql is not None:
            return con.con.execute(sql, dict(params)).to_arrow_table()
    expr = build(con, placeholders)
    return to_arrow(expr, {placeholders[n]: v for n, v in params.items()})


def _param_type(value: object) -> str:
    if isinstance(value, dt.datetime):
        return "timestamp('UTC')"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"unsupported parameter type {type(value).__name__}")
    return "int64"


def _sentinel(index: int, value: object) -> object:
    if isinstance(value, dt.datetime):
        return dt.datetime(1901, 2, 3, 4, 5 + index, 7, tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.date(1901, 2, 3 + index)
    return 7_919_000_001 + index


def _prepare(
    con: Any, expr: Any, placeholders: Mapping[str, Any], params: Mapping[str, object]
) -> str | None:
    import ibis

    sentinels = {name: _sentinel(i, value) for i, (name, value) in enumerate(params.items())}
    sql: str = con.compile(expr, params={placeholders[n]: v for n, v in sentinels.items()})
    for name, value in sentinels.items():
        rendered: str = con.compile(ibis.literal(value).name("x"))
        literal = rendered.removeprefix("SELECT ").removesuffix(' AS "x"')
        pattern = re.escape(literal)
        if isinstance(value, int):
            pattern = rf"(?<![\w.]){pattern}(?![\w.])"
        sql, count = re.subn(pattern, f"${name}", sql)
        if count == 0:
            return None
    return sql


def disagreements(
    ours: Mapping[str, float | None], platform: Mapping[str, float | None]
) -> list[dict[str, Any]]:
    """Where an export's own figure differs from our recomputation by more than 1% of it.

    Only figures known on both sides are compared. When the export says 0 and we do not, the
    relative difference is unbounded: flagged, with ``relative_difference`` null.
    """
    found: list[dict[str, Any]] = []
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
    for row in fetch(chosen.select("session_key", "kpi", "value")):
        out.setdefault(row["session_key"], {})[row["kpi"]] = row["value"]
    order = {item.name: i for i, item in enumerate(KPIS)}
    return {
        key: dict(sorted(values.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
        for key, values in out.items()
    }


def list_sessions(
    workspace: Workspace,
    *,
    account: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> list[dict[str, Any]]:
    """One dict per session: the canonical fields of DESIGN.md in order, the derived KPIs,
    ``platform_values`` ({kpi: value} as exported) and ``disagreements``.

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
) -> dict[str, Any]:
    # ``row`` already holds the canonical fields, then the KPIs, in order.
    platform = reported.get(row.pop("session_key"), {})
    row["platform_values"] = platform
    row["disagreements"] = disagreements(row, platform) if platform else []
    return row
