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
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

if TYPE_CHECKING:
    import pyarrow as pa

    from siaran.workspace import Workspace

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


def check_engine(name: str) -> EngineName:
    """``name`` as an engine name; ``ValueError`` for anything else."""
    for engine in ENGINES:
        if name == engine:
            return engine
    raise ValueError(f"unknown engine {name!r}")


def backend(workspace: Workspace, engine: EngineName = DEFAULT_ENGINE) -> Any:
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


def spark_master(workspace: Workspace | None = None) -> str:
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


def _spark_backend(workspace: Workspace) -> Any:
    import ibis

    session = spark_session(spark_master(workspace))
    con = ibis.pyspark.connect(session)
    refresh_spark_tables(con, workspace)
    set_session_zone(con, workspace.timezone.key)
    return con


def refresh_spark_tables(con: Any, workspace: Workspace) -> None:
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
    try:
        con = expr._find_backend()
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
