"""Engine access: the one module that knows which engine runs the analytics.

Analytics are written once as Ibis expressions over the backend returned here. Two engines are
declared:

- ``duckdb`` (default): the workspace's own embedded database; stored event files are read in
  place as Parquet.
- ``spark``: Apache Spark through PySpark (``pip install "siaran[spark]"``, Java 17). Local mode
  out of the box; a cluster by setting the master URL in ``$SIARAN_SPARK_MASTER`` (or the
  workspace setting ``spark_master``), default ``local[2]``. The workspace's tables are handed
  to Spark as temporary views and its event files are read by Spark directly. PySpark (and with
  it Java) is imported here and nowhere else, and only when the engine is chosen.

Both engines compute local calendar days, weekdays and hours in their session time zone, which
is set to the workspace's on every use. Spark returns timestamps as naive local wall times;
:func:`to_arrow` turns every timestamp it returns into UTC instants, so callers never see the
difference.

:func:`engine_context` is how analytics get a backend: it keeps one per workspace and engine
(attaching costs more than a small query) and sets its session zone on every call.
:func:`fetch_prepared` runs a query that is asked often with new parameters as a prepared
statement on DuckDB. The engine needs only a workspace's connection, its time zone and its
settings (:class:`WorkspaceData`); the store does not import :mod:`siaran.workspace`, which
sits above it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import weakref
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, get_args
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

EngineName = Literal["duckdb", "spark"]
ENGINES: Final[tuple[EngineName, ...]] = get_args(EngineName)
DEFAULT_ENGINE: Final[EngineName] = "duckdb"

SPARK_MASTER_ENV: Final = "SIARAN_SPARK_MASTER"
SPARK_MASTER_SETTING: Final = "spark_master"
DEFAULT_SPARK_MASTER: Final = "local[2]"
SHARED_TABLES: Final = ("sessions", "platform_reported", "account_estimates")
"""Workspace tables the analytics read; Spark gets them as temporary views."""

_SPARK_CONF: Final[Mapping[str, str]] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.driver.memory": "2g",
}


class WorkspaceData(Protocol):
    """What the engine reads of an open workspace (:class:`siaran.workspace.Workspace` is
    one): its DuckDB connection, its time zone and its settings."""

    con: duckdb.DuckDBPyConnection

    @property
    def timezone(self) -> ZoneInfo: ...

    def setting(self, key: str, default: str | None = None) -> str | None: ...


def check_engine(name: str) -> EngineName:
    """``name`` as an engine name; ``ValueError`` for anything else."""
    for engine in ENGINES:
        if name == engine:
            return engine
    raise ValueError(f"unknown engine {name!r}")


def backend(workspace: WorkspaceData, engine: EngineName = DEFAULT_ENGINE) -> Any:
    """An Ibis backend over the workspace's data on ``engine``."""
    import ibis

    if engine == "spark":
        return _spark_backend(workspace)
    if engine != "duckdb":
        raise ValueError(f"unknown engine {engine!r}")
    attached = ibis.duckdb.from_connection(workspace.con)
    # Attaching resets the shared connection's session zone to UTC; local calendar days,
    # weekdays and hours must stay in the workspace's zone for every other user of it.
    attached.settings["timezone"] = workspace.timezone.key
    return attached


def set_session_zone(con: Any, zone: str) -> None:
    """Make ``zone`` the engine session's time zone (local days, weekdays, hours)."""
    if con.name == "duckdb":
        con.settings["timezone"] = zone
    elif con.name == "pyspark":
        con._session.conf.set("spark.sql.session.timeZone", zone)


def spark_master(workspace: WorkspaceData | None = None) -> str:
    """The Spark master URL: ``$SIARAN_SPARK_MASTER``, else the workspace setting
    ``spark_master``, else ``local[2]`` (local mode on two cores)."""
    chosen = os.environ.get(SPARK_MASTER_ENV)
    if not chosen and workspace is not None:
        chosen = workspace.setting(SPARK_MASTER_SETTING)
    return chosen or DEFAULT_SPARK_MASTER


def spark_session(master: str) -> Any:
    """The process's Spark session on ``master`` (started once; later calls reuse it)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        from siaran.errors import UsageError

        raise UsageError("engine.spark_missing") from exc
    builder = SparkSession.builder.master(master).appName("siaran")
    for key, value in _SPARK_CONF.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _spark_backend(workspace: WorkspaceData) -> Any:
    import ibis

    session = spark_session(spark_master(workspace))
    con = ibis.pyspark.connect(session)
    refresh_spark_tables(con, workspace)
    set_session_zone(con, workspace.timezone.key)
    return con


def refresh_spark_tables(con: Any, workspace: WorkspaceData) -> None:
    """Hand the workspace's current tables to Spark as temporary views (a copy: call again
    after the workspace changed)."""
    session = con._session
    for name in SHARED_TABLES:
        table = workspace.con.execute(f"SELECT * FROM {name}").to_arrow_table()
        frame = session.createDataFrame(_spark_ready(table))
        frame.createOrReplaceTempView(name)


def _spark_ready(table: pa.Table) -> Any:
    """Arrow types Spark reads without loss: timestamps with a zone become UTC instants."""
    import pyarrow as pa

    columns = []
    for column in table.columns:
        if pa.types.is_timestamp(column.type) and column.type.tz is not None:
            column = column.cast(pa.timestamp("us", tz="UTC"))
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def parquet_table(con: Any, name: str, files: list[Path]) -> Any:
    """The Parquet ``files`` as the Ibis table ``name`` on ``con`` (read in place)."""
    if not files:
        raise ValueError("no files")
    if con.name == "pyspark":
        frame = con._session.read.parquet(*(str(path) for path in files))
        frame.createOrReplaceTempView(name)
        return con.table(name)
    # A relation's view takes the paths as values: no path is ever spliced into SQL text.
    con.con.read_parquet([str(path) for path in files], hive_partitioning=False).create_view(
        name, replace=True
    )
    return con.table(name)


def to_arrow(expr: Any, params: Mapping[Any, object] | None = None) -> pa.Table:
    """Run an Ibis table expression to Arrow, every timestamp as a UTC instant."""
    table: pa.Table = expr.to_pyarrow(params=dict(params) if params else None)
    return utc_times(table, _session_zone(expr))


def _session_zone(expr: Any) -> str | None:
    import ibis

    try:
        con = ibis.get_backend(expr)
    except Exception:  # an expression over in-memory tables only
        return None
    if con.name == "pyspark":
        zone: str = con._session.conf.get("spark.sql.session.timeZone")
        return zone
    return None


def utc_times(table: pa.Table, zone: str | None) -> pa.Table:
    """``table`` with naive timestamps (wall times in ``zone``) as UTC instants."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if zone is None:
        return table
    for index, column in enumerate(table.columns):
        if pa.types.is_timestamp(column.type) and column.type.tz is None:
            local = pc.assume_timezone(column, zone, ambiguous="earliest", nonexistent="earliest")
            table = table.set_column(
                index, table.field(index).name, local.cast(pa.timestamp("us", tz="UTC"))
            )
    return table


@dataclass(frozen=True)
class EngineContext:
    """An Ibis backend over a workspace, and the workspace's time zone."""

    con: Any
    zone: ZoneInfo


_BACKENDS: weakref.WeakKeyDictionary[WorkspaceData, dict[str, Any]] = weakref.WeakKeyDictionary()


def engine_context(workspace: WorkspaceData, engine: EngineName = DEFAULT_ENGINE) -> EngineContext:
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
