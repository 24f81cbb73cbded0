"""Schema version 1: the core tables (settings, imports, sessions, the exports' own figures,
third-party account estimates), written out as shipped.

Frozen: this is what every workspace created at version 1 holds. Today's shape of a table is
what the migrations after this one made of it; the column order of ``sessions`` is also
:data:`siaran.store.schema.SESSION_TRACKING_FIELDS` + :data:`siaran.store.schema.SESSION_FIELDS`
(a test keeps them equal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

CORE_DDL: Final = """
CREATE TABLE schema_info (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

CREATE TABLE settings (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

CREATE TABLE imports (
  sha256 VARCHAR PRIMARY KEY,
  original_name VARCHAR NOT NULL,
  archived_as VARCHAR NOT NULL,
  layout VARCHAR NOT NULL,
  account VARCHAR,
  rows_read INTEGER NOT NULL,
  imported_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
  session_key VARCHAR PRIMARY KEY,
  source_sha256 VARCHAR NOT NULL,
  source_row INTEGER NOT NULL,
  layout VARCHAR NOT NULL,
  platform VARCHAR NOT NULL,
  account VARCHAR NOT NULL,
  room_id VARCHAR,
  title VARCHAR,
  started_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ,
  duration_s DOUBLE,
  currency VARCHAR,
  gmv DOUBLE,
  gmv_basis VARCHAR,
  orders DOUBLE,
  sku_orders DOUBLE,
  items_sold DOUBLE,
  customers DOUBLE,
  views DOUBLE,
  viewers DOUBLE,
  impressions DOUBLE,
  acu DOUBLE,
  pcu DOUBLE,
  avg_view_duration_s DOUBLE,
  product_impressions DOUBLE,
  product_clicks DOUBLE,
  comments DOUBLE,
  likes DOUBLE,
  shares DOUBLE,
  new_followers DOUBLE
);

CREATE TABLE platform_reported (
  session_key VARCHAR NOT NULL,
  kpi VARCHAR NOT NULL,
  value DOUBLE,
  raw VARCHAR,
  PRIMARY KEY (session_key, kpi)
);

CREATE TABLE account_estimates (
  platform VARCHAR NOT NULL,
  account VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  period_days INTEGER NOT NULL,
  sessions DOUBLE,
  gmv DOUBLE,
  avg_gmv_per_session DOUBLE,
  views DOUBLE,
  currency VARCHAR,
  basis VARCHAR NOT NULL,
  source_sha256 VARCHAR NOT NULL,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (platform, account, source, period_start, period_end)
);
"""


def create_core(con: duckdb.DuckDBPyConnection) -> None:
    """Version 0 (an empty file) to 1."""
    con.execute(CORE_DDL)
