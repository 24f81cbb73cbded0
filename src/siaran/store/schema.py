"""The workspace database schema.

``sessions`` holds one row per live session in the canonical fields of DESIGN.md (base counts
only: every derived KPI is recomputed from them, see :mod:`siaran.metrics.registry`).
``platform_reported`` keeps the values an export itself carried for derived KPIs, so that
disagreements with our recomputation can be flagged. ``account_estimates`` keeps third-party
account summaries apart from first-party figures. ``imports`` records every imported file.
"""

from __future__ import annotations

from typing import Final

# Canonical session fields in the order DESIGN.md lists them, with their DuckDB types.
SESSION_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("platform", "VARCHAR NOT NULL"),
    ("account", "VARCHAR NOT NULL"),
    ("room_id", "VARCHAR"),
    ("title", "VARCHAR"),
    ("started_at", "TIMESTAMPTZ NOT NULL"),
    ("ended_at", "TIMESTAMPTZ"),
    ("duration_s", "DOUBLE"),
    ("currency", "VARCHAR"),
    ("gmv", "DOUBLE"),
    ("gmv_basis", "VARCHAR"),
    ("orders", "DOUBLE"),
    ("sku_orders", "DOUBLE"),
    ("items_sold", "DOUBLE"),
    ("customers", "DOUBLE"),
    ("views", "DOUBLE"),
    ("viewers", "DOUBLE"),
    ("impressions", "DOUBLE"),
    ("acu", "DOUBLE"),
    ("pcu", "DOUBLE"),
    ("avg_view_duration_s", "DOUBLE"),
    ("product_impressions", "DOUBLE"),
    ("product_clicks", "DOUBLE"),
    ("comments", "DOUBLE"),
    ("likes", "DOUBLE"),
    ("shares", "DOUBLE"),
    ("new_followers", "DOUBLE"),
)
SESSION_FIELD_NAMES: Final[tuple[str, ...]] = tuple(name for name, _ in SESSION_FIELDS)

# Bookkeeping columns after the canonical ones.
SESSION_TRACKING_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("session_key", "VARCHAR PRIMARY KEY"),
    ("source_sha256", "VARCHAR NOT NULL"),
    ("source_row", "INTEGER NOT NULL"),
    ("layout", "VARCHAR NOT NULL"),
)


def _columns(fields: tuple[tuple[str, str], ...]) -> str:
    return ",\n  ".join(f"{name} {kind}" for name, kind in fields)


SCHEMA_V1: Final[str] = f"""
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
  {_columns(SESSION_TRACKING_FIELDS)},
  {_columns(SESSION_FIELDS)}
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
