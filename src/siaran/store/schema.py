"""The columns of the workspace's ``sessions`` table, which ingest writes and metrics read.

The tables themselves are created by the migrations (:mod:`siaran.store.migrations`, each
step's SQL frozen as it shipped). ``sessions`` holds one row per live session in the canonical
session fields of docs/architecture.md (base counts only: every derived KPI is recomputed from
them, see :mod:`siaran.metrics.registry`).
``platform_reported`` keeps the values an export itself carried for derived KPIs, so that
disagreements with our recomputation can be flagged. ``account_estimates`` keeps third-party
account summaries apart from first-party figures. ``imports`` records every imported file.
"""

from __future__ import annotations

from typing import Final

# Canonical session fields in the order docs/architecture.md lists them, with their DuckDB types.
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

# Bookkeeping columns, before the canonical ones in the table.
SESSION_TRACKING_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("session_key", "VARCHAR PRIMARY KEY"),
    ("source_sha256", "VARCHAR NOT NULL"),
    ("source_row", "INTEGER NOT NULL"),
    ("layout", "VARCHAR NOT NULL"),
)
