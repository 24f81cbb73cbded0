"""Schema version 12: ``platform_reported`` without its primary key.

The values an export carried for derived KPIs (``session_key``, ``kpi``, ``value``, ``raw``)
are written by the session merge alone, which deletes every value of a session it replaces
before inserting that session's values, one per KPI. The index behind the key (session key,
KPI) cost more than half of an import's database time and three quarters of the file (100,000
lives of a TikTok export: 125 MB with it, 36 MB without), for a guarantee the merge already
gives; the merge now checks it on each batch before writing.

The table is rebuilt with the same columns, NOT NULL kept, and its rows in key order.

Frozen as shipped: a later change of :mod:`siaran.ingest` must not change what this step
does to an old file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


def unkey_platform_values(con: duckdb.DuckDBPyConnection) -> None:
    """Version 11 to 12: ``platform_reported`` rebuilt without its primary key."""
    con.execute(
        """
        CREATE TABLE platform_reported_v12 (
          session_key VARCHAR NOT NULL,
          kpi VARCHAR NOT NULL,
          value DOUBLE,
          raw VARCHAR
        )
        """
    )
    con.execute(
        "INSERT INTO platform_reported_v12 "
        "SELECT session_key, kpi, value, raw FROM platform_reported ORDER BY session_key, kpi"
    )
    con.execute("DROP TABLE platform_reported")
    con.execute("ALTER TABLE platform_reported_v12 RENAME TO platform_reported")
